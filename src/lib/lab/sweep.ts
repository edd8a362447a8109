/**
 * The disk-speed lab's experiments, run on the real engine (no formula anywhere): a cluster is
 * built, its leader found, some disks slowed, and clients put keys in a closed loop (each client
 * waits for its answer before sending the next put). What comes out is what the clients measured.
 *
 * Pure and deterministic: no DOM, no wall clock, one seed per run. The same parameters give the
 * same numbers in Node (tests, `npm run bench`) and in the browser's worker.
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp, LogLine } from '../cluster/types';
import {
	ETCD,
	FIXED,
	calibrationOf,
	calibrationPoint,
	clusterOptions,
	percentile,
	round3,
	slowMembersFor,
	type Calibration,
	type PointParams,
	type PointResult,
	type ThresholdParams,
	type ThresholdProbe,
	type ThresholdResult
} from './params';

export * from './params';

/**
 * Boots the cluster on fast disks and waits for a leader that has committed its term's first
 * entry (so the first measured put does not pay for the election). Returns the leader.
 */
export function settle(c: Cluster, limitMs = 20_000): number {
	let leader = c.currentLeader();
	while (leader === null) {
		if (c.nowMs >= limitMs) throw new Error(`no leader within ${limitMs} ms (seed ${c.opts.seed})`);
		c.runUntil(c.nowMs + 10);
		leader = c.currentLeader();
	}
	for (let v = c.view(leader); v.commitIndex < v.lastIndex; v = c.view(leader)) {
		if (!c.step()) break;
	}
	// let the commit index reach the followers (the next heartbeat carries it)
	c.runUntil(c.nowMs + FIXED.heartbeatMs);
	return c.currentLeader() ?? leader;
}

/**
 * Counts etcd's late-heartbeat warnings as the engine logs them. The engine keeps only its latest
 * log lines (it drops the oldest in bulk), so lines are counted as they arrive: after every step,
 * the lines after the last one seen.
 */
export class WarningCounter {
	count = 0;
	first: string | null = null;
	readonly #c: Cluster;
	#last: LogLine | undefined;

	constructor(c: Cluster) {
		this.#c = c;
		this.#last = c.logs[c.logs.length - 1];
	}

