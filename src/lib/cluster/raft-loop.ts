/**
 * Each member's raft loop, like etcd's raftNode: take a Ready; the leader sends its messages at once
 * and writes its WAL in parallel, a follower writes (fsync) first and sends after; apply committed
 * entries and answer the clients waiting on them; snapshot the store every snapshotCount entries.
 * While the loop waits for the disk it handles nothing else (ticks wait, so a leader stuck on a
 * slow disk sends no heartbeats). What happened in raft (leadership, refused proposals, read
 * indexes) is observed after every step.
 */
import type { KvSnapshot } from '../kv/store';
import { RaftState } from '../raft/core';
import type { Ready } from '../raft/ready';
import { NONE, messageCode, type Command, type HardState, type Message, type Snapshot } from '../raft/types';
import { SLOW_FDATASYNC_US, LEADERS_LIMIT, ERR } from './etcd';
import type { PendingWrite, Member } from './member';
import type { ClientOp } from './types';
import { isKvOp } from '../kv/ops';
import { ClusterBase } from './base';
import { objectArray, sparseArray } from '../sim/arrays';

const OBSERVE_ONLY = { work: false };

export abstract class RaftLoop extends ClusterBase {
	/** Starts a member's ticker (with its own phase) and etcd's boot fast-forward of the election clock. */
	protected boot(m: Member): void {
		m.backend = this.createBackend(m.id);
		m.tickPhaseUs = this.prng.int(0, this.tickUs);
		m.tickStartUs = this.nowUs + m.tickPhaseUs;
		this.queue.push(this.nowUs + m.tickPhaseUs, { k: 'tick', node: m.id, life: m.life });
		this.queue.push(this.nowUs + this.electionUs, { k: 'watchMonitor', node: m.id, life: m.life });
		if (this.voterIds().length > 1) {
			// etcd advances electionTicks - 2 ticks once it sees its peers (adjustTicks)
			const advance = Math.max(0, this.raftConfig(m.id).electionTicks - 2);
			for (let i = 0; i < advance; i++) this.tick(m);
		} else {
			const advance = Math.max(0, this.raftConfig(m.id).electionTicks - 1);
			for (let i = 0; i < advance; i++) this.tick(m);
		}
		this.drive(m);
	}

	/** One tick of the member's clock. */
	protected tick(m: Member): void {
		m.node.tick();
		this.afterStep(m);
	}

	/** Takes note of what a step changed (the Ready's soft state, notices, refusals and read states). */
	protected afterStep(m: Member): void {
		const r = m.node.raft;
		// most steps change nothing worth observing: skip building a Ready for them
		if (!r.hasNews() && r.lead === m.lead && (r.log.committed === m.commitSeen && r.term === m.commitTermSeen || r.lead !== m.id)) return;
		this.observe(m, m.node.ready(OBSERVE_ONLY));
	}

	/**
	 * Runs the member's raft loop (etcd raftNode.start's select loop) until it waits for its disk or
	 * has nothing to do. When a tick and a Ready are both waiting, the loop picks one at random, as
	 * Go's select does (seeded): under steady writes a leader on a slow disk may run two or three
	 * fsyncs before its tick gets a turn, so its heartbeats go out late from a fsync of about half
	 * the heartbeat interval (as etcd's do).
	 */
	protected drive(m: Member): void {
		for (let guard = 0; guard < 1000; guard++) {
			if (!m.alive || m.busy) return;
			const work = m.node.raft.hasWork();
			if (m.tickPending) {
				if (!work || this.loopPrng.next() >= this.opts.loopWorkFirst) {
					m.tickPending = false;
					this.tick(m);
					continue;
				}
			} else if (!work) return;
			if (this.handleReady(m)) return;
		}
	}

	/** One Ready: send, apply, write. True when it waits for a sync. */
	private handleReady(m: Member): boolean {
		const rd = m.node.ready();
		this.observe(m, rd);
		const isLeader = rd.role === 'leader';
		if (isLeader) this.send(m, rd.messages);
		this.applyCommitted(m, rd);
		const hard = rd.hardState as HardState;
		if (rd.mustSync) {
			m.busy = true;
			const w: PendingWrite = { rd, hard, sendAfter: !isLeader, submittedUs: this.nowUs };
			const at = m.disk.submit(this.nowUs, rd.entries.length, m.disk.bytesPerUs > 0 ? entriesBytes(rd.entries) : 0);
			m.fsyncStartUs = this.nowUs;
			m.fsyncEndUs = at;
			this.queue.push(at, { k: 'diskDone', node: m.id, life: m.life, w });
			return true;
		}
		// the commit index is written without fsync, as etcd's WAL does; never past what is on disk
		const d = m.durable;
		d.hard.commit = Math.min(hard.commit, d.offset + d.entries.length);
		if (!isLeader) this.send(m, rd.messages);
		m.node.advance(rd);
		return false;
	}

