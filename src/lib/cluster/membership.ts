/**
 * Membership changes as etcd 3.5 makes them: etcdctl member add [--learner], member promote and
 * member remove are client requests to one member. That member checks them the way etcd's server
 * does (--strict-reconfig-check is on by default: the texts are etcd's own), then proposes one conf
 * change through raft; it takes effect on each member when that member applies the entry, and the
 * client hears back once its own member has applied it.
 *
 * - A voter added before its process starts counts toward the quorum at once: one member plus an
 *   unstarted second needs both to commit (the classic 1 -> 2 trap: writes stop until it starts).
 * - A learner replicates but never votes nor counts toward a quorum; it can be promoted only once
 *   its log is within 90% of the leader's (etcd's isLearnerReady), and etcd allows one learner.
 * - A removed member stops (etcd: "the member has been permanently removed from the cluster"); a
 *   leader that applies its own removal steps down first.
 */
import { ERR, LEARNER_READY_PERCENT, MAX_LEARNERS, MAX_MEMBER_IDS, MAX_VOTERS, REMOVED_STOP_TICKS } from './etcd';
import { NONE, type Command, type ConfChange, type Entry } from '../raft/types';
import type { Member } from './member';
import type { ClientOp, MemberRecord } from './types';
import { ClusterFaults } from './faults';

export abstract class ClusterMembership extends ClusterFaults {
	/**
	 * etcdctl member add against member `node` (the endpoint): the next member number joins, as a
	 * learner or a voter; its process starts once the add succeeds when `start` is true (otherwise a
	 * later restart starts it). Null when every member number is in use.
	 */
	memberAdd(node: number, learner: boolean, start: boolean): ClientOp | null {
		if (this.size >= MAX_MEMBER_IDS) return null;
		const id = ++this.size;
		const m = this.createMember(id);
		const listener = m.node.onTransition;
		m.node.onTransition = null;
		m.node.crash(); // no process yet: its machine starts down
		m.node.onTransition = listener;
		m.alive = false;
		this.members[id] = m;
		this.registry[id] = this.memberRecord(id, learner);
		this.network.grow(this.size, this.nowUs);
		this.trace.event(78, this.nowUs, id, learner ? 1 : 0, start ? 1 : 0);
		const op = this.newOp('memberAdd', node, '', null, false);
		op.target = id;
		op.learner = learner;
		op.start = start;
		return this.call(op);
	}

	/** etcdctl member promote ID against member `node`. */
	memberPromote(node: number, target: number): ClientOp {
		this.trace.event(79, this.nowUs, target);
		const op = this.newOp('memberPromote', node, '', null, false);
		op.target = target;
		return this.call(op);
	}

	/** etcdctl member remove ID against member `node`. */
	memberRemove(node: number, target: number): ClientOp {
		this.trace.event(80, this.nowUs, target);
		const op = this.newOp('memberRemove', node, '', null, false);
		op.target = target;
		return this.call(op);
	}

	/** A member that is not (or no longer) in the cluster does not start. */
	override restart(id: number): void {
		if (!this.isMember(id) || this.members[id].alive) return;
		this.registry[id].started = true;
		super.restart(id);
	}

	/** The member checks the request as etcd's server does, then proposes the conf change. */
	protected memberRequest(m: Member, op: ClientOp): void {
		if (op.status !== 'pending') return;
		const error = this.refusal(m, op);
		if (error !== null) {
			this.reply(op, 'fail', error, null, null);
			return;
		}
		if (m.node.raft.lead === NONE) {
			m.blocked.push(op); // waits for a leader, like a put
			return;
		}
		const target = op.target as number;
		const cc: ConfChange =
			op.kind === 'memberRemove' ? { type: 'removeNode', node: target } : op.kind === 'memberAdd' && op.learner ? { type: 'addLearner', node: target } : { type: 'addNode', node: target };
		const cmd: Command = { op: 'conf', key: '', value: '', cc, origin: m.id, reqId: op.id };
		m.waiting.set(op.id, op);
		m.node.propose(op.id, cmd);
		this.afterStep(m);
	}

