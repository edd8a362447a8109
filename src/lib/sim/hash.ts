/**
 * A running 64-bit digest of the event trace (two 32-bit FNV-1a style lanes). Each traced event
 * feeds a handful of integers; the digest is the report's traceHash. Nothing is stored, so the
 * trace stays bounded however long the run.
 */
export class TraceHash {
	private h1 = 0x811c9dc5;
	private h2 = 0x01000193 ^ 0x5bd1e995;
	count = 0;

	add(n: number): void {
		// integers up to 2^53 are fed as two 32-bit halves
		const lo = n >>> 0;
		// most values are small non-negative integers: their high half is 0 (same digest either way)
		const hi = n >= 0 && n < 4294967296 ? 0 : Math.floor(n / 4294967296) >>> 0;
		this.h1 = Math.imul(this.h1 ^ lo, 0x01000193);
		this.h1 = Math.imul(this.h1 ^ hi, 0x01000193);
		this.h2 = Math.imul(this.h2 ^ lo, 0x5bd1e995);
		this.h2 = (this.h2 ^ (this.h2 >>> 15)) >>> 0;
		this.h2 = Math.imul(this.h2 ^ hi, 0x27d4eb2f);
	}

	addString(s: string): void {
		this.add(s.length);
		for (let i = 0; i < s.length; i++) this.add(s.charCodeAt(i));
	}

	event(kind: number, timeUs: number, a = 0, b = 0, c = 0, d = 0): void {
		this.count++;
		this.add(kind);
		this.add(timeUs);
		this.add(a);
		this.add(b);
		this.add(c);
		this.add(d);
	}

	hex(): string {
		const f = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
		return f(this.h1) + f(this.h2);
	}
}
