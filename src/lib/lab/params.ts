/**
 * The disk-speed lab's parameters, grid, etcd's reference figures and result types: pure data
 * and arithmetic, no engine. The page imports this (small); the runs themselves live in sweep.ts,
 * which only the worker, the tests and the bench load.
 */
import type { ClusterOptions } from '../cluster/types';
import { quorumSize } from '../raft/quorum';

// ------------------------------------------------------------------ the grid

/** WAL fsync times swept, 0.05 ms (NVMe) to 200 ms (a degraded disk): a 1-2-5 log series, 12 values. */
export const FSYNC_VALUES_MS: readonly number[] = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200];
export const CLUSTER_SIZES: readonly number[] = [1, 3, 5, 7];
/** offered load for the fsync sweep: concurrent closed-loop clients */
export const CLIENT_COUNTS: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
/**
 * offered load for the throughput chart: a 1-3-10 series through etcd's benchmark's 1,000 clients
 * to 3,000, where group commit has hit the WAL's per-entry ceiling and the curve is flat (the
 * 3,000-client points take most of the load sweep's time: 30,000 puts each)
 */
export const LOAD_CLIENT_COUNTS: readonly number[] = [1, 3, 10, 30, 100, 300, 1000, 3000];
/** one-way member-to-member (and client-to-member) latency, the control */
export const NETWORK_LATENCIES_MS: readonly number[] = [0.05, 0.15, 0.5, 2, 10];
export const PUTS_PER_POINT: readonly number[] = [200, 1000, 2000];

/** Whose disk gets the swept fsync time; every other disk keeps the baseline. */
export type SlowDisks = 'leader' | 'follower' | 'minority' | 'everyone';
export const SLOW_DISKS: readonly SlowDisks[] = ['leader', 'follower', 'minority', 'everyone'];

// ------------------------------------------------------------------ the disk model

/**
 * Each disk's fsync tail, as a fraction of its own fsync time. The engine's fsyncJitterMs is the
 * mean extra time per fsync (90% of fsyncs add 0-1x it, 10% add 1-10x: a tail); the lab sets it
 * to 25% of each disk's fsync, so a slow disk has a slow tail. What is known: on SSDs the fsync
 * p99 is often 2-5x the median, and spinning disks are worse. With 0.25 the model gives p50 =
 * 1.14x, mean = 1.25x and p99 = 3.3x the disk's fsync time (one fsync in ten takes 1.25-3.5x):
 * p99/p50 = 2.9, inside the SSD range. HDDs would deserve more; one ratio for every disk keeps
 * the sweep a sweep of one variable.
 */
export const FSYNC_JITTER_RATIO = 0.25;

/**
 * WAL cost per entry in a write, in µs (encoding, checksums, the bytes themselves): what a batch
 * pays on top of its fsync, so group commit stops helping once batches are large, and throughput
 * flattens however many clients wait. 18 µs is the one value fitted here, to the only saturation
 * figure etcd publishes: 3 members on SSD, 1,000 clients over 100 connections, to the leader:
 * 44,341 writes/s at 22 ms average. That is 1e6 / 44,341 = 22.6 µs per write with every cost
 * included; the engine spends part of it on fsyncs and round trips, and with 18 µs its own
 * 3-member, 1,000-client run gives about 43,000 writes/s at 23 ms (npm run bench prints it;
 * 20 µs gave 39,000). One disk's ceiling is then 1e6 / 18 = 55,000 entries/s. At one client it
 * adds 0.018 ms to a put: nothing next to the fsync.
 */
export const WAL_US_PER_ENTRY = 18;

/**
 * One fsync's q-quantile as a multiple of the disk's fsync time, from the engine's jitter
 * distribution (src/lib/sim/disk.ts): the extra is 0-1x the mean for the first 90%, 1-10x above.
 * With the ratio 0.25: p50 1.14x, p99 3.28x.
 */
export function fsyncQuantileFactor(q: number, ratio = FSYNC_JITTER_RATIO): number {
	const extra = q < 0.9 ? q / 0.9 : 1 + ((q - 0.9) / 0.1) * 9;
	return 1 + extra * ratio;
}

/** The disk fsync time whose fsync p99 is p99Ms: etcd's 10 ms guidance is crossed from about 3 ms. */
export function fsyncForP99(p99Ms: number, ratio = FSYNC_JITTER_RATIO): number {
	return p99Ms / fsyncQuantileFactor(0.99, ratio);
}

// ------------------------------------------------------------------ etcd's figures (/work/shared/etcd-facts.md)

