import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grouped } from '../../src/lib/ui/format';

describe('grouped: en-US numbers without ICU', () => {
	it('writes what toLocaleString("en-US") writes', () => {
		for (const n of [0, -0, 1, 12, 999, 1000, 1234.5, 44341, 1_000_000, 0.05, 0.0005, 1.0005, 2.5, -2.5, -1234.5678, 0.15, 1e-7, -1e-7, 123456789.123, NaN, Infinity, -Infinity]) {
			expect(grouped(n), String(n)).toBe(n.toLocaleString('en-US'));
		}
	});

	it('rounds to the fraction digits asked for, as Intl.NumberFormat does', () => {
		const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
		for (const n of [0, 1.25, 1.35, 2.45, 9.95, 19, 190, 1900, 19000, 0.04, 0.05, 99.95]) expect(grouped(n, 1), String(n)).toBe(one.format(n));
		expect(grouped(2.5, 0)).toBe('3');
	});

	it('agrees with Intl on any double up to 1e15', () => {
		const fmt = [0, 1, 2, 3].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));
		fc.assert(
			fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 3 }), (n, d) => grouped(n, d) === fmt[d].format(n)),
			{ seed: 20261206, numRuns: 5000 }
		);
	});
});
