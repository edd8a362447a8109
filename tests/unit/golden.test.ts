/**
 * Golden reports: the safety net under every change to the engine.
 *
 * For every built-in scenario (static/scenarios) and 100 seeded random scenarios with faults, load
 * and playground actions (tests/golden/scenarios, written once by tests/golden/generate.ts), the run
 * report the CLI would print, traceHash included, is committed under tests/golden/reports. A change
 * that keeps behaviour keeps every report byte-identical. A change that alters behaviour on purpose
 * regenerates them and says in its commit which behaviour changed and why:
 *
 *     UPDATE_GOLDEN=1 npx vitest run --config tests/vitest.config.ts tests/unit/golden.test.ts
 *
 * The built-in scenarios also promise an outcome in their titles; those promises are asserted in
 * words below, so a regenerated golden cannot quietly break what the scenario teaches.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/lib/scenario/run';
import type { Report } from '../../src/lib/scenario/types';
import { parseScenarioText } from '../../src/lib/scenario/validate';

const root = fileURLToPath(new URL('../../', import.meta.url));
const reportsDir = `${root}tests/golden/reports/`;
const update = process.env.UPDATE_GOLDEN === '1';

interface Case {
	name: string;
	path: string;
}

function cases(dir: string, prefix: string): Case[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ name: `${prefix}${f.replace(/\.json$/, '')}`, path: dir + f }));
}

const builtIn = cases(`${root}static/scenarios/`, '');
const random = cases(`${root}tests/golden/scenarios/`, '');

/** The report exactly as `npm run --silent sim -- FILE` prints it. */
function reportText(path: string): string {
	return JSON.stringify(runScenario(parseScenarioText(readFileSync(path, 'utf8'))).report, null, 2) + '\n';
}

function golden(c: Case): void {
	const actual = reportText(c.path);
	const file = `${reportsDir}${c.name}.report.json`;
	if (update || !existsSync(file)) {
		if (!update) throw new Error(`no golden report for ${c.name}: run with UPDATE_GOLDEN=1 to write it`);
		writeFileSync(file, actual);
		return;
	}
	const expected = readFileSync(file, 'utf8');
	if (actual !== expected) {
		const a = JSON.parse(actual) as Report;
		const e = JSON.parse(expected) as Report;
		// name the first difference in words before the (long) diff
		expect({ traceHash: a.traceHash, leaders: a.leaders, summary: a.summary }, `${c.name}: the run changed`).toEqual({
			traceHash: e.traceHash,
			leaders: e.leaders,
			summary: e.summary
		});
		expect(actual, `${c.name}: the report changed`).toBe(expected);
	}
}

describe('golden reports are byte-identical', () => {
	test('there are 9 built-in and 100 random scenarios', () => {
		expect(builtIn.length).toBe(9);
		expect(random.length).toBe(100);
	});
	for (const c of builtIn) test(`built-in ${c.name}`, () => golden(c), 30_000);
	// faults, load and playground actions; one test each, so a failure names its scenario
	for (const c of random) test(`random ${c.name}`, () => golden(c), 30_000);
	test('every golden report has a scenario (no stale files)', () => {
		const names = new Set([...builtIn, ...random].map((c) => `${c.name}.report.json`));
		const stale = readdirSync(reportsDir).filter((f) => !names.has(f));
		expect(stale).toEqual([]);
	});
});

function report(name: string): Report {
	return JSON.parse(readFileSync(`${reportsDir}${name}.report.json`, 'utf8')) as Report;
}

const leadersAfter = (r: Report, ms: number) => r.leaders.filter((l) => l.atMs > ms);

