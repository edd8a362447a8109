/**
 * The cluster's state and the helpers every part shares: options and timings, the members (each a
 * RaftNode with its disk, durable state and store), the event queue, the network, the checker and
 * the trace, and the observation logs (leaderships, etcd log lines, wire listeners).
 *
 * The cluster is built in layers, one job a file: base (state) -> raft-loop (carry out each
 * member's Ready) -> clients (etcdctl put/get/del) -> watches -> faults -> cluster (the event loop
 * and views). Every field lives here, so a layer's methods can run during construction.
 */
import { SafetyChecker } from '../check/safety';
import { KvStore, type KvEvent } from '../kv/store';
import { RaftState, type RaftConfig } from '../raft/core';
import { RaftNode, type Transition } from '../raft/node';
import { quorumSize } from '../raft/quorum';
import { NONE, type Message } from '../raft/types';
import { Disk } from '../sim/disk';
import { TraceHash } from '../sim/hash';
import { Network } from '../sim/network';
import { Prng } from '../sim/prng';
import { EventQueue } from '../sim/queue';
import { msToUs } from '../sim/time';
import { LOG_LIMIT, LEADERS_LIMIT, MAX_MEMBER_IDS, TRANSITIONS_LIMIT, clientURLOf, memberHexId, memberName, peerURLOf } from './etcd';
import { Backend, BACKEND_EXTRA_SYNCS_PER_WRITE, BACKEND_INTERVAL_US, BACKEND_LIMIT, BACKEND_SYNCS_PER_COMMIT, LOOP_WORK_FIRST } from './backend';
import { memberObject, type Durable, type Member, type SimEvent } from './member';
import type { ClientOp, ClientWatch, ClusterOptions, LeaderChange, LeadershipSpan, LifecycleTransition, LogLine, MemberRecord, OpKind, WireEvent, Role } from './types';
import type { Entry } from '../raft/types';
import { objectArray, sparseArray } from '../sim/arrays';
import type { LazyPrefix } from './chunks';

/** How many ops of one kind were issued and how they came back (the rest are still pending). */
export interface OpCount {
	issued: number;
	ok: number;
	timeout: number;
	fail: number;
}

function newOpCount(): OpCount {
	return { issued: 0, ok: 0, timeout: 0, fail: 0 };
}

/**
 * A call from outside the engine, as plain data: the cluster's own (a removed member's process
 * exits), one its owner scheduled (a payload onOutsideCall carries out), or a closure (`at`: labs
 * and benchmarks; a cluster with one pending cannot be checkpointed).
 */
export type OutsideCall = { k: 'retire'; node: number } | { k: 'owner'; payload: unknown } | { k: 'fn'; fn: () => void };

export abstract class ClusterBase {
	/** starts a member's ticker and raft loop (raft-loop.ts) */
	protected abstract boot(m: Member): void;
	/** answers a client one hop later (clients.ts) */
	protected abstract reply(op: ClientOp, status: 'ok' | 'timeout' | 'fail', error: string | null, value: string | null, revision: number | null, fromUs?: number): void;
	/** tells the watches on a member about a change to its store (watches.ts) */
	protected abstract notifyWatches(m: Member, ev: KvEvent): void;
	/** a member applies a committed membership change (membership.ts) */
	protected abstract applyConf(m: Member, e: Entry): void;
	/** a membership request reached its member, or that member found a leader (membership.ts) */
	protected abstract memberRequest(m: Member, op: ClientOp): void;
	/** a membership request came back to its client (membership.ts: start an added member) */
	protected abstract memberReplied(op: ClientOp): void;

