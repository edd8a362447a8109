/**
 * The disk as etcd uses it: the backend's batched commits (interval, limit, lock), disks with a
 * seeded tail, and the raft loop's choice between a tick and its work (Go's select).
 */
import { describe, expect, it } from 'vitest';
import { Backend, BACKEND_INTERVAL_US, BACKEND_LIMIT, LOOP_WORK_FIRST } from '../../src/lib/cluster/backend';
import { Cluster } from '../../src/lib/cluster/cluster';
import type { ClientOp, ClusterOptions } from '../../src/lib/cluster/types';
import { openLoop } from '../../src/lib/lab/etcd-facts';
import { validateScenario } from '../../src/lib/scenario/validate';
import { runScenario } from '../../src/lib/scenario/run';
import { Disk, fsyncAtUs, shapeAt } from '../../src/lib/sim/disk';
import { Prng } from '../../src/lib/sim/prng';

const OPTS = { intervalUs: BACKEND_INTERVAL_US, limit: BACKEND_LIMIT, syncsPerCommit: 2, extraSyncsPerWrite: 0 };

describe('backend: batched commits', () => {
	it("commits every 100 ms from the end of the last commit (etcd's batch interval, its timer reset after a commit)", () => {
		const b = new Backend(0, OPTS);
		const disk = new Disk(5000);
		// nothing pending: no commit is armed
		expect(b.applied(10_000, 0)).toBe(-1);
		// the first write arms the timer at its next firing, 100 ms after the backend started
		expect(b.applied(10_000, 1)).toBe(100_000);
		// more writes before it fires join the same batch
		expect(b.applied(50_000, 3)).toBe(-1);
		expect(b.pending).toBe(4);
		// the commit: two syncs of 5 ms on the member's disk
		expect(b.commit(100_000, disk)).toBe(110_000);
		expect(b.pending).toBe(0);
		expect(disk.syncs).toBe(2);
		// the timer restarted when the commit returned: next firing 100 ms after 110
		expect(b.applied(120_000, 1)).toBe(210_000);
		// a long idle spell: the timer kept firing every 100 ms (nothing to commit), so a write at 1000 ms waits for 1010
		const c = new Backend(0, OPTS);
		c.commit(0, disk);
		expect(c.applied(1_000_000, 1)).toBe(1_010_000);
	});

	it('commits at once when 10,000 writes are pending (etcd batch limit)', () => {
		const b = new Backend(0, OPTS);
		expect(b.applied(1000, BACKEND_LIMIT - 1)).toBe(100_000);
		expect(b.applied(2000, 1)).toBe(-2);
		const small = new Backend(0, { ...OPTS, limit: 5 });
		expect(small.applied(0, 4)).toBe(100_000);
		expect(small.applied(0, 1)).toBe(-2);
	});

	it('holds the lock while it commits: an apply then waits for the commit to end', () => {
		const b = new Backend(0, OPTS);
		const disk = new Disk(20_000);
		b.applied(1000, 1);
		expect(b.commit(100_000, disk)).toBe(140_000);
		expect(b.lockFreeAt(99_000)).toBe(140_000);
		expect(b.lockFreeAt(120_000)).toBe(140_000);
		expect(b.lockFreeAt(150_000)).toBe(150_000);
	});

	it('in a cluster: a put applied while the backend commits is answered when the commit ends', () => {
		// one member, 20 ms syncs without spread, no client or apply time: a put costs its WAL fsync
		// (20 ms) unless its apply meets a commit (two more syncs, 40 ms)
		const opts: ClusterOptions = {
			size: 1, seed: 3, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000, latencyMs: 0, jitterMs: 0, lossRate: 0,
			fsyncMs: 20, clientTimeoutMs: 60_000, applyMs: 0, backendExtraSyncsPerWrite: 0
		};
		const latencies = (o: ClusterOptions): number[] => {
			const c = new Cluster(o);
			c.runUntil(2000);
			const out: number[] = [];
			let op: ClientOp = c.put(1, 'k', 'v');
			let n = 0;
			while (out.length < 40 && c.step()) {
				if (op.status === 'pending' || op.returnUs === null) continue;
				out.push((op.returnUs - op.callUs) / 1000);
				op = c.put(1, `k${n}`, `v${n++}`);
			}
			return out;
		};
		const without = latencies({ ...opts, backend: false });
		expect(new Set(without.map((x) => Math.round(x)))).toEqual(new Set([20]));
		const withBackend = latencies(opts);
		const waited = withBackend.filter((x) => x > 21);
		expect(waited.length).toBeGreaterThan(5);
		for (const x of waited) {
			expect(x).toBeGreaterThan(20);
			expect(x).toBeLessThanOrEqual(20 + 40 + 0.001);
		}
		const c = new Cluster(opts);
		c.runUntil(2000);
		for (let i = 0; i < 30; i++) c.put(1, `k${i}`, 'v');
		c.runUntil(4000);
		const b = c.backendOf(1);
		expect(b?.commits).toBeGreaterThan(0);
		expect(b?.pending).toBe(0);
		// each commit took its two 20 ms syncs
		expect((b?.commitUsTotal ?? 0) / (b?.commits ?? 1)).toBe(40_000);
	});

	it('the batch limit commits inline in a cluster', () => {
		const c = new Cluster({
			size: 1, seed: 1, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000, latencyMs: 0.1, jitterMs: 0, lossRate: 0,
			fsyncMs: 1, clientTimeoutMs: 60_000, backendLimit: 4, backendExtraSyncsPerWrite: 0
		});
		c.runUntil(2000);
		for (let i = 0; i < 40; i++) c.put(1, `k${i}`, 'v');
		c.runUntil(2050);
		// 40 writes in batches of 4, well inside one 100 ms interval
		expect(c.backendOf(1)?.commits).toBeGreaterThanOrEqual(10);
	});

	it('a WAL on its own disk (--wal-dir) does not wait for the backend: puts cost their WAL fsync', () => {
		const base = { version: 1, seed: 5, cluster: { size: 3 }, untilMs: 20_000, steps: [{ atMs: 2000, do: 'load', node: 1, writesPerSec: 20, durationMs: 15_000, keys: 10 }] };
		const shared = runScenario(validateScenario({ ...base, disk: { fsyncMs: 50 } })).report.summary.puts;
		const own = runScenario(validateScenario({ ...base, disk: { fsyncMs: 50, walFsyncMs: 0.5 } })).report.summary.puts;
		expect(shared.p50Ms as number).toBeGreaterThan(100);
		expect(own.p50Ms as number).toBeLessThan(shared.p50Ms as number);
	});
});