	/** etcd's checks (server.go mayAddMember / mayPromoteMember / mayRemoveMember, isLearnerReady), or null. */
	private refusal(m: Member, op: ClientOp): string | null {
		const target = op.target as number;
		const rec = this.registry[target];
		switch (op.kind) {
			case 'memberAdd': {
				if (op.learner) return this.learnerIds().length >= MAX_LEARNERS ? ERR.tooManyLearners : null;
				if (this.voterIds().length >= MAX_VOTERS) return ERR.tooManyVoters;
				return this.readyToAddVoter() ? null : ERR.notEnoughStarted;
			}
			case 'memberPromote': {
				if (rec === undefined || !rec.member) return ERR.memberNotFound;
				if (!rec.learner) return ERR.memberNotLearner;
				const lead = m.node.raft.lead;
				if (lead !== NONE && this.members[lead].alive && this.raftOf(lead).role === 'leader') {
					const prs = this.raftOf(lead).prs;
					const learnerMatch = prs[target]?.match ?? 0;
					const leaderMatch = prs[lead]?.match ?? 0;
					if (learnerMatch < leaderMatch * LEARNER_READY_PERCENT) return ERR.learnerNotReady;
				}
				return this.readyToPromote() ? null : ERR.notEnoughStarted;
			}
			case 'memberRemove': {
				if (rec === undefined || !rec.member) return ERR.memberNotFound;
				if (rec.learner) return null; // no quorum to protect
				if (!this.readyToRemoveVoter(target)) return ERR.notEnoughStarted;
				// a member this one cannot reach is safe to remove: it is not part of the active quorum
				if (target !== m.id && !this.connected(m.id, target)) return null;
				const voters = this.voterIds();
				let active = 0;
				for (const v of voters) if (v === m.id || this.connected(m.id, v)) active++;
				return active - 1 < 1 + Math.floor((voters.length - 1) / 2) ? ERR.unhealthy : null;
			}
			default:
				return null;
		}
	}

	private started(): MemberRecord[] {
		return this.voterIds().map((id) => this.registry[id]).filter((r) => r.started);
	}

	/** RaftCluster.IsReadyToAddVotingMember: after the add, a quorum must have started (1 -> 2 is allowed). */
	private readyToAddVoter(): boolean {
		const members = this.voterIds().length + 1;
		const started = this.started().length;
		if (started === 1 && members === 2) return true; // etcd: adding a second member to restore a cluster
		return started >= Math.floor(members / 2) + 1;
	}

	/** RaftCluster.IsReadyToPromoteMember: the learner counts as started. */
	private readyToPromote(): boolean {
		const members = this.voterIds().length + 1;
		const started = this.started().length + 1;
		return started >= Math.floor(members / 2) + 1;
	}

	/** RaftCluster.IsReadyToRemoveVotingMember: the rest must keep a started quorum. */
	private readyToRemoveVoter(id: number): boolean {
		const rest = this.voterIds().filter((v) => v !== id);
		const started = rest.filter((v) => this.registry[v].started).length;
		return started >= Math.floor(rest.length / 2) + 1;
	}

	/** A member applies a committed conf change: its raft's membership changes; the member list once. */
	protected applyConf(m: Member, e: Entry): void {
		const cc = (e.cmd as Command).cc as ConfChange;
		m.node.raft.applyConfChange(cc, e.index);
		this.afterStep(m);
		this.trace.event(81, this.nowUs, m.id, e.index, cc.node);
		if (e.index <= this.confAppliedIndex) return;
		this.confAppliedIndex = e.index;
		const rec = this.registry[cc.node];
		if (!rec) return;
		if (cc.type === 'removeNode') {
			if (!rec.member) return;
			rec.member = false;
			rec.removedUs = this.nowUs;
			this.log(cc.node, 'info', `removed member ${rec.hexId} (n${cc.node}) from cluster`);
			// etcd stops a removed member shortly after (stopWithDelay): "the member has been permanently removed"
			this.calls.push(this.nowUs + REMOVED_STOP_TICKS * this.tickUs, { k: 'retire', node: cc.node });
		} else {
			const promoted = rec.member && rec.learner && cc.type === 'addNode';
			rec.member = true;
			rec.learner = cc.type === 'addLearner';
			this.log(cc.node, 'info', promoted
				? `promoted learner ${rec.hexId} (n${cc.node}) to voting member`
				: `added ${rec.learner ? 'learner ' : ''}member ${rec.hexId} (n${cc.node}) ${rec.peerURL} to cluster`);
		}
	}

	/** A removed member's process exits; it never starts again. */
	protected retire(id: number): void {
		if (this.isMember(id) || !this.members[id].alive) return;
		this.kill(id);
		this.log(id, 'info', `n${id}: the member has been permanently removed from the cluster`);
	}

	/** An added member whose add came back OK starts now if asked to. */
	protected memberReplied(op: ClientOp): void {
		if (op.kind === 'memberAdd' && op.status === 'ok' && op.start === true) this.restart(op.target as number);
	}
}
