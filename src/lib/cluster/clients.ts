/** Clients that talk to members the way etcdctl does: put, get (linearizable or serializable), del, with etcd's timeouts and error texts. */
import { NONE } from '../raft/types';
import { msToUs } from '../sim/time';
import { DIAL_TIMEOUT_MS, READ_INDEX_RETRY_MS, ERR } from './etcd';
import type { Member, SimEvent } from './member';
import type { ClientOp, OpKind } from './types';
import { isKvOp } from '../kv/ops';
import { RaftLoop } from './raft-loop';

/** Trace codes of a request timed out by its client and by a member (the deadline events' own codes, member.ts EV_CODE) */
const EV_CLIENT_TIMEOUT = 6;
const EV_SERVER_TIMEOUT = 7;

/**
 * Deadlines. etcdctl gives up on a request after --command-timeout, and a member answers "request
 * timed out" after its request timeout; both are contexts that etcd cancels as soon as the request
 * returns, and under load nearly every request returns long before. So a request's deadlines are
 * not each an event: the requests wait in two lists in deadline order (a client's deadline is its
 * call + clientTimeoutMs, a member's the request's arrival + its request timeout, so call order and
 * arrival order are deadline order), and one event (clientDeadline, serverDeadline) is due at the
 * earliest deadline that may still fall due. When it runs it times out what is due and is set
 * again for the next request still waiting. A request that came back leaves the list's head when
 * it gets its answer, or when the event reaches it.
 */
/** Ops the history limit drops before the buffer is cut (base.ts opBuffer): a move of the array a batch. */
const OP_DROP_BATCH = 4_096;

export abstract class ClusterClients extends RaftLoop {

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
		const buffer = this.opBuffer;
		buffer.push(op);
		this.opCounts[kind].issued++;
		const lazy = this.opLazy;
		const kept = buffer.length - this.opBufferHead + (lazy === null ? 0 : lazy.count);
		if (kept > this.opts.historyLimit) {
			const drop = kept - this.opts.historyLimit;
			// the oldest first: those a restore left packed (unpacked as they go), then the buffer's,
			// dropped a batch at a time (the array is moved once a batch, not once an op)
			for (let i = 0; i < drop; i++) {
				const l = this.opLazy;
				if (l === null) this.noteDropped(buffer[this.opBufferHead++]);
				else {
					this.noteDropped(l.shift() as ClientOp);
					if (l.count === 0) this.opLazy = null;
				}
			}
			this.droppedOps += drop;
			if (this.opBufferHead >= OP_DROP_BATCH) this.cutDroppedOps();
		}
		return op;
	}

	/** Remembers what a dropped op may still mean for the ops kept (see droppedOpsSettledUs). */
	private noteDropped(op: ClientOp): void {
		const unknownWrite = op.kind !== 'get' && op.status === 'timeout';
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
		this.clientDeadlines.push(op);
		this.wakeClientsAt(op.callUs + this.clientTimeoutUs);
		return op;
	}

	/** Makes sure the clients' deadlines are looked at by `atUs`. */
	private wakeClientsAt(atUs: number): void {
		if (atUs >= this.clientWakeUs) return;
		this.clientWakeUs = atUs;
		this.queue.push(atUs, { k: 'clientDeadline' });
	}

	/** Makes sure the members' deadlines are looked at by `atUs`. */
	private wakeServersAt(atUs: number): void {
		if (atUs >= this.serverWakeUs) return;
		this.serverWakeUs = atUs;
		this.queue.push(atUs, { k: 'serverDeadline' });
	}

	/** The clients give up on the requests whose deadline is due; the event is set for the next. */
	protected onClientDeadline(): void {
		if (this.nowUs >= this.clientWakeUs) this.clientWakeUs = Infinity;
		const list = this.clientDeadlines;
		while (list.length > 0) {
			const op = list[0];
			if (op.status === 'pending') {
				const dueUs = op.callUs + this.clientTimeoutUs;
				if (dueUs > this.nowUs) {
					this.wakeClientsAt(dueUs);
					return;
				}
				this.trace.event(EV_CLIENT_TIMEOUT, this.nowUs, op.id);
				this.onClientTimeout(op);
			}
			list.shift();
		}
	}

	/** The members time out the requests whose deadline is due; the event is set for the next. */
	protected onServerDeadline(): void {
		if (this.nowUs >= this.serverWakeUs) this.serverWakeUs = Infinity;
		const list = this.serverDeadlines;
		while (list.length > 0) {
			const op = list[0];
			const dueUs = this.serverDeadlineUs[0];
			if (op.status !== 'ok' && dueUs > this.nowUs) {
				this.wakeServersAt(dueUs);
				return;
			}
			const life = this.serverDeadlineLives[0];
			this.dropServerDeadline();
			const m = this.members[op.node];
			if (op.status === 'ok' || life !== m.life || !m.alive) continue;
			this.trace.event(EV_SERVER_TIMEOUT, this.nowUs, op.id, op.node);
			this.onServerTimeout(op, m);
		}
	}

	private dropServerDeadline(): void {
		this.serverDeadlines.shift();
		this.serverDeadlineUs.shift();
		this.serverDeadlineLives.shift();
	}

	/**
	 * Drops the requests that came back from the deadlines' heads (a client's: answered or given up;
	 * a member's: answered ok, so no member holds it). The rest are dropped when the deadline event
	 * reaches them: the lists stay about as long as the requests in flight.
	 */
	private dropSettledDeadlines(): void {
		const c = this.clientDeadlines;
		while (c.length > 0 && c[0].status !== 'pending') c.shift();
		const s = this.serverDeadlines;
		while (s.length > 0 && s[0].status === 'ok') this.dropServerDeadline();
	}

	protected onArrive(op: ClientOp): void {
		const m = this.members[op.node];
		const r = this.raftOf(m.id);
		if (op.kind === 'get' && op.serializable) {
			const rec = m.kv.get(op.key);
			this.reply(op, 'ok', null, rec ? rec.value : null, m.kv.revision);
			return;
		}
		this.serverDeadlines.push(op);
		this.serverDeadlineUs.push(this.nowUs + this.requestTimeoutUs);
		this.serverDeadlineLives.push(m.life);
		this.wakeServersAt(this.nowUs + this.requestTimeoutUs);
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
		this.dropSettledDeadlines();
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