	update(): void {
		const logs = this.#c.logs;
		const tail = logs[logs.length - 1];
		if (tail === this.#last) return;
		let i = logs.length - 1;
		while (i >= 0 && logs[i] !== this.#last) i--;
		for (let j = i + 1; j < logs.length; j++) {
			const text = logs[j].text;
			if (text.startsWith(ETCD.heartbeatWarning)) {
				this.count++;
				this.first ??= text;
			}
		}
		this.#last = tail;
	}
}

/** Slows one member's disk to fsyncMs, with a tail in proportion (the lab's disk model: a slow disk has a slow tail). */
export function slowDisk(c: Cluster, id: number, fsyncMs: number, jitterRatio: number): void {
	c.setFsyncMs(id, fsyncMs);
	c.setFsyncJitterMs(id, fsyncMs * jitterRatio);
}

/** Longest simulated time one point may take (a guard; a healthy point never gets near it). */
const MAX_POINT_SIM_MS = 3_600_000;

/**
 * Runs one point: `clients` closed-loop clients put to the leader until `puts` answers are in.
 * A timed-out put counts with the time its client waited (etcdctl's 5 s).
 */
export function runPoint(p: PointParams): PointResult {
	const c = new Cluster(clusterOptions(p));
	const leader = settle(c);
	const slowMembers = slowMembersFor(p.size, leader, p.slow);
	for (const id of slowMembers) slowDisk(c, id, p.fsyncMs, p.fsyncJitterRatio);
	const leadersBefore = c.leaders.length;
	const leaderBefore = c.view(leader);
	const startUs = c.nowUs;
	const eventsBefore = c.events;

	const total = Math.max(1, Math.floor(p.puts));
	const durationsMs: number[] = [];
	let ok = 0;
	let timeouts = 0;
	let failed = 0;
	let lastReturnUs = startUs;
	let issued = 0;
	const next = (): ClientOp => c.put(leader, `key${issued % 1000}`, `v${issued++}`);
	const inflight: ClientOp[] = [];
	for (let i = 0; i < Math.min(p.clients, total); i++) inflight.push(next());
	const warnings = new WarningCounter(c);
	let resolvedSeen = c.opsResolved;
	const deadlineUs = startUs + MAX_POINT_SIM_MS * 1000;
	while (durationsMs.length < total && c.nowUs <= deadlineUs) {
		if (!c.step()) break;
		warnings.update();
		if (c.opsResolved === resolvedSeen) continue;
		resolvedSeen = c.opsResolved;
		for (let j = 0; j < inflight.length; j++) {
			const op = inflight[j];
			if (op.status === 'pending' || op.returnUs === null) continue;
			durationsMs.push((op.returnUs - op.callUs) / 1000);
			if (op.status === 'ok') ok++;
			else if (op.status === 'timeout') timeouts++;
			else failed++;
			lastReturnUs = op.returnUs;
			// the client sends its next put as soon as it has the answer
			if (issued < total) inflight[j] = next();
			else {
				inflight.splice(j, 1);
				j--;
			}
		}
	}

	const leaderAfter = c.view(leader);
	const fsyncs = leaderAfter.fsyncs - leaderBefore.fsyncs;
	const sorted = durationsMs.slice().sort((a, b) => a - b);
	const sum = durationsMs.reduce((a, b) => a + b, 0);
	const elapsedS = (lastReturnUs - startUs) / 1e6;
	return {
		params: p,
		leader,
		slowMembers,
		completed: durationsMs.length,
		ok,
		timeouts,
		failed,
		p50Ms: round3(percentile(sorted, 0.5)),
		p99Ms: round3(percentile(sorted, 0.99)),
		meanMs: round3(sorted.length > 0 ? sum / sorted.length : NaN),
		minMs: round3(sorted[0] ?? NaN),
		maxMs: round3(sorted[sorted.length - 1] ?? NaN),
		throughputPerSec: elapsedS > 0 ? Math.round((durationsMs.length / elapsedS) * 10) / 10 : 0,
		writesPerFsync: fsyncs > 0 ? Math.round(((leaderAfter.lastIndex - leaderBefore.lastIndex) / fsyncs) * 100) / 100 : 0,
		elections: c.leaders.length - leadersBefore,
		heartbeatWarnings: warnings.count,
		firstWarning: warnings.first,
		simMs: round3((c.nowUs - startUs) / 1000),
		events: c.events - eventsBefore
	};
}

/** Runs points one after the other; `onPoint` sees each result; `shouldStop` is asked between points. */
export function runPoints(points: readonly PointParams[], onPoint?: (r: PointResult, index: number) => void, shouldStop?: () => boolean): PointResult[] {
	const out: PointResult[] = [];
	for (let i = 0; i < points.length; i++) {
		if (shouldStop?.()) break;
		const r = runPoint(points[i]);
		out.push(r);
		onPoint?.(r, i);
	}
	return out;
}

/**
 * One probe: the leader's disk is slowed to fsyncMs while one client keeps putting to it, for
 * long enough that late heartbeats show and a follower's election timer (up to 2 x 1000 ms) can
 * run out: max(2.5 election timeouts, 3 fsyncs).
 */
export function probeLeaderDisk(p: ThresholdParams, fsyncMs: number): ThresholdProbe {
	const c = new Cluster(clusterOptions(p));
	const leader = settle(c);
	slowDisk(c, leader, fsyncMs, p.fsyncJitterRatio);
	const leadersBefore = c.leaders.length;
	const untilMs = c.nowMs + Math.max(2.5 * FIXED.electionMs, 3 * fsyncMs);
	let i = 0;
	let op = c.put(leader, 'k', 'v0');
	let resolvedSeen = c.opsResolved;
	const warnings = new WarningCounter(c);
	while (c.nextEventUs() <= untilMs * 1000) {
		c.step();
		warnings.update();
		if (c.opsResolved !== resolvedSeen) {
			resolvedSeen = c.opsResolved;
			if (op.status !== 'pending') op = c.put(leader, 'k', `v${++i}`);
		}
	}
	return { fsyncMs, heartbeatWarnings: warnings.count, elections: c.leaders.length - leadersBefore, warning: warnings.first };
}

/**
 * Finds, by bisection on a log scale (to 1%), the smallest leader fsync at which the leader's
 * heartbeats go out late, and the smallest at which leadership moves. Deterministic.
 */
export function findLeadershipThresholds(p: ThresholdParams): ThresholdResult {
	const probes: ThresholdProbe[] = [];
	const cache = new Map<number, ThresholdProbe>();
	const probe = (f: number): ThresholdProbe => {
		const key = Math.round(f * 1000) / 1000;
		let r = cache.get(key);
		if (!r) {
			r = probeLeaderDisk(p, key);
			cache.set(key, r);
			probes.push(r);
		}
		return r;
	};
	const search = (hit: (r: ThresholdProbe) => boolean): number | null => {
		let lo = p.baselineFsyncMs;
		let hi = p.maxFsyncMs;
		if (hit(probe(lo))) return lo;
		if (!hit(probe(hi))) return null;
		while (hi / lo > 1.01) {
			const mid = Math.sqrt(lo * hi);
			if (hit(probe(mid))) hi = mid;
			else lo = mid;
		}
		return Math.round(hi * 1000) / 1000;
	};
	if (p.size < 2) return { params: p, heartbeatLateFromMs: null, electionsFromMs: null, warning: null, probes };
	// past the election threshold the leader steps down before it can send (and log) a late
	// heartbeat, so "heartbeats late" means: a late heartbeat was logged, or leadership was lost
	const heartbeatLateFromMs = search((r) => r.heartbeatWarnings > 0 || r.elections > 0);
	const electionsFromMs = search((r) => r.elections > 0);
	const warning = heartbeatLateFromMs !== null ? probe(heartbeatLateFromMs).warning : null;
	probes.sort((a, b) => a.fsyncMs - b.fsyncMs);
	return { params: p, heartbeatLateFromMs, electionsFromMs, warning, probes };
}

/** The engine under the settings that stand for etcd's benchmark. */
export function calibrate(puts = 1000): Calibration {
	return calibrationOf(runPoint(calibrationPoint(puts)));
}
