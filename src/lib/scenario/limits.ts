/** The validator's defaults and limits, for tools and UI that want to show them. */
import { MAX_CLUSTER_SIZE, MAX_MEMBER_IDS, MAX_SCENARIO_BYTES, MAX_STEPS, type Step, type StepKind } from './types';

/** The defaults filled in for omitted optional fields (etcd's defaults where etcd has one). */
export const DEFAULTS = Object.freeze({
	seed: 0,
	cluster: Object.freeze({ preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 }),
	network: Object.freeze({ latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 }),
	disk: Object.freeze({ fsyncMs: 1 }),
	client: Object.freeze({ timeoutMs: 5000 }),
	steps: Object.freeze([] as Step[]),
	get: Object.freeze({ serializable: false }),
	load: Object.freeze({ keys: 1 }),
	memberAdd: Object.freeze({ learner: false, start: true })
});

/** The limits enforced, for tools and UI that want to show them. */
export const LIMITS = Object.freeze({
	maxBytes: MAX_SCENARIO_BYTES,
	maxSteps: MAX_STEPS,
	maxClusterSize: MAX_CLUSTER_SIZE,
	maxMemberIds: MAX_MEMBER_IDS,
	maxSeed: 0xffff_ffff,
	/** etcd's flags are whole milliseconds; below 1 ms a member would tick without end */
	minHeartbeatMs: 1,
	maxHeartbeatMs: 10_000,
	/** etcd's maxElectionMs: `--election-timeout[..] is too long, and should be set less than 50000ms` */
	maxElectionMs: 50_000,
	/** etcd: `--election-timeout[..] should be at least as 5 times as --heartbeat-interval[..]` */
	minElectionHeartbeatRatio: 5,
	/** the playground's own limit: a boot fast-forwards electionMs / heartbeatMs ticks one by one */
	maxElectionHeartbeatRatio: 1000,
	maxLatencyMs: 10_000,
	maxJitterMs: 10_000,
	maxFsyncMs: 60_000,
	maxClientTimeoutMs: 600_000,
	maxUntilMs: 24 * 3600 * 1000,
	maxKeyLength: 1500,
	maxWritesPerSec: 10_000,
	maxLoadKeys: 100_000,
	/** a load's valueBytes: etcd's --max-request-bytes default (1.5 MiB) */
	maxValueBytes: 1_572_864,
	/** disk.writeMBps: from a floppy's crawl to a RAM disk */
	maxWriteMBps: 100_000
});

export const STEP_KINDS: readonly StepKind[] = Object.freeze([
	'kill',
	'restart',
	'partition',
	'cut',
	'heal',
	'disk',
	'put',
	'get',
	'delete',
	'watch',
	'transfer',
	'load',
	'memberAdd',
	'memberPromote',
	'memberRemove'
] as const);
