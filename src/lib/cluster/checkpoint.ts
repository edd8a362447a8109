/**
 * Checkpoints of a whole cluster as plain data, for the timeline's fast seek: restoring one and
 * running on gives the run a straight run gives, event for event (same traceHash, same report).
 *
 * A checkpoint is one structured clone of every field of the cluster: the event queue (its events
 * and outside calls are plain data), every PRNG's state, each member's raft state and log, its
 * lifecycle machine (xstate's persisted snapshot), disks, backend, store, requests, the network
 * with its messages in flight, clients, watches, the safety checker, the trace digest, the logs and
 * counters. One clone keeps every shared object shared (an op waiting at a member and in the
 * history is one object; a member whose WAL and backend share a disk keeps one disk). What the
 * clone cannot hold is left out and rebuilt on restore: class prototypes (set again on the same
 * objects, so sharing survives), the lifecycle actors (xstate's createActor with the persisted
 * snapshot), and the views' listeners (a restored cluster has none; the owner installs its
 * outside-call handler again).
 *
 * The large parts whose elements never change once made are not cloned but frozen in chunks
 * (chunks.ts) that a checkpoint shares with the one taken before it wherever nothing changed, so a
 * checkpoint costs what changed since the last one, not the whole history: log entries (in raft's
 * log and on disk), the store's records and event history, the safety checker's records, etcd's
 * log lines, and the client ops that came back. The snapshots are shared as they are, and so are
 * the timers of settled ops at the head of the queue's timer lanes (checkpoint-queue.ts).
 * The pending ops are cloned with everything else (replies still change them). A restore copies
 * the chunks back into arrays and maps of its own.
 *
 * A cluster with a closure scheduled (`at`) cannot be checkpointed: `checkpoint()` throws.
 */
import { IndexMap } from '../check/index-map';
import { SafetyChecker } from '../check/safety';
import { KvStore } from '../kv/store';
import { RaftState } from '../raft/core';
import { RaftLog } from '../raft/log';
import type { PersistedLifecycle } from '../raft/node';
import type { Snapshot } from '../raft/types';
import { Disk } from '../sim/disk';
import { TraceHash } from '../sim/hash';
import { Network, Topology } from '../sim/network';
import { Prng } from '../sim/prng';
import { EventQueue } from '../sim/queue';
import { Backend } from './backend';
import type { TimerSlot } from './checkpoint-queue';
import { freeze, thaw, type ChunkPool, type FreezeCost, type Frozen } from './chunks';
import type { ClientOp } from './types';

/** A cluster at one moment, as plain data (structuredClone-safe: no closures, no class instances needed). */
export interface ClusterCheckpoint {
	readonly version: 1;
	/** the simulated moment (µs) and the engine events run by then */
	readonly nowUs: number;
	readonly events: number;
	/** the cluster's fields, members aside */
	readonly fields: Record<string, unknown>;
	/** one per member number (index 0 unused): its fields, its raft state and its machine's snapshot */
	readonly members: (CheckpointMember | null)[];
	/** containers whose elements never change, frozen in chunks shared with other checkpoints (never mutate these) */
	readonly shared: {
		/** the ops in order: the ones that came back; null where one was pending (cloned in fields.ops with its index) */
		readonly ops: Frozen;
		readonly logs: Frozen;
		readonly checker: SharedPart;
		readonly members: readonly (SharedMember | null)[];
		/** the heads of the queue's timer lanes: timers of settled ops, shared as they are (checkpoint-queue.ts) */
		readonly lanes: readonly (readonly TimerSlot[])[];
	};
	/** what this checkpoint made anew (the rest it shares with the checkpoint it was taken after) */
	readonly made: FreezeCost;
}

/**
 * Arrays and maps of elements that never change once made, frozen: an array, a Map (as key, value,
 * key, value...) or an IndexMap (its slots; its lowest index and size beside them).
 */
export type SharedPart = Record<string, { readonly frozen: Frozen; readonly kind: 'array' | 'map' | 'index'; readonly base?: number; readonly size?: number }>;

export interface SharedMember {
	kv: SharedPart;
	durable: SharedPart;
	log: SharedPart;
	/** the snapshots on disk, in raft's log and waiting to be applied (never changed once made) */
	snapshots: { durable: Snapshot | null; log: Snapshot | null; pending: Snapshot | null };
}

