/** etcdctl check perf: parsing, etcd 3.5's profile on the engine, and etcdctl's output texts (etcdctl/ctlv3/command/check.go). */
import { describe, expect, it } from 'vitest';
import { CHECK_PERF_LOADS, CheckPerf, checkPerfBar, checkPerfLines, type CheckPerfResult } from '../../src/lib/scenario/check-perf';
import { validateScenario } from '../../src/lib/scenario/validate';
import { parse } from '../../src/lib/ui/playground/etcdctl';
import type { Step } from '../../src/lib/scenario/types';

const scenario = (fsyncMs: number) => validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, disk: { fsyncMs }, untilMs: 3_600_000 });

function run(fsyncMs: number, load: 's' | 'm', actions: Step[] = [], atMs = 3000, endpoints = [1]): CheckPerfResult {
	const cp = new CheckPerf(scenario(fsyncMs), actions, atMs, endpoints, load);
	while (!cp.step(20_000));
	return cp.result as CheckPerfResult;
}

describe('parsing', () => {
	it('check perf takes --load as etcdctl does (s by default; small, medium, large, xLarge too)', () => {
		expect(parse('check perf').command).toEqual({ kind: 'checkPerf', load: 's' });
		expect(parse('etcdctl check perf --load=m').command).toEqual({ kind: 'checkPerf', load: 'm' });
		expect(parse('check perf --load l').command).toEqual({ kind: 'checkPerf', load: 'l' });
		expect(parse('check perf --load=xLarge').command).toEqual({ kind: 'checkPerf', load: 'xl' });
		expect(parse('check perf --load=huge').command).toEqual({ kind: 'usage', lines: ['Error: unknown load option huge'] });
		expect(parse('check perf --load=XL').command).toEqual({ kind: 'usage', lines: ['Error: unknown load option XL'] });
	});

	it('check alone lists its commands; an unknown flag is refused with the usage', () => {
		const bare = parse('check').command;
		expect(bare.kind).toBe('usage');
		if (bare.kind === 'usage') expect(bare.lines).toContain('\tperf\tCheck the performance of the etcd cluster');
		const bad = parse('check perf --rev=3').command;
		expect(bad.kind === 'usage' && bad.lines[0]).toBe('Error: unknown flag: --rev');
	});
});

describe('the profile on the engine', () => {
	it('etcd 3.5\'s loads: writes/s and clients, 60 s each', () => {
		expect(CHECK_PERF_LOADS).toEqual({
			s: { limit: 150, clients: 50, durationS: 60 },
			m: { limit: 1000, clients: 200, durationS: 60 },
			l: { limit: 8000, clients: 500, durationS: 60 },
			xl: { limit: 15000, clients: 1000, durationS: 60 }
		});
	});

	it('--load=s on 1 ms disks: 150 writes/s for 60 s, and it passes', () => {
		const r = run(1, 's');
		expect(r.refused).toBeNull();
		expect(r.errors).toEqual([]);
		expect(r.ok).toBe(150 * 60);
		expect(r.totalS).toBeGreaterThan(59.9);
		expect(r.totalS).toBeLessThan(60.1);
		const { lines, pass } = checkPerfLines(r);
		expect(pass).toBe(true);
		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatch(/^PASS: Throughput is 15[01] writes\/s$/);
		expect(lines[1]).toMatch(/^PASS: Slowest request took 0\.0\d{5}s$/);
		expect(lines[2]).toMatch(/^PASS: Stddev is 0\.00\d{4}s$/);
		expect(lines[3]).toBe('PASS');
	});

	it('on 200 ms disks the same load fails: too slow, and the slowest put takes over 500 ms', () => {
		const r = run(200, 's');
		const { lines, pass } = checkPerfLines(r);
		expect(pass).toBe(false);
		expect(r.slowestS).toBeGreaterThan(0.5);
		expect(lines[0]).toMatch(/^FAIL: Throughput too low: \d+ writes\/s$/);
		expect(lines[1]).toMatch(/^Slowest request took too long: \d+\.\d{6}s$/);
		expect(lines[lines.length - 1]).toBe('FAIL');
	});

	it('a dead endpoint, and keys already under the prefix, are refused as etcdctl refuses them', () => {
		const dead = run(1, 's', [{ atMs: 2000, do: 'kill', node: 1 }]);
		expect(checkPerfLines(dead)).toEqual({ lines: ['Error: context deadline exceeded'], pass: false });
		const held = run(1, 's', [{ atMs: 2000, do: 'put', node: 1, key: '/etcdctl-check-perf/x', value: 'v' }]);
		expect(checkPerfLines(held).lines).toEqual(['Error: prefix "/etcdctl-check-perf/" has keys. Delete with etcdctl del --prefix /etcdctl-check-perf/ first']);
	});

	it('through a follower (it forwards every put to the leader) it passes too; the same run gives the same numbers', () => {
		const a = run(1, 's', [], 3000, [2]);
		const b = run(1, 's', [], 3000, [2]);
		expect(a).toEqual(b);
		expect(checkPerfLines(a).pass).toBe(true);
	});
});

describe('what etcdctl prints', () => {
	const base: CheckPerfResult = { load: 'm', refused: null, ok: 1, errors: [], rps: 950.2, slowestS: 0.0123456, stddevS: 0.0012, averageS: 0.01, totalS: 60 };

	it('each criterion: throughput over 90% of the limit, slowest at most 0.5 s, stddev at most 0.1 s', () => {
		expect(checkPerfLines(base).lines).toEqual(['PASS: Throughput is 951 writes/s', 'PASS: Slowest request took 0.012346s', 'PASS: Stddev is 0.001200s', 'PASS']);
		expect(checkPerfLines({ ...base, rps: 900 }).lines[0]).toBe('FAIL: Throughput too low: 901 writes/s');
		expect(checkPerfLines({ ...base, slowestS: 0.5 }).lines[1]).toBe('PASS: Slowest request took 0.500000s');
		expect(checkPerfLines({ ...base, slowestS: 0.5000001 }).lines[1]).toBe('Slowest request took too long: 0.500000s');
		expect(checkPerfLines({ ...base, stddevS: 0.25 }).lines[2]).toBe('Stddev too high: 0.250000s');
	});

	it('errors come first, one line per error text', () => {
		const r = { ...base, errors: [['context deadline exceeded', 12], ['etcdserver: request timed out', 3]] as [string, number][] };
		expect(checkPerfLines(r)).toEqual({
			lines: ['FAIL: too many errors', 'FAIL: ERROR(context deadline exceeded) -> 12', 'FAIL: ERROR(etcdserver: request timed out) -> 3', 'PASS: Throughput is 951 writes/s', 'PASS: Slowest request took 0.012346s', 'PASS: Stddev is 0.001200s', 'FAIL'],
			pass: false
		});
	});

	it('the progress bar counts seconds to 60', () => {
		expect(checkPerfBar(0, 60, 10)).toBe('0 / 60 Bm         ! 0.00% 0s');
		expect(checkPerfBar(30.4, 60, 10)).toBe('30 / 60 Boooom     ! 50.00% 30s');
		expect(checkPerfBar(60, 60, 10)).toBe('60 / 60 Boooooooooo! 100.00% 1m0s');
	});
});
