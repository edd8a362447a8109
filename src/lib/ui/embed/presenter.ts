/**
 * The presenter's keys in the embed (slide mode): once the frame has focus, Space plays or pauses,
 * → goes to the next thing that happens in the story and ← to the previous one. "Things that
 * happen" are the time bar's markers (timeline.ts): each kill, restart, partition, cut, heal, disk
 * change and transfer the scenario or the viewer made, each leader elected, each two-leader window,
 * and writes refused or timed out (one stop per second that had any). The scenario's scripted steps
 * ahead of the furthest moment reached are stops too, so a presenter can walk a story forward.
 * The stops follow the timeline the time bar paints (StoryStops, over timeline.ts MarkMemory): an
 * action in the past drops the future's stops with it, Undo brings them back at once.
 * Plain TypeScript: unit-tested in tests/unit/presenter.test.ts.
 */
import type { ClientOp, LeadershipSpan } from '../../cluster/types';
import type { Step } from '../../scenario/types';
import { shortcutOf, type ElementLike, type KeyLike } from '../playground/shortcuts';
import { MarkMemory, actionMarks, historyMarks, mergeMarks, neighbour, type Mark } from '../playground/timeline';

export type PresenterKey = 'playPause' | 'next' | 'prev' | 'slower' | 'faster';

/** writes refused or timed out make one stop per this much simulated time */
export const REFUSED_STOP_MS = 1000;

/** The presenter's command for a key (the playground's rules: never a key a field, a button or the picture owns). */
export function presenterKey(e: KeyLike, target: ElementLike | null): PresenterKey | null {
	const cmd = shortcutOf(e, target);
	if (cmd === 'playPause' || cmd === 'slower' || cmd === 'faster') return cmd;
	if (cmd === 'forward') return 'next';
	if (cmd === 'back') return 'prev';
	return null;
}

export interface StoryInput {
	/** the scenario's steps, its actions and the viewer's, in any order */
	steps: readonly Step[];
	leadership: readonly LeadershipSpan[];
	ops: readonly ClientOp[];
	/** the writes refused or timed out so far (failedWrites of the cluster's counts), when known: see historyMarks */
	failedWrites?: number;
	nowMs: number;
	/** the furthest moment this run reached */
	horizonMs: number;
}

/**
 * The story's stops: those seen before (kept while inside the run reached) merged with those found
 * now, plus the scripted steps still ahead. Returns what to keep (`seen`) and every stop (`all`).
 */
export function storyStops(before: readonly Mark[], s: StoryInput): { seen: Mark[]; all: Mark[] } {
	const horizon = Math.max(s.horizonMs, s.nowMs);
	const scripted = actionMarks(s.steps);
	const seen = mergeMarks(before, [...scripted, ...historyMarks(s.leadership, s.ops, s.nowMs, REFUSED_STOP_MS, s.failedWrites)], horizon);
	return { seen, all: withAhead(seen, scripted, horizon) };
}

/** The stops seen plus the scripted steps beyond the furthest moment reached. */
function withAhead(seen: readonly Mark[], scripted: readonly Mark[], horizonMs: number): Mark[] {
	const ahead = scripted.filter((m) => m.atMs > horizonMs);
	return ahead.length === 0 ? [...seen] : mergeMarks(seen, ahead, Infinity);
}

/**
 * A session's story stops, following its timeline: the stops seen are remembered (a seek back
 * keeps them), a fork drops those after its moment at once (the dropped future's leaders, windows
 * and refused writes; its actions go with the recorded actions), Undo brings them back at once, as
 * they were before the fork, and a new run forgets them. The slide calls fork, undo and restart
 * from the session's listeners (onTruncate, onUndo).
 */
export class StoryStops {
	readonly #memory = new MarkMemory();

	/** An action at atMs forked the run (the cluster stands there). */
	fork(atMs: number): void {
		this.#memory.fork(atMs);
	}

	/** Undo brought back the future the fork at forkMs dropped. */
	undo(forkMs: number): void {
		this.#memory.undo(forkMs);
	}

	/** A new run from 0. */
	restart(): void {
		this.#memory.restart();
	}

	/** Every stop on the current timeline, in time order (the scripted steps still ahead included). */
	all(s: StoryInput): Mark[] {
		const horizon = Math.max(s.horizonMs, s.nowMs);
		const scripted = actionMarks(s.steps);
		const seen = this.#memory.update([...scripted, ...historyMarks(s.leadership, s.ops, s.nowMs, REFUSED_STOP_MS, s.failedWrites)], horizon);
		return withAhead(seen, scripted, horizon);
	}
}

/** The stop to go to from `fromMs` (dir +1: the next, -1: the previous), or null when there is none. */
export function nextStop(all: readonly Mark[], fromMs: number, dir: -1 | 1): Mark | null {
	return neighbour(all, fromMs, dir);
}
