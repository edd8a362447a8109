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
 * The large parts whose elements never change once made are not cloned but shared, element by
 * element, between the cluster, its checkpoints and the clusters restored from them (a new array or
 * map holds the same elements): log entries (in raft's log and on disk), the store's records and
 * event history, the safety checker's records (a map's entries kept flat, key, value, ...), etcd's
 * log lines, and the client ops that came back.
 * The pending ops are cloned with everything else (replies still change them). That keeps a
 * checkpoint small and quick to take: what it copies is what can still change.
 *
 * A cluster with a closure scheduled (`at`) cannot be checkpointed: `checkpoint()` throws.
 */
import { SafetyChecker } from '../check/safety';
import { KvStore } from '../kv/store';
import { RaftState } from '../raft/core';
import { RaftLog } from '../raft/log';
import type { PersistedLifecycle } from '../raft/node';
import { Disk } from '../sim/disk';
import { TraceHash } from '../sim/hash';
import { Network, Topology } from '../sim/network';
import { Prng } from '../sim/prng';
import { EventQueue } from '../sim/queue';
import { Backend } from './backend';
import type { ClientOp, LogLine } from './types';

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
	/** containers whose elements never change, shared element by element (never mutate these) */
	readonly shared: {
		/** the ops in order: the ones that came back; null where one was pending (cloned in fields.ops with its index) */
		readonly ops: readonly (ClientOp | null)[];
		readonly logs: readonly LogLine[];
		readonly checker: SharedPart;
		readonly members: readonly (SharedMember | null)[];
		/** the queue's idle timers, packed (checkpoint-queue.ts), and the settled ops they point at */
		readonly timers: Float64Array;
		readonly timerOps: readonly ClientOp[];
	};
}

/** Arrays and maps of elements that never change once made (copied shallowly, elements shared). */
export type SharedPart = Record<string, readonly unknown[] | FlatMap>;

/** A map's entries in one array, key, value, key, value... (half the memory of a copied Map). */
export interface FlatMap {
	readonly flat: readonly unknown[];
}

export interface SharedMember {
	kv: SharedPart;
	durable: SharedPart;
	log: SharedPart;
}

/** The safety checker's maps: numbers or records made once, never changed. */
export const CHECKER_SHARED = ['leaderOfTerm', 'entryAt', 'appliedAt', 'commits', 'termOf', 'votes'] as const;
/** The store's records (replaced on each write, never changed) and its event history. */
export const KV_SHARED = ['data', 'history'] as const;
/** Entries on disk and in raft's log. */
export const DURABLE_SHARED = ['entries'] as const;
export const LOG_SHARED = ['entries'] as const;

/**
 * Splits an object's own fields: `cloned` (a shallow copy, the shared fields set to null) and
 * `shared` (a new array or map of each shared field's elements).
 */
export function splitShared(o: object, keys: readonly string[]): { cloned: Record<string, unknown>; shared: SharedPart } {
	const cloned: Record<string, unknown> = { ...o };
	const shared: SharedPart = {};
	for (const k of keys) {
		const v = cloned[k];
		if (Array.isArray(v)) shared[k] = v.slice();
		else if (v instanceof Map) {
			const flat = new Array<unknown>(v.size * 2);
			let i = 0;
			for (const [key, value] of v as Map<unknown, unknown>) {
				flat[i++] = key;
				flat[i++] = value;
			}
			shared[k] = { flat };
		}
		else throw new Error(`checkpoint: ${k} is neither an array nor a map`);
		cloned[k] = null;
	}
	return { cloned, shared };
}

/**
 * About how many bytes a checkpoint adds to the heap: its containers of shared elements (a pointer
 * an array slot, a few words a map entry) and its cloned part (the events in flight, the pending
 * ops, the members' state), by a cheap count rather than a walk. The elements it shares are
 * counted with the cluster that made them.
 */
export function estimateBytes(cp: ClusterCheckpoint): number {
	const part = (p: SharedPart): number => {
		let n = 0;
		for (const v of Object.values(p)) n += Array.isArray(v) ? v.length * 8 : (v as FlatMap).flat.length * 8;
		return n;
	};
	let bytes = 16_384 + cp.shared.ops.length * 8 + cp.shared.logs.length * 8 + part(cp.shared.checker);
	for (const m of cp.shared.members) if (m !== null) bytes += 8_192 + part(m.kv) + part(m.durable) + part(m.log);
	const queue = cp.fields.queue as { heap?: unknown[] } | undefined;
	const calls = cp.fields.calls as { heap?: unknown[] } | undefined;
	bytes += ((queue?.heap?.length ?? 0) - cp.shared.timerOps.length + (calls?.heap?.length ?? 0)) * 300 + (cp.fields.ops as unknown[]).length * 200;
	bytes += cp.shared.timers.byteLength + cp.shared.timerOps.length * 8;
	return bytes;
}

/** How many elements a checkpoint shares (ops, log lines, entries, records, events). */
export function sharedElements(cp: ClusterCheckpoint): number {
	const part = (p: SharedPart): number => {
		let n = 0;
		for (const v of Object.values(p)) n += Array.isArray(v) ? v.length : (v as FlatMap).flat.length / 2;
		return n;
	};
	let n = cp.shared.ops.length + cp.shared.logs.length + part(cp.shared.checker);
	for (const m of cp.shared.members) if (m !== null) n += part(m.kv) + part(m.durable) + part(m.log);
	return n;
}

/** Puts the shared fields back on a cloned object, each in a container of its own. */
export function joinShared(o: unknown, shared: SharedPart): void {
	const t = o as Record<string, unknown>;
	for (const [k, v] of Object.entries(shared)) {
		if (Array.isArray(v)) t[k] = v.slice();
		else {
			const flat = (v as FlatMap).flat;
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
