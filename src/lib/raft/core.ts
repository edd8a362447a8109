/**
 * A member's raft state and the handlers that change it: pure logic with no I/O, no clock and no
 * randomness of its own (the election jitter comes from a PRNG the simulator hands in).
 *
 * Messages and ticks are handled here, by per-role step functions (stepFollower, stepCandidate,
 * stepLeader, as in etcd-io/raft raft.go). They never change the role themselves: they return a
 * lifecycle event ('vote.won', 'term.newer', ...) that the member's xstate machine (machine.ts)
 * receives, and the machine's entry actions call becomeFollower / becomeCandidate / becomeLeader.
 * The role is read from the machine (see `role`), never stored here. What the host must do (persist,
 * send, apply) is handed out as a Ready (`ready`) and acknowledged with `advance`.
 *
 * Ported in spirit (not line by line) from etcd-io/raft raft.go, v3.5 era semantics.
 */
import { RaftLog } from './log';
import { quorumMatchIndexInPlace, quorumSize, voteResult, type VoteResult } from './quorum';
import {
	CONTEXT_TRANSFER,
	EMPTY_ENTRIES,
	NONE,
	makeMessage,
	type Command,
	type ConfChange,
	type ConfState,
	type Entry,
	type HardState,
	type Message,
	type MessageType,
	type ReadState,
	type Snapshot
} from './types';
import type { LifecycleEvent, Ready } from './ready';
import type { Prng } from '../sim/prng';
import { objectArray } from '../sim/arrays';

export type RaftRole = 'follower' | 'preCandidate' | 'candidate' | 'leader';

export interface RaftConfig {
	id: number;
	/** the bootstrap membership: the voters (etcd's --initial-cluster); later changes come through the log */
	members: number[];
	/** bootstrap learners (default none) */
	learners?: number[];
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
	| { kind: 'steppedDown'; term: number; reason: 'lostQuorum' | 'newerTerm' | 'lostElection' | 'removed' }
	| { kind: 'confChanged'; index: number; cc: ConfChange }
	| { kind: 'confRefused'; cc: ConfChange; pendingIndex: number; applied: number }
	| { kind: 'grantedVote'; term: number; candidate: number; preVote: boolean }
	| { kind: 'transferAborted' };

/** Where a member's role lives (its xstate actor) and where its lifecycle events go. */
export interface Lifecycle {
	role(): RaftRole;
	send(e: LifecycleEvent): void;
}

/** A state with no machine attached yet: a follower whose lifecycle events go nowhere. */
const DETACHED: Lifecycle = { role: () => 'follower', send: () => undefined };

export class RaftState {
	readonly id: number;
	readonly cfg: RaftConfig;
	private readonly prng: Prng;

	term = 0;
	vote = NONE;
	lead = NONE;
	log: RaftLog;
	private lifecycle: Lifecycle = DETACHED;

	electionElapsed = 0;
	heartbeatElapsed = 0;
	randomizedElectionTimeout = 0;

	/** the membership in effect (the bootstrap one, then each conf change as this member applies it) */
	voters: number[];
	learners: number[];
	/** voters and learners, ascending: who the leader replicates to */
	peers: number[] = [];
	/** leader: the index of the latest conf change proposed; another waits until it is applied (raft.go pendingConfIndex) */
	pendingConfIndex = 0;

	/** leader: per-member progress, indexed by member id */
	prs: Progress[] = [];
	votes = new Map<number, boolean>();
	leadTransferee = NONE;
	/** a TimeoutNow told this member to campaign without pre-vote and past any lease */
	campaignIsTransfer = false;

	/** reused by maybeCommit (one slot a member) */
	private readonly matchScratch: number[] = [];
	private readRequests: ReadRequest[] = objectArray();
	private readsAwaitingCommit: Message[] = objectArray();

	// ---- outputs, handed out in the next Ready (lists of objects from sim/arrays.ts: one kind, new or restored) ----
	private msgs: Message[] = objectArray();
	private readStates: ReadState[] = objectArray();
	/** proposals this member refused (no leader to forward to, or a transfer in progress) */
	private dropped: Command[] = objectArray();
	private notices: RaftNotice[] = objectArray();
	/** the last term/vote handed to the disk; a change must be persisted (fsync) before sending */
	private persistedTerm = 0;
	private persistedVote = NONE;
	/** entries up to here have been handed to the disk (written or being written) */
	private handedIndex = 0;
	/** a Ready that needs a sync was handed out and not yet advanced: the next ones hold no work */
	private awaitingAdvance = false;

