/** Simulated time is kept in integer microseconds; the public format speaks milliseconds. */
export const US_PER_MS = 1000;

export function msToUs(ms: number): number {
	return Math.round(ms * US_PER_MS);
}

export function usToMs(us: number): number {
	return us / US_PER_MS;
}
