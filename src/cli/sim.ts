/**
 * npm run --silent sim -- [--no-budget] FILE.json   (FILE may be - for stdin)
 * Runs a scenario headless and prints the run report (JSON) on stdout, and nothing else.
 * Invalid input: exit status 2, nothing on stdout, one line on stderr naming the field.
 * A run predicted to take more engine events than the budget is refused the same way, unless
 * --no-budget is given (see src/lib/scenario/budget.ts).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { overBudget } from '../lib/scenario/budget';
import { runScenario } from '../lib/scenario/run';
import { MAX_SCENARIO_BYTES } from '../lib/scenario/types';
import { ScenarioError, parseScenarioText } from '../lib/scenario/validate';

const USAGE = 'usage: npm run --silent sim -- [--no-budget] FILE.json   (FILE may be - for stdin)';

function fail(message: string, code = 2): never {
	process.stderr.write(message.replace(/\s*\n\s*/g, ' ') + '\n');
	process.exit(code);
}

/**
 * Reads a file descriptor to its end, refusing more than the size limit: it stops after
 * MAX_SCENARIO_BYTES + 1 bytes, whatever the source (a file, a pipe, stdin, a device such as
 * /dev/zero, whose size stat() reports as 0).
 */
function readCapped(fd: number, what: string): string {
	const chunks: Buffer[] = [];
	const buf = Buffer.alloc(65536);
	let total = 0;
	for (;;) {
		let n: number;
		try {
			n = readSync(fd, buf, 0, Math.min(buf.length, MAX_SCENARIO_BYTES + 1 - total), null);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code === 'EAGAIN') continue;
			if (code === 'EOF') break;
			throw e;
		}
		if (n === 0) break;
		total += n;
		if (total > MAX_SCENARIO_BYTES) fail(`file: larger than 1 MiB (more than ${MAX_SCENARIO_BYTES} bytes ${what})`);
		chunks.push(Buffer.from(buf.subarray(0, n)));
	}
	return Buffer.concat(chunks).toString('utf8');
}

function readInput(path: string): string {
	try {
		if (path === '-') return readCapped(0, 'on stdin');
		if (statSync(path).isDirectory()) fail(`file: ${path} is a directory (expected a scenario JSON file)`);
		const fd = openSync(path, 'r');
		try {
			return readCapped(fd, `in ${path}`);
		} finally {
			closeSync(fd);
		}
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		if (err.code === 'ENOENT') fail(`file: ${path} does not exist`);
		if (err.code === 'EACCES') fail(`file: ${path} cannot be read (permission denied)`);
		fail(`file: ${path} cannot be read (${err.code ?? err.message})`);
	}
}

function main(): void {
	const args = process.argv.slice(2);
	const noBudget = args.includes('--no-budget');
	const files = args.filter((a) => a !== '--no-budget');
	if (files.length !== 1 || (files[0].startsWith('--') && files[0] !== '-')) fail(USAGE);
	const text = readInput(files[0]);
	let scenario;
	try {
		scenario = parseScenarioText(text);
	} catch (e) {
		if (e instanceof ScenarioError) fail(e.message);
		fail(`(json): could not be read (${(e as Error).message})`);
	}
	const over = noBudget ? null : overBudget(scenario);
	if (over !== null) fail(`${over.field}: ${over.expected}; or run it anyway with --no-budget`);
	let out: string;
	try {
		out = JSON.stringify(runScenario(scenario).report, null, 2);
	} catch (e) {
		// an engine bug, not bad input: say so without a stack trace
		fail(`internal error while running the scenario (seed ${scenario.seed}): ${(e as Error).message}`, 1);
	}
	process.stdout.write(out + '\n');
}

main();