	protected send(m: Member, msgs: Message[]): void {
		for (const msg of msgs) {
			if (msg.to === m.id) continue;
			if (msg.type === 'voteResp' && !msg.reject) this.checker.observe({ kind: 'voteSent', node: m.id, term: msg.term, candidate: msg.to }, this.nowMs);
			if (msg.type === 'heartbeat') this.watchHeartbeatGap(m, msg.to);
			const to = this.members[msg.to];
			// members sharing a machine: each message costs the sender some CPU, one after another
			let departUs = this.nowUs;
			if (this.cpuUsPerMsg > 0) {
				departUs = (m.cpuFreeUs > this.nowUs ? m.cpuFreeUs : this.nowUs) + this.cpuUsPerMsg;
				const o = this.opts;
				if (o.cpuStallChance > 0 && this.cpuPrng.next() < o.cpuStallChance) departUs += Math.round(this.cpuPrng.next() * o.cpuStallMaxUs);
				m.cpuFreeUs = departUs;
			}
			const atUs = this.network.sendAt(msg.from, msg.to, departUs);
			if (atUs < 0) {
				// a message that arrives is digested then (its time tells when it left); one lost here, now
				this.trace.event(100 + messageCode(msg.type), this.nowUs, msg.from, msg.to, msg.term, msg.index);
				this.emitWire('drop', msg, this.nowUs, this.network.connected(msg.from, msg.to) ? 'wire' : 'send');
				continue;
			}
			this.emitWire('send', msg, atUs);
			this.queue.push(atUs, { k: 'deliver', m: msg, epoch: this.network.epochOf(msg.from, msg.to), life: to.life });
		}
	}

	/**
	 * etcd warns when a leader's heartbeats to a peer are more than two intervals apart (its
	 * TimeoutDetector), with etcd 3.4's fields; the gap is the real one between the two heartbeats.
	 */
	protected watchHeartbeatGap(m: Member, to: number): void {
		const last = m.lastHeartbeatUs[to];
		m.lastHeartbeatUs[to] = this.nowUs;
		if (last === undefined) return;
		const gap = this.nowUs - last;
		if (gap > 2 * this.tickUs) {
			const ms = (us: number): string => `${Math.round(us / 100) / 10}ms`;
			this.log(m.id, 'warn',
				`leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk (to: n${to}, heartbeat-interval: ${ms(this.tickUs)}, expected-duration: ${ms(2 * this.tickUs)}, exceeded-duration: ${ms(gap - 2 * this.tickUs)}, gap: ${ms(gap)})`);
		}
	}

	/** The backend's batch timer fired: commit what is pending (the lock is held until its syncs are done). */
	protected onBackendCommit(m: Member, at: number): void {
		const b = m.backend;
		if (b === null || b.armedUs !== at) return;
		const doneUs = b.commit(this.nowUs, m.dataDisk);
		this.trace.event(53, this.nowUs, m.id, doneUs - this.nowUs);
	}

