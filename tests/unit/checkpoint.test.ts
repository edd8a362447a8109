/**
 * Checkpoints (cluster/checkpoint.ts, scenario/recording.ts): a checkpoint holds the whole cluster
 * as plain data, and restoring one and running on is a straight run, event for event: the same
 * traceHash and the same report, whatever the faults, load, actions and membership changes, at any
 * moment the checkpoint was taken. Seeds are fixed: the same cases every run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownBytes } from '../../src/lib/cluster/checkpoint';
import type { ClientOp } from '../../src/lib/cluster/types';
import { Cluster } from '../../src/lib/cluster/cluster';
import { installCalls } from '../../src/lib/scenario/apply';
import { Recording, record } from '../../src/lib/scenario/recording';
import { buildReport, runScenario } from '../../src/lib/scenario/run';
import type { Scenario } from '../../src/lib/scenario/types';
import { parseScenarioText, validateScenario } from '../../src/lib/scenario/validate';

const reportOf = (s: Scenario, c: Cluster): string => JSON.stringify(buildReport(s, c));

/**
 * Runs `s` to its end keeping a checkpoint every `every` engine events, then, for each moment in
 * `at`, seeks back there (the recording restores the nearest checkpoint at or before it) and runs
 * to the end again: each pass must give the straight run's report, and the moment itself the
 * straight run's digest at that moment.
 */
function checkSeeks(s: Scenario, at: readonly number[], every = 300): number {
	const actions = s.actions ?? [];
	const straight = reportOf(s, runScenario(s).cluster);
	const rec = new Recording(s, actions, { checkpointEveryEvents: every });
	rec.runTo(s.untilMs);
	expect(reportOf(s, rec.cluster), `seed ${s.seed}: a recording that keeps checkpoints runs as a straight run`).toBe(straight);
	let restored = 0;
	for (const t of at) {
		const before = rec.cluster;
		rec.seek(t);
		if (rec.cluster !== before && rec.cluster.events > 0) restored++;
		expect(rec.cluster.trace.hex(), `seed ${s.seed}: the digest after a seek to ${t} ms`).toBe(record(s, actions, t).cluster.trace.hex());
		rec.runTo(s.untilMs);
		expect(reportOf(s, rec.cluster), `seed ${s.seed}: run on from ${t} ms`).toBe(straight);
	}
	return restored;
}

const node = (size: number) => fc.integer({ min: 1, max: size });

