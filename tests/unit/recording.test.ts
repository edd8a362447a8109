/**
 * The recording (src/lib/scenario/recording.ts): the one owner of the replay rule. A replay through
 * it equals a straight run, whether it runs in one go, in uneven frames or in bounded slices; going
 * back and forward again lands on the same state; acting in the past forks the timeline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Recording, record, type ActionInput } from '../../src/lib/scenario/recording';
import { runScenario } from '../../src/lib/scenario/run';
import type { Scenario, Step } from '../../src/lib/scenario/types';
import { validateScenario } from '../../src/lib/scenario/validate';

const scenario = (extra: object = {}): Scenario =>
	validateScenario({
		version: 1,
		seed: 11,
		cluster: { size: 3 },
		steps: [{ atMs: 400, do: 'load', node: 2, writesPerSec: 200, durationMs: 3000, keys: 3 }],
		untilMs: 8000,
		...extra
	});

const ACTIONS: Step[] = [
	{ atMs: 1000, do: 'kill', node: 1 },
	// the same microsecond as one of the load generator's puts (every 5 ms from 400)
	{ atMs: 1500, do: 'put', node: 2, key: 'k', value: 'a' },
	{ atMs: 1500, do: 'partition', groups: [[1, 2], [3]] },
	{ atMs: 2750.25, do: 'heal' },
	{ atMs: 3000, do: 'restart', node: 1 },
	{ atMs: 4000, do: 'get', node: 3, key: 'k', serializable: false }
];

const input = (a: Step): ActionInput => {
	const { atMs: _at, ...rest } = a;
	return rest as ActionInput;
};

/** A live session: the clock runs in frames of frameMs, each action taken when the clock shows its time. */
function live(s: Scenario, actions: readonly Step[], untilMs: number, frameMs = 16.7): Recording {
	const rec = new Recording(s);
	for (const a of actions) {
		while (rec.nowMs + frameMs < a.atMs) rec.runTo(rec.nowMs + frameMs);
		rec.runTo(a.atMs);
		rec.act(input(a));
	}
	rec.runTo(untilMs);
	return rec;
}

const hash = (r: Recording): string => r.cluster.trace.hex();

describe('a replay equals a straight run', () => {
	it('recorded actions replayed equal the same actions taken live, frame by frame', () => {
		const s = scenario();
		const straight = live(s, ACTIONS, 8000);
		expect(straight.actions).toEqual(ACTIONS);
		expect(hash(record(s, ACTIONS, 8000))).toBe(hash(straight));
		expect(runScenario({ ...s, actions: ACTIONS }).report.traceHash).toBe(hash(straight));
	});

	it('without load, actions replayed equal the same actions scheduled as scripted steps', () => {
		const s = scenario({ steps: [] });
		const noLoad = ACTIONS.filter((a) => a.do !== 'load');
		const asSteps = runScenario(validateScenario({ version: 1, seed: 11, cluster: { size: 3 }, steps: noLoad, untilMs: 8000 })).report;
		expect(hash(record(s, noLoad, 8000))).toBe(asSteps.traceHash);
	});

	it('runs in bounded slices to the same state: runTo says when it arrived', () => {
		const s = scenario();
		const sliced = new Recording(s, ACTIONS);
		let calls = 0;
		while (!sliced.runTo(8000, 97)) calls++;
		expect(calls).toBeGreaterThan(10);
		expect(sliced.nowMs).toBe(8000);
		expect(sliced.applied).toBe(ACTIONS.length);
		expect(hash(sliced)).toBe(hash(record(s, ACTIONS, 8000)));
	});

	it('a slice stops after at most maxEvents engine events', () => {
		const rec = new Recording(scenario(), ACTIONS);
		const before = rec.cluster.events;
		expect(rec.runTo(5000, 50)).toBe(false);
		expect(rec.cluster.events - before).toBeLessThanOrEqual(50);
		expect(rec.nowMs).toBeLessThan(5000);
	});

	it('stepEvent walks the same run, one event or action at a time', () => {
		const s = scenario();
		const rec = new Recording(s, ACTIONS);
		while (rec.nowMs < 2000) rec.stepEvent();
		rec.runTo(8000);
		expect(hash(rec)).toBe(hash(record(s, ACTIONS, 8000)));
	});

	it('keeps the steps and actions that ran, in the order they ran (a scripted step before an action at its time)', () => {
		const s = scenario({ steps: [{ atMs: 1500, do: 'cut', from: 3, to: 1 }] });
		const rec = record(s, ACTIONS, 2000);
		expect(rec.executed.map((x) => x.do)).toEqual(['kill', 'cut', 'put', 'partition']);
		rec.runTo(8000);
		expect(rec.executed.map((x) => x.do)).toEqual(['kill', 'cut', 'put', 'partition', 'heal', 'restart', 'get']);
	});
});

