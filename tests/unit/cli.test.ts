/**
 * The headless CLI (src/cli/sim.ts), run as a real process the way users run it. Every process is
 * started once, up front and a few at a time, in beforeAll; the tests then read the results.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const SIM = join('src', 'cli', 'sim.ts');
const MiB = 1024 * 1024;
const CONCURRENCY = 4;

interface Result {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

function runSim(args: readonly string[], stdin?: string | Buffer): Promise<Result> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [TSX, SIM, ...args], {
			cwd: ROOT,
			stdio: ['pipe', 'pipe', 'pipe'],
			env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' }
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		// the CLI may exit before reading all of a too-large stdin: EPIPE here is expected
		child.stdin.on('error', () => undefined);
		child.on('error', reject);
		child.on('close', (code, signal) =>
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
		);
		if (stdin !== undefined) child.stdin.end(stdin);
		else child.stdin.end();
	});
}

/** Runs the jobs at most `limit` at a time. */
async function pool<K extends string>(jobs: Record<K, () => Promise<Result>>, limit: number): Promise<Record<K, Result>> {
	const keys = Object.keys(jobs) as K[];
	const results = {} as Record<K, Result>;
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < keys.length) {
			const k = keys[next++];
			results[k] = await jobs[k]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, keys.length) }, worker));
	return results;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const VALID = {
	version: 1,
	seed: 7,
	cluster: { size: 3 },
	steps: [
		{ atMs: 2000, do: 'watch', node: 1, key: 'foo' },
		{ atMs: 2000, do: 'put', node: 2, key: 'foo', value: 'bar' },
		{ atMs: 2100, do: 'get', node: 3, key: 'foo' }
	],
	untilMs: 3000
};

const base = (extra: Record<string, unknown>): string =>
	JSON.stringify({ version: 1, cluster: { size: 3 }, untilMs: 1000, ...extra });

/** Valid JSON padded with trailing whitespace to exactly `bytes` bytes. */
function padded(bytes: number): string {
	const body = base({});
	return body + ' '.repeat(bytes - body.length);
}

const dir = mkdtempSync(join(tmpdir(), 'qp-cli-test-'));
const file = (name: string, text: string): string => {
	const p = join(dir, name);
	writeFileSync(p, text);
	return p;
};

const validText = JSON.stringify(VALID, null, 2);
const validPath = file('valid.json', validText);
const exactPath = file('exact.json', padded(MiB));
const bigText = padded(MiB + 1);
const bigPath = file('big.json', bigText);
const hugeStdin = padded(3 * MiB);
const manySteps = base({ steps: Array.from({ length: 10_001 }, () => ({ atMs: 1, do: 'heal' })) });
const dirPath = join(dir, 'a-directory');
mkdirSync(dirPath);
const missingPath = join(dir, 'no-such-file.json');

const fileCase = (name: string, text: string) => (): Promise<Result> => runSim([file(name, text)]);

const jobs = {
	valid: () => runSim([validPath]),
	validStdin: () => runSim(['-'], validText),
	exactFile: () => runSim([exactPath]),
	exactStdin: () => runSim(['-'], padded(MiB)),
	badJson: fileCase('bad.json', '{"version": 1, "cluster": {"size": 3},'),
	badJsonStdin: () => runSim(['-'], '{"version": 1,'),
	emptyStdin: () => runSim(['-'], ''),
	explode: fileCase('explode.json', base({ steps: [{ atMs: 1, do: 'explode' }] })),
	member9: fileCase('member9.json', base({ steps: [{ atMs: 1, do: 'kill', node: 9 }] })),
	negativeAt: fileCase('negative.json', base({ steps: [{ atMs: -1, do: 'heal' }] })),
	nanAt: fileCase('nan-at.json', base({ steps: [{ atMs: 'NaN', do: 'heal' }] })),
	nanUntil: fileCase('nan-until.json', JSON.stringify({ version: 1, cluster: { size: 3 }, untilMs: 'NaN' })),
	infinitySeed: fileCase('inf-seed.json', base({ seed: 'Infinity' })),
	size0: fileCase('size0.json', JSON.stringify({ version: 1, cluster: { size: 0 }, untilMs: 1000 })),
	size8: fileCase('size8.json', JSON.stringify({ version: 1, cluster: { size: 8 }, untilMs: 1000 })),
	bigFile: () => runSim([bigPath]),
	bigStdin: () => runSim(['-'], bigText),
	hugeStdin: () => runSim(['-'], hugeStdin),
	manySteps: fileCase('many-steps.json', manySteps),
	missing: () => runSim([missingPath]),
	directory: () => runSim([dirPath]),
	noArgument: () => runSim([]),
	twoArguments: () => runSim([validPath, validPath])
};

