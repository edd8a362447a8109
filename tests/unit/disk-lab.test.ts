/**
 * The disk-speed lab on the engine: the shape of the curves, not their exact numbers (except where
 * the model makes a number exact: one member costs its own fsync plus apply).
 */
import { describe, expect, it } from 'vitest';
import { jobKey, toCsv } from '../../src/lib/lab/jobs';
import {
	BASELINE_FSYNC_MS,
	CLUSTER_SIZES,
	ETCD,
	FSYNC_VALUES_MS,
	calibrate,
	findLeadershipThresholds,
	firstOnGrid,
	loadPoints,
	pointParams,
	runPoint,
	runPoints,
	slowMembersFor,
	sweepPoints,
	thresholdParams,
	type PointResult,
	type SlowDisks
} from '../../src/lib/lab/sweep';

const LATENCY_MS = 0.5;

function sweep(slow: SlowDisks, extra: { clientLatencyMs?: number } = {}): PointResult[] {
	const points = sweepPoints({ sizes: CLUSTER_SIZES, fsyncValuesMs: FSYNC_VALUES_MS, slow, latencyMs: LATENCY_MS, clients: 1, puts: 60 });
	return runPoints(points.map((p) => ({ ...p, ...extra })));
}

const everyone = sweep('everyone');

function at(results: PointResult[], size: number, fsyncMs: number): PointResult {
	const r = results.find((x) => x.params.size === size && x.params.fsyncMs === fsyncMs);
	if (!r) throw new Error(`no point for ${size} members at ${fsyncMs} ms`);
	return r;
}

describe('disk lab: latency against fsync', () => {
	it('grows with fsync for every cluster size', () => {
		for (const size of CLUSTER_SIZES) {
			const p50 = FSYNC_VALUES_MS.map((f) => at(everyone, size, f).p50Ms);
			for (let i = 1; i < p50.length; i++) expect(p50[i], `${size} members, ${FSYNC_VALUES_MS[i]} ms`).toBeGreaterThanOrEqual(p50[i - 1]);
			expect(p50[p50.length - 1]).toBeGreaterThan(50 * p50[0]);
			// every put came back, in order, and without an election (200 ms is below the election timeout)
			for (const r of everyone.filter((x) => x.params.size === size)) {
				expect(r.completed).toBe(60);
				expect(r.ok).toBe(60);
				expect(r.elections).toBe(0);
			}
		}
	});

	it('p50 is never below one network round trip plus one fsync in a multi-member cluster', () => {
		// the client hop is set to 0 so the bound is the members' own round trip
		for (const slow of ['everyone', 'leader', 'follower', 'minority'] as const) {
			const results = sweep(slow, { clientLatencyMs: 0 });
			for (const r of results) {
				if (r.params.size === 1) continue;
				const roundTripMs = 2 * (r.params.latencyMs - r.params.jitterMs);
				// at least one follower's disk is in every quorum: the swept one or a baseline one
				const fsyncMs = Math.min(r.params.fsyncMs, r.params.baselineFsyncMs);
				expect(r.p50Ms, `${slow}, ${r.params.size} members, fsync ${r.params.fsyncMs}`).toBeGreaterThanOrEqual(roundTripMs + fsyncMs);
				if (slow === 'everyone') expect(r.minMs).toBeGreaterThanOrEqual(roundTripMs + r.params.fsyncMs);
			}
		}
	});

	it('a 1-member cluster costs exactly its own fsync plus apply (plus the client round trip)', () => {
		for (const fsyncMs of FSYNC_VALUES_MS) {
			const base = pointParams({ size: 1, fsyncMs, latencyMs: 0.5, jitterMs: 0, puts: 20 });
			const alone = runPoint({ ...base, clientLatencyMs: 0 });
			expect(alone.minMs).toBeCloseTo(fsyncMs + base.applyMs, 6);
			expect(alone.maxMs).toBeCloseTo(fsyncMs + base.applyMs, 6);
			const remote = runPoint({ ...base, clientLatencyMs: 0.25 });
			expect(remote.minMs).toBeCloseTo(fsyncMs + base.applyMs + 2 * 0.25, 6);
			expect(remote.maxMs).toBeCloseTo(fsyncMs + base.applyMs + 2 * 0.25, 6);
		}
	});

	it('more members cost latency without buying speed', () => {
		for (const f of FSYNC_VALUES_MS) {
			const one = at(everyone, 1, f).p50Ms;
			const three = at(everyone, 3, f).p50Ms;
			expect(three).toBeGreaterThan(one);
			// 5 and 7 members are never meaningfully faster than 3 (jitter aside)
			for (const size of [5, 7]) expect(at(everyone, size, f).p50Ms).toBeGreaterThanOrEqual(three - 2 * at(everyone, 3, f).params.jitterMs);
		}
	});
});

