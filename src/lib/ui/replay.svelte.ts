/**
 * Replays that never block the page: opening a link and restarting rebuild the cluster from the
 * seed and run it to the moment asked for, which can be millions of engine events; a seek on a
 * stretch already run restores the nearest checkpoint before the moment (back or ahead) and runs
 * the rest, a few thousand.
 * A `SlicedReplay` runs them in slices of a few milliseconds (well under the 50 ms a long task
 * starts at), yielding to the browser between slices so it can paint and answer clicks. After
 * SHOW_AFTER_MS it says how far it got (`visible`, `fraction`); `cancel()` stops where it is, which
 * is a working cluster at an earlier moment.
 *
 * UI only: it reads the wall clock (performance.now) and yields through MessageChannel.
 */

/** What a replay drives: SessionCore's sliced seek. */
export interface ReplayTarget {
	readonly nowMs: number;
	/**
	 * Positions for a trip to atMs (a checkpoint before it, behind the clock or far ahead), in
	 * steps of a few milliseconds (a restore's); the value: true when it restored or rebuilt.
	 * Dropped half-way, it leaves the run where it was.
	 */
	seekSteps(atMs: number): Iterator<void, boolean, void>;
	/** at most maxEvents engine events toward atMs; true when there */
	runSlice(atMs: number, maxEvents: number): boolean;
}

/** Wall time one slice may run (a long task is 50 ms; leave room for the browser's own work). */
export const SLICE_MS = 8;
/** Engine events between two looks at the clock (a few hundred microseconds of work). */
const EVENTS_PER_CHECK = 64;
/**
 * The story views hear the way there at every TELL_EVERY_MS of simulated time: the same moments for
 * every viewer, whatever the machine's speed and wherever its slices end, so a link retells the same
 * narration on every machine (slice ends follow the wall clock; these moments do not).
 */
export const TELL_EVERY_MS = 100;
/** A replay shorter than this shows nothing; a longer one shows its progress and a way to cancel. */
export const SHOW_AFTER_MS = 200;

/** arrived; canceled by the user (show where it got); stopped because another replay took over */
export type ReplayEnd = 'arrived' | 'canceled' | 'stopped';

export class SlicedReplay {
	readonly targetMs: number;
	/** where the run was when the replay began (after a rebuild: the checkpoint's moment, or 0) */
	fromMs: number;
	/** whether it restored a checkpoint or rebuilt the cluster (views start over); known once it began */
	rebuilt = false;
	/** how far it got, 0..1 of the way from fromMs to targetMs */
	fraction = $state(0);
	/** true once it has run longer than SHOW_AFTER_MS: show progress and a cancel button */
	visible = $state(false);
	/** the simulated moment reached so far */
	reachedMs = $state(0);
	/** the tasks the trip has taken so far (the one running counts): positioning and slices */
	tasks = 0;

	readonly #target: ReplayTarget;
	readonly #onEnd: (end: ReplayEnd, replay: SlicedReplay) => void;
	readonly #onSlice: (() => void) | null;
	readonly #onBegin: ((replay: SlicedReplay) => void) | null;
	readonly #startedWall: number;
	#begun = false;
	/** the positioning under way (a restore in steps), until it is done */
	#positioning: Iterator<void, boolean, void> | null = null;
	#done = false;
	#channel: MessageChannel | null = null;
	/** the next simulated moment the story views hear (Infinity: nobody listens) */
	#nextTellMs = Infinity;

	/**
	 * onSlice: at every TELL_EVERY_MS of simulated time on the way, but the end (the views that tell
	 * the story hear the way there); onBegin: once the trip is positioned (`rebuilt` is known).
	 */
	constructor(
		target: ReplayTarget,
		targetMs: number,
		onEnd: (end: ReplayEnd, replay: SlicedReplay) => void,
		onSlice: (() => void) | null = null,
		onBegin: ((replay: SlicedReplay) => void) | null = null
	) {
		this.#target = target;
		this.#onEnd = onEnd;
		this.#onSlice = onSlice;
		this.#onBegin = onBegin;
		this.targetMs = targetMs;
		this.fromMs = target.nowMs;
		this.reachedMs = this.fromMs;
		this.#startedWall = performance.now();
	}

