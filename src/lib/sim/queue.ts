/**
 * The event queue: a binary heap keyed by (timeUs, seq). Events due at the same microsecond run in
 * the order they were scheduled, so a run is a pure function of the seed and the inputs.
 *
 * It holds only what may happen soon: a request's deadlines, seconds ahead and nearly always
 * cancelled, are not events each but wait in the engine's deadline lists (cluster/clients.ts), so
 * under steady load the heap every event sifts through holds a few dozen.
 */
export interface Scheduled<T> {
	timeUs: number;
	seq: number;
	item: T;
}

export class EventQueue<T> {
	private heap: Scheduled<T>[] = [];
	/**
	 * How many of `heap`'s slots are the heap (the slots past it are stale and overwritten by the
	 * next pushes). The array never shrinks: a heap of a dozen events that pop and push around a
	 * power of two made V8 trim and regrow its backing store again and again (heap.pop() was 5% of
	 * a loaded run).
	 */
	private heapLen = 0;
	private nextSeq = 0;

	get size(): number {
		return this.heapLen;
	}

	push(timeUs: number, item: T): void {
		const node: Scheduled<T> = { timeUs, seq: this.nextSeq++, item };
		const heap = this.heap;
		let i = this.heapLen++;
		if (i === heap.length) heap.push(node);
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(node, heap[parent])) break;
			heap[i] = heap[parent];
			i = parent;
		}
		heap[i] = node;
	}

	/** Whether any scheduled item satisfies `test` (any order). */
	someItem(test: (item: T) => boolean): boolean {
		for (let i = 0; i < this.heapLen; i++) if (test(this.heap[i].item)) return true;
		return false;
	}

	peekTimeUs(): number {
		return this.heapLen > 0 ? this.heap[0].timeUs : Infinity;
	}

	/** The next item (undefined when empty); its time is what peekTimeUs said just before. */
	popItem(): T | undefined {
		return this.pop()?.item;
	}

	pop(): Scheduled<T> | undefined {
		const heap = this.heap;
		if (this.heapLen === 0) return undefined;
		const top = heap[0];
		const n = --this.heapLen;
		const last = heap[n];
		if (n > 0) {
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const child = r < n && before(heap[r], heap[l]) ? r : l;
				if (!before(heap[child], last)) break;
				heap[i] = heap[child];
				i = child;
			}
			heap[i] = last;
		}
		return top;
	}
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
	return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}
