import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prng } from '../../src/lib/sim/prng';
import { EventQueue } from '../../src/lib/sim/queue';
import { Network, type NetworkParams } from '../../src/lib/sim/network';
import { Disk } from '../../src/lib/sim/disk';
import { KvStore, type KeyRecord } from '../../src/lib/kv/store';
import { RaftLog } from '../../src/lib/raft/log';
import type { Command, Entry, Snapshot } from '../../src/lib/raft/types';

const draw = (p: Prng, n: number): number[] => Array.from({ length: n }, () => p.nextUint32());

// =============================================================================================
// prng.ts

describe('Prng', () => {
	it('the same seed gives the same stream', () => {
		expect(draw(new Prng(42), 1000)).toEqual(draw(new Prng(42), 1000));
		const a = new Prng(7);
		const b = new Prng(7);
		for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
	});

	it('different seeds give different streams', () => {
		const streams = [0, 1, 2, 3, 0xffffffff].map((s) => draw(new Prng(s), 8).join(','));
		expect(new Set(streams).size).toBe(streams.length);
	});

	it('seeds are taken as 32-bit unsigned integers', () => {
		expect(new Prng(-1).seed).toBe(0xffffffff);
		expect(draw(new Prng(-1), 10)).toEqual(draw(new Prng(0xffffffff), 10));
		expect(draw(new Prng(2 ** 32 + 5), 10)).toEqual(draw(new Prng(5), 10));
	});

	it('nextUint32 gives integers in [0, 2^32)', () => {
		const p = new Prng(3);
		for (let i = 0; i < 10_000; i++) {
			const v = p.nextUint32();
			expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
		}
	});

	it('next() stays in [0, 1) and looks uniform', () => {
		const p = new Prng(11);
		const n = 100_000;
		let sum = 0;
		let min = 1;
		let max = 0;
		const buckets = new Array<number>(10).fill(0);
		for (let i = 0; i < n; i++) {
			const v = p.next();
			if (!(v >= 0 && v < 1)) throw new Error(`next() gave ${v}`);
			sum += v;
			if (v < min) min = v;
			if (v > max) max = v;
			buckets[Math.floor(v * 10)]++;
		}
		expect(sum / n).toBeGreaterThan(0.49);
		expect(sum / n).toBeLessThan(0.51);
		expect(min).toBeLessThan(0.001);
		expect(max).toBeGreaterThan(0.999);
		for (const b of buckets) {
			expect(b).toBeGreaterThan(n / 10 - 600);
			expect(b).toBeLessThan(n / 10 + 600);
		}
	});

	it('int(lo, hi) stays in [lo, hi) and reaches both ends', () => {
		const p = new Prng(5);
		const seen = new Set<number>();
		for (let i = 0; i < 5000; i++) {
			const v = p.int(-3, 4);
			expect(Number.isInteger(v)).toBe(true);
			expect(v).toBeGreaterThanOrEqual(-3);
			expect(v).toBeLessThan(4);
			seen.add(v);
		}
		expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
		for (let i = 0; i < 100; i++) expect(p.int(9, 10)).toBe(9);
	});

	it('int() bounds hold for any range (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (seed, lo, width) => {
				const p = new Prng(seed);
				for (let i = 0; i < 20; i++) {
					const v = p.int(lo, lo + width);
					if (!Number.isInteger(v) || v < lo || v >= lo + width) return false;
				}
				return true;
			}),
			{ seed: 8301 }
		);
	});

	it('chance(p) honours 0 and 1 and is plausible in between', () => {
		const p = new Prng(9);
		let hits = 0;
		for (let i = 0; i < 1000; i++) {
			expect(p.chance(0)).toBe(false);
			expect(p.chance(1)).toBe(true);
		}
		for (let i = 0; i < 20_000; i++) if (p.chance(0.25)) hits++;
		expect(hits / 20_000).toBeGreaterThan(0.23);
		expect(hits / 20_000).toBeLessThan(0.27);
	});

	it('fork is deterministic', () => {
		expect(draw(new Prng(1).fork('net'), 100)).toEqual(draw(new Prng(1).fork('net'), 100));
	});

	it('fork does not depend on how much of the parent stream was used', () => {
		const p = new Prng(1);
		const before = draw(p.fork('disk'), 50);
		draw(p, 1234);
		expect(draw(p.fork('disk'), 50)).toEqual(before);
	});

	it('forks with different labels, or of different seeds, give different streams', () => {
		const labels = ['net', 'disk', 'client', 'n1', 'n2', ''];
		const s = labels.map((l) => draw(new Prng(1).fork(l), 8).join(','));
		expect(new Set(s).size).toBe(labels.length);
		expect(draw(new Prng(1).fork('net'), 8)).not.toEqual(draw(new Prng(2).fork('net'), 8));
	});

	it('a fork is independent of its parent: drawing from one does not move the other', () => {
		const parent = new Prng(77);
		const twin = new Prng(77);
		const child = parent.fork('x');
		draw(child, 500);
		expect(draw(parent, 100)).toEqual(draw(twin, 100));
		expect(draw(new Prng(77).fork('x'), 20)).not.toEqual(draw(new Prng(77), 20));
	});
});

// =============================================================================================
// queue.ts

