/**
 * The cluster: n members, each an xstate raft machine with its own disk, joined by a simulated
 * network, and clients that talk to members the way etcdctl does. It owns the clock, the event
 * queue and every random choice (all derived from one seed), and carries out what the members'
 * machines ask for: send these messages, persist these entries, apply up to here.
 *
 * A member's raft loop works like etcd's raftNode: it takes a Ready, the leader sends its messages
 * at once and writes its WAL in parallel, a follower writes (fsync) first and sends after; while
 * the loop waits for the disk it handles nothing else (ticks wait, so a leader stuck on a slow disk
 * sends no heartbeats).
 */
import { SafetyChecker } from '../check/safety';
import { KvStore, type KvEvent, type KvSnapshot } from '../kv/store';
import { RaftState, type RaftConfig } from '../raft/core';
import { RaftLog } from '../raft/log';
import { RaftNode } from '../raft/node';
import type { Ready } from '../raft/ready';
import { quorumSize } from '../raft/quorum';
import { MESSAGE_CODES, NONE, type Command, type Entry, type HardState, type Message, type Snapshot } from '../raft/types';
import type { Role } from '../scenario/types';
import { Disk } from '../sim/disk';
import { TraceHash } from '../sim/hash';
import { Network } from '../sim/network';
import { Prng } from '../sim/prng';
import { EventQueue } from '../sim/queue';
import { msToUs } from '../sim/time';
import type {
	ClientOp,
	ClientWatch,
	ClusterOptions,
	LeaderChange,
	LeadershipSpan,
	LogLine,
	MemberView,
	OpKind,
	StepView,
	WireEvent
} from './types';

/** etcdctl --dial-timeout: a request to a dead endpoint fails after this. */
const DIAL_TIMEOUT_MS = 2000;
/** etcd's linearizable read loop resends its ReadIndex request this often. */
const READ_INDEX_RETRY_MS = 500;
/** etcd cancels watch streams after this many election timeouts without a leader. */
const WATCH_NO_LEADER_LIMIT = 3;
const LOG_LIMIT = 2000;
/** etcd's WAL warns "slow fdatasync" when one takes longer than this (warnSyncDuration). */
const SLOW_FDATASYNC_US = 1_000_000;
const LEADERS_LIMIT = 10_000;

export const ERR = {
	deadline: 'Error: context deadline exceeded',
	timeout: 'Error: etcdserver: request timed out',
	timeoutLeaderFail: 'Error: etcdserver: request timed out, possibly due to previous leader failure',
	timeoutConnLost: 'Error: etcdserver: request timed out, possibly due to connection lost',
	leaderChanged: 'Error: etcdserver: leader changed',
	proposalDropped: 'Error: raft proposal dropped',
	watchNoLeader: 'watch was canceled (etcdserver: no leader)',
	watchCompacted: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)'
} as const;

/** What one member's disk holds: what survives kill -9. */
interface Durable {
	hard: HardState;
	snapshot: Snapshot | null;
	offset: number;
	offsetTerm: number;
	entries: Entry[];
}

/** One WAL write in flight: a Ready that needs a sync (a follower sends its messages once it is durable). */
interface PendingWrite {
	rd: Ready;
	hard: HardState;
	/** whether the messages wait for the write (a follower) or went out already (a leader) */
	sendAfter: boolean;
	submittedUs: number;
}

interface Member {
	id: number;
	alive: boolean;
	/** bumps on every crash: events meant for an earlier life are ignored */
	life: number;
	/** the member's raft: protocol state and its role lifecycle (an xstate actor) */
	node: RaftNode;
	disk: Disk;
	durable: Durable;
	kv: KvStore;
	busy: boolean;
	tickPending: boolean;
	tickPhaseUs: number;
	/** view-only: when the ticker started (ticks fire every tickUs from here) and the fsync in flight */
	tickStartUs: number;
	fsyncStartUs: number;
	fsyncEndUs: number;
	/** client requests proposed here, waiting for their entry to apply */
	waiting: Map<number, ClientOp>;
	/** puts/deletes that wait for this member to know a leader (etcd's blocked propc) */
	blocked: ClientOp[];
	/** linearizable reads: by ReadIndex context */
	reads: Map<number, ClientOp>;
	/** reads whose index is known, waiting for apply */
	readyReads: { op: ClientOp; index: number }[];
	lead: number;
	/** when this member last saw a new leader elected (etcd leadElectedTime) */
	leadElectedUs: number;
	noLeaderChecks: number;
	lastHeartbeatUs: number[];
}

type SimEvent =
	| { k: 'tick'; node: number; life: number }
	| { k: 'deliver'; m: Message; epoch: number; life: number }
	| { k: 'diskDone'; node: number; life: number; w: PendingWrite }
	| { k: 'arrive'; op: ClientOp; life: number }
	| { k: 'reply'; op: ClientOp; status: 'ok' | 'timeout' | 'fail'; error: string | null; value: string | null; revision: number | null }
	| { k: 'clientTimeout'; op: ClientOp }
	| { k: 'serverTimeout'; op: ClientOp; node: number; life: number }
	| { k: 'readRetry'; op: ClientOp; node: number; life: number; context: number }
	| { k: 'watchArrive'; w: ClientWatch; life: number }
	| { k: 'watchEvent'; w: ClientWatch; ev: KvEvent }
	| { k: 'watchMonitor'; node: number; life: number }
	| { k: 'call'; fn: () => void; label: number };

