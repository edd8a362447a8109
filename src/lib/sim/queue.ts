/**
 * The event queue: a binary heap keyed by (timeUs, seq). Events due at the same microsecond run in
 * the order they were scheduled, so a run is a pure function of the seed and the inputs.
 */
export interface Scheduled<T> {
	timeUs: number;
	seq: number;
	item: T;
}

export class EventQueue<T> {
	private heap: Scheduled<T>[] = [];
	private nextSeq = 0;

	get size(): number {
		return this.heap.length;
	}

	push(timeUs: number, item: T): void {
		const node: Scheduled<T> = { timeUs, seq: this.nextSeq++, item };
		const heap = this.heap;
		heap.push(node);
		let i = heap.length - 1;
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
		for (const s of this.heap) if (test(s.item)) return true;
		return false;
	}

	peekTimeUs(): number {
		return this.heap.length > 0 ? this.heap[0].timeUs : Infinity;
	}

	/** The next item (undefined when empty); its time is what peekTimeUs said just before. */
	popItem(): T | undefined {
		return this.pop()?.item;
	}

	pop(): Scheduled<T> | undefined {
		const heap = this.heap;
		if (heap.length === 0) return undefined;
		const top = heap[0];
		const last = heap.pop() as Scheduled<T>;
		if (heap.length > 0) {
			let i = 0;
			const n = heap.length;
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
