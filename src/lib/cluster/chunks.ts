/**
 * Frozen copies of long arrays that share what did not change with the copy before them, for
 * checkpoints (checkpoint.ts): a checkpoint costs what changed since the previous one, not the
 * whole history, so a run can keep one every few thousand engine events for an hour.
 *
 * An array is cut into chunks of CHUNK elements by absolute position (the position an element had
 * since the array began: an array that drops its oldest elements keeps the others' positions),
 * and the chunks into groups of GROUP chunks: a frozen copy holds its groups. A chunk or a group
 * of the copy before is taken over when it holds exactly the same elements (compared one by one,
 * `===`), so a copy is always exact, whatever the array went through (appends, a dropped prefix, a
 * rewritten suffix, values changed in place); the positions only decide how much is shared.
 *
 * The elements are shared, never copied: they must never change once made (log entries, store
 * events and records, the checker's records, client ops that came back).
 *
 * A chunk whose elements the run has dropped may be packed in place (packed.ts): its array then
 * holds only the packed form, and a thaw unpacks it into new, equal elements.
 */
import { packedOf, unpack, type PackedChunk } from './packed';


/** Elements a chunk holds, and chunks a group holds. */
export const CHUNK = 64;
export const GROUP = 64;

type Chunk = readonly unknown[];

/** An array frozen: `length` elements, the first at absolute position `base`, in groups of chunks. */
export interface Frozen {
	readonly base: number;
	readonly length: number;
	readonly groups: readonly (readonly Chunk[])[];
}

/** What a freeze made anew (its new chunks' elements and its new groups' slots), for memory estimates. */
export interface FreezeCost {
	/** elements in chunks made anew */
	elements: number;
	/** array slots made anew (chunks, groups and the top list) */
	slots: number;
	/** the new chunks' elements' own bytes, by their kind's weight (FreezeOptions.elementBytes) */
	bytes?: number;
}

export const EMPTY_FROZEN: Frozen = { base: 0, length: 0, groups: [] };

/** How to freeze an array (see freeze). */
export interface FreezeOptions {
	/** the absolute position of items[0], when the owner knows it (a raft index, a store revision) */
	base?: number;
	/** 2 for a map's key, value pairs (keys are looked for at even positions when finding the base) */
	stride?: 1 | 2;
	/** what the copy keeps of an element (e.g. null for one that may still change) */
	view?: (x: unknown) => unknown;
	/**
	 * The array only grows at its end, drops its oldest elements, or is cut back and grows again,
	 * and an element is never at two positions: then a chunk whose last element is the same holds
	 * the same elements (checked one by one only when a chunk's view left one out).
	 */
	appendOnly?: boolean;
	/**
	 * Chunks and groups made by the arrays frozen before this one in the same checkpoint that hold
	 * the same kind of elements at the same positions (every member's log and WAL hold the very
	 * same entry objects at a raft index): one this array's own copy before lacks is taken from
	 * there when it holds exactly the same elements, so they are kept once, not once an array.
	 */
	pool?: ChunkPool;
	/** about how many bytes one element takes itself (what a checkpoint keeps alive once the run drops it) */
	elementBytes?: number;
	/** hears every chunk made anew, with its absolute chunk number (k: positions k * CHUNK on) */
	made?: (k: number, chunk: unknown[]) => void;
}

/** Chunks (by absolute chunk number) and groups (by group number) that arrays frozen together may share. */
export interface ChunkPool {
	readonly chunks: Map<number, Chunk[]>;
	readonly groups: Map<number, Chunk[]>;
}

export function chunkPool(): ChunkPool {
	return { chunks: new Map(), groups: new Map() };
}

/**
 * Chunks in which every element is what the view kept and the array's own (none left out), made
 * in this realm: with appendOnly, the last element tells whether such a chunk is still the same.
 */
const whole = new WeakSet<Chunk>();

/** Freezes `items`, sharing chunks and groups with `prev` (the same array frozen before). */
export function freeze(items: readonly unknown[], prev: Frozen | null, cost: FreezeCost, options: FreezeOptions = {}): Frozen {
	const n = items.length;
	if (n === 0) return EMPTY_FROZEN;
	const view = options.view;
	const b = options.base ?? findBase(items, prev, options.stride ?? 1, view);
	const counter = { n: 0 };
	const prevK0 = prev === null ? 0 : Math.floor(prev.base / CHUNK);
	const pool = options.pool;
	const chunks = level(items, b, CHUNK, prev === null ? null : flatChunks(prev), prevK0, counter, view, options.appendOnly === true, pool?.chunks, options.made);
	cost.elements += counter.n;
	if (options.elementBytes !== undefined) cost.bytes = (cost.bytes ?? 0) + counter.n * options.elementBytes;
	counter.n = 0;
	const groups = level(chunks, Math.floor(b / CHUNK), GROUP, prev === null ? null : prev.groups, Math.floor(prevK0 / GROUP), counter, undefined, false, pool?.groups);
	cost.slots += counter.n + groups.length;
	return { base: b, length: n, groups: groups as Chunk[][] };
}

