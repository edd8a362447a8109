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
import { NONE, messageCode, type Entry, type HardState } from '../raft/types';
import { msToUs } from '../sim/time';
import { objectArray } from '../sim/arrays';
import type { Scheduled } from '../sim/queue';
import type { OutsideCall } from './base';
import { type SimEvent, EV_CODE, MEMBER_FIELDS, memberObject } from './member';
import type { ClientOp, ClusterOptions, MemberView, StepView } from './types';
import { ClusterMembership } from './membership';
import type { KvStore } from '../kv/store';
import { RaftNode } from '../raft/node';
import { retainedBytes, canonicalArrays, CHECKER_SHARED, DURABLE_SHARED, ELEMENT_BYTES, KV_LAZY, KV_SHARED, LOG_SHARED, hasClosureCall, joinShared, reshape, reviveClusterFields, reviveMemberFields, splitShared, type CheckpointMember, type ClusterCheckpoint, type SharedMember } from './checkpoint';
import { packQueue, remakeEvent, remakeQueue } from './checkpoint-queue';
import type { Member } from './member';
import { CHUNK, chunkPool, freeze, lazily, thaw, unpackedAfter, type FreezeCost } from './chunks';
import type { PackedChunk, Packer } from './packed';

/** What a restore unpacked, for the next one to take again (Cluster.restore; see chunks.ts Unpacked). */
export interface UnpackCache {
	last: ReadonlyMap<PackedChunk, unknown[]> | null;
}

/** An op as a checkpoint shares it: one still pending is cloned instead (a reply will change it). */
function sharedOp(op: unknown): unknown {
	return (op as ClientOp).status === 'pending' ? null : op;
}

export { ERR } from './etcd';

const CALL_VIEW: SimEvent = { k: 'call', label: 0, w: null, reason: '' };

export class Cluster extends ClusterMembership {
	/**
	 * Schedules an outside call (a scenario step, a user action, a load generator's next put) at a
	 * simulated time. It runs after every engine event due at or before that time, so an action
	 * taken live at time T and the same action replayed from a link do exactly the same thing.
	 */
	at(timeMs: number, fn: () => void): void {
		this.calls.push(Math.max(this.nowUs, msToUs(timeMs)), { k: 'fn', fn });
	}

	/**
	 * Schedules an outside call described as plain data: at its time `onOutsideCall` carries out
	 * `payload`. Same timing rule as `at`; unlike a closure, it can sit in a checkpoint.
	 */
	schedule(timeMs: number, payload: unknown): void {
		this.calls.push(Math.max(this.nowUs, msToUs(timeMs)), { k: 'owner', payload });
	}

