import { describe, expect, it } from 'vitest';
import { objectArray, sparseArray } from '../../src/lib/sim/arrays';

describe('arrays made with their kind', () => {
	it('each call gives a new empty array; filling one leaves the next empty', () => {
		const a = objectArray<{ n: number }>();
		a.push({ n: 1 }, { n: 2 });
		const b = objectArray<{ n: number }>();
		expect(a).toEqual([{ n: 1 }, { n: 2 }]);
		expect(b).toEqual([]);
		expect(b).not.toBe(a);
	});

	it('a sparse array takes an index past its end and reads the gaps as undefined', () => {
		const s = sparseArray<number>();
		s[3] = 7;
		expect(s.length).toBe(4);
		expect(s[0]).toBeUndefined();
		expect(s[3]).toBe(7);
		expect(sparseArray<number>()).toHaveLength(0);
	});
});
