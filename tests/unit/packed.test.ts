/**
 * Packed chunks (issue 9): history the run has dropped is kept by checkpoints packed in columns
 * (cluster/packed.ts), and a restore from a checkpoint whose history is packed runs on exactly as
 * a straight run.
 */
import { describe, expect, it } from 'vitest';
import { freeze, lazily, thaw, unpackedAfter, type Frozen } from '../../src/lib/cluster/chunks';
import type { IndexMap } from '../../src/lib/check/index-map';
import { type ClusterCheckpoint } from '../../src/lib/cluster/checkpoint';
import type { Cluster } from '../../src/lib/cluster/cluster';
import type { Member } from '../../src/lib/cluster/member';
import { pack, packInPlace, packedOf, unpack, type PackKind } from '../../src/lib/cluster/packed';
import type { ClientOp } from '../../src/lib/cluster/types';
import type { KvStore } from '../../src/lib/kv/store';
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

/** The checker with every record its windows hold made (a restore leaves the oldest packed: IndexMap.lazy). */
function wholeChecker(checker: unknown): unknown {
	const windows = checker as Record<'entryAt' | 'appliedAt', IndexMap<unknown>>;
	windows.entryAt.whole();
	windows.appliedAt.whole();
	return checker;
}

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
		expect(wholeChecker(c.checker)).toEqual(at.checker);
		expect(c.trace.hex()).toBe(at.trace.hex());
	});

	it('a restore leaves the history the run had dropped packed, and what it gives when asked equals an eager restore', () => {
		// a checkpoint whose ops and checker's records the run has dropped since (packed)
		const cp = rec.checkpointData[Math.floor(rec.checkpointData.length / 3)];
		const at = record(scenario, [], cp.nowMs, { cluster }).cluster;
		rec.seek(cp.nowMs);
		const c = rec.cluster;
		expect(c.events).toBe(at.events);
		type Lazy = { opLazy: { count: number } | null; checker: Record<'entryAt' | 'appliedAt', IndexMap<unknown>> };
		const lazy = c as unknown as Lazy;
		const straight = at as unknown as Lazy;
		// left packed: no op and no record of that part made yet
		expect(lazy.opLazy?.count ?? 0).toBeGreaterThan(1_000);
		for (const k of ['entryAt', 'appliedAt'] as const) {
			const m = lazy.checker[k];
			expect(m.lazy?.count ?? 0, k).toBeGreaterThan(1_000);
			// its slots start after them (no slot made for them either), where the straight run's window holds the first of the rest
			const s0 = straight.checker[k];
			expect(m.lazyFrom, k).toBe(s0.base);
			expect(m.slots.length, k).toBe(s0.slots.length - m.lazy!.count);
			// asked for index by index, the lowest first and then the highest, it gives the straight run's
			const s = straight.checker[k];
			const lo = Math.min(m.base, s.base);
			const hi = Math.max(m.base + m.slots.length, s.base + s.slots.length);
			for (const i of [m.base, m.lazyEnd - 1, m.lazyEnd, hi - 1]) expect(m.get(i), `${k} at ${i}`).toEqual(s.get(i));
			for (let i = lo - 2; i < hi + 2; i++) expect(m.get(i), `${k} at ${i}`).toEqual(s.get(i));
			expect(m.lazy).toBeNull();
			expect(m).toEqual(s);
		}
		expect(c.ops).toEqual(at.ops);
		expect(lazy.opLazy).toBeNull();
	});

	it("a restored window asked for an index near its head opens only the chunks from there on; the older records stay lazy", () => {
		const cp = rec.checkpointData[Math.floor(rec.checkpointData.length / 3)];
		const at = record(scenario, [], cp.nowMs, { cluster }).cluster;
		rec.seek(scenario.untilMs);
		rec.seek(cp.nowMs);
		const c = rec.cluster;
		type Windows = Record<'entryAt' | 'appliedAt', IndexMap<unknown>>;
		const windows = c.checker as unknown as Windows;
		const straight = at.checker as unknown as Windows;
		for (const k of ['entryAt', 'appliedAt'] as const) {
			const m = windows[k];
			const lazy = m.lazy!.count;
			expect(lazy, k).toBeGreaterThan(1_000);
			// the newest lazy index, then one 100 before it: the 100 between are taken, no more
			const head = m.lazyEnd - 1;
			expect(m.get(head), `${k} at ${head}`).toEqual(straight[k].get(head));
			expect(m.lazy!.count, k).toBe(lazy - 1);
			expect(m.get(head - 100), `${k} at ${head - 100}`).toEqual(straight[k].get(head - 100));
			expect(m.lazy!.count, k).toBe(lazy - 101);
			expect(m.size, k).toBe(straight[k].size);
		}
		// run on: the older records, never asked for, drop unopened as the windows slide past them
		const prefixes = (['entryAt', 'appliedAt'] as const).map((k) => windows[k].lazy!);
		while (windows.entryAt.lazy !== null || windows.appliedAt.lazy !== null) rec.runTo(c.nowMs + 200);
		for (const p of prefixes) expect(p.count).toBeGreaterThan(500);
		const later = record(scenario, [], c.nowMs, { cluster }).cluster;
		for (const k of ['entryAt', 'appliedAt'] as const) expect(windows[k], k).toEqual((later.checker as unknown as Windows)[k]);
		expect(c.trace.hex()).toBe(later.trace.hex());
	});

	it('ops left packed drop one at a time as the run goes on, as the straight run drops them', () => {
		const cp = rec.checkpointData[Math.floor(rec.checkpointData.length / 3)];
		rec.seek(scenario.untilMs);
		rec.seek(cp.nowMs);
		const c = rec.cluster;
		const lazy = c as unknown as { opLazy: { count: number } | null };
		const left = lazy.opLazy?.count ?? 0;
		expect(left).toBeGreaterThan(1_000);
		// runs on until about half of them dropped, without reading ops
		const startDropped = c.droppedOps;
		while (c.droppedOps - startDropped < left / 2) rec.runTo(c.nowMs + 50);
		expect(lazy.opLazy?.count ?? 0).toBeGreaterThan(0);
		expect(lazy.opLazy!.count).toBeLessThan(left);
		const at = record(scenario, [], c.nowMs, { cluster }).cluster;
		expect(c.droppedOps).toBe(at.droppedOps);
		expect(c.droppedOpsSettledUs).toBe(at.droppedOpsSettledUs);
		expect(c.ops).toEqual(at.ops);
		expect(c.trace.hex()).toBe(at.trace.hex());
	});

	it("the checker's records left packed are dropped unopened when its window slides past them, as the straight run drops them", () => {
		// after n3 has caught up (a member far behind appends at old indexes: the map then takes them)
		const cp = rec.checkpointData.find((x) => x.nowMs >= 8_500)!;
		rec.seek(scenario.untilMs);
		rec.seek(cp.nowMs);
		const c = rec.cluster;
		type Windows = Record<'entryAt' | 'appliedAt', IndexMap<unknown>>;
		const windows = c.checker as unknown as Windows;
		const prefixes = (['entryAt', 'appliedAt'] as const).map((k) => windows[k].lazy);
		for (const p of prefixes) expect(p?.count ?? 0).toBeGreaterThan(1_000);
		// runs on, reading nothing of the checker, until both windows have let go of their lazy part
		while (windows.entryAt.lazy !== null || windows.appliedAt.lazy !== null) rec.runTo(c.nowMs + 200);
		// dropped, not opened: every prefix still holds what it had
		for (const p of prefixes) expect(p!.count).toBeGreaterThan(1_000);
		const at = record(scenario, [], c.nowMs, { cluster }).cluster;
		const straightWindows = at.checker as unknown as Windows;
		for (const k of ['entryAt', 'appliedAt'] as const) expect(windows[k], k).toEqual(straightWindows[k]);
		expect(c.trace.hex()).toBe(at.trace.hex());
	});

	it("a store's events the run had dropped stay packed after a restore; asked for, they are the straight run's; passed by, they drop unopened", () => {
		type Store = { historyLazy: { count: number } | null; wholeHistory(): readonly unknown[]; compactedRevision: number; revision: number; range: KvStore['range']; eventsSince: KvStore['eventsSince'] };
		const storesOf = (c: Cluster): Store[] => (c as unknown as { members: Member[] }).members.filter((m) => m !== undefined).map((m) => m.kv as unknown as Store);
		const cp = rec.checkpointData.find((x) => x.nowMs >= 8_500)!;
		rec.seek(scenario.untilMs);
		rec.seek(cp.nowMs);
		const at = record(scenario, [], rec.cluster.nowMs, { cluster }).cluster;
		const stores = storesOf(rec.cluster);
		const straight = storesOf(at);
		const prefixes = stores.map((s) => s.historyLazy);
		for (const p of prefixes) expect(p?.count ?? 0).toBeGreaterThan(1_000);
		// a read at the oldest revision kept and a watch from it: what the straight run answers
		const s0 = straight[0];
		expect(stores[0].compactedRevision).toBe(s0.compactedRevision);
		expect(stores[0].range('k', true, s0.compactedRevision)).toEqual(s0.range('k', true, s0.compactedRevision));
		expect(stores[0].eventsSince('k1', s0.compactedRevision)).toEqual(s0.eventsSince('k1', s0.compactedRevision));
		expect(stores[0].historyLazy).toBeNull();
		expect(stores[0].wholeHistory()).toEqual(s0.wholeHistory());
		// the others, read nothing of, run on until their histories have moved past the lazy part
		const others = stores.slice(1);
		while (others.some((s) => s.historyLazy !== null)) rec.runTo(rec.cluster.nowMs + 200);
		for (const p of prefixes.slice(1)) expect(p!.count, 'dropped unopened').toBeGreaterThan(1_000);
		const later = storesOf(record(scenario, [], rec.cluster.nowMs, { cluster }).cluster);
		storesOf(rec.cluster).forEach((s, i) => {
			expect(s.compactedRevision, `store ${i + 1}`).toBe(later[i].compactedRevision);
			expect(s.wholeHistory(), `store ${i + 1}`).toEqual(later[i].wholeHistory());
		});
	});

	it('a recording whose checkpoints fit in three quarters of the budget keeps them as they are (a restore then unpacks nothing)', () => {
		const small = new Recording(scenario, [], { cluster, checkpointEveryEvents: 4_000 });
		small.runTo(3_000);
		expect(small.checkpointBytes).toBeLessThan(72 * 1024 * 1024);
		for (const cp of small.checkpointData) for (const list of Object.values(frozenOf(cp.cluster))) for (const f of list) expect(chunksOf(f).some((c) => packedOf(c) !== null)).toBe(false);
	});

	it('lazily: every chunk stays lazy, packed or not, and gives, one at a time or all at once, what thaw gives', () => {
		const n = 64 * 7 + 13;
		const items = Array.from({ length: n }, (_, i) => ({ type: 'PUT', key: `k${i % 5}`, value: `v${i}`, revision: 1000 + i }));
		const cost = { elements: 0, slots: 0 };
		// starts mid-chunk (base 1000: 1000 % 64 = 40), as a window the run drops from does
		const f = freeze(items, null, cost, { base: 1000 });
		const chunks = chunksOf(f);
		// packed: the first three and the fifth (the fourth a chunk of a shape packing leaves, say)
		for (const i of [0, 1, 2, 4]) expect(packInPlace('history', chunks[i]), `chunk ${i}`).not.toBeNull();
		const eager = thaw(f);
		expect(eager).toEqual(items);
		const lazy = lazily(f);
		expect(lazy?.count).toBe(n);
		// a few taken one at a time (across a chunk's end), the rest at once
		const taken = Array.from({ length: 30 }, () => lazy!.shift());
		expect(taken).toEqual(items.slice(0, 30));
		expect(lazy!.count).toBe(n - 30);
		expect(lazy!.rest()).toEqual(items.slice(30));
		expect(lazy!.count).toBe(0);
		expect(() => lazy!.shift()).toThrow();
		// none packed: lazy all the same; nothing at all: none
		expect(lazily(freeze(items, null, cost))!.rest()).toEqual(items);
		expect(lazily(freeze([], null, cost))).toBeNull();
	});

	it('a lazy prefix drops elements by the count, opening only the chunk it stops inside, and gives the rest as thaw would', () => {
		const n = 64 * 6 + 5;
		const items = Array.from({ length: n }, (_, i) => ({ type: 'PUT', key: `k${i % 3}`, value: `v${i}`, revision: 500 + i }));
		const f = freeze(items, null, { elements: 0, slots: 0 }, { base: 500 });
		const chunks = chunksOf(f);
		for (let i = 0; i < chunks.length - 1; i++) expect(packInPlace('history', chunks[i]), `chunk ${i}`).not.toBeNull();
		const lazy = lazily(f);
		const count = lazy!.count;
		// across a chunk's end from inside the first, then past two chunks whole into the next
		lazy!.drop(5);
		expect(lazy!.shift()).toEqual(items[5]);
		lazy!.drop(12 + 64 * 2);
		expect(lazy!.count).toBe(count - 6 - 12 - 128);
		expect(lazy!.shift()).toEqual(items[6 + 12 + 128]);
		lazy!.drop(3);
		expect(lazy!.rest()).toEqual(items.slice(6 + 12 + 128 + 4, count));
		expect(() => lazy!.drop(1)).toThrow();
	});

	it('a lazy prefix gives its newest elements, opening only the chunks they are in, and the rest as thaw would', () => {
		const n = 64 * 6 + 5;
		const items = Array.from({ length: n }, (_, i) => ({ type: 'PUT', key: `k${i % 3}`, value: `v${i}`, revision: 500 + i }));
		const f = freeze(items, null, { elements: 0, slots: 0 }, { base: 500 });
		const chunks = chunksOf(f);
		for (let i = 0; i < chunks.length - 1; i++) expect(packInPlace('history', chunks[i]), `chunk ${i}`).not.toBeNull();
		const unpacked = unpackedAfter(null);
		const lazy = lazily(f, unpacked);
		const count = lazy!.count;
		expect(count).toBeGreaterThan(64 * 4);
		// the newest 10: in the last chunk (57 elements from position 832, not packed), none unpacked
		expect(lazy!.takeLast(10)).toEqual(items.slice(count - 10, count));
		expect(unpacked.now.size).toBe(0);
		expect(lazy!.count).toBe(count - 10);
		// across its start: the packed chunk before it opened, and no other
		expect(lazy!.takeLast(64)).toEqual(items.slice(count - 74, count - 10));
		expect(unpacked.now.size).toBe(1);
		// from the front meanwhile, and the newest again: they never overlap
		lazy!.drop(3);
		expect(lazy!.shift()).toEqual(items[3]);
		expect(lazy!.takeLast(1)).toEqual([items[count - 75]]);
		expect(lazy!.rest()).toEqual(items.slice(4, count - 75));
		expect(lazy!.count).toBe(0);
		expect(() => lazy!.takeLast(1)).toThrow();
	});

	it('a lazy prefix gives an element put in place of its chunk\'s null (a pending op a checkpoint clones apart)', () => {
		const xs: unknown[] = Array.from({ length: 200 }, (_, i) => (i % 50 === 7 ? null : { term: 1, id: i, node: 2 }));
		const f = freeze(xs, null, { elements: 0, slots: 0 });
		for (const c of chunksOf(f).slice(0, 3)) expect(packInPlace('appliedAt', c)).not.toBeNull();
		const put = (i: number): unknown => ({ pending: i });
		const one = lazily(f)!;
		const all = lazily(f)!;
		for (const l of [one, all]) for (const i of [7, 57, 107]) l.putAt(i, put(i));
		// 157 holds null and nothing was put there: null it stays
		const want = xs.map((x, i) => (x === null && i !== 157 ? put(i) : x));
		const got = Array.from({ length: 100 }, () => one.shift()).concat(one.rest());
		expect(got).toEqual(want);
		expect(all.rest()).toEqual(want);
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
