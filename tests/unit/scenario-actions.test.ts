import { describe, expect, it } from 'vitest';
import { Recording, type ActionInput } from '../../src/lib/scenario/recording';
import { runScenario } from '../../src/lib/scenario/run';
import type { Step } from '../../src/lib/scenario/types';
import { ScenarioError, validateScenario } from '../../src/lib/scenario/validate';

const base = {
	version: 1,
	seed: 4,
	cluster: { size: 3 },
	untilMs: 6000,
	steps: [{ atMs: 500, do: 'load', node: 1, writesPerSec: 200, durationMs: 5000, keys: 3 }]
};

describe('scenario "actions": what a user did, replayed the way it was taken', () => {
	it('is optional and absent from the result when not given', () => {
		expect('actions' in validateScenario(base)).toBe(false);
		expect(validateScenario({ ...base, actions: [] }).actions).toEqual([]);
	});

	it('is validated like steps, with its own field names, in time order', () => {
		const bad = (actions: unknown): string => {
			try {
				validateScenario({ ...base, actions });
			} catch (e) {
				if (e instanceof ScenarioError) return e.message;
			}
			return 'no error';
		};
		expect(bad({})).toMatch(/^actions: expected an array/);
		expect(bad([{ atMs: 1000, do: 'kill', node: 9 }])).toBe('actions[0].node: member 9 does not exist in a 3-member cluster');
		expect(bad([{ atMs: 2000, do: 'heal' }, { atMs: 1000, do: 'heal' }])).toMatch(/^actions\[1\]\.atMs: expected at least 2000/);
		expect(bad([{ atMs: 7000, do: 'heal' }])).toMatch(/^actions\[0\]\.atMs: expected at most untilMs/);
	});

	it('runs exactly as the playground took them: same trace as a live session', () => {
		const actions: Step[] = [
			{ atMs: 1000, do: 'kill', node: 2 },
			// lands on the same microsecond as a put of the load generator (every 5 ms from 500)
			{ atMs: 1500, do: 'put', node: 1, key: 'k', value: 'mine' },
			{ atMs: 3000, do: 'restart', node: 2 }
		];
		const s = validateScenario({ ...base, actions });
		const fromFile = runScenario(s).report;
		// the live way: the clock runs in uneven frames, each action is taken when the clock shows its time
		const live = new Recording(s);
		for (const a of actions) {
			for (let t = live.nowMs; t < a.atMs; t += 37.3) live.runTo(t);
			live.runTo(a.atMs);
			const { atMs: _at, ...input } = a;
			live.act(input as ActionInput);
		}
		live.runTo(s.untilMs);
		expect(live.actions).toEqual(actions);
		expect(fromFile.traceHash).toBe(live.cluster.trace.hex());
		expect(fromFile.ops.find((o) => o.value === 'mine')).toBeDefined();
		// and differs from scheduling the same actions as ordinary steps, at the tie
		const asSteps = runScenario(validateScenario({ ...base, steps: [...base.steps, ...actions] })).report;
		expect(asSteps.traceHash).not.toBe(fromFile.traceHash);
	}, 30_000);
});