	protected onDiskDone(m: Member, w: PendingWrite): void {
		const rd = w.rd;
		const d = m.durable;
		const tookUs = this.nowUs - w.submittedUs;
		if (tookUs > SLOW_FDATASYNC_US) {
			this.log(m.id, 'warn', `slow fdatasync (took ${(tookUs / 1000).toFixed(1)} ms, expected-duration 1000 ms)`);
		}
		d.hard = { term: w.hard.term, vote: w.hard.vote, commit: w.hard.commit };
		// the term a member can be held to is the one on its disk (a crash may lose a newer one
		// that no message ever carried: candidates send only after the write)
		this.checker.observeTerm(m.id, w.hard.term, this.nowMs);
		if (rd.snapshot) {
			d.snapshot = rd.snapshot;
			d.offset = rd.snapshot.index;
			d.offsetTerm = rd.snapshot.term;
			d.entries = objectArray();
		}
		if (rd.entries.length > 0) {
			const first = rd.entries[0].index;
			// (the length is set only when it changes: setting it costs a call into the runtime)
			const keep = Math.max(0, Math.min(d.entries.length, first - d.offset - 1));
			if (keep !== d.entries.length) d.entries.length = keep;
			// log matching is checked on what is durable: entries that died with a crash before their
			// fsync were never sent as durable anywhere and never existed for Raft
			let prevTerm = d.entries.length > 0 ? d.entries[d.entries.length - 1].term : d.offsetTerm;
			for (const e of rd.entries) {
				d.entries.push(e);
				this.checker.observeAppend(m.id, e.index, e.term, e.id, prevTerm, this.nowMs);
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
	protected observe(m: Member, rd: Ready): void {
		const r = m.node.raft;
		// notices: leadership, votes
		if (rd.notices.length > 0) {
			for (const n of rd.notices) {
				if (n.kind === 'becameLeader') {
					m.lastHeartbeatUs = sparseArray();
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
						: n.reason === 'removed'
							? `n${m.id} stepped down: it applied its own removal from the cluster (term ${n.term})`
							: `n${m.id} stepped down: it saw term ${n.term}`);
				} else if (n.kind === 'confRefused') {
					this.log(m.id, 'info', `n${m.id} ignoring conf change ${n.cc.type} n${n.cc.node}: possible unapplied conf change at index ${n.pendingIndex} (applied to ${n.applied})`);
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
		if (rd.role === 'leader' && rd.committed > 0 && (rd.committed !== m.commitSeen || r.term !== m.commitTermSeen)) {
			m.commitSeen = rd.committed;
			m.commitTermSeen = r.term;
			this.checker.observeCommit(rd.committed, r.log.term(rd.committed), r.term);
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

	/**
	 * Applies committed, durable entries to the store; answers the clients waiting on them. Each
	 * write goes into the backend's batch, which needs its lock: while the backend commits, the
	 * apply (and so the answer) waits for the commit to end.
	 */
	protected applyCommitted(m: Member, rd: Ready): void {
		const r = m.node.raft;
		const ents = rd.committedEntries;
		const b = m.backend;
		if (ents.length > 0) {
			// the apply's clock: it waits for the lock while a commit runs, and commits inline when a
			// write fills the batch (each put is its own write transaction, as in etcd)
			let atUs = b === null ? this.nowUs : b.lockFreeAt(this.nowUs);
			for (const e of ents) {
				this.checker.observeApply(m.id, e.index, e.term, e.id, this.nowMs);
				if (!e.cmd) continue;
				if (e.cmd.op === 'conf') this.applyConf(m, e);
				const ev = m.kv.apply(e.cmd);
				if (ev) this.notifyWatches(m, ev);
				if (b !== null) {
					const arm = b.applied(atUs, 1, m.dataDisk.bytesPerUs > 0 ? commandBytes(e.cmd) : 0);
					if (arm === -2) {
						atUs = b.commit(atUs, m.dataDisk);
						this.trace.event(53, this.nowUs, m.id, atUs - this.nowUs);
					} else if (arm >= 0) this.queue.push(arm, { k: 'backendCommit', node: m.id, life: m.life, at: arm });
				}
				if (e.cmd.origin === m.id) {
					const op = m.waiting.get(e.cmd.reqId);
					if (op) {
						m.waiting.delete(e.cmd.reqId);
						this.reply(op, 'ok', null, null, m.kv.revision, atUs);
					}
				}
			}
			this.trace.event(52, this.nowUs, m.id, r.log.applied);
			this.maybeCompact(m, r);
		}
		this.serveReadyReads(m, r);
	}

	/** etcd snapshots the store every snapshotCount entries and keeps catchUpEntries behind it. */
	protected maybeCompact(m: Member, r: RaftState): void {
		const snapIndex = r.log.snapshot ? r.log.snapshot.index : 0;
		if (r.log.applied - snapIndex < this.opts.snapshotCount) return;
		// the snapshot carries the membership at its index (raftpb.SnapshotMetadata.ConfState)
		const snap: Snapshot = { index: r.log.applied, term: r.log.term(r.log.applied), data: m.kv.snapshot(), conf: r.confState() };
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

	protected serveReadyReads(m: Member, r: RaftState): void {
		if (m.readyReads.length === 0) return;
		const still: { op: ClientOp; index: number }[] = [];
		// a read takes the backend's read lock, which a commit holds too
		const atUs = m.backend === null ? this.nowUs : m.backend.lockFreeAt(this.nowUs);
		for (const rr of m.readyReads) {
			if (r.log.applied >= rr.index) {
				const rec = m.kv.get(rr.op.key);
				this.reply(rr.op, 'ok', null, rec ? rec.value : null, m.kv.revision, atUs);
			} else still.push(rr);
		}
		m.readyReads = still;
	}

	protected failPendingReads(m: Member, error: string): void {
		for (const op of m.reads.values()) this.reply(op, 'fail', error, null, null);
		for (const rr of m.readyReads) this.reply(rr.op, 'fail', error, null, null);
		m.reads.clear();
		m.readyReads = [];
	}

	/** The member found a leader: puts that waited for one go ahead. */
	protected releaseBlocked(m: Member): void {
		if (m.blocked.length === 0) return;
		const ops = m.blocked;
		m.blocked = [];
		for (const op of ops) if (op.status === 'pending') this.propose(m, op);
	}

	protected propose(m: Member, op: ClientOp): void {
		if (!isKvOp(op)) {
			this.memberRequest(m, op);
			return;
		}
		const cmd: Command = { op: op.kind === 'delete' ? 'delete' : 'put', key: op.key, value: op.value ?? '', origin: m.id, reqId: op.id };
		if (op.valueBytes !== undefined) cmd.size = op.valueBytes;
		m.waiting.set(op.id, op);
		m.node.propose(op.id, cmd);
		this.afterStep(m);
	}
}

/**
 * The bytes one command puts on a disk: its key, its value (or the size it stands for) and a
 * record's framing (the WAL's record header and CRC, the backend's revision key and mvcc fields),
 * about 32 bytes. Only a disk with a bandwidth reads this.
 */
export const RECORD_OVERHEAD_BYTES = 32;

export function commandBytes(cmd: Command): number {
	return cmd.key.length + (cmd.size ?? cmd.value.length) + RECORD_OVERHEAD_BYTES;
}

function entriesBytes(entries: readonly { cmd: Command | null }[]): number {
	let n = 0;
	for (const e of entries) n += e.cmd ? commandBytes(e.cmd) : RECORD_OVERHEAD_BYTES;
	return n;
}
