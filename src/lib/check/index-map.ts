import { objectArray, type LazyElements } from '../sim/arrays';

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
	/** slots[i]: the value at index base + i (undefined: none) */
	slots: (V | undefined)[] = objectArray();
	/** how many indexes have a value (the lazy ones among them) */
	size = 0;
	/**
	 * The values of the indexes from lazyFrom up to lazyEnd (base), in order, not yet in slots: a
	 * restore leaves a window in the checkpoint's chunks (cluster/chunks.ts LazyPrefix). The map
	 * takes those from an index on when that index is asked for or set (the
	 * older ones stay lazy); a window that slides past them drops them unopened. null: every value
	 * is in slots.
	 */
	lazy: LazyElements | null = null;
	/** how many of the lazy values are not undefined (counted in size) */
	lazyDefined = 0;

	/** the first lazy index (0 when none is lazy) */
	get lazyFrom(): number {
		return this.lazy === null ? 0 : this.base - this.lazy.count;
	}

	/** the index after the last lazy one: slots start there (0 when none is lazy) */
	get lazyEnd(): number {
		return this.lazy === null ? 0 : this.base;
	}

	get(index: number): V | undefined {
		if (this.lazy !== null && index < this.base && index >= this.lazyFrom) this.fillFrom(index);
		const i = index - this.base;
		return i >= 0 && i < this.slots.length ? this.slots[i] : undefined;
	}

	/** Every value in slots (none left lazy): the map as a straight run holds it. */
	whole(): this {
		this.fill();
		return this;
	}

	/** Takes the lazy values into slots, before the others. */
	private fill(): void {
		if (this.lazy !== null) this.fillFrom(this.lazyFrom);
	}

	/**
	 * Takes the lazy values from `index` (lazyFrom <= index < lazyEnd) into slots, before the
	 * others; those before it stay lazy. A restored window is asked for indexes near its head (the
	 * members append and apply there), so only the chunks from there on are opened.
	 */
	private fillFrom(index: number): void {
		const lazy = this.lazy;
		if (lazy === null || index >= this.base) return;
		const taken = lazy.takeLast(this.base - index) as (V | undefined)[];
		let defined = 0;
		for (let i = 0; i < taken.length; i++) if (taken[i] !== undefined) defined++;
		this.lazyDefined -= defined;
		this.base = index;
		this.slots = taken.concat(this.slots);
		if (lazy.count === 0) {
			this.lazy = null;
			this.lazyDefined = 0;
		}
	}

	set(index: number, value: V): void {
		if (this.lazy !== null && index < this.base) this.fillFrom(Math.max(index, this.lazyFrom));
		// (while values are lazy, slots start at lazyEnd even when empty)
		if (this.slots.length === 0 && this.lazy === null) this.base = index;
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
		if (this.lazy !== null && index > this.lazyFrom) {
			// those from index on taken, every lazy value before it dropped, none of them made
			if (index < this.base) this.fillFrom(index);
			this.size -= this.lazyDefined;
			this.lazy = null;
			this.lazyDefined = 0;
		}
		const n = Math.min(this.slots.length, index - this.base);
		if (n <= 0) return;
		for (let i = 0; i < n; i++) if (this.slots[i] !== undefined) this.size--;
		this.slots = this.slots.slice(n);
		this.base += n;
	}
}
