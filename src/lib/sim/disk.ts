import type { Prng } from './prng';

/**
 * A member's disk as its WAL sees it: every write waits for an fsync of fsyncUs (plus, optionally,
 * a random extra with a long tail, and a cost per entry written). Writes that arrive while an fsync
 * runs are synced together by the next one (group commit). The disk only computes when a write
 * becomes durable; the cluster decides what is lost when the member crashes.
 */
export class Disk {
	fsyncUs: number;
	/** mean extra time per fsync (0: every fsync takes exactly fsyncUs) */
	jitterUs = 0;
	/** cost of each entry in a write */
	usPerEntry = 0;
	private readonly prng: Prng | null;
	/** start and end of the last fsync scheduled */
	private lastStartUs = -1;
	private lastDoneUs = -1;
	fsyncs = 0;

	constructor(fsyncUs: number, prng: Prng | null = null) {
		this.fsyncUs = fsyncUs;
		this.prng = prng;
	}

	/** One fsync's extra time: 90% add 0-1x the mean jitter, 10% add 1-10x (integer arithmetic only). */
	private extraUs(): number {
		if (this.jitterUs <= 0 || !this.prng) return 0;
		const u = this.prng.next();
		const factor = u < 0.9 ? u / 0.9 : 1 + ((u - 0.9) / 0.1) * 9;
		return Math.round(this.jitterUs * factor); // the factor averages 1
	}

	/** Submits a write of `entries` entries at nowUs; returns when it is durable. */
	submit(nowUs: number, entries = 0): number {
		const cost = entries * this.usPerEntry;
		if (this.lastStartUs > nowUs) {
			// join the batch waiting to start: it grows by this write's entries
			this.lastDoneUs += cost;
			return this.lastDoneUs;
		}
		const start = this.lastDoneUs > nowUs ? this.lastDoneUs : nowUs;
		this.lastStartUs = start;
		this.lastDoneUs = start + this.fsyncUs + this.extraUs() + cost;
		this.fsyncs++;
		return this.lastDoneUs;
	}

	/** Whether an fsync is running at nowUs. */
	busy(nowUs: number): boolean {
		return this.lastDoneUs > nowUs;
	}

	/** The process died: whatever it was writing is gone, the device is idle for the next one. */
	reset(): void {
		this.lastStartUs = -1;
		this.lastDoneUs = -1;
	}
}
