/**
 * Playback: how fast the simulated clock runs per animation frame. The engine and its timings are
 * never touched; only how much simulated time each frame advances.
 *
 * - Teaching pace (the default): while a message the picture draws is in flight, the clock slows
 *   so that each message stays on screen for about TEACH_WALL_MS of wall time; with nothing in
 *   flight it runs at QUIET_RATE and stops at the next send, so no message is skipped.
 * - Fixed speeds (0.001x-10x): simulated ms per wall ms.
 *
 * Every frame spends at most FRAME_BUDGET_MS of engine work (measured with performance.now, here
 * in the UI layer); if the engine cannot keep up, playback falls behind and says so (`behind`).
 *
 * This file is UI: it may use performance.now (the engine may not).
 */
import type { StepView } from '../cluster/types';
import { FRAME_BUDGET_MS, MAX_FRAME_WALL_MS, teachingStep, type Flight } from './pace';

export { FIXED_SPEEDS, paceReadout } from './pace';

/** What the clock needs from a session (Session implements it). */
export interface Clocked {
	readonly nowMs: number;
	/** messages now drawn (sim times); their ids pair with `seen` wall times */
	flights(visible: (type: string) => boolean): { id: number; sendMs: number; deliverMs: number }[];
	/**
	 * Runs toward atMs; stops early after a step that sent a message `stopOn` accepts, or when
	 * performance.now() passes deadline. Returns where the clock got to.
	 */
	runBounded(atMs: number, stopOn: ((type: string) => boolean) | null, deadline: number): { reachedMs: number; behind: boolean };
}

export class Playback {
	/** teaching pace (default) or a fixed speed (Session.speed) */
	teaching = $state(true);
	/** heartbeats are drawn (and, at the teaching pace, slow the clock) */
	showHeartbeats = $state(true);
	/** simulated seconds per wall second actually achieved lately (smoothed) */
	rate = $state(0);
	/** the engine could not keep up with the chosen speed lately */
	behind = $state(false);
	/** wall time of the latest frame (views animate lost messages with it) */
	wallMs = $state(0);
	/** the latest Step: what it ran, at which simulated ms (null while playing) */
	lastStep: { step: StepView; atMs: number } | null = $state.raw(null);

	/** wall time each drawn message first appeared */
	#seen = new Map<number, number>();
	#behindFrames = 0;

	readonly visible = (type: string): boolean => this.showHeartbeats || (type !== 'heartbeat' && type !== 'heartbeatResp');

	/** wall ms a message has been on screen */
	shownWallMs(id: number): number {
		const at = this.#seen.get(id);
		return at === undefined ? 0 : this.wallMs - at;
	}

	/** One animation frame of dtWallMs: advances the clock by the pace in effect, within budget. */
	frame(s: Clocked, speed: number, wall: number, dtWallMs: number): void {
		const started = performance.now();
		this.wallMs = wall;
		const dt = Math.min(MAX_FRAME_WALL_MS, Math.max(0, dtWallMs));
		const now = s.nowMs;
		let simMs: number;
		if (this.teaching) {
			const seen = new Map<number, number>();
			const flights: Flight[] = [];
			for (const f of s.flights(this.visible)) {
				const at = this.#seen.get(f.id) ?? wall;
				seen.set(f.id, at);
				flights.push({ sendMs: f.sendMs, deliverMs: f.deliverMs, shownWallMs: wall - at });
			}
			this.#seen = seen;
			simMs = teachingStep(flights, now, dt);
		} else {
			simMs = dt * speed;
		}
		const r = s.runBounded(now + simMs, this.teaching ? this.visible : null, started + FRAME_BUDGET_MS);
		if (this.teaching) for (const f of s.flights(this.visible)) if (!this.#seen.has(f.id)) this.#seen.set(f.id, wall);
		this.#behindFrames = r.behind ? Math.min(30, this.#behindFrames + 3) : Math.max(0, this.#behindFrames - 1);
		const behind = this.#behindFrames > 6;
		if (behind !== this.behind) this.behind = behind;
		if (dt > 0) {
			const achieved = (r.reachedMs - now) / dt;
			const next = this.rate === 0 ? achieved : this.rate * 0.9 + achieved * 0.1;
			// a readout, not a signal per frame: only a visible change is written
			if (Math.abs(next - this.rate) > Math.max(0.0005, this.rate * 0.02)) this.rate = next;
		}
		this.lastStep = null;
	}

	/** Called after a Step: remembers what ran (views say it and highlight it). */
	stepped(step: StepView | null, atMs: number): void {
		this.lastStep = step ? { step, atMs } : null;
	}

	/** A fresh start (a new run or a jump in time): nothing has been on screen yet. */
	forget(): void {
		this.#seen.clear();
		this.lastStep = null;
	}
}