/** One event off the queue: its time (what peekTimeUs said just before) and item, or undefined. */
function pop<T>(q: EventQueue<T>): { timeUs: number; item: T } | undefined {
	if (q.size === 0) return undefined;
	const timeUs = q.peekTimeUs();
	return { timeUs, item: q.popItem() as T };
}

function drain<T>(q: EventQueue<T>): { timeUs: number; item: T }[] {
	const out: { timeUs: number; item: T }[] = [];
	for (let e = pop(q); e !== undefined; e = pop(q)) out.push(e);
	return out;
}

describe('EventQueue', () => {
	it('an empty queue pops undefined and peeks Infinity', () => {
		const q = new EventQueue<string>();
		expect(q.size).toBe(0);
		expect(q.popItem()).toBeUndefined();
		expect(q.peekTimeUs()).toBe(Infinity);
	});

	it('pops in time order', () => {
		const q = new EventQueue<string>();
		q.push(30, 'c');
		q.push(10, 'a');
		q.push(20, 'b');
		q.push(5, 'z');
		expect(q.size).toBe(4);
		expect(q.peekTimeUs()).toBe(5);
		expect(drain(q).map((e) => [e.timeUs, e.item])).toEqual([
			[5, 'z'],
			[10, 'a'],
			[20, 'b'],
			[30, 'c']
		]);
		expect(q.size).toBe(0);
	});

	it('ties keep insertion order', () => {
		const q = new EventQueue<number>();
		for (let i = 0; i < 100; i++) q.push(7, i);
		q.push(3, -1);
		const out = drain(q);
		expect(out[0].item).toBe(-1);
		expect(out.slice(1).map((e) => e.item)).toEqual(Array.from({ length: 100 }, (_, i) => i));
	});

	it('hands out the items by time, ties in the order pushed, each at the time peekTimeUs said', () => {
		const q = new EventQueue<number>();
		const times = [40, 10, 10, 30, 5, 40, 10, 0, 30, 5];
		times.forEach((t, i) => q.push(t, i));
		const got: number[][] = [];
		for (let t = q.peekTimeUs(); t !== Infinity; t = q.peekTimeUs()) got.push([t, q.popItem() as number]);
		expect(got).toEqual([[0, 7], [5, 4], [5, 9], [10, 1], [10, 2], [10, 6], [30, 3], [30, 8], [40, 0], [40, 5]]);
		expect(q.popItem()).toBeUndefined();
	});

	it('keeps its order past a million events and times past 2^31 µs', () => {
		// the heap's arrays grow while events wait, and the clock passes what V8 keeps as small integers
		const q = new EventQueue<number>();
		const base = 2 ** 31 - 50;
		let n = 0;
		let last = -1;
		let lastItem = -1;
		let popped = 0;
		for (let round = 0; round < 1_000; round++) {
			// each round's times after every earlier round's, in a scrambled order with ties
			for (let i = 0; i < 1_000; i++) q.push(base + round * 1_000 + ((i * 7919) % 997), n++);
			for (let i = 0; i < 990; i++) {
				const t = q.peekTimeUs();
				const item = q.popItem() as number;
				if (t < last || (t === last && item < lastItem)) throw new Error(`out of order: ${t} (${item}) after ${last} (${lastItem})`);
				last = t;
				lastItem = item;
				popped++;
			}
		}
		expect(popped).toBe(990_000);
		expect(q.size).toBe(10_000);
		expect(last).toBeGreaterThan(2 ** 31);
	});

	it('interleaved pushes and pops keep (time, seq) order', () => {
		const q = new EventQueue<string>();
		q.push(10, 'a');
		q.push(10, 'b');
		expect(q.popItem()).toBe('a');
		q.push(10, 'c');
		q.push(5, 'd');
		expect(drain(q).map((e) => e.item)).toEqual(['d', 'b', 'c']);
	});

	it('behaves like a stable-sorted array (property)', () => {
		type Op = { push: number } | { pop: true };
		const op: fc.Arbitrary<Op> = fc.oneof(
			{ weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }).map((t) => ({ push: t })) },
			{ weight: 2, arbitrary: fc.constant({ pop: true as const }) }
		);
		fc.assert(
			fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
				const q = new EventQueue<number>();
				let twin: { timeUs: number; item: number }[] = [];
				let n = 0;
				for (const o of ops) {
					if ('push' in o) {
						q.push(o.push, n);
						twin.push({ timeUs: o.push, item: n });
						n++;
						// stable sort: equal times keep insertion order
						twin = twin.map((e, i) => ({ e, i })).sort((a, b) => a.e.timeUs - b.e.timeUs || a.i - b.i).map((x) => x.e);
					} else {
						const got = pop(q);
						const want = twin.shift();
						if (want === undefined) {
							if (got !== undefined) return false;
						} else if (got === undefined || got.timeUs !== want.timeUs || got.item !== want.item) {
							return false;
						}
					}
					if (q.size !== twin.length) return false;
					if (q.peekTimeUs() !== (twin.length > 0 ? twin[0].timeUs : Infinity)) return false;
				}
				const rest = drain(q).map((e) => e.item);
				return JSON.stringify(rest) === JSON.stringify(twin.map((e) => e.item));
			}),
			{ numRuns: 300, seed: 990898 }
		);
	});
});

