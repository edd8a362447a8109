/**
 * The event queue: a binary heap keyed by (timeUs, seq). Events due at the same microsecond run in
 * the order they were scheduled, so a run is a pure function of the seed and the inputs.
 *
 * Timers set a fixed delay ahead (a client's deadline, a member's request timeout) can wait in
 * lanes instead: a lane is a FIFO that stays in (timeUs, seq) order because each timer it takes is
 * due no earlier than the one before (one that would be goes to the heap). Under steady load such
 * timers are nearly all of the queue (1,200 of 1,216 at 100 writes/s), and with them in lanes the
 * heap every other event sifts through holds a dozen. The order events come out in is the same
 * either way: the earliest (timeUs, seq) of the heap's top and the lanes' heads.
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
	/** FIFO lanes of timers, each in (timeUs, seq) order (see pushTimer) */
	private lanes: Scheduled<T>[][] = [];
	/**
	 * Per lane, the index of its first timer still queued: a pop moves it on instead of shifting
	 * the array (Array.prototype.shift on a lane of a thousand timers was 5% of a run), and the
	 * popped slots are cut off in one go once they are half the lane (see dropPopped).
	 */
	private laneStart: number[] = [];
	/**
	 * Where the earliest item is, as peekTimeUs found it (-1 the heap's top, a lane's number, or
	 * UNKNOWN once anything was pushed or popped since): pop then takes it without a second scan.
	 */
	private peeked = UNKNOWN;
	private nextSeq = 0;

	get size(): number {
		let n = this.heapLen;
		for (let i = 0; i < this.lanes.length; i++) n += this.lanes[i].length - this.laneStart[i];
		return n;
	}

	push(timeUs: number, item: T): void {
		this.pushNode({ timeUs, seq: this.nextSeq++, item });
	}

	/**
	 * Schedules a timer in lane `lane` (a small number, one per kind of timer set a fixed delay
	 * ahead). Same order as `push`: a timer due before the lane's last one goes to the heap.
	 */
	pushTimer(lane: number, timeUs: number, item: T): void {
		const node: Scheduled<T> = { timeUs, seq: this.nextSeq++, item };
		this.peeked = UNKNOWN;
		while (this.lanes.length <= lane) {
			this.lanes.push([]);
			this.laneStart.push(0);
		}
		const l = this.lanes[lane];
		if (l.length === this.laneStart[lane] || l[l.length - 1].timeUs <= timeUs) l.push(node);
		else this.pushNode(node);
	}

	private pushNode(node: Scheduled<T>): void {
		this.peeked = UNKNOWN;
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
		for (let i = 0; i < this.lanes.length; i++) {
			const l = this.lanes[i];
			for (let j = this.laneStart[i]; j < l.length; j++) if (test(l[j].item)) return true;
		}
		return false;
	}

	peekTimeUs(): number {
		const heap = this.heap;
		const lanes = this.lanes;
		const starts = this.laneStart;
		// the earliest of the heap's top (-1) and the lanes' heads, by (timeUs, seq), as pop takes it
		let from = -1;
		let best = this.heapLen > 0 ? heap[0] : undefined;
		for (let i = 0; i < lanes.length; i++) {
			const l = lanes[i];
			const s = starts[i];
			if (s < l.length && (best === undefined || before(l[s], best))) {
				best = l[s];
				from = i;
			}
		}
		this.peeked = from;
		return best === undefined ? Infinity : best.timeUs;
	}

	/** The next item (undefined when empty); its time is what peekTimeUs said just before. */
	popItem(): T | undefined {
		return this.pop()?.item;
	}

	pop(): Scheduled<T> | undefined {
		if (this.peeked === UNKNOWN) this.peekTimeUs();
		const from = this.peeked;
		this.peeked = UNKNOWN;
		if (from < 0) return this.popHeap();
		const starts = this.laneStart;
		const l = this.lanes[from];
		const s = starts[from];
		const node = l[s];
		starts[from] = s + 1;
		if (s + 1 >= 1024 && (s + 1) * 2 >= l.length) this.dropPopped(from);
		return node;
	}

	/** Cuts a lane's popped slots off (they are half of it or more: each slot is moved once on average). */
	private dropPopped(lane: number): void {
		const l = this.lanes[lane];
		const s = this.laneStart[lane];
		l.copyWithin(0, s);
		l.length -= s;
		this.laneStart[lane] = 0;
	}

	private popHeap(): Scheduled<T> | undefined {
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

/** `peeked` when it is not known where the earliest item is */
const UNKNOWN = -2;

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
	return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}