	/**
	 * The whole cluster now, as plain data (see checkpoint.ts). `Cluster.restore` makes a cluster
	 * that runs on exactly as this one will. Throws when a closure is scheduled (`at`). `prev`: the
	 * checkpoint taken before this one, whose frozen chunks this one shares where nothing changed.
	 */
	checkpoint(prev: ClusterCheckpoint | null = null, packer?: Packer): ClusterCheckpoint {
		if (hasClosureCall(this.calls)) throw new Error('a cluster with a closure scheduled (at) cannot be checkpointed: schedule data (schedule)');
		const made: FreezeCost = { elements: 0, slots: 0, bytes: 0 };
		// what is not cloned is set to null, not deleted: the restored objects keep every field, so
		// filling them in adds none (an object that gains a dozen fields one by one after it is made
		// becomes a slow dictionary of properties; the engine would run several times slower on it)
		const fields: Record<string, unknown> = { ...(this as object) };
		fields.members = null;
		fields.wireListeners = null;
		fields.onOutsideCall = null;
		fields.onResolve = null;
		// ops that came back never change again: shared; the pending ones are cloned with the rest
		const kept = this.ops;
		const pendingOps: [number, ClientOp][] = [];
		for (let i = 0; i < kept.length; i++) if (kept[i].status === 'pending') pendingOps.push([i, kept[i]]);
		const ops = freeze(kept, prev?.shared.ops ?? null, made, { base: this.droppedOps, view: sharedOp, appendOnly: true, elementBytes: retainedBytes('ops'), made: packer?.hear('ops') });
		fields.opBuffer = pendingOps;
		fields.opBufferHead = 0;
		fields.opLazy = null;
		fields.logs = null;
		const logs = freeze(this.logs, prev?.shared.logs ?? null, made, { appendOnly: true, elementBytes: retainedBytes('logs') });
		fields.queue = packQueue(this.queue);
		// requests that came back wait in the deadline lists until the deadline event reaches them
		// and passes them by: left out, so the checkpoint clones no settled op for them
		fields.clientDeadlines = this.clientDeadlines.filter((op) => op.status === 'pending');
		const held = this.serverDeadlines.map((op) => op.status !== 'ok');
		fields.serverDeadlines = this.serverDeadlines.filter((_, i) => held[i]);
		fields.serverDeadlineUs = this.serverDeadlineUs.filter((_, i) => held[i]);
		fields.serverDeadlineLives = this.serverDeadlineLives.filter((_, i) => held[i]);
		const checker = splitShared(this.checker, CHECKER_SHARED, prev?.shared.checker ?? null, made, undefined, [], undefined, packer);
		fields.checker = checker.cloned;
		const members: (CheckpointMember | null)[] = [];
		const sharedMembers: (SharedMember | null)[] = [];
		// every member's raft log and WAL hold the same entry objects at an index, and every store
		// the same events at a revision (KvStore.apply): their chunks are kept once for all
		const entries = { entries: chunkPool() };
		const events = { history: chunkPool() };
		for (let id = 0; id < this.members.length; id++) {
			const m = this.members[id];
			if (m === undefined) {
				members.push(null);
				sharedMembers.push(null);
				continue;
			}
			const before = prev?.shared.members[id] ?? null;
			const mf: Record<string, unknown> = { ...m };
			mf.node = null;
			// (the events a restore left packed made first: the checkpoint freezes the whole history)
			const history = m.kv.wholeHistory();
			const kv = splitShared(m.kv, KV_SHARED, before?.kv ?? null, made, { history: history.length > 0 ? history[0].revision : undefined }, ['history'], events, packer);
			const durable = splitShared(m.durable, DURABLE_SHARED, before?.durable ?? null, made, { entries: m.durable.offset + 1 }, ['entries'], entries, packer);
			mf.kv = kv.cloned;
			mf.durable = durable.cloned;
			const r = m.node.raft;
			const raft: Record<string, unknown> = { ...r };
			raft.lifecycle = null;
			const log = splitShared(r.log, LOG_SHARED, before?.log ?? null, made, { entries: r.log.offset + 1 }, ['entries'], entries, packer);
			raft.log = log.cloned;
			// snapshots (the store's records at an index) never change once made: shared
			const snapshots = { durable: m.durable.snapshot, log: r.log.snapshot, pending: r.log.pendingSnapshot };
			durable.cloned.snapshot = null;
			log.cloned.snapshot = null;
			log.cloned.pendingSnapshot = null;
			members.push({ fields: mf, raft, lifecycle: m.node.persistLifecycle() });
			sharedMembers.push({ kv: kv.shared, durable: durable.shared, log: log.shared, snapshots });
		}
		if (packer !== undefined) this.packDropped(packer);
		// one clone for everything else: objects shared inside the cluster stay shared in the copy
		const copy = structuredClone({ fields, members });
		return {
			version: 1,
			nowUs: this.nowUs,
			events: this.events,
			fields: copy.fields,
			members: copy.members,
			shared: { ops, logs, checker: checker.shared, members: sharedMembers },
			made
		};
	}

	/**
	 * A cluster exactly as it stood when `cp` was taken (cp itself is left untouched: restore it as
	 * often as needed). Views' listeners and the owner's outside-call handler are not part of it.
	 */
	static restore(cp: ClusterCheckpoint, cache?: UnpackCache): Cluster {
		const steps = Cluster.restoring(cp, cache);
		for (;;) {
			const r = steps.next();
			if (r.done) return r.value;
		}
	}

