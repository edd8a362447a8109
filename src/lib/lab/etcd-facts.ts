/**
 * Real etcd against disk speed (the project's shared etcd-disk-facts.md, measured on etcd 3.4.23
 * from Debian on a 2-vCPU machine, every member's data on one ext4 virtio disk, loopback network,
 * every fdatasync/fsync slowed by D with strace fault injection), and the engine run the same way.
 * The tests, the disk lab's chart and `npm run calibrate:etcd` all read the figures from here.
 *
 * Pure and deterministic (no DOM, no clock): the same settings give the same numbers anywhere.
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp, ClusterOptions } from '../cluster/types';
import { MACHINE } from './etcd-facts-data';

export * from './etcd-facts-data';

/** The engine's options for the facts' machine with `size` members, every disk slowed by delayMs. */
export function machineOptions(size: number, seed: number, delayMs = 0): ClusterOptions {
	const d = MACHINE.diskBySize[size] ?? MACHINE.diskBySize[7];
	return {
		size,
		seed,
		preVote: true,
		checkQuorum: true,
		heartbeatMs: 100,
		electionMs: 1000,
		latencyMs: MACHINE.latencyMs,
		jitterMs: MACHINE.jitterMs,
		lossRate: 0,
		clientTimeoutMs: 60_000,
		clientLatencyMs: MACHINE.clientLatencyMs,
		applyMs: MACHINE.applyMs,
		fsyncMs: d.p50Ms + delayMs,
		fsyncP99Ms: d.p99Ms + delayMs,
		cpuUsPerMsg: MACHINE.cpuUsPerMsg,
		cpuStallChance: MACHINE.cpuStallChance,
		cpuStallMaxUs: MACHINE.cpuStallMaxUs,
		diskSerial: MACHINE.diskSerial,
		backendExtraSyncsPerWrite: MACHINE.backendExtraSyncsPerWrite,
		loopWorkFirst: MACHINE.loopWorkFirst
	};
}

/** The disk's median and p99 once slowed by delayMs (the delay adds to the device's own time). */
export function slowedDisk(size: number, delayMs: number): { p50Ms: number; p99Ms: number } {
	const d = MACHINE.diskBySize[size] ?? MACHINE.diskBySize[7];
	return { p50Ms: d.p50Ms + delayMs, p99Ms: d.p99Ms + delayMs };
}

// ------------------------------------------------------------------ the experiments, on the engine

export interface LatencyResult {
	p50Ms: number;
	p99Ms: number;
	meanMs: number;
	count: number;
	elections: number;
	heartbeatWarnings: number;
	/** the longest gap between two heartbeats to one follower in a warning (ms), 0 if none */
	maxHeartbeatGapMs: number;
	backendCommitMeanMs: number;
}

/**
 * The q-quantile with linear interpolation between closest ranks (numpy's default, type 7). It
 * matters: at D = 50 ms closed-loop puts are bimodal in real etcd as in the engine (they alternate
 * between missing the backend's commit, ~D, and waiting for it, ~3 x D), and the facts' p50 of
 * 113.6 ms lies between the two modes, where only an interpolated median can land.
 */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const h = (sorted.length - 1) * q;
	const lo = Math.floor(h);
	const hi = Math.min(sorted.length - 1, lo + 1);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function r3(x: number): number {
	return Math.round(x * 1000) / 1000;
}

/** Boots the cluster and waits until a leader has committed its first entry; returns it. */
function settleLeader(c: Cluster): number {
	let leader = c.currentLeader();
	while (leader === null) {
		if (c.nowMs > 30_000) throw new Error(`no leader (seed ${c.opts.seed})`);
		c.runUntil(c.nowMs + 10);
		leader = c.currentLeader();
	}
	c.runUntil(c.nowMs + 300);
	return c.currentLeader() ?? leader;
}

const GAP_RE = /gap: ([0-9.]+)ms/;

function summarize(c: Cluster, leader: number, durations: number[], leadersBefore: number, logsFrom: number): LatencyResult {
	const sorted = durations.slice().sort((a, b) => a - b);
	let warnings = 0;
	let maxGap = 0;
	for (let i = logsFrom; i < c.logs.length; i++) {
		const l = c.logs[i];
		if (l.node !== leader || !l.text.startsWith('leader failed to send out heartbeat on time')) continue;
		warnings++;
		const g = GAP_RE.exec(l.text);
		if (g) maxGap = Math.max(maxGap, Number(g[1]));
	}
	const b = c.backendOf(leader);
	return {
		p50Ms: r3(quantile(sorted, 0.5)),
		p99Ms: r3(quantile(sorted, 0.99)),
		meanMs: r3(sorted.length > 0 ? sorted.reduce((a, x) => a + x, 0) / sorted.length : NaN),
		count: sorted.length,
		elections: c.leaders.length - leadersBefore,
		heartbeatWarnings: warnings,
		maxHeartbeatGapMs: maxGap,
		backendCommitMeanMs: b && b.commits > 0 ? r3(b.commitUsTotal / b.commits / 1000) : 0
	};
}

export interface ClosedLoopParams {
	size: number;
	delayMs: number;
	puts?: number;
	warmup?: number;
	seed?: number;
	/** extra cluster options (e.g. backend: false, or only the WAL slowed) */
	options?: Partial<ClusterOptions>;
}

