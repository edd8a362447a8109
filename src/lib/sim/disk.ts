/**
 * A member's disk as its WAL sees it: every write waits for an fsync of fsyncUs. Writes that arrive
 * while an fsync runs are synced together by the next one (group commit). The disk only computes
 * when a write becomes durable; the cluster decides what is lost when the member crashes.
 */
export class Disk {
	fsyncUs: number;
	/** start and end of the last fsync scheduled */
	private lastStartUs = -1;
	private lastDoneUs = -1;
	fsyncs = 0;

	constructor(fsyncUs: number) {
		this.fsyncUs = fsyncUs;
	}

	/** Submits a write at nowUs; returns when it is durable. */
	submit(nowUs: number): number {
		if (this.lastStartUs > nowUs) return this.lastDoneUs; // join the batch waiting to start
		const start = this.lastDoneUs > nowUs ? this.lastDoneUs : nowUs;
		this.lastStartUs = start;
		this.lastDoneUs = start + this.fsyncUs;
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
