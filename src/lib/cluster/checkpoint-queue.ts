/**
 * The event queue in a checkpoint. Every request leaves two timers in the queue (the client's
 * deadline and the member's request timeout) that stay there, seconds after the reply, until they
 * fall due and find the op settled. At 3,000 writes/s that is 36,000 timers, each pointing at an op
 * that came back long ago. Cloned as objects, they cost a seek or a checkpoint 150-200 ms and clone
 * every settled op they point at (ops the checkpoint otherwise shares).
 *
 * So a checkpoint shares each timer lane's head (the timers of ops that came back and that no
 * member holds: nothing about them changes again, and the settled ops are the very objects the
 * shared ops list holds) by reference, and clones only the tail where a live op's timers may lie,
 * with the rest of the cluster (so the tail's ops are the cloned members' and history's own). The
 * head is an array of references, copied in one go; no timer is looked at one by one. The restored
 * queue is the same, slot for slot.
 */
import type { ClientOp } from './types';
import type { Member, SimEvent } from './member';
import { makeMessage, type Message } from '../raft/types';

/** A timer or event in the queue (EventQueue's Scheduled). */
export type TimerSlot = { timeUs: number; seq: number; item: SimEvent };
type Slot = TimerSlot;

interface QueueFields {
	heap: Slot[];
	/** how many of heap's slots are the heap (the rest are stale) */
	heapLen: number;
	/** the queue's timer lanes (EventQueue.pushTimer), FIFO */
	lanes: Slot[][];
	/** per lane, the index of its first timer still queued (the slots before it were popped) */
	laneStart: number[];
	/** where the earliest item is, if the queue knows (a lane's number then changes meaning: forgotten) */
	peeked: number;
	nextSeq: number;
}

/** The queue's plain part (cloned with the rest of the cluster) and the lanes' shared heads. */
export interface PackedQueue {
	/** the heap and each lane's tail: cloned with the rest of the cluster */
	readonly fields: QueueFields;
	/** each lane's head: the timers of settled ops no member holds, shared as they are (never mutate) */
	readonly heads: readonly (readonly Slot[])[];
}

/**
 * The queue split for a checkpoint (the queue itself is left untouched). A timer lane is in time
 * order and each of its timers is set a fixed delay (`delaysUs[lane]`) or more after its op was
 * called, so the timers of the ops that may still change (`live`: pending, or held by a member that
 * finds them by identity) all lie in the lane's tail from (the earliest such call + the delay) on.
 * The head before it is shared by reference, found by a binary search: no walk over the timers.
 */
export function packQueue(queue: object, members: readonly (Member | undefined)[], pending: readonly ClientOp[], delaysUs: readonly number[]): PackedQueue {
	const q = queue as unknown as QueueFields;
	let earliestUs = Infinity;
	const see = (op: ClientOp): void => {
		if (op.callUs < earliestUs) earliestUs = op.callUs;
	};
	for (const op of pending) see(op);
	for (const m of members) {
		if (m === undefined) continue;
		for (const op of m.waiting.values()) see(op);
		for (const op of m.reads.values()) see(op);
		for (const op of m.blocked) see(op);
		for (const r of m.readyReads) see(r.op);
	}
	const heads: Slot[][] = [];
	const tails: Slot[][] = [];
	for (let lane = 0; lane < q.lanes.length; lane++) {
		const l = q.lanes[lane];
		const start = q.laneStart[lane];
		const delay = delaysUs[lane];
		if (delay === undefined) throw new Error(`checkpoint: timer lane ${lane} has no delay`);
		const cut = firstAtOrAfter(l, start, earliestUs + delay);
		heads.push(l.slice(start, cut));
		tails.push(l.slice(cut));
	}
	return { fields: { ...q, heap: q.heap.slice(0, q.heapLen), lanes: tails, laneStart: tails.map(() => 0), peeked: -2 }, heads };
}

/** Puts the lanes' shared heads back in front of a cloned queue's tails. */
export function unpackQueue(fields: object, heads: readonly (readonly Slot[])[]): void {
	const q = fields as QueueFields;
	for (let lane = 0; lane < heads.length; lane++) q.lanes[lane] = heads[lane].concat(q.lanes[lane]);
}