	constructor(cfg: RaftConfig, prng: Prng, hard: HardState = { term: 0, vote: NONE, commit: 0 }, log?: RaftLog) {
		this.id = cfg.id;
		this.cfg = cfg;
		this.prng = prng;
		this.log = log ?? new RaftLog();
		const conf = this.log.snapshot?.conf;
		this.voters = (conf ? conf.voters : cfg.members).slice();
		this.learners = (conf ? conf.learners : cfg.learners ?? []).slice();
		this.updatePeers();
		this.term = hard.term;
		this.vote = hard.vote;
		this.persistedTerm = hard.term;
		this.persistedVote = hard.vote;
		this.handedIndex = this.log.lastIndex();
		if (hard.commit > this.log.committed) this.log.commitTo(Math.min(hard.commit, this.log.lastIndex()));
		this.resetRandomizedElectionTimeout();
	}

	/** Connects this state to its machine: the role is read from it, lifecycle events go to it. */
	attach(lifecycle: Lifecycle): void {
		this.lifecycle = lifecycle;
	}

	/** The role, as the member's machine holds it (read-only: only the machine changes it). */
	get role(): RaftRole {
		return this.lifecycle.role();
	}

	/** how many voters the membership has */
	get members(): number {
		return this.voters.length;
	}

	get quorum(): number {
		return quorumSize(this.voters.length);
	}

	/** Whether this member may campaign: it is a voter (etcd-io/raft promotable). */
	get promotable(): boolean {
		return this.voters.includes(this.id);
	}

	isLearner(id: number): boolean {
		return this.learners.includes(id);
	}

	confState(): ConfState {
		return { voters: this.voters.slice(), learners: this.learners.slice() };
	}

	private updatePeers(): void {
		this.peers = [...this.voters, ...this.learners].sort((a, b) => a - b);
	}

	private newProgress(m: number, last: number): Progress {
		return makeProgress(m === this.id ? this.log.stableIndex : 0, last + 1, m === this.id ? 'replicate' : 'probe', false, [], m === this.id, 0);
	}

	/**
	 * Applies a committed conf change (etcd-io/raft applyConfChange + switchToConfig): the host calls
	 * it as it applies the entry, so the membership changes on apply, one member at a time. A leader
	 * starts replicating to an added member at once; if it removed itself it raises `member.removed`
	 * (it steps down); a smaller quorum may commit more.
	 */
	applyConfChange(cc: ConfChange, index: number): void {
		const n = cc.node;
		const without = (list: number[]): number[] => list.filter((x) => x !== n);
		if (cc.type === 'addNode') {
			this.learners = without(this.learners);
			if (!this.voters.includes(n)) this.voters = [...this.voters, n].sort((a, b) => a - b);
		} else if (cc.type === 'addLearner') {
			if (this.voters.includes(n)) return; // raft refuses to demote a voter this way (etcd never asks)
			if (!this.learners.includes(n)) this.learners = [...this.learners, n].sort((a, b) => a - b);
		} else {
			this.voters = without(this.voters);
			this.learners = without(this.learners);
		}
		this.updatePeers();
		this.notices.push({ kind: 'confChanged', index, cc });
		if (this.role !== 'leader') return;
		if (!this.voters.includes(this.id)) {
			this.lifecycle.send({ type: 'member.removed' });
			return;
		}
		const last = this.log.lastIndex();
		if (cc.type !== 'removeNode' && !this.prs[n]) this.prs[n] = this.newProgress(n, last);
		if (cc.type === 'removeNode') delete this.prs[n];
		if (this.leadTransferee !== NONE && !this.voters.includes(this.leadTransferee)) this.abortLeaderTransfer();
		if (this.maybeCommit()) this.bcastAppend();
		else for (const m of this.peers) if (m !== this.id) this.sendAppend(m, false);
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
		this.readRequests = objectArray();
		this.readsAwaitingCommit = objectArray();
		this.campaignIsTransfer = false;
	}

