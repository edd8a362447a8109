/**
 * The event queue: a binary heap keyed by (timeUs, seq). Events due at the same microsecond run in
 * the order they were scheduled, so a run is a pure function of the seed and the inputs.
 *
 * Every engine event passes through it, so the heap is kept as three parallel arrays (items, times,
 * sequence numbers): no wrapper object an event, and comparisons read numbers only.
 */
export interface Scheduled<T> {
	timeUs: number;
	seq: number;
	item: T;
}

export class EventQueue<T> {
	/** the items, in heap order (times[i] and seqs[i] are item i's key) */
	private heap: T[] = [];
	private times: number[] = [];
	private seqs: number[] = [];
	private nextSeq = 0;

	get size(): number {
		return this.heap.length;
	}

	push(timeUs: number, item: T): void {
		const seq = this.nextSeq++;
		const heap = this.heap;
		const times = this.times;
		const seqs = this.seqs;
		let i = heap.length;
		heap.push(item);
		times.push(timeUs);
		seqs.push(seq);
		// the new item has the highest seq: it rises past every parent due later
		while (i > 0) {
			const parent = (i - 1) >> 1;
			const pt = times[parent];
			if (pt <= timeUs) break;
			heap[i] = heap[parent];
			times[i] = pt;
			seqs[i] = seqs[parent];
			i = parent;
		}
		heap[i] = item;
		times[i] = timeUs;
		seqs[i] = seq;
	}

	/** Whether any scheduled item satisfies `test` (any order). */
	someItem(test: (item: T) => boolean): boolean {
		for (const s of this.heap) if (test(s)) return true;
		return false;
	}

	peekTimeUs(): number {
		return this.heap.length > 0 ? this.times[0] : Infinity;
	}

	/** The next item with its time and sequence number (undefined when empty). */
	pop(): Scheduled<T> | undefined {
		if (this.heap.length === 0) return undefined;
		const timeUs = this.times[0];
		const seq = this.seqs[0];
		return { timeUs, seq, item: this.popItem() as T };
	}

	/** The next item (undefined when empty); its time is what peekTimeUs said just before. */
	popItem(): T | undefined {
		const heap = this.heap;
		const n = heap.length - 1;
		if (n < 0) return undefined;
		const times = this.times;
		const seqs = this.seqs;
		const top = heap[0];
		const last = heap.pop() as T;
		const lt = times.pop() as number;
		const ls = seqs.pop() as number;
		if (n > 0) {
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				let child = l;
				if (r < n) {
					const rt = times[r];
					const lt2 = times[l];
					if (rt < lt2 || (rt === lt2 && seqs[r] < seqs[l])) child = r;
				}
				const ct = times[child];
				if (!(ct < lt || (ct === lt && seqs[child] < ls))) break;
				heap[i] = heap[child];
				times[i] = ct;
				seqs[i] = seqs[child];
				i = child;
			}
			heap[i] = last;
			times[i] = lt;
			seqs[i] = ls;
		}
		return top;
	}
}
