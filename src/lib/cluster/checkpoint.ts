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
 * log lines, and the client ops that came back. The snapshots are shared as they are. Once the run
 * has dropped a chunk's elements, only checkpoints keep them: a recording packs the chunk (packed.ts).
 * The pending ops are cloned with everything else (replies still change them). A restore copies
 * the chunks back into arrays and maps of its own.
 *
 * A cluster with a closure scheduled (`at`) cannot be checkpointed: `checkpoint()` throws.
 */
import { IndexMap } from '../check/index-map';
import { objectArray } from '../sim/arrays';
import { SafetyChecker } from '../check/safety';
import { KvStore } from '../kv/store';
import { RaftState, makeProgress, type Progress, type RaftConfig } from '../raft/core';
import { RaftLog } from '../raft/log';
import type { PersistedLifecycle } from '../raft/node';
import type { Snapshot } from '../raft/types';
import { Disk } from '../sim/disk';
import { TraceHash } from '../sim/hash';
import { Network, Topology, type NetworkParams } from '../sim/network';
import { Prng } from '../sim/prng';
import { EventQueue } from '../sim/queue';
import { Backend, type BackendOptions } from './backend';
import { freeze, lazily, thaw, type ChunkPool, type FreezeCost, type Frozen, type Unpacked } from './chunks';
import { OP_FIELDS, packedBytes, packedOf, type PackKind, type Packer } from './packed';
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
		/** the ops in order: the ones that came back; null where one was pending (cloned in fields.opBuffer with its index) */
		readonly ops: Frozen;
		readonly logs: Frozen;
		readonly checker: SharedPart;
		readonly members: readonly (SharedMember | null)[];
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
/**
 * The store's history: left in its chunks until asked for (KvStore.historyLazy), all of it (a
 * restore made each member's 20,000 events into an array again, a fifth of a restore's copying,
 * for a watch from an old revision now and then to read).
 */
export const KV_LAZY: Readonly<Record<string, string>> = { history: 'historyLazy' };
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
export function splitShared(o: object, keys: readonly string[], prev: SharedPart | null, cost: FreezeCost, bases?: Record<string, number | undefined>, appendOnly: readonly string[] = [], pools?: Record<string, ChunkPool>, packer?: Packer): { cloned: Record<string, unknown>; shared: SharedPart } {
	const cloned: Record<string, unknown> = { ...o };
	const shared: SharedPart = {};
	for (const k of keys) {
		const v = cloned[k];
		const before = prev?.[k]?.frozen ?? null;
		const elementBytes = retainedBytes(k);
		const made = packer !== undefined && isPackKind(k) ? packer.hear(k) : undefined;
		if (Array.isArray(v)) shared[k] = { frozen: freeze(v, before, cost, { base: bases?.[k], appendOnly: appendOnly.includes(k), pool: pools?.[k], elementBytes, made }), kind: 'array' };
		else if (v instanceof IndexMap) shared[k] = { frozen: freeze(v.whole().slots, before, cost, { base: v.base, elementBytes, made }), kind: 'index', base: v.base, size: v.size };
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

const PACK_KINDS: readonly string[] = ['ops', 'entries', 'history', 'entryAt', 'appliedAt'] satisfies PackKind[];

function isPackKind(k: string): k is PackKind {
	return PACK_KINDS.includes(k);
}

/**
 * The bytes a checkpoint's chunk keeps alive an element of this kind by, beside its slot: the
 * kinds a recording packs once the run drops them (packed.ts) cost nothing more while the run holds
 * them, and what the run dropped the recording's packer counts (Packer.droppedBytes); the others
 * (the store's records, replaced on each write; etcd's log lines; the checker's small maps) their
 * ELEMENT_BYTES.
 */
export function retainedBytes(k: string): number {
	return isPackKind(k) ? 0 : (ELEMENT_BYTES[k] ?? 0);
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
				const p = packedOf(c);
				if (p !== null) {
					cost.slots += 1;
					cost.bytes! += packedBytes(p);
					continue;
				}
				cost.elements += c.length;
				cost.bytes! += c.length * elementBytes;
			}
		}
	};
	const part = (p: SharedPart): void => {
		for (const [k, v] of Object.entries(p)) add(v.frozen, retainedBytes(k));
	};
	for (const cp of cps) {
		add(cp.shared.ops, retainedBytes('ops'));
		add(cp.shared.logs, retainedBytes('logs'));
		part(cp.shared.checker);
		for (const m of cp.shared.members) if (m !== null) (part(m.kv), part(m.durable), part(m.log));
	}
	return cost;
}

