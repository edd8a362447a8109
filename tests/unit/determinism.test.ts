/**
 * Same scenario in, same report out, byte for byte; the seed is the only source of randomness.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/lib/cluster/cluster';
import { buildReport, clusterOptions, runScenario, scheduleSteps } from '../../src/lib/scenario/run';
import type { Scenario } from '../../src/lib/scenario/types';
import { parseScenarioText, validateScenario } from '../../src/lib/scenario/validate';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A busy scenario: every kind of step, faults and client load, on 5 members. */
function busy(seed: number): Record<string, unknown> {
	return {
		version: 1,
		seed,
		cluster: { size: 5, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
		network: { latencyMs: 0.5, jitterMs: 0.2, lossRate: 0.01 },
		disk: { fsyncMs: 2 },
		client: { timeoutMs: 5000 },
		steps: [
			{ atMs: 500, do: 'watch', node: 2, key: 'key1' },
			{ atMs: 600, do: 'load', node: 1, writesPerSec: 200, durationMs: 6000, keys: 5 },
			{ atMs: 800, do: 'load', node: 4, writesPerSec: 50, durationMs: 6000, keys: 3 },
			{ atMs: 1500, do: 'put', node: 3, key: 'a', value: 'x' },
			{ atMs: 1500, do: 'get', node: 5, key: 'a', serializable: false },
			{ atMs: 2000, do: 'kill', node: 1 },
			{ atMs: 2200, do: 'partition', groups: [[1, 2], [3, 4, 5]] },
			{ atMs: 2500, do: 'cut', from: 3, to: 4 },
			{ atMs: 2600, do: 'disk', node: 5, fsyncMs: 40 },
			{ atMs: 3000, do: 'restart', node: 1 },
			{ atMs: 3500, do: 'get', node: 2, key: 'key1', serializable: true },
			{ atMs: 4000, do: 'heal' },
			{ atMs: 4200, do: 'delete', node: 4, key: 'a' },
			{ atMs: 4500, do: 'transfer', to: 3 },
			{ atMs: 5000, do: 'watch', node: 4, key: 'key2', fromRevision: 1 },
			{ atMs: 6000, do: 'get', node: 1, key: 'key2', serializable: false }
		],
		untilMs: 9000
	};
}

function reportJson(s: Scenario): string {
	return JSON.stringify(runScenario(s).report);
}

describe('determinism', () => {
	it('the same scenario run twice gives byte-identical reports', () => {
		for (const seed of [1, 7, 123456789]) {
			const s = validateScenario(busy(seed));
			const a = runScenario(s).report;
			const b = runScenario(validateScenario(busy(seed))).report;
			expect(JSON.stringify(a)).toBe(JSON.stringify(b));
			expect(a.traceHash).toBe(b.traceHash);
			expect(a.traceHash).toMatch(/^[0-9a-f]+$/);
			// the scenario exercised something: ops happened, some succeeded, leaders came and went
			expect(a.ops.length).toBeGreaterThan(100);
			expect(a.ops.some((o) => o.status === 'ok')).toBe(true);
			expect(a.leaders.length).toBeGreaterThan(0);
		}
	});

	it('runs do not influence each other (no shared state between clusters)', () => {
		const s1 = validateScenario(busy(1));
		const s2 = validateScenario(busy(2));
		const first = reportJson(s1);
		reportJson(s2);
		// two clusters stepped alternately
		const c1 = new Cluster(clusterOptions(s1));
		const c2 = new Cluster(clusterOptions(s2));
		scheduleSteps(c1, s1.steps);
		scheduleSteps(c2, s2.steps);
		for (let t = 100; t <= s1.untilMs; t += 100) {
			c1.runUntil(t);
			c2.runUntil(t);
		}
		expect(JSON.stringify(buildReport(s1, c1))).toBe(first);
		expect(JSON.stringify(buildReport(s2, c2))).toBe(reportJson(s2));
	});

	it('looking at a run between events (as the UI does) does not change it', () => {
		const s = validateScenario(busy(5));
		const c = new Cluster(clusterOptions(s));
		scheduleSteps(c, s.steps);
		for (let t = 7; t < s.untilMs; t += 7) {
			c.runUntil(t);
			for (let id = 1; id <= c.size; id++) c.view(id);
			c.currentLeader();
		}
		c.runUntil(s.untilMs);
		expect(JSON.stringify(buildReport(s, c))).toBe(reportJson(s));
	});

	it('different seeds give different trace hashes', () => {
		const hashes = new Map<string, number>();
		for (let seed = 0; seed < 20; seed++) {
			const { report } = runScenario(validateScenario({ version: 1, seed, cluster: { size: 3 }, untilMs: 3000 }));
			expect(hashes.get(report.traceHash), `seed ${seed} shares its hash`).toBeUndefined();
			hashes.set(report.traceHash, seed);
		}
		const a = runScenario(validateScenario(busy(1))).report.traceHash;
		const b = runScenario(validateScenario(busy(2))).report.traceHash;
		expect(a).not.toBe(b);
	});

	it('the trace hash changes when anything in the scenario changes', () => {
		const base = busy(3);
		const h = (o: Record<string, unknown>): string => runScenario(validateScenario(o)).report.traceHash;
		const ref = h(base);
		expect(h({ ...base, disk: { fsyncMs: 3 } })).not.toBe(ref);
		expect(h({ ...base, network: { latencyMs: 0.6, jitterMs: 0.2, lossRate: 0.01 } })).not.toBe(ref);
		expect(h({ ...base, steps: (base.steps as unknown[]).slice(1) })).not.toBe(ref);
		expect(h({ ...base, untilMs: 9500 })).not.toBe(ref);
	});

	it('a scenario parsed from text equals the one built as an object, and runs the same', () => {
		const obj = busy(42);
		const fromObj = validateScenario(obj);
		const text = JSON.stringify(obj, null, 2);
		const fromText = parseScenarioText(text);
		expect(fromText).toEqual(fromObj);
		expect(reportJson(fromText)).toBe(reportJson(fromObj));

		// defaults omitted in the text, keys in another order, a byte-order mark: still the same scenario
		const minimal = { version: 1, seed: 42, cluster: { size: 3 }, untilMs: 4000 };
		const explicit = {
			untilMs: 4000,
			steps: [],
			client: { timeoutMs: 5000 },
			disk: { fsyncMs: 1 },
			network: { lossRate: 0, jitterMs: 0.1, latencyMs: 0.5 },
			cluster: { electionMs: 1000, heartbeatMs: 100, checkQuorum: true, preVote: true, size: 3 },
			seed: 42,
			version: 1
		};
		const a = parseScenarioText('\ufeff' + JSON.stringify(explicit));
		const b = validateScenario(minimal);
		expect(a).toEqual(b);
		expect(reportJson(a)).toBe(reportJson(b));
	});

	it('the CLI prints the same report as the library', () => {
		const obj = busy(9);
		const r = spawnSync(process.execPath, ['src/cli/launch.mjs', 'sim', '-'], {
			cwd: ROOT,
			input: JSON.stringify(obj),
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(r.status, r.stderr).toBe(0);
		expect(JSON.parse(r.stdout)).toEqual(runScenario(validateScenario(obj)).report);
	}, 60_000);
});