describe('disks with a tail', () => {
	it('the shape: p50 1x, p99 10x the median (log-normal, as measured: 1.2 ms and 11.9 ms)', () => {
		expect(shapeAt(0.5)).toBe(1);
		expect(shapeAt(0.99)).toBe(10);
		expect(fsyncAtUs(1000, 9000, 0.5)).toBe(1000);
		expect(fsyncAtUs(1000, 9000, 0.99)).toBe(10_000);
		// additive: a delay moves every quantile by itself
		expect(fsyncAtUs(51_000, 9000, 0.99) - fsyncAtUs(1000, 9000, 0.99)).toBe(50_000);
		expect(fsyncAtUs(1000, 0, 0.99)).toBe(1000);
	});

	it('is seeded: the same seed gives the same syncs, another seed others, with the median and p99 asked for', () => {
		const draw = (seed: number): number[] => {
			const d = new Disk(1200, new Prng(seed));
			d.tailUs = 10_700;
			const out: number[] = [];
			for (let i = 0; i < 20_000; i++) out.push(d.sampleUs());
			return out;
		};
		const a = draw(7);
		expect(draw(7)).toEqual(a);
		expect(draw(8)).not.toEqual(a);
		const s = a.slice().sort((x, y) => x - y);
		const q = (p: number): number => s[Math.floor(p * (s.length - 1))];
		expect(q(0.5)).toBeGreaterThan(1100);
		expect(q(0.5)).toBeLessThan(1300);
		expect(q(0.99)).toBeGreaterThan(10_500);
		expect(q(0.99)).toBeLessThan(13_500);
		expect(s[0]).toBeGreaterThanOrEqual(0);
	});

	it('disk.p99Ms in a scenario is optional, checked, and widens the put tail', () => {
		const base = { version: 1, seed: 3, cluster: { size: 3 }, untilMs: 12_000, steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 10_000, keys: 10 }] };
		expect(validateScenario(base).disk).toEqual({ fsyncMs: 1 });
		expect(validateScenario({ ...base, disk: { fsyncMs: 1, p99Ms: 10 } }).disk).toEqual({ fsyncMs: 1, p99Ms: 10 });
		expect(() => validateScenario({ ...base, disk: { fsyncMs: 2, p99Ms: 1 } })).toThrow(/disk\.p99Ms/);
		expect(() => validateScenario({ ...base, disk: { walP99Ms: 1 } })).toThrow(/disk\.walP99Ms/);
		const flat = runScenario(validateScenario(base)).report.summary.puts;
		const tail = runScenario(validateScenario({ ...base, disk: { fsyncMs: 1, p99Ms: 10 } })).report.summary.puts;
		expect(tail.p99Ms as number).toBeGreaterThan(2 * (flat.p99Ms as number));
	});
});