	readonly opts: Required<ClusterOptions>;
	/** member numbers in use: 1..size (the first members, then one more for every etcdctl member add) */
	size: number;
	/** how many members the cluster was created with (etcd's --initial-cluster) */
	readonly initialSize: number;
	/** the membership as etcd's cluster store holds it (member list), indexed by member number */
	readonly registry: MemberRecord[] = [];
	/** the highest log index whose membership change reached the registry (each applies once) */
	protected confAppliedIndex = 0;
	readonly network: Network;
	readonly checker = new SafetyChecker();
	readonly trace = new TraceHash();
	/**
	 * The ops kept behind `ops`, oldest first, but for its first opBufferHead, which the history
	 * limit has dropped already: clients.ts newOp drops them a batch at a time (shift on an array of
	 * 100,000 moved all of it, every op: 70 µs a put, most of an hour's run).
	 */
	protected opBuffer: ClientOp[] = objectArray();
	protected opBufferHead = 0;
	/**
	 * The oldest ops kept, before opBuffer's, still as the checkpoint a restore came from keeps them
	 * (chunks.ts LazyPrefix: every op it had, some packed), unpacked when `ops` is read or one at a
	 * time as the history limit drops them; `recentOps` reads the newest without unpacking the rest
	 * (a restore made the 100,000 ops kept into an array again: a fifth of its copying, for a page
	 * that shows the last 200). null: every op kept is in opBuffer.
	 */
	protected opLazy: LazyPrefix | null = null;
	readonly watches: ClientWatch[] = [];
	readonly leaders: LeaderChange[] = objectArray();
	/** every leadership from election to its end, oldest first (the latest LEADERS_LIMIT kept) */
	readonly leadership: LeadershipSpan[] = objectArray();
	protected readonly openSpan: (LeadershipSpan | undefined)[] = sparseArray();
	readonly logs: LogLine[] = objectArray();
	/** the latest lifecycle transitions of every member, oldest first (views only) */
	readonly transitions: LifecycleTransition[] = objectArray();
	private transitionCount = 0;
	/** ops dropped from `ops` because of historyLimit */
	droppedOps = 0;
	/** when every dropped op had taken effect or failed for good (Infinity: one may still land later) */
	droppedOpsSettledUs = -Infinity;
	/**
	 * Requests whose client may still give up, in call order, which is deadline order (clients.ts):
	 * each is timed out at its call + clientTimeoutMs unless it came back first.
	 */
	protected clientDeadlines: ClientOp[] = objectArray();
	/** when the engine next looks at clientDeadlines (a clientDeadline event is due then; Infinity: none is) */
	protected clientWakeUs = Infinity;
	/** requests a member may still time out, in arrival order (deadline order), with each one's deadline and the member's life then */
	protected serverDeadlines: ClientOp[] = objectArray();
	protected serverDeadlineUs: number[] = [];
	protected serverDeadlineLives: number[] = [];
	/** when the engine next looks at serverDeadlines (Infinity: no serverDeadline event is due) */
	protected serverWakeUs = Infinity;
	/** every op ever issued, by kind, and how each came back (dropped ops included): summaries count these */
	readonly opCounts: Record<OpKind, OpCount> = {
		put: newOpCount(),
		get: newOpCount(),
		delete: newOpCount(),
		memberAdd: newOpCount(),
		memberPromote: newOpCount(),
		memberRemove: newOpCount()
	};
	/** how many ops have come back (ok, timeout or fail): views re-check history when it changes */
	opsResolved = 0;
	/** hears every client request as it gets its answer or its client gives up (a load generator's hook; never part of the trace) */
	onResolve: ((op: ClientOp) => void) | null = null;
	nowUs = 0;
	events = 0;
	protected readonly queue = new EventQueue<SimEvent>();
	/** outside calls (scenario steps, user actions, load generators): at one instant they run after
	 * every engine event due then, in the order they were scheduled. Plain data (see OutsideCall),
	 * so a checkpoint can hold them; only a cluster with no `fn` call pending can be checkpointed. */
	protected readonly calls = new EventQueue<OutsideCall>();
	/**
	 * Carries out the calls its owner scheduled as data (`schedule`): a scenario's steps, the user's
	 * actions, a load generator's next put. Set by the owner (scenario/apply.ts) before they fall due.
	 */
	onOutsideCall: ((payload: unknown) => void) | null = null;
	protected readonly members: Member[] = [];
	protected readonly prng: Prng;
	protected readonly clientPrng: Prng;
	protected readonly tickUs: number;
	protected readonly electionUs: number;
	protected readonly applyUs: number;
	protected readonly clientTimeoutUs: number;
	protected readonly requestTimeoutUs: number;
	/** clientLatencyMs minus the network's latency (the network adds its own) */
	protected readonly clientExtraUs: number;
	/** the raft loops' choices when a tick and work are both ready (Go's select: at random) */
	protected readonly loopPrng: Prng;
	protected readonly cpuUsPerMsg: number;
	/** the CPU's stalls (members sharing a machine), its own stream */
	protected readonly cpuPrng: Prng;
	protected nextOpId = 1;
	protected nextReadContext = 2; // 1 marks a transfer campaign
	protected nextWatchId = 1;
	protected wireListeners: ((e: WireEvent) => void)[] = [];
	/** view-only: the latest step (see lastStep) and whether it was a message lost on arrival */
	protected lastEvent: SimEvent | null = null;
	protected lastDropped = false;

