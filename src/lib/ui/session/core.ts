/**
 * One playground session, as plain TypeScript: a recording (the scenario, the user's actions on a
 * timeline and the cluster that plays them), the frame views read, the checks the page shows
 * (linearizability, exercise goals) and listeners. The page's reactive `Session`
 * (ui/session.svelte.ts) is a thin shell around it; everything here runs in Node for the tests.
 *
 * The UI reaches the engine only through this object: it never builds a cluster or runs a checker.
 * No DOM, no wall clock: the shell owns requestAnimationFrame.
 */
import type { Cluster } from '../../cluster/cluster';
import type { ClientOp } from '../../cluster/types';
import type { LinearizableResult } from '../../check/linearizability';
import { LinearizabilityMonitor } from '../../kv/history';
import { GoalTracker, type Goal, type GoalStatus } from '../../scenario/goals';
import { Recording, type ActionInput } from '../../scenario/recording';
import type { Scenario, Step } from '../../scenario/types';
import { FrameBuilder, type Frame } from './frame';
import { RETAIN_MS, WireWatch } from './wire';

/**
 * Hears every new frame; `rebuilt` says the cluster was restored or rebuilt (views start over): the
 * clock jumped back, or far ahead from a checkpoint (the stretch between was not run here).
 */
export type FrameListener = (next: Frame, prev: Frame | null, rebuilt: boolean) => void;

/** Hears a new branch: an action taken in the past dropped the recorded future (`restarted`: a new run from 0). */
export type TruncateListener = (restarted: boolean) => void;

/** Hears Undo: the future the latest fork dropped is back; the cluster stands before `atMs`, the fork's moment. */
export type UndoListener = (atMs: number) => void;

/** Client ops the linearizability check takes in per replay slice when it catches up with a restored history. */
const LIN_OPS_PER_SLICE = 500;
/** what the linearizability monitor is given while the cluster has dropped ops (it answers 'unknown' then) */
const NO_OPS: readonly ClientOp[] = [];

export class SessionCore {
	#recording!: Recording;
	#frame!: Frame;
	#frames = new FrameBuilder();
	#wire = new WireWatch();
	#lin = new LinearizabilityMonitor();
	#linearizable: LinearizableResult = true;
	#listeners: FrameListener[] = [];
	#truncateListeners: TruncateListener[] = [];
	#undoListeners: UndoListener[] = [];

	constructor(scenario: Scenario, actions: readonly Step[] = [], atMs = 0) {
		this.#start(scenario, actions, atMs);
	}

