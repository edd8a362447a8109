/**
 * Packed chunks: history the run has dropped, kept by checkpoints in a compact form (issue 9).
 *
 * A checkpoint shares its frozen chunks (chunks.ts) with the live run while the run holds their
 * elements; once the run has dropped them (ops past the history limit, log entries compacted,
 * store events trimmed, the checker's records out of its window) only checkpoints keep them alive,
 * and over an hour of load that was most of what checkpoints cost: about 1.4 million objects (an op,
 * an entry and its command, a store event, two checker records a write), some 160 MB by the
 * estimate. So such a chunk is packed in place: its elements are written into columns of integers
 * (narrowed to the bytes each column's range needs) and 64-bit numbers (typed arrays, outside the
 * garbage collector's heap), the values each put writes anew joined in one string, and the numbers
 * of the values that recur in a table of them (strings, null, booleans: the run's own string
 * objects, so interned ones stay interned): some ten objects a chunk instead of 64 to 200, and
 * about 10-30 bytes an element instead of 50-180. The chunk array holds only that. Every checkpoint that holds
 * the chunk sees it packed; a restore unpacks it into new objects written by the literals the
 * engine writes (the same fields in the same order, so the same shapes: the code compiled during
 * the run fits them).
 *
 * Packing changes no value: a restore gives equal elements, new objects instead of the run's own
 * (nothing in the engine compares them by identity: messages in flight already hold clones). An
 * element of an unexpected shape (an op with more fields, a command with a size or a membership
 * change, a checker record with a second term at its index) leaves its chunk as it is.
 *
 * Core module: no DOM, no clock, no randomness.
 */

/** The kinds of elements a chunk can be packed for, by the name of the array that holds them. */
export type PackKind = 'ops' | 'entries' | 'history' | 'entryAt' | 'appliedAt';

/** A packed chunk: n elements in columns (see Codec), the only element of its chunk array. */
export class PackedChunk {
	constructor(
		readonly kind: PackKind,
		readonly n: number,
		readonly ints: Columns,
		readonly nums: Float64Array | null,
		/** the chunk's values that are not in the table, one after another (Values.text) */
		readonly text: string
	) {}
}

/**
 * A chunk's integer columns, narrowed: each column its lowest value (`base`) and each row's offset
 * from it in 0 bytes (the column is one value: a term, a member, a tag), 1, 2 or 4, as the column's
 * range needs (an index or an id that grows by one a row: 1 byte). About a fifth of the 32-bit form.
 */
export class Columns {
	constructor(
		readonly cols: number,
		readonly base: Int32Array,
		readonly width: Uint8Array,
		readonly bytes: Uint8Array
	) {}
}

/** Narrows n rows of `cols` 32-bit integers (row by row in `ints`) into Columns. */
function narrow(ints: Int32Array, n: number, cols: number): Columns {
	const base = new Int32Array(cols);
	const width = new Uint8Array(cols);
	let size = 0;
	for (let c = 0; c < cols; c++) {
		let lo = Infinity;
		let hi = -Infinity;
		for (let r = 0; r < n; r++) {
			const v = ints[r * cols + c];
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		const range = n === 0 ? 0 : hi - lo;
		base[c] = n === 0 ? 0 : lo;
		width[c] = range === 0 ? 0 : range < 0x100 ? 1 : range < 0x10000 ? 2 : 4;
		size += width[c] * n;
	}
	const bytes = new Uint8Array(size);
	let o = 0;
	for (let c = 0; c < cols; c++) {
		const w = width[c];
		if (w === 0) continue;
		const b = base[c];
		for (let r = 0; r < n; r++) {
			const d = (ints[r * cols + c] - b) >>> 0;
			bytes[o++] = d & 0xff;
			if (w === 1) continue;
			bytes[o++] = (d >>> 8) & 0xff;
			if (w === 2) continue;
			bytes[o++] = (d >>> 16) & 0xff;
			bytes[o++] = d >>> 24;
		}
	}
	return new Columns(cols, base, width, bytes);
}

/** The integers again, row by row, in a scratch array (valid until the next call). */
function widen(k: Columns, n: number): Int32Array {
	const cols = k.cols;
	if (scratch.length < n * cols) scratch = new Int32Array(n * cols);
	const ints = scratch;
	const bytes = k.bytes;
	let o = 0;
	for (let c = 0; c < cols; c++) {
		const w = k.width[c];
		const b = k.base[c];
		if (w === 0) for (let r = 0; r < n; r++) ints[r * cols + c] = b;
		else if (w === 1) for (let r = 0; r < n; r++) ints[r * cols + c] = b + bytes[o++];
		else if (w === 2)
			for (let r = 0; r < n; r++) {
				ints[r * cols + c] = b + (bytes[o] | (bytes[o + 1] << 8));
				o += 2;
			}
		else
			for (let r = 0; r < n; r++) {
				ints[r * cols + c] = (b + (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24))) | 0;
				o += 4;
			}
	}
	return ints;
}

