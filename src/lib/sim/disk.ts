import type { Prng } from './prng';

/**
 * The shape of one fsync's spread, as measured on a real disk: fsync times are close to
 * log-normal, and on this project's reference machine (etcd's WAL on an ext4 virtio disk) the p99
 * was about 10x the p50 (p50 1.2 ms, p99 11.9 ms). Knots of a log-normal with p99/p50 = 10
 * (sigma = ln 10 / 2.326 = 0.99), as multiples of the median: [quantile, multiple]. Linear between
 * knots, capped at the last one, so sampling is a table lookup (same numbers in every engine).
 */
const SHAPE: readonly (readonly [number, number])[] = [
	[0, 0.1],
	[0.01, 0.1],
	[0.1, 0.28],
	[0.25, 0.51],
	[0.5, 1],
	[0.75, 1.95],
	[0.9, 3.56],
	[0.95, 5.1],
	[0.99, 10],
	[0.999, 21.4],
	[1, 30]
];

/** The shape's multiple of the median at quantile u (u in [0, 1)). */
export function shapeAt(u: number): number {
	for (let i = 1; i < SHAPE.length; i++) {
		const [q1, x1] = SHAPE[i];
		if (u <= q1) {
			const [q0, x0] = SHAPE[i - 1];
			return x0 + ((u - q0) / (q1 - q0)) * (x1 - x0);
		}
	}
	return SHAPE[SHAPE.length - 1][1];
}

/**
 * One fsync's time at quantile u for a disk whose median fsync is fsyncUs and whose p99 sits tailUs
 * above it: the median plus the spread, scaled so that the shape's p50 maps to 0 and its p99 to
 * tailUs. The spread is additive: slowing a disk by D (etcd-disk-facts.md's strace method) moves
 * every quantile by D and keeps the device's own spread. Never below zero.
 */
export function fsyncAtUs(fsyncUs: number, tailUs: number, u: number): number {
	if (tailUs <= 0) return fsyncUs;
	return Math.max(0, fsyncUs + (tailUs * (shapeAt(u) - 1)) / 9);
}

/**
 * A member's disk. Every sync takes a time drawn from the disk's distribution: the median
 * `fsyncUs`, a tail `tailUs` (p99 minus p50, 0: every sync takes exactly fsyncUs), and the older
 * `jitterUs` (a mean extra with a 10% long tail), plus a cost per entry written. The WAL's writes
 * that arrive while a WAL fsync runs are synced together by the next one (group commit).
 *
 * The backend's commits (etcd's bbolt) sync on the same disk: `sync` takes one sync's time from
 * the same distribution. With `serial` the device does one sync at a time (a real device's queue:
 * a WAL fsync waits behind a backend sync and the other way round); without it the two overlap,
 * as they do when the delay is injected per system call (the facts' method). The WAL can be given
 * its own disk (etcd --wal-dir on another device): then the backend has a Disk of its own.
 *
 * The disk only computes when a write becomes durable; the cluster decides what is lost when the
 * member crashes.
 */
export class Disk {
	fsyncUs: number;
	/** p99 minus p50 of one sync (0: no spread) */
	tailUs = 0;
	/** mean extra time per fsync (0: none): 90% add 0-1x it, 10% add 1-10x */
	jitterUs = 0;
	/** cost of each entry in a write */
	usPerEntry = 0;
	/**
	 * write bandwidth in bytes per µs (= MB/s); 0: unlimited (the bytes cost nothing, the model
	 * before bandwidth). A sync that carries B bytes takes B / bytesPerUs longer.
	 */
	bytesPerUs = 0;
	/** one sync at a time on the device (WAL and backend queue behind each other) */
	serial = false;
	private readonly prng: Prng | null;
	/** start and end of the last WAL fsync scheduled */
	private lastStartUs = -1;
	private lastDoneUs = -1;
	/** when the device is free again (serial only) */
	private deviceFreeUs = -1;
	fsyncs = 0;
	/** syncs made for others than the WAL (the backend's commits) */
	syncs = 0;

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

	/** One sync's time, drawn from the disk's distribution. */
	sampleUs(): number {
		let t = this.fsyncUs;
		if (this.tailUs > 0 && this.prng) t = Math.round(fsyncAtUs(this.fsyncUs, this.tailUs, this.prng.next()));
		return t + this.extraUs();
	}

	/** The time `bytes` bytes take to reach the device (0 with unlimited bandwidth). */
	bytesUs(bytes: number): number {
		return this.bytesPerUs > 0 && bytes > 0 ? bytes / this.bytesPerUs : 0;
	}

	/** Submits a WAL write of `entries` entries (`bytes` bytes in all) at nowUs; returns when it is durable. */
	submit(nowUs: number, entries = 0, bytes = 0): number {
		const cost = entries * this.usPerEntry + this.bytesUs(bytes);
		if (this.lastStartUs > nowUs) {
			// join the batch waiting to start: it grows by this write's entries
			this.lastDoneUs += cost;
			if (this.serial && this.lastDoneUs > this.deviceFreeUs) this.deviceFreeUs = this.lastDoneUs;
			return this.lastDoneUs;
		}
		let start = this.lastDoneUs > nowUs ? this.lastDoneUs : nowUs;
		if (this.serial && this.deviceFreeUs > start) start = this.deviceFreeUs;
		this.lastStartUs = start;
		this.lastDoneUs = start + this.sampleUs() + cost;
		if (this.serial) this.deviceFreeUs = this.lastDoneUs;
		this.fsyncs++;
		return this.lastDoneUs;
	}

	/** One sync for someone else than the WAL (a backend commit, writing `bytes` bytes) starting no earlier than nowUs; returns when it is done. */
	sync(nowUs: number, bytes = 0): number {
		let start = nowUs;
		if (this.serial && this.deviceFreeUs > start) start = this.deviceFreeUs;
		const done = start + this.sampleUs() + this.bytesUs(bytes);
		if (this.serial) this.deviceFreeUs = done;
		this.syncs++;
		return done;
	}

	/** Whether an fsync is running at nowUs. */
	busy(nowUs: number): boolean {
		return this.lastDoneUs > nowUs;
	}

	/** The process died: whatever it was writing is gone, the device is idle for the next one. */
	reset(): void {
		this.lastStartUs = -1;
		this.lastDoneUs = -1;
		this.deviceFreeUs = -1;
	}
}
