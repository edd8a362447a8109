/**
 * The ops history a cluster keeps (its latest historyLimit ops): the history limit drops ops a
 * batch at a time behind `ops` (base.ts opBuffer), and what a reader sees is exactly what dropping
 * one op at a time gave: the latest historyLimit ops, droppedOps and droppedOpsSettledUs as each
 * drop found its op, whenever it is read, and a run that reads it often equals one that never does.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/lib/cluster/cluster';
import type { ClientOp } from '../../src/lib/cluster/types';
import { Recording } from '../../src/lib/scenario/recording';
import { buildReport } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';

/** 1,500 puts a second for 7 s (about 10,000 ops: twice the batch and more), a member killed and back. */
const scenario = validateScenario({
	version: 1,
	seed: 23,
	cluster: { size: 3 },
	untilMs: 7_000,
	steps: [
		{ atMs: 100, do: 'load', node: 1, writesPerSec: 1500, durationMs: 7_000, keys: 30 },
		{ atMs: 2_000, do: 'kill', node: 2 },
		{ atMs: 3_500, do: 'restart', node: 2 }
	]
});
const LIMIT = 700;

function run(historyLimit: number): Recording {
	return new Recording(scenario, [], { checkpoints: false, cluster: { historyLimit } });
}

describe('the ops history', () => {
	it('reads, at any moment, as the latest historyLimit ops, dropped one at a time as each was found', () => {
		const all = run(1e9);
		const capped = run(LIMIT);
		const [a, c] = [all.cluster, capped.cluster];
		// what dropping one op at a time, as each op over the limit is issued, gives
		let settledUs = -Infinity;
		let seen = 0;
		let checks = 0;
		let batches = 0;
		let lastDropped = 0;
		const endUs = scenario.untilMs * 1000;
		while (a.nextEventUs() <= endUs) {
			expect(c.nextEventUs()).toBe(a.nextEventUs());
			a.step();
			c.step();
			const ops = a.ops;
			for (; seen < ops.length; seen++) {
				if (seen < LIMIT) continue;
				const op: ClientOp = ops[seen - LIMIT];
				const unknownWrite = op.kind !== 'get' && op.status === 'timeout';
				settledUs = op.status === 'pending' || unknownWrite || op.returnUs === null ? Infinity : Math.max(settledUs, op.returnUs);
			}
			// read now and then, between batches and across them
			if (a.events % 997 === 0) {
				const kept = c.ops;
				expect(kept.length).toBe(Math.min(LIMIT, ops.length));
				expect(kept).toEqual(ops.slice(-LIMIT));
				expect(c.droppedOps).toBe(Math.max(0, ops.length - LIMIT));
				expect(c.droppedOpsSettledUs).toBe(settledUs);
				if (Math.floor(c.droppedOps / 4_096) > lastDropped) (batches++, (lastDropped = Math.floor(c.droppedOps / 4_096)));
				checks++;
			}
		}
		expect(c.events).toBe(a.events);
		expect(a.ops.length).toBeGreaterThan(2 * 4_096 + LIMIT);
		expect(checks).toBeGreaterThan(20);
		expect(batches).toBeGreaterThanOrEqual(2);
		expect(c.ops).toEqual(a.ops.slice(-LIMIT));
		expect(c.droppedOpsSettledUs).toBe(settledUs);
		expect(c.trace.hex()).toBe(a.trace.hex());
	});

	it('a run whose history is read at every step equals one never read (trace and report)', () => {
		const reads = run(LIMIT);
		const quiet = run(LIMIT);
		const r: Cluster = reads.cluster;
		while (r.nextEventUs() <= scenario.untilMs * 1000) {
			r.step();
			void r.ops.length;
		}
		quiet.runTo(scenario.untilMs);
		reads.runTo(scenario.untilMs);
		expect(r.trace.hex()).toBe(quiet.cluster.trace.hex());
		expect(JSON.stringify(buildReport(scenario, r))).toBe(JSON.stringify(buildReport(scenario, quiet.cluster)));
		expect(quiet.cluster.ops.length).toBe(LIMIT);
	});
});