/** A random scenario with faults, client requests, load and actions (any size 1..5). */
const scenarioArb = fc.integer({ min: 1, max: 5 }).chain((size) => {
	const at = fc.integer({ min: 0, max: 7000 });
	const step = fc.oneof(
		fc.record({ atMs: at, do: fc.constant('kill'), node: node(size) }),
		fc.record({ atMs: at, do: fc.constant('restart'), node: node(size) }),
		fc.record({ atMs: at, do: fc.constant('partition'), groups: fc.constant(size > 1 ? [[1], Array.from({ length: size - 1 }, (_, i) => i + 2)] : [[1]]) }),
		fc.record({ atMs: at, do: fc.constant('cut'), from: node(size), to: node(size) }).map((c) => (c.from === c.to ? { atMs: c.atMs, do: 'heal' } : c)),
		fc.record({ atMs: at, do: fc.constant('heal') }),
		fc.record({ atMs: at, do: fc.constant('disk'), node: node(size), fsyncMs: fc.constantFrom(0.5, 5, 40) }),
		fc.record({ atMs: at, do: fc.constant('put'), node: node(size), key: fc.constantFrom('a', 'b'), value: fc.constantFrom('x', 'y') }),
		fc.record({ atMs: at, do: fc.constant('get'), node: node(size), key: fc.constantFrom('a', 'b'), serializable: fc.boolean() }),
		fc.record({ atMs: at, do: fc.constant('delete'), node: node(size), key: fc.constantFrom('a', 'b') }),
		fc.record({ atMs: at, do: fc.constant('watch'), node: node(size), key: fc.constantFrom('a', 'b') }),
		fc.record({ atMs: at, do: fc.constant('transfer'), to: node(size) }),
		fc.record({ atMs: at, do: fc.constant('load'), node: node(size), writesPerSec: fc.constantFrom(20, 150), durationMs: fc.integer({ min: 200, max: 4000 }), keys: fc.integer({ min: 1, max: 5 }) }),
		fc.record({ atMs: at, do: fc.constant('memberAdd'), learner: fc.boolean(), start: fc.boolean() })
	);
	const sorted = (xs: Record<string, unknown>[]) => [...xs].sort((a, b) => (a.atMs as number) - (b.atMs as number));
	return fc.record({
		seed: fc.integer({ min: 0, max: 2 ** 31 }),
		steps: fc.array(step, { maxLength: 10 }).map(sorted),
		actions: fc.array(step, { maxLength: 4 }).map(sorted),
		lossRate: fc.constantFrom(0, 0, 0.05),
		p99Ms: fc.constantFrom(undefined, 8),
		walFsyncMs: fc.constantFrom(undefined, 2),
		at: fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: 2, maxLength: 4 })
	}).map((r) => {
		try {
			return {
				s: validateScenario({
					version: 1,
					seed: r.seed,
					cluster: { size },
					network: { latencyMs: 1, jitterMs: 0.5, lossRate: r.lossRate },
					disk: { fsyncMs: 1, ...(r.p99Ms === undefined ? {} : { p99Ms: r.p99Ms }), ...(r.walFsyncMs === undefined ? {} : { walFsyncMs: r.walFsyncMs }) },
					steps: r.steps,
					actions: r.actions,
					untilMs: 8000
				}),
				at: r.at
			};
		} catch {
			return null; // a step the validator refuses (e.g. a partition that leaves out an added member)
		}
	}).filter((x) => x !== null);
});