// =============================================================================================
// network.ts

function net(params: Partial<NetworkParams> = {}, seed = 1, size = 3): Network {
	return new Network(size, { latencyUs: 500, jitterUs: 100, lossRate: 0, ...params }, new Prng(seed));
}

function allPairs(size: number): [number, number][] {
	const out: [number, number][] = [];
	for (let a = 1; a <= size; a++) for (let b = 1; b <= size; b++) if (a !== b) out.push([a, b]);
	return out;
}

describe('Network', () => {
	it('delivery = send time + latency +- jitter, spanning the whole range', () => {
		const n = net({ latencyUs: 500, jitterUs: 100 });
		const delays: number[] = [];
		for (let i = 0; i < 2000; i++) {
			const now = i * 10_000; // far apart: FIFO never holds a message back
			const s = n.send(1, 2, now);
			expect(s).not.toBeNull();
			delays.push((s as { atUs: number }).atUs - now);
		}
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
		expect(Math.max(...delays)).toBeLessThanOrEqual(600);
		expect(Math.min(...delays)).toBeLessThan(420);
		expect(Math.max(...delays)).toBeGreaterThan(580);
		expect(delays.every((d) => Number.isInteger(d))).toBe(true);
	});

	it('no jitter means exactly the latency', () => {
		const n = net({ latencyUs: 750, jitterUs: 0 });
		for (let i = 0; i < 50; i++) expect(n.send(2, 3, i * 1000)?.atUs).toBe(i * 1000 + 750);
	});

	it('a delay is never negative, even with jitter larger than the latency', () => {
		const n = net({ latencyUs: 10, jitterUs: 1000 });
		for (let i = 0; i < 500; i++) {
			const now = i * 5000;
			const s = n.send(1, 3, now);
			expect((s as { atUs: number }).atUs).toBeGreaterThanOrEqual(now);
		}
	});

	it('links are FIFO: a message never overtakes an earlier one on the same link', () => {
		const n = net({ latencyUs: 500, jitterUs: 400 }, 3);
		let last = -1;
		for (let i = 0; i < 1000; i++) {
			const s = n.send(1, 2, i); // 1 us apart: jitter would reorder without FIFO
			const at = (s as { atUs: number }).atUs;
			expect(at).toBeGreaterThanOrEqual(last);
			last = at;
		}
	});

	it('FIFO is per link and direction', () => {
		const n = net({ latencyUs: 10_000, jitterUs: 0 });
		expect(n.send(1, 2, 0)?.atUs).toBe(10_000);
		n.params = { latencyUs: 100, jitterUs: 0, lossRate: 0 };
		expect(n.send(1, 2, 1)?.atUs).toBe(10_000); // held behind the slow one
		expect(n.send(2, 1, 1)?.atUs).toBe(101);
		expect(n.send(1, 3, 1)?.atUs).toBe(101);
	});

	it('loss rate is statistically plausible with a fixed seed', () => {
		const n = net({ lossRate: 0.3 }, 1234);
		const total = 20_000;
		let lost = 0;
		for (let i = 0; i < total; i++) if (n.send(1 + (i % 3), 1 + ((i + 1) % 3), i * 1000) === null) lost++;
		expect(lost / total).toBeGreaterThan(0.28);
		expect(lost / total).toBeLessThan(0.32);
	});

	it('loss rate 0 loses nothing, 1 loses everything', () => {
		const none = net({ lossRate: 0 });
		const all = net({ lossRate: 1 });
		for (let i = 0; i < 1000; i++) {
			expect(none.send(1, 2, i * 1000)).not.toBeNull();
			expect(all.send(1, 2, i * 1000)).toBeNull();
		}
	});

	it('the same seed gives the same deliveries and losses', () => {
		const run = (): string => {
			const n = net({ lossRate: 0.2, jitterUs: 300 }, 99);
			return Array.from({ length: 500 }, (_, i) => JSON.stringify(n.send(1 + (i % 3), 1 + ((i + 2) % 3), i * 7))).join(';');
		};
		expect(run()).toBe(run());
	});

	it('a partition blocks links across groups, both ways, and keeps links inside groups', () => {
		const n = net({}, 1, 5);
		n.partition([[1, 2], [3, 4, 5]], 0);
		for (const [a, b] of allPairs(5)) {
			const same = (a <= 2) === (b <= 2);
			expect(n.connected(a, b), `${a}->${b}`).toBe(same);
			expect(n.send(a, b, 10) !== null, `${a}->${b}`).toBe(same);
			expect(n.downSince(a, b)).toBe(same ? -1 : 0);
		}
		expect(n.isDivided()).toBe(true);
		expect(n.groups()).toEqual([
			[1, 2],
			[3, 4, 5]
		]);
	});

	it('a new partition replaces the earlier one', () => {
		const n = net();
		n.partition([[1], [2, 3]], 0);
		n.partition([[1, 2], [3]], 100);
		expect(n.connected(1, 2)).toBe(true);
		expect(n.connected(2, 1)).toBe(true);
		expect(n.connected(1, 3)).toBe(false);
		expect(n.connected(3, 2)).toBe(false);
	});

	it('a member always reaches itself', () => {
		const n = net();
		n.partition([[1], [2], [3]], 0);
		n.cut(1, 1, 0);
		for (let m = 1; m <= 3; m++) expect(n.connected(m, m)).toBe(true);
	});

	it('a cut is one-way', () => {
		const n = net();
		n.cut(1, 2, 50);
		expect(n.connected(1, 2)).toBe(false);
		expect(n.send(1, 2, 60)).toBeNull();
		expect(n.connected(2, 1)).toBe(true);
		expect(n.send(2, 1, 60)).not.toBeNull();
		for (const [a, b] of allPairs(3)) if (!(a === 1 && b === 2)) expect(n.connected(a, b)).toBe(true);
		expect(n.cuts()).toEqual([{ from: 1, to: 2 }]);
		expect(n.downSince(1, 2)).toBe(50);
		expect(n.downSince(2, 1)).toBe(-1);
		expect(n.isDivided()).toBe(true);
	});

	it('a message arrives if its link stayed up', () => {
		const n = net();
		const s = n.send(1, 2, 0);
		expect(s).not.toBeNull();
		expect(n.arrives(1, 2, (s as { epoch: number }).epoch)).toBe(true);
	});

	it('a message in flight when its link is cut does not arrive, even if healed before delivery', () => {
		const n = net();
		const s = n.send(1, 2, 0) as { atUs: number; epoch: number };
		const back = n.send(2, 1, 0) as { atUs: number; epoch: number };
		n.cut(1, 2, 100);
		expect(n.arrives(1, 2, s.epoch)).toBe(false);
		n.heal(200);
		expect(200).toBeLessThan(s.atUs);
		expect(n.arrives(1, 2, s.epoch)).toBe(false);
		// the other direction was never cut
		expect(n.arrives(2, 1, back.epoch)).toBe(true);
		// a message sent after the heal arrives
		const later = n.send(1, 2, 300) as { atUs: number; epoch: number };
		expect(later).not.toBeNull();
		expect(n.arrives(1, 2, later.epoch)).toBe(true);
	});

	it('a message in flight across a partition that heals before delivery does not arrive', () => {
		const n = net();
		const s13 = n.send(1, 3, 0) as { epoch: number };
		const s31 = n.send(3, 1, 0) as { epoch: number };
		const s12 = n.send(1, 2, 0) as { epoch: number };
		n.partition([[1, 2], [3]], 10);
		n.heal(20);
		expect(n.arrives(1, 3, s13.epoch)).toBe(false);
		expect(n.arrives(3, 1, s31.epoch)).toBe(false);
		expect(n.arrives(1, 2, s12.epoch)).toBe(true);
	});

	it('a message sent while the link was down was dropped at once', () => {
		const n = net();
		n.partition([[1], [2, 3]], 0);
		expect(n.send(1, 2, 5)).toBeNull();
		expect(n.send(2, 1, 5)).toBeNull();
	});

	it('heal restores every link', () => {
		const n = net({}, 1, 5);
		n.partition([[1], [2, 3], [4, 5]], 0);
		n.cut(2, 3, 0);
		n.cut(5, 4, 0);
		n.heal(100);
		for (const [a, b] of allPairs(5)) {
			expect(n.connected(a, b)).toBe(true);
			expect(n.send(a, b, 200)).not.toBeNull();
			expect(n.downSince(a, b)).toBe(-1);
		}
		expect(n.isDivided()).toBe(false);
		expect(n.cuts()).toEqual([]);
		expect(n.groups()).toEqual([[1, 2, 3, 4, 5]]);
	});

	it('heal with nothing cut changes nothing', () => {
		const n = net();
		const s = n.send(1, 2, 0) as { epoch: number };
		n.heal(10);
		expect(n.arrives(1, 2, s.epoch)).toBe(true);
		expect(n.isDivided()).toBe(false);
	});
});