let r: Record<keyof typeof jobs, Result>;

beforeAll(async () => {
	r = await pool(jobs, CONCURRENCY);
}, 180_000);

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

const REPORT_FIELDS = [
	'version',
	'seed',
	'untilMs',
	'traceHash',
	'nodes',
	'leaders',
	'ops',
	'watches',
	'summary',
	'violations',
	'linearizable'
];

function expectReport(res: Result): Record<string, unknown> {
	expect(res.stderr).toBe('');
	expect(res.code).toBe(0);
	expect(res.stdout.endsWith('\n')).toBe(true);
	// the whole of stdout is one JSON value
	const report: unknown = JSON.parse(res.stdout);
	expect(typeof report === 'object' && report !== null && !Array.isArray(report)).toBe(true);
	const obj = report as Record<string, unknown>;
	for (const f of REPORT_FIELDS) expect(obj, f).toHaveProperty(f);
	return obj;
}

describe('sim CLI: a valid scenario', () => {
	it('prints exactly one JSON report with the format fields, nothing on stderr, exit 0', () => {
		const rep = expectReport(r.valid);
		expect(rep.version).toBe(1);
		expect(rep.seed).toBe(7);
		expect(rep.untilMs).toBe(3000);
		expect(typeof rep.traceHash).toBe('string');
		expect((rep.traceHash as string).length).toBeGreaterThan(0);
		expect(rep.violations).toEqual([]);
		expect(rep.linearizable).toBe(true);
		expect(typeof rep.summary).toBe('object');

		const nodes = rep.nodes as { id: number; alive: boolean; role: string; kv: Record<string, string> }[];
		expect(nodes.map((n) => n.id)).toEqual([1, 2, 3]);
		for (const n of nodes) {
			expect(n.alive).toBe(true);
			expect(['follower', 'preCandidate', 'candidate', 'leader']).toContain(n.role);
			expect(n.kv).toEqual({ foo: 'bar' });
		}
		expect(nodes.filter((n) => n.role === 'leader')).toHaveLength(1);

		const leaders = rep.leaders as { atMs: number; node: number; term: number }[];
		expect(leaders.length).toBeGreaterThan(0);
		expect(leaders[0].atMs).toBeLessThan(2000);

		const ops = rep.ops as { do: string; node: number; key: string; value: string | null; status: string; error: string | null; callMs: number; returnMs: number }[];
		expect(ops.map((o) => [o.do, o.node, o.key, o.value, o.status, o.error])).toEqual([
			['put', 2, 'foo', 'bar', 'ok', null],
			['get', 3, 'foo', 'bar', 'ok', null]
		]);
		expect(ops[0].callMs).toBe(2000);
		expect(ops[0].returnMs).toBeGreaterThan(2000);

		const watches = rep.watches as { node: number; key: string; events: { type: string; value: string | null }[]; canceled: unknown }[];
		expect(watches).toHaveLength(1);
		expect(watches[0].node).toBe(1);
		expect(watches[0].key).toBe('foo');
		expect(watches[0].events.map((e) => [e.type, e.value])).toEqual([['PUT', 'bar']]);
		expect(watches[0].canceled).toBeNull();
	});

	it('`-` reads the scenario from stdin, and the same input gives the same report', () => {
		expectReport(r.validStdin);
		expect(r.validStdin.stdout).toBe(r.valid.stdout);
	});

	it('a file of exactly 1 MiB is accepted (the limit is "larger than 1 MiB")', () => {
		const rep = expectReport(r.exactFile);
		expect(rep.untilMs).toBe(1000);
	});

	it('exactly 1 MiB on stdin is accepted', () => {
		const rep = expectReport(r.exactStdin);
		expect(rep.untilMs).toBe(1000);
		expect(r.exactStdin.stdout).toBe(r.exactFile.stdout);
	});
});

