/**
 * The heavy links of issue 12, shared by the browser benchmark (bench-browser.ts) and the replay
 * e2e test: what the page must open without a main-thread task over 50 ms.
 */
import type { LinkState } from '../lib/scenario/link';
import { validateScenario } from '../lib/scenario/validate';

/** 7 members taking 3,000 writes/s for 60 s, opened at 60 s (the link that blocked 11 s). */
export const LOADED_7: LinkState = {
	scenario: validateScenario({
		version: 1,
		seed: 4,
		cluster: { size: 7 },
		steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec: 3000, durationMs: 60_000, keys: 20 }],
		untilMs: 60_000
	}),
	actions: [],
	atMs: 60_000,
	view: { lang: 'en' }
};

/** The heaviest accepted link we build: 7 members, 10,000 writes/s for 40 s (just under the budget), opened at its end. */
export const HEAVIEST: LinkState = {
	scenario: validateScenario({
		version: 1,
		seed: 5,
		cluster: { size: 7 },
		steps: [{ atMs: 0, do: 'load', node: 2, writesPerSec: 10_000, durationMs: 40_000, keys: 100 }],
		untilMs: 40_000
	}),
	actions: [],
	atMs: 40_000,
	view: { lang: 'en', speed: 1000 }
};