describe('restoring a checkpoint and running on equals a straight run', () => {
	it('property: seeded random scenarios with faults, load and actions, seeks to several moments', () => {
		let restored = 0;
		fc.assert(
			fc.property(scenarioArb, ({ s, at }) => {
				restored += checkSeeks(s, at);
			}),
			{ seed: 20261202, numRuns: 24 }
		);
		// the seeks did restore checkpoints (not only rebuild from the seed)
		expect(restored).toBeGreaterThan(20);
	});

	it('the random golden scenarios (membership changes among them), sought back to four moments each', () => {
		const dir = fileURLToPath(new URL('../golden/scenarios/', import.meta.url));
		const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().slice(0, 24);
		for (const f of files) {
			const s = parseScenarioText(readFileSync(dir + f, 'utf8'));
			checkSeeks(s, [0.8, 0.15, 0.5, 0.33].map((x) => Math.round(s.untilMs * x)), 500);
		}
	});

	it('a checkpoint is plain data: a structured clone of it (as a worker would receive it) restores the same run', () => {
		const s = validateScenario({
			version: 1,
			seed: 5,
			cluster: { size: 3 },
			steps: [
				{ atMs: 500, do: 'load', node: 1, writesPerSec: 100, durationMs: 3000, keys: 4 },
				{ atMs: 900, do: 'watch', node: 2, key: 'key1' },
				{ atMs: 1200, do: 'kill', node: 1 },
				{ atMs: 2000, do: 'restart', node: 1 }
			],
			untilMs: 5000
		});
		const rec = new Recording(s, [], { checkpointEveryEvents: 500 });
		rec.runTo(1500);
		const cp = rec.checkpointData[rec.checkpointData.length - 1];
		expect(cp.nowMs).toBeGreaterThan(500);
		const copy = structuredClone(cp);
		expect(copy).toEqual(cp);
		// the copy restores a cluster that runs on to the straight run's end
		const c = Cluster.restore(copy.cluster);
		expect(c.events).toBe(cp.events);
		installCalls(c, { steps: s.steps, counter: { n: cp.loadCounter } });
		c.runUntil(5000);
		expect(reportOf(s, c)).toBe(reportOf(s, runScenario(s).cluster));
	});

	it('a request a member still holds after its client gave up keeps its deadline and its identity; requests that came back are left out; the run goes on as straight', () => {
		// n1 is cut off: a put to it waits at n1 (blocked, no leader) after its client gave up at 2 s,
		// until n1's request timeout (7 s); the load on n2 leaves requests that came back behind it
		const s = validateScenario({
			version: 1,
			seed: 9,
			cluster: { size: 3 },
			client: { timeoutMs: 2000 },
			steps: [
				{ atMs: 300, do: 'load', node: 2, writesPerSec: 200, durationMs: 2000, keys: 3 },
				{ atMs: 500, do: 'partition', groups: [[1], [2, 3]] },
				{ atMs: 1000, do: 'put', node: 1, key: 'held', value: 'v' }
			],
			untilMs: 9000
		});
		const rec = new Recording(s, [], { checkpoints: false });
		rec.runTo(4000);
		const c = rec.cluster;
		const held = c.ops.find((o) => o.key === 'held');
		expect(held?.status, 'the client gave up on the put').toBe('timeout');
		const live = c as unknown as { serverDeadlines: ClientOp[] };
		expect(live.serverDeadlines.length, 'the load\'s requests that came back wait behind the held put').toBeGreaterThan(100);
		const cp = c.checkpoint();
		const waiting = cp.fields.serverDeadlines as ClientOp[];
		expect(waiting.map((o) => o.key), 'only the held put is left: n1 still holds it').toEqual(['held']);
		expect(cp.fields.clientDeadlines, 'every client has its answer or gave up').toEqual([]);
		const n1 = cp.members[1]?.fields as { waiting: Map<number, ClientOp>; blocked: ClientOp[] };
		const heldByN1 = [...n1.waiting.values(), ...n1.blocked].find((o) => o.key === 'held');
		expect(heldByN1, 'the deadline list and n1 hold the same op (n1 finds it by identity)').toBe(waiting[0]);
		const restored = Cluster.restore(cp);
		installCalls(restored, { steps: s.steps, counter: { n: 0 } });
		restored.runUntil(s.untilMs);
		expect(restored.trace.hex()).toBe(runScenario(s).cluster.trace.hex());
		expect(reportOf(s, restored)).toBe(reportOf(s, runScenario(s).cluster));
	});

	it('a restored store keeps its event history (left in the checkpoint until asked): reads at past revisions, a watch from one, and the next checkpoint see the straight run\'s', () => {
		const s = validateScenario({ version: 1, seed: 5, cluster: { size: 3 }, steps: [{ atMs: 300, do: 'load', node: 1, writesPerSec: 200, durationMs: 3000, keys: 4 }], untilMs: 4000 });
		const rec = new Recording(s, [], { checkpoints: false });
		rec.runTo(3500);
		const straight = rec.cluster;
		const restored = Cluster.restore(straight.checkpoint());
		const revision = straight.readRange(2, 'k', true, 0);
		expect('kvs' in revision && revision.kvs.length, 'the load wrote its keys').toBe(4);
		for (const id of [1, 2, 3])
			for (const rev of [2, 50, 300, 555])
				expect(JSON.stringify(restored.readRange(id, 'k', true, rev)), `n${id} at revision ${rev}`).toBe(JSON.stringify(straight.readRange(id, 'k', true, rev)));
		// a watch from an old revision on both, and both run on: the same events, the same digest
		const key = (straight.readRange(1, 'k', true, 0) as { kvs: { key: string }[] }).kvs[0].key;
		const a = straight.watch(2, key, 10);
		const b = restored.watch(2, key, 10);
		installCalls(restored, { steps: s.steps, counter: { n: 0 } });
		straight.runUntil(s.untilMs);
		restored.runUntil(s.untilMs);
		expect(a.events.length, 'the watch replays the history from revision 10').toBeGreaterThan(50);
		expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
		expect(restored.trace.hex()).toBe(straight.trace.hex());
		// a checkpoint of the restored cluster (it reads every history whole) restores the same again
		const again = Cluster.restore(restored.checkpoint());
		expect(JSON.stringify(again.readRange(3, 'k', true, 20))).toBe(JSON.stringify(straight.readRange(3, 'k', true, 20)));
	});

	it('a restored cluster\'s newest ops read without unpacking the rest are the straight run\'s, before and after it runs on and drops some', () => {
		const s = validateScenario({ version: 1, seed: 8, cluster: { size: 3 }, steps: [{ atMs: 300, do: 'load', node: 1, writesPerSec: 300, durationMs: 4000, keys: 3 }], untilMs: 5000 });
		const rec = new Recording(s, [], { checkpoints: false, cluster: { historyLimit: 900 } });
		rec.runTo(3000);
		const straight = rec.cluster;
		const restored = Cluster.restore(straight.checkpoint());
		const ids = (ops: readonly ClientOp[]) => ops.map((o) => `${o.id}:${o.status}`).join(',');
		for (const n of [0, 1, 5, 200, 900, 5000]) expect(ids(restored.recentOps(n)), `newest ${n}`).toBe(ids(straight.ops.slice(Math.max(0, straight.ops.length - n))));
		installCalls(restored, { steps: s.steps, counter: { n: 0 } });
		// on past the history limit: the oldest ops leave the lazy part one by one
		for (const t of [3001, 3400, 4200]) {
			straight.runUntil(t);
			restored.runUntil(t);
			for (const n of [3, 150, 900]) expect(ids(restored.recentOps(n)), `newest ${n} at ${t} ms`).toBe(ids(straight.recentOps(n)));
		}
		expect(restored.droppedOps).toBe(straight.droppedOps);
		expect(ids(restored.ops)).toBe(ids(straight.ops));
		expect(restored.trace.hex()).toBe(straight.trace.hex());
	});

	it('a cluster with a closure scheduled refuses to be checkpointed (no checkpoint that could diverge)', () => {
		const s = validateScenario({ version: 1, cluster: { size: 3 }, untilMs: 1000 });
		const c = record(s).cluster;
		c.at(2000, () => undefined);
		expect(() => c.checkpoint()).toThrow(/closure/);
	});
});