export const ETCD = {
	/** op-guide/performance.md: 3 members, GCE 8 vCPU + SSD, 1 client, 1 connection, to the leader */
	benchmarkAvgMs: 1.6,
	benchmarkWritesPerSec: 583,
	/** "WAL fsync p99 should stay under 10 ms" */
	fsyncP99GuidanceMs: 10,
	/** "Typically 50 sequential IOPS (e.g., a 7200 RPM disk) is required": 1000 / 50 = 20 ms per fsync */
	minSequentialIops: 50,
	/** op-guide/performance.md: 3 members, 1,000 clients over 100 connections, to the leader */
	loadBenchmarkClients: 1000,
	loadBenchmarkWritesPerSec: 44_341,
	loadBenchmarkAvgMs: 22,
	heartbeatWarning: 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk'
} as const;

/**
 * The settings that stand for etcd's published benchmark (3 members on GCE, SSD, one client with
 * one connection, writing to the leader). Chosen from the hardware, not fitted to the answer:
 * - latencyMs 0.15: GCE VMs in one zone ping each other in ~0.2-0.3 ms round trip, so 0.1-0.2 ms
 *   one way; the midpoint.
 * - clientLatencyMs 0.15: the benchmark tool ran on its own VM in the same zone, so one more
 *   intra-zone hop each way.
 * - jitterMs 0.03: 20% of the hop, so runs are not perfectly flat.
 * - fsyncMs 0.8: the "50GB SSD" was a GCE persistent disk (PD-SSD), a network-attached block device;
 *   its fdatasync costs a round trip to the storage service plus the flash write, measured at
 *   0.5-1 ms (etcd's docs: "under 1 ms on SSDs"). 0.8 ms, every member alike.
 * - applyMs 0.1: the engine's default for applying one entry and answering (not touched).
 * - fsyncJitterRatio, walUsPerEntry: the lab's disk model (above), not tuned for this point.
 * Every other knob is etcd's default (heartbeat 100 ms, election 1000 ms, pre-vote, check-quorum).
 */
export const ETCD_BENCHMARK_SETTINGS = {
	size: 3,
	clients: 1,
	latencyMs: 0.15,
	clientLatencyMs: 0.15,
	jitterMs: 0.03,
	fsyncMs: 0.8,
	applyMs: 0.1,
	fsyncJitterRatio: FSYNC_JITTER_RATIO,
	walUsPerEntry: WAL_US_PER_ENTRY
} as const;

/** The fast disks' fsync when only some disks are slow: the benchmark's SSD. */
export const BASELINE_FSYNC_MS = ETCD_BENCHMARK_SETTINGS.fsyncMs;
/** fsync values for the throughput chart: the swept ones and the benchmark's SSD */
export const LOAD_FSYNC_VALUES_MS: readonly number[] = [...new Set([...FSYNC_VALUES_MS, BASELINE_FSYNC_MS])].sort((a, b) => a - b);
export const DEFAULT_SEED = 1;

/** etcd's defaults for everything the lab does not vary. */
export const FIXED = {
	preVote: true,
	checkQuorum: true,
	heartbeatMs: 100,
	electionMs: 1000,
	lossRate: 0,
	clientTimeoutMs: 5000
} as const;

/** Jitter that goes with a network latency: 20% of the hop. */
export function jitterFor(latencyMs: number): number {
	return Math.round(latencyMs * 0.2 * 1000) / 1000;
}

// ------------------------------------------------------------------ one point

export interface PointParams {
	size: number;
	/** the swept fsync time, on the disks `slow` names */
	fsyncMs: number;
	slow: SlowDisks;
	/** every other disk */
	baselineFsyncMs: number;
	latencyMs: number;
	jitterMs: number;
	clientLatencyMs: number;
	applyMs: number;
	/** every disk's mean extra fsync time, as a fraction of its own fsync (0: no tail) */
	fsyncJitterRatio: number;
	/** WAL cost per entry written, µs */
	walUsPerEntry: number;
	/** the backend's batched commits on the same disk (false: the WAL alone, the model before it) */
	backend: boolean;
	/** concurrent closed-loop clients */
	clients: number;
	/** puts measured (all clients together) */
	puts: number;
	seed: number;
}

