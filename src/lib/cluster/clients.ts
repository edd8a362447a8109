/** Clients that talk to members the way etcdctl does: put, get (linearizable or serializable), del, with etcd's timeouts and error texts. */
import { NONE } from '../raft/types';
import { msToUs } from '../sim/time';
import { DIAL_TIMEOUT_MS, READ_INDEX_RETRY_MS, ERR } from './etcd';
import type { Member, SimEvent } from './member';
import type { ClientOp, OpKind } from './types';
import { isKvOp } from '../kv/ops';
import { RaftLoop } from './raft-loop';

/** The event queue's timer lanes (see EventQueue.pushTimer): each timer kind set a fixed delay ahead has its own. */
const LANE_CLIENT_TIMEOUT = 0;
const LANE_SERVER_TIMEOUT = 1;

export abstract class ClusterClients extends RaftLoop {
	/** The least delay each timer lane's timers are set after their op's call (checkpoint-queue.ts). */
	protected timerLaneDelaysUs(): number[] {
		const delays: number[] = [];
		delays[LANE_CLIENT_TIMEOUT] = this.clientTimeoutUs;
		delays[LANE_SERVER_TIMEOUT] = this.requestTimeoutUs;
		return delays;
	}

	protected newOp(kind: OpKind, node: number, key: string, value: string | null, serializable: boolean): ClientOp {
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
		this.opCounts[kind].issued++;
		if (this.ops.length > this.opts.historyLimit) {
			const drop = this.ops.length - this.opts.historyLimit;
			for (let i = 0; i < drop; i++) this.noteDropped(this.ops[i]);
			// one op over the limit (the usual case): shift moves the array's start, splice copies it
			if (drop === 1) this.ops.shift();
			else this.ops.splice(0, drop);
			this.droppedOps += drop;
		}
		return op;
	}

	/** Remembers what a dropped op may still mean for the ops kept (see droppedOpsSettledUs). */
	private noteDropped(op: ClientOp): void {
		const unknownWrite = op.kind !== 'get' && op.status === 'timeout';
		if (op.status === 'pending') {
			// kept for checkpoints while pending; those that came back since go now and then
			if (this.droppedPending.length >= 1024) this.droppedPending = this.droppedPending.filter((o) => o.status === 'pending');
			this.droppedPending.push(op);
		}
		if (op.status === 'pending' || unknownWrite || op.returnUs === null) this.droppedOpsSettledUs = Infinity;
		else this.droppedOpsSettledUs = Math.max(this.droppedOpsSettledUs, op.returnUs);
	}

	/** etcdctl put KEY VALUE against member `node` (`valueBytes`: the value's size on disk, when not its own length). */
	put(node: number, key: string, value: string, valueBytes?: number): ClientOp {
		const op = this.newOp('put', node, key, value, false);
		if (valueBytes !== undefined) op.valueBytes = valueBytes;
		return this.call(op);
	}

	/** etcdctl get KEY [--consistency=s] against member `node`. */
	get(node: number, key: string, serializable = false): ClientOp {
		return this.call(this.newOp('get', node, key, null, serializable));
	}

	/** etcdctl del KEY against member `node`. */
	del(node: number, key: string): ClientOp {
		return this.call(this.newOp('delete', node, key, null, false));
	}

	protected call(op: ClientOp): ClientOp {
		const m = this.members[op.node];
		this.trace.event(60, this.nowUs, op.id, op.node);
		if (!m.alive) {
			// etcdctl cannot dial a dead endpoint and gives up after --dial-timeout
			const at = this.nowUs + Math.min(msToUs(DIAL_TIMEOUT_MS), this.clientTimeoutUs);
			this.queue.push(at, { k: 'reply', op, status: 'fail', error: ERR.deadline, value: null, revision: null });
			return op;
		}
		this.queue.push(this.nowUs + this.clientDelayUs(op.node), { k: 'arrive', op, life: m.life });
		this.queue.pushTimer(LANE_CLIENT_TIMEOUT, this.nowUs + this.clientTimeoutUs, { k: 'clientTimeout', op });
		return op;
	}

	protected onArrive(op: ClientOp): void {
		const m = this.members[op.node];
		const r = this.raftOf(m.id);
		if (op.kind === 'get' && op.serializable) {
			const rec = m.kv.get(op.key);
			this.reply(op, 'ok', null, rec ? rec.value : null, m.kv.revision);
			return;
		}
		this.queue.pushTimer(LANE_SERVER_TIMEOUT, this.nowUs + this.requestTimeoutUs, { k: 'serverTimeout', op, node: m.id, life: m.life });
		if (op.kind === 'get') {
			const context = this.nextReadContext++;
			m.reads.set(context, op);
			m.node.readIndex(context);
			this.afterStep(m);
			this.queue.push(this.nowUs + msToUs(READ_INDEX_RETRY_MS), { k: 'readRetry', op, node: m.id, life: m.life, context });
		} else if (!isKvOp(op)) {
			this.memberRequest(m, op);
		} else if (r.lead === NONE) {
			m.blocked.push(op);
		} else {
			this.propose(m, op);
		}
		this.drive(m);
	}

	/** The member answers; the answer reaches the client one network hop later. */
	protected reply(op: ClientOp, status: 'ok' | 'timeout' | 'fail', error: string | null, value: string | null, revision: number | null, fromUs = this.nowUs): void {
		const delay = this.applyUs + this.clientDelayUs(op.node);
		this.queue.push(fromUs + delay, { k: 'reply', op, status, error, value, revision });
	}

	protected onReply(e: Extract<SimEvent, { k: 'reply' }>): void {
		const op = e.op;
		if (op.status !== 'pending') return; // the client already gave up
		this.opsResolved++;
		this.opCounts[op.kind][e.status]++;
		op.status = e.status;
		op.error = e.error;
		op.returnUs = this.nowUs;
		op.revision = e.revision;
		if (op.kind === 'get') op.value = e.status === 'ok' ? e.value : null;
		if (!isKvOp(op)) this.memberReplied(op);
		this.onResolve?.(op);
	}

	protected onClientTimeout(op: ClientOp): void {
		if (op.status !== 'pending') return;
		this.opsResolved++;
		this.opCounts[op.kind].timeout++;
		op.status = 'timeout';
		op.error = ERR.deadline;
		op.returnUs = this.nowUs;
		this.onResolve?.(op);
	}

	/** etcd's server-side timeout (parseProposeCtxErr): which "request timed out" text applies. */
	protected onServerTimeout(op: ClientOp, m: Member): void {
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

	protected readContextOf(m: Member, op: ClientOp): number {
		for (const [ctx, o] of m.reads) if (o === op) return ctx;
		return -1;
	}

	protected unblock(m: Member, op: ClientOp): boolean {
		const i = m.blocked.indexOf(op);
		if (i < 0) return false;
		m.blocked.splice(i, 1);
		return true;
	}

	protected unready(m: Member, op: ClientOp): boolean {
		const i = m.readyReads.findIndex((rr) => rr.op === op);
		if (i < 0) return false;
		m.readyReads.splice(i, 1);
		return true;
	}

	protected onReadRetry(e: Extract<SimEvent, { k: 'readRetry' }>): void {
		const m = this.members[e.node];
		if (!m.reads.has(e.context) || e.op.status !== 'pending') return;
		m.node.readIndex(e.context);
		this.afterStep(m);
		this.queue.push(this.nowUs + msToUs(READ_INDEX_RETRY_MS), { ...e });
		this.drive(m);
	}
}