describe('checkpoints stay bounded', () => {
	it('a long run keeps at most maxCheckpoints, spread over the whole run', () => {
		const MAX_CHECKPOINTS = 64;
		const s = validateScenario({ version: 1, seed: 3, cluster: { size: 3 }, steps: [{ atMs: 100, do: 'load', node: 1, writesPerSec: 50, durationMs: 30_000, keys: 5 }], untilMs: 30_000 });
		const rec = new Recording(s, [], { checkpointEveryEvents: 200, maxCheckpoints: MAX_CHECKPOINTS });
		rec.runTo(30_000);
		const cps = rec.checkpoints;
		expect(cps.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
		expect(cps.length).toBeGreaterThan(MAX_CHECKPOINTS / 2 - 1);
		expect(cps[0].nowMs).toBeLessThan(3000);
		expect(cps[cps.length - 1].nowMs).toBeGreaterThan(25_000);
	});
});


describe('the checkpoint memory estimate', () => {
	it('counts every event cloned as an object and every request waiting for a deadline', () => {
		// a cut-off member holds its clients' requests until its request timeout: under load the
		// deadline lists hold hundreds of them, each cloned with the checkpoint
		const s = validateScenario({ version: 1, seed: 5, cluster: { size: 3 }, steps: [{ atMs: 100, do: 'partition', groups: [[1], [2, 3]] }, { atMs: 200, do: 'load', node: 1, writesPerSec: 400, durationMs: 5_000, keys: 5 }], untilMs: 5_000 });
		const rec = new Recording(s, []);
		rec.runTo(3_000);
		const cp = rec.cluster.checkpoint();
		const q = cp.fields.queue as { heap: unknown[] };
		const waiting = (cp.fields.serverDeadlines as unknown[]).length;
		expect(waiting, 'n1 holds its clients\' requests').toBeGreaterThan(300);
		const floor = 4_096 + q.heap.length * 300 + waiting * 24;
		expect(ownBytes(cp)).toBeGreaterThanOrEqual(floor);
	});
});
