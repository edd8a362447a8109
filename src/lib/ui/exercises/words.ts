/**
 * Goal and progress texts from engine data, worded as people say them: spans of time in ms, s or
 * min ("within 10 s", never "within 10000 ms"), and no threshold of 0 ("at least 0 ms"). Plain
 * TypeScript over a translator (text.ts passes the page's): unit-tested in
 * tests/unit/exercise-text.test.ts with the English and Korean messages.
 */
import type { ExercisesKey } from '../messages/exercises';
import type { Goal, GoalProgress } from '../../scenario/goals';

export type Translate = (key: ExercisesKey, params?: Record<string, string | number>) => string;

/** 250 ms, 0.5 ms, 1.5 s, 10 s, 126 s, 2 min (whole minutes only). */
export function durationWords(ms: number, tr: Translate): string {
	if (!Number.isFinite(ms)) return String(ms);
	const trim = (x: number, digits: number): number => Number(x.toFixed(digits));
	if (Math.abs(ms) < 1000) return tr('unit.ms', { n: trim(ms, Math.abs(ms) < 10 ? 1 : 0) });
	if (ms % 60_000 === 0) return tr('unit.min', { n: ms / 60_000 });
	const s = ms / 1000;
	return tr('unit.s', { n: trim(s, Math.abs(s) < 100 ? 1 : 0) });
}

/** the params that are spans of time, per goal kind and progress key */
const GOAL_DURATIONS: Partial<Record<Goal['kind'], readonly string[]>> = { leaderElectedAfterLeaderKilled: ['withinMs'], leadershipLostToSlowDisk: ['minFsyncMs'] };
const PROGRESS_DURATIONS: Partial<Record<GoalProgress['key'], readonly string[]>> = {
	newLeaderAfter: ['ms'],
	newLeaderTooSlow: ['ms', 'within'],
	slowDiskLost: ['ms'],
	isolationTooShort: ['ms', 'need'],
	rejoinWatching: ['ms']
};

function withDurations(params: Record<string, number | string>, names: readonly string[] | undefined, tr: Translate): Record<string, number | string> {
	if (!names) return params;
	const out = { ...params };
	for (const n of names) {
		const v = out[n];
		if (typeof v === 'number') out[n] = durationWords(v, tr);
	}
	return out;
}

export function goalWords(goal: Goal, tr: Translate): string {
	// "fsync at least 0 ms" says nothing: a goal without a threshold is worded without one
	if (goal.kind === 'leadershipLostToSlowDisk' && !(Number(goal.params.minFsyncMs) > 0)) return tr('goal.leadershipLostToSlowDiskAny');
	return tr(`goal.${goal.kind}` as ExercisesKey, withDurations(goal.params, GOAL_DURATIONS[goal.kind], tr));
}

export function progressWords(p: GoalProgress, tr: Translate): string {
	return tr(`progress.${p.key}` as ExercisesKey, withDurations(p.params, PROGRESS_DURATIONS[p.key], tr));
}

/**
 * A text cut where an etcdctl flag stands ("--consistency=s", "--prefix"), so the page can keep each
 * flag on one line: a browser may break a line after a hyphen, and a phone showed "get foo --" at a
 * line's end and "consistency=s" on the next. The parts joined give the text back.
 */
export function flagParts(text: string): { text: string; flag: boolean }[] {
	const parts: { text: string; flag: boolean }[] = [];
	let at = 0;
	for (const m of text.matchAll(/--[A-Za-z][\w=.:-]*/g)) {
		const i = m.index ?? 0;
		if (i > at) parts.push({ text: text.slice(at, i), flag: false });
		parts.push({ text: m[0], flag: true });
		at = i + m[0].length;
	}
	if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), flag: false });
	return parts;
}
