import { describe, expect, it } from 'vitest';
import { SlicedReplay, TELL_EVERY_MS, type ReplayEnd, type ReplayTarget } from '../../src/lib/ui/replay.svelte';

/** A target whose engine event takes `stepMs` of simulated time; it can be told to run slowly (wall). */
function target(stepMs: number, wallPerEventMs: number): ReplayTarget & { nowMs: number } {
	const t = {
		nowMs: 0,
		*seekSteps(): Generator<void, boolean, void> {
			return false;
		},
		runSlice(atMs: number, maxEvents: number): boolean {
			for (let i = 0; i < maxEvents && t.nowMs < atMs; i++) {
				t.nowMs = Math.min(atMs, t.nowMs + stepMs);
				const until = performance.now() + wallPerEventMs;
				while (performance.now() < until);
			}
			return t.nowMs >= atMs;
		}
	};
	return t;
}

async function toldAt(stepMs: number, wallPerEventMs: number, targetMs: number): Promise<number[]> {
	const tgt = target(stepMs, wallPerEventMs);
	const told: number[] = [];
	await new Promise<ReplayEnd>((resolve) => {
		new SlicedReplay(tgt, targetMs, (end) => resolve(end), () => told.push(tgt.nowMs)).start();
	});
	expect(tgt.nowMs).toBe(targetMs);
	return told;
}

describe('a sliced replay tells the story views at the same simulated moments on every machine', () => {
	it('every TELL_EVERY_MS of simulated time, whether a slice covers many of them or a few events', async () => {
		const expected = Array.from({ length: 19 }, (_, i) => (i + 1) * TELL_EVERY_MS);
		// a fast machine: one slice runs through every moment
		expect(await toldAt(7, 0, 2000)).toEqual(expected);
		// a slow one: each event costs wall time, so slices end far more often
		expect(await toldAt(7, 0.2, 2000)).toEqual(expected);
	});
});