	#start(scenario: Scenario, actions: readonly Step[], atMs: number): void {
		this.#recording = new Recording(scenario, actions, { onCluster: (c, targetMs) => this.#fresh(c, targetMs), seekMarginMs: RETAIN_MS });
		this.#recording.runTo(Math.max(0, atMs));
		this.refresh(true);
	}

	/** A fresh cluster (the first, or a rebuild on the way back): views and checks start over. */
	#fresh(c: Cluster, targetMs: number): void {
		this.#wire.attach(c, targetMs);
		this.#lin = new LinearizabilityMonitor();
	}

	// ------------------------------------------------------------------ what views read

	get recording(): Recording {
		return this.#recording;
	}

	/** The cluster as it stands, for read-only questions views ask (entries, liveness). */
	get cluster(): Cluster {
		return this.#recording.cluster;
	}

	get scenario(): Scenario {
		return this.#recording.scenario;
	}

	get actions(): readonly Step[] {
		return this.#recording.actions;
	}

	get nowMs(): number {
		return this.#recording.nowMs;
	}

	get horizonMs(): number {
		return this.#recording.horizonMs;
	}

	get futureActions(): number {
		return this.#recording.futureActions;
	}

	get frame(): Frame {
		return this.#frame;
	}

	/** The page's linearizability verdict on the client history so far (checked incrementally). */
	get linearizable(): LinearizableResult {
		return this.#linearizable;
	}

	/** The engine's trace digest now: equal to the CLI's traceHash for the same run. */
	get traceHash(): string {
		return this.#recording.cluster.trace.hex();
	}

	// ------------------------------------------------------------------ acting and moving in time

	/** Takes an action now (see Recording.act); a fork tells the truncate listeners. */
	act(input: ActionInput): Step {
		this.#wire.heading(this.#recording.nowMs);
		const { action, forked } = this.#recording.act(input);
		if (forked) for (const l of this.#truncateListeners) l(false);
		this.refresh();
		return action;
	}

	/** Whether the latest fork's dropped future can be brought back (see undo). */
	get canUndo(): boolean {
		return this.#recording.canUndo;
	}

	/**
	 * Brings back the future the latest fork dropped (Recording.undo) and returns the fork's moment,
	 * which the cluster stands before now: seek there (in slices on the page). Null: nothing to undo.
	 */
	undo(): number | null {
		const atMs = this.#recording.undo();
		if (atMs !== null) for (const l of this.#undoListeners) l(atMs);
		return atMs;
	}

	/** Goes to any moment: from the nearest checkpoint before it (back, or far ahead), or on from the clock. */
	seek(atMs: number): void {
		this.#wire.heading(atMs);
		const rebuilt = this.#recording.seek(atMs);
		this.refresh(rebuilt);
	}

	/**
	 * For replays in slices: positions the recording for a trip to atMs the way `seek` does
	 * (Recording.jumpTo: the nearest checkpoint before it, behind the clock or far ahead of it), then
	 * `runSlice` until it says it arrived. Frames are not built meanwhile. True when the cluster was
	 * restored or rebuilt (views start over).
	 */
	beginSeek(atMs: number): boolean {
		this.#wire.heading(atMs);
		return this.#recording.jumpTo(Math.max(0, atMs));
	}

	/** `beginSeek` in steps of a few milliseconds (Recording.jumping): the page restores between frames. */
	seekSteps(atMs: number): Generator<void, boolean, void> {
		this.#wire.heading(atMs);
		return this.#recording.jumping(Math.max(0, atMs));
	}

	/** At most maxEvents engine events toward atMs; true when there. Call refresh(rebuilt) at the end. */
	runSlice(atMs: number, maxEvents: number): boolean {
		const c = this.#recording.cluster;
		if (c.droppedOps === 0 && this.#lin.behind(c.ops.length) > LIN_OPS_PER_SLICE) {
			// a checkpoint brought its whole history at once: the check takes it in a part a slice
			this.#linearizable = this.#lin.update(c.ops, c.droppedOps, LIN_OPS_PER_SLICE);
			return false;
		}
		return this.#recording.runTo(Math.max(0, atMs), maxEvents);
	}

	/** Playback (teaching pace): hears every message sent from now on (null: nobody). */
	set onSend(listener: ((type: string) => void) | null) {
		this.#wire.onSend = listener;
	}

	/** Runs simulated time forward by simMs (the play loop calls this every frame). */
	advance(simMs: number): void {
		this.#wire.heading(this.#recording.nowMs);
		this.#recording.runTo(this.#recording.nowMs + simMs);
		this.refresh();
	}

	/** Runs exactly the next engine event or call (or the next recorded action, if it comes first). */
	stepEvent(): void {
		this.#wire.heading(this.#recording.nowMs);
		this.#recording.stepEvent();
		this.refresh();
	}

	/**
	 * Goes back exactly one engine event: restores the latest checkpoint before it (or rebuilds from
	 * the seed) and replays until one event fewer has run. Two passes: the first finds when that was,
	 * the second (restored just before it) keeps the messages in flight at that moment for the views.
	 */
	stepBack(): void {
		const target = this.#recording.cluster.events - 1;
		if (target < 0) return;
		for (let pass = 0; pass < 2; pass++) {
			// the first pass starts from the latest checkpoint at or before the event; a target
			// behind the clock always restores or rebuilds
			if (pass === 0) this.#recording.rewindToEvents(target);
			else this.#recording.rewindTo(this.#recording.nowMs - 0.001);
			let guard = 0;
			while (this.#recording.cluster.events < target && this.#recording.cluster.nextEventUs() !== Infinity && guard++ < 10_000_000) this.#recording.stepEvent();
		}
		this.refresh(true);
	}

	/** Starts over with new settings (size, seed, PreVote...): the recorded actions are dropped. */
	reset(scenario: Scenario): void {
		this.#start(scenario, [], 0);
		for (const l of this.#truncateListeners) l(true);
	}

	// ------------------------------------------------------------------ listeners

	onFrame(listener: FrameListener): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	onTruncate(listener: TruncateListener): () => void {
		this.#truncateListeners.push(listener);
		return () => {
			this.#truncateListeners = this.#truncateListeners.filter((l) => l !== listener);
		};
	}

	onUndo(listener: UndoListener): () => void {
		this.#undoListeners.push(listener);
		return () => {
			this.#undoListeners = this.#undoListeners.filter((l) => l !== listener);
		};
	}

	/**
	 * Checks exercise goals after every frame (met goals stay met; going back in time forgets them)
	 * and reports each result. Returns the unsubscribe function.
	 */
	watchGoals(goals: readonly Goal[], sinceMs: number, listener: (r: { solved: boolean; goals: GoalStatus[] }) => void): () => void {
		const tracker = new GoalTracker(goals, sinceMs);
		listener(tracker.update(this.#recording));
		let lastMs = this.#recording.nowMs;
		return this.onFrame((next, _prev, rebuilt) => {
			// back in time: the goals met later are forgotten; a jump ahead keeps the ones met before it
			if (rebuilt && next.nowMs < lastMs) tracker.reset();
			lastMs = next.nowMs;
			listener(tracker.update(this.#recording));
		});
	}

	/**
	 * Builds the next frame and tells the listeners (`rebuilt`: the clock jumped back). `partial`: a
	 * frame on the way through a replay, whose linearizability check takes in only part of a
	 * history a checkpoint brought (the replay finishes it before it arrives).
	 */
	refresh(rebuilt = false, partial = false): void {
		const c = this.#recording.cluster;
		const prev: Frame | null = this.#frame ?? null;
		// (with ops dropped the verdict is 'unknown' without them: the history is not unpacked for it)
		this.#linearizable = this.#lin.update(c.droppedOps > 0 ? NO_OPS : c.ops, c.droppedOps, partial ? LIN_OPS_PER_SLICE : Infinity);
		this.#frame = this.#frames.build(c, prev, this.#wire.visible(c.nowMs));
		for (const l of this.#listeners) l(this.#frame, prev, rebuilt);
	}

	destroy(): void {
		this.#wire.detach();
		this.#listeners = [];
		this.#truncateListeners = [];
		this.#undoListeners = [];
	}
}