let scratch = new Int32Array(64 * 16);

/** An int column's value that stands for null (refused as a value) */
const NULL_INT = -2147483648;
/** the row tag of an object (else the table's number of a primitive element: null, undefined) */
const OBJECT = -1;

/**
 * The values packed chunks name by number: strings that recur (an op's kind and status, a key, an
 * error), null, undefined, booleans; the run's own string objects, so interned ones stay interned.
 * One table for every chunk (a few hundred values in a run, at most TABLE_MAX: a value past it
 * leaves its chunk unpacked). A value each put writes anew (the value itself) goes in the chunk's
 * text instead (Values.text).
 */
const TABLE: unknown[] = [];
const TABLE_INDEX = new Map<unknown, number>();
const TABLE_MAX = 0x8000;

/** What a chunk being packed writes besides its columns: values named from the table, and its text. */
class Values {
	readonly #parts: string[] = [];
	#length = 0;
	/** a value from the table missing and the table full */
	full = false;
	/** the table's number for v (added if new) */
	of(v: unknown): number {
		let i = TABLE_INDEX.get(v);
		if (i === undefined) {
			if (TABLE.length >= TABLE_MAX) {
				this.full = true;
				return 0;
			}
			i = TABLE.length;
			TABLE.push(v);
			TABLE_INDEX.set(v, i);
		}
		return i;
	}
	/** writes s (or null) at ints[at] (its start in the chunk's text, -1 for null) and ints[at + 1] (its length) */
	text(s: string | null, ints: Int32Array, at: number): void {
		if (s === null) {
			ints[at] = -1;
			ints[at + 1] = 0;
			return;
		}
		ints[at] = this.#length;
		ints[at + 1] = s.length;
		this.#parts.push(s);
		this.#length += s.length;
	}
	joined(): string {
		return this.#parts.join('');
	}
}

/** The string (or null) Values.text wrote at ints[at]. */
function textAt(text: string, ints: Int32Array, at: number): string | null {
	const start = ints[at];
	return start < 0 ? null : text.slice(start, start + ints[at + 1]);
}

function isInt(x: unknown): x is number {
	return typeof x === 'number' && (x | 0) === x && x !== NULL_INT && !Object.is(x, -0);
}

function isPrimitive(x: unknown): boolean {
	return x === null || x === undefined || typeof x === 'string' || typeof x === 'boolean';
}

/** a number read from a Float64Array as the run holds it: whole ones as small integers */
function num(x: number): number {
	const i = x | 0;
	return i === x && (i !== 0 || 1 / x > 0) ? i : x;
}

/** How one kind's elements are written into columns and read back. */
interface Codec {
	/** int columns a row takes (the row tag first) and number columns */
	readonly ints: number;
	readonly nums: number;
	/** writes x at row r; false when x is not of the shape this codec knows */
	write(x: unknown, ints: Int32Array, r: number, nums: Float64Array | null, values: Values): boolean;
	/** reads row r back as a new object (a literal of the engine's own fields and order) */
	read(ints: Int32Array, r: number, nums: Float64Array | null, text: string): unknown;
}

function hasKeys(x: object, keys: readonly string[]): boolean {
	let i = 0;
	for (const k in x) {
		if (k !== keys[i]) return false;
		i++;
	}
	return i === keys.length;
}

type Row = Record<string, unknown>;

import type { ClientOp } from './types';

/** A client op as newOp (clients.ts) writes it. */
export const OP_FIELDS = ['id', 'kind', 'node', 'key', 'value', 'serializable', 'callUs', 'returnUs', 'status', 'error', 'revision'] as const;

