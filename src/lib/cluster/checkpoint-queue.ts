/**
 * The event queue in a checkpoint. Every request leaves two timers in the queue (the client's
 * deadline and the member's request timeout) that stay there, seconds after the reply, until they
 * fall due and find the op settled. At 3,000 writes/s that is 36,000 timers, each pointing at an op
 * that came back long ago. Cloned as objects, they cost a seek or a checkpoint 150-200 ms and clone
 * every settled op they point at (ops the checkpoint otherwise shares).
 *
 * So the timers of settled ops travel packed: their numbers in one Float64Array (copied as one block)
 * and their ops in an array of references (settled ops never change again, so they are shared like
 * the ops list). The heap and the timer lanes keep their layout: a packed timer leaves a hole at its
 * index, filled again on restore, so the restored queue is the same, slot for slot.
 */
import type { ClientOp } from './types';
import type { Member, SimEvent } from './member';

/** index in the heap or lane, time, sequence number, kind (CLIENT or SERVER), where (-1: the heap, else the lane), member, life */
const STRIDE = 7;
const CLIENT = 0;
const SERVER = 1;

type Slot = { timeUs: number; seq: number; item: SimEvent } | null;

interface QueueFields {
	heap: Slot[];
	/** the queue's timer lanes (EventQueue.pushTimer), FIFO */
	lanes: Slot[][];
	nextSeq: number;
}

/** The queue's plain part (cloned with the rest of the cluster) and its packed timers. */
export interface PackedQueue {
	readonly fields: QueueFields;
	/** STRIDE numbers a timer (cloned as one block) */
	readonly timers: Float64Array;
	/** the settled ops the timers point at (shared, never cloned) */
	readonly ops: readonly ClientOp[];
}

/**
 * The queue with its idle timers taken out (the queue itself is left untouched). A member's request
 * timer stays in when the member still holds the op (waiting, blocked, reading): the member finds
 * it by identity, so it must be the member's own copy.
 */
export function packQueue(queue: object, members: readonly (Member | undefined)[]): PackedQueue {
	const q = queue as unknown as QueueFields;
	const held = new Set<number>();
	for (const m of members) {
		if (m === undefined) continue;
		for (const op of m.waiting.values()) held.add(op.id);
		for (const op of m.reads.values()) held.add(op.id);
		for (const op of m.blocked) held.add(op.id);
		for (const r of m.readyReads) held.add(r.op.id);
	}
	const idle = (e: SimEvent): e is IdleTimer => isIdleTimer(e, held);
	const heap = q.heap.slice();
	const lanes = q.lanes.map((l) => l.slice());
	const lists = [heap, ...lanes];
	let n = 0;
	for (const list of lists) for (const s of list) if (s !== null && idle(s.item)) n++;
	const timers = new Float64Array(n * STRIDE);
	const ops: ClientOp[] = new Array<ClientOp>(n);
	let t = 0;
	for (let where = -1; where < lanes.length; where++) {
		const list = lists[where + 1];
		for (let i = 0; i < list.length; i++) {
			const s = list[i];
			if (s === null || !idle(s.item)) continue;
			const e = s.item;
			const o = t * STRIDE;
			timers[o] = i;
			timers[o + 1] = s.timeUs;
			timers[o + 2] = s.seq;
			timers[o + 4] = where;
			if (e.k === 'serverTimeout') {
				timers[o + 3] = SERVER;
				timers[o + 5] = e.node;
				timers[o + 6] = e.life;
			} else timers[o + 3] = CLIENT;
			ops[t++] = e.op;
			list[i] = null;
		}
	}
	return { fields: { ...q, heap, lanes }, timers, ops };
}

/** Puts the packed timers back into a cloned queue's holes. */
export function unpackQueue(fields: object, timers: Float64Array, ops: readonly ClientOp[]): void {
	const q = fields as QueueFields;
	for (let t = 0; t < ops.length; t++) {
		const o = t * STRIDE;
		const op = ops[t];
		const item: SimEvent =
			timers[o + 3] === SERVER ? { k: 'serverTimeout', op, node: timers[o + 5], life: timers[o + 6] } : { k: 'clientTimeout', op };
		const where = timers[o + 4];
		(where < 0 ? q.heap : q.lanes[where])[timers[o]] = { timeUs: timers[o + 1], seq: timers[o + 2], item };
	}
}

type IdleTimer = Extract<SimEvent, { k: 'clientTimeout' | 'serverTimeout' }>;

/** A timer whose op has come back and that no member holds: it changes nothing when it falls due, and its op never changes again. */
function isIdleTimer(e: SimEvent, held: ReadonlySet<number>): e is IdleTimer {
	return (e.k === 'clientTimeout' || e.k === 'serverTimeout') && e.op.status !== 'pending' && !held.has(e.op.id);
}