	constructor(options: ClusterOptions) {
		// an option given as undefined takes its default, like one left out
		this.opts = {
			...options,
			clientLatencyMs: options.clientLatencyMs ?? options.latencyMs,
			applyMs: options.applyMs ?? 0.1,
			fsyncJitterMs: options.fsyncJitterMs ?? 0,
			walUsPerEntry: options.walUsPerEntry ?? 0,
			diskMBps: options.diskMBps ?? 0,
			fsyncP99Ms: options.fsyncP99Ms ?? options.fsyncMs,
			walFsyncMs: options.walFsyncMs ?? null,
			walFsyncP99Ms: options.walFsyncP99Ms ?? null,
			diskSerial: options.diskSerial ?? false,
			backend: options.backend ?? true,
			backendIntervalMs: options.backendIntervalMs ?? BACKEND_INTERVAL_US / 1000,
			backendLimit: options.backendLimit ?? BACKEND_LIMIT,
			backendSyncsPerCommit: options.backendSyncsPerCommit ?? BACKEND_SYNCS_PER_COMMIT,
			backendExtraSyncsPerWrite: options.backendExtraSyncsPerWrite ?? BACKEND_EXTRA_SYNCS_PER_WRITE,
			cpuUsPerMsg: options.cpuUsPerMsg ?? 0,
			cpuStallChance: options.cpuStallChance ?? 0,
			cpuStallMaxUs: options.cpuStallMaxUs ?? 0,
			loopWorkFirst: options.loopWorkFirst ?? LOOP_WORK_FIRST,
			snapshotCount: options.snapshotCount ?? 10_000,
			catchUpEntries: options.catchUpEntries ?? 5_000,
			historyLimit: options.historyLimit ?? 100_000
		};
		const o = this.opts;
		this.size = o.size;
		this.initialSize = o.size;
		this.prng = new Prng(o.seed);
		this.clientPrng = this.prng.fork('client');
		this.tickUs = msToUs(o.heartbeatMs);
		this.electionUs = msToUs(o.electionMs);
		this.applyUs = msToUs(o.applyMs);
		this.clientTimeoutUs = msToUs(o.clientTimeoutMs);
		// etcd ReqTimeout: 5 s + 2 x election timeout
		this.requestTimeoutUs = msToUs(5000 + 2 * o.electionMs);
		this.clientExtraUs = msToUs(o.clientLatencyMs) - msToUs(o.latencyMs);
		this.loopPrng = this.prng.fork('loop');
		this.cpuUsPerMsg = Math.round(o.cpuUsPerMsg);
		this.cpuPrng = this.prng.fork('cpu');
		this.network = new Network(
			o.size,
			{ latencyUs: msToUs(o.latencyMs), jitterUs: msToUs(o.jitterMs), lossRate: o.lossRate },
			this.prng.fork('network'),
			Math.max(o.size, MAX_MEMBER_IDS)
		);
		for (let id = 1; id <= o.size; id++) {
			this.members[id] = this.createMember(id);
			this.registry[id] = this.memberRecord(id, false);
			this.registry[id].member = true;
			this.registry[id].started = true;
		}
		for (let id = 1; id <= o.size; id++) this.boot(this.members[id]);
	}

	/**
	 * Every op kept (the latest historyLimit), oldest first: the same array from one read to the
	 * next (but for the first read after a restore, which unpacks the oldest), its dropped ones cut
	 * off when it is read (read it here each time: a reference kept meanwhile may still hold up to a
	 * batch of dropped ones at its start).
	 */
	get ops(): ClientOp[] {
		if (this.opLazy !== null) this.unpackOps();
		else if (this.opBufferHead > 0) this.cutDroppedOps();
		return this.opBuffer;
	}

	/**
	 * The newest `n` ops kept (fewer if there are not so many), oldest first, in a new array: `ops`
	 * cut to its end, without unpacking what a restore left lazy.
	 */
	recentOps(n: number): ClientOp[] {
		const lazy = this.opLazy;
		if (lazy === null) {
			const ops = this.ops;
			return ops.slice(Math.max(0, ops.length - n));
		}
		const kept = this.opBuffer.length - this.opBufferHead;
		const from = Math.max(this.opBufferHead, this.opBuffer.length - n);
		const tail = this.opBuffer.slice(from);
		return kept >= n ? tail : (lazy.peekLast(n - kept) as ClientOp[]).concat(tail);
	}