/** Exit 2, empty stdout, one line on stderr matching `message`, and no stack trace. */
function expectRefusal(res: Result, message: RegExp | string): void {
	expect(res.signal).toBeNull();
	expect(res.stdout).toBe('');
	expect(res.stderr.endsWith('\n')).toBe(true);
	const lines = res.stderr.split('\n');
	expect(lines, res.stderr).toHaveLength(2);
	expect(lines[1]).toBe('');
	const line = lines[0];
	if (typeof message === 'string') expect(line).toBe(message);
	else expect(line).toMatch(message);
	// no stack trace, no thrown-error dump
	expect(res.stderr).not.toMatch(/^\s*at\s/m);
	expect(res.stderr).not.toMatch(/Error:/);
	expect(res.stderr).not.toMatch(/node:internal|\.ts:\d+|\.mjs:\d+/);
	expect(res.code).toBe(2);
}

describe('sim CLI: invalid input is refused with exit 2 and one line on stderr', () => {
	it('bad JSON (file)', () => {
		expectRefusal(r.badJson, /^\(json\): not valid JSON \(.*line 1 column \d+\)$/);
	});

	it('bad JSON (stdin)', () => {
		expectRefusal(r.badJsonStdin, /^\(json\): not valid JSON \(unexpected end of input/);
	});

	it('empty stdin', () => {
		expectRefusal(r.emptyStdin, /^\(json\): not valid JSON \(unexpected end of input/);
	});

	it('an unknown step', () => {
		expectRefusal(r.explode, /^steps\[0\]\.do: unknown step "explode" \(expected one of: .*kill.*\)$/);
	});

	it('a member that does not exist', () => {
		expectRefusal(r.member9, 'steps[0].node: member 9 does not exist in a 3-member cluster');
	});

	it('a negative atMs', () => {
		expectRefusal(r.negativeAt, /^steps\[0\]\.atMs: expected a finite number >= 0.*\(got -1\)$/);
	});

	it('NaN-like strings', () => {
		expectRefusal(r.nanAt, /^steps\[0\]\.atMs: expected a finite number .*\(got "NaN"\)$/);
		expectRefusal(r.nanUntil, /^untilMs: expected a finite number .*\(got "NaN"\)$/);
		expectRefusal(r.infinitySeed, /^seed: expected an integer 0\.\.4294967295 \(got "Infinity"\)$/);
	});

	it('cluster size 0 and 8', () => {
		expectRefusal(r.size0, 'cluster.size: expected an integer 1..7 (got 0)');
		expectRefusal(r.size8, 'cluster.size: expected an integer 1..7 (got 8)');
	});

	it('a file larger than 1 MiB', () => {
		expectRefusal(r.bigFile, `file: larger than 1 MiB (${MiB + 1} bytes)`);
	});

	it('more than 1 MiB on stdin', () => {
		expectRefusal(r.bigStdin, /^file: larger than 1 MiB/);
		expectRefusal(r.hugeStdin, /^file: larger than 1 MiB/);
	});

	it('10,001 steps', () => {
		expectRefusal(r.manySteps, /^steps: .*10000.*10001/);
	});

	it('a missing file', () => {
		expectRefusal(r.missing, `file: ${missingPath} does not exist`);
	});

	it('a directory', () => {
		expectRefusal(r.directory, /^file: .*a-directory is a directory/);
	});

	it('no argument', () => {
		expectRefusal(r.noArgument, /^usage: /);
	});

	it('two arguments', () => {
		expectRefusal(r.twoArguments, /^usage: /);
	});
});
