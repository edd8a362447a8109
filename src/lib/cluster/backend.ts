/**
 * A member's key-value backend as etcd runs it (mvcc/backend over bbolt): applied writes go into
 * one batch transaction, committed every `intervalUs` (etcd's 100 ms batch interval, a timer
 * reset after each commit) or at once when `limit` writes are pending (etcd's 10,000). A commit
 * makes `syncsPerCommit` syncs on the member's disk (bbolt writes its pages, syncs, writes its
 * meta page, syncs) and holds the batch transaction's lock while it runs: a write applied during
 * a commit waits for the lock, and so does a read (etcd 3.4 takes the read lock too).
 *
 * The store itself (kv/store.ts) changes at once; what the lock delays is when an apply is done
 * and its client answered. Pure arithmetic on times: the cluster schedules the commits.
 */
import type { Disk } from '../sim/disk';
import type { Prng } from '../sim/prng';

export const BACKEND_INTERVAL_US = 100_000;
export const BACKEND_LIMIT = 10_000;
export const BACKEND_SYNCS_PER_COMMIT = 2;
/**
 * A third sync's chance per write in the batch (capped at 1): bbolt syncs again now and then as a
 * batch splits pages and grows the file. Fitted to the facts' commit durations (etcd's
 * backend_commit_duration: 2.2-3.3 x D at D = 10 ms with ~8 writes a batch, 2.0-2.2 x D at 50-100
 * ms with one or two).
 */
export const BACKEND_EXTRA_SYNCS_PER_WRITE = 0.1;
/**
 * The chance that a raft loop with a tick and a Ready both waiting takes the Ready first. Go's
 * select picks at random among ready cases; etcd's Ready is ready at that instant only once raft's
 * node goroutine has built it after Advance, so the tick wins more often than half the time. 0.2
 * gives etcd's measured longest gaps between a slow leader's heartbeats (2-3 x its fsync: 303 ms
 * at 100, 1204 at 400, 3010 at 1000) and its first warnings at a fsync of about 100 ms.
 */
export const LOOP_WORK_FIRST = 0.2;

export interface BackendOptions {
	intervalUs: number;
	limit: number;
	syncsPerCommit: number;
	/** the chance of a third sync grows by this much per write in the batch (bbolt's page splits and file growth); 0: never */
	extraSyncsPerWrite: number;
}

export class Backend {
	/** writes applied since the last commit */
	pending = 0;
	/** bytes those writes carry (what the commit writes to the disk; costs time only on a disk with a bandwidth) */
	pendingBytes = 0;
	/** the lock is held until then (a commit runs) */
	lockedUntilUs = -1;
	/** when the batch timer was last reset (it fires every intervalUs from here while idle) */
	private timerBaseUs: number;
	/** the commit event armed (its time), or -1 */
	armedUs = -1;
	commits = 0;
	/** how long the commits took, summed (for the mean etcd's backend_commit_duration shows) */
	commitUsTotal = 0;
	readonly opts: BackendOptions;

	private readonly prng: Prng | null;

	constructor(nowUs: number, opts: BackendOptions, prng: Prng | null = null) {
		this.timerBaseUs = nowUs;
		this.opts = opts;
		this.prng = prng;
	}

	/** The syncs this commit makes: etcd's two, and now and then a third as the batch grows the file. */
	private syncsFor(pending: number): number {
		const n = this.opts.syncsPerCommit;
		const extra = Math.min(1, this.opts.extraSyncsPerWrite * pending);
		return extra > 0 && this.prng && this.prng.next() < extra ? n + 1 : n;
	}

	/** When an apply that starts at nowUs can take the lock. */
	lockFreeAt(nowUs: number): number {
		return this.lockedUntilUs > nowUs ? this.lockedUntilUs : nowUs;
	}

	/**
	 * `writes` writes were applied at atUs (the time they got the lock). Returns the time the
	 * batch timer must fire (to arm a commit event), -1 when one is armed already, or -2 when the
	 * limit was reached and the caller must commit at atUs.
	 */
	applied(atUs: number, writes: number, bytes = 0): number {
		if (writes <= 0) return -1;
		this.pending += writes;
		this.pendingBytes += bytes;
		if (this.pending >= this.opts.limit) return -2;
		if (this.armedUs >= 0) return -1;
		// the timer keeps firing every interval from its last reset; a commit with nothing pending is skipped
		const iv = this.opts.intervalUs;
		const k = atUs <= this.timerBaseUs ? 1 : Math.ceil((atUs - this.timerBaseUs) / iv);
		let at = this.timerBaseUs + k * iv;
		if (at < atUs) at += iv;
		this.armedUs = at;
		return at;
	}

	/** Commits the batch at nowUs on `disk` (lock held until the syncs are done); returns when it ends. */
	commit(nowUs: number, disk: Disk): number {
		const start = this.lockFreeAt(nowUs);
		let t = start;
		const syncs = this.syncsFor(this.pending);
		// the first sync writes the batch's pages (its bytes), the others the meta page
		for (let i = 0; i < syncs; i++) t = disk.sync(t, i === 0 ? this.pendingBytes : 0);
		this.lockedUntilUs = t;
		this.pending = 0;
		this.pendingBytes = 0;
		this.commits++;
		this.commitUsTotal += t - start;
		// etcd resets the timer once the commit returns
		this.timerBaseUs = t;
		this.armedUs = -1;
		return t;
	}
}
