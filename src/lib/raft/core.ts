/**
 * A member's raft state and the handlers that change it: pure logic with no I/O, no clock and no
 * randomness of its own (the election jitter comes from a PRNG the simulator hands in). The xstate
 * machine (machine.ts) decides which role handles an event and calls these; the cluster carries out
 * the intents they leave behind (messages to send, entries to persist, entries to apply), like
 * etcd-io/raft's Ready.
 *
 * Ported in spirit (not line by line) from etcd-io/raft raft.go, v3.5 era semantics.
 */
import { RaftLog } from './log';
import { quorumMatchIndex, quorumSize, voteResult, type VoteResult } from './quorum';
import {
	CONTEXT_TRANSFER,
	EMPTY_ENTRIES,
	NONE,
	makeMessage,
	type Command,
	type Entry,
	type HardState,
	type Message,
	type MessageType,
	type ReadState,
	type Snapshot
} from './types';
import type { Prng } from '../sim/prng';

export type RaftRole = 'follower' | 'preCandidate' | 'candidate' | 'leader';

export interface RaftConfig {
	id: number;
	/** every member's id, this one included */
	members: number[];
	electionTicks: number;
	heartbeatTicks: number;
	preVote: boolean;
	checkQuorum: boolean;
	/** max unacknowledged append messages per follower (etcd: 512) */
	maxInflight: number;
	/** max entries in one append message */
	maxEntriesPerMsg: number;
}

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** What the leader knows of one follower (etcd-io/raft tracker.Progress). */
export interface Progress {
	match: number;
	next: number;
	state: ProgressState;
	probeSent: boolean;
	/** last index of each unacknowledged append, oldest first */
	inflight: number[];
	recentActive: boolean;
	pendingSnapshot: number;
}

interface ReadRequest {
	context: number;
	index: number;
	from: number;
	acks: Set<number>;
}

/** What happened that an observer (checkers, narration) should know about. */
export type RaftNotice =
	| { kind: 'becameLeader'; term: number }
	| { kind: 'steppedDown'; term: number; reason: 'lostQuorum' | 'newerTerm' | 'lostElection' }
	| { kind: 'grantedVote'; term: number; candidate: number; preVote: boolean }
	| { kind: 'transferAborted' };

export class RaftState {
	readonly id: number;
	readonly cfg: RaftConfig;
	private readonly prng: Prng;

	term = 0;
	vote = NONE;
	lead = NONE;
	role: RaftRole = 'follower';
	log: RaftLog;

	electionElapsed = 0;
	heartbeatElapsed = 0;
	randomizedElectionTimeout = 0;

	/** leader: per-member progress, indexed by member id */
	prs: Progress[] = [];
	votes = new Map<number, boolean>();
	leadTransferee = NONE;
	/** a TimeoutNow told this member to campaign without pre-vote and past any lease */
	campaignIsTransfer = false;

	private readRequests: ReadRequest[] = [];
	private readsAwaitingCommit: Message[] = [];

	// ---- outputs, drained by the cluster (the Ready) ----
	msgs: Message[] = [];
	readStates: ReadState[] = [];
	/** proposals this member refused (no leader to forward to, or a transfer in progress) */
	dropped: Command[] = [];
	notices: RaftNotice[] = [];
	/** the last term/vote handed to the disk; a change must be persisted (fsync) before sending */
	persistedTerm = 0;
	persistedVote = NONE;
	/** entries up to here have been handed to the disk (written or being written) */
	handedIndex = 0;

	constructor(cfg: RaftConfig, prng: Prng, hard: HardState = { term: 0, vote: NONE, commit: 0 }, log?: RaftLog) {
		this.id = cfg.id;
		this.cfg = cfg;
		this.prng = prng;
		this.log = log ?? new RaftLog();
		this.term = hard.term;
		this.vote = hard.vote;
		this.persistedTerm = hard.term;
		this.persistedVote = hard.vote;
		this.handedIndex = this.log.lastIndex();
		if (hard.commit > this.log.committed) this.log.commitTo(Math.min(hard.commit, this.log.lastIndex()));
		this.resetRandomizedElectionTimeout();
	}