	get done(): boolean {
		return this.#done;
	}

	/** Restoring a checkpoint (or rebuilding), or on its way from one: a trip that has begun and will not go on from the clock. */
	get restoring(): boolean {
		return !this.#done && (this.#positioning !== null || (this.#begun && this.rebuilt));
	}

	/**
	 * Runs the trip in tasks of its own: the first positions it (restoring a checkpoint or
	 * rebuilding if need be) and, when that took no restore, runs the first slice; a restore ends
	 * its task and the slices follow, between frames. Each costs a few milliseconds to tens of them,
	 * and together, inside the frame that asked (a drag on the time bar seeks from an animation
	 * frame, which then paints), they made a long task.
	 */
	start(): void {
		if (typeof MessageChannel === 'undefined') {
			// no event loop to yield to (server-side rendering): nothing to replay in slices
			while (!this.#begin(Infinity));
			while (!this.#target.runSlice(this.targetMs, Infinity));
			this.#finish('arrived');
			return;
		}
		this.#channel = new MessageChannel();
		this.#channel.port1.onmessage = () => this.#slice();
		// the trip begins in a task of its own, out of the caller's (an animation frame that paints
		// next); a newer seek before then takes over and this one never runs
		this.#channel.port2.postMessage(null);
	}

	/** Stops where it is (a working cluster at an earlier moment). */
	cancel(): void {
		if (!this.#done) this.#finish('canceled');
	}

	/** Stops without a word: another replay takes over from here. */
	stop(): void {
		if (!this.#done) this.#finish('stopped');
	}

	/**
	 * Positions the trip (restoring or rebuilding if need be), step by step until the wall clock
	 * reaches `deadline`: true once it is positioned (`rebuilt` says whether that took a restore or
	 * a rebuild), false when the rest is for the next task.
	 */
	#begin(deadline: number): boolean {
		this.#positioning ??= this.#target.seekSteps(this.targetMs);
		let r = this.#positioning.next();
		while (!r.done) {
			if (performance.now() >= deadline) return false;
			r = this.#positioning.next();
		}
		this.#positioning = null;
		this.#begun = true;
		this.rebuilt = r.value;
		this.fromMs = this.#target.nowMs;
		this.reachedMs = this.fromMs;
		if (this.#onSlice) this.#nextTellMs = (Math.floor(this.fromMs / TELL_EVERY_MS) + 1) * TELL_EVERY_MS;
		this.#onBegin?.(this);
		return true;
	}

	#slice(): void {
		if (this.#done) return;
		this.tasks++;
		const t0 = performance.now();
		if (!this.#begun && (!this.#begin(t0 + SLICE_MS) || this.rebuilt) && this.#channel) {
			// the restore was this task's work (or the part of it a slice has time for): the trip
			// goes on in the next
			this.#channel.port2.postMessage(null);
			return;
		}
		let arrived = false;
		do {
			const stopMs = Math.min(this.targetMs, this.#nextTellMs);
			arrived = this.#target.runSlice(stopMs, EVENTS_PER_CHECK);
			if (arrived && stopMs < this.targetMs) {
				// a moment the story views hear: tell them, then run on
				this.#nextTellMs += TELL_EVERY_MS;
				this.#onSlice?.();
				arrived = false;
			}
		} while (!arrived && performance.now() - t0 < SLICE_MS);
		this.reachedMs = this.#target.nowMs;
		const span = this.targetMs - this.fromMs;
		this.fraction = span > 0 ? Math.min(1, (this.reachedMs - this.fromMs) / span) : 1;
		if (arrived) {
			this.#finish('arrived');
			return;
		}
		if (!this.visible && performance.now() - this.#startedWall >= SHOW_AFTER_MS) this.visible = true;
		// yield: the browser paints and handles input before the next slice
		this.#channel?.port2.postMessage(null);
	}

	#finish(end: ReplayEnd): void {
		this.#done = true;
		if (this.#channel) {
			this.#channel.port1.onmessage = null;
			this.#channel.port1.close();
			this.#channel.port2.close();
			this.#channel = null;
		}
		this.#onEnd(end, this);
	}
}
