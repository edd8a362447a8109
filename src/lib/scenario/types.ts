/**
 * The public scenario format and run report (version 1). Field names are a contract with tools
 * outside the project (see README "Scenario files"): add fields freely, never rename.
 * Times are milliseconds of simulated time; members are numbered 1..size.
 */

export const SCENARIO_VERSION = 1;
export const MAX_SCENARIO_BYTES = 1024 * 1024;
export const MAX_STEPS = 10_000;
export const MAX_CLUSTER_SIZE = 7;
/** member numbers a run may use: the first members plus one for every memberAdd */
export const MAX_MEMBER_IDS = 9;

export interface ClusterSettings {
	size: number;
	preVote: boolean;
	checkQuorum: boolean;
	heartbeatMs: number;
	electionMs: number;
}

export interface NetworkSettings {
	latencyMs: number;
	jitterMs: number;
	lossRate: number;
}

export type Step =
	| { atMs: number; do: 'kill'; node: number }
	| { atMs: number; do: 'restart'; node: number }
	| { atMs: number; do: 'partition'; groups: number[][] }
	| { atMs: number; do: 'cut'; from: number; to: number }
	| { atMs: number; do: 'heal' }
	/** a member's disk: its median sync time, and optionally its p99 (the device's spread; without it the disk keeps its spread) */
	| { atMs: number; do: 'disk'; node: number; fsyncMs: number; p99Ms?: number }
	| { atMs: number; do: 'put'; node: number; key: string; value: string }
	| { atMs: number; do: 'get'; node: number; key: string; serializable: boolean }
	| { atMs: number; do: 'delete'; node: number; key: string }
	| { atMs: number; do: 'watch'; node: number; key: string; fromRevision?: number }
	| { atMs: number; do: 'transfer'; to: number }
	/** etcdctl member add [--learner]: the next member number joins; its process starts once added unless start is false */
	| { atMs: number; do: 'memberAdd'; learner: boolean; start: boolean; endpoint?: number }
	/** etcdctl member promote: node is the learner */
	| { atMs: number; do: 'memberPromote'; node: number; endpoint?: number }
	/** etcdctl member remove: node is the member removed */
	| { atMs: number; do: 'memberRemove'; node: number; endpoint?: number }
	| {
			atMs: number;
			do: 'load';
			node: number;
			writesPerSec: number;
			durationMs: number;
			keys: number;
			/** each value's size in bytes as the disks see it (default: the value's own length, `v123`) */
			valueBytes?: number;
	  };

export type StepKind = Step['do'];

/** A scenario with every default filled in (what the validator returns). */
export interface DiskSettings {
	fsyncMs: number;
	jitterMs?: number;
	p99Ms?: number;
	walFsyncMs?: number;
	walP99Ms?: number;
	/** the disks' write bandwidth, MB/s (default: unlimited, bytes cost no time) */
	writeMBps?: number;
}

export interface Scenario {
	version: 1;
	seed: number;
	cluster: ClusterSettings;
	network: NetworkSettings;
	/**
	 * fsyncMs: one sync's median on every member's disk (its WAL and its backend share it).
	 * Optional: jitterMs, a mean extra fsync time with a tail (10% of fsyncs add 1-10x it);
	 * p99Ms, one sync's p99 (a real disk's spread, seeded; default fsyncMs: none); walFsyncMs and
	 * walP99Ms, the WAL on a disk of its own (etcd --wal-dir on another device).
	 */
	disk: DiskSettings;
	client: { timeoutMs: number };
	steps: Step[];
	/** what a user did in the playground: each runs when the clock reaches it, after the engine's events then */
	actions?: Step[];
	untilMs: number;
}

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader' | 'down';

export interface NodeReport {
	id: number;
	alive: boolean;
	/** a learner: replicates, does not vote, does not count toward quorum */
	learner: boolean;
	/** in the cluster: false before its memberAdd is applied and once removed */
	member: boolean;
	role: Role;
	term: number;
	votedFor: number | null;
	commitIndex: number;
	lastIndex: number;
	kv: Record<string, string>;
}

export type OpStatus = 'ok' | 'timeout' | 'fail';

export interface OpReport {
	id: number;
	do: 'put' | 'get' | 'delete';
	node: number;
	key: string;
	/** put: the value written; get: the value read (null if absent or not read); delete: null */
	value: string | null;
	callMs: number;
	/** null while the op had not returned when the run ended */
	returnMs: number | null;
	status: OpStatus;
	/** the line etcdctl would print, or null */
	error: string | null;
}

/** A membership change as the report lists it (etcdctl member add / promote / remove). */
export interface MemberOpReport {
	id: number;
	do: 'memberAdd' | 'memberPromote' | 'memberRemove';
	/** the member added, promoted or removed */
	node: number;
	/** the member the request went to (etcdctl --endpoints) */
	endpoint: number;
	/** memberAdd only: etcdctl member add --learner */
	learner?: boolean;
	/** no key or value: a membership change touches no key */
	key?: never;
	value?: never;
	callMs: number;
	returnMs: number | null;
	status: OpStatus;
	error: string | null;
}

export interface WatchEventReport {
	atMs: number;
	type: 'PUT' | 'DELETE';
	value: string | null;
	revision: number;
}

export interface WatchReport {
	node: number;
	key: string;
	events: WatchEventReport[];
	canceled: string | null;
}

export interface Violation {
	atMs: number;
	check: string;
	detail: string;
}

export interface Report {
	version: 1;
	seed: number;
	untilMs: number;
	traceHash: string;
	nodes: NodeReport[];
	leaders: { atMs: number; node: number; term: number }[];
	ops: (OpReport | MemberOpReport)[];
	watches: WatchReport[];
	summary: {
		puts: { ok: number; timeout: number; fail: number; p50Ms: number | null; p99Ms: number | null };
	};
	violations: Violation[];
	linearizable: true | false | 'unknown';
	/**
	 * Present only when the history was capped (the engine keeps the latest 100,000 ops): `ops` then
	 * lists the last `opsKept` of `opsTotal`; `summary.puts` ok/timeout/fail still count every op, while
	 * p50Ms/p99Ms and the `linearizable` verdict cover the kept ops only.
	 */
	history?: HistoryCap;
}

export interface HistoryCap {
	capped: true;
	opsTotal: number;
	opsKept: number;
	/** the id of the oldest op in `ops` (null if none is kept) */
	firstKeptOpId: number | null;
	/** the verdict checks the kept window, with every key's value unknown when it opens */
	linearizableCovers: 'kept';
	/** p50Ms and p99Ms are over the puts kept */
	latencyCovers: 'kept';
}
