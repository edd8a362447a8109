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
	/** slots[i]: the value at index base + i (undefined: none) */
	slots: (V | undefined)[] = objectArray();
	/** how many indexes have a value */
	size = 0;

	get(index: number): V | undefined {
		const i = index - this.base;
		return i >= 0 && i < this.slots.length ? this.slots[i] : undefined;
	}

	set(index: number, value: V): void {
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
		for (let i = 0; i < n; i++) if (this.slots[i] !== undefined) this.size--;
		this.slots = this.slots.slice(n);
		this.base += n;
	}
}
