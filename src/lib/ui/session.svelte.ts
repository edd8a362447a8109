/**
 * The page's session: a thin reactive shell around SessionCore (ui/session/core.ts), which holds
 * the recording, builds frames and runs the checks. This class mirrors what views read into
 * runes ($state.raw for data replaced whole) after every change, and owns the play loop.
 *
 * Views read `frame`, a snapshot replaced whole after every change, and never touch the cluster
 * directly. A seek restores the recording's nearest checkpoint before the chosen moment (going
 * back, or far ahead on a stretch already run; else it runs on from the clock) and replays the
 * actions up to it (the recording's rule, scenario/recording.ts): the same state, byte for byte.
 * Taking a new action at an earlier moment starts a new branch: the recorded future is dropped.
 *
 * This file is UI: it may use requestAnimationFrame and performance.now (the engine may not).
 */
import type { Cluster } from '../cluster/cluster';
import type { LinearizableResult } from '../check/linearizability';
import type { Goal, GoalStatus } from '../scenario/goals';
import type { ActionInput, DistributiveOmit } from '../scenario/recording';
import type { Scenario, Step } from '../scenario/types';
import { SlicedReplay, type ReplayEnd } from './replay.svelte';
import { SessionCore, type FrameListener, type TruncateListener, type UndoListener } from './session/core';
import type { Frame } from './session/frame';
import { Playback, type Clocked } from './playback.svelte';

export type { BelievedLeader, Frame, InFlight, LogCell, QuorumStatus } from './session/frame';
export { LOG_WINDOW, RETAIN_MS } from './session/frame';
export type { FrameListener } from './session/core';
export type { DistributiveOmit };

export type SessionAction = Step;

export class Session implements Clocked {
	/** the scenario the session started from (settings, seed, scripted steps) */
	scenario: Scenario = $state.raw() as unknown as Scenario;
	/** what the user did, in order, as steps stamped with the simulated time */
	actions: readonly SessionAction[] = $state.raw([]);
	frame: Frame = $state.raw() as unknown as Frame;
	playing = $state(false);
	#speed = $state(1);
	/** simulated seconds per wall second (a fixed speed: setting it leaves the teaching pace) */
	get speed(): number {
		return this.#speed;
	}
	set speed(x: number) {
		this.#speed = x;
		this.playback.teaching = false;
	}
	linearizable: LinearizableResult = $state(true);
	/** the furthest moment this timeline reached (the scrubber's end) */
	horizonMs = $state(0);
	/** the recorded actions not yet carried out (after a step back in time) */
	futureActions = $state(0);
	/** an action in the past dropped a future that Undo can bring back */
	canUndo = $state(false);
	/**
	 * The time bar is held (a finger or a pointer on its scrubber): what comes and goes with the
	 * moment and would move the page (a row under the bar, a phone's room for requests in flight)
	 * keeps its room until it is let go, so the scrubber stays under the finger.
	 */
	scrubbing = $state(false);

	/** a replay running in slices (opening a link, going back, restarting): null when none */
	replay: SlicedReplay | null = $state.raw(null);

	readonly core: SessionCore;
	#raf = 0;
	#lastWall = 0;
	/** play again when the replay arrives (it was playing, or play was pressed meanwhile) */
	#resume = false;
	/** the latest moment a seek asked for while a quick trip from a checkpoint ran (see seek); null: none */
	#pendingSeekMs: number | null = null;
	/** a replay that rebuilt the cluster has not been shown yet */
	#rebuiltUnseen = false;
	#destroyed = false;

	/** Opens at atMs: the replay there runs in slices (see `replay`), from a cluster at 0. */
	constructor(scenario: Scenario, actions: readonly SessionAction[] = [], atMs = 0) {
		this.core = new SessionCore(scenario, actions, 0);
		this.#sync();
		this.core.onFrame((_next, _prev, rebuilt) => {
			if (rebuilt) this.playback.forget();
			// frames told on the way through a replay reach the story's listeners (narration,
			// goals), not the page's views: those show the moment the replay arrives at
			if (this.replay === null) this.#sync();
		});
		if (atMs > 0) this.seek(atMs);
	}