	/** Every op kept in opBuffer (none left lazy), in a new array. */
	private unpackOps(): void {
		const head = this.opLazy!.rest() as ClientOp[];
		this.opLazy = null;
		this.opBuffer = head.concat(this.opBufferHead > 0 ? this.opBuffer.slice(this.opBufferHead) : this.opBuffer);
		this.opBufferHead = 0;
	}

	/** Cuts the ops the history limit dropped off the buffer's start (one move of the array). */
	protected cutDroppedOps(): void {
		this.opBuffer.splice(0, this.opBufferHead);
		this.opBufferHead = 0;
	}

	protected raftConfig(id: number): RaftConfig {
		const electionTicks = Math.max(1, Math.round(this.opts.electionMs / this.opts.heartbeatMs));
		return {
			id,
			members: Array.from({ length: this.initialSize }, (_, i) => i + 1),
			electionTicks,
			heartbeatTicks: 1,
			preVote: this.opts.preVote,
			checkQuorum: this.opts.checkQuorum,
			maxInflight: 256,
			maxEntriesPerMsg: 256
		};
	}

	protected memberRecord(id: number, learner: boolean): MemberRecord {
		return { id, hexId: memberHexId(id), name: memberName(id), peerURL: peerURLOf(id), clientURL: clientURLOf(id), learner, member: false, started: false, removedUs: null };
	}

	/** Whether a member number is in the cluster now (added and not removed). */
	isMember(id: number): boolean {
		return this.registry[id]?.member === true;
	}

	isLearner(id: number): boolean {
		const r = this.registry[id];
		return r !== undefined && r.member && r.learner;
	}

	/** The voting members now, ascending (the quorum counts these). */
	voterIds(): number[] {
		const out: number[] = [];
		for (let id = 1; id <= this.size; id++) if (this.isMember(id) && !this.registry[id].learner) out.push(id);
		return out;
	}

	/** The learners now, ascending. */
	learnerIds(): number[] {
		const out: number[] = [];
		for (let id = 1; id <= this.size; id++) if (this.isLearner(id)) out.push(id);
		return out;
	}

	protected createMember(id: number): Member {
		const durable: Durable = { hard: { term: 0, vote: NONE, commit: 0 }, snapshot: null, offset: 0, offsetTerm: 0, entries: objectArray() };
		const raft = new RaftState(this.raftConfig(id), this.prng.fork(`election-${id}`));
		const node = new RaftNode(raft);
		node.onTransition = (t) => this.recordTransition(id, t);
		const disk = this.createDisk(id);
		return memberObject({
			id,
			alive: true,
			life: 0,
			node,
			disk,
			dataDisk: this.opts.walFsyncMs === null ? disk : this.createDataDisk(id),
			backend: null,
			cpuFreeUs: 0,
			durable,
			kv: new KvStore(),
			busy: false,
			tickPending: false,
			tickPhaseUs: 0,
			tickStartUs: 0,
			fsyncStartUs: -1,
			fsyncEndUs: -1,
			waiting: new Map(),
			blocked: [],
			reads: new Map(),
			readyReads: [],
			lead: NONE,
			leadElectedUs: -1,
			noLeaderChecks: 0,
			lastHeartbeatUs: sparseArray(),
			commitSeen: -1,
			commitTermSeen: -1
		});
	}

	/** Keeps the latest lifecycle transitions (views draw them on the machine's diagram). */
	protected recordTransition(node: number, t: Transition): void {
		this.transitions.push({ seq: this.transitionCount++, atUs: this.nowUs, node, event: t.event, from: t.from, to: t.to });
		if (this.transitions.length > TRANSITIONS_LIMIT * 2) this.transitions.splice(0, TRANSITIONS_LIMIT);
	}

	/** The member's WAL disk: its own device when walFsyncMs is set, else the one it shares with the backend. */
	protected createDisk(id: number): Disk {
		const o = this.opts;
		const own = o.walFsyncMs !== null;
		const fsyncMs = own ? (o.walFsyncMs as number) : o.fsyncMs;
		const p99Ms = own ? (o.walFsyncP99Ms ?? fsyncMs) : o.fsyncP99Ms;
		const disk = new Disk(msToUs(fsyncMs), this.prng.fork(`disk-${id}`));
		disk.tailUs = Math.max(0, msToUs(p99Ms) - msToUs(fsyncMs));
		disk.jitterUs = msToUs(o.fsyncJitterMs);
		disk.usPerEntry = o.walUsPerEntry;
		disk.bytesPerUs = o.diskMBps;
		disk.serial = o.diskSerial;
		return disk;
	}

