/**
 * The lab's log axes end on a labelled value (src/lib/ui/lab/charts.ts): niceCeil gives the smallest
 * 1, 2 or 5 times a power of ten at or above a value, isNice says which values the axes label.
 */
import { describe, expect, it } from 'vitest';
import { isNice, niceCeil } from '../../src/lib/ui/lab/charts';

describe('niceCeil and isNice', () => {
	it('rounds up to 1, 2 or 5 times a power of ten', () => {
		expect(niceCeil(450)).toBe(500);
		expect(niceCeil(500)).toBe(500);
		expect(niceCeil(501)).toBe(1000);
		expect(niceCeil(1.2)).toBe(2);
		expect(niceCeil(0.03)).toBe(0.05);
		expect(niceCeil(7000)).toBe(10000);
	});
	it('every value it gives is one the axes label, and never below the input', () => {
		for (let v = 0.011; v < 50_000; v *= 1.37) {
			const c = niceCeil(v);
			expect(c, String(v)).toBeGreaterThanOrEqual(v * (1 - 1e-9));
			expect(c, String(v)).toBeLessThanOrEqual(v * 5);
			expect(isNice(c), `${c} from ${v}`).toBe(true);
		}
	});
	it('labels 1-2-5 values only', () => {
		expect([0.05, 0.1, 1, 2, 5, 20, 500, 1000].every(isNice)).toBe(true);
		expect([0.3, 3, 40, 450, 700].some(isNice)).toBe(false);
	});
});