const EV_CODE: Record<SimEvent['k'], number> = {
	tick: 1,
	deliver: 2,
	diskDone: 3,
	arrive: 4,
	reply: 5,
	clientTimeout: 6,
	serverTimeout: 7,
	readRetry: 8,
	watchArrive: 9,
	watchEvent: 10,
	watchMonitor: 11,
	call: 12
};

const CALL_VIEW: SimEvent = { k: 'call', fn: () => {}, label: 0 };

export class Cluster {
	readonly opts: Required<ClusterOptions>;
	readonly size: number;
	readonly network: Network;
	readonly checker = new SafetyChecker();
	readonly trace = new TraceHash();
	readonly ops: ClientOp[] = [];
	readonly watches: ClientWatch[] = [];
	readonly leaders: LeaderChange[] = [];
	/** every leadership from election to its end, oldest first (the latest LEADERS_LIMIT kept) */
	readonly leadership: LeadershipSpan[] = [];
	private readonly openSpan: (LeadershipSpan | undefined)[] = [];
	readonly logs: LogLine[] = [];
	/** ops dropped from `ops` because of historyLimit */
	droppedOps = 0;
	/** how many ops have come back (ok, timeout or fail): views re-check history when it changes */
	opsResolved = 0;
	nowUs = 0;
	events = 0;

	private readonly queue = new EventQueue<SimEvent>();
	/** outside calls (scenario steps, user actions, load generators): at one instant they run after
	 * every engine event due then, in the order they were scheduled */
	private readonly calls = new EventQueue<() => void>();
	private readonly members: Member[] = [];
	private readonly prng: Prng;
	private readonly clientPrng: Prng;
	private readonly tickUs: number;
	private readonly electionUs: number;
	private readonly applyUs: number;
	private readonly clientTimeoutUs: number;
	private readonly requestTimeoutUs: number;
	/** clientLatencyMs minus the network's latency (the network adds its own) */
	private readonly clientExtraUs: number;
	private nextOpId = 1;
	private nextReadContext = 2; // 1 marks a transfer campaign
	private nextWatchId = 1;
	private wireListeners: ((e: WireEvent) => void)[] = [];
	/** view-only: the latest step (see lastStep) and whether it was a message lost on arrival */
	private lastEvent: SimEvent | null = null;
	private lastDropped = false;

	constructor(options: ClusterOptions) {
		// an option given as undefined takes its default, like one left out
		this.opts = {
			...options,
			clientLatencyMs: options.clientLatencyMs ?? options.latencyMs,
			applyMs: options.applyMs ?? 0.1,
			fsyncJitterMs: options.fsyncJitterMs ?? 0,
			walUsPerEntry: options.walUsPerEntry ?? 0,
			snapshotCount: options.snapshotCount ?? 10_000,
			catchUpEntries: options.catchUpEntries ?? 5_000,
			historyLimit: options.historyLimit ?? 100_000
		};
		const o = this.opts;
		this.size = o.size;
		this.prng = new Prng(o.seed);
		this.clientPrng = this.prng.fork('client');
		this.tickUs = msToUs(o.heartbeatMs);
		this.electionUs = msToUs(o.electionMs);
		this.applyUs = msToUs(o.applyMs);
		this.clientTimeoutUs = msToUs(o.clientTimeoutMs);
		// etcd ReqTimeout: 5 s + 2 x election timeout
		this.requestTimeoutUs = msToUs(5000 + 2 * o.electionMs);
		this.clientExtraUs = msToUs(o.clientLatencyMs) - msToUs(o.latencyMs);
		this.network = new Network(
			o.size,
			{ latencyUs: msToUs(o.latencyMs), jitterUs: msToUs(o.jitterMs), lossRate: o.lossRate },
			this.prng.fork('network')
		);
		for (let id = 1; id <= o.size; id++) this.members[id] = this.createMember(id);
		for (let id = 1; id <= o.size; id++) this.boot(this.members[id]);
	}

	// ================================================================== members

	private raftConfig(id: number): RaftConfig {
		const electionTicks = Math.max(1, Math.round(this.opts.electionMs / this.opts.heartbeatMs));
		return {
			id,
			members: Array.from({ length: this.size }, (_, i) => i + 1),
			electionTicks,
			heartbeatTicks: 1,
			preVote: this.opts.preVote,
			checkQuorum: this.opts.checkQuorum,
			maxInflight: 256,
			maxEntriesPerMsg: 256
		};
	}

	private createMember(id: number): Member {
		const durable: Durable = { hard: { term: 0, vote: NONE, commit: 0 }, snapshot: null, offset: 0, offsetTerm: 0, entries: [] };
		const raft = new RaftState(this.raftConfig(id), this.prng.fork(`election-${id}`));
		return {
			id,
			alive: true,
			life: 0,
			node: new RaftNode(raft),
			disk: this.createDisk(id),
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
			lastHeartbeatUs: []
		};
	}

	private createDisk(id: number): Disk {
		const disk = new Disk(msToUs(this.opts.fsyncMs), this.prng.fork(`disk-${id}`));
		disk.jitterUs = msToUs(this.opts.fsyncJitterMs);
		disk.usPerEntry = this.opts.walUsPerEntry;
		return disk;
	}

