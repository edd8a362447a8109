import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
	DEFAULTS,
	ScenarioError,
	locateJsonError,
	parseScenarioText,
	preview,
	utf8Length,
	validateScenario
} from '../../src/lib/scenario/validate';
import { MAX_SCENARIO_BYTES, MAX_STEPS, type Scenario, type Step } from '../../src/lib/scenario/types';

/** The example from the format document, comments and all (they are stripped before parsing). */
const FORMAT_EXAMPLE = `
    {
      "version": 1,
      "seed": 7,                       // 0 .. 2^32-1; every random choice derives from it
      "cluster": {
        "size": 3,                     // 1 .. 7
        "preVote": true,               // etcd >= 3.5 default
        "checkQuorum": true,           // always on in etcd; off only to teach why it exists
        "heartbeatMs": 100,            // etcd --heartbeat-interval
        "electionMs": 1000             // etcd --election-timeout
      },
      "network": { "latencyMs": 0.5, "jitterMs": 0.1, "lossRate": 0 },   // one-way, every link
      "disk": { "fsyncMs": 1 },        // every member's WAL fsync time
      "client": { "timeoutMs": 5000 }, // etcdctl --command-timeout
      "steps": [
        { "atMs": 2000, "do": "kill", "node": 1 },
        { "atMs": 2500, "do": "restart", "node": 1 },
        { "atMs": 3000, "do": "partition", "groups": [[1, 2], [3]] },   // every member in one group
        { "atMs": 3000, "do": "cut", "from": 1, "to": 2 },               // one-way: 1 -> 2 lost
        { "atMs": 4000, "do": "heal" },                                   // all links restored
        { "atMs": 4000, "do": "disk", "node": 3, "fsyncMs": 40 },
        { "atMs": 4500, "do": "put", "node": 2, "key": "foo", "value": "bar" },
        { "atMs": 4500, "do": "get", "node": 3, "key": "foo", "serializable": false },
        { "atMs": 4500, "do": "delete", "node": 2, "key": "foo" },
        { "atMs": 4500, "do": "watch", "node": 2, "key": "foo" },
        { "atMs": 5000, "do": "transfer", "to": 2 },                      // move leadership
        { "atMs": 6000, "do": "load", "node": 1, "writesPerSec": 100, "durationMs": 10000, "keys": 100 }
      ],
      "untilMs": 20000
    }`;

const stripComments = (s: string): string => s.replace(/\/\/[^\n]*/g, '');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MIN: { [k: string]: Json } = { version: 1, cluster: { size: 3 }, untilMs: 1000 };

/** The minimal scenario plus `extra` top-level fields. */
function withTop(extra: { [k: string]: Json }): { [k: string]: Json } {
	return { ...MIN, ...extra };
}

/** The minimal scenario (untilMs 10000) with these steps. */
function withSteps(...steps: Json[]): { [k: string]: Json } {
	return { ...MIN, untilMs: 10000, steps };
}

function errorOf(f: () => unknown): ScenarioError {
	try {
		f();
	} catch (e) {
		if (e instanceof ScenarioError) return e;
		throw new Error(`threw something other than ScenarioError: ${String(e)}`);
	}
	throw new Error('did not throw');
}

/** The message validateScenario throws for `value`. */
function msg(value: unknown): string {
	return errorOf(() => validateScenario(value)).message;
}

function textMsg(text: string): string {
	return errorOf(() => parseScenarioText(text)).message;
}

