/**
 * Goal and progress texts read as people say them, in English and Korean: spans of time in ms, s
 * or min ("within 10 s", never "within 10000 ms"), and no threshold of 0 ("at least 0 ms").
 */
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../src/lib/scenario/exercises';
import { validateGoal } from '../../src/lib/scenario/goal-specs';
import type { GoalProgress } from '../../src/lib/scenario/goals';
import type { Goal } from '../../src/lib/scenario/goal-specs';
import { format } from '../../src/lib/ui/format';
import { exercises, type ExercisesKey } from '../../src/lib/ui/messages/exercises';
import { durationWords, flagParts, goalWords, progressWords, type Translate } from '../../src/lib/ui/exercises/words';

const i18n = {
	tr: null as unknown as Translate,
	set(lang: 'en' | 'ko'): void {
		this.tr = (key: ExercisesKey, params?: Record<string, string | number>) => format(exercises[lang][key], params);
	}
};
i18n.set('en');
const durationText = (ms: number) => durationWords(ms, i18n.tr);
const goalText = (g: Goal) => goalWords(g, i18n.tr);
const progressText = (p: GoalProgress) => progressWords(p, i18n.tr);

describe('durationText', () => {
	it('words a span in ms below a second, in s up to minutes, in min when whole', () => {
		i18n.set('en');
		expect([0.5, 12, 250, 999, 1000, 1500, 1234, 10_000, 90_000, 120_000, 125_500].map(durationText)).toEqual([
			'0.5 ms',
			'12 ms',
			'250 ms',
			'999 ms',
			'1 s',
			'1.5 s',
			'1.2 s',
			'10 s',
			'90 s',
			'2 min',
			'126 s'
		]);
		i18n.set('ko');
		expect([250, 10_000, 1500, 120_000].map(durationText)).toEqual(['250 ms', '10초', '1.5초', '2분']);
	});
});

describe('goal texts', () => {
	it('"within 10 s", not "within 10000 ms", in both languages', () => {
		const g = validateGoal({ kind: 'leaderElectedAfterLeaderKilled', params: { withinMs: 10_000 } });
		i18n.set('en');
		expect(goalText(g)).toBe('Kill the leader; a new leader is elected within 10 s');
		i18n.set('ko');
		expect(goalText(g)).toBe('리더를 종료하면 10초 안에 새 리더가 선출됨');
	});
	it('a slow-disk goal with no threshold says none; with one it says it in ms or s', () => {
		i18n.set('en');
		expect(goalText(validateGoal({ kind: 'leadershipLostToSlowDisk' }))).not.toMatch(/at least|0 ms/);
		expect(goalText(validateGoal({ kind: 'leadershipLostToSlowDisk', params: { minFsyncMs: 1500 } }))).toContain('fsync at least 1.5 s');
	});
	it('progress: spans of time worded, counts left alone', () => {
		i18n.set('en');
		expect(progressText({ key: 'newLeaderTooSlow', params: { node: 2, ms: 12_400, killed: 1, within: 10_000 } })).toBe('n2 became leader 12.4 s after n1 was killed: more than 10 s.');
		expect(progressText({ key: 'refusedButTooFewDown', params: { down: 1, need: 2 } })).toContain('this goal needs 2.');
		i18n.set('ko');
		expect(progressText({ key: 'isolationTooShort', params: { node: 3, ms: 800, need: 2200 } })).toBe('n3가 800 ms 동안만 고립되었습니다: 2.2초 이상 떼어 놓으세요.');
	});
	it('Korean words take their particle as said, not both forms ("n3이(가)", "“x”은(는)")', () => {
		const both = Object.entries(exercises.ko).filter(([, text]) => /[이은을과와]\((가|는|를|와|과)\)/.test(text));
		expect(both.map(([k]) => k)).toEqual([]);
	});
	it('no built-in goal reads "0 ms" or a span of 4 or more digits in ms, in either language', () => {
		for (const lang of ['en', 'ko'] as const) {
			i18n.set(lang);
			for (const ex of EXERCISES)
				for (const g of ex.goals) {
					const text = goalText(g);
					expect(text, `${ex.id} ${lang}`).not.toMatch(/\b0 ms|\d{4,} ?ms|\{/);
				}
		}
	});
});

describe('predict steps', () => {
	it('every built-in exercise asks a prediction with 3 or 4 choices, worded in English and Korean', () => {
		for (const ex of EXERCISES) {
			expect(ex.predict, ex.id).not.toBeNull();
			const p = ex.predict!;
			expect(p.choices, ex.id).toBeGreaterThanOrEqual(3);
			expect(p.choices, ex.id).toBeLessThanOrEqual(4);
			expect(p.answer, ex.id).toBeGreaterThanOrEqual(1);
			expect(p.answer, ex.id).toBeLessThanOrEqual(p.choices);
			for (const lang of ['en', 'ko'] as const) {
				const m = exercises[lang] as Record<string, string>;
				const keys = [`${ex.id}.predict`, `${ex.id}.predictWhy`, ...Array.from({ length: p.choices }, (_, i) => `${ex.id}.predict${i + 1}`)];
				for (const k of keys) expect(m[k]?.trim().length ?? 0, `${lang} ${k}`).toBeGreaterThan(0);
				const choices = keys.slice(2).map((k) => m[k]);
				expect(new Set(choices).size, `${lang} ${ex.id}: distinct choices`).toBe(p.choices);
				// no choice beyond the count
				expect(m[`${ex.id}.predict${p.choices + 1}`], `${lang} ${ex.id}`).toBeUndefined();
			}
		}
	});
});

describe('flagParts', () => {
	it('cuts the etcdctl flags out of a text, and the parts give the text back', () => {
		const text = 'read foo with a serializable read (get foo --consistency=s), then get --prefix foo.';
		const parts = flagParts(text);
		expect(parts.filter((p) => p.flag).map((p) => p.text)).toEqual(['--consistency=s', '--prefix']);
		expect(parts.map((p) => p.text).join('')).toBe(text);
		expect(flagParts('kill -9 n1, a write to a 3-member cluster')).toEqual([{ text: 'kill -9 n1, a write to a 3-member cluster', flag: false }]);
		expect(flagParts('')).toEqual([{ text: '', flag: false }]);
	});

	it('every exercise text with a flag has it whole in one part, in both languages', () => {
		let flags = 0;
		for (const lang of ['en', 'ko'] as const) {
			for (const [key, text] of Object.entries(exercises[lang])) {
				if (typeof text !== 'string' || !text.includes('--')) continue;
				for (const p of flagParts(text)) if (p.flag) flags++;
				expect(flagParts(text).map((p) => p.text).join(''), key).toBe(text);
			}
		}
		expect(flags).toBeGreaterThan(0);
	});
});
