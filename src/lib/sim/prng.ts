/**
 * Seeded pseudo-random numbers. Integer arithmetic only (Math.imul, >>>), so the same seed gives
 * the same stream in every JavaScript engine. sfc32 seeded through splitmix32; `fork(label)` derives
 * an independent stream from the same seed (one seed drives everything, TigerBeetle-style).
 */
function splitmix32(state: number): () => number {
	let s = state >>> 0;
	return () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
		return (z ^ (z >>> 16)) >>> 0;
	};
}

export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	readonly seed: number;

	constructor(seed: number) {
		this.seed = seed >>> 0;
		const mix = splitmix32(this.seed);
		this.a = mix();
		this.b = mix();
		this.c = mix();
		this.d = mix();
		for (let i = 0; i < 12; i++) this.nextUint32();
	}

	/**
	 * A uniformly distributed integer in [0, 2^32). The state is kept as signed 32-bit integers
	 * (`| 0`), which the engine stores and adds without boxing a number; every step reads only its
	 * inputs' low 32 bits, so the stream is the same bits as sfc32's unsigned arithmetic (and a state
	 * saved unsigned reads the same).
	 */
	nextUint32(): number {
		const b = this.b;
		const c = this.c;
		const t = (this.a + b + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = b ^ (b >>> 9);
		this.b = (c + (c << 3)) | 0;
		this.c = (((c << 21) | (c >>> 11)) + t) | 0;
		return t >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		return this.nextUint32() / 4294967296;
	}

	/** An integer in [lo, hi). */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo));
	}

	/** true with probability p. */
	chance(p: number): boolean {
		if (p <= 0) return false;
		if (p >= 1) return true;
		return this.next() < p;
	}

	/** An independent stream for one purpose, derived from this stream's seed and a label. */
	fork(label: string): Prng {
		let h = this.seed ^ 0x811c9dc5;
		for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
		return new Prng(h >>> 0);
	}
}