	/** Starts a member's ticker (with its own phase) and etcd's boot fast-forward of the election clock. */
	private boot(m: Member): void {
		m.tickPhaseUs = this.prng.int(0, this.tickUs);
		m.tickStartUs = this.nowUs + m.tickPhaseUs;
		this.queue.push(this.nowUs + m.tickPhaseUs, { k: 'tick', node: m.id, life: m.life });
		this.queue.push(this.nowUs + this.electionUs, { k: 'watchMonitor', node: m.id, life: m.life });
		if (this.size > 1) {
			// etcd advances electionTicks - 2 ticks once it sees its peers (adjustTicks)
			const advance = Math.max(0, this.raftConfig(m.id).electionTicks - 2);
			for (let i = 0; i < advance; i++) this.tick(m);
		} else {
			const advance = Math.max(0, this.raftConfig(m.id).electionTicks - 1);
			for (let i = 0; i < advance; i++) this.tick(m);
		}
		this.drive(m);
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

	// ================================================================== the raft loop

	private send(m: Member, msgs: Message[]): void {
		for (const msg of msgs) {
			if (msg.to === m.id) continue;
			if (msg.type === 'voteResp' && !msg.reject) this.checker.observe({ kind: 'voteSent', node: m.id, term: msg.term, candidate: msg.to }, this.nowMs);
			if (msg.type === 'heartbeat') this.watchHeartbeatGap(m, msg.to);
			const to = this.members[msg.to];
			const sent = this.network.send(msg.from, msg.to, this.nowUs);
			this.trace.event(100 + MESSAGE_CODES[msg.type], this.nowUs, msg.from, msg.to, msg.term, msg.index);
			if (sent === null) {
				this.emitWire('drop', msg, this.nowUs, this.network.connected(msg.from, msg.to) ? 'wire' : 'send');
				continue;
			}
			this.emitWire('send', msg, sent.atUs);
			this.queue.push(sent.atUs, { k: 'deliver', m: msg, epoch: sent.epoch, life: to.life });
		}
	}

	/** etcd warns when a leader's heartbeats to a peer are more than two intervals apart. */
	private watchHeartbeatGap(m: Member, to: number): void {
		const last = m.lastHeartbeatUs[to];
		m.lastHeartbeatUs[to] = this.nowUs;
		if (last === undefined) return;
		const gap = this.nowUs - last;
		if (gap > 2 * this.tickUs) {
			this.log(m.id, 'warn',
				`leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk (to n${to}, expected ${2 * this.opts.heartbeatMs} ms, took ${(gap / 1000).toFixed(1)} ms)`);
		}
	}

	/** One tick of the member's clock. */
	private tick(m: Member): void {
		m.node.tick();
		this.afterStep(m);
	}

	/** Takes note of what a step changed (the Ready's soft state, notices, refusals and read states). */
	private afterStep(m: Member): void {
		this.observe(m, m.node.ready({ work: false }));
	}

	/** Runs one pass of the member's raft loop (etcd raftNode.start's select loop): one Ready. */
	private drive(m: Member): void {
		if (!m.alive || m.busy) return;
		if (m.tickPending) {
			m.tickPending = false;
			this.tick(m);
		}
		const rd = m.node.ready();
		this.observe(m, rd);
		const isLeader = rd.role === 'leader';
		if (isLeader) this.send(m, rd.messages);
		this.applyCommitted(m, rd);
		const hard = rd.hardState as HardState;
		if (rd.mustSync) {
			m.busy = true;
			const w: PendingWrite = { rd, hard, sendAfter: !isLeader, submittedUs: this.nowUs };
			const at = m.disk.submit(this.nowUs, rd.entries.length);
			m.fsyncStartUs = this.nowUs;
			m.fsyncEndUs = at;
			this.queue.push(at, { k: 'diskDone', node: m.id, life: m.life, w });
			return;
		}
		// the commit index is written without fsync, as etcd's WAL does; never past what is on disk
		const d = m.durable;
		d.hard.commit = Math.min(hard.commit, d.offset + d.entries.length);
		if (!isLeader) this.send(m, rd.messages);
		m.node.advance(rd);
	}

	private onDiskDone(m: Member, w: PendingWrite): void {
		const rd = w.rd;
		const d = m.durable;
		const tookUs = this.nowUs - w.submittedUs;
		if (tookUs > SLOW_FDATASYNC_US) {
			this.log(m.id, 'warn', `slow fdatasync (took ${(tookUs / 1000).toFixed(1)} ms, expected-duration 1000 ms)`);
		}
		d.hard = { ...w.hard };
		// the term a member can be held to is the one on its disk (a crash may lose a newer one
		// that no message ever carried: candidates send only after the write)
		this.checker.observe({ kind: 'term', node: m.id, term: w.hard.term }, this.nowMs);
		if (rd.snapshot) {
			d.snapshot = rd.snapshot;
			d.offset = rd.snapshot.index;
			d.offsetTerm = rd.snapshot.term;
			d.entries = [];
		}
		if (rd.entries.length > 0) {
			const first = rd.entries[0].index;
			d.entries.length = Math.max(0, Math.min(d.entries.length, first - d.offset - 1));
			// log matching is checked on what is durable: entries that died with a crash before their
			// fsync were never sent as durable anywhere and never existed for Raft
			let prevTerm = d.entries.length > 0 ? d.entries[d.entries.length - 1].term : d.offsetTerm;
			for (const e of rd.entries) {
				d.entries.push(e);
				this.checker.observe({ kind: 'append', node: m.id, index: e.index, term: e.term, id: e.id, prevTerm }, this.nowMs);
				prevTerm = e.term;
			}
		}
		if (rd.snapshot && rd.snapshot.index > m.node.raft.log.applied) {
			m.kv.restore(rd.snapshot.data as KvSnapshot);
			this.trace.event(50, this.nowUs, m.id, rd.snapshot.index);
		}
		this.trace.event(51, this.nowUs, m.id, rd.lastIndex, w.hard.term);
		m.busy = false;
		m.node.advance(rd);
		if (w.sendAfter) this.send(m, rd.messages);
		this.drive(m);
	}

	/** What happened in the member's raft: leadership, refused proposals, read indexes. */
	private observe(m: Member, rd: Ready): void {
		const r = m.node.raft;
		// notices: leadership, votes
		if (rd.notices.length > 0) {
			for (const n of rd.notices) {
				if (n.kind === 'becameLeader') {
					m.lastHeartbeatUs = [];
					this.openLeadership(m.id, n.term);
					this.checker.observe(
						{ kind: 'leader', node: m.id, term: n.term, logTermAt: (i) => r.log.term(i), logOffset: r.log.offset },
						this.nowMs
					);
					if (this.leaders.length < LEADERS_LIMIT) this.leaders.push({ atUs: this.nowUs, node: m.id, term: n.term });
					this.log(m.id, 'info', `n${m.id} became leader at term ${n.term}`);
				} else if (n.kind === 'steppedDown') {
					this.closeLeadership(m.id, 'steppedDown');
					this.log(m.id, 'info', n.reason === 'lostQuorum'
						? `n${m.id} stepped down to follower since quorum is not active (term ${n.term})`
						: `n${m.id} stepped down: it saw term ${n.term}`);
				} else if (n.kind === 'transferAborted') {
					this.log(m.id, 'info', `n${m.id} aborted leadership transfer: it did not finish within an election timeout`);
				}
			}
		}
		// leader changes seen by this member
		if (rd.lead !== m.lead) {
			const old = m.lead;
			m.lead = rd.lead;
			if (rd.lead !== NONE) {
				m.leadElectedUs = this.nowUs;
				m.noLeaderChecks = 0;
				if (old !== NONE) this.failPendingReads(m, ERR.leaderChanged);
				this.releaseBlocked(m);
			}
		}
		// a leader's commit
		if (rd.role === 'leader' && rd.committed > 0) {
			this.checker.observe({ kind: 'commit', node: m.id, index: rd.committed, term: r.log.term(rd.committed), leaderTerm: r.term }, this.nowMs);
		}
		// proposals raft refused
		if (rd.dropped.length > 0) {
			for (const cmd of rd.dropped) {
				if (cmd.origin !== m.id) continue; // another member's forwarded proposal: lost silently
				const op = m.waiting.get(cmd.reqId);
				if (op) {
					m.waiting.delete(cmd.reqId);
					this.reply(op, 'fail', ERR.proposalDropped, null, null);
				}
			}
		}
		// read indexes that came back
		if (rd.readStates.length > 0) {
			for (const rs of rd.readStates) {
				const op = m.reads.get(rs.context);
				if (op) {
					m.reads.delete(rs.context);
					m.readyReads.push({ op, index: rs.index });
				}
			}
		}
	}

	/** Applies committed, durable entries to the store; answers the clients waiting on them. */
	private applyCommitted(m: Member, rd: Ready): void {
		const r = m.node.raft;
		const ents = rd.committedEntries;
		for (const e of ents) {
			this.checker.observe({ kind: 'apply', node: m.id, index: e.index, term: e.term, id: e.id }, this.nowMs);
			if (!e.cmd) continue;
			const ev = m.kv.apply(e.cmd);
			if (ev) this.notifyWatches(m, ev);
			if (e.cmd.origin === m.id) {
				const op = m.waiting.get(e.cmd.reqId);
				if (op) {
					m.waiting.delete(e.cmd.reqId);
					this.reply(op, 'ok', null, null, m.kv.revision);
				}
			}
		}
		if (ents.length > 0) {
			this.trace.event(52, this.nowUs, m.id, r.log.applied);
			this.maybeCompact(m, r);
		}
		this.serveReadyReads(m, r);
	}

	/** etcd snapshots the store every snapshotCount entries and keeps catchUpEntries behind it. */
	private maybeCompact(m: Member, r: RaftState): void {
		const snapIndex = r.log.snapshot ? r.log.snapshot.index : 0;
		if (r.log.applied - snapIndex < this.opts.snapshotCount) return;
		const snap: Snapshot = { index: r.log.applied, term: r.log.term(r.log.applied), data: m.kv.snapshot() };
		const compactTo = Math.max(r.log.offset, r.log.applied - this.opts.catchUpEntries);
		r.compact(snap, compactTo);
		const d = m.durable;
		d.snapshot = snap;
		if (compactTo > d.offset) {
			const t = compactTo - d.offset <= d.entries.length ? d.entries[compactTo - d.offset - 1].term : d.offsetTerm;
			d.entries = d.entries.slice(compactTo - d.offset);
			d.offset = compactTo;
			d.offsetTerm = t;
		}
	}

	private serveReadyReads(m: Member, r: RaftState): void {
		if (m.readyReads.length === 0) return;
		const still: { op: ClientOp; index: number }[] = [];
		for (const rr of m.readyReads) {
			if (r.log.applied >= rr.index) {
				const rec = m.kv.get(rr.op.key);
				this.reply(rr.op, 'ok', null, rec ? rec.value : null, m.kv.revision);
			} else still.push(rr);
		}
		m.readyReads = still;
	}

	private failPendingReads(m: Member, error: string): void {
		for (const op of m.reads.values()) this.reply(op, 'fail', error, null, null);
		for (const rr of m.readyReads) this.reply(rr.op, 'fail', error, null, null);
		m.reads.clear();
		m.readyReads = [];
	}

	/** The member found a leader: puts that waited for one go ahead. */
	private releaseBlocked(m: Member): void {
		if (m.blocked.length === 0) return;
		const ops = m.blocked;
		m.blocked = [];
		for (const op of ops) if (op.status === 'pending') this.propose(m, op);
	}

	private propose(m: Member, op: ClientOp): void {
		const cmd: Command = { op: op.kind === 'delete' ? 'delete' : 'put', key: op.key, value: op.value ?? '', origin: m.id, reqId: op.id };
		m.waiting.set(op.id, op);
		m.node.propose(op.id, cmd);
		this.afterStep(m);
	}

	// ================================================================== clients

	get nowMs(): number {
		return this.nowUs / 1000;
	}

	/** One client hop: the client's own latency plus the network's jitter, FIFO per client link. */
	private clientDelayUs(node: number): number {
		return Math.max(0, this.network.deliveryTime(0, node, this.nowUs) - this.nowUs + this.clientExtraUs);
	}

	private newOp(kind: OpKind, node: number, key: string, value: string | null, serializable: boolean): ClientOp {
		const op: ClientOp = {
			id: this.nextOpId++,
			kind,
			node,
			key,
			value,
			serializable,
			callUs: this.nowUs,
			returnUs: null,
			status: 'pending',
			error: null,
			revision: null
		};
		this.ops.push(op);
		if (this.ops.length > this.opts.historyLimit) {
			const drop = this.ops.length - this.opts.historyLimit;
			this.ops.splice(0, drop);
			this.droppedOps += drop;
		}
		return op;
	}

	/** etcdctl put KEY VALUE against member `node`. */
	put(node: number, key: string, value: string): ClientOp {
		return this.call(this.newOp('put', node, key, value, false));
	}

	/** etcdctl get KEY [--consistency=s] against member `node`. */
	get(node: number, key: string, serializable = false): ClientOp {
		return this.call(this.newOp('get', node, key, null, serializable));
	}

	/** etcdctl del KEY against member `node`. */
	del(node: number, key: string): ClientOp {
		return this.call(this.newOp('delete', node, key, null, false));
	}

	private call(op: ClientOp): ClientOp {
		const m = this.members[op.node];
		this.trace.event(60, this.nowUs, op.id, op.node);
		if (!m.alive) {
			// etcdctl cannot dial a dead endpoint and gives up after --dial-timeout
			const at = this.nowUs + Math.min(msToUs(DIAL_TIMEOUT_MS), this.clientTimeoutUs);
			this.queue.push(at, { k: 'reply', op, status: 'fail', error: ERR.deadline, value: null, revision: null });
			return op;
		}
		this.queue.push(this.nowUs + this.clientDelayUs(op.node), { k: 'arrive', op, life: m.life });
		this.queue.push(this.nowUs + this.clientTimeoutUs, { k: 'clientTimeout', op });
		return op;
	}

	private onArrive(op: ClientOp): void {
		const m = this.members[op.node];
		const r = this.raftOf(m.id);
		if (op.kind === 'get' && op.serializable) {
			const rec = m.kv.get(op.key);
			this.reply(op, 'ok', null, rec ? rec.value : null, m.kv.revision);
			return;
		}
		this.queue.push(this.nowUs + this.requestTimeoutUs, { k: 'serverTimeout', op, node: m.id, life: m.life });
		if (op.kind === 'get') {
			const context = this.nextReadContext++;
			m.reads.set(context, op);
			m.node.readIndex(context);
			this.afterStep(m);
			this.queue.push(this.nowUs + msToUs(READ_INDEX_RETRY_MS), { k: 'readRetry', op, node: m.id, life: m.life, context });
		} else if (r.lead === NONE) {
			m.blocked.push(op);
		} else {
			this.propose(m, op);
		}
		this.drive(m);
	}

	/** The member answers; the answer reaches the client one network hop later. */
	private reply(op: ClientOp, status: 'ok' | 'timeout' | 'fail', error: string | null, value: string | null, revision: number | null): void {
		const delay = this.applyUs + this.clientDelayUs(op.node);
		this.queue.push(this.nowUs + delay, { k: 'reply', op, status, error, value, revision });
	}

	private onReply(e: Extract<SimEvent, { k: 'reply' }>): void {
		const op = e.op;
		if (op.status !== 'pending') return; // the client already gave up
		this.opsResolved++;
		op.status = e.status;
		op.error = e.error;
		op.returnUs = this.nowUs;
		op.revision = e.revision;
		if (op.kind === 'get') op.value = e.status === 'ok' ? e.value : null;
	}

	private onClientTimeout(op: ClientOp): void {
		if (op.status !== 'pending') return;
		this.opsResolved++;
		op.status = 'timeout';
		op.error = ERR.deadline;
		op.returnUs = this.nowUs;
	}

	/** etcd's server-side timeout (parseProposeCtxErr): which "request timed out" text applies. */
	private onServerTimeout(op: ClientOp, m: Member): void {
		const wasWaiting = m.waiting.delete(op.id) || m.reads.delete(this.readContextOf(m, op)) || this.unblock(m, op) || this.unready(m, op);
		if (!wasWaiting) return;
		const startUs = op.callUs;
		const prevLeadLostUs = m.leadElectedUs - 2 * this.electionUs;
		let error: string = ERR.timeout;
		if (m.leadElectedUs >= 0 && startUs > prevLeadLostUs && startUs < m.leadElectedUs) error = ERR.timeoutLeaderFail;
		else {
			const r = this.raftOf(m.id);
			if (r.lead === m.id && !this.connectedToQuorum(m.id)) error = ERR.timeoutConnLost;
			else if (r.lead !== NONE && r.lead !== m.id && !this.connected(m.id, r.lead)) error = ERR.timeoutConnLost;
		}
		this.reply(op, 'timeout', error, null, null);
	}

	private readContextOf(m: Member, op: ClientOp): number {
		for (const [ctx, o] of m.reads) if (o === op) return ctx;
		return -1;
	}

	private unblock(m: Member, op: ClientOp): boolean {
		const i = m.blocked.indexOf(op);
		if (i < 0) return false;
		m.blocked.splice(i, 1);
		return true;
	}

	private unready(m: Member, op: ClientOp): boolean {
		const i = m.readyReads.findIndex((rr) => rr.op === op);
		if (i < 0) return false;
		m.readyReads.splice(i, 1);
		return true;
	}

	/** Whether a and b can talk now (etcd asks whether they have been connected since the request started). */
	private connected(a: number, b: number): boolean {
		return this.members[b].alive && this.network.downSince(a, b) < 0 && this.network.downSince(b, a) < 0;
	}

	private connectedToQuorum(a: number): boolean {
		let n = 1;
		for (let b = 1; b <= this.size; b++) if (b !== a && this.connected(a, b)) n++;
		return n >= quorumSize(this.size);
	}

	private onReadRetry(e: Extract<SimEvent, { k: 'readRetry' }>): void {
		const m = this.members[e.node];
		if (!m.reads.has(e.context) || e.op.status !== 'pending') return;
		m.node.readIndex(e.context);
		this.afterStep(m);
		this.queue.push(this.nowUs + msToUs(READ_INDEX_RETRY_MS), { ...e });
		this.drive(m);
	}

	// ---- watches

	/** etcdctl watch KEY [--rev=N] against member `node`. */
	watch(node: number, key: string, fromRevision: number | null = null): ClientWatch {
		const w: ClientWatch = { id: this.nextWatchId++, node, key, fromRevision, createdUs: this.nowUs, events: [], canceled: null, lastRevision: -1 };
		this.watches.push(w);
		const m = this.members[node];
		if (!m.alive) {
			this.queue.push(this.nowUs + msToUs(DIAL_TIMEOUT_MS), { k: 'call', label: 1, fn: () => (w.canceled ??= ERR.deadline) });
			return w;
		}
		this.queue.push(this.nowUs + this.clientDelayUs(node), { k: 'watchArrive', w, life: m.life });
		return w;
	}

	private onWatchArrive(w: ClientWatch): void {
		const m = this.members[w.node];
		if (this.raftOf(m.id).lead === NONE) {
			// etcdctl watches with WithRequireLeader: a member without a leader refuses at once
			this.cancelWatch(w, ERR.watchNoLeader);
			return;
		}
		// a new watch sees what happens from now on (a restart's replay must not show older events)
		w.lastRevision = w.fromRevision === null ? m.kv.revision : w.fromRevision - 1;
		if (w.fromRevision !== null) {
			const past = m.kv.eventsSince(w.key, w.fromRevision);
			if (past === null) {
				this.cancelWatch(w, ERR.watchCompacted);
				return;
			}
			for (const ev of past) this.queue.push(this.nowUs + this.clientDelayUs(w.node), { k: 'watchEvent', w, ev });
		}
	}

	private cancelWatch(w: ClientWatch, reason: string): void {
		const delay = this.clientDelayUs(w.node);
		this.queue.push(this.nowUs + delay, { k: 'call', label: 2, fn: () => (w.canceled ??= reason) });
	}

	private notifyWatches(m: Member, ev: KvEvent): void {
		for (const w of this.watches) {
			if (w.node !== m.id || w.key !== ev.key || w.canceled !== null) continue;
			if (w.lastRevision < 0) continue; // not yet at the member
			this.queue.push(this.nowUs + this.clientDelayUs(w.node), { k: 'watchEvent', w, ev });
		}
	}

	private onWatchEvent(w: ClientWatch, ev: KvEvent): void {
		if (w.canceled !== null || ev.revision <= w.lastRevision) return;
		w.lastRevision = ev.revision;
		w.events.push({ atUs: this.nowUs, type: ev.type, value: ev.value, revision: ev.revision });
	}

	/** etcd's monitorLeader: every election timeout; cancels watches after 3 checks without a leader. */
	private onWatchMonitor(m: Member): void {
		const r = this.raftOf(m.id);
		if (r.lead === NONE) m.noLeaderChecks++;
		else m.noLeaderChecks = 0;
		if (m.noLeaderChecks >= WATCH_NO_LEADER_LIMIT) {
			for (const w of this.watches) if (w.node === m.id && w.canceled === null) this.cancelWatch(w, ERR.watchNoLeader);
		}
		this.queue.push(this.nowUs + this.electionUs, { k: 'watchMonitor', node: m.id, life: m.life });
	}

	// ================================================================== faults

	/** kill -9: the process dies; what its disk had not synced is lost. */
	kill(id: number): void {
		const m = this.members[id];
		if (!m.alive) return;
		m.alive = false;
		m.life++;
		m.busy = false;
		m.tickPending = false;
		m.disk.reset();
		m.node.crash();
		// requests in its hands are lost: their clients will time out
		m.waiting.clear();
		m.blocked = [];
		m.reads.clear();
		m.readyReads = [];
		m.lead = NONE;
		m.lastHeartbeatUs = [];
		this.closeLeadership(id, 'killed');
		this.checker.observe({ kind: 'crash', node: id }, this.nowMs);
		this.trace.event(70, this.nowUs, id);
		this.log(id, 'info', `n${id} was killed`);
	}

	/** The process starts again from what its disk holds: term, vote, log, snapshot. */
	restart(id: number): void {
		const m = this.members[id];
		if (m.alive) return;
		const d = m.durable;
		const log = RaftLog.restore(d.snapshot, d.offset, d.offsetTerm, d.entries, d.hard.commit);
		const raft = new RaftState(this.raftConfig(id), this.prng.fork(`election-${id}-${m.life}`), d.hard, log);
		m.kv = new KvStore();
		if (d.snapshot) m.kv.restore(d.snapshot.data as KvSnapshot);
		m.alive = true;
		m.node.restart(raft);
		m.noLeaderChecks = 0;
		m.leadElectedUs = -1;
		this.checker.observe({ kind: 'restart', node: id, term: d.hard.term, vote: d.hard.vote }, this.nowMs);
		this.trace.event(71, this.nowUs, id, d.hard.term, log.lastIndex());
		this.log(id, 'info', `n${id} restarted with term ${d.hard.term}, ${log.lastIndex()} entries on disk`);
		this.boot(m);
	}

	partition(groups: readonly (readonly number[])[]): void {
		this.network.partition(groups, this.nowUs);
		this.trace.event(72, this.nowUs, groups.length);
	}

	cut(from: number, to: number): void {
		this.network.cut(from, to, this.nowUs);
		this.trace.event(73, this.nowUs, from, to);
	}

	heal(): void {
		this.network.heal(this.nowUs);
		this.trace.event(74, this.nowUs);
	}

	setFsyncMs(id: number, fsyncMs: number): void {
		this.members[id].disk.fsyncUs = msToUs(fsyncMs);
		this.trace.event(75, this.nowUs, id, msToUs(fsyncMs));
	}

	/** A member's disk tail: mean extra time per fsync (see ClusterOptions.fsyncJitterMs). */
	setFsyncJitterMs(id: number, jitterMs: number): void {
		this.members[id].disk.jitterUs = msToUs(jitterMs);
		this.trace.event(77, this.nowUs, id, msToUs(jitterMs));
	}

	fsyncMsOf(id: number): number {
		return this.members[id].disk.fsyncUs / 1000;
	}

	/** etcdctl move-leader: asks the current leader to hand over to `to`. */
	transfer(to: number): boolean {
		const leader = this.currentLeader();
		this.trace.event(76, this.nowUs, to, leader ?? 0);
		if (leader === null || leader === to) return false;
		const m = this.members[leader];
		m.node.transferLeader(to);
		this.afterStep(m);
		this.drive(m);
		return true;
	}

	/** The live member that believes it leads with the highest term, or null. */
	currentLeader(): number | null {
		let best: number | null = null;
		let bestTerm = -1;
		for (let id = 1; id <= this.size; id++) {
			if (!this.members[id].alive) continue;
			const r = this.raftOf(id);
			if (r.role === 'leader' && r.term > bestTerm) {
				best = id;
				bestTerm = r.term;
			}
		}
		return best;
	}

	// ================================================================== the event loop

	/**
	 * Schedules an outside call (a scenario step, a user action, a load generator's next put) at a
	 * simulated time. It runs after every engine event due at or before that time, so an action
	 * taken live at time T and the same action replayed from a link do exactly the same thing.
	 */
	at(timeMs: number, fn: () => void): void {
		this.calls.push(Math.max(this.nowUs, msToUs(timeMs)), fn);
	}

	/** When the next event or call is due (Infinity if nothing is). */
	nextEventUs(): number {
		return Math.min(this.queue.peekTimeUs(), this.calls.peekTimeUs());
	}

	/** Runs the next event or call; false if there is none. */
	step(): boolean {
		if (this.queue.peekTimeUs() <= this.calls.peekTimeUs()) {
			const s = this.queue.pop();
			if (!s) return false;
			this.nowUs = s.timeUs;
			this.events++;
			this.lastEvent = s.item;
			this.lastDropped = false;
			this.dispatch(s.item);
			return true;
		}
		const c = this.calls.pop();
		if (!c) return false;
		this.nowUs = c.timeUs;
		this.trace.event(90, this.nowUs);
		this.lastEvent = CALL_VIEW;
		c.item();
		return true;
	}

	/** Runs every event and call due up to and including timeMs, then sets the clock to timeMs. */
	runUntil(timeMs: number): void {
		const until = msToUs(timeMs);
		while (this.nextEventUs() <= until) this.step();
		if (until > this.nowUs) this.nowUs = until;
	}

	private dispatch(e: SimEvent): void {
		this.trace.event(EV_CODE[e.k], this.nowUs);
		switch (e.k) {
			case 'tick': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.queue.push(this.nowUs + this.tickUs, e);
				if (m.busy) {
					m.tickPending = true; // Go's ticker channel keeps one tick, drops the rest
					return;
				}
				this.tick(m);
				this.drive(m);
				return;
			}
			case 'deliver': {
				const msg = e.m;
				const to = this.members[msg.to];
				if (!to.alive || e.life !== to.life || !this.network.arrives(msg.from, msg.to, e.epoch)) {
					this.lastDropped = true;
					this.emitWire('drop', msg, this.nowUs, !to.alive || e.life !== to.life ? 'receiver' : 'wire');
					return;
				}
				this.trace.event(200 + MESSAGE_CODES[msg.type], this.nowUs, msg.from, msg.to, msg.term, msg.index);
				this.emitWire('deliver', msg, this.nowUs);
				to.node.step(msg);
				this.afterStep(to);
				this.drive(to);
				return;
			}
			case 'diskDone': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return; // crashed meanwhile: the write is lost
				this.onDiskDone(m, e.w);
				return;
			}
			case 'arrive': {
				const m = this.members[e.op.node];
				if (e.life !== m.life || !m.alive || e.op.status !== 'pending') return;
				this.onArrive(e.op);
				return;
			}
			case 'reply':
				this.trace.event(61, this.nowUs, e.op.id, e.status === 'ok' ? 1 : 2);
				this.onReply(e);
				return;
			case 'clientTimeout':
				this.onClientTimeout(e.op);
				return;
			case 'serverTimeout': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onServerTimeout(e.op, m);
				return;
			}
			case 'readRetry': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onReadRetry(e);
				return;
			}
			case 'watchArrive': {
				const m = this.members[e.w.node];
				if (e.life !== m.life || !m.alive) return;
				this.onWatchArrive(e.w);
				return;
			}
			case 'watchEvent':
				this.onWatchEvent(e.w, e.ev);
				return;
			case 'watchMonitor': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onWatchMonitor(m);
				return;
			}
			case 'call':
				e.fn();
				return;
		}
	}

	// ================================================================== observation

	private openLeadership(node: number, term: number): void {
		this.closeLeadership(node, 'steppedDown');
		const span: LeadershipSpan = { node, term, startUs: this.nowUs, endUs: null, end: null };
		this.openSpan[node] = span;
		this.leadership.push(span);
		if (this.leadership.length > LEADERS_LIMIT * 2) this.leadership.splice(0, LEADERS_LIMIT);
	}

	private closeLeadership(node: number, end: 'killed' | 'steppedDown'): void {
		const span = this.openSpan[node];
		if (!span) return;
		span.endUs = this.nowUs;
		span.end = end;
		this.openSpan[node] = undefined;
	}

	/** etcd warnings logged so far (the log itself keeps only the latest lines) */
	warnings = 0;

	private log(node: number, level: 'info' | 'warn', text: string): void {
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

	private emitWire(kind: WireEvent['kind'], msg: Message, deliverUs: number, lostAt: WireEvent['lostAt'] = null): void {
		if (this.wireListeners.length === 0) return;
		const e: WireEvent = {
			kind, atUs: this.nowUs, from: msg.from, to: msg.to, type: msg.type, term: msg.term, entries: msg.entries.length, deliverUs,
			index: msg.index, logTerm: msg.logTerm, commit: msg.commit, reject: msg.reject, lostAt, ref: msg
		};
		for (const l of this.wireListeners) l(e);
	}

	view(id: number): MemberView {
		const m = this.members[id];
		const r = this.raftOf(id);
		return {
			id,
			alive: m.alive,
			role: this.roleOf(id),
			term: m.alive ? r.term : m.durable.hard.term,
			votedFor: (m.alive ? r.vote : m.durable.hard.vote) || null,
			lead: m.alive && r.lead !== NONE ? r.lead : null,
			commitIndex: m.alive ? r.log.committed : m.durable.hard.commit,
			appliedIndex: m.alive ? r.log.applied : 0,
			lastIndex: m.alive ? r.log.lastIndex() : m.durable.offset + m.durable.entries.length,
			stableIndex: m.alive ? r.log.stableIndex : m.durable.offset + m.durable.entries.length,
			fsyncMs: m.disk.fsyncUs / 1000,
			diskBusy: m.busy,
			fsyncs: m.disk.fsyncs,
			kv: m.kv.toObject(),
			revision: m.kv.revision,
			electionElapsedTicks: m.alive ? r.electionElapsed : 0,
			electionTimeoutTicks: r.randomizedElectionTimeout,
			tickMs: this.tickUs / 1000,
			nextTickMs: m.alive ? (m.tickStartUs + Math.max(0, Math.floor((this.nowUs - m.tickStartUs) / this.tickUs) + 1) * this.tickUs) / 1000 : null,
			fsyncStartMs: m.alive && m.busy ? m.fsyncStartUs / 1000 : null,
			fsyncEndMs: m.alive && m.busy ? m.fsyncEndUs / 1000 : null
		};
	}

	/** What the latest step ran (views say it in words); null before the first. */
	get lastStep(): StepView | null {
		const e = this.lastEvent;
		if (e === null) return null;
		switch (e.k) {
			case 'tick':
				return { k: 'tick', node: e.node };
			case 'deliver':
				return { k: this.lastDropped ? 'drop' : 'deliver', from: e.m.from, to: e.m.to, type: e.m.type, term: e.m.term };
			case 'diskDone':
				return { k: 'diskDone', node: e.node, lastIndex: e.w.rd.lastIndex };
			case 'arrive':
				return { k: 'client', node: e.op.node, op: e.op.kind, key: e.op.key };
			case 'reply':
				return { k: 'reply', node: e.op.node, op: e.op.kind, key: e.op.key, status: e.status };
			case 'call':
				return { k: 'call' };
			default:
				return { k: 'other', what: e.k };
		}
	}

	/** A member's log entries in [from, to] that are still held in memory (for views). */
	entries(id: number, from: number, to: number): Entry[] {
		const r = this.raftOf(id);
		return r.log.slice(Math.max(from, r.log.firstIndex()), to, to - from + 1) ?? [];
	}
}
