/**
 * npm run --silent sim -- FILE.json   (FILE may be - for stdin)
 * Runs a scenario headless and prints the run report (JSON) on stdout, and nothing else.
 * Invalid input: exit status 2, nothing on stdout, one line on stderr naming the field.
 */
import { readFileSync, readSync, statSync } from 'node:fs';
import { runScenario } from '../lib/scenario/run';
import { MAX_SCENARIO_BYTES } from '../lib/scenario/types';
import { ScenarioError, parseScenarioText } from '../lib/scenario/validate';

function fail(message: string, code = 2): never {
	process.stderr.write(message.replace(/\s*\n\s*/g, ' ') + '\n');
	process.exit(code);
}

/** Reads stdin synchronously, refusing more than the size limit without reading it all. */
function readStdin(): string {
	const chunks: Buffer[] = [];
	const buf = Buffer.alloc(65536);
	let total = 0;
	for (;;) {
		let n: number;
		try {
			n = readSync(0, buf, 0, buf.length, null);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code === 'EAGAIN') continue;
			if (code === 'EOF') break;
			throw e;
		}
		if (n === 0) break;
		total += n;
		if (total > MAX_SCENARIO_BYTES) fail(`file: larger than 1 MiB (more than ${MAX_SCENARIO_BYTES} bytes on stdin)`);
		chunks.push(Buffer.from(buf.subarray(0, n)));
	}
	return Buffer.concat(chunks).toString('utf8');
}

function readInput(path: string): string {
	try {
		if (path === '-') return readStdin();
		const st = statSync(path);
		if (st.isDirectory()) fail(`file: ${path} is a directory (expected a scenario JSON file)`);
		if (st.size > MAX_SCENARIO_BYTES) fail(`file: larger than 1 MiB (${st.size} bytes)`);
		return readFileSync(path, 'utf8');
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		if (err.code === 'ENOENT') fail(`file: ${path} does not exist`);
		if (err.code === 'EACCES') fail(`file: ${path} cannot be read (permission denied)`);
		fail(`file: ${path} cannot be read (${err.code ?? err.message})`);
	}
}

function main(): void {
	const args = process.argv.slice(2);
	if (args.length !== 1) fail('usage: npm run --silent sim -- FILE.json   (FILE may be - for stdin)');
	const text = readInput(args[0]);
	let scenario;
	try {
		scenario = parseScenarioText(text);
	} catch (e) {
		if (e instanceof ScenarioError) fail(e.message);
		fail(`(json): could not be read (${(e as Error).message})`);
	}
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