describe('the built-in scenarios keep their promises', () => {
	test('every built-in run is safe and linearizable', () => {
		for (const c of builtIn) {
			const r = report(c.name);
			expect(r.violations, c.name).toEqual([]);
			expect(r.linearizable, c.name).toBe(true);
		}
	});

	test('kill the leader of 3: n3 leads, a new leader within 1-2 s, no acknowledged write lost', () => {
		const r = report('kill-the-leader');
		expect(r.leaders[0].node).toBe(3);
		const next = leadersAfter(r, 2000)[0];
		expect(next.node).not.toBe(3);
		expect(next.atMs - 2000).toBeGreaterThanOrEqual(1000);
		expect(next.atMs - 2000).toBeLessThanOrEqual(2000);
		// the put in flight when the leader died is not acknowledged; v1 and v2 are, and v2 is read
		const [v1, lost, v2, read] = r.ops;
		expect([v1.status, lost.status, v2.status]).toEqual(['ok', 'timeout', 'ok']);
		expect(read).toMatchObject({ do: 'get', status: 'ok', value: 'v2' });
		for (const n of r.nodes.filter((n) => n.alive)) expect(n.kv.k).toBe('v2');
	});

	test('kill 2 of 3: writes refused, serializable reads answer, nothing lost on recovery', () => {
		const r = report('kill-two-of-three');
		const byValue = (v: string) => r.ops.find((o) => o.do === 'put' && o.value === v);
		expect(byValue('before')?.status).toBe('ok');
		expect(byValue('during')).toMatchObject({ status: 'timeout', error: 'Error: context deadline exceeded' });
		const serializable = r.ops.find((o) => o.do === 'get' && o.callMs === 2600);
		expect(serializable).toMatchObject({ status: 'ok', value: 'before' });
		const linearizable = r.ops.find((o) => o.do === 'get' && o.callMs === 2700);
		expect(linearizable?.status).toBe('timeout');
		expect(byValue('after')?.status).toBe('ok');
		expect(r.ops.at(-1)).toMatchObject({ do: 'get', node: 2, status: 'ok', value: 'after' });
	});

	test('leader of 5 partitioned into a minority: only the majority commits', () => {
		const r = report('leader-in-minority');
		expect(r.leaders[0].node).toBe(5);
		const next = leadersAfter(r, 1500)[0];
		expect([1, 2, 3]).toContain(next.node);
		expect(r.ops.find((o) => o.value === 'minority')?.status).toBe('timeout');
		expect(r.ops.find((o) => o.value === 'majority')?.status).toBe('ok');
		// after the heal the old leader's side holds the majority's history, never its own
		expect(r.ops.at(-1)).toMatchObject({ do: 'get', node: 5, value: 'majority' });
		for (const n of r.nodes) expect(n.kv.x).toBe('majority');
	});

	test('PreVote on: the cut-off follower stays at its term and rejoins quietly', () => {
		const r = report('rejoin-with-prevote');
		expect(r.leaders).toHaveLength(1);
		for (const n of r.nodes) expect(n.term).toBe(r.leaders[0].term);
		expect(r.summary.puts.timeout + r.summary.puts.fail).toBe(0);
	});

	test('grow 3 to 5 safely: learners catch up and are promoted, writes never stop; then 5 tolerate 2 down', () => {
		const r = report('grow-three-to-five');
		const member = r.ops.filter((o) => o.do !== 'put');
		expect(member.map((o) => [o.do, o.node, o.status])).toEqual([
			['memberAdd', 4, 'ok'], ['memberPromote', 4, 'ok'], ['memberAdd', 5, 'ok'], ['memberPromote', 5, 'ok']
		]);
		// no write failed while the cluster grew (before the two kills at 10 s)
		expect(r.ops.filter((o) => o.do === 'put' && o.callMs < 10_000).every((o) => o.status === 'ok')).toBe(true);
		expect(r.nodes.map((n) => [n.member, n.learner])).toEqual(Array(5).fill([true, false]));
		// two of five down: the other three elect a leader and commit
		expect(r.ops.filter((o) => o.do === 'put' && o.callMs > 12_000).every((o) => o.status === 'ok')).toBe(true);
		expect(r.violations).toEqual([]);
	});

	test('the 1 -> 2 trap: an unstarted second voter stops writes until it starts', () => {
		const r = report('one-to-two-trap');
		const put = (v: string) => r.ops.find((o) => o.do === 'put' && o.value === v);
		expect(put('before')?.status).toBe('ok');
		expect(r.ops.find((o) => o.do === 'memberAdd')).toMatchObject({ status: 'ok', node: 2, learner: false });
		expect(put('stuck')).toMatchObject({ status: 'timeout', error: 'Error: context deadline exceeded' });
		expect(put('after')?.status).toBe('ok');
	});

	test('replace a dead member: remove, then add; with one more down the rest still commit', () => {
		const r = report('replace-dead-member');
		expect(r.ops.filter((o) => o.do === 'memberRemove' || o.do === 'memberAdd').map((o) => [o.do, o.node, o.status])).toEqual([
			['memberRemove', 3, 'ok'], ['memberAdd', 4, 'ok']
		]);
		expect(r.nodes.map((n) => n.member)).toEqual([true, true, false, true]);
		expect(r.ops.at(-1)).toMatchObject({ do: 'get', node: 4, status: 'ok', value: 'after' });
	});

	test('PreVote off: the cut-off follower\'s term climbs and it deposes the leader on return', () => {
		const r = report('rejoin-without-prevote');
		const first = r.leaders[0];
		const deposed = leadersAfter(r, 8000);
		expect(deposed.length).toBeGreaterThan(0);
		expect(deposed[0].term).toBeGreaterThan(first.term + 2);
		expect(r.summary.puts.timeout).toBeGreaterThan(0);
	});

	test('the leader\'s disk stalls at 3 s per fsync: it loses leadership', () => {
		const r = report('slow-leader-disk');
		expect(r.leaders[0].node).toBe(2);
		const next = leadersAfter(r, 3000)[0];
		expect(next.node).not.toBe(2);
		expect(r.nodes.find((n) => n.id === 2)?.role).not.toBe('leader');
	});
});
