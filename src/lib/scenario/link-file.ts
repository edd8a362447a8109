/** A link's moment replayed (through the recording), and the same moment as a scenario file. */
import type { Cluster } from '../cluster/cluster';
import { msToUs } from '../sim/time';
import { checkLinkState } from './link-check';
import type { LinkState } from './link-types';
import { record } from './recording';
import type { Scenario, Step } from './types';


/** The cluster at the link's moment: the link's recording played to its atMs. */
export function replayLink(state: LinkState): Cluster {
	return record(state.scenario, state.actions, state.atMs).cluster;
}

/** The digest of the engine's trace at the link's moment: equal to the CLI report's traceHash for toScenarioFile(state). */
export function traceHashOf(state: LinkState): string {
	return replayLink(state).trace.hex();
}

/** A scenario file (format version 1), as JSON-ready data. `actions` is present only when needed. */
export interface ScenarioFile {
	version: 1;
	seed: number;
	cluster: Scenario['cluster'];
	network: Scenario['network'];
	disk: Scenario['disk'];
	client: Scenario['client'];
	steps: Step[];
	/** user actions replayed as the playground does (see toScenarioFile) */
	actions?: Step[];
	untilMs: number;
}

/**
 * The link's moment as a scenario file the CLI runs to the same state (same traceHash), with
 * untilMs = the link's atMs.
 *
 * Without a `load` step among the steps and actions that run, the actions simply become steps:
 * the engine runs an outside call after every engine event due at its instant, and calls at one
 * instant in the order they were scheduled, so an action scheduled up front (after the scripted
 * steps) runs exactly when, and in the order, the playground ran it. A load generator, though,
 * schedules its next put while running, so an action at the same microsecond as one of those puts
 * would run before it instead of after: then the actions go in the optional top-level `actions`
 * field, which the runner replays the playground's way (recording.ts).
 */
export function toScenarioFile(state: LinkState): ScenarioFile {
	const s = checkLinkState(state);
	const at = s.atMs;
	// the engine keeps time in whole microseconds: a scripted step runs if its microsecond is due,
	// while the playground carries out an action only once the clock (in ms) has reached it
	const atUs = msToUs(at);
	const steps = s.scenario.steps.filter((st) => msToUs(st.atMs) <= atUs);
	const actions = s.actions.filter((a) => a.atMs <= at);
	const base = {
		version: 1 as const,
		seed: s.scenario.seed,
		cluster: { ...s.scenario.cluster },
		network: { ...s.scenario.network },
		disk: { ...s.scenario.disk },
		client: { ...s.scenario.client }
	};
	// untilMs must be > 0 and not before a kept step; anything in the same microsecond as atMs runs
	// the clock to the same point (0.0001 ms is 0 µs)
	const untilMs = Math.max(at, 0.0001, ...steps.map((st) => st.atMs));
	const hasLoad = steps.some((st) => st.do === 'load') || actions.some((a) => a.do === 'load');
	if (hasLoad && actions.length > 0) return { ...base, steps, actions, untilMs };
	// by the engine's microsecond; within one, scripted steps in file order, then the actions as taken
	const merged = [...steps, ...actions]
		.map((st, i) => ({ st, i, us: msToUs(st.atMs) }))
		.sort((a, b) => a.us - b.us || a.i - b.i)
		.map((x) => x.st);
	return { ...base, steps: merged, untilMs };
}
