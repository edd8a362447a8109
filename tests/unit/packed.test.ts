/**
 * Packed chunks (issue 9): history the run has dropped is kept by checkpoints packed in columns
 * (cluster/packed.ts), and a restore from a checkpoint whose history is packed runs on exactly as
 * a straight run.
 */
import { describe, expect, it } from 'vitest';
import { type Frozen } from '../../src/lib/cluster/chunks';
import { type ClusterCheckpoint } from '../../src/lib/cluster/checkpoint';
import type { Cluster } from '../../src/lib/cluster/cluster';
import type { Member } from '../../src/lib/cluster/member';
import { pack, packedOf, unpack, type PackKind } from '../../src/lib/cluster/packed';
import type { ClientOp } from '../../src/lib/cluster/types';
import { Recording, record } from '../../src/lib/scenario/recording';
import { buildReport } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';

/**
 * A busy run that drops history within seconds: 56,000 puts (the checker keeps 20,000 to 40,000
 * indexes, a store 10,000 to 20,000 events), a short ops history, frequent snapshots.
 */
const scenario = validateScenario({
	version: 1,
	seed: 17,
	cluster: { size: 3 },
	untilMs: 14_000,
	steps: [
		{ atMs: 200, do: 'load', node: 1, writesPerSec: 4000, durationMs: 14_000, keys: 50 },
		{ atMs: 4_000, do: 'kill', node: 3 },
		{ atMs: 6_000, do: 'restart', node: 3 }
	]
});
const cluster = { historyLimit: 8_000, snapshotCount: 1_000 };

/** Every chunk of a frozen array. */
const chunksOf = (f: Frozen): unknown[][] => f.groups.flat() as unknown[][];

function frozenOf(cp: ClusterCheckpoint): Record<string, Frozen[]> {
	const out: Record<string, Frozen[]> = { ops: [cp.shared.ops], entryAt: [cp.shared.checker.entryAt.frozen], appliedAt: [cp.shared.checker.appliedAt.frozen], entries: [], history: [] };
	for (const m of cp.shared.members) {
		if (m === null) continue;
		out.entries.push(m.durable.entries.frozen, m.log.entries.frozen);
		out.history.push(m.kv.history.frozen);
	}
	return out;
}

const reportOf = (c: Cluster): string => JSON.stringify(buildReport(scenario, c));

