/**
 * Empty arrays of the kind V8 will keep them in. V8 starts `[]` as an array of small integers and
 * changes its kind (its map) at the first push of an object, or at the first hole; code the JIT had
 * optimized on arrays that had changed then met a fresh one in the next cluster and was thrown away
 * ("wrong map", "not a Smi"), so each new cluster (a run, a seek's restore, a link opened) ran its
 * first simulated seconds in slower code. These arrays are sliced from a template, which keeps the
 * template's kind: a literal at one shared place would learn from every array made there (V8's
 * allocation sites) and hand out another kind once any of them had a hole.
 */
const OBJECTS: readonly unknown[] = [null];
// eslint-disable-next-line no-sparse-arrays
const WITH_HOLES: readonly unknown[] = [null, , null];

/** An empty array for objects (or a mix of values), filled by push. */
export function objectArray<T>(): T[] {
	return OBJECTS.slice(0, 0) as T[];
}

/** An empty array indexed by member id or another number with gaps (`a[5] = x` on an empty array). */
export function sparseArray<T>(): T[] {
	return WITH_HOLES.slice(0, 0) as T[];
}

/**
 * The oldest elements of an array not made yet (a restore leaves the history the run had dropped
 * packed, cluster/chunks.ts LazyPrefix): how many, and all of them at once when they are needed.
 */
export interface LazyElements {
	/** how many are left */
	readonly count: number;
	/** every one left, in a new array (then none is left) */
	rest(): unknown[];
	/** drops the next n (at most count) without making them */
	drop(n: number): void;
	/** the newest n (at most count), in a new array, the others left as they are */
	takeLast(n: number): unknown[];
}
