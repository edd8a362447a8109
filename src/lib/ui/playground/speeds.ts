import { FIXED_SPEEDS } from '../pace';

/** Stepping between the fixed playback speeds (simulated seconds per wall second). */
/** The next speed in `speeds` (sorted ascending) below or above `now`; `now` itself at either end. */
export function nextSpeed(speeds: readonly number[], now: number, dir: -1 | 1): number {
	if (dir > 0) return speeds.find((s) => s > now) ?? now;
	for (let i = speeds.length - 1; i >= 0; i--) if (speeds[i] < now) return speeds[i];
	return now;
}

/**
 * The fixed speed nearest to what a link asks for (links may carry up to 1000x, more than a tab
 * can play; the speed control can only show what it offers). Nearest by ratio: 3 -> 2, 4 -> 5.
 */
export function offeredSpeed(asked: number): number {
	if (!Number.isFinite(asked) || asked <= 0) return 1;
	let best: number = FIXED_SPEEDS[0];
	for (const s of FIXED_SPEEDS) if (Math.abs(Math.log(s / asked)) < Math.abs(Math.log(best / asked))) best = s;
	return best;
}