	private resetRandomizedElectionTimeout(): void {
		// etcd: [electiontimeout, 2 * electiontimeout - 1] ticks, redrawn on every reset
		this.randomizedElectionTimeout = this.cfg.electionTicks + this.prng.int(0, this.cfg.electionTicks);
	}

	/** Called by the machine's follower entry action. */
	becomeFollower(term: number, lead: number): void {
		this.reset(term);
		this.lead = lead;
		this.prs = [];
	}

	/** Called by the machine's leader exit action (a crash is not a step-down). */
	announceStepDown(term: number, reason: 'lostQuorum' | 'newerTerm' | 'removed'): void {
		this.notices.push({ kind: 'steppedDown', term, reason });
	}

	private becomePreCandidate(): void {
		// like etcd: does not change term or vote, only forgets the leader
		this.votes.clear();
		this.lead = NONE;
	}

	private becomeCandidate(): void {
		this.reset(this.term + 1);
		this.vote = this.id;
	}

	/** Called by the machine's leader entry action: a new leader appends an empty entry and sends it. */
	becomeLeader(): void {
		this.reset(this.term);
		this.lead = this.id;
		const last = this.log.lastIndex();
		this.prs = [];
		for (const m of this.peers) this.prs[m] = this.newProgress(m, last);
		// conservatively, a conf change may be pending anywhere in the log (raft.go becomeLeader)
		this.pendingConfIndex = last;
		// a new leader appends an empty entry of its own term (Raft 8, etcd becomeLeader)
		this.appendEntry(0, null);
		this.notices.push({ kind: 'becameLeader', term: this.term });
		this.bcastAppend();
	}

	// ------------------------------------------------------------------ elections

	/** Starts a (pre-)election: asks every other member for its (pre-)vote (the machine's candidate entry actions). */
	campaign(pre: boolean): void {
		const transfer = this.campaignIsTransfer;
		if (pre) this.becomePreCandidate();
		else this.becomeCandidate();
		this.campaignIsTransfer = transfer && !pre;
		const term = pre ? this.term + 1 : this.term;
		this.votes.set(this.id, true);
		for (const m of this.voters) {
			if (m === this.id) continue;
			const msg = makeMessage(pre ? 'preVote' : 'vote', this.id, m, term);
			msg.index = this.log.lastIndex();
			msg.logTerm = this.log.lastTerm();
			if (this.campaignIsTransfer) msg.context = CONTEXT_TRANSFER;
			this.msgs.push(msg);
		}
	}

	tally(): VoteResult {
		return voteResult(this.members, this.votes);
	}

	private recordVote(m: Message): void {
		// only the voters of this member's membership count (a learner's answer is no vote)
		if (!this.voters.includes(m.from)) return;
		if (!this.votes.has(m.from)) this.votes.set(m.from, !m.reject);
	}

	/** A TimeoutNow made this member campaign (the machine's transition action). */
	markCampaignAsTransfer(): void {
		this.campaignIsTransfer = true;
	}

	// ------------------------------------------------------------------ step (raft.go Step)

	/**
	 * Handles a message from another member (or a forwarded local request): first the term rules
	 * every role shares, then the role's own step function. A lifecycle event goes to the machine as
	 * soon as it arises, so the rest of the message is handled in the role it leads to.
	 */
	step(m: Message): void {
		if (m.term !== 0 && m.term < this.term) {
			this.answerStaleMessage(m);
			return;
		}
		if (this.isInsideLeaderLease(m)) return;
		if (this.isFromNewerTerm(m)) {
			const lead = m.type === 'app' || m.type === 'heartbeat' || m.type === 'snap' ? m.from : NONE;
			this.lifecycle.send({ type: 'term.newer', term: m.term, lead });
		}
		if (m.type === 'vote' || m.type === 'preVote') {
			this.answerVoteRequest(m);
			return;
		}
		const e = this.stepRole(m);
		if (e === null) return;
		this.lifecycle.send(e);
		// a (pre-)candidate that heard from the leader of its term is now its follower: take the message
		if (e.type === 'leader.heard') this.stepFollower(m);
	}

