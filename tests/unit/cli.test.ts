/**
 * The headless CLI (src/cli/sim.ts), run as a real process the way `npm run sim` runs it (the
 * prebuilt bundle through src/cli/launch.mjs): what only a process shows, exit codes, stdin,
 * stdout holding the report and nothing else, one line on stderr, the input size cap, arguments.
 * What the validator says about a scenario's content is tested in validate.test.ts.
 * Every process is started once, up front and a few at a time, in beforeAll.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCH = join(ROOT, 'src', 'cli', 'launch.mjs');
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
		const child = spawn(process.execPath, [LAUNCH, 'sim', ...args], {
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
const dirPath = join(dir, 'a-directory');
mkdirSync(dirPath);
const missingPath = join(dir, 'no-such-file.json');
const fifoPath = (name: string): string => join(dir, `${name}.fifo`);

/** The CLI reading a named pipe (a fresh one per call) while `sh` writes `bytes` zero bytes into it. */
function runSimOnFifo(name: string, bytes: number): Promise<Result> {
	const path = fifoPath(name);
	execFileSync('mkfifo', [path]);
	const writer = spawn('sh', ['-c', `head -c ${bytes} /dev/zero > "$1" 2>/dev/null; true`, 'sh', path], { stdio: 'ignore' });
	return runSim([path]).finally(() => writer.kill());
}

// The degenerate timings: every one once hung the CLI or exhausted its memory.
const DEGENERATE_89_BYTES = '{"version":1,"cluster":{"size":3,"heartbeatMs":0.0004,"electionMs":0.002},"untilMs":1000}';
// 10,000 load steps of 10,000 writes/s each (about 890 KB, under the size limit)
const flood = JSON.stringify({
	version: 1,
	cluster: { size: 3 },
	steps: Array.from({ length: 10_000 }, () => ({ atMs: 0, do: 'load', node: 1, writesPerSec: 10_000, durationMs: 60_000, keys: 1 })),
	untilMs: 60_000
});
// over the budget on paper (999 watches, each of which could see all 20,001 writes) yet quick to run
// (the watched key is never written): --no-budget runs it
const manyWatches = base({
	untilMs: 10_000,
	steps: [
		{ atMs: 0, do: 'load', node: 1, writesPerSec: 2000, durationMs: 10_000, keys: 1 },
		...Array.from({ length: 999 }, () => ({ atMs: 1, do: 'watch', node: 2, key: 'never-written' }))
	]
});

const fileCase = (name: string, text: string) => (): Promise<Result> => runSim([file(name, text)]);

