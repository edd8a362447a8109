/**
 * What a checkpoint keeps once for the whole cluster (issue 9): every member's raft log and WAL
 * hold the same entry objects at an index, and every store the same event at a revision, so their
 * frozen chunks are shared between the arrays of one checkpoint (chunks.ts: a pool), not kept once
 * an array; and a restore gives each array room to grow.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkPool, freeze, thaw, type FreezeCost, type Frozen } from '../../src/lib/cluster/chunks';
import { ELEMENT_BYTES, madeTogether, type ClusterCheckpoint } from '../../src/lib/cluster/checkpoint';
import { Cluster } from '../../src/lib/cluster/cluster';
import { KvStore } from '../../src/lib/kv/store';
import type { Command } from '../../src/lib/raft/types';
import { Recording, record } from '../../src/lib/scenario/recording';
import { validateScenario } from '../../src/lib/scenario/validate';

const chunksOf = (f: Frozen): unknown[] => f.groups.flat();

describe('a pool of chunks', () => {
	it('arrays frozen together share the chunks that hold the same elements, counted once; each thaws to its own array', () => {
		const els = Array.from({ length: 1000 }, (_, i) => ({ i }));
		const a = els.slice();
		const b = els.slice(0, 990); // behind: its last chunk is shorter
		const c = els.slice();
		c[500] = { i: -1 }; // one element differs: its chunk is its own
		const pool = chunkPool();
		const cost: FreezeCost = { elements: 0, slots: 0 };
		const fa = freeze(a, null, cost, { base: 1, appendOnly: true, pool });
		const afterA = cost.elements;
		expect(afterA).toBe(1000);
		const fb = freeze(b, null, cost, { base: 1, appendOnly: true, pool });
		// b made only its short last chunk (positions 960..990)
		expect(cost.elements - afterA).toBe(31);
		const fc = freeze(c, null, cost, { base: 1, appendOnly: true, pool });
		// c only the chunk with the different element (positions 448..511)
		expect(cost.elements - afterA).toBe(31 + 64);
		const [ca, cb, cc] = [chunksOf(fa), chunksOf(fb), chunksOf(fc)];
		expect(cb.slice(0, -1).every((x, i) => x === ca[i])).toBe(true);
		expect(cb.at(-1)).not.toBe(ca[cb.length - 1]);
		const k = Math.floor(501 / 64);
		expect(cc.filter((x, i) => x !== ca[i])).toEqual([cc[k]]);
		expect(thaw(fa)).toEqual(a);
		expect(thaw(fb)).toEqual(b);
		expect(thaw(fc)).toEqual(c);
		// without a pool every array keeps its own
		const alone: FreezeCost = { elements: 0, slots: 0 };
		for (const x of [a, b, c]) freeze(x, null, alone, { base: 1, appendOnly: true });
		expect(alone.elements).toBe(2990);
	});

	it('a thawed array (made with room to grow) holds exactly the elements, and grows as any array', () => {
		const els = Array.from({ length: 5000 }, (_, i) => i);
		const t = thaw(freeze(els, null, { elements: 0, slots: 0 }));
		expect(t.length).toBe(5000);
		t.push(5000);
		expect(t).toEqual([...els, 5000]);
		expect(Object.keys(t).length).toBe(5001);
	});
});

describe('stores share the event a command made', () => {
	it('the same command at the same revision gives one event; another revision or other contents, its own', () => {
		const cmd: Command = { op: 'put', key: 'k', value: 'v', origin: 1, reqId: 1 };
		const [s1, s2, s3] = [new KvStore(), new KvStore(), new KvStore()];
		const e1 = s1.apply(cmd);
		const e2 = s2.apply(cmd);
		expect(e2).toBe(e1);
		s3.apply({ op: 'put', key: 'x', value: 'y', origin: 1, reqId: 2 });
		const e3 = s3.apply(cmd);
		expect(e3).not.toBe(e1);
		expect(e3).toEqual({ ...e1, revision: e1!.revision + 1 });
		expect(e1).toEqual({ type: 'PUT', key: 'k', value: 'v', revision: 2 });
	});
});

describe('a cluster checkpoint', () => {
	const scenario = validateScenario({
		version: 1,
		seed: 5,
		cluster: { size: 5 },
		untilMs: 20_000,
		steps: [{ atMs: 100, do: 'load', node: 1, writesPerSec: 200, durationMs: 20_000, keys: 10 }]
	});

	it('keeps the entries of every log and WAL, and the events of every store, once: the followers share the leader’s chunks', () => {
		const rec = new Recording(scenario, [], { checkpointEveryEvents: 2000 });
		rec.runTo(12_000);
		const cp = rec.checkpointData.at(-1)!.cluster;
		const members = cp.shared.members.filter((m) => m !== null);
		expect(members.length).toBe(5);
		const entryChunks = new Set<unknown>();
		const eventChunks = new Set<unknown>();
		let entrySlots = 0;
		let eventSlots = 0;
		for (const m of members) {
			for (const f of [m.log.entries.frozen, m.durable.entries.frozen]) for (const c of chunksOf(f)) (entryChunks.add(c), entrySlots++);
			for (const c of chunksOf(m.kv.history.frozen)) (eventChunks.add(c), eventSlots++);
		}
		// ten arrays of entries (a log and a WAL a member), five histories: all but the tails shared
		expect(entrySlots).toBeGreaterThan(10 * 20);
		expect(entryChunks.size).toBeLessThan(entrySlots / 5);
		expect(eventSlots).toBeGreaterThan(5 * 20);
		expect(eventChunks.size).toBeLessThan(eventSlots / 3);
		// and restoring it runs on as a straight run
		const c = Cluster.restore(cp);
		const straight = record(scenario, [], 20_000).cluster.trace.hex();
		rec.seek(rec.checkpointData.at(-1)!.nowMs);
		rec.runTo(20_000);
		expect(rec.cluster.trace.hex()).toBe(straight);
		expect(c.events).toBe(cp.events);
	});

	it('its estimate counts each element once, by its kind, the same way a checkpoint counts what it made and a list of them is counted again', () => {
		// a chain of checkpoints taken as a recording takes them, without packing (see the packed tests)
		const rec = new Recording(scenario, [], { checkpoints: false });
		const cps: ClusterCheckpoint[] = [];
		for (let t = 2000; t <= 8000; t += 2000) {
			rec.runTo(t);
			cps.push(rec.cluster.checkpoint(cps.at(-1) ?? null));
		}
		expect(cps.length).toBeGreaterThan(3);
		// the first made everything it holds: counted again alone, the same figures
		expect(madeTogether([cps[0]])).toEqual(cps[0].made);
		// a list: what each made, summed (every chunk a checkpoint did not make, it shares with the one before)
		const sum = { elements: 0, slots: 0, bytes: 0 };
		for (const cp of cps) (sum.elements += cp.made.elements, sum.slots += cp.made.slots, sum.bytes += cp.made.bytes ?? 0);
		const together = madeTogether(cps);
		expect(together.elements).toBe(sum.elements);
		expect(together.bytes).toBe(sum.bytes);
		// the ops the run holds cost the checkpoints their slots only (once dropped, the recording's
		// packer counts them); the store's records, replaced on each write, are counted by their kind
		const ops = cps.at(-1)!.shared.ops.length;
		expect(together.bytes).toBeGreaterThan(0);
		expect(together.bytes).toBeLessThan(ops * ELEMENT_BYTES.ops);
	});

	it('restores objects with fast properties, the same shapes every time and the shapes of the run itself (a node with --allow-natives-syntax looks)', () => {
		const script = fileURLToPath(new URL('./fixtures/restored-shapes.ts', import.meta.url));
		const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', script], { encoding: 'utf8' });
		const shapes = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, { fast: boolean; sameShape: boolean; asRun: boolean }>;
		expect(Object.keys(shapes)).toEqual(expect.arrayContaining(['cluster', 'raft', 'queue node', 'message', 'epochs of a member (array of small integers)']));
		for (const [part, s] of Object.entries(shapes)) {
			expect(s.fast, `${part}: fast properties`).toBe(true);
			expect(s.sameShape, `${part}: the same shape after two restores`).toBe(true);
			expect(s.asRun, `${part}: the shape the run's own has`).toBe(true);
		}
	}, 60_000);
});