	private stepRole(m: Message): LifecycleEvent | null {
		switch (this.role) {
			case 'follower':
				return this.stepFollower(m);
			case 'preCandidate':
				return this.stepCandidate(m, 'preVoteResp');
			case 'candidate':
				return this.stepCandidate(m, 'voteResp');
			case 'leader':
				this.stepLeader(m);
				return null;
		}
	}

	private stepFollower(m: Message): LifecycleEvent | null {
		switch (m.type) {
			case 'app':
				this.acceptLeader(m.from);
				this.handleAppendEntries(m);
				return null;
			case 'heartbeat':
				this.acceptLeader(m.from);
				this.handleHeartbeat(m);
				return null;
			case 'snap':
				this.acceptLeader(m.from);
				this.handleSnapshot(m);
				return null;
			case 'prop':
			case 'readIndex':
				this.forwardToLeader(m);
				return null;
			case 'readIndexResp':
				this.readStates.push({ context: m.context, index: m.index });
				return null;
			case 'timeoutNow':
				// a learner (or a member that is not in its own membership) never campaigns
				return this.promotable ? { type: 'transfer.timeoutNow' } : null;
			default:
				return null; // stale responses from an earlier role
		}
	}

	/** A pre-candidate counts pre-vote responses, a candidate vote responses (raft.go stepCandidate). */
	private stepCandidate(m: Message, myVoteResp: 'preVoteResp' | 'voteResp'): LifecycleEvent | null {
		switch (m.type) {
			case 'app':
			case 'heartbeat':
			case 'snap':
				return { type: 'leader.heard', lead: m.from };
			case 'prop':
				if (m.cmd) this.dropped.push(m.cmd); // no leader to forward it to
				return null;
			default: {
				if (m.type !== myVoteResp) return null;
				this.recordVote(m);
				const pre = myVoteResp === 'preVoteResp';
				switch (this.tally()) {
					case 'won':
						return { type: pre ? 'preVote.won' : 'vote.won' };
					case 'lost':
						return { type: pre ? 'preVote.lost' : 'vote.lost' };
					case 'pending':
						return null;
				}
			}
		}
	}

	private stepLeader(m: Message): void {
		switch (m.type) {
			case 'appResp':
				this.handleAppendResponse(m);
				break;
			case 'heartbeatResp':
				this.handleHeartbeatResponse(m);
				break;
			case 'prop':
				if (m.cmd) this.propose(m.id, m.cmd);
				break;
			case 'readIndex':
				this.handleReadIndex(m);
				break;
			default:
				break;
		}
	}

	/** Answers a vote or pre-vote request (raft.go Step, MsgVote/MsgPreVote). */
	private answerVoteRequest(m: Message): void {
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
	private isInsideLeaderLease(m: Message): boolean {
		if (m.type !== 'vote' && m.type !== 'preVote') return false;
		if (m.term <= this.term) return false;
		const force = m.context === CONTEXT_TRANSFER;
		return !force && this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTicks;
	}

	/** A message from a newer term that makes us a follower of that term. */
	private isFromNewerTerm(m: Message): boolean {
		if (m.term <= this.term) return false;
		if (m.type === 'preVote') return false; // never change term in response to a pre-vote
		if (m.type === 'preVoteResp' && !m.reject) return false; // our own future term, granted
		return true;
	}

	/** raft.go Step, m.Term < r.Term: tell a stale leader about the newer term, refuse stale pre-votes. */
	private answerStaleMessage(m: Message): void {
		if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === 'heartbeat' || m.type === 'app')) {
			this.msgs.push(makeMessage('appResp', this.id, m.from, this.term));
		} else if (m.type === 'preVote') {
			const resp = makeMessage('preVoteResp', this.id, m.from, this.term);
			resp.reject = true;
			this.msgs.push(resp);
		}
	}

	// ------------------------------------------------------------------ ticks

	/** One tick of time: the role's tick function; an election timeout or a lost quorum goes to the machine. */
	tick(): void {
		const e = this.role === 'leader' ? this.tickHeartbeat() : this.tickElection();
		if (e !== null) this.lifecycle.send(e);
	}