describe("the raft loop's choice (Go's select)", () => {
	const slow = (delayMs: number, loopWorkFirst: number, seed = 1) => openLoop({ size: 3, delayMs, slow: 'leader', ratePerSec: 10, durationMs: 20_000, seed, options: { loopWorkFirst } });

	it('a tick always first: a 120 ms leader fsync never makes heartbeats late; at random it does, as in etcd', () => {
		expect(slow(120, 0).heartbeatWarnings).toBe(0);
		const r = slow(120, LOOP_WORK_FIRST);
		expect(r.heartbeatWarnings).toBeGreaterThan(5);
		// the gap is 2-3 fsyncs (etcd: 303 ms at 100, 1204 at 400)
		expect(r.maxHeartbeatGapMs).toBeGreaterThan(240);
		expect(r.maxHeartbeatGapMs).toBeLessThan(6 * 120);
	});

	it('is seeded: the same seed picks the same way', () => {
		const a = slow(150, LOOP_WORK_FIRST, 4);
		expect(slow(150, LOOP_WORK_FIRST, 4)).toEqual(a);
		expect(slow(150, LOOP_WORK_FIRST, 5).heartbeatWarnings).not.toBe(-1);
	});

	it("logs etcd's warning with etcd 3.4's fields and the real gap", () => {
		const c = new Cluster({ size: 3, seed: 2, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000, latencyMs: 0.2, jitterMs: 0, lossRate: 0, fsyncMs: 1, clientTimeoutMs: 60_000 });
		c.runUntil(2000);
		const leader = c.currentLeader() as number;
		c.setFsyncMs(leader, 300);
		for (let i = 0; i < 40; i++) c.at(2000 + i * 100, () => void c.put(leader, `k${i}`, 'v'));
		c.runUntil(7000);
		const w = c.logs.find((l) => l.text.startsWith('leader failed to send out heartbeat on time'));
		expect(w?.text).toMatch(
			/^leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk \(to: n\d, heartbeat-interval: 100ms, expected-duration: 200ms, exceeded-duration: [0-9.]+ms, gap: [0-9.]+ms\)$/
		);
		const gap = Number(/gap: ([0-9.]+)ms/.exec(w?.text ?? '')?.[1]);
		const exceeded = Number(/exceeded-duration: ([0-9.]+)ms/.exec(w?.text ?? '')?.[1]);
		expect(gap).toBeGreaterThan(200);
		expect(gap - exceeded).toBeCloseTo(200, 5);
	});
});
