/**
 * Reports that never lie by omission: every key a user writes survives into the report whatever its
 * name (no plain-object traps), and a capped history says so while its summary counts every op.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/lib/cluster/cluster';
import { checkHistory } from '../../src/lib/kv/history';
import { KvStore } from '../../src/lib/kv/store';
import { clusterOptions, runScenario } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';
import type { ClientOp } from '../../src/lib/cluster/types';

const TRAP_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

describe('user keys named like Object.prototype members', () => {
	const scenario = validateScenario({
		version: 1,
		seed: 3,
		cluster: { size: 3 },
		steps: [
			...TRAP_KEYS.map((key, i) => ({ atMs: 1000 + i, do: 'put', node: 1, key, value: `v-${key}` })),
			{ atMs: 1500, do: 'watch', node: 2, key: '__proto__' },
			{ atMs: 2000, do: 'put', node: 2, key: '__proto__', value: 'again' },
			...TRAP_KEYS.map((key, i) => ({ atMs: 2500 + i, do: 'get', node: 3, key }))
		],
		untilMs: 4000
	});
	const { report, cluster } = runScenario(scenario);

	it('the report keeps every key in every member kv, through JSON', () => {
		const json = JSON.parse(JSON.stringify(report)) as typeof report;
		for (const node of json.nodes) {
			const own = Object.keys(node.kv).sort();
			expect(own).toEqual([...TRAP_KEYS].sort());
			expect(Object.getOwnPropertyDescriptor(node.kv, '__proto__')?.value).toBe('again');
			expect(Object.getOwnPropertyDescriptor(node.kv, 'constructor')?.value).toBe('v-constructor');
		}
	});

	it('the view hands out a dictionary with no inherited members', () => {
		const kv = cluster.view(1).kv;
		expect(Object.getPrototypeOf(kv)).toBeNull();
		expect(kv['toString']).toBe('v-toString');
		expect(Object.keys(kv)).toHaveLength(TRAP_KEYS.length);
		expect(JSON.stringify(kv)).toContain('"__proto__":"again"');
	});

	it('reads, watches and the linearizability verdict see them as ordinary keys', () => {
		const gets = report.ops.filter((o) => o.do === 'get');
		expect(gets.map((o) => [o.key, o.value, o.status])).toEqual(
			TRAP_KEYS.map((key) => [key, key === '__proto__' ? 'again' : `v-${key}`, 'ok'])
		);
		expect(report.watches[0].events.map((e) => e.value)).toEqual(['again']);
		expect(report.linearizable).toBe(true);
	});

	it('an empty store and a missing key inherit nothing', () => {
		const kv = new KvStore();
		const obj = kv.toObject();
		expect('constructor' in obj).toBe(false);
		expect(kv.get('constructor')).toBeUndefined();
		kv.apply({ op: 'put', key: '__proto__', value: 'x', origin: 1, reqId: 1 });
		expect(JSON.stringify(kv.toObject())).toBe('{"__proto__":"x"}');
	});
});

describe('a capped history', () => {
	// 40 puts/s for 10 s with the engine keeping the latest 50 ops only
	const scenario = validateScenario({
		version: 1,
		seed: 5,
		cluster: { size: 3 },
		steps: [
			{ atMs: 1000, do: 'load', node: 1, writesPerSec: 40, durationMs: 10_000, keys: 3 },
			{ atMs: 4000, do: 'kill', node: 2 },
			{ atMs: 4000, do: 'kill', node: 3 },
			{ atMs: 12_000, do: 'restart', node: 2 },
			{ atMs: 11_500, do: 'get', node: 1, key: 'key0' }
		],
		untilMs: 20_000
	});
	const capped = runScenario(scenario, { historyLimit: 50 }).report;
	const whole = runScenario(scenario).report;

	it('says it was capped: how many ops there were, how many are kept, what the verdict covers', () => {
		expect(whole.history).toBeUndefined();
		expect(whole.ops.length).toBe(401);
		expect(capped.history).toEqual({
			capped: true,
			opsTotal: 401,
			opsKept: 50,
			firstKeptOpId: 352,
			linearizableCovers: 'kept',
			latencyCovers: 'kept'
		});
		expect(capped.ops).toHaveLength(50);
		expect(capped.ops[0].id).toBe(352);
	});

	it('its summary counts every put, as the uncapped run does', () => {
		expect(capped.summary.puts.ok).toBe(whole.summary.puts.ok);
		expect(capped.summary.puts.timeout).toBe(whole.summary.puts.timeout);
		expect(capped.summary.puts.fail).toBe(whole.summary.puts.fail);
		const s = whole.summary.puts;
		expect(s.ok + s.timeout + s.fail).toBe(400);
		// writes stopped while 2 of 3 were down: some timed out
		expect(s.timeout).toBeGreaterThan(0);
		// the same run: the engine's work does not depend on how much history is kept
		expect(capped.traceHash).toBe(whole.traceHash);
	});

	it('the verdict is unknown while a dropped timed-out write could still land in the kept window', () => {
		expect(whole.linearizable).toBe(true);
		expect(capped.linearizable).toBe('unknown');
	});

	it('gives a verdict over the kept window when every dropped op had settled before it', () => {
		const healthy = validateScenario({
			version: 1,
			seed: 9,
			cluster: { size: 3 },
			steps: [
				{ atMs: 1000, do: 'load', node: 2, writesPerSec: 50, durationMs: 4000, keys: 2 },
				{ atMs: 4500, do: 'get', node: 1, key: 'key0' },
				{ atMs: 4600, do: 'get', node: 3, key: 'key1', serializable: true }
			],
			untilMs: 6000
		});
		const r = runScenario(healthy, { historyLimit: 30 }).report;
		expect(r.history?.opsTotal).toBe(202);
		expect(r.linearizable).toBe(true);
		expect(r.summary.puts.ok).toBe(200);
	});
});

describe('the windowed linearizability check', () => {
	const op = (id: number, kind: ClientOp['kind'], key: string, value: string | null, callUs: number, returnUs: number): ClientOp => ({
		id,
		kind,
		node: 1,
		key,
		value,
		serializable: false,
		callUs,
		returnUs,
		status: 'ok',
		error: null,
		revision: null
	});

	it('a read of a value written before the window is no violation', () => {
		const window = [op(10, 'get', 'k', 'old', 5000, 6000), op(11, 'put', 'k', 'new', 7000, 8000), op(12, 'get', 'k', 'new', 9000, 9500)];
		expect(checkHistory(window).result).toBe(false);
		expect(checkHistory(window, 4000).result).toBe(true);
		// a dropped op answered after the window opened (or never) could have changed anything in it
		expect(checkHistory(window, 5000).result).toBe('unknown');
		expect(checkHistory(window, Infinity).result).toBe('unknown');
	});

	it('a violation inside the window is still found', () => {
		// 'new' is read back after 'newer' overwrote it, with no one writing 'new' again
		const window = [
			op(10, 'put', 'k', 'new', 1000, 2000),
			op(11, 'get', 'k', 'new', 3000, 3500),
			op(12, 'put', 'k', 'newer', 4000, 4500),
			op(13, 'get', 'k', 'newer', 5000, 5500),
			op(14, 'get', 'k', 'new', 6000, 6500)
		];
		const r = checkHistory(window, 0);
		expect(r.result).toBe(false);
		expect(r.opIds).toEqual([10, 11, 12, 13, 14]);
	});

	it('is the same cluster engine either way (no plain objects in the op list)', () => {
		const c = new Cluster(clusterOptions(validateScenario({ version: 1, cluster: { size: 1 }, untilMs: 10 })));
		expect(c.opCounts.put).toEqual({ issued: 0, ok: 0, timeout: 0, fail: 0 });
	});
});