describe('disk lab: whose disk matters', () => {
	const base = { latencyMs: LATENCY_MS, puts: 60 };
	const healthy = runPoint(pointParams({ ...base, size: 5, fsyncMs: BASELINE_FSYNC_MS, slow: 'everyone' }));

	it('a slow single follower in 5 members changes p50 far less than a slow leader', () => {
		for (const fsyncMs of [10, 50, 100, 200]) {
			const follower = runPoint(pointParams({ ...base, size: 5, fsyncMs, slow: 'follower' }));
			const leader = runPoint(pointParams({ ...base, size: 5, fsyncMs, slow: 'leader' }));
			const followerCost = Math.abs(follower.p50Ms - healthy.p50Ms);
			const leaderCost = leader.p50Ms - healthy.p50Ms;
			// the leader's own fsync overlaps the followers' round trip, so it costs a little less than itself
			expect(leaderCost).toBeGreaterThan(0.75 * (fsyncMs - BASELINE_FSYNC_MS));
			expect(followerCost).toBeLessThan(0.05 * leaderCost);
		}
	});

	it('a slow minority does not slow the quorum; a slow majority does', () => {
		const minority = runPoint(pointParams({ ...base, size: 5, fsyncMs: 100, slow: 'minority' }));
		expect(minority.slowMembers).toHaveLength(2);
		expect(minority.p50Ms).toBeLessThan(healthy.p50Ms + 1);
		const all = runPoint(pointParams({ ...base, size: 5, fsyncMs: 100, slow: 'everyone' }));
		expect(all.p50Ms).toBeGreaterThan(100);
	});

	it('the leader fsyncs in parallel with replication: one fsync, not two, when every disk is slow', () => {
		const r = at(everyone, 3, 100);
		expect(r.p50Ms).toBeLessThan(100 + 10);
		expect(r.p50Ms).toBeGreaterThan(100);
	});

	it('picks the slow members as asked', () => {
		expect(slowMembersFor(5, 2, 'leader')).toEqual([2]);
		expect(slowMembersFor(5, 2, 'follower')).toEqual([1]);
		expect(slowMembersFor(5, 2, 'minority')).toEqual([1, 3]);
		expect(slowMembersFor(7, 1, 'minority')).toEqual([2, 3, 4]);
		expect(slowMembersFor(3, 3, 'everyone')).toEqual([3, 1, 2]);
		expect(slowMembersFor(1, 1, 'follower')).toEqual([]);
	});
});

describe('disk lab: etcd reference figures', () => {
	it("lands within 30% of etcd's published 1.6 ms under the benchmark's settings", () => {
		const cal = calibrate(500);
		expect(cal.result.ok).toBe(500);
		expect(Math.abs(cal.relativeError)).toBeLessThan(0.3);
		expect(cal.result.meanMs).toBeGreaterThan(ETCD.benchmarkAvgMs * 0.7);
		expect(cal.result.meanMs).toBeLessThan(ETCD.benchmarkAvgMs * 1.3);
	});

	it('finds where a slow leader disk costs leadership, with etcd’s warning', () => {
		const th = findLeadershipThresholds(thresholdParams({ size: 3, latencyMs: LATENCY_MS }));
		// heartbeats are due every 100 ms; etcd warns past two intervals
		expect(th.heartbeatLateFromMs).not.toBeNull();
		expect(th.heartbeatLateFromMs as number).toBeGreaterThan(100);
		expect(th.heartbeatLateFromMs as number).toBeLessThanOrEqual(250);
		expect(th.warning).toContain(ETCD.heartbeatWarning);
		// followers hear an append after every leader fsync: elections need one longer than the election timeout
		expect(th.electionsFromMs).not.toBeNull();
		expect(th.electionsFromMs as number).toBeGreaterThanOrEqual(1000);
		expect(th.electionsFromMs as number).toBeLessThan(2000);
		// on the swept grid (everyone slow) the first late heartbeat is at the top end
		expect(firstOnGrid(everyone.filter((r) => r.params.size === 3), 'heartbeatWarnings')?.params.fsyncMs).toBe(200);
	});
});

describe('disk lab: offered load', () => {
	it('many clients get more throughput than one (group commit), past one write per fsync', () => {
		const fsyncMs = 10;
		const results = runPoints(loadPoints({ sizes: [3], clientCounts: [1, 16], fsyncMs, slow: 'everyone', latencyMs: LATENCY_MS, puts: 100 }));
		const [one, many] = results;
		expect(one.params.clients).toBe(1);
		expect(many.params.clients).toBe(16);
		expect(one.throughputPerSec).toBeLessThanOrEqual(1000 / fsyncMs);
		expect(many.throughputPerSec).toBeGreaterThan(2 * one.throughputPerSec);
		expect(many.throughputPerSec).toBeGreaterThan(1000 / fsyncMs);
	});
});

describe('disk lab: runs are reproducible and cacheable', () => {
	it('gives the same numbers for the same parameters', () => {
		const p = pointParams({ size: 5, fsyncMs: 2, slow: 'minority', latencyMs: 0.5, clients: 4, puts: 100 });
		expect(runPoint(p)).toEqual(runPoint({ ...p }));
		expect(jobKey({ kind: 'point', params: p })).toBe(jobKey({ kind: 'point', params: { ...p } }));
		expect(jobKey({ kind: 'point', params: p })).not.toBe(jobKey({ kind: 'point', params: { ...p, fsyncMs: 5 } }));
	});

	it('exports CSV with a header and one row per point', () => {
		const rows = everyone.slice(0, 3).map((result) => ({ experiment: 'fsync-sweep', result }));
		const lines = toCsv(rows).trim().split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0].split(',')).toContain('p50_ms');
		expect(lines[1].startsWith('fsync-sweep,1,everyone,')).toBe(true);
	});
});