describe('valid scenarios', () => {
	it('fills every default for the minimal scenario', () => {
		const s = parseScenarioText('{"version":1,"cluster":{"size":3},"untilMs":1000}');
		expect(s).toStrictEqual({
			version: 1,
			seed: 0,
			cluster: { size: 3, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
			network: { latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 },
			disk: { fsyncMs: 1 },
			client: { timeoutMs: 5000 },
			steps: [],
			untilMs: 1000
		});
	});

	it('DEFAULTS holds the documented defaults', () => {
		expect(DEFAULTS.seed).toBe(0);
		expect(DEFAULTS.cluster).toStrictEqual({ preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 });
		expect(DEFAULTS.network).toStrictEqual({ latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 });
		expect(DEFAULTS.disk.fsyncMs).toBe(1);
		expect(DEFAULTS.client.timeoutMs).toBe(5000);
		expect(Object.isFrozen(DEFAULTS.cluster)).toBe(true);
	});

	it('accepts the full example from the format document, steps in file order', () => {
		const s = parseScenarioText(stripComments(FORMAT_EXAMPLE));
		expect(s.seed).toBe(7);
		expect(s.untilMs).toBe(20000);
		expect(s.steps.map((x) => x.do)).toStrictEqual([
			'kill', 'restart', 'partition', 'cut', 'heal', 'disk', 'put', 'get', 'delete', 'watch', 'transfer', 'load'
		]);
		expect(s.steps[2]).toStrictEqual({ atMs: 3000, do: 'partition', groups: [[1, 2], [3]] });
		expect(s.steps[7]).toStrictEqual({ atMs: 4500, do: 'get', node: 3, key: 'foo', serializable: false });
		expect(s.steps[9]).toStrictEqual({ atMs: 4500, do: 'watch', node: 2, key: 'foo' });
		expect(s.steps[11]).toStrictEqual({
			atMs: 6000, do: 'load', node: 1, writesPerSec: 100, durationMs: 10000, keys: 100
		});
		// Validating the result again gives the same thing.
		expect(validateScenario(JSON.parse(JSON.stringify(s)))).toStrictEqual(s);
	});

	it('fills step defaults: get.serializable false; watch.fromRevision kept when given', () => {
		const s = validateScenario(
			withSteps(
				{ atMs: 1, do: 'get', node: 1, key: 'k' },
				{ atMs: 2, do: 'watch', node: 1, key: 'k', fromRevision: 5 }
			)
		);
		expect(s.steps).toStrictEqual([
			{ atMs: 1, do: 'get', node: 1, key: 'k', serializable: false },
			{ atMs: 2, do: 'watch', node: 1, key: 'k', fromRevision: 5 }
		]);
	});

	it('ignores unknown fields at every level and returns a fresh object with only known ones', () => {
		const input = {
			version: 1,
			comment: 'hello',
			cluster: { size: 1, colour: 'red' },
			network: { latencyMs: 2, future: [1, 2] },
			disk: { fsyncMs: 3, kind: 'ssd' },
			client: { timeoutMs: 7, retries: 3 },
			steps: [{ atMs: 0, do: 'heal', note: 'x' }],
			untilMs: 5
		};
		const s = validateScenario(input);
		expect(s).toStrictEqual({
			version: 1,
			seed: 0,
			cluster: { size: 1, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
			network: { latencyMs: 2, jitterMs: 0.1, lossRate: 0 },
			disk: { fsyncMs: 3 },
			client: { timeoutMs: 7 },
			steps: [{ atMs: 0, do: 'heal' }],
			untilMs: 5
		});
		expect(s.cluster).not.toBe(input.cluster);
		expect(s.steps[0]).not.toBe(input.steps[0]);
	});

	it('accepts boundary values', () => {
		const s = validateScenario({
			version: 1,
			seed: 2 ** 32 - 1,
			cluster: { size: 7, heartbeatMs: 10000, electionMs: 50000, preVote: false, checkQuorum: false },
			network: { latencyMs: 0, jitterMs: 10000, lossRate: 1 },
			disk: { fsyncMs: 60000 },
			client: { timeoutMs: 600000 },
			steps: [{ atMs: 86400000, do: 'put', node: 7, key: 'k'.repeat(1500), value: '' }],
			untilMs: 86400000
		});
		expect(s.seed).toBe(4294967295);
		expect(s.network.lossRate).toBe(1);
		expect(s.steps).toHaveLength(1);
	});

	it('accepts exactly 10,000 steps and a file of exactly 1 MiB', () => {
		const steps = Array.from({ length: MAX_STEPS }, (_, i) => ({ atMs: i, do: 'heal' }));
		expect(validateScenario(withSteps(...steps)).steps).toHaveLength(MAX_STEPS);
		const base = '{"version":1,"cluster":{"size":3},"untilMs":1000}';
		const text = base + ' '.repeat(MAX_SCENARIO_BYTES - base.length);
		expect(utf8Length(text)).toBe(MAX_SCENARIO_BYTES);
		expect(parseScenarioText(text).untilMs).toBe(1000);
	});

	it('accepts a leading byte-order mark', () => {
		expect(parseScenarioText('\uFEFF{"version":1,"cluster":{"size":3},"untilMs":1000}').untilMs).toBe(1000);
	});

	it('normalises -0 to 0', () => {
		const s = validateScenario({ ...MIN, seed: -0, steps: [{ atMs: -0, do: 'heal' }] });
		expect(Object.is(s.seed, 0)).toBe(true);
		expect(Object.is(s.steps[0]?.atMs, 0)).toBe(true);
	});
});

describe('file-level errors', () => {
	it('refuses a file over 1 MiB before parsing, counting UTF-8 bytes', () => {
		const base = '{"version":1,"cluster":{"size":3},"untilMs":1000}';
		const parse = vi.spyOn(JSON, 'parse');
		try {
			const text = base + ' '.repeat(MAX_SCENARIO_BYTES + 1 - base.length);
			expect(textMsg(text)).toBe(`file: larger than 1 MiB (${MAX_SCENARIO_BYTES + 1} bytes)`);
			// 'é' is 2 bytes in UTF-8: under 1 MiB in UTF-16 units, over it in bytes.
			const wide = base.slice(0, -1) + ',"x":"' + 'é'.repeat(MAX_SCENARIO_BYTES / 2) + '"}';
			expect(wide.length).toBeLessThan(MAX_SCENARIO_BYTES);
			const e = errorOf(() => parseScenarioText(wide));
			expect(e.field).toBe('file');
			expect(e.expected).toBe(`larger than 1 MiB (${utf8Length(wide)} bytes)`);
			expect(parse).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
		}
	});

	it('counts UTF-8 bytes like TextEncoder', () => {
		for (const s of ['', 'abc', 'é', '€', '😀', '\uD800', 'a\uDC00b', '\uD83D\uDE00\uD83D']) {
			expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
		}
	});

	it('reports invalid JSON as (json) with a position, line and column', () => {
		expect(textMsg('{"version": 1,\n  "cluster": }')).toBe(
			"(json): not valid JSON (unexpected '}' at position 28, line 2 column 14)"
		);
		expect(textMsg('')).toBe('(json): not valid JSON (unexpected end of input at position 0, line 1 column 1)');
		expect(textMsg('{"a":1,}')).toBe(
			"(json): not valid JSON (expected a property name in double quotes, found '}' at position 7, line 1 column 8)"
		);
		expect(textMsg('{"a":1} x')).toBe(
			"(json): not valid JSON (unexpected 'x' after the JSON value at position 8, line 1 column 9)"
		);
		expect(textMsg('{"a":"b\nc"}')).toBe(
			'(json): not valid JSON (bad control character (character U+000A) in a string at position 7, line 1 column 8)'
		);
		expect(errorOf(() => parseScenarioText('{version: 1}')).field).toBe('(json)');
	});

	it('the JSON error locator agrees with JSON.parse on what is valid', () => {
		const samples = [
			'{}', '[]', '[1,2]', '{"a":[1,{"b":null}]}', ' true ', '-0.5e+3', '"\\u00e9\\n"', '1', '01', '1.', '.5',
			'-', '[1,]', '{"a" 1}', '{"a":1', '"\\x"', '"\\u12"', 'nul', 'truex', '[1 2]', '{,}', '\u00a0{}', '1e', '"a'
		];
		for (const s of samples) {
			let ok = true;
			try {
				JSON.parse(s);
			} catch {
				ok = false;
			}
			expect(locateJsonError(s) === null, s).toBe(ok);
		}
		fc.assert(
			fc.property(fc.json(), (s) => {
				expect(locateJsonError(s)).toBeNull();
			}),
			{ seed: 4401 }
		);
		fc.assert(
			fc.property(fc.json(), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), (s, at, junk) => {
				const t = s.slice(0, at % (s.length + 1)) + junk + s.slice(at % (s.length + 1));
				let ok = true;
				try {
					JSON.parse(t);
				} catch {
					ok = false;
				}
				expect(locateJsonError(t) === null).toBe(ok);
			}),
			{ seed: 4402 }
		);
	});

	it('survives a nesting-depth bomb', () => {
		const depth = 100_000;
		const bomb = '['.repeat(depth) + ']'.repeat(depth);
		expect(textMsg(bomb)).toBe('(top level): expected a JSON object (got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…)');
		// Deep nesting in an unknown field is ignored; in a known field it is reported, briefly.
		const ok = `{"version":1,"cluster":{"size":3},"untilMs":1000,"extra":${bomb}}`;
		expect(parseScenarioText(ok).untilMs).toBe(1000);
		const bad = `{"version":1,"cluster":{"size":3},"untilMs":1000,"steps":[${bomb}]}`;
		expect(textMsg(bad)).toMatch(/^steps\[0\]: expected an object such as .* \(got \[\[\[.*…\)$/);
		const deepObj = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
		expect(textMsg(`{"version":1,"cluster":${deepObj},"untilMs":1}`)).toBe('cluster.size: missing (expected an integer 1..7)');
		expect(textMsg(`{"version":${deepObj}}`)).toBe(
			'version: expected 1 (got {"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a"…)'
		);
	});

	it('reports a JSON.parse that gives up (RangeError) on valid text as (json)', () => {
		const parse = vi.spyOn(JSON, 'parse').mockImplementation(() => {
			throw new RangeError('Maximum call stack size exceeded');
		});
		try {
			expect(textMsg('[[[]]]')).toBe('(json): could not be read (nested too deeply)');
		} finally {
			parse.mockRestore();
		}
	});

	it('requires a top-level object', () => {
		expect(textMsg('[]')).toBe('(top level): expected a JSON object (got [])');
		expect(textMsg('null')).toBe('(top level): expected a JSON object (got null)');
		expect(textMsg('"x"')).toBe('(top level): expected a JSON object (got "x")');
		expect(msg(undefined)).toBe('(top level): expected a JSON object (got undefined)');
	});
});

describe('top-level fields', () => {
	it('version', () => {
		expect(msg({ cluster: { size: 3 }, untilMs: 1 })).toBe('version: missing (expected 1)');
		expect(msg(withTop({ version: 2 }))).toBe('version: 2 is newer than this program understands (expected 1)');
		expect(msg(withTop({ version: '1' }))).toBe('version: expected 1 (got "1")');
		expect(msg(withTop({ version: 0 }))).toBe('version: expected 1 (got 0)');
		expect(msg(withTop({ version: 1.5 }))).toBe('version: expected 1 (got 1.5)');
		// version is checked before anything else
		expect(msg({ version: 3, cluster: 'x' })).toBe('version: 3 is newer than this program understands (expected 1)');
	});

	it('seed', () => {
		expect(msg(withTop({ seed: -1 }))).toBe('seed: expected an integer 0..4294967295 (got -1)');
		expect(msg(withTop({ seed: 2 ** 32 }))).toBe('seed: expected an integer 0..4294967295 (got 4294967296)');
		expect(msg(withTop({ seed: 1.5 }))).toBe('seed: expected an integer 0..4294967295 (got 1.5)');
		expect(msg(withTop({ seed: '7' }))).toBe('seed: expected an integer 0..4294967295 (got "7")');
		expect(msg(withTop({ seed: null }))).toBe('seed: expected an integer 0..4294967295 (got null)');
	});

	it('cluster', () => {
		expect(msg({ version: 1, untilMs: 1 })).toBe('cluster: missing (expected an object such as {"size": 3})');
		expect(msg(withTop({ cluster: [3] }))).toBe('cluster: expected an object such as {"size": 3} (got [3])');
		expect(msg(withTop({ cluster: {} }))).toBe('cluster.size: missing (expected an integer 1..7)');
		expect(msg(withTop({ cluster: { size: 0 } }))).toBe('cluster.size: expected an integer 1..7 (got 0)');
		expect(msg(withTop({ cluster: { size: 8 } }))).toBe('cluster.size: expected an integer 1..7 (got 8)');
		expect(msg(withTop({ cluster: { size: 2.5 } }))).toBe('cluster.size: expected an integer 1..7 (got 2.5)');
		expect(msg(withTop({ cluster: { size: 3, preVote: 'yes' } }))).toBe(
			'cluster.preVote: expected true or false (got "yes")'
		);
		expect(msg(withTop({ cluster: { size: 3, checkQuorum: 1 } }))).toBe(
			'cluster.checkQuorum: expected true or false (got 1)'
		);
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 0 } }))).toBe(
			'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 0)'
		);
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 10001 } }))).toBe(
			'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 10001)'
		);
		// etcd's flags are whole milliseconds; a fraction would tick at 0 µs (the 89-byte file)
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 0.0004, electionMs: 0.002 } }))).toBe(
			'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 0.0004)'
		);
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 1e-7 } }))).toBe(
			'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 1e-7)'
		);
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 100, electionMs: 1000.5 } }))).toBe(
			'cluster.electionMs: expected a whole number of milliseconds 1..50000, as etcd takes it (got 1000.5)'
		);
		expect(msg(withTop({ cluster: { size: 3, electionMs: 50001 } }))).toBe(
			'cluster.electionMs: expected a whole number of milliseconds 1..50000, as etcd takes it (got 50001)'
		);
	});

	it('electionMs must be at least 5 x heartbeatMs, as etcd insists', () => {
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 100, electionMs: 499 } }))).toBe(
			'cluster.electionMs: expected at least 5 x heartbeatMs = 500 (got 499); etcd refuses an ' +
				'--election-timeout below 5 times the --heartbeat-interval'
		);
		// the default electionMs (1000) is too short for a 300 ms heartbeat
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 300 } }))).toBe(
			'cluster.electionMs: expected at least 5 x heartbeatMs = 1500 (got 1000, the default); etcd refuses an ' +
				'--election-timeout below 5 times the --heartbeat-interval'
		);
		// and at most 1000 x: each start fast-forwards electionMs / heartbeatMs ticks at once
		expect(msg(withTop({ cluster: { size: 3, heartbeatMs: 1, electionMs: 50000 } }))).toBe(
			'cluster.electionMs: expected at most 1000 x heartbeatMs = 1000 (got 50000); raise heartbeatMs or lower electionMs'
		);
		expect(validateScenario(withTop({ cluster: { size: 3, heartbeatMs: 50, electionMs: 50000 } })).cluster.electionMs).toBe(50000);
		expect(validateScenario(withTop({ cluster: { size: 3, heartbeatMs: 200 } })).cluster.electionMs).toBe(1000);
		expect(validateScenario(withTop({ cluster: { size: 3, heartbeatMs: 10, electionMs: 50 } })).cluster.electionMs).toBe(50);
	});

	it('network, disk, client', () => {
		expect(msg(withTop({ network: 5 }))).toBe('network: expected an object (got 5)');
		expect(msg(withTop({ network: { latencyMs: -1 } }))).toBe(
			'network.latencyMs: expected a finite number >= 0 and <= 10000 (got -1)'
		);
		expect(msg(withTop({ network: { jitterMs: 10001 } }))).toBe(
			'network.jitterMs: expected a finite number >= 0 and <= 10000 (got 10001)'
		);
		expect(msg(withTop({ network: { lossRate: 1.01 } }))).toBe(
			'network.lossRate: expected a finite number >= 0 and <= 1 (got 1.01)'
		);
		expect(msg(withTop({ disk: { fsyncMs: 0 } }))).toBe('disk.fsyncMs: expected a finite number > 0 and <= 60000 (got 0)');
		expect(msg(withTop({ disk: null }))).toBe('disk: expected an object (got null)');
		expect(msg(withTop({ client: { timeoutMs: 600001 } }))).toBe(
			'client.timeoutMs: expected a finite number > 0 and <= 600000 (got 600001)'
		);
	});

	it('rejects non-finite numbers from JS callers', () => {
		expect(msg({ ...MIN, untilMs: NaN })).toBe('untilMs: expected a finite number > 0 (got NaN)');
		expect(msg({ ...MIN, untilMs: Infinity })).toBe('untilMs: expected a finite number > 0 (got Infinity)');
		expect(msg({ ...MIN, network: { latencyMs: Infinity } })).toBe(
			'network.latencyMs: expected a finite number >= 0 and <= 10000 (got Infinity)'
		);
		expect(msg({ ...MIN, seed: 10n })).toBe('seed: expected an integer 0..4294967295 (got 10n)');
		expect(msg({ ...MIN, steps: [{ atMs: NaN, do: 'heal' }] })).toBe(
			'steps[0].atMs: expected a finite number >= 0 (got NaN)'
		);
	});

	it('untilMs', () => {
		expect(msg({ version: 1, cluster: { size: 3 } })).toBe('untilMs: missing (expected a finite number > 0)');
		expect(msg(withTop({ untilMs: 'soon' }))).toBe('untilMs: expected a finite number > 0 (got "soon")');
		expect(msg(withTop({ untilMs: 0 }))).toBe('untilMs: expected a finite number > 0 (got 0)');
		expect(msg(withTop({ untilMs: 86400001 }))).toBe(
			'untilMs: expected at most 86400000 (24 h of simulated time) (got 86400001)'
		);
	});

	it('truncates what was got to 40 characters', () => {
		const e = errorOf(() => validateScenario(withTop({ untilMs: 'x'.repeat(100) })));
		expect(e.expected).toBe(`expected a finite number > 0 (got "${'x'.repeat(38)}…)`);
		expect(preview('x'.repeat(100))).toHaveLength(40);
		expect(preview({ a: [1, 'two', null, true], b: {} })).toBe('{"a":[1,"two",null,true],"b":{}}');
	});

	it('reports the first error in document order', () => {
		const both = { version: 1, untilMs: 'x', seed: -1, cluster: { size: 3 } };
		expect(msg(both)).toBe('seed: expected an integer 0..4294967295 (got -1)');
		// steps come before untilMs in the format, so a bad step is reported first ...
		expect(msg({ ...MIN, untilMs: 'x', steps: [{ atMs: 0, do: 'explode' }] })).toMatch(/^steps\[0\]\.do: /);
		// ... and atMs is compared with untilMs only when untilMs is valid
		expect(msg({ ...MIN, untilMs: 'x', steps: [{ atMs: 5000, do: 'heal' }] })).toBe(
			'untilMs: expected a finite number > 0 (got "x")'
		);
		expect(msg({ ...MIN, cluster: { size: 9 }, network: 1 })).toBe('cluster.size: expected an integer 1..7 (got 9)');
	});
});

