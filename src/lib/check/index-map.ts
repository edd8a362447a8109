import { objectArray } from '../sim/arrays';

/**
 * A map from log indexes to records, for the safety checker's sliding windows (entries seen and
 * applied at each index): an array from the lowest index kept, so a checkpoint freezes it as an
 * array (cluster/chunks.ts, sharing what did not change) and a restore copies it back in one pass
 * (a Map of 40,000 entries took milliseconds to walk and to build again).
 *
 * What the checker asks of it: get, set, how many are kept, and drop every index below one.
 * Indexes are whole numbers; a value is never undefined.
 */
export class IndexMap<V> {
	/** the index of slots[0] */
	base = 0;
	/** slots[i]: the value at index base + i (undefined: none), but in [lazyFrom, lazyEnd): see lazy */
	slots: (V | undefined)[] = objectArray();
	/** how many indexes have a value */
	size = 0;
	/**
	 * The values of the indexes from lazyFrom up to lazyEnd, in order, not yet in slots (their
	 * slots hold undefined until then): a restore leaves the oldest part of a window packed as the
	 * checkpoint kept it (cluster/chunks.ts LazyPrefix), and the map takes it when an index there is
	 * asked for, set or dropped. null (and 0, 0): every value is in slots.
	 */
	lazy: LazySlots | null = null;
	lazyFrom = 0;
	lazyEnd = 0;

	get(index: number): V | undefined {
		if (index < this.lazyEnd) this.fill(this.lazyEnd);
		const i = index - this.base;
		return i >= 0 && i < this.slots.length ? this.slots[i] : undefined;
	}

	/** Every value in slots (none left lazy): the map as a straight run holds it. */
	whole(): this {
		if (this.lazy !== null) this.fill(this.lazyEnd);
		return this;
	}

	/** Takes the lazy values of the indexes below `end` into slots. */
	private fill(end: number): void {
		const lazy = this.lazy;
		if (lazy === null) return;
		const slots = this.slots;
		for (let a = this.lazyFrom; a < end; a++) slots[a - this.base] = lazy.shift() as V | undefined;
		this.lazyFrom = end;
		if (end >= this.lazyEnd) {
			this.lazy = null;
			this.lazyFrom = 0;
			this.lazyEnd = 0;
		}
	}

	set(index: number, value: V): void {
		if (index < this.lazyEnd) this.fill(this.lazyEnd);
		if (this.slots.length === 0) this.base = index;
		let i = index - this.base;
		if (i < 0) {
			// an index below the lowest kept (a member far behind): the array grows at the front
			this.slots = (new Array<V | undefined>(-i).fill(undefined) as (V | undefined)[]).concat(this.slots);
			this.base = index;
			i = 0;
		}
		while (this.slots.length < i) this.slots.push(undefined);
		if (this.slots[i] === undefined) this.size++;
		this.slots[i] = value;
	}

	/** Drops every index below `index`. */
	deleteBelow(index: number): void {
		const n = Math.min(this.slots.length, index - this.base);
		if (n <= 0) return;
		if (this.lazyFrom < this.lazyEnd && this.lazyFrom < index) this.fill(Math.min(index, this.lazyEnd));
		for (let i = 0; i < n; i++) if (this.slots[i] !== undefined) this.size--;
		this.slots = this.slots.slice(n);
		this.base += n;
	}
}

/** Values handed out one at a time, oldest first (IndexMap.lazy). */
export interface LazySlots {
	/** how many are left */
	readonly count: number;
	/** the next one */
	shift(): unknown;
}
