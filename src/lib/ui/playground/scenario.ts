/** The scenario a playground session starts from: etcd's defaults, the chosen size, seed and switches. */
import { validateScenario } from '../../scenario/validate';
import type { Scenario } from '../../scenario/types';

export interface PlaygroundSettings {
	size: number;
	seed: number;
	preVote: boolean;
	checkQuorum: boolean;
}

export const DEFAULT_SETTINGS: PlaygroundSettings = { size: 3, seed: 1, preVote: true, checkQuorum: true };

/** An hour of simulated time: the playground runs open-ended, untilMs only bounds scripted steps. */
const OPEN_ENDED_MS = 3_600_000;

export function playgroundScenario(s: Partial<PlaygroundSettings> = {}): Scenario {
	const v = { ...DEFAULT_SETTINGS, ...s };
	return validateScenario({
		version: 1,
		seed: v.seed,
		cluster: { size: v.size, preVote: v.preVote, checkQuorum: v.checkQuorum },
		untilMs: OPEN_ENDED_MS
	});
}

export function settingsOf(s: Scenario): PlaygroundSettings {
	return { size: s.cluster.size, seed: s.seed, preVote: s.cluster.preVote, checkQuorum: s.cluster.checkQuorum };
}

/** The scenario with new settings (a new run); scripted steps naming members that are gone are dropped. */
export function withSettings(cur: Scenario, patch: Partial<PlaygroundSettings>): Scenario {
	const next: Record<string, unknown> = {
		...cur,
		seed: patch.seed ?? cur.seed,
		cluster: {
			...cur.cluster,
			size: patch.size ?? cur.cluster.size,
			preVote: patch.preVote ?? cur.cluster.preVote,
			checkQuorum: patch.checkQuorum ?? cur.cluster.checkQuorum
		}
	};
	delete next.actions; // a user's recorded actions belong to the old run
	try {
		return validateScenario(next);
	} catch {
		return validateScenario({ ...next, steps: [] });
	}
}