/** E1's closed loop, pooled over `runs` seeds (1..runs) as the facts pooled 3 runs of 300 puts. */
export function closedLoopPooled(p: Omit<ClosedLoopParams, 'seed'>, runs = 3): LatencyResult {
	const all: number[] = [];
	let last: LatencyResult | null = null;
	let elections = 0;
	let warnings = 0;
	let gap = 0;
	let commit = 0;
	for (let seed = 1; seed <= runs; seed++) {
		const r = closedLoop({ ...p, seed }, all);
		elections += r.elections;
		warnings += r.heartbeatWarnings;
		gap = Math.max(gap, r.maxHeartbeatGapMs);
		commit += r.backendCommitMeanMs / runs;
		last = r;
	}
	const sorted = all.sort((a, b) => a - b);
	return {
		...(last as LatencyResult),
		p50Ms: r3(quantile(sorted, 0.5)),
		p99Ms: r3(quantile(sorted, 0.99)),
		meanMs: r3(sorted.reduce((a, x) => a + x, 0) / sorted.length),
		count: sorted.length,
		elections,
		heartbeatWarnings: warnings,
		maxHeartbeatGapMs: gap,
		backendCommitMeanMs: r3(commit)
	};
}

/** E1's closed loop: one client puts to the leader, each put after the previous answer. */
export function closedLoop(p: ClosedLoopParams, collect?: number[]): LatencyResult {
	const seed = p.seed ?? 1;
	const c = new Cluster({ ...machineOptions(p.size, seed, p.delayMs), ...p.options });
	const leader = settleLeader(c);
	const leadersBefore = c.leaders.length;
	const logsFrom = c.logs.length;
	const warm = p.warmup ?? 20;
	const total = (p.puts ?? 300) + warm;
	const durations: number[] = [];
	let op: ClientOp = c.put(leader, 'key0', 'v0');
	let n = 1;
	let seen = c.opsResolved;
	while (durations.length + warm < total || n <= warm) {
		if (!c.step()) break;
		if (c.opsResolved === seen) continue;
		seen = c.opsResolved;
		if (op.status === 'pending' || op.returnUs === null) continue;
		if (n > warm) {
			durations.push((op.returnUs - op.callUs) / 1000);
			collect?.push((op.returnUs - op.callUs) / 1000);
		}
		if (n >= total) break;
		op = c.put(leader, `key${n % 1000}`, `v${n}`);
		n++;
	}
	return summarize(c, leader, durations, leadersBefore, logsFrom);
}

export interface OpenLoopParams {
	size: number;
	delayMs: number;
	/** whose disk is slowed: every member's (E1) or the leader's only (E2) */
	slow?: 'everyone' | 'leader';
	ratePerSec: number;
	durationMs: number;
	seed?: number;
	options?: Partial<ClusterOptions>;
}

/** An open loop: puts to the leader at a fixed rate, whatever comes back (E1 open, E2). */
export function openLoop(p: OpenLoopParams): LatencyResult {
	const seed = p.seed ?? 1;
	const slow = p.slow ?? 'everyone';
	const c = new Cluster({ ...machineOptions(p.size, seed, slow === 'everyone' ? p.delayMs : 0), ...p.options });
	const leader = settleLeader(c);
	if (slow === 'leader') {
		const d = slowedDisk(p.size, p.delayMs);
		const base = slowedDisk(p.size, 0);
		c.setFsyncMs(leader, d.p50Ms);
		c.setFsyncTailMs(leader, base.p99Ms - base.p50Ms);
	}
	const leadersBefore = c.leaders.length;
	const logsFrom = c.logs.length;
	const startMs = c.nowMs;
	const every = 1000 / p.ratePerSec;
	const ops: ClientOp[] = [];
	for (let i = 0; i * every < p.durationMs; i++) c.at(startMs + i * every, () => void ops.push(c.put(leader, `key${i % 1000}`, `v${i}`)));
	c.runUntil(startMs + p.durationMs + 8000);
	const durations: number[] = [];
	for (const op of ops) durations.push(((op.returnUs ?? c.nowUs) - op.callUs) / 1000);
	return summarize(c, leader, durations, leadersBefore, logsFrom);
}

/** E2 on the engine: the leader's disk slowed by delayMs, 10 puts/s for 30 s to it. */
export function slowLeader(delayMs: number, seed = 1, durationMs = 30_000): LatencyResult {
	return openLoop({ size: 3, delayMs, slow: 'leader', ratePerSec: 10, durationMs, seed });
}

/**
 * The smallest leader fsync delay on `grid` at which the slow leader logs late heartbeats
 * steadily (at least `minWarnings` in E2's 30 s, in most of `seeds` runs); null if none does.
 * etcd: from 100 ms (and a stray one now and then at 0 and 50).
 */
export function heartbeatLateFrom(grid: readonly number[], seeds = 3, minWarnings = 10): number | null {
	for (const d of grid) {
		let hits = 0;
		for (let seed = 1; seed <= seeds; seed++) if (slowLeader(d, seed).heartbeatWarnings >= minWarnings) hits++;
		if (hits * 2 > seeds) return d;
	}
	return null;
}

/** Relative error of the engine against etcd, in percent (signed). */
export function errorPct(engine: number, etcd: number): number {
	return Math.round(((engine - etcd) / etcd) * 1000) / 10;
}