export interface PointResult {
	params: PointParams;
	/** which members had the slow disk (the leader is found first) */
	leader: number;
	slowMembers: number[];
	completed: number;
	ok: number;
	timeouts: number;
	failed: number;
	p50Ms: number;
	p99Ms: number;
	meanMs: number;
	minMs: number;
	maxMs: number;
	/** completed puts per simulated second */
	throughputPerSec: number;
	/** entries the leader's disk wrote per fsync during the measurement (group commit's batch size) */
	writesPerFsync: number;
	/** leaders elected after the measurement started (leadership moved) */
	elections: number;
	/** "leader failed to send out heartbeat on time" lines logged during the measurement */
	heartbeatWarnings: number;
	firstWarning: string | null;
	/** simulated time the measurement took, and engine events processed */
	simMs: number;
	events: number;
}

/** Point parameters with the lab's defaults filled in. */
export function pointParams(p: Partial<PointParams> & Pick<PointParams, 'size' | 'fsyncMs'>): PointParams {
	const latencyMs = p.latencyMs ?? ETCD_BENCHMARK_SETTINGS.latencyMs;
	return {
		size: p.size,
		fsyncMs: p.fsyncMs,
		slow: p.slow ?? 'everyone',
		baselineFsyncMs: p.baselineFsyncMs ?? BASELINE_FSYNC_MS,
		latencyMs,
		jitterMs: p.jitterMs ?? jitterFor(latencyMs),
		clientLatencyMs: p.clientLatencyMs ?? latencyMs,
		applyMs: p.applyMs ?? ETCD_BENCHMARK_SETTINGS.applyMs,
		fsyncJitterRatio: p.fsyncJitterRatio ?? FSYNC_JITTER_RATIO,
		walUsPerEntry: p.walUsPerEntry ?? WAL_US_PER_ENTRY,
		backend: p.backend ?? true,
		clients: p.clients ?? 1,
		puts: p.puts ?? 200,
		seed: p.seed ?? DEFAULT_SEED
	};
}

type ClusterParams = Pick<PointParams, 'size' | 'seed' | 'latencyMs' | 'jitterMs' | 'clientLatencyMs' | 'applyMs' | 'baselineFsyncMs' | 'fsyncJitterRatio' | 'walUsPerEntry'> & { backend?: boolean };

/** The engine's options for a point: every disk at the baseline, with its tail (slowed disks get theirs in sweep.ts). */
export function clusterOptions(p: ClusterParams): ClusterOptions {
	return {
		...FIXED,
		size: p.size,
		seed: p.seed,
		latencyMs: p.latencyMs,
		jitterMs: p.jitterMs,
		clientLatencyMs: p.clientLatencyMs,
		applyMs: p.applyMs,
		fsyncMs: p.baselineFsyncMs,
		fsyncJitterMs: p.fsyncJitterRatio * p.baselineFsyncMs,
		walUsPerEntry: p.walUsPerEntry,
		backend: p.backend ?? true
	};
}

/** The members whose disk is slowed: the leader, one follower, a minority of followers, or all. */
export function slowMembersFor(size: number, leader: number, slow: SlowDisks): number[] {
	const followers: number[] = [];
	for (let id = 1; id <= size; id++) if (id !== leader) followers.push(id);
	switch (slow) {
		case 'leader':
			return [leader];
		case 'follower':
			return followers.slice(0, 1);
		case 'minority':
			// as many as the cluster can lose: n - quorum (0 for one member, 1 of 3, 2 of 5, 3 of 7)
			return followers.slice(0, size - quorumSize(size));
		case 'everyone':
			return [leader, ...followers];
	}
}

