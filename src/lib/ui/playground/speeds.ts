/** Stepping between the fixed playback speeds (simulated seconds per wall second). */
/** The next speed in `speeds` (sorted ascending) below or above `now`; `now` itself at either end. */
export function nextSpeed(speeds: readonly number[], now: number, dir: -1 | 1): number {
	if (dir > 0) return speeds.find((s) => s > now) ?? now;
	for (let i = speeds.length - 1; i >= 0; i--) if (speeds[i] < now) return speeds[i];
	return now;
}