describe('the timeline', () => {
	it('seeking back then forward equals a straight run, at every stop', () => {
		const s = scenario();
		const rec = record(s, ACTIONS, 8000);
		for (const t of [7000, 2750.25, 0, 1500, 5123.4]) {
			expect(rec.seek(t)).toBe(t < 8000);
			expect(rec.nowMs).toBe(t);
			expect(hash(rec)).toBe(hash(record(s, ACTIONS, t)));
			rec.seek(8000);
			expect(hash(rec)).toBe(hash(record(s, ACTIONS, 8000)));
		}
		expect(rec.actions).toEqual(ACTIONS);
		expect(rec.horizonMs).toBe(8000);
	});

	it('a far seek forward restores a checkpoint on the way instead of replaying from the clock, and lands where a straight run does', () => {
		const s = scenario();
		const rec = new Recording(s, ACTIONS, { checkpointEveryEvents: 500 });
		rec.runTo(8000);
		rec.seek(200);
		const before = rec.cluster;
		const eventsBefore = before.events;
		expect(rec.seek(7000), 'a checkpoint past the clock was restored').toBe(true);
		expect(rec.cluster).not.toBe(before);
		expect(hash(rec)).toBe(hash(record(s, ACTIONS, 7000)));
		// a step forward shorter than the spacing runs on from the clock
		const here = rec.cluster;
		expect(rec.seek(7001)).toBe(false);
		expect(rec.cluster).toBe(here);
		rec.seek(8000);
		expect(hash(rec)).toBe(hash(record(s, ACTIONS, 8000)));
		expect(eventsBefore).toBeLessThan(rec.cluster.events);
	});

	it('after going back, the recorded future plays again at its times', () => {
		const s = scenario();
		const rec = record(s, ACTIONS, 8000);
		rec.seek(1200);
		expect(rec.futureActions).toBe(ACTIONS.length - 1);
		rec.runTo(3500);
		expect(rec.futureActions).toBe(1);
		expect(hash(rec)).toBe(hash(record(s, ACTIONS, 3500)));
	});

	it('acting in the past forks: the future is discarded, and the fork equals a straight run of the new timeline', () => {
		const s = scenario();
		const rec = record(s, ACTIONS, 8000);
		rec.seek(2000);
		const { action, forked } = rec.act({ do: 'kill', node: 3 });
		expect(forked).toBe(true);
		expect(action).toEqual({ atMs: 2000, do: 'kill', node: 3 });
		const kept = [...ACTIONS.slice(0, 3), action];
		expect(rec.actions).toEqual(kept);
		expect(rec.futureActions).toBe(0);
		expect(rec.horizonMs).toBe(2000);
		rec.runTo(8000);
		expect(hash(rec)).toBe(hash(record(s, kept, 8000)));
		expect(hash(rec)).not.toBe(hash(record(s, ACTIONS, 8000)));
	});

	it('acting at the end of the timeline does not fork', () => {
		const rec = record(scenario(), ACTIONS, 8000);
		expect(rec.act({ do: 'heal' }).forked).toBe(false);
		expect(rec.actions).toHaveLength(ACTIONS.length + 1);
	});

	it('property: any walk of seeks, slices and actions lands where a straight run of its actions does', () => {
		const s = scenario({ untilMs: 20_000 });
		const move = fc.oneof(
			fc.record({ kind: fc.constant('seek' as const), atMs: fc.integer({ min: 0, max: 6000 }) }),
			fc.record({ kind: fc.constant('slice' as const), atMs: fc.integer({ min: 0, max: 6000 }), max: fc.integer({ min: 1, max: 400 }) }),
			fc.record({ kind: fc.constant('act' as const), step: fc.constantFrom<ActionInput>({ do: 'kill', node: 1 }, { do: 'restart', node: 1 }, { do: 'put', node: 2, key: 'x', value: 'y' }, { do: 'heal' }, { do: 'cut', from: 1, to: 3 }) })
		);
		fc.assert(
			fc.property(fc.array(move, { maxLength: 12 }), (moves) => {
				const rec = new Recording(s);
				for (const m of moves) {
					if (m.kind === 'seek') rec.seek(m.atMs);
					else if (m.kind === 'slice') {
						rec.rewindTo(m.atMs);
						rec.runTo(m.atMs, m.max);
					} else rec.act(m.step);
				}
				rec.runTo(rec.nowMs); // finish the instant a slice may have stopped inside
				const at = rec.nowMs;
				expect(hash(rec)).toBe(hash(record(s, rec.actions.filter((a) => a.atMs <= at), at)));
			}),
			{ numRuns: 25, seed: 20261202 }
		);
	}, 60_000);
});