const opCodec: Codec = {
	ints: 10,
	nums: 2,
	write(x, ints, r, nums, values) {
		const o = x as Row;
		const at = r * 10;
		if (x === null || typeof x !== 'object') {
			if (!isPrimitive(x)) return false;
			ints[at] = values.of(x);
			return true;
		}
		if (!hasKeys(o, OP_FIELDS)) return false;
		const revision = o.revision;
		const callUs = o.callUs;
		const returnUs = o.returnUs;
		if (!isInt(o.id) || !isInt(o.node) || !(revision === null || isInt(revision))) return false;
		if (typeof callUs !== 'number' || !(returnUs === null || (typeof returnUs === 'number' && returnUs === returnUs))) return false;
		if (!isPrimitive(o.kind) || !isPrimitive(o.key) || !(o.value === null || typeof o.value === 'string') || !isPrimitive(o.serializable) || !isPrimitive(o.status) || !isPrimitive(o.error)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = o.id;
		ints[at + 2] = values.of(o.kind);
		ints[at + 3] = o.node;
		ints[at + 4] = values.of(o.key);
		values.text(o.value, ints, at + 5);
		ints[at + 7] = values.of(o.serializable);
		ints[at + 8] = values.of(o.status) | (values.of(o.error) << 16);
		ints[at + 9] = revision === null ? NULL_INT : revision;
		nums![r * 2] = callUs;
		nums![r * 2 + 1] = returnUs === null ? NaN : returnUs;
		return true;
	},
	read(ints, r, nums, text) {
		const at = r * 10;
		if (ints[at] !== OBJECT) return TABLE[ints[at]];
		const se = ints[at + 8];
		const rev = ints[at + 9];
		const ret = nums![r * 2 + 1];
		return {
			id: ints[at + 1],
			kind: TABLE[ints[at + 2]],
			node: ints[at + 3],
			key: TABLE[ints[at + 4]],
			value: textAt(text, ints, at + 5),
			serializable: TABLE[ints[at + 7]],
			callUs: num(nums![r * 2]),
			returnUs: ret !== ret ? null : num(ret),
			status: TABLE[se & 0xffff],
			error: TABLE[se >>> 16],
			revision: rev === NULL_INT ? null : rev
		};
	}
};

const ENTRY_FIELDS = ['term', 'index', 'id', 'cmd'] as const;
/** A command as the raft loop (raft-loop.ts propose) writes it for a put or a delete. */
const COMMAND_FIELDS = ['op', 'key', 'value', 'origin', 'reqId'] as const;

const entryCodec: Codec = {
	ints: 10,
	nums: 0,
	write(x, ints, r, _nums, values) {
		const at = r * 10;
		if (x === null || typeof x !== 'object') {
			if (!isPrimitive(x)) return false;
			ints[at] = values.of(x);
			return true;
		}
		const e = x as Row;
		if (!hasKeys(e, ENTRY_FIELDS) || !isInt(e.term) || !isInt(e.index) || !isInt(e.id)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = e.term;
		ints[at + 2] = e.index;
		ints[at + 3] = e.id;
		const c = e.cmd as Row | null;
		if (c === null) {
			ints[at + 4] = values.of(null);
			return true;
		}
		if (typeof c !== 'object' || !hasKeys(c, COMMAND_FIELDS) || !isInt(c.origin) || !isInt(c.reqId)) return false;
		if (typeof c.op !== 'string' || typeof c.key !== 'string' || typeof c.value !== 'string') return false;
		ints[at + 4] = OBJECT;
		ints[at + 5] = values.of(c.op);
		ints[at + 6] = values.of(c.key);
		values.text(c.value, ints, at + 7);
		ints[at + 9] = c.origin;
		// the command's reqId is the op's id, which is the entry's own for every command the raft
		// loop proposes: kept as that (a command whose reqId differs leaves its chunk unpacked)
		return c.reqId === e.id;
	},
	read(ints, r, _nums, text) {
		const at = r * 10;
		if (ints[at] !== OBJECT) return TABLE[ints[at]];
		return {
			term: ints[at + 1],
			index: ints[at + 2],
			id: ints[at + 3],
			cmd:
				ints[at + 4] !== OBJECT
					? TABLE[ints[at + 4]]
					: { op: TABLE[ints[at + 5]], key: TABLE[ints[at + 6]], value: textAt(text, ints, at + 7), origin: ints[at + 9], reqId: ints[at + 3] }
		};
	}
};

const RECORD_FIELDS = ['term', 'id', 'prevTerm', 'node', 'next'] as const;

/** The safety checker's record of an entry seen at an index (safety.ts EntryRecord), with no second one. */
const entryAtCodec: Codec = {
	ints: 5,
	nums: 0,
	write(x, ints, r, _nums, values) {
		const at = r * 5;
		if (x === null || typeof x !== 'object') {
			if (!isPrimitive(x)) return false;
			ints[at] = values.of(x);
			return true;
		}
		const o = x as Row;
		if (!hasKeys(o, RECORD_FIELDS) || o.next !== null || !isInt(o.term) || !isInt(o.id) || !isInt(o.prevTerm) || !isInt(o.node)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = o.term;
		ints[at + 2] = o.id;
		ints[at + 3] = o.prevTerm;
		ints[at + 4] = o.node;
		return true;
	},
	read(ints, r) {
		const at = r * 5;
		if (ints[at] !== OBJECT) return TABLE[ints[at]];
		return { term: ints[at + 1], id: ints[at + 2], prevTerm: ints[at + 3], node: ints[at + 4], next: null };
	}
};

const APPLIED_FIELDS = ['term', 'id', 'node'] as const;

/** The safety checker's record of what was applied at an index. */
const appliedAtCodec: Codec = {
	ints: 4,
	nums: 0,
	write(x, ints, r, _nums, values) {
		const at = r * 4;
		if (x === null || typeof x !== 'object') {
			if (!isPrimitive(x)) return false;
			ints[at] = values.of(x);
			return true;
		}
		const o = x as Row;
		if (!hasKeys(o, APPLIED_FIELDS) || !isInt(o.term) || !isInt(o.id) || !isInt(o.node)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = o.term;
		ints[at + 2] = o.id;
		ints[at + 3] = o.node;
		return true;
	},
	read(ints, r) {
		const at = r * 4;
		if (ints[at] !== OBJECT) return TABLE[ints[at]];
		return { term: ints[at + 1], id: ints[at + 2], node: ints[at + 3] };
	}
};

const EVENT_FIELDS = ['type', 'key', 'value', 'revision'] as const;

/** A store event (store.ts eventOf). */
const eventCodec: Codec = {
	ints: 5,
	nums: 0,
	write(x, ints, r, _nums, values) {
		const at = r * 5;
		if (x === null || typeof x !== 'object') {
			if (!isPrimitive(x)) return false;
			ints[at] = values.of(x);
			return true;
		}
		const o = x as Row;
		if (!hasKeys(o, EVENT_FIELDS) || !isInt(o.revision) || !isPrimitive(o.type) || !isPrimitive(o.key) || !(o.value === null || typeof o.value === 'string')) return false;
		ints[at] = OBJECT;
		ints[at + 1] = values.of(o.type) | (values.of(o.key) << 16);
		values.text(o.value as string | null, ints, at + 2);
		ints[at + 4] = o.revision;
		return true;
	},
	read(ints, r, _nums, text) {
		const at = r * 5;
		if (ints[at] !== OBJECT) return TABLE[ints[at]];
		const tk = ints[at + 1];
		return { type: TABLE[tk & 0xffff], key: TABLE[tk >>> 16], value: textAt(text, ints, at + 2), revision: ints[at + 4] };
	}
};

const CODECS: Record<PackKind, Codec> = { ops: opCodec, entries: entryCodec, history: eventCodec, entryAt: entryAtCodec, appliedAt: appliedAtCodec };

/** The chunk's elements packed, or null when one of them is of a shape its kind's codec does not know. */
export function pack(kind: PackKind, chunk: readonly unknown[]): PackedChunk | null {
	const codec = CODECS[kind];
	const n = chunk.length;
	const ints = new Int32Array(n * codec.ints);
	const nums = codec.nums > 0 ? new Float64Array(n * codec.nums) : null;
	const values = new Values();
	for (let r = 0; r < n; r++) if (!codec.write(chunk[r], ints, r, nums, values) || values.full) return null;
	return new PackedChunk(kind, n, narrow(ints, n, codec.ints), nums, values.joined());
}

/** The elements of a packed chunk, as new objects (a packed array of them). */
export function unpack(p: PackedChunk): unknown[] {
	const { nums, text, n } = p;
	const ints = widen(p.ints, n);
	const out: unknown[] = [];
	// a loop a kind, so each read is a call the engine knows (one loop for all took any of six)
	switch (p.kind) {
		case 'ops':
			for (let r = 0; r < n; r++) out.push(opCodec.read(ints, r, nums, text));
			break;
		case 'entries':
			for (let r = 0; r < n; r++) out.push(entryCodec.read(ints, r, nums, text));
			break;
		case 'history':
			for (let r = 0; r < n; r++) out.push(eventCodec.read(ints, r, nums, text));
			break;
		case 'entryAt':
			for (let r = 0; r < n; r++) out.push(entryAtCodec.read(ints, r, nums, text));
			break;
		case 'appliedAt':
			for (let r = 0; r < n; r++) out.push(appliedAtCodec.read(ints, r, nums, text));
			break;
	}
	return out;
}

/** About how many bytes a packed chunk takes (its columns, its text and the objects around them). */
export function packedBytes(p: PackedChunk): number {
	return 320 + p.ints.bytes.byteLength + (p.nums?.byteLength ?? 0) + p.text.length;
}

/** Whether a chunk array holds a packed chunk (then as its only element). */
export function packedOf(chunk: readonly unknown[]): PackedChunk | null {
	if (chunk.length !== 1) return null;
	const x = chunk[0];
	return x instanceof PackedChunk ? x : null;
}

/**
 * Packs a chunk array in place (every frozen array that holds it sees it packed): the packed
 * chunk's bytes (packedBytes), or null when it stays as it is.
 */
export function packInPlace(kind: PackKind, chunk: unknown[]): number | null {
	if (packedOf(chunk) !== null || chunk.length === 0) return null;
	const p = pack(kind, chunk);
	if (p === null) return null;
	chunk.length = 1;
	chunk[0] = p;
	return packedBytes(p);
}

/**
 * Packs a timeline's chunks once the run has dropped their elements. It hears every chunk the
 * checkpoints make (FreezeOptions.made), by kind and absolute chunk number, and at each checkpoint
 * packs, in place, those of a kind that lie wholly below the lowest position the run still holds
 * of that kind: whichever checkpoints hold them, the older versions of a chunk (made while it
 * filled) included, when its owner allows it (allow: when memory is short). It holds a chunk until it packs it.
 */
export class Packer {
	readonly #heard = new Map<string, { ks: number[]; chunks: (unknown[] | null)[]; start: number; dropped: number }>();
	readonly #hearers = new Map<string, (k: number, chunk: unknown[]) => void>();
	/** the bytes packing freed since the owner last took them (see takeFreed) */
	#freed = 0;
	/**
	 * The elements of the chunks heard that the run has dropped and that are not packed (yet, or
	 * ever: of a shape packing does not know), by the estimate: the checkpoints alone keep them. A
	 * chunk the run still holds costs the checkpoints only its slots.
	 */
	droppedBytes = 0;
	/** chunks packBelow may still pack this round (see allow) */
	#allowed = 0;

	/**
	 * Lets the next packBelow calls pack at most `chunks` chunks between them (0: none; the chunks
	 * heard wait): packing costs a checkpoint a few microseconds a chunk, and a restore of what it
	 * packed unpacks it, so an owner packs only when memory is short, a bounded number at a time.
	 */
	allow(chunks: number): void {
		this.#allowed = chunks;
	}

	/** What a freeze of the arrays known as `key` (their kind) tells (FreezeOptions.made). */
	hear(key: string): (k: number, chunk: unknown[]) => void {
		let h = this.#hearers.get(key);
		if (h === undefined) {
			const list = { ks: [] as number[], chunks: [] as (unknown[] | null)[], start: 0, dropped: 0 };
			this.#heard.set(key, list);
			h = (k, chunk) => {
				list.ks.push(k);
				list.chunks.push(chunk);
			};
			this.#hearers.set(key, h);
		}
		return h;
	}

	/**
	 * Packs the chunks heard under `key` so far whose absolute chunk number is below `kBelow`, in
	 * the order heard (a chunk heard after one not yet below waits for it).
	 */
	packBelow(key: string, kind: PackKind, kBelow: number, elementBytes: number): void {
		const list = this.#heard.get(key);
		if (list === undefined) return;
		// the chunks the run dropped since: counted as the checkpoints' own
		let d = list.dropped;
		while (d < list.ks.length && list.ks[d] < kBelow) this.droppedBytes += list.chunks[d++]!.length * elementBytes;
		list.dropped = d;
		let i = list.start;
		while (i < d && this.#allowed > 0) {
			this.#allowed--;
			const c = list.chunks[i]!;
			const n = c.length;
			const bytes = packInPlace(kind, c);
			if (bytes !== null) {
				// its elements go (the run dropped them), and its slots but one; the packed chunk comes
				this.droppedBytes -= n * elementBytes;
				this.#freed += (n - 1) * 8 - bytes;
			}
			list.chunks[i] = null;
			i++;
		}
		list.start = i;
		if (i >= 4_096 && i * 2 >= list.ks.length) {
			list.ks.splice(0, i);
			list.chunks.splice(0, i);
			list.start = 0;
			list.dropped -= i;
		}
	}

	/** The bytes packing freed in the checkpoints' chunks since the last call (by the estimate; droppedBytes aside). */
	takeFreed(): number {
		const f = this.#freed;
		this.#freed = 0;
		return f;
	}
}