describe('steps', () => {
	it('must be an array of at most 10,000 objects', () => {
		expect(msg({ ...MIN, steps: {} })).toBe('steps: expected an array of steps (got {})');
		const many = Array.from({ length: MAX_STEPS + 1 }, () => ({ atMs: 0, do: 'heal' }));
		expect(msg({ ...MIN, steps: many })).toBe('steps: at most 10000 steps (got 10001)');
		const text = JSON.stringify({ ...MIN, steps: many });
		expect(textMsg(text)).toBe('steps: at most 10000 steps (got 10001)');
		expect(msg(withSteps(5))).toBe('steps[0]: expected an object such as {"atMs": 0, "do": "heal"} (got 5)');
	});

	it('atMs', () => {
		expect(msg(withSteps({ atMs: 0, do: 'heal' }, { do: 'heal' }))).toBe(
			'steps[1].atMs: missing (expected a finite number >= 0)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'heal' }, { atMs: 0, do: 'heal' }, { atMs: -5, do: 'heal' }))).toBe(
			'steps[2].atMs: expected a finite number >= 0 (got -5)'
		);
		expect(msg(withSteps({ atMs: '1', do: 'heal' }))).toBe('steps[0].atMs: expected a finite number >= 0 (got "1")');
		expect(msg(withSteps({ atMs: 10001, do: 'heal' }))).toBe('steps[0].atMs: expected at most untilMs (10000) (got 10001)');
		expect(validateScenario(withSteps({ atMs: 10000, do: 'heal' })).steps).toHaveLength(1);
	});

	it('do', () => {
		const all = 'kill, restart, partition, cut, heal, disk, put, get, delete, watch, transfer, load, memberAdd, memberPromote, memberRemove';
		const ok = { atMs: 0, do: 'heal' };
		expect(msg(withSteps(ok, ok, ok, ok, { atMs: 0, do: 'explode' }))).toBe(
			`steps[4].do: unknown step "explode" (expected one of: ${all})`
		);
		expect(msg(withSteps({ atMs: 0 }))).toBe(`steps[0].do: missing (expected one of: ${all})`);
		expect(msg(withSteps({ atMs: 0, do: 3 }))).toBe(`steps[0].do: expected one of: ${all} (got 3)`);
		expect(msg(withSteps({ atMs: 0, do: 'constructor' }))).toBe(
			`steps[0].do: unknown step "constructor" (expected one of: ${all})`
		);
		expect(msg(withSteps({ atMs: 0, do: 'KILL', node: 1 }))).toMatch(/unknown step "KILL"/);
	});

	it('node, from, to: member numbers', () => {
		const ok = { atMs: 0, do: 'heal' };
		expect(msg(withSteps(ok, ok, ok, { atMs: 0, do: 'kill', node: 9 }))).toBe(
			'steps[3].node: member 9 does not exist in a 3-member cluster'
		);
		expect(msg(withSteps({ atMs: 0, do: 'restart', node: 0 }))).toBe(
			'steps[0].node: member 0 does not exist in a 3-member cluster'
		);
		expect(msg(withSteps({ atMs: 0, do: 'kill' }))).toBe('steps[0].node: missing (expected a member number 1..3)');
		expect(msg(withSteps({ atMs: 0, do: 'kill', node: '1' }))).toBe(
			'steps[0].node: expected a member number 1..3 (got "1")'
		);
		expect(msg(withSteps({ atMs: 0, do: 'kill', node: 1.5 }))).toBe(
			'steps[0].node: expected a member number 1..3 (got 1.5)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'transfer', to: 4 }))).toBe(
			'steps[0].to: member 4 does not exist in a 3-member cluster'
		);
		expect(msg(withSteps({ atMs: 0, do: 'cut', from: 5, to: 1 }))).toBe(
			'steps[0].from: member 5 does not exist in a 3-member cluster'
		);
		expect(msg(withSteps({ atMs: 0, do: 'cut', from: 2, to: 2 }))).toBe(
			'steps[0].to: expected a member other than "from" (both are 2)'
		);
		expect(msg({ ...MIN, cluster: { size: 1 }, steps: [{ atMs: 0, do: 'kill', node: 2 }] })).toBe(
			'steps[0].node: member 2 does not exist in a 1-member cluster'
		);
	});

	it('partition groups', () => {
		const p = (groups: Json): { [k: string]: Json } => withSteps({ atMs: 0, do: 'heal' }, { atMs: 0, do: 'partition', groups });
		expect(msg(p([[1, 2]]))).toBe('steps[1].groups: member 3 is in no group (every member must be in exactly one group)');
		expect(msg(p([[1, 2], [2, 3]]))).toBe(
			'steps[1].groups: member 2 is in more than one group (every member must be in exactly one group)'
		);
		expect(msg(p([[1, 1], [2, 3]]))).toBe('steps[1].groups[0]: member 1 is listed twice in the same group');
		expect(msg(p([]))).toBe('steps[1].groups: expected at least one group (got [])');
		expect(msg(p([[1, 2], []]))).toBe('steps[1].groups[1]: expected a non-empty array of member numbers (got [])');
		expect(msg(p([[1, 2], 3]))).toBe('steps[1].groups[1]: expected a non-empty array of member numbers (got 3)');
		expect(msg(p([[1, 9], [3]]))).toBe('steps[1].groups[0][1]: member 9 does not exist in a 3-member cluster');
		expect(msg(p('1,2|3'))).toMatch(/^steps\[1\]\.groups: expected an array of groups, each a non-empty array/);
		expect(msg(withSteps({ atMs: 0, do: 'partition' }))).toMatch(/^steps\[0\]\.groups: missing \(expected an array/);
		expect(validateScenario(p([[3], [1], [2]])).steps[1]).toStrictEqual({ atMs: 0, do: 'partition', groups: [[3], [1], [2]] });
		expect(validateScenario(p([[2, 1, 3]])).steps[1]).toStrictEqual({ atMs: 0, do: 'partition', groups: [[2, 1, 3]] });
	});

	it('a sparse or absurdly long groups array fails fast', () => {
		const groups: unknown[] = [];
		groups.length = 2 ** 32 - 1;
		groups[0] = [1, 2, 3];
		expect(msg({ ...MIN, steps: [{ atMs: 0, do: 'partition', groups }] })).toBe(
			'steps[0].groups[1]: expected a non-empty array of member numbers (got undefined)'
		);
		const members: unknown[] = [];
		members.length = 2 ** 32 - 1;
		expect(msg({ ...MIN, steps: [{ atMs: 0, do: 'partition', groups: [members] }] })).toBe(
			'steps[0].groups[0][0]: missing (expected a member number 1..3)'
		);
	});

	it('disk', () => {
		expect(msg(withSteps({ atMs: 0, do: 'disk', node: 1 }))).toBe(
			'steps[0].fsyncMs: missing (expected a finite number > 0 and <= 60000)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'disk', node: 1, fsyncMs: 0 }))).toBe(
			'steps[0].fsyncMs: expected a finite number > 0 and <= 60000 (got 0)'
		);
	});

	it('put, get, delete, watch', () => {
		expect(msg(withSteps({ atMs: 0, do: 'put', node: 1, key: '', value: 'v' }))).toBe(
			'steps[0].key: expected a non-empty string of at most 1500 characters (got "")'
		);
		expect(msg(withSteps({ atMs: 0, do: 'put', node: 1, key: 'k'.repeat(1501), value: 'v' }))).toBe(
			`steps[0].key: expected a non-empty string of at most 1500 characters (got "${'k'.repeat(38)}…)`
		);
		expect(msg(withSteps({ atMs: 0, do: 'put', node: 1, key: 'k' }))).toBe('steps[0].value: missing (expected a string)');
		expect(msg(withSteps({ atMs: 0, do: 'put', node: 1, key: 'k', value: 5 }))).toBe(
			'steps[0].value: expected a string (got 5)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'get', node: 1 }))).toBe(
			'steps[0].key: missing (expected a non-empty string of at most 1500 characters)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'get', node: 1, key: 'k', serializable: 'no' }))).toBe(
			'steps[0].serializable: expected true or false (got "no")'
		);
		expect(msg(withSteps({ atMs: 0, do: 'delete', node: 1, key: ['k'] }))).toBe(
			'steps[0].key: expected a non-empty string of at most 1500 characters (got ["k"])'
		);
		expect(msg(withSteps({ atMs: 0, do: 'watch', node: 1, key: 'k', fromRevision: 0 }))).toBe(
			'steps[0].fromRevision: expected an integer >= 1 (got 0)'
		);
		expect(msg(withSteps({ atMs: 0, do: 'watch', node: 1, key: 'k', fromRevision: 2.5 }))).toBe(
			'steps[0].fromRevision: expected an integer >= 1 (got 2.5)'
		);
		expect(validateScenario(withSteps({ atMs: 0, do: 'put', node: 1, key: 'k', value: '' })).steps[0]).toStrictEqual({
			atMs: 0, do: 'put', node: 1, key: 'k', value: ''
		});
	});

	it('load', () => {
		const load = (o: { [k: string]: Json }): { [k: string]: Json } =>
			withSteps({ atMs: 0, do: 'load', node: 1, writesPerSec: 10, durationMs: 100, keys: 5, ...o });
		expect(msg(load({ writesPerSec: 0 }))).toBe('steps[0].writesPerSec: expected a finite number > 0 and <= 10000 (got 0)');
		expect(msg(load({ writesPerSec: 10001 }))).toBe(
			'steps[0].writesPerSec: expected a finite number > 0 and <= 10000 (got 10001)'
		);
		expect(msg(load({ durationMs: -1 }))).toBe('steps[0].durationMs: expected a finite number > 0 and <= 86400000 (got -1)');
		expect(msg(load({ keys: 0 }))).toBe('steps[0].keys: expected an integer 1..100000 (got 0)');
		expect(msg(load({ keys: 100001 }))).toBe('steps[0].keys: expected an integer 1..100000 (got 100001)');
		expect(msg(load({ keys: 1.5 }))).toBe('steps[0].keys: expected an integer 1..100000 (got 1.5)');
	});

	it('load: valueBytes is optional, a whole number of bytes up to etcd\'s 1.5 MiB request limit', () => {
		const load = (o: { [k: string]: Json }): { [k: string]: Json } =>
			withSteps({ atMs: 0, do: 'load', node: 1, writesPerSec: 10, durationMs: 100, keys: 5, ...o });
		expect(validateScenario(load({ valueBytes: 15000 })).steps[0]).toStrictEqual({ atMs: 0, do: 'load', node: 1, writesPerSec: 10, durationMs: 100, keys: 5, valueBytes: 15000 });
		expect(validateScenario(load({ valueBytes: 0 })).steps[0]).toMatchObject({ valueBytes: 0 });
		expect('valueBytes' in validateScenario(load({})).steps[0]).toBe(false);
		const limit = 'a whole number of bytes 0..1,572,864 (etcd refuses a request over its --max-request-bytes, 1.5 MiB)';
		expect(msg(load({ valueBytes: -1 }))).toBe(`steps[0].valueBytes: expected ${limit} (got -1)`);
		expect(msg(load({ valueBytes: 1.5 }))).toBe(`steps[0].valueBytes: expected ${limit} (got 1.5)`);
		expect(msg(load({ valueBytes: 1_572_865 }))).toBe(`steps[0].valueBytes: expected ${limit} (got 1572865)`);
		expect(msg(load({ valueBytes: '15KB' }))).toBe(`steps[0].valueBytes: expected ${limit} (got "15KB")`);
	});

	it('disk.writeMBps is optional, above 0', () => {
		const base = { version: 1, cluster: { size: 3 }, untilMs: 1000 };
		expect(validateScenario({ ...base, disk: { fsyncMs: 1, writeMBps: 200 } }).disk).toStrictEqual({ fsyncMs: 1, writeMBps: 200 });
		expect(validateScenario({ ...base, disk: { fsyncMs: 1 } }).disk).toStrictEqual({ fsyncMs: 1 });
		expect(msg({ ...base, disk: { fsyncMs: 1, writeMBps: 0 } })).toMatch(/^disk\.writeMBps: expected a finite number > 0/);
	});

	it('load: keys defaults to 1, as the format says of every field but version, cluster.size and untilMs', () => {
		const s = validateScenario(withSteps({ atMs: 0, do: 'load', node: 1, writesPerSec: 1, durationMs: 1 }));
		expect(s.steps[0]).toEqual({ atMs: 0, do: 'load', node: 1, writesPerSec: 1, durationMs: 1, keys: 1 });
	});

	it('checks fields of a step in order: atMs, do, then the fields as documented', () => {
		expect(msg(withSteps({ atMs: -1, do: 'explode' }))).toBe('steps[0].atMs: expected a finite number >= 0 (got -1)');
		expect(msg(withSteps({ atMs: 0, do: 'put', node: 9, key: '', value: 1 }))).toBe(
			'steps[0].node: member 9 does not exist in a 3-member cluster'
		);
	});
});

describe('hostile input', () => {
	it('treats __proto__, constructor and prototype keys as plain unknown fields', () => {
		const text =
			'{"__proto__":{"version":1,"untilMs":5},"version":1,"cluster":{"size":3,"__proto__":{"preVote":"x"}},' +
			'"constructor":{"prototype":{"polluted":true}},"untilMs":1000,' +
			'"steps":[{"__proto__":{"node":1},"atMs":0,"do":"kill","node":2}]}';
		const s = parseScenarioText(text);
		expect(s.cluster.preVote).toBe(true);
		expect(s.steps).toStrictEqual([{ atMs: 0, do: 'kill', node: 2 }]);
		expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
		expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
		// Required fields are not found through a "__proto__" key or the prototype chain.
		expect(textMsg('{"__proto__":{"version":1},"cluster":{"size":3},"untilMs":1}')).toBe('version: missing (expected 1)');
		const inherited = Object.create({ version: 1, cluster: { size: 3 }, untilMs: 1 }) as object;
		expect(msg(inherited)).toBe('version: missing (expected 1)');
		expect(msg(withSteps({ atMs: 0, do: 'kill', ['__proto__']: { node: 1 } }))).toBe(
			'steps[0].node: missing (expected a member number 1..3)'
		);
	});

	it('does not run getters, and turns throwing proxies into a ScenarioError', () => {
		let called = false;
		const withGetter = { ...MIN };
		Object.defineProperty(withGetter, 'seed', {
			enumerable: true,
			get: () => {
				called = true;
				throw new Error('boom');
			}
		});
		expect(validateScenario(withGetter).seed).toBe(0);
		expect(called).toBe(false);

		const proxy = new Proxy(
			{},
			{
				getOwnPropertyDescriptor: () => {
					throw new TypeError('trap');
				}
			}
		);
		const e = errorOf(() => validateScenario(proxy));
		expect(e.field).toBe('(top level)');
		const { proxy: revoked, revoke } = Proxy.revocable({}, {});
		revoke();
		expect(errorOf(() => validateScenario({ ...MIN, cluster: revoked })).field).toBe('(top level)');
	});

	it('fast-check: arbitrary values never make validateScenario throw anything but ScenarioError', () => {
		const check = (v: unknown): void => {
			try {
				validateScenario(v);
			} catch (e) {
				expect(e).toBeInstanceOf(ScenarioError);
			}
		};
		fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500, seed: 388023 });
		fc.assert(
			fc.property(
				fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true, withTypedArray: true, withDate: true }),
				check
			),
			{ numRuns: 500, seed: 911949 }
		);
	});

	it('fast-check: arbitrary text never makes parseScenarioText throw anything but ScenarioError', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (t) => {
				try {
					parseScenarioText(t);
				} catch (e) {
					expect(e).toBeInstanceOf(ScenarioError);
				}
			}),
			{ numRuns: 500, seed: 89499 }
		);
	});
});