/** The safety checker's maps: numbers or records made once, never changed. */
export const CHECKER_SHARED = ['leaderOfTerm', 'entryAt', 'appliedAt', 'commits', 'termOf', 'votes'] as const;
/** The store's records (replaced on each write, never changed) and its event history. */
export const KV_SHARED = ['data', 'history'] as const;
/** Entries on disk and in raft's log. */
export const DURABLE_SHARED = ['entries'] as const;
export const LOG_SHARED = ['entries'] as const;

/**
 * About how many bytes an element of each shared array takes itself (Node's heap, 8-byte fields),
 * which checkpoints keep alive once the run has dropped it: a client op (a dozen fields and its
 * value), a log entry and its command (its value shared with the op), etcd's log line, a store
 * event, a key's record (a map's key and value count as two elements), the checker's records.
 * Calibrated on npm run bench (the live heap with the checkpoints less the same run's without, at
 * 60 minutes of the engine load, where most of what they keep the run has dropped).
 */
export const ELEMENT_BYTES: Record<string, number> = {
	ops: 176,
	logs: 160,
	entries: 136,
	history: 56,
	data: 40,
	entryAt: 64,
	appliedAt: 48,
	leaderOfTerm: 8,
	commits: 24,
	termOf: 8,
	votes: 24
};

/**
 * Splits an object's own fields: `cloned` (a shallow copy, the shared fields set to null) and
 * `shared` (each shared field frozen, sharing chunks with `prev`, the same fields frozen at the
 * checkpoint before). `bases`: the absolute position of a field's first element, where known;
 * `appendOnly`: the arrays that only grow, drop their oldest or cut back (see FreezeOptions);
 * `pools`: where a field may share chunks with the same field of other objects (FreezeOptions.pool).
 */
export function splitShared(o: object, keys: readonly string[], prev: SharedPart | null, cost: FreezeCost, bases?: Record<string, number | undefined>, appendOnly: readonly string[] = [], pools?: Record<string, ChunkPool>): { cloned: Record<string, unknown>; shared: SharedPart } {
	const cloned: Record<string, unknown> = { ...o };
	const shared: SharedPart = {};
	for (const k of keys) {
		const v = cloned[k];
		const before = prev?.[k]?.frozen ?? null;
		const elementBytes = ELEMENT_BYTES[k] ?? 0;
		if (Array.isArray(v)) shared[k] = { frozen: freeze(v, before, cost, { base: bases?.[k], appendOnly: appendOnly.includes(k), pool: pools?.[k], elementBytes }), kind: 'array' };
		else if (v instanceof IndexMap) shared[k] = { frozen: freeze(v.slots, before, cost, { base: v.base, elementBytes }), kind: 'index', base: v.base, size: v.size };
		else if (v instanceof Map) {
			const flat = new Array<unknown>(v.size * 2);
			let i = 0;
			for (const [key, value] of v as Map<unknown, unknown>) {
				flat[i++] = key;
				flat[i++] = value;
			}
			shared[k] = { frozen: freeze(flat, before, cost, { stride: 2, elementBytes }), kind: 'map' };
		} else throw new Error(`checkpoint: ${k} is neither an array nor a map`);
		cloned[k] = null;
	}
	return { cloned, shared };
}

/**
 * About how many bytes `made` adds to the heap: its array slots (8 bytes each; a new chunk's
 * elements are counted as slots too) and, for each element in a new chunk, the element itself
 * (made.bytes, by kind: ELEMENT_BYTES; else elementBytes each), which the checkpoint may keep alive
 * after the run has dropped it.
 */
export function madeBytes(made: FreezeCost, elementBytes: number): number {
	return (made.elements + made.slots) * 8 + (made.bytes ?? made.elements * elementBytes);
}

/**
 * What a list of checkpoints holds between them (chunks and groups they share counted once), the
 * way `made` counts one checkpoint's own: for the memory budget after some are dropped.
 */
export function madeTogether(cps: readonly ClusterCheckpoint[]): FreezeCost {
	const seen = new Set<unknown>();
	const cost: FreezeCost = { elements: 0, slots: 0, bytes: 0 };
	const add = (f: Frozen, elementBytes: number): void => {
		cost.slots += f.groups.length;
		for (const g of f.groups) {
			if (seen.has(g)) continue;
			seen.add(g);
			cost.slots += g.length;
			for (const c of g) {
				if (seen.has(c)) continue;
				seen.add(c);
				cost.elements += c.length;
				cost.bytes! += c.length * elementBytes;
			}
		}
	};
	const part = (p: SharedPart): void => {
		for (const [k, v] of Object.entries(p)) add(v.frozen, ELEMENT_BYTES[k] ?? 0);
	};
	for (const cp of cps) {
		add(cp.shared.ops, ELEMENT_BYTES.ops);
		add(cp.shared.logs, ELEMENT_BYTES.logs);
		part(cp.shared.checker);
		for (const m of cp.shared.members) if (m !== null) (part(m.kv), part(m.durable), part(m.log));
	}
	return cost;
}