// =============================================================================================
// disk.ts

describe('Disk', () => {
	it('a write on an idle disk is durable after one fsync', () => {
		const d = new Disk(1000);
		expect(d.submit(0)).toBe(1000);
		expect(d.busy(0)).toBe(true);
		expect(d.busy(999)).toBe(true);
		expect(d.busy(1000)).toBe(false);
		expect(d.submit(5000)).toBe(6000);
		expect(d.fsyncs).toBe(2);
	});

	it('group commit: writes submitted while an fsync runs complete together at the end of the next fsync', () => {
		const d = new Disk(1000);
		expect(d.submit(0)).toBe(1000); // fsync #1: 0..1000
		expect(d.submit(100)).toBe(2000); // waits for fsync #2: 1000..2000
		expect(d.submit(500)).toBe(2000);
		expect(d.submit(999)).toBe(2000);
		expect(d.fsyncs).toBe(2);
		// while #2 runs, the next batch forms for #3
		expect(d.submit(1500)).toBe(3000);
		expect(d.submit(1900)).toBe(3000);
		expect(d.fsyncs).toBe(3);
	});

	it('changing fsyncUs affects later writes only', () => {
		const d = new Disk(1000);
		const first = d.submit(0);
		expect(first).toBe(1000);
		d.fsyncUs = 40_000;
		expect(d.submit(100)).toBe(41_000); // next fsync starts at 1000, now 40 ms long
		expect(d.submit(200)).toBe(41_000);
		expect(d.submit(100_000)).toBe(140_000);
		d.fsyncUs = 10;
		expect(d.submit(200_000)).toBe(200_010);
	});

	it('reset leaves an idle device', () => {
		const d = new Disk(1000);
		d.submit(0);
		d.submit(10);
		d.reset();
		expect(d.busy(20)).toBe(false);
		expect(d.submit(20)).toBe(1020);
	});
});

