/**
 * A seek's restore in steps (Cluster.restoring, Recording.jumping, SlicedReplay): the page
 * restores a checkpoint between frames, a few milliseconds a task, and a restore dropped half-way
 * leaves the run as it was.
 */
import { describe, expect, it } from 'vitest';
import { record, Recording } from '../../src/lib/scenario/recording';
import type { Scenario } from '../../src/lib/scenario/types';
import { validateScenario } from '../../src/lib/scenario/validate';
import { SlicedReplay, SLICE_MS, type ReplayEnd, type ReplayTarget } from '../../src/lib/ui/replay.svelte';

const scenario: Scenario = validateScenario({
	version: 1,
	seed: 11,
	cluster: { size: 5 },
	untilMs: 60_000,
	steps: [
		{ atMs: 300, do: 'load', node: 1, writesPerSec: 200, durationMs: 30_000, keys: 8 },
		{ atMs: 9_000, do: 'kill', node: 2 },
		{ atMs: 14_000, do: 'restart', node: 2 }
	]
});

/** The scenario run to untilMs, with checkpoints (as the page keeps them). */
function recorded(untilMs: number): Recording {
	const r = new Recording(scenario, []);
	r.runTo(untilMs);
	return r;
}

describe('a restore in steps', () => {
	it('pauses between the histories (several steps), changes the recording only at its last step, and lands where jumpTo lands', () => {
		const r = recorded(30_000);
		const before = r.cluster;
		const hashBefore = before.trace.hex();
		const steps = r.jumping(12_000);
		let n = 0;
		for (let s = steps.next(); !s.done; s = steps.next()) {
			n++;
			// mid-way, the recording still stands where it was
			expect(r.cluster).toBe(before);
			expect(r.nowMs).toBe(30_000);
		}
		// a pause after the client ops, and before each member's store and its WAL (12 steps)
		expect(n).toBe(1 + 2 * 5);
		expect(r.cluster).not.toBe(before);
		expect(before.trace.hex()).toBe(hashBefore);
		r.runTo(20_000);
		expect(r.cluster.trace.hex()).toBe(record(scenario, [], 20_000).cluster.trace.hex());
	});

	it('dropped half-way, leaves the run as it was: it runs on to a straight run’s digest', () => {
		const r = recorded(30_000);
		const steps = r.jumping(10_000);
		for (let i = 0; i < 5; i++) expect(steps.next().done).toBe(false);
		// dropped: the run goes on from 30 s, then seeks back for real
		r.runTo(40_000);
		expect(r.cluster.trace.hex()).toBe(record(scenario, [], 40_000).cluster.trace.hex());
		r.seek(10_000);
		expect(r.cluster.trace.hex()).toBe(record(scenario, [], 10_000).cluster.trace.hex());
	});

	it('a forward seek from the clock takes no steps and no restore', () => {
		const r = recorded(30_000);
		const steps = r.jumping(30_050);
		const s = steps.next();
		expect(s).toEqual({ done: true, value: false });
	});
});

describe('a sliced replay positions the trip over several tasks when the restore is long', () => {
	it('a few steps a task (SLICE_MS of them), the rest in the tasks after, and the trip arrives', async () => {
		const STEP_WALL_MS = 5;
		const STEPS = 12;
		/** the task each step ran in */
		const taskOf: number[] = [];
		let replay: SlicedReplay | null = null;
		const t = {
			nowMs: 0,
			*seekSteps(): Generator<void, boolean, void> {
				for (let i = 0; i < STEPS; i++) {
					const until = performance.now() + STEP_WALL_MS;
					while (performance.now() < until);
					taskOf.push(replay!.tasks);
					// under way: a seek meanwhile waits for it (Session.seek)
					expect(replay!.restoring).toBe(true);
					yield;
				}
				return true;
			},
			runSlice(atMs: number): boolean {
				t.nowMs = atMs;
				return true;
			}
		} satisfies ReplayTarget & { nowMs: number };
		const end = await new Promise<ReplayEnd>((resolve) => {
			replay = new SlicedReplay(t, 1000, (e) => resolve(e));
			replay.start();
		});
		expect(end).toBe('arrived');
		expect(replay!.rebuilt).toBe(true);
		expect(replay!.restoring).toBe(false);
		expect(t.nowMs).toBe(1000);
		expect(taskOf).toHaveLength(STEPS);
		// steps in order of tasks, none holding more than a slice's time (and the step that passes it)
		const perTask = new Map<number, number>();
		for (const k of taskOf) perTask.set(k, (perTask.get(k) ?? 0) + 1);
		expect(taskOf).toEqual([...taskOf].sort((a, b) => a - b));
		expect(Math.max(...perTask.values())).toBeLessThanOrEqual(Math.ceil(SLICE_MS / STEP_WALL_MS) + 1);
		expect(perTask.size).toBeGreaterThanOrEqual(STEPS / (Math.ceil(SLICE_MS / STEP_WALL_MS) + 1));
		// the restore ended its task: the replay ran in one after the last step's
		expect(replay!.tasks).toBeGreaterThan(taskOf[STEPS - 1]);
	});
});