/**
 * The elements of a frozen array, in a new array of its own: its chunks joined by concat, so it is
 * packed and of the elements kind its chunks are (Array.of made each: the kind its values give,
 * as the engine's own arrays have), where an array made by new Array(n) is holey, a kind the
 * engine's compiled code had not met there and recompiled for after a seek.
 */
export function thaw(f: Frozen, unpacked?: Unpacked): unknown[] {
	const chunks = flatChunks(f);
	for (let i = 0; i < chunks.length; i++) {
		const p = packedOf(chunks[i]);
		if (p !== null) chunks[i] = unpackOnce(p, unpacked);
	}
	return joined(chunks);
}

const CONCAT_AT_ONCE = 4_096;

/**
 * Chunks joined by concat into one array with room to grow: a quarter more slots than elements,
 * past its length. An array made to its exact length copies its whole store at its first push
 * (15,000 entries: 1 ms, most of it the write barrier on every slot), and a seek's first engine
 * events pushed onto every member's log, WAL, the ops and the checker's maps: 5-18 ms of a seek.
 * The room is made in the same concat, of copies of the last element (an array of the elements'
 * own kind), and cut off by setting the length, which leaves the store as it is (V8 trims only
 * when more than half of it would be unused) and the array packed.
 */
function joined(chunks: readonly Chunk[]): unknown[] {
	let n = 0;
	for (const c of chunks) n += c.length;
	if (n === 0) return [];
	const last = chunks[chunks.length - 1];
	const room = roomOf(last[last.length - 1], (n >> 2) + 16);
	let out: unknown[] = [];
	// concat takes its arrays as arguments: a few thousand at a time
	for (let i = 0; i < chunks.length; i += CONCAT_AT_ONCE) {
		const some = chunks.slice(i, i + CONCAT_AT_ONCE);
		out = i + CONCAT_AT_ONCE >= chunks.length ? out.concat(...some, room) : out.concat(...some);
	}
	out.length = n;
	return out;
}

/** `n` copies of x, pushed (an array of x's own elements kind). */
function roomOf(x: unknown, n: number): unknown[] {
	const room: unknown[] = [];
	for (let i = 0; i < n; i++) room.push(x);
	return room;
}

/**
 * A frozen array left in its chunks (packed or not), its elements taken as they are needed (one at
 * a time from the front, the newest from the back, or all at once: LazyPrefix); null when it has
 * none. A restore builds no array for the long histories the run appends to and drops from (the
 * client ops, a store's events, the checker's windows) and reads only at their newest end, or now
 * and then whole.
 */
export function lazily(f: Frozen, unpacked?: Unpacked): LazyPrefix | null {
	const chunks = flatChunks(f);
	return chunks.length === 0 ? null : new LazyPrefix(chunks, unpacked);
}

const NO_ELEMENTS: readonly unknown[] = [];

/**
 * The oldest elements of a thawed array, left in the chunks a checkpoint keeps them in (packed or
 * not): `shift` takes the next one (unpacking its chunk when it reaches it), `takeLast` the newest
 * ones (unpacking only the chunks they are in), `rest` all that are left. The elements it gives are
 * those thaw gives, but for those put in place (`putAt`: a pending op a checkpoint clones apart,
 * where its chunk holds null).
 */
export class LazyPrefix {
	/** elements not taken yet: the positions from #taken (counted from the first element) */
	count = 0;
	readonly #chunks: readonly Chunk[];
	/** #starts[k]: the position of chunk k's first element; the last one is how many there were */
	readonly #starts: number[];
	/** the next chunk to open, the one open and the position in it */
	#next = 0;
	#open: readonly unknown[] = NO_ELEMENTS;
	#at = 0;
	/** elements taken from the front so far */
	#taken = 0;
	#put: Map<number, unknown> | null = null;

	/** the restore's unpacked chunks: arrays thawed from the same checkpoint get the same elements */
	readonly #unpacked: Unpacked | undefined;

	constructor(chunks: readonly Chunk[], unpacked?: Unpacked) {
		this.#chunks = chunks;
		this.#unpacked = unpacked;
		const starts = [0];
		let n = 0;
		for (const c of chunks) starts.push((n += packedOf(c)?.n ?? c.length));
		this.#starts = starts;
		this.count = n;
	}

