/**
 * Frozen arrays (cluster/chunks.ts): a frozen copy always thaws to exactly the array it was made
 * from, whatever happened to the array since the copy before (appends, a dropped prefix, a
 * rewritten suffix, an element replaced in place), and shares with that copy the chunks that did
 * not change, so a copy costs what changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK, freeze, thaw, type FreezeCost, type Frozen } from '../../src/lib/cluster/chunks';

type Change = { k: 'push'; n: number } | { k: 'drop'; n: number } | { k: 'cut'; n: number } | { k: 'set'; at: number };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
	fc.record({ k: fc.constant('push' as const), n: fc.integer({ min: 0, max: 400 }) }),
	fc.record({ k: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 300 }) }),
	fc.record({ k: fc.constant('cut' as const), n: fc.integer({ min: 0, max: 100 }) }),
	fc.record({ k: fc.constant('set' as const), at: fc.nat() })
);

describe('frozen arrays', () => {
	it('property: every copy thaws to its array, through appends, dropped prefixes, cut suffixes and replaced elements', () => {
		fc.assert(
			fc.property(fc.array(fc.array(changeArb, { maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.boolean(), fc.boolean(), (rounds, withBase, appendOnlyArrays) => {
				let arr: object[] = [];
				let dropped = 0;
				let prev: Frozen | null = null;
				const copies: [Frozen, object[]][] = [];
				for (const round of rounds) {
					for (const c of round) {
						if (c.k === 'push') for (let i = 0; i < c.n; i++) arr.push({});
						else if (c.k === 'drop') {
							const n = Math.min(c.n, arr.length);
							arr = arr.slice(n);
							dropped += n;
						} else if (c.k === 'cut') arr.length = Math.max(0, arr.length - c.n);
						else if (arr.length > 0) arr[c.at % arr.length] = {};
					}
					const cost: FreezeCost = { elements: 0, slots: 0 };
					prev = freeze(arr, prev, cost, { base: withBase ? dropped : undefined, appendOnly: !round.some((c) => c.k === 'set') && appendOnlyArrays });
					copies.push([prev, arr.slice()]);
				}
				// earlier copies are untouched by later ones
				for (const [f, a] of copies) {
					const t = thaw(f);
					expect(t.length).toBe(a.length);
					for (let i = 0; i < a.length; i++) expect(t[i]).toBe(a[i]);
				}
			}),
			{ seed: 9, numRuns: 60 }
		);
	});

	it('a copy of an array that only grew makes anew only its last chunks', () => {
		const arr: object[] = Array.from({ length: 100 * CHUNK + 10 }, () => ({}));
		const first: FreezeCost = { elements: 0, slots: 0 };
		const a = freeze(arr, null, first);
		expect(first.elements).toBe(arr.length);
		for (let i = 0; i < 5; i++) arr.push({});
		const second: FreezeCost = { elements: 0, slots: 0 };
		const b = freeze(arr, a, second);
		expect(second.elements).toBe(15); // the last chunk, 10 + 5 elements
		expect(thaw(b)).toEqual(arr);
	});

	it('a map flattened (key, value pairs) that dropped its oldest keys still shares its chunks', () => {
		const m = new Map<number, object>();
		for (let i = 0; i < 50 * CHUNK; i++) m.set(i, {});
		const flat = (): unknown[] => [...m].flat();
		const a = freeze(flat(), null, { elements: 0, slots: 0 }, { stride: 2 });
		for (let i = 0; i < 3 * CHUNK; i++) m.delete(i);
		const cost: FreezeCost = { elements: 0, slots: 0 };
		const b = freeze(flat(), a, cost, { stride: 2 });
		expect(thaw(b)).toEqual(flat());
		expect(cost.elements).toBeLessThanOrEqual(CHUNK);
	});
});