describe('undo brings back the future a fork dropped', () => {
	it('once: the recorded actions, the horizon and the original run come back, digest for digest', () => {
		const s = scenario();
		const rec = new Recording(s, ACTIONS, { checkpointEveryEvents: 400 });
		rec.runTo(8000);
		const original = hash(rec);
		expect(rec.checkpoints.length).toBeGreaterThan(3);
		rec.seek(2000);
		const { forked } = rec.act({ do: 'kill', node: 3 });
		expect(forked).toBe(true);
		expect(rec.actions.length).toBe(ACTIONS.filter((a) => a.atMs <= 2000).length + 1);
		expect(rec.horizonMs).toBe(2000);
		expect(rec.canUndo).toBe(true);
		// no checkpoint of the new branch lies past the fork
		expect(rec.checkpoints.every((cp) => cp.nowMs <= 2000)).toBe(true);
		rec.runTo(5000); // play on along the new branch
		expect(hash(rec)).not.toBe(record(s, ACTIONS, 5000).cluster.trace.hex());
		const at = rec.undo();
		expect(at).toBe(2000);
		rec.runTo(2000);
		expect(rec.actions).toEqual(ACTIONS);
		expect(rec.horizonMs).toBe(8000);
		expect(rec.futureActions).toBe(ACTIONS.filter((a) => a.atMs > 2000).length);
		expect(hash(rec)).toBe(record(s, ACTIONS, 2000).cluster.trace.hex());
		expect(rec.canUndo).toBe(false);
		expect(rec.undo()).toBeNull();
		// the old timeline's checkpoints came back with it: seeks on it still land on the straight run
		rec.seek(7000);
		expect(hash(rec)).toBe(record(s, ACTIONS, 7000).cluster.trace.hex());
		rec.seek(3000);
		expect(hash(rec)).toBe(record(s, ACTIONS, 3000).cluster.trace.hex());
		rec.runTo(8000);
		expect(hash(rec)).toBe(original);
		expect(JSON.stringify(rec.executed)).toBe(JSON.stringify(record(s, ACTIONS, 8000).executed));
	});

	it('acting at the end of the timeline is no fork: nothing to undo', () => {
		const rec = new Recording(scenario(), ACTIONS);
		rec.runTo(8000);
		rec.act({ do: 'heal' });
		expect(rec.canUndo).toBe(false);
		expect(rec.undo()).toBeNull();
	});
});