	/** Copies what views read from the core into runes. */
	#sync(): void {
		const c = this.core;
		this.scenario = c.scenario;
		this.actions = c.actions;
		this.frame = c.frame;
		this.linearizable = c.linearizable;
		this.horizonMs = c.horizonMs;
		this.futureActions = c.futureActions;
		this.canUndo = c.canUndo;
	}

	/** The cluster as it stands, for read-only questions (entries, liveness); act through the session. */
	get cluster(): Cluster {
		return this.core.cluster;
	}

	get nowMs(): number {
		return this.core.nowMs;
	}

	/** The engine's trace digest now (equal to the CLI's traceHash for the same run). */
	get traceHash(): string {
		return this.core.traceHash;
	}

	/** Takes an action now: recorded (for links and going back) and carried out at once. */
	act(step: ActionInput): void {
		this.cancelReplay(); // the user takes over at the moment reached
		this.core.act(step);
	}

	/**
	 * Goes to any moment: from the nearest checkpoint before it (back, or far ahead) or on from the
	 * clock, replaying the actions taken on the way. The replay runs in slices between frames (a far
	 * jump never blocks the page), the first in a task of its own, right after this returns (see
	 * SlicedReplay.start). A new seek while one runs takes over from where that one got (one that
	 * had not begun yet is dropped).
	 */
	seek(atMs: number): void {
		if (this.playing) this.#resume = true;
		this.#stopClock();
		const r = this.replay;
		if (r !== null && r.restoring && !r.visible) {
			// a quick trip from a checkpoint (a restore is a few tasks, its replay a few more) ends
			// first and is shown, then the latest moment asked for meanwhile follows: a drag on the
			// time bar, which seeks every frame, would otherwise drop each restore half-way and show
			// nothing until it stopped
			this.#pendingSeekMs = Math.max(0, atMs);
			return;
		}
		this.#pendingSeekMs = null;
		this.replay?.stop();
		const replay = new SlicedReplay(
			this.core,
			Math.max(0, atMs),
			(end, r) => this.#replayEnded(end, r),
			() => this.#tellSlice(),
			(r) => {
				if (r.rebuilt) this.#rebuiltUnseen = true;
			}
		);
		this.replay = replay;
		replay.start();
	}

	/** Brings back the future the latest fork dropped and goes to the fork's moment on that timeline. */
	undo(): void {
		this.pause();
		this.replay?.stop();
		const atMs = this.core.undo();
		if (atMs === null) return;
		// the restored timeline at once (its actions, its end): views paint its future while the replay runs
		this.actions = this.core.actions;
		this.horizonMs = this.core.horizonMs;
		this.canUndo = this.core.canUndo;
		this.#rebuiltUnseen = true; // the cluster was replaced: views start over
		this.seek(atMs);
	}

	/** Stops a running replay where it got: a working cluster, at an earlier moment than asked. */
	cancelReplay(): void {
		this.#resume = false;
		this.replay?.cancel();
	}

	/** A frame on the way through a replay, for the listeners that tell the story (see onFrame). */
	#tellSlice(): void {
		const rebuilt = this.#rebuiltUnseen;
		this.#rebuiltUnseen = false;
		this.core.refresh(rebuilt, true);
	}

	#replayEnded(end: ReplayEnd, r: SlicedReplay): void {
		if (this.replay === r) this.replay = null;
		const pending = this.#pendingSeekMs;
		this.#pendingSeekMs = null;
		if (end === 'stopped' || this.#destroyed) return;
		const rebuilt = this.#rebuiltUnseen;
		this.#rebuiltUnseen = false;
		this.core.refresh(rebuilt);
		if (end === 'arrived' && pending !== null) {
			// the moment asked for while this trip ran (see seek); play resumes once that one arrives
			this.seek(pending);
			return;
		}
		if (end === 'arrived' && this.#resume) {
			this.#resume = false;
			this.play();
		}
	}

	advance(simMs: number): void {
		this.core.advance(simMs);
	}

	stepEvent(): void {
		this.cancelReplay();
		this.core.stepEvent();
		this.playback.stepped(this.core.cluster.lastStep, this.core.nowMs);
	}

	/** Goes back exactly one engine event (a replay from the seed). */
	stepBack(): void {
		this.cancelReplay(); // the user takes over at the moment reached
		this.core.stepBack();
	}

	/** Starts over with new settings (size, seed, PreVote...): the recorded actions are dropped. */
	reset(scenario: Scenario): void {
		this.pause();
		this.replay?.stop();
		this.replay = null;
		this.#rebuiltUnseen = false;
		this.core.reset(scenario);
	}

	refresh(rebuilt = false): void {
		this.core.refresh(rebuilt);
	}

	onFrame(listener: FrameListener): () => void {
		return this.core.onFrame(listener);
	}

	onTruncate(listener: TruncateListener): () => void {
		return this.core.onTruncate(listener);
	}

	/** Hears Undo (views that remember the timeline bring back what the fork set aside). */
	onUndo(listener: UndoListener): () => void {
		return this.core.onUndo(listener);
	}

	watchGoals(goals: readonly Goal[], sinceMs: number, listener: (r: { solved: boolean; goals: GoalStatus[] }) => void): () => void {
		return this.core.watchGoals(goals, sinceMs, listener);
	}

	// ------------------------------------------------------------------ the clock

	play(): void {
		if (this.replay !== null) {
			this.#resume = true; // once the replay arrives
			return;
		}
		if (this.playing) return;
		this.playing = true;
		this.#lastWall = performance.now();
		this.#raf = requestAnimationFrame(this.#tick);
	}

	pause(): void {
		this.#resume = false;
		this.#stopClock();
	}

	#stopClock(): void {
		this.playing = false;
		if (this.#raf) cancelAnimationFrame(this.#raf);
		this.#raf = 0;
	}

	#tick = (wall: number): void => {
		if (!this.playing) return;
		const dtWall = wall - this.#lastWall;
		this.#lastWall = wall;
		this.playback.frame(this, this.speed, wall, dtWall);
		this.core.refresh();
		this.#raf = requestAnimationFrame(this.#tick);
	};

	// ------------------------------------------------------------------ playback hooks (playback.svelte.ts)

	/** the pace (teaching or a fixed speed) and what it achieves */
	readonly playback = new Playback();

	flights(visible: (type: string) => boolean): { id: number; sendMs: number; deliverMs: number }[] {
		return this.frame.inflight.filter((m) => !m.dropped && visible(m.type));
	}

	runBounded(atMs: number, stopOn: ((type: string) => boolean) | null, deadline: number): { reachedMs: number; behind: boolean } {
		const core = this.core;
		let sent = false;
		core.onSend = stopOn ? (type) => (sent ||= stopOn(type)) : null;
		let behind = false;
		try {
			// one event at a time when a send stops the clock (the teaching pace), else in slices
			const slice = stopOn ? 1 : 64;
			while (!core.runSlice(atMs, slice)) {
				if (sent) {
					core.runSlice(core.nowMs, Infinity); // what runs at one instant runs together
					break;
				}
				if (performance.now() > deadline) {
					behind = true;
					core.runSlice(core.nowMs, Infinity);
					break;
				}
			}
		} finally {
			core.onSend = null;
		}
		return { reachedMs: core.nowMs, behind };
	}

	destroy(): void {
		this.#destroyed = true;
		this.replay?.stop();
		this.pause();
		this.core.destroy();
	}
}
