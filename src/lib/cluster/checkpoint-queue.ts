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