describe('packed chunks', () => {
	const rec = new Recording(scenario, [], { cluster, checkpointEveryEvents: 4_000, packFromBytes: 0 });
	rec.runTo(scenario.untilMs);
	const straight = record(scenario, [], scenario.untilMs, { cluster }).cluster;

	it('packs what the run dropped, of every kind, in the checkpoints that keep it', () => {
		const packed: Record<string, number> = {};
		const seen = new Set<unknown>();
		for (const cp of rec.checkpointData)
			for (const [kind, list] of Object.entries(frozenOf(cp.cluster)))
				for (const f of list)
					for (const c of chunksOf(f)) {
						if (seen.has(c)) continue;
						seen.add(c);
						if (packedOf(c) !== null) packed[kind] = (packed[kind] ?? 0) + 1;
					}
		for (const kind of ['ops', 'entryAt', 'appliedAt', 'entries', 'history']) expect(packed[kind] ?? 0, `${kind}: chunks packed`).toBeGreaterThan(3);
		// the latest checkpoint's own window is the run's: nothing of it packed but what the run dropped
		const last = rec.checkpointData.at(-1)!.cluster;
		expect(chunksOf(last.shared.ops).filter((c) => packedOf(c) !== null)).toEqual([]);
	});

	it('a restore from every checkpoint, packed or not, runs on as the straight run (trace and report)', () => {
		const hash = straight.trace.hex();
		const report = reportOf(straight);
		// latest first (each seek goes back), four of them spread over the run
		const cps = rec.checkpointData.slice(1);
		const some = [0, 1, 2, 3].map((i) => cps[Math.floor((i * (cps.length - 1)) / 3)]);
		for (const cp of some.reverse()) {
			rec.seek(cp.nowMs + 1);
			rec.runTo(scenario.untilMs);
			expect(rec.cluster.trace.hex(), `from ${cp.nowMs} ms`).toBe(hash);
			expect(reportOf(rec.cluster), `from ${cp.nowMs} ms`).toBe(report);
		}
	});

	it('a restored history equals the straight run\'s at that moment, element for element', () => {
		const cp = rec.checkpointData[Math.floor(rec.checkpointData.length / 2)];
		const at = record(scenario, [], cp.nowMs, { cluster }).cluster;
		rec.seek(cp.nowMs);
		const c = rec.cluster;
		expect(c.events).toBe(at.events);
		expect(c.ops).toEqual(at.ops);
		type Members = { members: Member[] };
		const [cm, am] = [(c as unknown as Members).members, (at as unknown as Members).members];
		for (let id = 1; id < cm.length; id++) {
			const [m, s] = [cm[id], am[id]];
			expect(m.node.raft.log.entries, `n${id} log`).toEqual(s.node.raft.log.entries);
			expect(m.durable.entries, `n${id} WAL`).toEqual(s.durable.entries);
		}
		expect(c.checker).toEqual(at.checker);
		expect(c.trace.hex()).toBe(at.trace.hex());
	});

	it('a recording whose checkpoints fit in three quarters of the budget keeps them as they are (a restore then unpacks nothing)', () => {
		const small = new Recording(scenario, [], { cluster, checkpointEveryEvents: 4_000 });
		small.runTo(3_000);
		expect(small.checkpointBytes).toBeLessThan(72 * 1024 * 1024);
		for (const cp of small.checkpointData) for (const list of Object.values(frozenOf(cp.cluster))) for (const f of list) expect(chunksOf(f).some((c) => packedOf(c) !== null)).toBe(false);
	});

	it('unpacks to equal elements; an element of another shape leaves its chunk as it is', () => {
		const ops: ClientOp[] = [
			{ id: 1, kind: 'put', node: 1, key: 'a', value: 'v1', serializable: false, callUs: 2 ** 33 + 0.5, returnUs: 2 ** 33 + 7, status: 'ok', error: null, revision: 4 },
			{ id: 2, kind: 'get', node: 2, key: 'a', value: null, serializable: true, callUs: 10, returnUs: null, status: 'timeout', error: 'context deadline exceeded', revision: null }
		];
		const rows: Record<PackKind, unknown[]> = {
			ops: [...ops, null],
			entries: [
				{ term: 2, index: 7, id: 1, cmd: { op: 'put', key: 'a', value: 'v1', origin: 1, reqId: 1 } },
				{ term: 2, index: 8, id: 0, cmd: null },
				// a column's range as wide as 32 bits goes (narrowed columns: 4 bytes a row)
				{ term: 2147483647, index: -2147483647, id: 5, cmd: { op: 'delete', key: 'b', value: '', origin: 3, reqId: 5 } }
			],
			history: [
				{ type: 'PUT', key: 'a', value: 'v1', revision: 3 },
				{ type: 'DELETE', key: 'a', value: null, revision: 4 }
			],
			entryAt: [{ term: 1, id: 3, prevTerm: 0, node: 2, next: null }, undefined],
			appliedAt: [{ term: 1, id: 3, node: 2 }, undefined]
		};
		for (const [kind, xs] of Object.entries(rows) as [PackKind, unknown[]][]) {
			const p = pack(kind, xs);
			expect(p, kind).not.toBeNull();
			expect(unpack(p!), kind).toEqual(xs);
		}
		// not packed: a second record at an index, a command with a size, an op with a field more
		expect(pack('entryAt', [{ term: 2, id: 4, prevTerm: 1, node: 1, next: { term: 1, id: 3, prevTerm: 0, node: 2, next: null } }])).toBeNull();
		expect(pack('entries', [{ term: 2, index: 7, id: 1, cmd: { op: 'put', key: 'a', value: 'v1', origin: 1, reqId: 1, size: 100 } }])).toBeNull();
		expect(pack('ops', [{ ...ops[0], valueBytes: 5 }])).toBeNull();
	});
});