	/**
	 * `restore` in steps of a few milliseconds each, for a page that restores between frames: a
	 * pause after the client ops, and before each member's store and before its WAL (the long
	 * histories, thawed a step each). The cluster is the generator's value.
	 * Nothing outside the new cluster changes on the way but `cache`, so one dropped half-way
	 * leaves no trace.
	 */
	static *restoring(cp: ClusterCheckpoint, cache?: UnpackCache): Generator<void, Cluster, void> {
		const d = canonicalArrays(structuredClone({ fields: cp.fields, members: cp.members }));
		const f = d.fields;
		// packed chunks several arrays hold unpack once, to the same elements (and those the restore
		// before unpacked are taken again, when the owner keeps them: cache)
		const unpacked = unpackedAfter(cache?.last ?? null);
		if (cache !== undefined) cache.last = unpacked.now;
		// the ops stay in the checkpoint's chunks until they are read (see base.ts opLazy), the
		// pending ones (cloned) put in their places
		const lazy = lazily(cp.shared.ops, unpacked);
		for (const [i, op] of f.opBuffer as [number, ClientOp][]) lazy!.putAt(i, op);
		f.opBuffer = objectArray();
		f.opLazy = lazy;
		f.logs = thaw(cp.shared.logs);
		yield;
		joinShared(f.checker, cp.shared.checker, unpacked);
		// the queues' cloned events and the latest one as the engine writes them (one object each still)
		const remade = new Map<unknown, unknown>();
		remakeQueue(f.queue as object, remade);
		remakeQueue(f.calls as object, remade);
		if (f.lastEvent !== null) f.lastEvent = remakeEvent(f.lastEvent, remade);
		reviveClusterFields(f);
		// a cluster its constructor made (with no members: cheap) given the clone's fields, in their
		// order: the shape of the run's cluster, whatever representations its fields took meanwhile
		// (a clone given its class by setPrototypeOf had a shape of its own once the clock passed 2^31 µs)
		const c = reshape(f, new Cluster({ ...(f.opts as Required<ClusterOptions>), size: 0 }));
		const o = c as unknown as { wireListeners: unknown[]; onOutsideCall: null; onResolve: null };
		o.wireListeners = [];
		o.onOutsideCall = null;
		o.onResolve = null;
		const members: Member[] = [];
		for (let id = 0; id < d.members.length; id++) {
			const cm = d.members[id];
			const sm = cp.shared.members[id];
			if (cm === null || sm === null) continue;
			yield;
			// the events the run had dropped stay packed until a watch or a read asks (KvStore.historyLazy)
			joinShared(cm.fields.kv, sm.kv, unpacked, KV_LAZY);
			yield;
			joinShared(cm.fields.durable, sm.durable, unpacked);
			// the hard state as the raft loop writes it (one shape for the engine's code)
			const durable = cm.fields.durable as { hard: HardState };
			const h = durable.hard;
			if (Object.keys(h).length === 3) durable.hard = { term: h.term, vote: h.vote, commit: h.commit };
			joinShared(cm.raft.log, sm.log, unpacked);
			Object.assign(cm.fields.durable as object, { snapshot: sm.snapshots.durable });
			Object.assign(cm.raft.log as object, { snapshot: sm.snapshots.log, pendingSnapshot: sm.snapshots.pending });
			const raft = reviveMemberFields(cm.fields, cm.raft);
			const node = new RaftNode(raft, cm.lifecycle);
			node.onTransition = (t) => c.recordTransition(id, t);
			cm.fields.node = node;
			// written by the literal createMember writes (the shape of the run's members)
			members[id] = Object.keys(cm.fields).length === MEMBER_FIELDS ? memberObject(cm.fields as unknown as Member) : (cm.fields as unknown as Member);
		}
		(c as unknown as { members: Member[] }).members = members;
		return c;
	}

	/**
	 * Packs the checkpoints' chunks whose elements the run no longer holds anywhere (packed.ts): the
	 * ops before the history's first, the log entries before every member's log and WAL, the store
	 * events before every member's history, the checker's records before its windows.
	 */
	private packDropped(packer: Packer): void {
		const k = (position: number): number => Math.floor(position / CHUNK);
		packer.packBelow('ops', 'ops', k(this.droppedOps), ELEMENT_BYTES.ops);
		let entries = Infinity;
		let history = Infinity;
		for (const m of this.members) {
			if (m === undefined) continue;
			entries = Math.min(entries, m.durable.offset + 1, m.node.raft.log.offset + 1);
			const h = m.kv.wholeHistory();
			if (h.length > 0) history = Math.min(history, h[0].revision);
		}
		if (entries !== Infinity) packer.packBelow('entries', 'entries', k(entries), ELEMENT_BYTES.entries);
		if (history !== Infinity) packer.packBelow('history', 'history', k(history), ELEMENT_BYTES.history);
		const checker = this.checker as unknown as { entryAt: { base: number }; appliedAt: { base: number } };
		packer.packBelow('entryAt', 'entryAt', k(checker.entryAt.base), ELEMENT_BYTES.entryAt);
		packer.packBelow('appliedAt', 'appliedAt', k(checker.appliedAt.base), ELEMENT_BYTES.appliedAt);
	}

	/** When the next event or call is due (Infinity if nothing is). */
	nextEventUs(): number {
		return Math.min(this.queue.peekTimeUs(), this.calls.peekTimeUs());
	}

	/** Runs the next event or call; false if there is none. */
	step(): boolean {
		const atUs = this.queue.peekTimeUs();
		if (atUs <= this.calls.peekTimeUs()) {
			if (atUs === Infinity) return false;
			this.runEvent(atUs);
			return true;
		}
		this.runCall();
		return true;
	}

	/** Runs the next engine event, due at atUs (the queue is not empty). */
	private runEvent(atUs: number): void {
		const e = this.queue.popItem() as SimEvent;
		this.nowUs = atUs;
		this.events++;
		this.lastEvent = e;
		this.lastDropped = false;
		this.dispatch(e);
	}