/** The first index from `from` on in a time-ordered lane whose time is at least `timeUs` (the lane's length if none). */
function firstAtOrAfter(lane: readonly Slot[], from: number, timeUs: number): number {
	let lo = from;
	let hi = lane.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (lane[mid].timeUs < timeUs) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The cloned part of a queue (its heap and lanes' tails, before the heads go back in front) made
 * again by object literals of the engine's own shapes, in place: a node as EventQueue makes it,
 * each engine event and outside call as the code that schedules it writes it (same fields, same
 * order). V8 gives objects written by literals with the same fields in the same order one shape,
 * and a structured clone's objects another: the engine's compiled code, which had met the
 * literals', recompiled on meeting the clones at the first seek after a run. An object whose fields
 * are not the ones listed here is kept as the clone made it. `remade` keeps objects shared (a tick
 * event is pushed again and again; the cluster's latest event may be one in the queue).
 */
export function remakeQueue(fields: object, remade: Map<unknown, unknown>): void {
	const q = fields as QueueFields;
	remakeSlots(q.heap, remade);
	for (const l of q.lanes) remakeSlots(l, remade);
}

function remakeSlots(slots: Slot[], remade: Map<unknown, unknown>): void {
	for (let i = 0; i < slots.length; i++) {
		const n = slots[i];
		if (Object.keys(n).length !== 3) continue;
		slots[i] = { timeUs: n.timeUs, seq: n.seq, item: remakeEvent(n.item, remade) };
	}
}

/** An engine event or outside call written as the engine writes it (see remakeQueue), or itself. */
export function remakeEvent<T>(e: T, remade: Map<unknown, unknown>): T {
	const known = remade.get(e);
	if (known !== undefined) return known as T;
	const made = remakeOne(e as unknown as SimEvent | QueuedCall, remade);
	remade.set(e, made);
	return made as T;
}

/** What the calls' queue holds (base.ts OutsideCall, the closures aside: a checkpoint holds none). */
type QueuedCall = { k: 'retire'; node: number } | { k: 'owner'; payload: unknown };

/** A message in flight as raft writes it (makeMessage: every field, in its order), or itself. */
function remakeMessage(m: Message, remade: Map<unknown, unknown>): Message {
	const known = remade.get(m);
	if (known !== undefined) return known as Message;
	const made = Object.keys(m).length === MESSAGE_FIELDS ? Object.assign(makeMessage(m.type, m.from, m.to, m.term), m) : m;
	remade.set(m, made);
	return made;
}

const MESSAGE_FIELDS = Object.keys(makeMessage('app', 0, 0, 0)).length;

function remakeOne(e: SimEvent | QueuedCall, remade: Map<unknown, unknown>): unknown {
	const n = Object.keys(e).length;
	switch (e.k) {
		case 'tick':
			return n === 3 ? { k: 'tick', node: e.node, life: e.life } : e;
		case 'watchMonitor':
			return n === 3 ? { k: 'watchMonitor', node: e.node, life: e.life } : e;
		case 'diskDone':
			return n === 4 ? { k: 'diskDone', node: e.node, life: e.life, w: e.w } : e;
		case 'deliver':
			return n === 4 ? { k: 'deliver', m: remakeMessage(e.m, remade), epoch: e.epoch, life: e.life } : e;
		case 'backendCommit':
			return n === 4 ? { k: 'backendCommit', node: e.node, life: e.life, at: e.at } : e;
		case 'arrive':
			return n === 3 ? { k: 'arrive', op: e.op, life: e.life } : e;
		case 'clientTimeout':
			return n === 2 ? { k: 'clientTimeout', op: e.op } : e;
		case 'serverTimeout':
			return n === 4 ? { k: 'serverTimeout', op: e.op, node: e.node, life: e.life } : e;
		case 'readRetry':
			return n === 5 ? { k: 'readRetry', op: e.op, node: e.node, life: e.life, context: e.context } : e;
		case 'reply':
			return n === 6 ? { k: 'reply', op: e.op, status: e.status, error: e.error, value: e.value, revision: e.revision } : e;
		case 'call':
			return n === 4 ? { k: 'call', label: e.label, w: e.w, reason: e.reason } : e;
		case 'watchArrive':
			return n === 3 ? { k: 'watchArrive', w: e.w, life: e.life } : e;
		case 'watchEvent':
			return n === 3 ? { k: 'watchEvent', w: e.w, ev: e.ev } : e;
		case 'retire':
			return n === 2 ? { k: 'retire', node: e.node } : e;
		case 'owner':
			return n === 2 ? { k: 'owner', payload: e.payload } : e;
		default:
			return e;
	}
}