	/** The backend's disk when the WAL has its own (etcd --wal-dir on another device). */
	protected createDataDisk(id: number): Disk {
		const o = this.opts;
		const disk = new Disk(msToUs(o.fsyncMs), this.prng.fork(`data-disk-${id}`));
		disk.tailUs = Math.max(0, msToUs(o.fsyncP99Ms) - msToUs(o.fsyncMs));
		disk.jitterUs = msToUs(o.fsyncJitterMs);
		disk.bytesPerUs = o.diskMBps;
		disk.serial = o.diskSerial;
		return disk;
	}

	/** A fresh backend (at boot: what an earlier life had pending was never committed, the WAL replays it). */
	protected createBackend(id: number): Backend | null {
		const o = this.opts;
		if (!o.backend) return null;
		return new Backend(this.nowUs, {
			intervalUs: msToUs(o.backendIntervalMs),
			limit: Math.max(1, Math.floor(o.backendLimit)),
			syncsPerCommit: Math.max(0, Math.floor(o.backendSyncsPerCommit)),
			extraSyncsPerWrite: Math.max(0, o.backendExtraSyncsPerWrite)
		}, this.prng.fork(`backend-${id}`));
	}

	/** A member's backend (its batch and lock), null when the backend is left out. */
	backendOf(id: number): Backend | null {
		return this.members[id].backend;
	}

	raftOf(id: number): RaftState {
		return this.members[id].node.raft;
	}

	/** The machine's state value, e.g. { up: 'leader' } or 'down'. */
	machineState(id: number): unknown {
		return this.members[id].node.stateValue;
	}

	/** The role, as the member's lifecycle machine holds it. */
	roleOf(id: number): Role {
		return this.members[id].node.role;
	}

	isAlive(id: number): boolean {
		return this.members[id].alive;
	}

	get nowMs(): number {
		return this.nowUs / 1000;
	}

	/** One client hop: the client's own latency plus the network's jitter, FIFO per client link. */
	protected clientDelayUs(node: number): number {
		return Math.max(0, this.network.deliveryTime(0, node, this.nowUs) - this.nowUs + this.clientExtraUs);
	}

	/** Whether a and b can talk now (etcd asks whether they have been connected since the request started). */
	protected connected(a: number, b: number): boolean {
		return this.members[b].alive && this.network.downSince(a, b) < 0 && this.network.downSince(b, a) < 0;
	}

	/** Whether member a reaches a quorum of the voters it knows (its own membership). */
	protected connectedToQuorum(a: number): boolean {
		const voters = this.members[a].node.raft.voters;
		let n = 0;
		for (const b of voters) if (b === a || this.connected(a, b)) n++;
		return n >= quorumSize(voters.length);
	}

	protected openLeadership(node: number, term: number): void {
		this.closeLeadership(node, 'steppedDown');
		const span: LeadershipSpan = { node, term, startUs: this.nowUs, endUs: null, end: null };
		this.openSpan[node] = span;
		this.leadership.push(span);
		if (this.leadership.length > LEADERS_LIMIT * 2) this.leadership.splice(0, LEADERS_LIMIT);
	}

	protected closeLeadership(node: number, end: 'killed' | 'steppedDown'): void {
		const span = this.openSpan[node];
		if (!span) return;
		span.endUs = this.nowUs;
		span.end = end;
		this.openSpan[node] = undefined;
	}

	/** etcd warnings logged so far (the log itself keeps only the latest lines) */
	warnings = 0;

	protected log(node: number, level: 'info' | 'warn', text: string): void {
		if (level === 'warn') this.warnings++;
		this.logs.push({ atUs: this.nowUs, node, level, text });
		if (this.logs.length > LOG_LIMIT * 2) this.logs.splice(0, this.logs.length - LOG_LIMIT);
	}

	/** Listens to every message sent, delivered or dropped (views animate these). */
	onWire(listener: (e: WireEvent) => void): () => void {
		this.wireListeners.push(listener);
		return () => {
			this.wireListeners = this.wireListeners.filter((l) => l !== listener);
		};
	}

	protected emitWire(kind: WireEvent['kind'], msg: Message, deliverUs: number, lostAt: WireEvent['lostAt'] = null): void {
		if (this.wireListeners.length === 0) return;
		const e: WireEvent = {
			kind, atUs: this.nowUs, from: msg.from, to: msg.to, type: msg.type, term: msg.term, entries: msg.entries.length, deliverUs,
			index: msg.index, logTerm: msg.logTerm, commit: msg.commit, reject: msg.reject, lostAt, ref: msg
		};
		for (const l of this.wireListeners) l(e);
	}
}
