/**
 * Packed chunks: history the run has dropped, kept by checkpoints in a compact form (issue 9).
 *
 * A checkpoint shares its frozen chunks (chunks.ts) with the live run while the run holds their
 * elements; once the run has dropped them (ops past the history limit, log entries compacted,
 * store events trimmed, the checker's records out of its window) only checkpoints keep them alive,
 * and over an hour of load that was most of what checkpoints cost: about 1.4 million objects (an op,
 * an entry and its command, a store event, two checker records a write), some 160 MB by the
 * estimate. So such a chunk is packed in place: its elements are written into columns of 32-bit
 * integers and 64-bit numbers (a typed array each, outside the garbage collector's heap) and a
 * small list of the distinct other values (strings, null, booleans; the run's own string objects,
 * so interned ones stay interned), and the chunk array holds only that. Every checkpoint that holds
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
		readonly ints: Int32Array,
		readonly nums: Float64Array | null,
		readonly values: readonly unknown[]
	) {}
}

/** An int column's value that stands for null (refused as a value) */
const NULL_INT = -2147483648;
/** the row tag of an object (else the values' index of a primitive element: null, undefined) */
const OBJECT = -1;

/** Builds the list of distinct values of one chunk. */
class Values {
	readonly list: unknown[] = [];
	readonly #index = new Map<unknown, number>();
	of(v: unknown): number {
		let i = this.#index.get(v);
		if (i === undefined) {
			i = this.list.length;
			this.list.push(v);
			this.#index.set(v, i);
		}
		return i;
	}
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
	read(ints: Int32Array, r: number, nums: Float64Array | null, values: readonly unknown[]): unknown;
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
	ints: 9,
	nums: 2,
	write(x, ints, r, nums, values) {
		const o = x as Row;
		const at = r * 9;
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
		if (!isPrimitive(o.kind) || !isPrimitive(o.key) || !isPrimitive(o.value) || !isPrimitive(o.serializable) || !isPrimitive(o.status) || !isPrimitive(o.error)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = o.id;
		ints[at + 2] = values.of(o.kind);
		ints[at + 3] = o.node;
		ints[at + 4] = values.of(o.key);
		ints[at + 5] = values.of(o.value);
		ints[at + 6] = values.of(o.serializable);
		ints[at + 7] = values.of(o.status) | (values.of(o.error) << 16);
		ints[at + 8] = revision === null ? NULL_INT : revision;
		nums![r * 2] = callUs;
		nums![r * 2 + 1] = returnUs === null ? NaN : returnUs;
		return values.list.length < 0x8000;
	},
	read(ints, r, nums, values) {
		const at = r * 9;
		if (ints[at] !== OBJECT) return values[ints[at]];
		const se = ints[at + 7];
		const rev = ints[at + 8];
		const ret = nums![r * 2 + 1];
		return {
			id: ints[at + 1],
			kind: values[ints[at + 2]],
			node: ints[at + 3],
			key: values[ints[at + 4]],
			value: values[ints[at + 5]],
			serializable: values[ints[at + 6]],
			callUs: num(nums![r * 2]),
			returnUs: ret !== ret ? null : num(ret),
			status: values[se & 0xffff],
			error: values[se >>> 16],
			revision: rev === NULL_INT ? null : rev
		};
	}
};

const ENTRY_FIELDS = ['term', 'index', 'id', 'cmd'] as const;
/** A command as the raft loop (raft-loop.ts propose) writes it for a put or a delete. */
const COMMAND_FIELDS = ['op', 'key', 'value', 'origin', 'reqId'] as const;

const entryCodec: Codec = {
	ints: 9,
	nums: 0,
	write(x, ints, r, _nums, values) {
		const at = r * 9;
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
		ints[at + 7] = values.of(c.value);
		ints[at + 8] = c.origin;
		// the command's reqId is the op's id, which is the entry's own for every command the raft
		// loop proposes: kept as that (a command whose reqId differs leaves its chunk unpacked)
		return c.reqId === e.id;
	},
	read(ints, r, _nums, values) {
		const at = r * 9;
		if (ints[at] !== OBJECT) return values[ints[at]];
		return {
			term: ints[at + 1],
			index: ints[at + 2],
			id: ints[at + 3],
			cmd:
				ints[at + 4] !== OBJECT
					? values[ints[at + 4]]
					: { op: values[ints[at + 5]], key: values[ints[at + 6]], value: values[ints[at + 7]], origin: ints[at + 8], reqId: ints[at + 3] }
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
	read(ints, r, _nums, values) {
		const at = r * 5;
		if (ints[at] !== OBJECT) return values[ints[at]];
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
	read(ints, r, _nums, values) {
		const at = r * 4;
		if (ints[at] !== OBJECT) return values[ints[at]];
		return { term: ints[at + 1], id: ints[at + 2], node: ints[at + 3] };
	}
};

const EVENT_FIELDS = ['type', 'key', 'value', 'revision'] as const;

/** A store event (store.ts eventOf). */
const eventCodec: Codec = {
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
		if (!hasKeys(o, EVENT_FIELDS) || !isInt(o.revision) || !isPrimitive(o.type) || !isPrimitive(o.key) || !isPrimitive(o.value)) return false;
		ints[at] = OBJECT;
		ints[at + 1] = values.of(o.type) | (values.of(o.key) << 16);
		ints[at + 2] = values.of(o.value);
		ints[at + 3] = o.revision;
		return values.list.length < 0x8000;
	},
	read(ints, r, _nums, values) {
		const at = r * 4;
		if (ints[at] !== OBJECT) return values[ints[at]];
		const tk = ints[at + 1];
		return { type: values[tk & 0xffff], key: values[tk >>> 16], value: values[ints[at + 2]], revision: ints[at + 3] };
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
	for (let r = 0; r < n; r++) if (!codec.write(chunk[r], ints, r, nums, values)) return null;
	return new PackedChunk(kind, n, ints, nums, values.list);
}

/** The elements of a packed chunk, as new objects (a packed array of them). */
export function unpack(p: PackedChunk): unknown[] {
	const { ints, nums, values, n } = p;
	const out: unknown[] = [];
	// a loop a kind, so each read is a call the engine knows (one loop for all took any of six)
	switch (p.kind) {
		case 'ops':
			for (let r = 0; r < n; r++) out.push(opCodec.read(ints, r, nums, values));
			break;
		case 'entries':
			for (let r = 0; r < n; r++) out.push(entryCodec.read(ints, r, nums, values));
			break;
		case 'history':
			for (let r = 0; r < n; r++) out.push(eventCodec.read(ints, r, nums, values));
			break;
		case 'entryAt':
			for (let r = 0; r < n; r++) out.push(entryAtCodec.read(ints, r, nums, values));
			break;
		case 'appliedAt':
			for (let r = 0; r < n; r++) out.push(appliedAtCodec.read(ints, r, nums, values));
			break;
	}
	return out;
}

/** About how many bytes a packed chunk takes (its columns, its values list and the objects around them). */
export function packedBytes(p: PackedChunk): number {
	return 240 + p.ints.byteLength + (p.nums?.byteLength ?? 0) + p.values.length * 8;
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