// =============================================================================================
// kv/store.ts

let reqId = 1;
const putCmd = (key: string, value: string): Command => ({ op: 'put', key, value, origin: 1, reqId: reqId++ });
const delCmd = (key: string): Command => ({ op: 'delete', key, value: '', origin: 1, reqId: reqId++ });

describe('KvStore', () => {
	it('starts at revision 1, empty', () => {
		const s = new KvStore();
		expect(s.revision).toBe(1);
		expect(s.size).toBe(0);
		expect(s.get('a')).toBeUndefined();
		expect(s.toObject()).toEqual({});
	});

	it('put and delete add one revision each; delete of a missing key does not', () => {
		const s = new KvStore();
		expect(s.apply(putCmd('a', '1'))).toEqual({ type: 'PUT', key: 'a', value: '1', revision: 2 });
		expect(s.revision).toBe(2);
		expect(s.apply(putCmd('b', '1'))?.revision).toBe(3);
		expect(s.apply(delCmd('a'))).toEqual({ type: 'DELETE', key: 'a', value: null, revision: 4 });
		expect(s.revision).toBe(4);
		expect(s.apply(delCmd('a'))).toBeNull();
		expect(s.apply(delCmd('never'))).toBeNull();
		expect(s.revision).toBe(4);
		expect(s.get('a')).toBeUndefined();
		expect(s.toObject()).toEqual({ b: '1' });
	});

	it('tracks version, createRevision and modRevision as etcd does', () => {
		const s = new KvStore();
		s.apply(putCmd('k', 'v1')); // rev 2
		expect(s.get('k')).toEqual<KeyRecord>({ value: 'v1', createRevision: 2, modRevision: 2, version: 1 });
		s.apply(putCmd('other', 'x')); // rev 3
		s.apply(putCmd('k', 'v2')); // rev 4
		expect(s.get('k')).toEqual<KeyRecord>({ value: 'v2', createRevision: 2, modRevision: 4, version: 2 });
		s.apply(putCmd('k', 'v2')); // rev 5: same value still counts
		expect(s.get('k')).toEqual<KeyRecord>({ value: 'v2', createRevision: 2, modRevision: 5, version: 3 });
		s.apply(delCmd('k')); // rev 6
		s.apply(putCmd('k', 'again')); // rev 7: a new generation
		expect(s.get('k')).toEqual<KeyRecord>({ value: 'again', createRevision: 7, modRevision: 7, version: 1 });
		expect(s.revision).toBe(7);
	});

	it('eventsSince returns the key events from a revision on', () => {
		const s = new KvStore();
		s.apply(putCmd('a', '1')); // 2
		s.apply(putCmd('b', '1')); // 3
		s.apply(putCmd('a', '2')); // 4
		s.apply(delCmd('a')); // 5
		s.apply(delCmd('a')); // nothing
		expect(s.eventsSince('a', 1)?.map((e) => [e.type, e.value, e.revision])).toEqual([
			['PUT', '1', 2],
			['PUT', '2', 4],
			['DELETE', null, 5]
		]);
		expect(s.eventsSince('a', 4)?.map((e) => e.revision)).toEqual([4, 5]);
		expect(s.eventsSince('a', 6)).toEqual([]);
		expect(s.eventsSince('b', 2)?.map((e) => e.revision)).toEqual([3]);
		expect(s.eventsSince('zzz', 1)).toEqual([]);
	});

	it('eventsSince says null once the history was compacted past the revision', () => {
		const s = new KvStore();
		const n = 20_001;
		for (let i = 0; i < n; i++) s.apply(putCmd(`k${i % 10}`, String(i)));
		expect(s.revision).toBe(n + 1);
		expect(s.compactedRevision).toBeGreaterThan(1);
		const c = s.compactedRevision;
		expect(s.eventsSince('k0', c - 1)).toBeNull();
		const kept = s.eventsSince(`k${(c - 2) % 10}`, c);
		expect(kept).not.toBeNull();
		// the event at the compacted revision itself is still there
		expect(kept?.[0].revision).toBe(c);
		expect(kept?.every((e, i, all) => i === 0 || e.revision > all[i - 1].revision)).toBe(true);
	});

	it('snapshot / restore round trip', () => {
		const s = new KvStore();
		s.apply(putCmd('b', '2'));
		s.apply(putCmd('a', '1'));
		s.apply(putCmd('b', '3'));
		s.apply(putCmd('c', 'x'));
		s.apply(delCmd('c'));
		const snap = s.snapshot();
		expect(snap.revision).toBe(6);

		const t = new KvStore();
		t.restore(snap);
		expect(t.revision).toBe(s.revision);
		expect(t.toObject()).toEqual(s.toObject());
		expect(Object.keys(t.toObject())).toEqual(['a', 'b']);
		expect(t.size).toBe(2);
		for (const k of ['a', 'b', 'c']) expect(t.get(k)).toEqual(s.get(k));
		// history before the snapshot is gone; from the next revision on it is complete
		expect(t.eventsSince('b', snap.revision)).toBeNull();
		expect(t.eventsSince('b', snap.revision + 1)).toEqual([]);
		// and the restored store carries on where the snapshot left off
		expect(t.apply(putCmd('b', '4'))).toEqual({ type: 'PUT', key: 'b', value: '4', revision: 7 });
		expect(t.get('b')).toEqual<KeyRecord>({ value: '4', createRevision: 2, modRevision: 7, version: 3 });
		expect(t.eventsSince('b', 7)?.map((e) => e.value)).toEqual(['4']);
		// a snapshot of the restored store equals the original one (plus the new put)
		const again = new KvStore();
		again.restore(t.snapshot());
		expect(again.toObject()).toEqual({ a: '1', b: '4' });
	});

	it('a snapshot is a copy: later changes to either side do not leak', () => {
		const s = new KvStore();
		s.apply(putCmd('a', '1'));
		const snap = s.snapshot();
		s.apply(putCmd('a', '2'));
		expect(snap.records).toEqual([['a', { value: '1', createRevision: 2, modRevision: 2, version: 1 }]]);
		const t = new KvStore();
		t.restore(snap);
		snap.records[0][1].value = 'mutated';
		expect(t.get('a')?.value).toBe('1');
	});
});

