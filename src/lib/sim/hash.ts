/**
 * A running 64-bit digest of the event trace (two 32-bit FNV-1a style lanes). Each traced event
 * feeds a handful of integers; the digest is the report's traceHash. Nothing is stored, so the
 * trace stays bounded however long the run.
 *
 * Every engine event feeds it, so it is written for speed: the lanes stay in locals while an
 * event's integers are mixed in (the digest is the same as feeding each integer through `add`).
 */
export class TraceHash {
	private h1 = 0x811c9dc5;
	private h2 = 0x01000193 ^ 0x5bd1e995;
	count = 0;

	add(n: number): void {
		const hi = high(n);
		this.h1 = lane1(this.h1, n, hi);
		this.h2 = lane2(this.h2, n, hi);
	}

	addString(s: string): void {
		this.add(s.length);
		for (let i = 0; i < s.length; i++) this.add(s.charCodeAt(i));
	}

	event(kind: number, timeUs: number, a = 0, b = 0, c = 0, d = 0): void {
		this.count++;
		let h1 = this.h1;
		let h2 = this.h2;
		let hi = high(kind);
		h1 = hi === 0 ? lane1Low(h1, kind) : lane1(h1, kind, hi);
		h2 = lane2(h2, kind, hi);
		hi = high(timeUs);
		h1 = hi === 0 ? lane1Low(h1, timeUs) : lane1(h1, timeUs, hi);
		h2 = lane2(h2, timeUs, hi);
		hi = high(a);
		h1 = hi === 0 ? lane1Low(h1, a) : lane1(h1, a, hi);
		h2 = lane2(h2, a, hi);
		hi = high(b);
		h1 = hi === 0 ? lane1Low(h1, b) : lane1(h1, b, hi);
		h2 = lane2(h2, b, hi);
		hi = high(c);
		h1 = hi === 0 ? lane1Low(h1, c) : lane1(h1, c, hi);
		h2 = lane2(h2, c, hi);
		hi = high(d);
		this.h1 = hi === 0 ? lane1Low(h1, d) : lane1(h1, d, hi);
		this.h2 = lane2(h2, d, hi);
	}

	hex(): string {
		const f = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
		return f(this.h1) + f(this.h2);
	}
}

/**
 * The high 32 bits of an integer up to 2^53 (integers are fed as two 32-bit halves). Most values
 * are small non-negative integers: their high half is 0.
 */
function high(n: number): number {
	return n >= 0 && n < 4294967296 ? 0 : Math.floor(n / 4294967296) >>> 0;
}

// `h ^ n` takes n's low 32 bits (ToInt32), the same bits as `n >>> 0`; the lanes are kept as
// signed 32-bit integers (the same bits as unsigned: hex() reads them unsigned).
function lane1(h: number, n: number, hi: number): number {
	return Math.imul(Math.imul(h ^ n, 0x01000193) ^ hi, 0x01000193);
}

/**
 * lane1 for a value whose high half is 0: its two multiplications by the prime, one after the
 * other, are one multiplication by the prime squared (mod 2^32), so the same bits in half the time.
 */
function lane1Low(h: number, n: number): number {
	return Math.imul(h ^ n, PRIME1_SQUARED);
}

const PRIME1_SQUARED = Math.imul(0x01000193, 0x01000193);

function lane2(h: number, n: number, hi: number): number {
	h = Math.imul(h ^ n, 0x5bd1e995);
	h ^= h >>> 15;
	return Math.imul(h ^ hi, 0x27d4eb2f);
}