// ---------------------------------------------------------------------------------------------
// A generator of valid scenarios (every field present, defaults included).

const NO_NULL_PROTO = { noNullPrototype: true } as const;

const num = (min: number, max: number, excludeMin = false): fc.Arbitrary<number> =>
	fc.double({ min, max, minExcluded: excludeMin, noNaN: true }).map((x) => x + 0);

function stepArb(size: number, untilMs: number): fc.Arbitrary<Step> {
	const atMs = num(0, untilMs);
	const node = fc.integer({ min: 1, max: size });
	const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
	const members = Array.from({ length: size }, (_, i) => i + 1);
	const groups = fc
		.tuple(
			fc.shuffledSubarray(members, { minLength: size, maxLength: size }),
			fc.array(fc.boolean(), { minLength: size - 1, maxLength: size - 1 })
		)
		.map(([order, splits]) => {
			const out: number[][] = [[]];
			order.forEach((m, i) => {
				if (i > 0 && splits[i - 1]) out.push([]);
				out[out.length - 1]?.push(m);
			});
			return out;
		});
	const kinds: fc.Arbitrary<Step>[] = [
		fc.record({ atMs, node }, NO_NULL_PROTO).map(({ atMs, node }): Step => ({ atMs, do: 'kill', node })),
		fc.record({ atMs, node }, NO_NULL_PROTO).map(({ atMs, node }): Step => ({ atMs, do: 'restart', node })),
		fc.record({ atMs, groups }, NO_NULL_PROTO).map(({ atMs, groups }): Step => ({ atMs, do: 'partition', groups })),
		atMs.map((atMs): Step => ({ atMs, do: 'heal' })),
		fc
			.record({ atMs, node, fsyncMs: num(0, 60000, true) })
			.map(({ atMs, node, fsyncMs }): Step => ({ atMs, do: 'disk', node, fsyncMs })),
		fc
			.record({ atMs, node, key, value: fc.string({ unit: 'binary', maxLength: 30 }) })
			.map(({ atMs, node, key, value }): Step => ({ atMs, do: 'put', node, key, value })),
		fc
			.record({ atMs, node, key, serializable: fc.boolean() })
			.map(({ atMs, node, key, serializable }): Step => ({ atMs, do: 'get', node, key, serializable })),
		fc.record({ atMs, node, key }, NO_NULL_PROTO).map(({ atMs, node, key }): Step => ({ atMs, do: 'delete', node, key })),
		fc
			.record({ atMs, node, key, rev: fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })) })
			.map(({ atMs, node, key, rev }): Step =>
				rev === null ? { atMs, do: 'watch', node, key } : { atMs, do: 'watch', node, key, fromRevision: rev }
			),
		fc.record({ atMs, to: node }, NO_NULL_PROTO).map(({ atMs, to }): Step => ({ atMs, do: 'transfer', to })),
		fc
			.record({
				atMs,
				node,
				writesPerSec: num(0, 10000, true),
				durationMs: num(0, 86_400_000, true),
				keys: fc.integer({ min: 1, max: 100000 })
			})
			.map(({ atMs, node, writesPerSec, durationMs, keys }): Step => ({
				atMs, do: 'load', node, writesPerSec, durationMs, keys
			}))
	];
	if (size >= 2) {
		kinds.push(
			fc
				.record({ atMs, pair: fc.uniqueArray(node, { minLength: 2, maxLength: 2 }) })
				.map(({ atMs, pair }): Step => ({ atMs, do: 'cut', from: pair[0] ?? 1, to: pair[1] ?? 2 }))
		);
	}
	return fc.oneof(...kinds);
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
	.record({
		size: fc.integer({ min: 1, max: 7 }),
		untilMs: num(0, 24 * 3600 * 1000, true),
		heartbeatMs: fc.integer({ min: 1, max: 10000 })
	})
	.chain(({ size, untilMs, heartbeatMs }) =>
		fc.record({
			version: fc.constant<1>(1),
			seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
			cluster: fc.record({
				size: fc.constant(size),
				preVote: fc.boolean(),
				checkQuorum: fc.boolean(),
				heartbeatMs: fc.constant(heartbeatMs),
				electionMs: fc.integer({ min: 5 * heartbeatMs, max: Math.min(50000, 1000 * heartbeatMs) })
			}, NO_NULL_PROTO),
			network: fc.record({ latencyMs: num(0, 10000), jitterMs: num(0, 10000), lossRate: num(0, 1) }, NO_NULL_PROTO),
			disk: fc.record({ fsyncMs: num(0, 60000, true) }, NO_NULL_PROTO),
			client: fc.record({ timeoutMs: num(0, 600000, true) }, NO_NULL_PROTO),
			steps: fc.array(stepArb(size, untilMs), { maxLength: 30 }),
			untilMs: fc.constant(untilMs)
		}, NO_NULL_PROTO)
	);

