/**
 * The work budget (src/lib/scenario/budget.ts): the prediction is an upper bound on a run's engine
 * events (fuzzed with a fixed seed), every shipped scenario, exercise and exercise solution fits it,
 * and what does not fit is refused naming the field to change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RUN_EVENTS, overBudget, predictEvents } from '../../src/lib/scenario/budget';
import { EXERCISES } from '../../src/lib/scenario/exercises';
import { decodeLink, encodeLink, LinkError } from '../../src/lib/scenario/link';
import { runScenario } from '../../src/lib/scenario/run';
import type { Scenario, Step } from '../../src/lib/scenario/types';
import { parseScenarioText, validateScenario } from '../../src/lib/scenario/validate';
import { Prng } from '../../src/lib/sim/prng';

const SCENARIOS = fileURLToPath(new URL('../../static/scenarios', import.meta.url));

describe('what ships fits the budget', () => {
	it.each(readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')))('static/scenarios/%s', (name) => {
		const s = parseScenarioText(readFileSync(join(SCENARIOS, name), 'utf8'));
		expect(overBudget(s)).toBeNull();
	});

	it.each(EXERCISES.map((e) => [e.id, e] as const))('exercise %s, with its solution and an hour of playing', (_id, e) => {
		expect(overBudget(e.scenario)).toBeNull();
		expect(overBudget({ ...e.scenario, untilMs: 3_600_000, actions: e.solution })).toBeNull();
	});

	it('the playground at its largest: 7 members for its open-ended hour', () => {
		const s = validateScenario({ version: 1, cluster: { size: 7 }, untilMs: 3_600_000 });
		expect(predictEvents(s).events).toBeLessThan(MAX_RUN_EVENTS / 2);
	});
});

describe('what does not fit is refused, naming the field', () => {
	it('an idle 7-member cluster for 24 h: untilMs', () => {
		const over = overBudget(validateScenario({ version: 1, cluster: { size: 7 }, untilMs: 86_400_000 }));
		expect(over?.field).toBe('untilMs');
		expect(over?.expected).toMatch(/^this run needs up to [\d,]+ engine events, over the budget of 20,000,000 \(mostly every member ticks once per heartbeatMs until untilMs\)/);
	});

	it('a 1 ms heartbeat for an hour: cluster.heartbeatMs', () => {
		expect(overBudget(validateScenario({ version: 1, cluster: { size: 5, heartbeatMs: 1, electionMs: 10 }, untilMs: 3_600_000 }))?.field).toBe('cluster.heartbeatMs');
	});

	it('7 members at 3,000 writes/s for 60 s is within; 10,000 writes/s for 10 minutes is not', () => {
		const load = (writesPerSec: number, untilMs: number): Scenario =>
			validateScenario({ version: 1, cluster: { size: 7 }, steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec, durationMs: untilMs, keys: 10 }], untilMs });
		expect(overBudget(load(3000, 60_000))).toBeNull();
		expect(overBudget(load(10_000, 600_000))?.field).toBe('steps[0].writesPerSec');
	});

	it("a link's actions count too: the link is refused as too heavy, naming the action", () => {
		const scenario = validateScenario({ version: 1, cluster: { size: 5 }, untilMs: 3_600_000 });
		const light = { scenario, actions: [], atMs: 0, view: {} };
		const payload = encodeLink(light);
		expect(decodeLink(payload).scenario).toEqual(scenario);
		const heavy = { ...light, actions: [{ atMs: 10, do: 'load', node: 1, writesPerSec: 10_000, durationMs: 3_000_000, keys: 1 } as Step] };
		let err: unknown;
		try {
			encodeLink(heavy);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(LinkError);
		expect((err as LinkError).code).toBe('tooHeavy');
		expect((err as LinkError).field).toBe('actions[0].writesPerSec');
		expect((err as LinkError).message).toMatch(/^This link asks for too much work: actions\[0\]\.writesPerSec: this run needs up to/);
	});
});

// ---------------------------------------------------------------------------------------------
// Fuzz: random valid scenarios under the budget finish within their predicted bound.

function randomScenario(p: Prng): Scenario {
	const pick = <T>(xs: readonly T[]): T => xs[p.int(0, xs.length)];
	const size = p.int(1, 8);
	const heartbeatMs = pick([1, 2, 5, 10, 50, 100, 300]);
	const electionMs = heartbeatMs * pick([5, 6, 10, 20]);
	const untilMs = pick([500, 2000, 5000, 20_000]) * (heartbeatMs >= 50 ? 3 : 1);
	const steps: unknown[] = [];
	const count = p.int(0, 13);
	for (let i = 0; i < count; i++) {
		const atMs = p.int(0, untilMs + 1);
		const node = p.int(1, size + 1);
		const key = `k${p.int(0, 4)}`;
		switch (pick(['kill', 'restart', 'partition', 'cut', 'heal', 'disk', 'put', 'get', 'delete', 'watch', 'transfer', 'load', 'load'])) {
			case 'partition': {
				const groups: number[][] = [[], []];
				for (let m = 1; m <= size; m++) groups[p.int(0, 2)].push(m);
				steps.push({ atMs, do: 'partition', groups: groups.filter((g) => g.length > 0) });
				break;
			}
			case 'cut':
				if (size > 1) steps.push({ atMs, do: 'cut', from: node, to: (node % size) + 1 });
				break;
			case 'heal':
				steps.push({ atMs, do: 'heal' });
				break;
			case 'disk':
				steps.push({ atMs, do: 'disk', node, fsyncMs: pick([0.01, 1, 20, 300, 3000]) });
				break;
			case 'put':
				steps.push({ atMs, do: 'put', node, key, value: `v${i}` });
				break;
			case 'get':
				steps.push({ atMs, do: 'get', node, key, serializable: p.int(0, 2) === 1 });
				break;
			case 'delete':
				steps.push({ atMs, do: 'delete', node, key });
				break;
			case 'watch':
				steps.push({ atMs, do: 'watch', node, key });
				break;
			case 'transfer':
				steps.push({ atMs, do: 'transfer', to: node });
				break;
			case 'load':
				steps.push({ atMs, do: 'load', node, writesPerSec: pick([10, 100, 1000, 3000]), durationMs: p.int(100, 3000), keys: p.int(1, 6) });
				break;
			case 'kill':
				steps.push({ atMs, do: 'kill', node });
				break;
			default:
				steps.push({ atMs, do: 'restart', node });
		}
	}
	return validateScenario({
		version: 1,
		seed: p.int(0, 1_000_000),
		cluster: { size, heartbeatMs, electionMs, preVote: p.int(0, 10) < 7, checkQuorum: p.int(0, 10) < 8 },
		network: { latencyMs: pick([0, 0.5, 5, 50]), jitterMs: pick([0, 0.1, 10]), lossRate: pick([0, 0, 0.1, 0.5]) },
		disk: { fsyncMs: pick([0.001, 1, 10]) },
		client: { timeoutMs: pick([100, 5000, 60_000]) },
		steps,
		untilMs
	});
}

describe('fuzz (seed 20261202): random scenarios under the budget finish within their predicted bound', () => {
	it('50 scenarios', () => {
		const p = new Prng(20261202);
		let ran = 0;
		let worst = 0;
		while (ran < 50) {
			const s = randomScenario(p);
			const predicted = predictEvents(s).events;
			// keep the suite quick: the bound is checked on runs of up to 250,000 predicted events
			if (predicted > 250_000) continue;
			expect(overBudget(s)).toBeNull();
			const { cluster } = runScenario(s);
			expect(cluster.events, `seed ${s.seed}: ${JSON.stringify(s)}`).toBeLessThanOrEqual(predicted);
			worst = Math.max(worst, cluster.events / predicted);
			ran++;
		}
		// a bound that is never approached would prove nothing about its terms
		expect(worst).toBeGreaterThan(0.3);
	}, 120_000);
});