export function percentile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil(q * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function round3(x: number): number {
	return Math.round(x * 1000) / 1000;
}

// ------------------------------------------------------------------ sweeps

export interface SweepParams {
	sizes: readonly number[];
	fsyncValuesMs: readonly number[];
	slow: SlowDisks;
	latencyMs: number;
	clients: number;
	puts: number;
	baselineFsyncMs?: number;
	seed?: number;
	fsyncJitterRatio?: number;
	walUsPerEntry?: number;
}

/** The points of an fsync sweep, size by size, fsync ascending. */
export function sweepPoints(s: SweepParams): PointParams[] {
	const out: PointParams[] = [];
	for (const size of s.sizes)
		for (const fsyncMs of s.fsyncValuesMs)
			out.push(
				pointParams({
					size,
					fsyncMs,
					slow: s.slow,
					latencyMs: s.latencyMs,
					clients: s.clients,
					puts: s.puts,
					baselineFsyncMs: s.baselineFsyncMs,
					seed: s.seed,
					fsyncJitterRatio: s.fsyncJitterRatio,
					walUsPerEntry: s.walUsPerEntry
				})
			);
	return out;
}

export interface LoadSweepParams {
	sizes: readonly number[];
	clientCounts: readonly number[];
	fsyncMs: number;
	slow: SlowDisks;
	latencyMs: number;
	puts: number;
	seed?: number;
	fsyncJitterRatio?: number;
	walUsPerEntry?: number;
}

/** The points of a load sweep: throughput against concurrent clients (each client sends at least 10 puts). */
export function loadPoints(s: LoadSweepParams): PointParams[] {
	const out: PointParams[] = [];
	for (const size of s.sizes)
		for (const clients of s.clientCounts)
			out.push(
				pointParams({
					size,
					fsyncMs: s.fsyncMs,
					slow: s.slow,
					latencyMs: s.latencyMs,
					clients,
					puts: Math.max(s.puts, clients * 10),
					seed: s.seed,
					fsyncJitterRatio: s.fsyncJitterRatio,
					walUsPerEntry: s.walUsPerEntry
				})
			);
	return out;
}

// ------------------------------------------------------------------ leadership loss

export interface ThresholdParams {
	size: number;
	latencyMs: number;
	jitterMs: number;
	clientLatencyMs: number;
	applyMs: number;
	baselineFsyncMs: number;
	fsyncJitterRatio: number;
	walUsPerEntry: number;
	seed: number;
	/** the search's upper end */
	maxFsyncMs: number;
}

export interface ThresholdProbe {
	fsyncMs: number;
	heartbeatWarnings: number;
	elections: number;
	warning: string | null;
}

export interface ThresholdResult {
	params: ThresholdParams;
	/** smallest leader fsync at which the leader logged a late heartbeat (null: none up to maxFsyncMs) */
	heartbeatLateFromMs: number | null;
	/** smallest leader fsync at which another member took over leadership */
	electionsFromMs: number | null;
	/** the first warning line the engine logged at the heartbeat threshold */
	warning: string | null;
	probes: ThresholdProbe[];
}

export function thresholdParams(p: Partial<ThresholdParams> & Pick<ThresholdParams, 'size'>): ThresholdParams {
	const latencyMs = p.latencyMs ?? ETCD_BENCHMARK_SETTINGS.latencyMs;
	return {
		size: p.size,
		latencyMs,
		jitterMs: p.jitterMs ?? jitterFor(latencyMs),
		clientLatencyMs: p.clientLatencyMs ?? latencyMs,
		applyMs: p.applyMs ?? ETCD_BENCHMARK_SETTINGS.applyMs,
		baselineFsyncMs: p.baselineFsyncMs ?? BASELINE_FSYNC_MS,
		fsyncJitterRatio: p.fsyncJitterRatio ?? FSYNC_JITTER_RATIO,
		walUsPerEntry: p.walUsPerEntry ?? WAL_US_PER_ENTRY,
		seed: p.seed ?? DEFAULT_SEED,
		maxFsyncMs: p.maxFsyncMs ?? 5000
	};
}

/** The smallest swept fsync at which a point saw late heartbeats / elections (the grid's view). */
export function firstOnGrid(results: readonly PointResult[], what: 'heartbeatWarnings' | 'elections'): PointResult | null {
	let best: PointResult | null = null;
	for (const r of results) if (r[what] > 0 && (best === null || r.params.fsyncMs < best.params.fsyncMs)) best = r;
	return best;
}

// ------------------------------------------------------------------ calibration

export interface Calibration {
	settings: typeof ETCD_BENCHMARK_SETTINGS;
	result: PointResult;
	etcdAvgMs: number;
	etcdWritesPerSec: number;
	/** (engine mean - etcd's 1.6 ms) / 1.6 ms */
	relativeError: number;
}

export function calibrationPoint(puts = 1000): PointParams {
	const s = ETCD_BENCHMARK_SETTINGS;
	return pointParams({
		size: s.size,
		fsyncMs: s.fsyncMs,
		slow: 'everyone',
		baselineFsyncMs: s.fsyncMs,
		latencyMs: s.latencyMs,
		jitterMs: s.jitterMs,
		clientLatencyMs: s.clientLatencyMs,
		applyMs: s.applyMs,
		fsyncJitterRatio: s.fsyncJitterRatio,
		walUsPerEntry: s.walUsPerEntry,
		clients: s.clients,
		puts
	});
}

export function calibrationOf(result: PointResult): Calibration {
	return {
		settings: ETCD_BENCHMARK_SETTINGS,
		result,
		etcdAvgMs: ETCD.benchmarkAvgMs,
		etcdWritesPerSec: ETCD.benchmarkWritesPerSec,
		relativeError: (result.meanMs - ETCD.benchmarkAvgMs) / ETCD.benchmarkAvgMs
	};
}