// =============================================================================================
// raft/log.ts

const ent = (index: number, term: number, id = index * 100 + term): Entry => ({ index, term, id, cmd: null });
/** Entries from index `from` on, with the given terms. */
const ents = (from: number, terms: readonly number[]): Entry[] => terms.map((t, i) => ent(from + i, t));
const snap = (index: number, term: number): Snapshot => ({ index, term, data: null });

function logWith(terms: readonly number[]): RaftLog {
	const l = new RaftLog();
	l.append(ents(1, terms));
	return l;
}

const termsOf = (l: RaftLog): number[] => {
	const out: number[] = [];
	for (let i = l.firstIndex(); i <= l.lastIndex(); i++) out.push(l.term(i));
	return out;
};

describe('RaftLog', () => {
	it('an empty log', () => {
		const l = new RaftLog();
		expect(l.firstIndex()).toBe(1);
		expect(l.lastIndex()).toBe(0);
		expect(l.lastTerm()).toBe(0);
		expect(l.term(0)).toBe(0);
		expect(l.term(1)).toBe(-1);
		expect(l.appliable()).toEqual([]);
		expect(l.matchTerm(0, 0)).toBe(true);
	});

	it('append at the end, and term / entry at each index', () => {
		const l = logWith([1, 1, 2]);
		expect(l.lastIndex()).toBe(3);
		expect(l.lastTerm()).toBe(2);
		expect([l.term(0), l.term(1), l.term(2), l.term(3), l.term(4)]).toEqual([0, 1, 1, 2, -1]);
		expect(l.entry(2)).toEqual(ent(2, 1));
		l.append(ents(4, [2, 3]));
		expect(termsOf(l)).toEqual([1, 1, 2, 2, 3]);
		l.append([]);
		expect(l.lastIndex()).toBe(5);
	});

	it('append over a conflicting suffix drops it', () => {
		const l = logWith([1, 1, 2, 2, 2]);
		l.stableIndex = 5;
		l.append(ents(3, [3]));
		expect(termsOf(l)).toEqual([1, 1, 3]);
		expect(l.truncatedTo).toBe(2);
		expect(l.stableIndex).toBe(2);
	});

	it('truncateAfter drops later entries and refuses to drop committed ones', () => {
		const l = logWith([1, 1, 1, 1]);
		l.commitTo(2);
		l.truncateAfter(3);
		expect(l.lastIndex()).toBe(3);
		expect(l.truncatedTo).toBe(3);
		l.truncateAfter(2);
		expect(l.lastIndex()).toBe(2);
		expect(l.truncatedTo).toBe(2);
		expect(() => l.truncateAfter(1)).toThrow(/committed/);
		expect(l.lastIndex()).toBe(2);
	});

	it('findConflict', () => {
		const l = logWith([1, 1, 2]);
		expect(l.findConflict([])).toBe(0);
		expect(l.findConflict(ents(1, [1, 1, 2]))).toBe(0); // all present
		expect(l.findConflict(ents(2, [1, 2]))).toBe(0);
		expect(l.findConflict(ents(2, [1, 2, 3]))).toBe(4); // first new
		expect(l.findConflict(ents(2, [1, 3, 3]))).toBe(3); // first conflict
		expect(l.findConflict(ents(1, [4]))).toBe(1);
	});

	it('findConflictByTerm', () => {
		const l = logWith([1, 1, 2, 2, 4, 4]);
		expect(l.findConflictByTerm(6, 3)).toEqual({ index: 4, term: 2 });
		expect(l.findConflictByTerm(6, 4)).toEqual({ index: 6, term: 4 });
		expect(l.findConflictByTerm(10, 1)).toEqual({ index: 2, term: 1 });
		expect(l.findConflictByTerm(6, 0)).toEqual({ index: 0, term: 0 });
	});

	it('maybeAppend refuses when the previous entry does not match', () => {
		const l = logWith([1, 1, 2]);
		expect(l.maybeAppend(3, 1, 3, ents(4, [2]))).toBe(-1);
		expect(l.maybeAppend(5, 2, 3, ents(6, [2]))).toBe(-1);
		expect(termsOf(l)).toEqual([1, 1, 2]);
		expect(l.committed).toBe(0);
	});

	it('maybeAppend appends new entries and advances commit to min(leaderCommit, last new)', () => {
		const l = logWith([1, 1]);
		expect(l.maybeAppend(2, 1, 10, ents(3, [2, 2]))).toBe(4);
		expect(termsOf(l)).toEqual([1, 1, 2, 2]);
		expect(l.committed).toBe(4);
		expect(l.maybeAppend(4, 2, 3, [])).toBe(4);
		expect(l.committed).toBe(4); // commit never goes back
	});

	it('maybeAppend of entries we already hold keeps the rest of the log (a stale, reordered append)', () => {
		const l = logWith([1, 1, 2, 2, 2]);
		expect(l.maybeAppend(1, 1, 2, ents(2, [1, 2]))).toBe(3);
		expect(termsOf(l)).toEqual([1, 1, 2, 2, 2]);
		expect(l.committed).toBe(2);
		expect(l.truncatedTo).toBe(Infinity);
	});

	it('maybeAppend replaces a conflicting uncommitted suffix', () => {
		const l = logWith([1, 1, 2, 2, 2]);
		l.commitTo(2);
		expect(l.maybeAppend(2, 1, 3, ents(3, [3, 3]))).toBe(4);
		expect(termsOf(l)).toEqual([1, 1, 3, 3]);
		expect(l.committed).toBe(3);
		expect(l.truncatedTo).toBe(2);
	});

	it('maybeAppend never overwrites a committed entry', () => {
		const l = logWith([1, 1, 2]);
		l.commitTo(3);
		expect(() => l.maybeAppend(1, 1, 3, ents(2, [1, 3]))).toThrow(/committed/);
	});

	it('commitTo only moves forward and never past the last index', () => {
		const l = logWith([1, 1, 1]);
		l.commitTo(2);
		expect(l.committed).toBe(2);
		l.commitTo(1);
		expect(l.committed).toBe(2);
		expect(() => l.commitTo(4)).toThrow(/beyond/);
		expect(l.committed).toBe(2);
	});

	it('appliable: committed, durable and not yet applied', () => {
		const l = logWith([1, 1, 2, 2]);
		expect(l.appliable()).toEqual([]);
		l.commitTo(3);
		expect(l.appliable()).toEqual([]); // nothing durable yet
		l.stableTo(2, 1);
		expect(l.appliable()).toEqual(ents(1, [1, 1]));
		l.stableTo(4, 2);
		expect(l.stableIndex).toBe(4);
		expect(l.appliable()).toEqual(ents(1, [1, 1, 2]));
		l.applied = 2;
		expect(l.appliable()).toEqual([ent(3, 2)]);
		l.applied = 3;
		expect(l.appliable()).toEqual([]);
	});

	it('stableTo ignores an index whose term no longer matches, and never moves back', () => {
		const l = logWith([1, 1, 2]);
		l.stableTo(3, 1);
		expect(l.stableIndex).toBe(0);
		l.stableTo(3, 2);
		expect(l.stableIndex).toBe(3);
		l.stableTo(1, 1);
		expect(l.stableIndex).toBe(3);
	});

	it('slice returns [lo, hi] capped by max and the last index', () => {
		const l = logWith([1, 1, 2, 2, 3]);
		expect(l.slice(2, 4, 10)).toEqual(ents(2, [1, 2, 2]));
		expect(l.slice(2, 4, 2)).toEqual(ents(2, [1, 2]));
		expect(l.slice(4, 100, 100)).toEqual(ents(4, [2, 3]));
		expect(l.slice(6, 8, 10)).toEqual([]);
		expect(l.slice(0, 2, 10)).toBeNull();
	});

	it('isUpToDate (section 5.4.1)', () => {
		const l = logWith([1, 2, 2]);
		expect(l.isUpToDate(3, 2)).toBe(true);
		expect(l.isUpToDate(4, 2)).toBe(true);
		expect(l.isUpToDate(2, 2)).toBe(false);
		expect(l.isUpToDate(1, 3)).toBe(true);
		expect(l.isUpToDate(10, 1)).toBe(false);
	});

	it('compact drops the prefix and keeps terms at the offset', () => {
		const l = logWith([1, 1, 2, 2, 3, 3, 3]);
		l.commitTo(6);
		l.stableTo(7, 3);
		l.applied = 5;
		l.compact(snap(5, 3), 4);
		expect(l.offset).toBe(4);
		expect(l.offsetTerm).toBe(2);
		expect(l.firstIndex()).toBe(5);
		expect(l.lastIndex()).toBe(7);
		expect(l.snapshot).toEqual(snap(5, 3));
		expect([l.term(3), l.term(4), l.term(5), l.term(7), l.term(8)]).toEqual([-1, 2, 3, 3, -1]);
		expect(l.entry(5)).toEqual(ent(5, 3));
		expect(l.slice(4, 7, 10)).toBeNull();
		expect(l.slice(5, 7, 10)).toEqual(ents(5, [3, 3, 3]));
		expect(l.appliable()).toEqual([ent(6, 3)]);
		expect(l.matchTerm(4, 2)).toBe(true);
		expect(l.findConflictByTerm(7, 2)).toEqual({ index: 4, term: 2 });
	});

	it('compact to the last index leaves an empty log that still knows its last term', () => {
		const l = logWith([1, 2, 2]);
		l.commitTo(3);
		l.stableTo(3, 2);
		l.applied = 3;
		l.compact(snap(3, 2), 3);
		expect(l.entries).toEqual([]);
		expect(l.lastIndex()).toBe(3);
		expect(l.lastTerm()).toBe(2);
		expect(l.term(3)).toBe(2);
		expect(l.appliable()).toEqual([]);
		l.append(ents(4, [3]));
		expect(l.lastIndex()).toBe(4);
		expect(l.term(4)).toBe(3);
		expect(l.maybeAppend(3, 2, 4, ents(4, [3]))).toBe(4);
	});

	it('compact at or below the offset only keeps the snapshot', () => {
		const l = logWith([1, 1, 1, 1]);
		l.compact(snap(3, 1), 3);
		l.compact(snap(3, 1), 2);
		expect(l.offset).toBe(3);
		expect(l.lastIndex()).toBe(4);
		expect(termsOf(l)).toEqual([1]);
	});

	it('append and truncate work after a compaction', () => {
		const l = logWith([1, 1, 1, 2, 2, 2]);
		l.compact(snap(3, 1), 3);
		l.append(ents(5, [4, 4]));
		expect(l.lastIndex()).toBe(6);
		expect([l.term(3), l.term(4), l.term(5), l.term(6)]).toEqual([1, 2, 4, 4]);
		expect(l.maybeAppend(3, 1, 0, ents(4, [5]))).toBe(4);
		expect(l.lastIndex()).toBe(4);
		expect(l.term(4)).toBe(5);
	});

	it('restoreSnapshot replaces the log', () => {
		const l = logWith([1, 1, 2]);
		l.restoreSnapshot(snap(10, 4));
		expect(l.entries).toEqual([]);
		expect(l.offset).toBe(10);
		expect(l.lastIndex()).toBe(10);
		expect(l.lastTerm()).toBe(4);
		expect(l.committed).toBe(10);
		expect(l.stableIndex).toBe(10);
		expect(l.pendingSnapshot).toEqual(snap(10, 4));
		expect(l.term(10)).toBe(4);
		expect(l.term(5)).toBe(-1);
	});

	it('RaftLog.restore rebuilds a log from what was on disk', () => {
		const l = RaftLog.restore(snap(4, 2), 4, 2, ents(5, [2, 3]), 5);
		expect(l.firstIndex()).toBe(5);
		expect(l.lastIndex()).toBe(6);
		expect(l.stableIndex).toBe(6);
		expect(l.committed).toBe(5);
		expect(l.applied).toBe(4);
		expect(l.appliable()).toEqual([ent(5, 2)]);
		const fresh = RaftLog.restore(null, 0, 0, ents(1, [1, 1]), 0);
		expect(fresh.committed).toBe(0);
		expect(fresh.applied).toBe(0);
		expect(fresh.lastIndex()).toBe(2);
		// a commit behind the snapshot is raised to it
		expect(RaftLog.restore(snap(4, 2), 4, 2, [], 1).committed).toBe(4);
	});

	it('behaves like an array of terms under appends, truncations and compactions (property)', () => {
		type Op = { append: { at: number; terms: number[] } } | { compact: number };
		const op: fc.Arbitrary<Op> = fc.oneof(
			fc.record({ append: fc.record({ at: fc.nat(40), terms: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }) }) }),
			fc.record({ compact: fc.nat(40) })
		);
		fc.assert(
			fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
				const l = new RaftLog();
				let model: number[] = []; // model[i] = term of index i + 1
				let offset = 0;
				for (const o of ops) {
					if ('append' in o) {
						// an append may start anywhere after the offset and at most right after the end
						const first = offset + 1 + (o.append.at % (model.length - offset + 1));
						l.append(ents(first, o.append.terms));
						model = [...model.slice(0, first - 1), ...o.append.terms];
					} else {
						const to = Math.min(o.compact, model.length);
						l.compact(snap(to, to === 0 ? 0 : model[to - 1]), to);
						offset = Math.max(offset, to);
					}
					if (l.lastIndex() !== model.length) return false;
					if (l.firstIndex() !== offset + 1) return false;
					for (let i = offset + 1; i <= model.length; i++) if (l.term(i) !== model[i - 1]) return false;
					if (offset > 0 && l.term(offset) !== model[offset - 1]) return false;
					if (l.term(offset - 1) !== -1 && offset > 0) return false;
					if (l.term(model.length + 1) !== -1) return false;
					if (l.lastTerm() !== (model.length > 0 ? model[model.length - 1] : 0)) return false;
				}
				return true;
			}),
			{ numRuns: 300, seed: 892040 }
		);
	});
});