	/** Runs the next outside call (one is scheduled). */
	private runCall(): void {
		const c = this.calls.pop() as Scheduled<OutsideCall>;
		this.nowUs = c.timeUs;
		this.trace.event(90, this.nowUs);
		this.lastEvent = CALL_VIEW;
		const call = c.item;
		if (call.k === 'fn') call.fn();
		else if (call.k === 'retire') this.retire(call.node);
		else if (this.onOutsideCall !== null) this.onOutsideCall(call.payload);
		else throw new Error('an outside call fell due with no onOutsideCall to carry it out');
	}

	/** Runs every event and call due up to and including timeMs, then sets the clock to timeMs. */
	runUntil(timeMs: number): void {
		const until = msToUs(timeMs);
		this.runThrough(until);
		if (until > this.nowUs) this.nowUs = until;
	}

	/**
	 * The loop of runUntil (step, with each queue's next time read once an event), alone in its
	 * function: the JIT compiles a hot loop while it runs (OSR), and code after the loop that had
	 * not run yet then sent every later call back to the interpreter and the loop through the
	 * compiler again (37 times in a 10-minute bench run).
	 */
	private runThrough(untilUs: number): void {
		for (;;) {
			const atUs = this.queue.peekTimeUs();
			const callUs = this.calls.peekTimeUs();
			if (atUs <= callUs) {
				if (atUs > untilUs) return;
				this.runEvent(atUs);
			} else {
				if (callUs > untilUs) return;
				this.runCall();
			}
		}
	}

	private dispatch(e: SimEvent): void {
		// each case feeds its own code (EV_CODE[e.k]): a constant, where a lookup by e.k is a slow generic access.
		// Each event is traced once, with what tells it apart (its member, op or message); a message
		// delivered is traced by its own code (200 + its type), a write that landed by onDiskDone (51)
		const nowUs = this.nowUs;
		switch (e.k) {
			case 'tick': {
				this.trace.event(EV_CODE.tick, nowUs, e.node);
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
					this.trace.event(EV_CODE.deliver, nowUs, msg.from, msg.to, messageCode(msg.type));
					this.lastDropped = true;
					this.emitWire('drop', msg, this.nowUs, !to.alive || e.life !== to.life ? 'receiver' : 'wire');
					return;
				}
				this.trace.event(200 + messageCode(msg.type), this.nowUs, msg.from, msg.to, msg.term, msg.index);
				this.emitWire('deliver', msg, this.nowUs);
				to.node.step(msg);
				this.afterStep(to);
				this.drive(to);
				return;
			}
			case 'diskDone': {
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) {
					// crashed meanwhile: the write is lost (a write that lands is traced by onDiskDone)
					this.trace.event(EV_CODE.diskDone, nowUs, e.node);
					return;
				}
				this.onDiskDone(m, e.w);
				return;
			}
			case 'arrive': {
				this.trace.event(EV_CODE.arrive, nowUs, e.op.id, e.op.node);
				const m = this.members[e.op.node];
				if (e.life !== m.life || !m.alive || e.op.status !== 'pending') return;
				this.onArrive(e.op);
				return;
			}
			case 'reply':
				this.trace.event(EV_CODE.reply, nowUs, e.op.id, e.status === 'ok' ? 1 : e.status === 'timeout' ? 2 : 3);
				this.onReply(e);
				return;
			case 'clientDeadline':
				this.trace.event(EV_CODE.clientDeadline, nowUs);
				this.onClientDeadline();
				return;
			case 'serverDeadline':
				this.trace.event(EV_CODE.serverDeadline, nowUs);
				this.onServerDeadline();
				return;
			case 'readRetry': {
				this.trace.event(EV_CODE.readRetry, nowUs, e.op.id, e.node);
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onReadRetry(e);
				return;
			}
			case 'watchArrive': {
				this.trace.event(EV_CODE.watchArrive, nowUs);
				const m = this.members[e.w.node];
				if (e.life !== m.life || !m.alive) return;
				this.onWatchArrive(e.w);
				return;
			}
			case 'watchEvent':
				this.trace.event(EV_CODE.watchEvent, nowUs);
				this.onWatchEvent(e.w, e.ev);
				return;
			case 'watchMonitor': {
				this.trace.event(EV_CODE.watchMonitor, nowUs, e.node);
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onWatchMonitor(m);
				return;
			}
			case 'backendCommit': {
				this.trace.event(EV_CODE.backendCommit, nowUs, e.node);
				const m = this.members[e.node];
				if (e.life !== m.life || !m.alive) return;
				this.onBackendCommit(m, e.at);
				return;
			}
			case 'call':
				this.trace.event(EV_CODE.call, nowUs);
				// a watch's cancellation reaches its client (the first reason given stays)
				if (e.w !== null) e.w.canceled ??= e.reason;
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
			case 'clientDeadline':
				return { k: 'deadline', side: 'client', ms: this.clientTimeoutUs / 1000 };
			case 'serverDeadline':
				return { k: 'deadline', side: 'server', ms: this.requestTimeoutUs / 1000 };
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
