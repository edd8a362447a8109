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
 *
 * Built in layers, one job a file: base.ts (state), raft-loop.ts, clients.ts, watches.ts, faults.ts,
 * and here the event loop and the views.
 */
import { MESSAGE_CODES, NONE, type Entry } from '../raft/types';
import { msToUs } from '../sim/time';
import { type SimEvent, EV_CODE } from './member';
import type { MemberView, StepView } from './types';
import { ClusterMembership } from './membership';
import type { KvStore } from '../kv/store';

export { ERR } from './etcd';

const CALL_VIEW: SimEvent = { k: 'call', fn: () => {}, label: 0 };

export class Cluster extends ClusterMembership {
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
			case 'backendCommit': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onBackendCommit(m, e.at);
				return;
			}
			case 'call':
				e.fn();
				return;
		}
	}

	view(id: number): MemberView {
		const m = this.members[id];
		const r = this.raftOf(id);
		return {
			id,
			alive: m.alive,
			learner: this.registry[id].learner,
			member: this.registry[id].member,
			started: this.registry[id].started,
			role: this.roleOf(id),
			term: m.alive ? r.term : m.durable.hard.term,
			votedFor: (m.alive ? r.vote : m.durable.hard.vote) || null,
			lead: m.alive && r.lead !== NONE ? r.lead : null,
			commitIndex: m.alive ? r.log.committed : m.durable.hard.commit,
			appliedIndex: m.alive ? r.log.applied : 0,
			lastIndex: m.alive ? r.log.lastIndex() : m.durable.offset + m.durable.entries.length,
			stableIndex: m.alive ? r.log.stableIndex : m.durable.offset + m.durable.entries.length,
			fsyncMs: m.disk.fsyncUs / 1000,
			fsyncP99Ms: (m.disk.fsyncUs + m.disk.tailUs) / 1000,
			diskBusy: m.busy,
			fsyncs: m.disk.fsyncs,
			// read on demand: building it (every key, sorted) for every member on every frame the
			// page draws was a large part of a busy frame, and the picture never shows it
			get kv(): Record<string, string> {
				return m.kv.toObject();
			},
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

	/** etcdctl get [--prefix] [--rev]: what member `id`'s store holds (see KvStore.range). */
	readRange(id: number, key: string, prefix: boolean, rev: number): ReturnType<KvStore['range']> {
		return this.members[id].kv.range(key, prefix, rev);
	}

	/** A member's log entries in [from, to] that are still held in memory (for views). */
	entries(id: number, from: number, to: number): Entry[] {
		const r = this.raftOf(id);
		return r.log.slice(Math.max(from, r.log.firstIndex()), to, to - from + 1) ?? [];
	}
}