	get members(): number {
		return this.cfg.members.length;
	}

	get quorum(): number {
		return quorumSize(this.cfg.members.length);
	}

	// ------------------------------------------------------------------ role changes

	/** reset(term): clear volatile per-term state (raft.go reset). */
	private reset(term: number): void {
		if (this.term !== term) {
			this.term = term;
			this.vote = NONE;
		}
		this.lead = NONE;
		this.electionElapsed = 0;
		this.heartbeatElapsed = 0;
		this.resetRandomizedElectionTimeout();
		this.abortLeaderTransfer();
		this.votes.clear();
		this.readRequests = [];
		this.readsAwaitingCommit = [];
		this.campaignIsTransfer = false;
	}

	resetRandomizedElectionTimeout(): void {
		// etcd: [electiontimeout, 2 * electiontimeout - 1] ticks, redrawn on every reset
		this.randomizedElectionTimeout = this.cfg.electionTicks + this.prng.int(0, this.cfg.electionTicks);
	}

	becomeFollower(term: number, lead: number): void {
		const wasLeader = this.role === 'leader';
		this.reset(term);
		this.lead = lead;
		this.role = 'follower';
		this.prs = [];
		if (wasLeader) this.notices.push({ kind: 'steppedDown', term: this.term, reason: 'newerTerm' });
	}

	becomePreCandidate(): void {
		// like etcd: does not change term or vote, only forgets the leader
		this.votes.clear();
		this.lead = NONE;
		this.role = 'preCandidate';
	}

	becomeCandidate(): void {
		this.reset(this.term + 1);
		this.vote = this.id;
		this.role = 'candidate';
	}

	becomeLeader(): void {
		this.reset(this.term);
		this.lead = this.id;
		this.role = 'leader';
		const last = this.log.lastIndex();
		this.prs = [];
		for (const m of this.cfg.members) {
			this.prs[m] = {
				match: m === this.id ? this.log.stableIndex : 0,
				next: last + 1,
				state: m === this.id ? 'replicate' : 'probe',
				probeSent: false,
				inflight: [],
				recentActive: m === this.id,
				pendingSnapshot: 0
			};
		}
		// a new leader appends an empty entry of its own term (Raft 8, etcd becomeLeader)
		this.appendEntry(0, null);
		this.notices.push({ kind: 'becameLeader', term: this.term });
	}

	// ------------------------------------------------------------------ elections

	/** Starts a (pre-)election: asks every other member for its (pre-)vote. */
	campaign(pre: boolean): void {
		const transfer = this.campaignIsTransfer;
		if (pre) this.becomePreCandidate();
		else this.becomeCandidate();
		this.campaignIsTransfer = transfer && !pre;
		const term = pre ? this.term + 1 : this.term;
		this.votes.set(this.id, true);
		for (const m of this.cfg.members) {
			if (m === this.id) continue;
			const msg = makeMessage(pre ? 'preVote' : 'vote', this.id, m, term);
			msg.index = this.log.lastIndex();
			msg.logTerm = this.log.lastTerm();
			if (this.campaignIsTransfer) msg.context = CONTEXT_TRANSFER;
			this.msgs.push(msg);
		}
	}

	/** The tally if `m` (a vote response) were counted. */
	tallyWith(m: Message): VoteResult {
		const votes = new Map(this.votes);
		if (!votes.has(m.from)) votes.set(m.from, !m.reject);
		return voteResult(this.members, votes);
	}

	tally(): VoteResult {
		return voteResult(this.members, this.votes);
	}

	recordVote(m: Message): void {
		if (!this.votes.has(m.from)) this.votes.set(m.from, !m.reject);
	}

