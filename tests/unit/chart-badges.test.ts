/**
 * The lab charts' reference lines carry numbered badges at their top (their words stand in a list
 * under the chart): badges that would touch stack, none leaves the plot, lines past it get none.
 */
import { describe, expect, it } from 'vitest';
import { badgePlaces } from '../../src/lib/ui/lab/charts';

describe('badgePlaces', () => {
	it('puts each badge at its line, stacks the ones that would touch, keeps them inside the plot, skips lines outside', () => {
		const places = badgePlaces([100, 110, 300, 600, 105, 1000], 50, 600, 20);
		expect(places[0]).toEqual({ x: 100, y: 31 });
		// 10 px right of the first: a row down; 5 px right of it: a row further (it is placed after both, left to right)
		expect(places[4]!.y).toBeGreaterThan(places[0]!.y);
		expect(places[1]!.y).toBeGreaterThan(places[4]!.y);
		expect(places[2]).toEqual({ x: 300, y: 31 });
		// at the plot's right edge: drawn just inside it
		expect(places[3]!.x).toBeLessThan(600);
		expect(places[5]).toBeNull();
		const drawn = places.filter((p) => p !== null);
		for (const a of drawn) for (const b of drawn) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(18);
	});
});
