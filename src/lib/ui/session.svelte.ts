/**
 * The page's session: a thin reactive shell around SessionCore (ui/session/core.ts), which holds
 * the recording, builds frames and runs the checks. This class mirrors what views read into
 * runes ($state.raw for data replaced whole) after every change, and owns the play loop.
 *
 * Views read `frame`, a snapshot replaced whole after every change, and never touch the cluster
 * directly. Going back in time rebuilds the cluster from the seed and replays the actions up to
 * the chosen moment (the recording's rule, scenario/recording.ts): the same state, byte for byte.
 * Taking a new action at an earlier moment starts a new branch: the recorded future is dropped.
 *
 * This file is UI: it may use requestAnimationFrame and performance.now (the engine may not).
 */
import type { Cluster } from '../cluster/cluster';
import type { LinearizableResult } from '../check/linearizability';
import type { Goal, GoalStatus } from '../scenario/goals';
import type { ActionInput, DistributiveOmit } from '../scenario/recording';
import type { Scenario, Step } from '../scenario/types';
import { SessionCore, type FrameListener, type TruncateListener } from './session/core';
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

	readonly core: SessionCore;
	#raf = 0;
	#lastWall = 0;

	constructor(scenario: Scenario, actions: readonly SessionAction[] = [], atMs = 0) {
		this.core = new SessionCore(scenario, actions, atMs);
		this.#sync();
		this.core.onFrame((_next, _prev, rebuilt) => {
			if (rebuilt) this.playback.forget();
			this.#sync();
		});
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
		this.core.act(step);
	}

	/** Goes to any moment: rebuilds from the seed and replays the actions taken before it. */
	seek(atMs: number): void {
		this.core.seek(atMs);
	}

	advance(simMs: number): void {
		this.core.advance(simMs);
	}

	stepEvent(): void {
		this.core.stepEvent();
		this.playback.stepped(this.core.cluster.lastStep, this.core.nowMs);
	}

	/** Goes back exactly one engine event (a replay from the seed). */
	stepBack(): void {
		this.core.stepBack();
	}

	/** Starts over with new settings (size, seed, PreVote...): the recorded actions are dropped. */
	reset(scenario: Scenario): void {
		this.pause();
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

	watchGoals(goals: readonly Goal[], sinceMs: number, listener: (r: { solved: boolean; goals: GoalStatus[] }) => void): () => void {
		return this.core.watchGoals(goals, sinceMs, listener);
	}

	// ------------------------------------------------------------------ the clock

	play(): void {
		if (this.playing) return;
		this.playing = true;
		this.#lastWall = performance.now();
		this.#raf = requestAnimationFrame(this.#tick);
	}

	pause(): void {
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
		this.pause();
		this.core.destroy();
	}
}