	/** Answers a vote or pre-vote request (raft.go Step, MsgVote/MsgPreVote). */
	answerVoteRequest(m: Message): void {
		const canVote =
			this.vote === m.from ||
			(this.vote === NONE && this.lead === NONE) ||
			(m.type === 'preVote' && m.term > this.term);
		const respType: MessageType = m.type === 'vote' ? 'voteResp' : 'preVoteResp';
		if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
			// the response carries the request's term (a pre-vote is for a future term)
			this.msgs.push(makeMessage(respType, this.id, m.from, m.term));
			if (m.type === 'vote') {
				this.electionElapsed = 0;
				this.vote = m.from;
			}
			this.notices.push({ kind: 'grantedVote', term: m.term, candidate: m.from, preVote: m.type === 'preVote' });
		} else {
			const resp = makeMessage(respType, this.id, m.from, this.term);
			resp.reject = true;
			this.msgs.push(resp);
		}
	}

	/** A vote request that arrives while we still hear from a live leader (CheckQuorum's lease). */
	isInsideLeaderLease(m: Message): boolean {
		if (m.type !== 'vote' && m.type !== 'preVote') return false;
		if (m.term <= this.term) return false;
		const force = m.context === CONTEXT_TRANSFER;
		return !force && this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTicks;
	}

	/** A message from a newer term that makes us a follower of that term. */
	isFromNewerTerm(m: Message): boolean {
		if (m.term <= this.term) return false;
		if (m.type === 'preVote') return false; // never change term in response to a pre-vote
		if (m.type === 'preVoteResp' && !m.reject) return false; // our own future term, granted
		return true;
	}

	adoptNewerTerm(m: Message): void {
		const lead = m.type === 'app' || m.type === 'heartbeat' || m.type === 'snap' ? m.from : NONE;
		this.becomeFollower(m.term, lead);
	}

	/** raft.go Step, m.Term < r.Term: tell a stale leader about the newer term, refuse stale pre-votes. */
	answerStaleMessage(m: Message): void {
		if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === 'heartbeat' || m.type === 'app')) {
			this.msgs.push(makeMessage('appResp', this.id, m.from, this.term));
		} else if (m.type === 'preVote') {
			const resp = makeMessage('preVoteResp', this.id, m.from, this.term);
			resp.reject = true;
			this.msgs.push(resp);
		}
	}

	// ------------------------------------------------------------------ ticks

	/** Whether the next election tick makes this member campaign. */
	electionTimeoutDueNextTick(): boolean {
		return this.electionElapsed + 1 >= this.randomizedElectionTimeout;
	}

	countElectionTick(): void {
		this.electionElapsed++;
	}

	/** The next leader tick ends an election-timeout window and CheckQuorum finds no active quorum. */
	quorumCheckFailsNextTick(): boolean {
		if (!this.cfg.checkQuorum) return false;
		if (this.electionElapsed + 1 < this.cfg.electionTicks) return false;
		return !this.quorumActive();
	}

	quorumActive(): boolean {
		let active = 0;
		for (const m of this.cfg.members) if (m === this.id || this.prs[m]?.recentActive) active++;
		return active >= this.quorum;
	}

	/** The number of members the leader heard from since the last check-quorum round. */
	recentlyActiveCount(): number {
		let active = 0;
		for (const m of this.cfg.members) if (m === this.id || this.prs[m]?.recentActive) active++;
		return active;
	}

	stepDownForLostQuorum(): void {
		this.becomeFollower(this.term, NONE);
		this.notices.pop(); // replace the generic notice
		this.notices.push({ kind: 'steppedDown', term: this.term, reason: 'lostQuorum' });
	}

	/** Leader tick (raft.go tickHeartbeat). */
	leaderTick(): void {
		this.heartbeatElapsed++;
		this.electionElapsed++;
		if (this.electionElapsed >= this.cfg.electionTicks) {
			this.electionElapsed = 0;
			if (this.cfg.checkQuorum) {
				for (const m of this.cfg.members) if (m !== this.id && this.prs[m]) this.prs[m].recentActive = false;
			}
			if (this.leadTransferee !== NONE) {
				this.abortLeaderTransfer();
				this.notices.push({ kind: 'transferAborted' });
			}
		}
		if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
			this.heartbeatElapsed = 0;
			this.bcastHeartbeat(this.lastReadContext());
		}
	}

	// ------------------------------------------------------------------ replication (leader)

	private appendEntry(id: number, cmd: Command | null): void {
		const index = this.log.lastIndex() + 1;
		this.log.append([{ term: this.term, index, id, cmd }]);
	}

	propose(id: number, cmd: Command): void {
		if (this.role !== 'leader') {
			if (this.lead === NONE) {
				this.dropped.push(cmd);
				return;
			}
			const m = makeMessage('prop', this.id, this.lead, 0);
			m.cmd = cmd;
			m.id = id;
			this.msgs.push(m);
			return;
		}
		if (this.leadTransferee !== NONE) {
			this.dropped.push(cmd);
			return;
		}
		this.appendEntry(id, cmd);
		this.bcastAppend();
	}

	/** The leader's own entries became durable: count itself toward the quorum. */
	selfPersisted(): void {
		if (this.role !== 'leader') return;
		const pr = this.prs[this.id];
		if (this.log.stableIndex > pr.match) {
			pr.match = this.log.stableIndex;
			pr.next = pr.match + 1;
			if (this.maybeCommit()) this.bcastAppend();
		}
	}

	bcastAppend(): void {
		for (const m of this.cfg.members) if (m !== this.id) this.sendAppend(m, true);
	}

	private isPaused(pr: Progress): boolean {
		switch (pr.state) {
			case 'probe':
				return pr.probeSent;
			case 'replicate':
				return pr.inflight.length >= this.cfg.maxInflight;
			case 'snapshot':
				return true;
		}
	}

	sendAppend(to: number, sendIfEmpty: boolean): boolean {
		const pr = this.prs[to];
		if (!pr || this.isPaused(pr)) return false;
		const prevIndex = pr.next - 1;
		const prevTerm = this.log.term(prevIndex);
		const ents = prevTerm < 0 ? null : this.log.slice(pr.next, this.log.lastIndex(), this.cfg.maxEntriesPerMsg);
		if (ents === null) {
			// the follower needs entries we compacted away: send the snapshot
			if (!pr.recentActive || !this.log.snapshot) return false;
			const m = makeMessage('snap', this.id, to, this.term);
			m.snapshot = this.log.snapshot;
			this.msgs.push(m);
			pr.state = 'snapshot';
			pr.pendingSnapshot = this.log.snapshot.index;
			pr.inflight = [];
			return true;
		}
		if (ents.length === 0 && !sendIfEmpty) return false;
		const m = makeMessage('app', this.id, to, this.term);
		m.index = prevIndex;
		m.logTerm = prevTerm;
		m.entries = ents.length > 0 ? ents : EMPTY_ENTRIES;
		m.commit = this.log.committed;
		this.msgs.push(m);
		if (ents.length > 0) {
			const last = ents[ents.length - 1].index;
			if (pr.state === 'replicate') {
				pr.next = last + 1;
				pr.inflight.push(last);
			} else if (pr.state === 'probe') {
				pr.probeSent = true;
			}
		}
		return true;
	}

	bcastHeartbeat(context: number): void {
		for (const m of this.cfg.members) {
			if (m === this.id) continue;
			const pr = this.prs[m];
			const hb = makeMessage('heartbeat', this.id, m, this.term);
			hb.commit = Math.min(pr.match, this.log.committed);
			hb.context = context;
			this.msgs.push(hb);
		}
	}

	/** Commit = highest index on a quorum whose entry has the current term (Raft Figure 8 rule). */
	maybeCommit(): boolean {
		const matches = this.cfg.members.map((m) => this.prs[m].match);
		const mci = quorumMatchIndex(matches);
		if (mci > this.log.committed && this.log.term(mci) === this.term) {
			this.log.commitTo(mci);
			this.releaseReadsAwaitingCommit();
			return true;
		}
		return false;
	}

	committedEntryInCurrentTerm(): boolean {
		return this.log.term(this.log.committed) === this.term;
	}

	handleAppendResponse(m: Message): void {
		const pr = this.prs[m.from];
		if (!pr) return;
		pr.recentActive = true;
		if (m.reject) {
			const next = this.decreasedNext(pr, m);
			if (next !== null) {
				pr.next = next;
				if (pr.state === 'replicate') pr.state = 'probe';
				pr.probeSent = false;
				pr.inflight = [];
				this.sendAppend(m.from, true);
			}
			return;
		}
		let updated = false;
		if (m.index > pr.match) {
			pr.match = m.index;
			updated = true;
			pr.probeSent = false;
		}
		if (m.index + 1 > pr.next) pr.next = m.index + 1;
		if (updated) {
			if (pr.state === 'probe') {
				pr.state = 'replicate';
				pr.inflight = [];
			} else if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) {
				pr.state = 'replicate';
				pr.pendingSnapshot = 0;
				pr.inflight = [];
				pr.next = pr.match + 1;
			} else if (pr.state === 'replicate') {
				while (pr.inflight.length > 0 && pr.inflight[0] <= m.index) pr.inflight.shift();
			}
			if (this.maybeCommit()) this.bcastAppend();
			// keep sending while the follower has room
			while (this.sendAppend(m.from, false)) {
				/* pipeline */
			}
			if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) this.sendTimeoutNow(m.from);
		}
	}

	/** For a rejected append: where to probe next, or null if the rejection is stale. */
	private decreasedNext(pr: Progress, m: Message): number | null {
		if (pr.state === 'replicate') {
			if (m.index <= pr.match) return null;
			return pr.match + 1;
		}
		if (pr.next - 1 !== m.index) return null;
		let probe = m.rejectHint;
		if (m.logTerm > 0) probe = this.log.findConflictByTerm(m.rejectHint, m.logTerm).index;
		return Math.max(Math.min(m.index, probe + 1), pr.match + 1, 1);
	}

	handleHeartbeatResponse(m: Message): void {
		const pr = this.prs[m.from];
		if (!pr) return;
		pr.recentActive = true;
		pr.probeSent = false;
		if (pr.state === 'replicate' && pr.inflight.length >= this.cfg.maxInflight) pr.inflight.shift();
		if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, true);
		if (m.context !== 0) this.ackRead(m.from, m.context);
	}

	// ------------------------------------------------------------------ replication (follower)

	handleAppendEntries(m: Message): void {
		if (m.index < this.log.committed) {
			const r = makeMessage('appResp', this.id, m.from, this.term);
			r.index = this.log.committed;
			this.msgs.push(r);
			return;
		}
		const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
		if (lastNew >= 0) {
			const r = makeMessage('appResp', this.id, m.from, this.term);
			r.index = lastNew;
			this.msgs.push(r);
		} else {
			const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm);
			const r = makeMessage('appResp', this.id, m.from, this.term);
			r.index = m.index;
			r.reject = true;
			r.rejectHint = hint.index;
			r.logTerm = hint.term;
			this.msgs.push(r);
		}
	}

	handleHeartbeat(m: Message): void {
		this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
		const r = makeMessage('heartbeatResp', this.id, m.from, this.term);
		r.context = m.context;
		this.msgs.push(r);
	}

	handleSnapshot(m: Message): void {
		const s = m.snapshot;
		if (!s) return;
		const r = makeMessage('appResp', this.id, m.from, this.term);
		if (s.index <= this.log.committed) {
			r.index = this.log.committed;
		} else if (this.log.matchTerm(s.index, s.term)) {
			this.log.commitTo(s.index);
			r.index = this.log.lastIndex();
		} else {
			this.log.restoreSnapshot(s);
			this.handedIndex = s.index;
			r.index = s.index;
		}
		this.msgs.push(r);
	}

	/** A follower/candidate hears from the leader of its term. */
	acceptLeader(from: number): void {
		this.electionElapsed = 0;
		this.lead = from;
	}

	forwardToLeader(m: Message): void {
		if (this.lead === NONE) {
			if (m.type === 'prop' && m.cmd) this.dropped.push(m.cmd);
			return;
		}
		const f: Message = { ...m, to: this.lead, from: this.id };
		this.msgs.push(f);
	}

	// ------------------------------------------------------------------ leadership transfer

	beginLeaderTransfer(to: number): void {
		if (to === this.id || !this.prs[to]) return;
		if (this.leadTransferee === to) return;
		this.abortLeaderTransfer();
		this.electionElapsed = 0; // the transfer must finish within one election timeout
		this.leadTransferee = to;
		if (this.prs[to].match === this.log.lastIndex()) this.sendTimeoutNow(to);
		else this.sendAppend(to, true);
	}

	private sendTimeoutNow(to: number): void {
		this.msgs.push(makeMessage('timeoutNow', this.id, to, this.term));
	}

	abortLeaderTransfer(): void {
		this.leadTransferee = NONE;
	}

	// ------------------------------------------------------------------ linearizable reads (ReadIndex)

	private lastReadContext(): number {
		const n = this.readRequests.length;
		return n > 0 ? this.readRequests[n - 1].context : 0;
	}

	/** Leader side of ReadIndex (ReadOnlySafe): confirm leadership with a heartbeat round. */
	handleReadIndex(m: Message): void {
		if (this.members === 1) {
			this.answerRead(m.from, m.context, this.log.committed);
			return;
		}
		if (!this.committedEntryInCurrentTerm()) {
			this.readsAwaitingCommit.push(m);
			return;
		}
		this.readRequests.push({ context: m.context, index: this.log.committed, from: m.from, acks: new Set([this.id]) });
		this.bcastHeartbeat(m.context);
	}

	private releaseReadsAwaitingCommit(): void {
		if (this.readsAwaitingCommit.length === 0 || !this.committedEntryInCurrentTerm()) return;
		const waiting = this.readsAwaitingCommit;
		this.readsAwaitingCommit = [];
		for (const m of waiting) this.handleReadIndex(m);
	}

	private ackRead(from: number, context: number): void {
		const i = this.readRequests.findIndex((r) => r.context === context);
		if (i < 0) return;
		const req = this.readRequests[i];
		req.acks.add(from);
		if (req.acks.size < this.quorum) return;
		// this request and every earlier one are confirmed
		const done = this.readRequests.splice(0, i + 1);
		for (const r of done) this.answerRead(r.from, r.context, r.index);
	}

	private answerRead(to: number, context: number, index: number): void {
		if (to === this.id) {
			this.readStates.push({ context, index });
		} else {
			const r = makeMessage('readIndexResp', this.id, to, this.term);
			r.context = context;
			r.index = index;
			this.msgs.push(r);
		}
	}

	/** Asks for a read index: the leader answers itself, a follower forwards, others drop it. */
	requestReadIndex(context: number): void {
		const m = makeMessage('readIndex', this.id, this.id, 0);
		m.context = context;
		if (this.role === 'leader') this.handleReadIndex(m);
		else if (this.lead !== NONE) this.forwardToLeader(m);
	}

	// ------------------------------------------------------------------ persistence (Ready)

	hardState(): HardState {
		return { term: this.term, vote: this.vote, commit: this.log.committed };
	}

	/** Whether term or vote changed since last handed to the disk (etcd's MustSync, minus entries). */
	hardStateChanged(): boolean {
		return this.term !== this.persistedTerm || this.vote !== this.persistedVote;
	}

	/** Entries not yet handed to the disk. */
	unhandedEntries(): Entry[] {
		if (this.log.truncatedTo < this.handedIndex) this.handedIndex = this.log.truncatedTo;
		this.log.truncatedTo = Infinity;
		const last = this.log.lastIndex();
		if (this.handedIndex >= last) return EMPTY_ENTRIES;
		const from = Math.max(this.handedIndex + 1, this.log.firstIndex());
		return this.log.entries.slice(from - this.log.offset - 1);
	}

	takeMessages(): Message[] {
		const out = this.msgs;
		this.msgs = [];
		return out;
	}

	snapshotForRestart(): { snapshot: Snapshot | null } {
		return { snapshot: this.log.snapshot };
	}
}