	/** Gives position i (counted from the first element) x instead of the null its chunk holds. */
	putAt(i: number, x: unknown): void {
		(this.#put ??= new Map()).set(i, x);
	}

	shift(): unknown {
		if (this.count <= 0) throw new Error('LazyPrefix: nothing left');
		if (this.#at >= this.#open.length) {
			this.#open = opened(this.#chunks[this.#next++], this.#unpacked);
			this.#at = 0;
		}
		const x = this.#open[this.#at++];
		const i = this.#taken++;
		this.count--;
		return x === null && this.#put !== null && this.#put.has(i) ? this.#put.get(i) : x;
	}

	/** Drops the next n elements (at most count), opening no chunk it passes by whole. */
	drop(n: number): void {
		if (n > this.count) throw new Error('LazyPrefix: fewer elements left than dropped');
		let left = n;
		const inOpen = Math.min(left, this.#open.length - this.#at);
		this.#at += inOpen;
		left -= inOpen;
		while (left > 0) {
			const c = this.#chunks[this.#next++];
			const length = packedOf(c)?.n ?? c.length;
			if (length <= left) left -= length;
			else {
				this.#open = opened(c, this.#unpacked);
				this.#at = left;
				left = 0;
			}
		}
		this.#taken += n;
		this.count -= n;
	}

	/**
	 * The newest n elements left (at most count), in order, in a new array; the others stay lazy.
	 * Only the chunks they are in are opened (a window that asks for an index near its head opens
	 * a chunk or two, not the tens of thousands of records before it).
	 */
	takeLast(n: number): unknown[] {
		if (n > this.count) throw new Error('LazyPrefix: fewer elements left than taken');
		const end = this.#taken + this.count;
		const out = this.#range(end - n, end);
		this.count -= n;
		return out;
	}

	/** The newest n elements left (at most count), in order, in a new array; all stay lazy. */
	peekLast(n: number): unknown[] {
		const k = Math.min(n, this.count);
		const end = this.#taken + this.count;
		return this.#range(end - k, end);
	}

	/** Every element left, in a new array (then none is left). */
	rest(): unknown[] {
		const out = this.#range(this.#taken, this.#taken + this.count);
		this.#taken += out.length;
		this.count = 0;
		this.#next = this.#chunks.length;
		this.#open = NO_ELEMENTS;
		this.#at = 0;
		return out;
	}

	/** The elements at positions start..end-1 (none taken yet), in a new array. */
	#range(start: number, end: number): unknown[] {
		const starts = this.#starts;
		const parts: (readonly unknown[])[] = [];
		if (start < end) {
			let k = 0;
			while (starts[k + 1] <= start) k++;
			for (; k < this.#chunks.length && starts[k] < end; k++) {
				// the chunk open at the front is taken as it is (it may be one a restore did not share)
				const els = k === this.#next - 1 && this.#open !== NO_ELEMENTS ? this.#open : opened(this.#chunks[k], this.#unpacked);
				const from = Math.max(start, starts[k]) - starts[k];
				const to = Math.min(end, starts[k + 1]) - starts[k];
				parts.push(from === 0 && to === els.length ? els : els.slice(from, to));
			}
		}
		let out: unknown[] = [];
		for (let i = 0; i < parts.length; i += CONCAT_AT_ONCE) out = out.concat(...parts.slice(i, i + CONCAT_AT_ONCE));
		if (this.#put !== null)
			for (const [i, x] of this.#put) {
				const j = i - start;
				if (j >= 0 && j < out.length && out[j] === null) out[j] = x;
			}
		return out;
	}
}

/** A chunk's elements: its own, or unpacked when it is packed (once for a restore: unpackOnce). */
function opened(c: Chunk, unpacked: Unpacked | undefined): readonly unknown[] {
	const p = packedOf(c);
	return p === null ? c : unpackOnce(p, unpacked);
}

/**
 * The packed chunks one restore has unpacked (`now`): a chunk several arrays hold (every member's
 * log and WAL) gives them all the same elements, as the run's arrays share theirs. `before`: those
 * the restore before it unpacked, taken again as they are (their elements never change, as a
 * chunk's never do), so seeks close to one another (a drag on the timeline) unpack only what they
 * do not share.
 */
export interface Unpacked {
	readonly now: Map<PackedChunk, unknown[]>;
	readonly before: ReadonlyMap<PackedChunk, unknown[]> | null;
}

export function unpackedAfter(before: ReadonlyMap<PackedChunk, unknown[]> | null): Unpacked {
	return { now: new Map(), before };
}

function unpackOnce(p: PackedChunk, unpacked: Unpacked | undefined): unknown[] {
	let out = unpacked?.now.get(p);
	if (out === undefined) {
		out = unpacked?.before?.get(p) ?? unpack(p);
		unpacked?.now.set(p, out);
	}
	return out;
}

/** Stands for the elements of a packed chunk when looking for the run's own: none of them is one. */
const PACKED = Symbol('packed');

function flatChunks(f: Frozen): Chunk[] {
	const out: Chunk[] = [];
	for (const g of f.groups) for (const c of g) out.push(c);
	return out;
}

/** The element at index i of a frozen array (i < f.length). */
function at(f: Frozen, i: number): unknown {
	const a = f.base + i;
	const k0 = Math.floor(f.base / CHUNK);
	const k = Math.floor(a / CHUNK);
	const j = (a % CHUNK) - (k === k0 ? f.base % CHUNK : 0);
	const g = Math.floor(k / GROUP) - Math.floor(k0 / GROUP);
	const c = (k % GROUP) - (g === 0 ? k0 % GROUP : 0);
	const chunk = f.groups[g][c];
	return packedOf(chunk) === null ? chunk[j] : PACKED;
}

/** Where prev held items[0] (its absolute position), or past prev's end when it held it nowhere. */
function findBase(items: readonly unknown[], prev: Frozen | null, stride: number, view?: (x: unknown) => unknown): number {
	if (prev === null || prev.length === 0) return 0;
	const first = view ? view(items[0]) : items[0];
	const second = stride === 2 ? (view ? view(items[1]) : items[1]) : undefined;
	// the usual case first: nothing dropped
	if (at(prev, 0) === first && (stride === 1 || at(prev, 1) === second)) return prev.base;
	let i = 0;
	for (const g of prev.groups)
		for (const c of g) {
			const p = packedOf(c);
			if (p !== null) {
				// packed: the run dropped these (none is items[0])
				i += p.n;
				continue;
			}
			for (let j = 0; j < c.length; j++, i++) {
				if (c[j] === first && i % stride === 0 && (stride === 1 || i + 1 >= prev.length || at(prev, i + 1) === second)) return prev.base + i;
			}
		}
	return prev.base + prev.length + ((stride - ((prev.base + prev.length) % stride)) % stride);
}

/**
 * Cuts items (absolute position of items[0]: base) into pieces of `size` at multiples of size,
 * taking prev's piece (prev[k - prevFirst] for piece k) when it holds the same elements.
 */
function level(items: readonly unknown[], base: number, size: number, prev: readonly Chunk[] | null, prevFirst: number, counter: { n: number }, view: ((x: unknown) => unknown) | undefined, appendOnly: boolean, pool: Map<number, Chunk[]> | undefined, made?: (k: number, chunk: unknown[]) => void): Chunk[] {
	const n = items.length;
	const out: Chunk[] = [];
	const k0 = Math.floor(base / size);
	const kEnd = Math.floor((base + n - 1) / size);
	next: for (let k = k0; k <= kEnd; k++) {
		const lo = Math.max(0, k * size - base);
		const hi = Math.min(n, (k + 1) * size - base);
		const p = prev === null ? undefined : prev[k - prevFirst];
		if (p !== undefined && p.length === hi - lo) {
			if (appendOnly && whole.has(p) ? p[p.length - 1] === items[hi - 1] : same(p, items, lo, view)) {
				out.push(p);
				continue;
			}
		}
		const shared = pool?.get(k);
		if (shared !== undefined)
			for (const q of shared)
				if (q.length === hi - lo && same(q, items, lo, view)) {
					out.push(q);
					continue next;
				}
		let c = new Array<unknown>(hi - lo);
		let kept = true;
		if (view)
			for (let i = lo; i < hi; i++) {
				const v = view(items[i]);
				if (v !== items[i]) kept = false;
				c[i - lo] = v;
			}
		else for (let i = lo; i < hi; i++) c[i - lo] = items[i];
		c = Reflect.apply(Array.of, null, c) as unknown[]; // packed, of the kind its values give (see thaw)
		if (appendOnly && kept) whole.add(c);
		counter.n += hi - lo;
		made?.(k, c);
		out.push(c);
		if (pool !== undefined) {
			if (shared === undefined) pool.set(k, [c]);
			else shared.push(c);
		}
	}
	return out;
}

function same(p: Chunk, items: readonly unknown[], lo: number, view: ((x: unknown) => unknown) | undefined): boolean {
	// the last element first: an array that only grows, or drops and rewrites a suffix, differs there
	const last = p.length - 1;
	if (p[last] !== (view ? view(items[lo + last]) : items[lo + last])) return false;
	if (view) {
		for (let i = 0; i < last; i++) if (p[i] !== view(items[lo + i])) return false;
	} else for (let i = 0; i < last; i++) if (p[i] !== items[lo + i]) return false;
	return true;
}
