/** The teaching pace as a pure function (see playback.svelte.ts), and the speed readout. */
import { grouped } from './format';

/** wall ms a message should take to cross the picture at the teaching pace */
export const TEACH_WALL_MS = 450;
/** simulated ms per wall ms while no drawn message is in flight (teaching pace) */
export const QUIET_RATE = 1;
/** engine work allowed per animation frame, in wall ms */
export const FRAME_BUDGET_MS = 10;
/** a frame never covers more than this much wall time (a tab back from the background) */
export const MAX_FRAME_WALL_MS = 100;

export const FIXED_SPEEDS = [0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10] as const;

/** One drawn message for the pacing: its simulated flight and how long it has been on screen. */
export interface Flight {
	sendMs: number;
	deliverMs: number;
	/** wall ms it has been on screen so far */
	shownWallMs: number;
}

/**
 * Simulated ms to advance in a frame of dtWallMs at the teaching pace (pure). Each message still
 * in flight limits the rate so that what remains of its flight lasts at least what remains of its
 * TEACH_WALL_MS on screen; with none, the clock runs at quietRate.
 */
export function teachingStep(flights: readonly Flight[], nowMs: number, dtWallMs: number, targetWallMs = TEACH_WALL_MS, quietRate = QUIET_RATE): number {
	if (!(dtWallMs > 0)) return 0;
	let rate = quietRate;
	for (const f of flights) {
		const remainingMs = f.deliverMs - nowMs;
		if (remainingMs <= 0 || f.sendMs > nowMs) continue;
		const wallLeft = Math.max(targetWallMs - f.shownWallMs, dtWallMs);
		rate = Math.min(rate, remainingMs / wallLeft);
	}
	return rate * dtWallMs;
}

/**
 * The pace as a person reads it: how many times slower or faster than real time, rounded to what
 * a reader takes in at a glance (2.5, 19, 190, 1,900), or real time within 5%. A rate of
 * 0.0052 simulated s per wall s reads "190x slower", not "0.0052x". `x` is already formatted.
 */
export type PaceReadout = { kind: 'none' } | { kind: 'real' } | { kind: 'slower' | 'faster'; x: string };

/** 1.3, 2.5, 19, 190, 1,900, 19,000: one decimal under 10, whole under 100, two significant digits above. */
export function roundFactor(f: number): string {
	const r = f < 10 ? Math.round(f * 10) / 10 : f < 100 ? Math.round(f) : Number(f.toPrecision(2));
	return grouped(r, 1);
}

export function paceReadout(rate: number): PaceReadout {
	if (!(rate > 0) || !Number.isFinite(rate)) return { kind: 'none' };
	if (rate >= 1 / 1.05 && rate <= 1.05) return { kind: 'real' };
	return rate < 1 ? { kind: 'slower', x: roundFactor(1 / rate) } : { kind: 'faster', x: roundFactor(rate) };
}