	/** raft.go tickElection: a follower or (pre-)candidate that hears nothing campaigns. */
	private tickElection(): LifecycleEvent | null {
		this.electionElapsed++;
		if (this.electionElapsed < this.randomizedElectionTimeout) return null;
		this.electionElapsed = 0;
		// raft.go tickElection: only a promotable member (a voter) campaigns
		return this.promotable ? { type: 'election.timeout' } : null;
	}

	/** raft.go tickHeartbeat, with CheckQuorum's step-down decided before the tick is counted. */
	private tickHeartbeat(): LifecycleEvent | null {
		if (this.quorumCheckFailsNextTick()) return { type: 'quorum.lost' };
		this.leaderTick();
		return null;
	}

	/** The next leader tick ends an election-timeout window and CheckQuorum finds no active quorum. */
	private quorumCheckFailsNextTick(): boolean {
		if (!this.cfg.checkQuorum) return false;
		if (this.electionElapsed + 1 < this.cfg.electionTicks) return false;
		return !this.quorumActive();
	}

	private quorumActive(): boolean {
		let active = 0;
		for (const m of this.voters) if (m === this.id || this.prs[m]?.recentActive) active++;
		return active >= this.quorum;
	}


	private leaderTick(): void {
		this.heartbeatElapsed++;
		this.electionElapsed++;
		if (this.electionElapsed >= this.cfg.electionTicks) {
			this.electionElapsed = 0;
			if (this.cfg.checkQuorum) {
				for (const m of this.peers) if (m !== this.id && this.prs[m]) this.prs[m].recentActive = false;
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
		if (cmd.op === 'conf' && cmd.cc) {
			if (this.pendingConfIndex > this.log.applied) {
				// raft.go stepLeader: "possible unapplied conf change": the entry goes in empty, the
				// proposer's wait never ends (etcd's client times out)
				this.notices.push({ kind: 'confRefused', cc: cmd.cc, pendingIndex: this.pendingConfIndex, applied: this.log.applied });
				this.appendEntry(0, null);
				this.bcastAppend();
				return;
			}
			this.pendingConfIndex = this.log.lastIndex() + 1;
		}
		this.appendEntry(id, cmd);
		this.bcastAppend();
	}

	/** The leader's own entries became durable: count itself toward the quorum. */
	private selfPersisted(): void {
		if (this.role !== 'leader') return;
		const pr = this.prs[this.id];
		if (this.log.stableIndex > pr.match) {
			pr.match = this.log.stableIndex;
			pr.next = pr.match + 1;
			if (this.maybeCommit()) this.bcastAppend();
		}
	}

	private bcastAppend(): void {
		for (const m of this.peers) if (m !== this.id) this.sendAppend(m, true);
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

	private sendAppend(to: number, sendIfEmpty: boolean): boolean {
		const pr = this.prs[to];
		if (!pr || this.isPaused(pr)) return false;
		const prevIndex = pr.next - 1;
		const prevTerm = this.log.term(prevIndex);
		const lastIndex = this.log.lastIndex();
		// nothing new to send (an append that carries only the commit): no slice to make
		const ents = prevTerm < 0 ? null : pr.next > lastIndex ? EMPTY_ENTRIES : this.log.slice(pr.next, lastIndex, this.cfg.maxEntriesPerMsg);
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

	private bcastHeartbeat(context: number): void {
		for (const m of this.peers) {
			if (m === this.id) continue;
			const pr = this.prs[m];
			if (!pr) continue;
			const hb = makeMessage('heartbeat', this.id, m, this.term);
			hb.commit = Math.min(pr.match, this.log.committed);
			hb.context = context;
			this.msgs.push(hb);
		}
	}

	/** Commit = highest index on a quorum whose entry has the current term (Raft Figure 8 rule). */
	private maybeCommit(): boolean {
		const matches = this.matchScratch;
		const members = this.voters;
		if (members.length === 0 || !this.prs[this.id]) return false;
		// filled by push, so the array stays packed (as a restored one is)
		if (matches.length !== members.length) {
			matches.length = 0;
			for (let i = 0; i < members.length; i++) matches.push(0);
		}
		for (let i = 0; i < members.length; i++) matches[i] = this.prs[members[i]]?.match ?? 0;
		const mci = quorumMatchIndexInPlace(matches);
		if (mci > this.log.committed && this.log.term(mci) === this.term) {
			this.log.commitTo(mci);
			this.releaseReadsAwaitingCommit();
			return true;
		}
		return false;
	}

	private committedEntryInCurrentTerm(): boolean {
		return this.log.term(this.log.committed) === this.term;
	}

	private handleAppendResponse(m: Message): void {
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

	private handleHeartbeatResponse(m: Message): void {
		const pr = this.prs[m.from];
		if (!pr) return;
		pr.recentActive = true;
		pr.probeSent = false;
		if (pr.state === 'replicate' && pr.inflight.length >= this.cfg.maxInflight) pr.inflight.shift();
		if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, true);
		if (m.context !== 0) this.ackRead(m.from, m.context);
	}

	// ------------------------------------------------------------------ replication (follower)

	private handleAppendEntries(m: Message): void {
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

	private handleHeartbeat(m: Message): void {
		this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
		const r = makeMessage('heartbeatResp', this.id, m.from, this.term);
		r.context = m.context;
		this.msgs.push(r);
	}

	private handleSnapshot(m: Message): void {
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
			if (s.conf) {
				// the snapshot carries the membership at its index (raft.go restore)
				this.voters = s.conf.voters.slice();
				this.learners = s.conf.learners.slice();
				this.updatePeers();
			}
		}
		this.msgs.push(r);
	}

	/** A follower/candidate hears from the leader of its term. */
	private acceptLeader(from: number): void {
		this.electionElapsed = 0;
		this.lead = from;
	}

	private forwardToLeader(m: Message): void {
		if (this.lead === NONE) {
			if (m.type === 'prop' && m.cmd) this.dropped.push(m.cmd);
			return;
		}
		const f: Message = { ...m, to: this.lead, from: this.id };
		this.msgs.push(f);
	}

	// ------------------------------------------------------------------ leadership transfer

	/** etcdctl move-leader, asked of this member: only a leader acts on it. */
	transferLeader(to: number): void {
		// etcd-io/raft: leadership is never handed to a learner
		if (this.role !== 'leader' || to === this.id || !this.prs[to] || !this.voters.includes(to)) return;
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

	private abortLeaderTransfer(): void {
		this.leadTransferee = NONE;
	}

	// ------------------------------------------------------------------ linearizable reads (ReadIndex)

	private lastReadContext(): number {
		const n = this.readRequests.length;
		return n > 0 ? this.readRequests[n - 1].context : 0;
	}

	/** Leader side of ReadIndex (ReadOnlySafe): confirm leadership with a heartbeat round. */
	private handleReadIndex(m: Message): void {
		if (this.members === 1 && this.voters[0] === this.id) {
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
		this.readsAwaitingCommit = objectArray();
		for (const m of waiting) this.handleReadIndex(m);
	}

	private ackRead(from: number, context: number): void {
		const i = this.readRequests.findIndex((r) => r.context === context);
		if (i < 0) return;
		const req = this.readRequests[i];
		if (!this.voters.includes(from)) return; // a learner's heartbeat answer confirms nothing
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

	// ------------------------------------------------------------------ Ready and Advance

	hardState(): HardState {
		return { term: this.term, vote: this.vote, commit: this.log.committed };
	}

	/**
	 * What the host must do now (etcd-io/raft RawNode.Ready), handed over as it is returned:
	 * messages, read states, notices and refused proposals are taken; entries, hard state and
	 * snapshot count as handed to the disk; committed entries count as applied. When the Ready needs
	 * a sync, the host calls `advance` once the write is durable; until then further Readies hold
	 * only what happened (soft state, notices, refused proposals, read states) and the rest waits.
	 * With `work: false` the host takes only what happened (it observes a step; the work is taken
	 * by its raft loop's next pass).
	 */
	ready(opts: { work: boolean } = WORK): Ready {
		const rd = makeReady(this.lead, this.role, this.log.committed, take(this.notices), take(this.dropped), take(this.readStates));
		if (rd.notices.length > 0) this.notices = objectArray();
		if (rd.dropped.length > 0) this.dropped = objectArray();
		if (rd.readStates.length > 0) this.readStates = objectArray();
		if (this.awaitingAdvance || !opts.work) return rd;
		const log = this.log;
		if (log.truncatedTo < this.handedIndex) this.handedIndex = log.truncatedTo;
		log.truncatedTo = Infinity;
		const last = log.lastIndex();
		if (this.handedIndex < last) rd.entries = log.entries.slice(Math.max(this.handedIndex + 1, log.firstIndex()) - log.offset - 1);
		rd.snapshot = log.pendingSnapshot;
		rd.mustSync = rd.entries.length > 0 || rd.snapshot !== null || this.term !== this.persistedTerm || this.vote !== this.persistedVote;
		if (this.msgs.length > 0) {
			rd.messages = this.msgs;
			this.msgs = objectArray();
		}
		rd.committedEntries = log.appliable();
		if (rd.committedEntries.length > 0) log.applied = rd.committedEntries[rd.committedEntries.length - 1].index;
		rd.hardState = this.hardState();
		rd.lastIndex = last;
		rd.lastTerm = log.lastTerm();
		if (rd.mustSync) {
			this.handedIndex = last;
			this.persistedTerm = this.term;
			this.persistedVote = this.vote;
			log.pendingSnapshot = null;
			this.awaitingAdvance = true;
		}
		return rd;
	}

	/** The host made a Ready durable (etcd-io/raft Advance): its entries are stable, its snapshot applied. */
	advance(rd: Ready): void {
		if (!rd.mustSync) return;
		this.awaitingAdvance = false;
		this.log.stableTo(rd.lastIndex, rd.lastTerm);
		if (rd.snapshot && rd.snapshot.index > this.log.applied) this.log.applied = rd.snapshot.index;
		this.selfPersisted();
	}

	/** The host took a snapshot of its state machine at `snap.index`: keep it, drop entries up to `compactTo`. */
	compact(snap: Snapshot, compactTo: number): void {
		this.log.compact(snap, compactTo);
	}

	/** Whether the next Ready has notices, refused proposals or read states. */
	hasNews(): boolean {
		return this.notices.length > 0 || this.dropped.length > 0 || this.readStates.length > 0;
	}

	/**
	 * Whether the next Ready holds work (etcd-io/raft's HasReady): messages, entries, a snapshot, a
	 * term or vote to persist, entries to apply, or news. False while a sync is in flight.
	 */
	hasWork(): boolean {
		if (this.hasNews()) return true;
		if (this.awaitingAdvance) return false;
		const log = this.log;
		return (
			this.msgs.length > 0 ||
			this.handedIndex < log.lastIndex() ||
			log.truncatedTo < this.handedIndex ||
			log.pendingSnapshot !== null ||
			this.term !== this.persistedTerm ||
			this.vote !== this.persistedVote ||
			(log.applied < Math.min(log.committed, log.stableIndex) && log.applied >= log.offset)
		);
	}

	/** The messages not yet handed out (for tests that look before the next Ready). */
	pendingMessages(): readonly Message[] {
		return this.msgs;
	}
}

const NO_MESSAGES: Message[] = [];
const WORK = { work: true };

/** The list itself when it has items (the caller then replaces it), or a shared empty one. */
function take<T>(list: T[]): T[] {
	return list.length > 0 ? list : (EMPTY as T[]);
}
const EMPTY: never[] = [];

/**
 * A Ready with what happened and no work yet (RaftState.ready fills the rest): made here alone, so
 * a restore makes its pending Readies with the shape of the run's (cluster/checkpoint-queue.ts).
 */
export function makeReady(lead: number, role: RaftRole, committed: number, notices: RaftNotice[], dropped: Command[], readStates: ReadState[]): Ready {
	return {
		lead,
		role,
		committed,
		notices,
		dropped,
		readStates,
		hardState: null,
		mustSync: false,
		entries: EMPTY_ENTRIES,
		snapshot: null,
		lastIndex: 0,
		lastTerm: 0,
		messages: NO_MESSAGES,
		committedEntries: EMPTY_ENTRIES
	};
}

/** A leader's record of a member's replication, made here alone (a restore makes its records with it too). */
export function makeProgress(match: number, next: number, state: ProgressState, probeSent: boolean, inflight: number[], recentActive: boolean, pendingSnapshot: number): Progress {
	return { match, next, state, probeSent, inflight, recentActive, pendingSnapshot };
}
