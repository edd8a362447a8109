/**
 * The event queue in a checkpoint: its heap, cloned with the rest of the cluster (the slots past
 * the heap's length are stale and left out), and made again on restore with the engine's own
 * shapes (remakeQueue).
 */
import type { PendingWrite, SimEvent } from './member';
import { makeReady } from '../raft/core';
import { objectArray } from '../sim/arrays';
import { makeMessage, type Message } from '../raft/types';

/** An event in the queue (EventQueue's Scheduled). */
type Slot = { timeUs: number; seq: number; item: SimEvent };

interface QueueFields {
	heap: Slot[];
	/** how many of heap's slots are the heap (the rest are stale) */
	heapLen: number;
	nextSeq: number;
}

/** The queue's fields for a checkpoint (the queue itself is left untouched): the heap without its stale slots. */
export function packQueue(queue: object): QueueFields {
	const q = queue as unknown as QueueFields;
	return { ...q, heap: q.heap.slice(0, q.heapLen) };
}

/**
 * The cloned part of a queue (its heap) made again by object literals of the engine's own shapes, in place: a node as EventQueue makes it,
 * each engine event and outside call as the code that schedules it writes it (same fields, same
 * order). V8 gives objects written by literals with the same fields in the same order one shape,
 * and a structured clone's objects another: the engine's compiled code, which had met the
 * literals', recompiled on meeting the clones at the first seek after a run. An object whose fields
 * are not the ones listed here is kept as the clone made it. `remade` keeps objects shared (a tick
 * event is pushed again and again; the cluster's latest event may be one in the queue).
 */
export function remakeQueue(fields: object, remade: Map<unknown, unknown>): void {
	remakeSlots((fields as QueueFields).heap, remade);
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

/**
 * A write in flight as the raft loop writes it (raft-loop.ts handleReady), its Ready as raft makes
 * one (makeReady) and the messages a follower sends once it is durable as raft writes them: at the
 * first seek after a run, the clones' shapes threw away the code compiled for the run's ('wrong map'
 * in advance and send).
 */
function remakeWrite(w: PendingWrite, remade: Map<unknown, unknown>): PendingWrite {
	const known = remade.get(w);
	if (known !== undefined) return known as PendingWrite;
	let made = w;
	if (Object.keys(w).length === 4 && Object.keys(w.rd).length === READY_FIELDS) {
		const r = w.rd;
		const rd = Object.assign(makeReady(r.lead, r.role, r.committed, r.notices, r.dropped, r.readStates), r);
		if (r.messages.length > 0) {
			// pushed one by one into a list of objects, as raft's msgs (map would make a holey array)
			const messages = objectArray<Message>();
			for (const m of r.messages) messages.push(remakeMessage(m, remade));
			rd.messages = messages;
		}
		made = { rd, hard: w.hard, sendAfter: w.sendAfter, submittedUs: w.submittedUs };
	}
	remade.set(w, made);
	return made;
}

const READY_FIELDS = Object.keys(makeReady(0, 'follower', 0, [], [], [])).length;

function remakeOne(e: SimEvent | QueuedCall, remade: Map<unknown, unknown>): unknown {
	const n = Object.keys(e).length;
	switch (e.k) {
		case 'tick':
			return n === 3 ? { k: 'tick', node: e.node, life: e.life } : e;
		case 'watchMonitor':
			return n === 3 ? { k: 'watchMonitor', node: e.node, life: e.life } : e;
		case 'diskDone':
			return n === 4 ? { k: 'diskDone', node: e.node, life: e.life, w: remakeWrite(e.w, remade) } : e;
		case 'deliver':
			return n === 4 ? { k: 'deliver', m: remakeMessage(e.m, remade), epoch: e.epoch, life: e.life } : e;
		case 'backendCommit':
			return n === 4 ? { k: 'backendCommit', node: e.node, life: e.life, at: e.at } : e;
		case 'arrive':
			return n === 3 ? { k: 'arrive', op: e.op, life: e.life } : e;
		case 'clientDeadline':
			return n === 1 ? { k: 'clientDeadline' } : e;
		case 'serverDeadline':
			return n === 1 ? { k: 'serverDeadline' } : e;
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