const jobs = {
	valid: () => runSim([validPath]),
	validStdin: () => runSim(['-'], validText),
	exactFile: () => runSim([exactPath]),
	exactStdin: () => runSim(['-'], padded(MiB)),
	badJson: fileCase('bad.json', '{"version": 1, "cluster": {"size": 3},'),
	emptyStdin: () => runSim(['-'], ''),
	member9: fileCase('member9.json', base({ steps: [{ atMs: 1, do: 'kill', node: 9 }] })),
	// membership steps, end to end: the 1 -> 2 trap, and a step naming a member before its memberAdd
	trap: fileCase('trap.json', base({ cluster: { size: 1 }, steps: [{ atMs: 1000, do: 'memberAdd', start: false }, { atMs: 2000, do: 'put', node: 1, key: 'k', value: 'v' }], untilMs: 9000 })),
	tooEarly: fileCase('too-early.json', base({ steps: [{ atMs: 5, do: 'memberAdd' }, { atMs: 1, do: 'memberPromote', node: 4 }] })),
	bigFile: () => runSim([bigPath]),
	bigStdin: () => runSim(['-'], bigText),
	hugeStdin: () => runSim(['-'], hugeStdin),
	missing: () => runSim([missingPath]),
	directory: () => runSim([dirPath]),
	noArgument: () => runSim([]),
	twoArguments: () => runSim([validPath, validPath]),
	devZero: () => runSim(['/dev/zero']),
	fifoOver1MiB: () => runSimOnFifo('big', 3 * MiB),
	fifoSmall: () => runSimOnFifo('empty', 0),
	degenerate89: fileCase('degenerate.json', DEGENERATE_89_BYTES),
	heartbeatTiny: fileCase('hb-tiny.json', JSON.stringify({ version: 1, cluster: { size: 3, heartbeatMs: 1e-7 }, untilMs: 1000 })),
	sevenAtMicro: fileCase('seven-micro.json', JSON.stringify({ version: 1, cluster: { size: 7, heartbeatMs: 0.001, electionMs: 0.01 }, untilMs: 100 })),
	flood: fileCase('flood.json', flood),
	manyWatches: fileCase('many-watches.json', manyWatches),
	manyWatchesNoBudget: () => runSim(['--no-budget', file('many-watches2.json', manyWatches)])
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
	it('prints the run report, alone, on stdout (nothing on stderr, exit 0)', () => {
		const rep = expectReport(r.valid);
		expect(rep.seed).toBe(7);
		expect(r.valid.stdout).toBe(`${JSON.stringify(runScenario(validateScenario(VALID)).report, null, 2)}\n`);
	});

	it('membership steps: the add is an op with its status, nodes carry learner and member, the trap stops the write', () => {
		const rep = expectReport(r.trap) as { ops: { do: string; node: number; status: string; error: string | null; learner?: boolean }[]; nodes: { id: number; learner: boolean; member: boolean; alive: boolean }[] };
		expect(rep.ops[0]).toMatchObject({ do: 'memberAdd', node: 2, endpoint: 1, learner: false, status: 'ok', error: null });
		expect(rep.ops[1]).toMatchObject({ do: 'put', status: 'timeout', error: 'Error: context deadline exceeded' });
		expect(rep.nodes.map((n) => [n.id, n.learner, n.member, n.alive])).toEqual([[1, false, true, true], [2, false, true, false]]);
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

	it('empty stdin', () => {
		expectRefusal(r.emptyStdin, /^\(json\): not valid JSON \(unexpected end of input/);
	});

	it('a scenario the validator refuses: its one line, end to end', () => {
		expectRefusal(r.member9, 'steps[0].node: member 9 does not exist in a 3-member cluster');
	});

	it('a membership step naming a member its memberAdd has not made yet', () => {
		expectRefusal(r.tooEarly, 'steps[1].node: member 4 does not exist yet at 1 ms (members 1..3 by then: each memberAdd adds the next)');
	});

	it('a file larger than 1 MiB', () => {
		expectRefusal(r.bigFile, `file: larger than 1 MiB (more than ${MiB} bytes in ${bigPath})`);
	});

	it('more than 1 MiB on stdin', () => {
		expectRefusal(r.bigStdin, /^file: larger than 1 MiB/);
		expectRefusal(r.hugeStdin, /^file: larger than 1 MiB/);
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

describe('sim CLI: no input can hang it or exhaust its memory', () => {
	it('a device that never ends (/dev/zero, whose stat size is 0) is read only to 1 MiB + 1 byte', () => {
		expectRefusal(r.devZero, `file: larger than 1 MiB (more than ${MiB} bytes in /dev/zero)`);
	});

	it('a named pipe carrying 3 MiB is refused the same way; an empty one is read to its end', () => {
		expectRefusal(r.fifoOver1MiB, `file: larger than 1 MiB (more than ${MiB} bytes in ${fifoPath('big')})`);
		expectRefusal(r.fifoSmall, /^\(json\): not valid JSON \(unexpected end of input/);
	});

	it("the issue's 89-byte file (a 0.4 µs heartbeat) is refused: etcd takes whole milliseconds", () => {
		expect(DEGENERATE_89_BYTES).toHaveLength(89);
		expectRefusal(r.degenerate89, 'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 0.0004)');
	});

	it('heartbeatMs 1e-7 and 7 members at 0.001 ms are refused', () => {
		expectRefusal(r.heartbeatTiny, 'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 1e-7)');
		expectRefusal(r.sevenAtMicro, 'cluster.heartbeatMs: expected a whole number of milliseconds 1..10000, as etcd takes it (got 0.001)');
	});

	it('a run over the work budget (10,000 loads of 10,000 writes/s) is refused with one line naming the field and the limit', () => {
		expectRefusal(r.flood, /^steps: this run needs up to [\d,]+ engine events, over the budget of 20,000,000 \(mostly client requests, load puts included\); .* --no-budget$/);
	});

	it('--no-budget runs a file that is over the budget on paper', () => {
		expectRefusal(r.manyWatches, /^steps\[1\]: this run needs up to [\d,]+ engine events, over the budget of 20,000,000 \(mostly every watch sees every write\)/);
		const rep = expectReport(r.manyWatchesNoBudget);
		expect((rep.watches as unknown[]).length).toBe(999);
	});
});