/**
 * About how many bytes a checkpoint holds of its own, besides its frozen arrays: the timer lanes'
 * shared heads and the cloned part (the other events in the queue, the pending ops, the members' state),
 * by a cheap count rather than a walk.
 */
export function ownBytes(cp: ClusterCheckpoint): number {
	const queue = cp.fields.queue as { heap?: unknown[]; lanes?: unknown[][] } | undefined;
	const calls = cp.fields.calls as { heap?: unknown[]; lanes?: unknown[][] } | undefined;
	// the events cloned as objects: the heap and the lanes' tails
	const slots = (q: { heap?: unknown[]; lanes?: unknown[][] } | undefined): number => {
		let n = q?.heap?.length ?? 0;
		for (const l of q?.lanes ?? []) n += l.length;
		return n;
	};
	let bytes = 4_096 + (slots(queue) + slots(calls)) * 300 + (cp.fields.ops as unknown[]).length * 200;
	// the lanes' heads: a reference each (the timers themselves are the run's, or shared with the checkpoint before)
	for (const l of cp.shared.lanes) bytes += l.length * 8;
	for (const m of cp.members) if (m !== null) bytes += 6_144;
	return bytes;
}

/** Puts the shared fields back on a cloned object, each in a container of its own. */
export function joinShared(o: unknown, shared: SharedPart): void {
	const t = o as Record<string, unknown>;
	for (const [k, v] of Object.entries(shared)) {
		if (v.kind === 'array') t[k] = thaw(v.frozen);
		else if (v.kind === 'index') t[k] = Object.assign(new IndexMap(), { base: v.base, slots: thaw(v.frozen), size: v.size });
		else {
			const flat = thaw(v.frozen);
			const m = new Map<unknown, unknown>();
			for (let i = 0; i < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
			t[k] = m;
		}
	}
}

export interface CheckpointMember {
	fields: Record<string, unknown>;
	raft: Record<string, unknown>;
	lifecycle: PersistedLifecycle;
}

type Obj = Record<string, unknown>;

/** Sets the class of a cloned object (the same object: what shares it keeps sharing it). */
export function revive<T extends object>(o: unknown, proto: { prototype: T }): T {
	if (o === null || typeof o !== 'object') throw new Error('checkpoint: a missing object');
	if (Object.getPrototypeOf(o) !== proto.prototype) Object.setPrototypeOf(o, proto.prototype);
	return o as T;
}

function revivePrngIn(o: Obj, key: string): void {
	if (o[key] !== null && o[key] !== undefined) revive(o[key], Prng);
}

/** The cluster's own class instances, by field (members aside). */
export function reviveClusterFields(f: Obj): void {
	const net = revive(f.network, Network) as unknown as Obj;
	revivePrngIn(net, 'prng');
	revive(net.topology, Topology);
	revive(f.checker, SafetyChecker);
	revive(f.trace, TraceHash);
	revive(f.queue, EventQueue);
	revive(f.calls, EventQueue);
	for (const k of ['prng', 'clientPrng', 'loopPrng', 'cpuPrng']) revivePrngIn(f, k);
}

/** A member's class instances: disks, backend, store; its raft state and log. */
export function reviveMemberFields(m: Obj, raft: Obj): RaftState {
	for (const k of ['disk', 'dataDisk']) {
		const d = revive(m[k], Disk) as unknown as Obj;
		revivePrngIn(d, 'prng');
	}
	if (m.backend !== null) revivePrngIn(revive(m.backend, Backend) as unknown as Obj, 'prng');
	revive(m.kv, KvStore);
	revivePrngIn(raft, 'prng');
	revive(raft.log, RaftLog);
	return revive(raft, RaftState);
}

/** Whether any outside call waiting in `calls` is a closure (then no checkpoint can be taken). */
export function hasClosureCall(calls: EventQueue<{ k: string }>): boolean {
	return calls.someItem((c) => c.k === 'fn');
}
