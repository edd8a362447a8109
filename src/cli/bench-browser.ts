/**
 * npm run bench:browser — the playground in a real browser (figures, not pass/fail).
 *
 * Serves build/ (built first if it is missing) from a tiny static server, opens the page in
 * Chromium, sets 7 members and plays at 1x for 10 s, then prints:
 *   - frames per second (requestAnimationFrame callbacks counted in the page),
 *   - the longest main-thread task while playing (from a Chromium trace; target: none over 50 ms),
 *     and how many long tasks (> 50 ms) the page's PerformanceObserver saw,
 *   - main-thread CPU while playing and while paused (CDP Performance.getMetrics TaskDuration over
 *     the interval; target while paused: idle).
 * CHROMIUM_PATH picks the browser (default /usr/bin/chromium). BENCH_PLAY_S / BENCH_IDLE_S change
 * the measuring windows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from '@playwright/test';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const buildDir = join(root, 'build');
const base = process.env.BASE_PATH ?? '';
const PLAY_S = Number(process.env.BENCH_PLAY_S ?? 10);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 5);

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.woff2': 'font/woff2'
};

function ensureBuild(): void {
	if (existsSync(join(buildDir, 'index.html'))) return;
	console.log('build/ is missing: running npm run build ...');
	const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) throw new Error('npm run build failed');
}

/** Serves build/ the way a static host does: /x/ -> build/x/index.html. */
function serve(): Promise<Server> {
	const server = createServer((req, res) => {
		let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (base && path.startsWith(base)) path = path.slice(base.length) || '/';
		let file = normalize(join(buildDir, path));
		if (!file.startsWith(buildDir)) {
			res.writeHead(403).end();
			return;
		}
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!existsSync(file)) {
			res.writeHead(404).end('not found');
			return;
		}
		res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		res.end(readFileSync(file));
	});
	return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
	const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
	return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	dur?: number;
	args?: { name?: string };
}

/** The longest RunTask on the renderer's main thread, in ms. */
function longestTask(trace: Buffer): { maxMs: number; over50: number; tasks: number } {
	const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
	const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
	let maxMs = 0;
	let over50 = 0;
	let tasks = 0;
	for (const e of events) {
		if (e.name !== 'RunTask' || e.ph !== 'X' || e.dur === undefined || !mains.has(`${e.pid}:${e.tid}`)) continue;
		tasks++;
		const ms = e.dur / 1000;
		if (ms > maxMs) maxMs = ms;
		if (ms > 50) over50++;
	}
	return { maxMs, over50, tasks };
}

async function setUp(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.getByTestId('pause').waitFor({ timeout: 30_000 }); // hydrated, playing
	await page.getByTestId('pause').click();
	await page.getByTestId('size').selectOption('7');
	await page.getByTestId('speed').selectOption('1');
	await page.locator('[data-testid="member-7"]').waitFor();
	// let the first election happen so the run is in its steady state (heartbeats, 7 members)
	await page.getByTestId('play').click();
	await page.locator('[data-testid="q-verdict"][data-can-commit="true"]').waitFor({ timeout: 30_000 });
	await page.getByTestId('console-input').fill('put foo bar');
	await page.getByTestId('console-input').press('Enter');
}

async function main(): Promise<void> {
	ensureBuild();
	const server = await serve();
	const port = (server.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}${base}/`;
	const browser = await chromium.launch({
		executablePath: existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') : undefined,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic'
		]
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		await setUp(page, url);
		// page scripts are strings: tsx would wrap named functions in a helper the page does not have
		await page.evaluate(`(() => {
			window.__frames = 0;
			window.__long = [];
			window.__gaps = [];
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) window.__long.push(e.duration);
			}).observe({ type: 'longtask' });
			let last = performance.now();
			const count = (t) => {
				window.__frames++;
				window.__gaps.push(t - last);
				last = t;
				requestAnimationFrame(count);
			};
			requestAnimationFrame(count);
		})()`);

		// ---- playing
		await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
		const simStart = await simTime(page);
		const cpu0 = await taskSeconds(cdp);
		const wall0 = Date.now();
		await page.waitForTimeout(PLAY_S * 1000);
		const cpu1 = await taskSeconds(cdp);
		const wallS = (Date.now() - wall0) / 1000;
		const simEnd = await simTime(page);
		const trace = await browser.stopTracing();
		const inPage = (await page.evaluate(`(() => {
			const gaps = window.__gaps.slice(1).sort((a, b) => a - b);
			return { frames: window.__frames, long: window.__long, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0, maxGap: gaps[gaps.length - 1] ?? 0 };
		})()`)) as { frames: number; long: number[]; p95: number; maxGap: number };
		const tasks = longestTask(trace);

		// ---- paused: the page must go quiet (no rAF, no timers)
		await page.getByTestId('pause').click();
		// stop the benchmark's own frame counter too, so it does not count as the page's work
		await page.evaluate('window.requestAnimationFrame = () => 0');
		await page.waitForTimeout(1000);
		const idle0 = await taskSeconds(cdp);
		await page.waitForTimeout(IDLE_S * 1000);
		const idle1 = await taskSeconds(cdp);

		const pct = (s: number, over: number): string => `${((100 * s) / over).toFixed(1)}%`;
		console.log(`Quorum Playground in Chromium (${await browser.version()}), 7 members, 1x, ${url}`);
		console.log(`  simulated time advanced     ${(simEnd - simStart).toFixed(2)} s in ${wallS.toFixed(2)} s wall`);
		console.log(`  frames per second           ${(inPage.frames / wallS).toFixed(1)} (frame interval p95 ${inPage.p95.toFixed(1)} ms, max ${inPage.maxGap.toFixed(1)} ms)`);
		console.log(`  longest main-thread task    ${tasks.maxMs.toFixed(1)} ms (of ${tasks.tasks} tasks; ${tasks.over50} over 50 ms; PerformanceObserver long tasks: ${inPage.long.length}${inPage.long.length ? `, max ${Math.max(...inPage.long).toFixed(1)} ms` : ''})`);
		console.log(`  main-thread CPU, playing    ${pct(cpu1 - cpu0, wallS)} of one core`);
		console.log(`  main-thread CPU, paused     ${pct(idle1 - idle0, IDLE_S)} of one core (${((idle1 - idle0) * 1000).toFixed(1)} ms of tasks in ${IDLE_S} s)`);
	} finally {
		await browser.close();
		server.close();
	}
}

async function simTime(page: Page): Promise<number> {
	const text = (await page.getByTestId('sim-time').textContent()) ?? '';
	const m = /([\d.]+)/.exec(text.replace(/^[^=]*=/, ''));
	return m ? Number(m[1]) : NaN;
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
