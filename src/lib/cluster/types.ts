import type { RaftRole } from '../raft/core';

/** A member's role as views show it: its machine's role, or down. */
export type Role = RaftRole | 'down';

/** Everything a cluster run is built from (the scenario's settings, in engine units). */
export interface ClusterOptions {
	size: number;
	seed: number;
	preVote: boolean;
	checkQuorum: boolean;
	heartbeatMs: number;
	electionMs: number;
	latencyMs: number;
	jitterMs: number;
	lossRate: number;
	fsyncMs: number;
	clientTimeoutMs: number;
	/** mean extra fsync time; 90% of fsyncs add 0-1x this, 10% add 1-10x (a disk's tail); default 0 */
	fsyncJitterMs?: number;
	/** WAL cost of each entry in a write (encoding, bytes): group commit saturates on it; default 0 */
	walUsPerEntry?: number;
	/**
	 * every disk's write bandwidth in MB/s (10^6 bytes a second): a sync that carries B bytes takes
	 * B / bandwidth longer (the WAL's entries; a backend commit's batch); default 0: unlimited
	 */
	diskMBps?: number;
	/** one sync's p99 on every disk (fsyncMs is the median); default: fsyncMs (no spread) */
	fsyncP99Ms?: number;
	/**
	 * the WAL on a disk of its own (etcd --wal-dir on another device): its median and p99 sync time;
	 * default: the WAL shares the member's disk with the backend
	 */
	walFsyncMs?: number | null;
	walFsyncP99Ms?: number | null;
	/** one sync at a time per disk (a device's queue): WAL and backend syncs wait for each other; default false */
	diskSerial?: boolean;
	/** the backend (bbolt) commits applied writes in batches; false leaves it out (the WAL alone); default true */
	backend?: boolean;
	/** etcd's backend batch interval and limit, and the syncs one commit makes (100 ms, 10,000, 2) */
	backendIntervalMs?: number;
	backendLimit?: number;
	backendSyncsPerCommit?: number;
	/** one more sync per commit for every 1/x writes in the batch (bbolt's page splits, file growth); default 0 */
	backendExtraSyncsPerWrite?: number;
	/** the chance the raft loop takes its Ready first when a tick is also waiting (Go's select: 0.5) */
	loopWorkFirst?: number;
	/** CPU time a member spends on each message it sends (members sharing one machine); default 0 */
	cpuUsPerMsg?: number;
	/** members sharing a few CPUs now and then wait for one: the chance per message sent, and the longest wait (µs); default 0 */
	cpuStallChance?: number;
	cpuStallMaxUs?: number;
	/** one-way latency between a client and its member (default: the network's latencyMs) */
	clientLatencyMs?: number;
	/** time to apply one committed entry and answer the client (etcd's apply + gRPC reply) */
	applyMs?: number;
	/** etcd --snapshot-count, lowered to keep memory small: snapshot after this many applied entries */
	snapshotCount?: number;
	/** entries kept behind a snapshot for slow followers (etcd SnapshotCatchUpEntries) */
	catchUpEntries?: number;
	/** how many client ops to keep for the report and the linearizability check (oldest dropped) */
	historyLimit?: number;
}

export type { ClientOp, OpKind, OpState } from '../kv/ops';

export interface WatchEvent {
	atUs: number;
	type: 'PUT' | 'DELETE';
	value: string | null;
	revision: number;
}

export interface ClientWatch {
	id: number;
	node: number;
	key: string;
	fromRevision: number | null;
	createdUs: number;
	events: WatchEvent[];
	canceled: string | null;
	/** highest revision delivered (to skip replays after a member restart); -1 until the watch reaches its member */
	lastRevision: number;
}

export interface LeaderChange {
	atUs: number;
	node: number;
	term: number;
}

/** One member's time as leader: from its election to its step-down or death (endUs null while it leads). */
export interface LeadershipSpan {
	node: number;
	term: number;
	startUs: number;
	endUs: number | null;
	end: 'killed' | 'steppedDown' | null;
}

/** A line of what etcd would log (for narration and the disk lab). */
export interface LogLine {
	atUs: number;
	node: number;
	level: 'info' | 'warn';
	text: string;
}

/** A message on the wire, for views that animate traffic. */
export interface WireEvent {
	kind: 'send' | 'deliver' | 'drop';
	atUs: number;
	from: number;
	to: number;
	type: string;
	term: number;
	entries: number;
	deliverUs: number;
	/** read-only view fields (for pictures): the message's index, log term, commit and reject flag */
	index: number;
	logTerm: number;
	commit: number;
	reject: boolean;
	/** a drop: where it was lost (cut at the sender, lost on the wire, or the receiver was down) */
	lostAt: 'send' | 'wire' | 'receiver' | null;
	/** the same object on a message's send, deliver and drop events (views pair them up) */
	ref: object;
}

/** One member as etcd's member list shows it. */
export interface MemberRecord {
	id: number;
	/** the member ID etcd prints (16 hex digits) */
	hexId: string;
	name: string;
	peerURL: string;
	clientURL: string;
	learner: boolean;
	/** in the cluster (its add was applied, its removal not yet) */
	member: boolean;
	/** its process has started at least once (etcd prints "unstarted" before that) */
	started: boolean;
	removedUs: number | null;
}

export interface MemberView {
	id: number;
	alive: boolean;
	/** a learner (etcdctl member add --learner): replicates, does not vote, does not count toward quorum */
	learner: boolean;
	/** in the cluster: false before its member add is applied and once it is removed */
	member: boolean;
	/** its process has started at least once */
	started: boolean;
	role: Role;
	term: number;
	votedFor: number | null;
	lead: number | null;
	commitIndex: number;
	appliedIndex: number;
	lastIndex: number;
	stableIndex: number;
	fsyncMs: number;
	/** one sync's p99 on that disk (fsyncMs plus its spread) */
	fsyncP99Ms: number;
	diskBusy: boolean;
	/** fsyncs this member's disk has done (writes per fsync = entries / fsyncs shows group commit) */
	fsyncs: number;
	kv: Record<string, string>;
	revision: number;
	/** read-only view fields (for pictures): the election clock in raft ticks (etcd's randomized timeout) */
	electionElapsedTicks: number;
	electionTimeoutTicks: number;
	tickMs: number;
	/** when this member's raft ticker fires next (null while down) */
	nextTickMs: number | null;
	/** the fsync in flight (null when the disk is idle): when it started and when it will finish */
	fsyncStartMs: number | null;
	fsyncEndMs: number | null;
}

/** What the engine's latest step was (for views that say which event just happened). */
export type StepView =
	| { k: 'tick'; node: number }
	| { k: 'deliver' | 'drop'; from: number; to: number; type: string; term: number }
	| { k: 'diskDone'; node: number; lastIndex: number }
	| { k: 'client'; node: number; op: string; key: string }
	| { k: 'reply'; node: number; op: string; key: string; status: string }
	| { k: 'deadline'; side: 'client' | 'server'; ms: number }
	| { k: 'other'; what: string }
	| { k: 'call' };

/** A member's role machine took a lifecycle event (for the lifecycle diagram). */
export interface LifecycleTransition {
	/** increases by one for every transition of the run */
	seq: number;
	atUs: number;
	node: number;
	event: string;
	from: Role;
	to: Role;
}
