/**
 * Figures for `npm run bench` (issue 10, item 8): the CLI's start-up, and the cost of the page's
 * linearizability check per op as the history grows to 30,000 ops (the page checks after every
 * frame; LinearizabilityMonitor re-checks only the keys touched since the last frame).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable } from '../lib/check/linearizability';
import { LinearizabilityMonitor, historyOf } from '../lib/kv/history';
import { Recording } from '../lib/scenario/recording';
import { validateScenario } from '../lib/scenario/validate';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** This process's CPU time in ms (steadier than wall time on a shared machine). */
function cpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

/** Wall ms of a process, median of n runs (`env` replaces this process's environment). */
function wallMs(cmd: string, args: string[], n: number, env: NodeJS.ProcessEnv = process.env): number {
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, NODE_OPTIONS: '' } });
		times.push(performance.now() - t0);
		if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
	}
	return median(times);
}

export function cliStartupBench(): void {
	const dir = mkdtempSync(join(tmpdir(), 'qp-bench-'));
	try {
		const file = join(dir, 'tiny.json');
		// 1 µs of simulated time: what is left is start-up, reading, validating and printing
		writeFileSync(file, JSON.stringify({ version: 1, cluster: { size: 3 }, untilMs: 0.001 }));
		const launch = join('src', 'cli', 'launch.mjs');
		wallMs(process.execPath, [launch, 'sim', file], 1); // builds the bundle if it is stale
		const node = wallMs(process.execPath, ['-e', '0'], 9);
		const bundle = wallMs(process.execPath, [launch, 'sim', file], 9);
		const tsx = wallMs(process.execPath, [join('node_modules', 'tsx', 'dist', 'cli.mjs'), join('src', 'cli', 'sim.ts'), file], 3);
		console.log('\nCLI start-up (a 1 µs scenario, wall time, median):');
		console.log(`  node src/cli/launch.mjs sim (npm run sim without npm): ${bundle.toFixed(0)} ms (target < 150 ms)`);
		console.log(`  node alone (node -e 0): ${node.toFixed(0)} ms; the same run through tsx: ${tsx.toFixed(0)} ms`);
		// Node 20 reads the certificates NODE_EXTRA_CA_CERTS names at every start, before any script
		if (process.env.NODE_EXTRA_CA_CERTS) {
			const bare = { ...process.env };
			delete bare.NODE_EXTRA_CA_CERTS;
			const nodeBare = wallMs(process.execPath, ['-e', '0'], 9, bare);
			const bundleBare = wallMs(process.execPath, [launch, 'sim', file], 9, bare);
			console.log(`  this shell sets NODE_EXTRA_CA_CERTS, which node loads at start; without it: node alone ${nodeBare.toFixed(0)} ms, the CLI ${bundleBare.toFixed(0)} ms`);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The page's check, frame by frame (160 simulated ms each: 10x speed at 60 frames/s), to `ops` ops. */
function checkerRun(keys: number, ops: number): { perOpUs: number; perFrameMs: number; worstFrameMs: number; fullCheckMs: number; verdict: string } {
	const rate = 100;
	const scenario = validateScenario({
		version: 1,
		seed: 7,
		cluster: { size: 3 },
		untilMs: 3_600_000,
		steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: rate, durationMs: (ops / rate) * 1000 + 1000, keys }]
	});
	const rec = new Recording(scenario);
	const monitor = new LinearizabilityMonitor();
	const c = rec.cluster;
	let verdict: unknown = true;
	// time only the frames past 29,000 ops: the cost at 30,000
	let spentMs = 0;
	let opsTimed = 0;
	let frames = 0;
	let worst = 0;
	let seen = 0;
	while (c.ops.length < ops) {
		rec.runTo(rec.nowMs + 160);
		const t0 = cpuMs();
		verdict = monitor.update(c.ops, c.droppedOps);
		const dt = cpuMs() - t0;
		if (c.ops.length >= ops - 1000) {
			spentMs += dt;
			opsTimed += c.ops.length - seen;
			frames++;
			worst = Math.max(worst, dt);
		}
		seen = c.ops.length;
	}
	const t0 = cpuMs();
	checkLinearizable(historyOf(c.ops), { budgetSteps: 200_000 });
	const fullCheckMs = cpuMs() - t0;
	return { perOpUs: (spentMs / Math.max(1, opsTimed)) * 1000, perFrameMs: spentMs / Math.max(1, frames), worstFrameMs: worst, fullCheckMs, verdict: String(verdict) };
}

export function pageCheckerBench(): void {
	console.log('\nPage linearizability check at 30,000 ops (CPU time; 100 puts/s, one check per frame of 160 simulated ms = 16 new ops):');
	for (const keys of [100, 1]) {
		const f = checkerRun(keys, 30_000);
		console.log(
			`  ${keys} key${keys === 1 ? '' : 's'}: ${f.perOpUs.toFixed(1)} µs per op, ${f.perFrameMs.toFixed(2)} ms per frame (worst ${f.worstFrameMs.toFixed(1)} ms); ` +
				`a full re-check of the whole history: ${f.fullCheckMs.toFixed(1)} ms; verdict ${f.verdict}`
		);
	}
}