describe('round trip', () => {
	it('fast-check: every valid scenario survives JSON and validation unchanged', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				expect(validateScenario(JSON.parse(JSON.stringify(s)))).toStrictEqual(s);
				expect(parseScenarioText(JSON.stringify(s, null, 2))).toStrictEqual(s);
			}),
			{ numRuns: 300, seed: 989176 }
		);
	});

	it('fast-check: replacing any one field with junk gives a valid scenario or a ScenarioError', () => {
		const paths = fc.constantFrom(
			['version'], ['seed'], ['cluster'], ['cluster', 'size'], ['cluster', 'heartbeatMs'], ['cluster', 'electionMs'],
			['network', 'lossRate'], ['disk'], ['client', 'timeoutMs'], ['steps'], ['untilMs']
		);
		fc.assert(
			fc.property(scenarioArb, paths, fc.jsonValue(), fc.nat(), fc.string(), (s, path, junk, stepIndex, stepField) => {
				const copy = JSON.parse(JSON.stringify(s)) as { [k: string]: Json };
				let target: { [k: string]: Json } = copy;
				for (const p of path.slice(0, -1)) target = target[p] as { [k: string]: Json };
				target[path[path.length - 1] ?? 'version'] = junk as Json;
				const steps = copy.steps;
				if (Array.isArray(steps) && steps.length > 0) {
					const step = steps[stepIndex % steps.length];
					if (step !== null && typeof step === 'object' && !Array.isArray(step)) {
						step[stepField.length > 0 ? stepField : 'node'] = junk as Json;
					}
				}
				try {
					validateScenario(copy);
				} catch (e) {
					expect(e).toBeInstanceOf(ScenarioError);
				}
			}),
			{ numRuns: 500, seed: 348206 }
		);
	});
});