/**
 * About how many bytes a checkpoint holds of its own, besides its frozen arrays: the cloned part
 * (the events in the queue, the pending ops, the requests waiting for a deadline, the members'
 * state), by a cheap count rather than a walk.
 */
export function ownBytes(cp: ClusterCheckpoint): number {
	const slots = (q: unknown): number => (q as { heap?: unknown[] } | undefined)?.heap?.length ?? 0;
	const waiting = (k: string): number => (cp.fields[k] as unknown[] | undefined)?.length ?? 0;
	let bytes = 4_096 + (slots(cp.fields.queue) + slots(cp.fields.calls)) * 300 + (cp.fields.opBuffer as unknown[]).length * 200;
	// a request waiting for its deadline: a reference (the op is a pending one, counted above) and two numbers at most
	bytes += waiting('clientDeadlines') * 8 + waiting('serverDeadlines') * 24;
	for (const m of cp.members) if (m !== null) bytes += 6_144;
	return bytes;
}

/**
 * Puts the shared fields back on a cloned object, each in a container of its own (`unpacked`: see
 * thaw). `lazy`: arrays left whole in their chunks (lazily), by the field that takes them.
 */
export function joinShared(o: unknown, shared: SharedPart, unpacked?: Unpacked, lazy?: Readonly<Record<string, string>>): void {
	const t = o as Record<string, unknown>;
	for (const [k, v] of Object.entries(shared)) {
		const lazyField = lazy?.[k];
		if (v.kind === 'array' && lazyField !== undefined) {
			// an empty list of objects as the engine makes one (see RAFT_OBJECT_LISTS)
			t[k] = objectArray();
			t[lazyField] = lazily(v.frozen, unpacked);
		} else if (v.kind === 'array') t[k] = thaw(v.frozen, unpacked);
		else if (v.kind === 'index') t[k] = lazyIndexMap(v.frozen, v.base ?? 0, v.size ?? 0, unpacked);
		else {
			const flat = thaw(v.frozen, unpacked);
			const m = new Map<unknown, unknown>();
			for (let i = 0; i < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
			t[k] = m;
		}
	}
}

/**
 * An IndexMap as a checkpoint froze it, every value left in the checkpoint's chunks (IndexMap.lazy:
 * the checker's records, some 25,000-40,000 a window), taken from the newest end as far back as an
 * index is asked for: the members append and apply near the head, so a restore opens a chunk or
 * two, not the window (the two windows were a fifth of a restore's copying).
 */
function lazyIndexMap(frozen: Frozen, base: number, size: number, unpacked?: Unpacked): IndexMap<unknown> {
	const lazy = lazily(frozen, unpacked);
	const m = new IndexMap<unknown>();
	m.base = base;
	m.size = size;
	if (lazy === null) return m;
	// every index lazy, the slots (empty) from the one after the last
	m.base = base + lazy.count;
	m.lazy = lazy;
	m.lazyDefined = size;
	return m;
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

/**
 * An instance its class's constructor made (`made`), given the fields of a cloned one. The clone's
 * fields are the constructor-made object's, in the same order, so the instance keeps the map V8
 * gave every instance of the class: the engine's compiled code, made for the objects of a straight
 * run, runs on a restored cluster as it is (a clone given its class by Object.setPrototypeOf has
 * maps of its own, and the hot code met them after a seek, recompiled, fell back, 30-80 ms once).
 */
export function reshape<T extends object>(clone: unknown, made: T): T {
	if (clone === null || typeof clone !== 'object') throw new Error('checkpoint: a missing object');
	return Object.assign(made, clone);
}

/**
 * The clone's arrays made again the way the engine makes its own, in place: appended to an empty
 * array one element after another (holes kept), so each has the elements kind its values give
 * (small integers, numbers or anything; packed unless it has holes), as the engine's arrays do. A
 * structured clone makes every array a holey array of anything, and the engine's compiled code,
 * which had met packed arrays of integers or objects there, recompiled on meeting them (30-80 ms
 * at the first seek after a run). Array.of makes each (an array literal or a store shared by
 * every kind would make them all of the most general kind V8 saw there).
 * Arrays shared inside the clone stay shared. Only plain objects, arrays and maps are walked (the
 * clone holds nothing else yet: classes are given after).
 */
export function canonicalArrays<T>(root: T): T {
	return canonical(root, new Map()) as T;
}

/** Arrays longer than this are made by appending (Array.of takes its elements as arguments). */
const OF_LIMIT = 8_192;

/**
 * A copy of `v` (its elements given as they are) of the kind Array.of gives its arguments: small
 * integers, numbers or anything, packed; holes stay holes (then the kind is holey, as the engine's
 * arrays with holes are).
 */
function arrayLike(v: readonly unknown[]): unknown[] {
	const n = v.length;
	let out: unknown[];
	if (n <= OF_LIMIT) out = Reflect.apply(Array.of, null, v) as unknown[];
	else {
		out = [];
		for (let i = 0; i < n; i++) out.push(v[i]);
	}
	for (let i = 0; i < n; i++) if (!(i in v)) delete out[i];
	return out;
}

function canonical(v: unknown, seen: Map<object, unknown>): unknown {
	if (v === null || typeof v !== 'object') return v;
	const known = seen.get(v);
	if (known !== undefined) return known;
	if (Array.isArray(v)) {
		// the elements first (an array that holds itself is not in a cluster)
		for (let i = 0; i < v.length; i++) {
			const x = v[i];
			if (x !== null && typeof x === 'object') v[i] = canonical(x, seen);
			else if (typeof x === 'number') v[i] = small(x);
		}
		const out = arrayLike(v);
		seen.set(v, out);
		return out;
	}
	if (isPlainOp(v)) {
		const made = opObject(v);
		seen.set(v, made);
		return made;
	}
	seen.set(v, v);
	if (v instanceof Map) {
		for (const [k, x] of v) if (x !== null && typeof x === 'object') v.set(k, canonical(x, seen));
	} else if (Object.getPrototypeOf(v) === Object.prototype) {
		const o = v as Obj;
		for (const k in o) {
			const x = o[k];
			if (x !== null && typeof x === 'object') {
				const y = canonical(x, seen);
				if (y !== x) o[k] = y;
			} else if (typeof x === 'string') {
				if (x.length <= INTERN_MAX) o[k] = intern(x);
			} else if (typeof x === 'number') o[k] = small(x);
		}
	}
	return v;
}

/**
 * A whole number as a small integer where it is one: a structured clone gives back a number the run
 * had boxed (once a double) as a double even when whole, and the engine's code, which had met small
 * integers there, recompiled ("not a Smi").
 */
function small(x: number): number {
	return (x | 0) === x && !Object.is(x, -0) ? x | 0 : x;
}


function isPlainOp(v: object): v is ClientOp {
	if (!('callUs' in v) || !('serializable' in v)) return false;
	const keys = Object.keys(v);
	if (keys.length !== OP_FIELDS.length) return false;
	for (let i = 0; i < keys.length; i++) if (keys[i] !== OP_FIELDS[i]) return false;
	return true;
}

/**
 * A pending op (the checkpoint clones those) written by a literal of newOp's fields and order: the
 * shape of the run's ops (see canonicalArrays). Every reference the walk meets is given this one.
 */
function opObject(o: ClientOp): ClientOp {
	return {
		id: small(o.id),
		kind: intern(o.kind) as ClientOp['kind'],
		node: small(o.node),
		key: o.key.length <= INTERN_MAX ? intern(o.key) : o.key,
		value: o.value !== null && o.value.length <= INTERN_MAX ? intern(o.value) : o.value,
		serializable: o.serializable,
		callUs: small(o.callUs),
		returnUs: o.returnUs === null ? null : small(o.returnUs),
		status: intern(o.status) as ClientOp['status'],
		error: o.error === null ? null : intern(o.error),
		revision: o.revision === null ? null : small(o.revision)
	};
}

/** Strings this short are interned (an op's kind and status, a message's type, an event's kind). */
const INTERN_MAX = 24;
const interned = new Map<string, string>();

/**
 * The string as the engine's code holds it: a structured clone's strings are new copies, not the
 * interned ones the code's literals are, and comparing with them ('pending', a message type in a
 * switch) took a slower path V8 recompiled for. A property name is always interned.
 */
function intern(s: string): string {
	const known = interned.get(s);
	if (known !== undefined) return known;
	if (interned.size >= 4_096) interned.clear();
	const made = Object.keys({ [s]: 0 })[0];
	interned.set(s, made);
	return made;
}

/** A throwaway PRNG for a constructor that needs one (its fields are replaced). */
function scratchPrng(): Prng {
	return new Prng(0);
}

function reshapePrngIn(o: Obj, key: string): void {
	if (o[key] !== null && o[key] !== undefined) o[key] = reshape(o[key], scratchPrng());
}

/** The cluster's own class instances, by field (members aside), made by their constructors. */
export function reviveClusterFields(f: Obj): void {
	const net = f.network as Obj;
	reshapePrngIn(net, 'prng');
	const topology = net.topology as Obj;
	net.topology = reshape(topology, new Topology(topology.size as number, topology.capacity as number));
	f.network = reshape(net, new Network(1, net.params as NetworkParams, scratchPrng()));
	f.checker = reshape(f.checker, new SafetyChecker());
	f.trace = reshape(f.trace, new TraceHash());
	f.queue = reshape(f.queue, new EventQueue());
	f.calls = reshape(f.calls, new EventQueue());
	for (const k of ['prng', 'clientPrng', 'loopPrng', 'cpuPrng']) reshapePrngIn(f, k);
	// the cluster's lists of objects as base.ts makes them, when empty (see RAFT_OBJECT_LISTS)
	for (const k of CLUSTER_OBJECT_LISTS) if (Array.isArray(f[k]) && (f[k] as unknown[]).length === 0) f[k] = objectArray();
}

/** The cluster's fields that are lists of objects (base.ts makes them with objectArray). */
const CLUSTER_OBJECT_LISTS = ['opBuffer', 'leaders', 'leadership', 'logs', 'transitions', 'clientDeadlines', 'serverDeadlines'];

/** A member's class instances, made by their constructors: disks, backend, store; its raft state and log. */
export function reviveMemberFields(m: Obj, raft: Obj): RaftState {
	const disks = new Map<unknown, Disk>();
	for (const k of ['disk', 'dataDisk']) {
		// a member whose WAL and backend share a disk keeps one
		let d = disks.get(m[k]);
		if (d === undefined) {
			const clone = m[k] as Obj;
			reshapePrngIn(clone, 'prng');
			d = reshape(clone, new Disk(0));
			disks.set(m[k], d);
		}
		m[k] = d;
	}
	if (m.backend !== null) {
		const b = m.backend as Obj;
		reshapePrngIn(b, 'prng');
		m.backend = reshape(b, new Backend(0, b.opts as BackendOptions));
	}
	m.kv = reshape(m.kv, new KvStore());
	reshapePrngIn(raft, 'prng');
	raft.log = reshape(raft.log, new RaftLog());
	// raft's lists of objects as raft makes them (an empty one a clone made is an array of small
	// integers, and code compiled on the run's met it at the first push after a seek)
	for (const k of RAFT_OBJECT_LISTS) if ((raft[k] as unknown[]).length === 0) raft[k] = objectArray();
	// a leader's progress records as raft writes them (makeProgress), in their holey array
	const prs = raft.prs as (Progress | undefined)[];
	for (let i = 0; i < prs.length; i++) {
		const p = prs[i];
		if (p !== undefined) prs[i] = makeProgress(p.match, p.next, p.state, p.probeSent, p.inflight, p.recentActive, p.pendingSnapshot);
	}
	return reshape(raft, new RaftState(raft.cfg as RaftConfig, scratchPrng()));
}

/** RaftState's fields that are lists of objects (made by objectArray). */
const RAFT_OBJECT_LISTS = ['readRequests', 'readsAwaitingCommit', 'msgs', 'readStates', 'dropped', 'notices'];

/** Whether any outside call waiting in `calls` is a closure (then no checkpoint can be taken). */
export function hasClosureCall(calls: EventQueue<{ k: string }>): boolean {
	return calls.someItem((c) => c.k === 'fn');
}
