/**
 * npm run bench:browser — the playground in a real browser (figures, not pass/fail).
 *
 * Serves build/ (built first if it is missing) from a tiny static server, opens a link to a 7-member
 * cluster under client load (a put stream of BENCH_WRITES writes/s, default 200, 0 for none, from 3 s on), and
 * plays it for BENCH_PLAY_S seconds at the teaching pace, then at 10x. For each it prints:
 *   - frames per second (requestAnimationFrame callbacks counted in the page),
 *   - the longest main-thread task (from a Chromium trace; target: none over 50 ms), and how many
 *     long tasks (> 50 ms) the page's PerformanceObserver saw,
 *   - simulated time advanced against wall time, and main-thread CPU;
 * then the longest task while opening the link (start-up and hydration included), the live heap
 * after a full GC at each simulated minute of a BENCH_MEM_MIN-minute run (default 10) at 10x with
 * the load, the longest task while drag-scrubbing the time bar across that run (BENCH_SCRUB_STEPS
 * moves each way, default 40; target: none over 50 ms), the longest task while the heaviest
 * accepted link of issue 12 opens to its end (BENCH_HEAVY=0 skips it), main-thread CPU while paused
 * (target: idle), the longest task while the disk lab opens and runs its sweep (BENCH_LAB=0 skips
 * it; target: none over 50 ms), and the JavaScript transferred to open `/` (raw, and gzip as a static host would
 * send it).
 * CHROMIUM_PATH picks the browser (default /usr/bin/chromium). BENCH_PLAY_S / BENCH_IDLE_S change
 * the measuring windows; BENCH_TRACE_OUT=file keeps the drag-scrub's trace (with JavaScript samples).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { encodeLink } from '../lib/scenario/link';
import { HEAVIEST } from './heavy-links';
import { playgroundScenario } from '../lib/ui/playground/scenario';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const buildDir = join(root, 'build');
const base = process.env.BASE_PATH ?? '';
const PLAY_S = Number(process.env.BENCH_PLAY_S ?? 10);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 5);
const WRITES = Number(process.env.BENCH_WRITES ?? 200);
/** simulated minutes of the memory run (0: none) */
const MEM_MIN = Number(process.env.BENCH_MEM_MIN ?? 10);
/** open the heaviest accepted link to its end too (BENCH_HEAVY=0: skip; it takes a minute or more) */
const HEAVY = process.env.BENCH_HEAVY !== '0';
/** open the disk lab and run its sweep too (BENCH_LAB=0: skip) */
const LAB = process.env.BENCH_LAB !== '0';

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
	/** thread (CPU) time of the event, when the trace records it */
	tdur?: number;
	/** when it began (µs, the trace's clock) */
	ts?: number;
	args?: { name?: string; data?: unknown };
}

/**
 * The longest RunTask on the renderer's main thread, in ms: wall time (what a user waits) and the
 * main thread's own CPU time in it (on a loaded machine a task's wall time includes time the
 * thread waited for a core; its CPU time is what the page itself spent).
 */
function longestTask(trace: Buffer, since?: string, until?: string): { maxMs: number; over50: number; tasks: number; maxCpuMs: number; over50Cpu: number } {
	const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
	const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
	// from the page's console.timeStamp(since) on, when given (the tasks before are the tracing's own)
	const mark = since === undefined ? undefined : events.find((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === since);
	const fromTs = mark?.ts ?? -Infinity;
	// and before console.timeStamp(until), when given
	const end = until === undefined ? undefined : events.find((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === until);
	const untilTs = end?.ts ?? Infinity;
	let maxMs = 0;
	let over50 = 0;
	let tasks = 0;
	let maxCpuMs = 0;
	let over50Cpu = 0;
	for (const e of events) {
		if (e.name !== 'RunTask' || e.ph !== 'X' || e.dur === undefined || !mains.has(`${e.pid}:${e.tid}`) || (e.ts ?? 0) < fromTs || (e.ts ?? 0) >= untilTs) continue;
		tasks++;
		const ms = e.dur / 1000;
		if (ms > maxMs) maxMs = ms;
		if (ms > 50) over50++;
		const cpu = (e.tdur ?? e.dur) / 1000;
		if (cpu > maxCpuMs) maxCpuMs = cpu;
		if (cpu > 50) over50Cpu++;
	}
	return { maxMs, over50, tasks, maxCpuMs, over50Cpu };
}

/** A link to 7 members with a put stream from 3 s on (opened paused at 3 s). */
function loadLink(): string {
	const scenario = playgroundScenario({ size: 7 });
	return encodeLink({
		scenario,
		actions: WRITES > 0 ? [{ do: 'load', node: 1, writesPerSec: WRITES, durationMs: 900_000, keys: 100, atMs: 3000 }] : [],
		atMs: 3000,
		view: { lang: 'en' }
	});
}

const COUNTER = `(() => {
	window.__frames = 0;
	window.__long = [];
	window.__gaps = [];
	window.__stop = false;
	if (!window.__observing) {
		window.__observing = true;
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) window.__long.push(e.duration);
		}).observe({ type: 'longtask' });
	}
	let last = performance.now();
	const count = (t) => {
		if (window.__stop) return;
		window.__frames++;
		window.__gaps.push(t - last);
		last = t;
		requestAnimationFrame(count);
	};
	requestAnimationFrame(count);
})()`;

interface Phase {
	simS: number;
	wallS: number;
	fps: number;
	p95: number;
	maxGap: number;
	cpu: number;
	tasks: { maxMs: number; over50: number; tasks: number; maxCpuMs: number; over50Cpu: number };
	longs: number[];
	pace: string;
}

/** Plays for PLAY_S at the chosen speed and measures. */
async function phase(browser: Browser, page: Page, cdp: CDPSession, speed: string): Promise<Phase> {
	await page.getByTestId('speed').selectOption(speed);
	await page.evaluate(COUNTER);
	await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
	const simStart = await simTime(page);
	const cpu0 = await taskSeconds(cdp);
	const wall0 = Date.now();
	// clicked from inside the page: Playwright's click waits for the button to hold still over
	// several frames, measuring its box each frame (forced layouts of its own in the trace)
	await page.evaluate(`document.querySelector('[data-testid="play"]').click()`);
	await page.waitForTimeout(PLAY_S * 1000);
	// the words shown (innerText): the readout holds a long and a short form, one of them hidden by CSS
	const pace = await page.getByTestId('pace').innerText().catch(() => '');
	await page.evaluate(`document.querySelector('[data-testid="pause"]').click()`);
	await page.getByTestId('play').waitFor();
	const cpu1 = await taskSeconds(cdp);
	const wallS = (Date.now() - wall0) / 1000;
	const simEnd = await simTime(page);
	const trace = await browser.stopTracing();
	const inPage = (await page.evaluate(`(() => {
		const gaps = window.__gaps.slice(1).sort((a, b) => a - b);
		const out = { frames: window.__frames, long: window.__long.slice(), p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0, maxGap: gaps[gaps.length - 1] ?? 0 };
		window.__stop = true;
		return out;
	})()`)) as { frames: number; long: number[]; p95: number; maxGap: number };
	return { simS: simEnd - simStart, wallS, fps: inPage.frames / wallS, p95: inPage.p95, maxGap: inPage.maxGap, cpu: (cpu1 - cpu0) / wallS, tasks: longestTask(trace), longs: inPage.long, pace: pace.trim() };
}

/** Bytes of JavaScript the browser fetched to open `/` (raw and gzip). */
async function jsTransferred(browser: Browser, url: string): Promise<{ raw: number; gzip: number; files: number }> {
	const page = await browser.newPage();
	const bodies: Promise<Buffer>[] = [];
	page.on('response', (r) => {
		if (/\.m?js($|\?)/.test(new URL(r.url()).pathname)) bodies.push(r.body());
	});
	await page.goto(url);
	await page.getByTestId('pause').waitFor({ timeout: 30_000 });
	await page.waitForLoadState('networkidle');
	const all = await Promise.all(bodies);
	await page.close();
	return { raw: all.reduce((n, b) => n + b.length, 0), gzip: all.reduce((n, b) => n + gzipSync(b).length, 0), files: all.length };
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
		const js = await jsTransferred(browser, url);
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		await page.goto(`${url}#${loadLink()}`);
		await page.getByTestId('play').waitFor({ timeout: 30_000 });
		await page.locator('[data-testid="node-7"]').waitFor();
		const startup = await startupTasks(browser, `${url}#${loadLink()}`);
		const teach = await phase(browser, page, cdp, 'teach');
		const fast = await phase(browser, page, cdp, '10');
		const heap = MEM_MIN > 0 ? await heapOverRun(page, cdp) : [];
		const scrubbed = await scrub(browser, page);
		const heaviest = HEAVY ? await openToTheEnd(browser, `${url}#${encodeLink(HEAVIEST)}`) : null;
		const lab = LAB ? await labSweep(browser, `${url}lab/`) : null;

		// ---- paused: the page must go quiet (no rAF, no timers), once the scrub's last replay has arrived
		await page.getByTestId('replay-progress').waitFor({ state: 'hidden', timeout: 120_000 });
		await page.waitForTimeout(1000);
		const idle0 = await taskSeconds(cdp);
		await page.waitForTimeout(IDLE_S * 1000);
		const idle1 = await taskSeconds(cdp);

		const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
		console.log(`Quorum Playground in Chromium (${await browser.version()}), 7 members, ${WRITES} writes/s, 1440x900, ${url}`);
		console.log(`  machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (wall times stretch when the load exceeds the cores)`);
		for (const [name, p] of [['teaching pace', teach], ['10x', fast]] as const) {
			console.log(`  ${name}`);
			console.log(`    simulated time advanced   ${p.simS.toFixed(3)} s in ${p.wallS.toFixed(2)} s wall (${(p.simS / p.wallS).toFixed(3)}x)${p.pace ? `; readout "${p.pace}"` : ''}`);
			console.log(`    frames per second         ${p.fps.toFixed(1)} (frame interval p95 ${p.p95.toFixed(1)} ms, max ${p.maxGap.toFixed(1)} ms)`);
			console.log(`    longest main-thread task  ${p.tasks.maxMs.toFixed(1)} ms (of ${p.tasks.tasks} tasks; ${p.tasks.over50} over 50 ms; PerformanceObserver long tasks: ${p.longs.length}${p.longs.length ? `, max ${Math.max(...p.longs).toFixed(1)} ms` : ''})`);
			console.log(`      in main-thread CPU time ${p.tasks.maxCpuMs.toFixed(1)} ms (${p.tasks.over50Cpu} tasks over 50 ms of CPU)`);
			console.log(`    main-thread CPU           ${pct(p.cpu)} of one core`);
		}
		console.log(`  drag-scrubbing the time bar over ${(scrubbed.runS / 60).toFixed(1)} simulated minutes (${SCRUB_STEPS} moves each way, paused; at the far left t = ${scrubbed.leftS.toFixed(1)} s)`);
		console.log(`    longest main-thread task  ${scrubbed.tasks.maxMs.toFixed(1)} ms wall, ${scrubbed.tasks.maxCpuMs.toFixed(1)} ms CPU (of ${scrubbed.tasks.tasks} tasks; ${scrubbed.tasks.over50Cpu} over 50 ms of CPU; PerformanceObserver long tasks: ${scrubbed.longs.length}${scrubbed.longs.length ? `, max ${Math.max(...scrubbed.longs).toFixed(1)} ms` : ''})`);
		console.log(`  opening the link            longest main-thread task ${startup.maxMs.toFixed(1)} ms wall, ${startup.maxCpuMs.toFixed(1)} ms CPU (${startup.over50Cpu} tasks over 50 ms of CPU)`);
		if (heaviest !== null)
			console.log(
				`  the heaviest accepted link (7 members, 10,000 writes/s for 40 s, opened at its end) replayed to its end in ${heaviest.wallS.toFixed(1)} s wall: longest main-thread task ${heaviest.tasks.maxMs.toFixed(1)} ms wall, ${heaviest.tasks.maxCpuMs.toFixed(1)} ms CPU (of ${heaviest.tasks.tasks} tasks; ${heaviest.tasks.over50Cpu} over 50 ms of CPU)`
			);
		if (lab !== null) {
			const line = (t: Phase['tasks']): string => `${t.maxMs.toFixed(1)} ms wall, ${t.maxCpuMs.toFixed(1)} ms CPU (of ${t.tasks} tasks; ${t.over50} over 50 ms, ${t.over50Cpu} over 50 ms of CPU)`;
			console.log(`  the disk lab at 1280x720 (/lab/, its sweep in a worker: ${lab.jobs} results in ${lab.sweepS.toFixed(1)} s wall)`);
			console.log(`    opening, to its first chart   longest main-thread task ${line(lab.opening)}`);
			console.log(`    while the sweep runs          longest main-thread task ${line(lab.sweep)}`);
		}
		if (heap.length > 0) {
			console.log(`  live heap after GC, playing at 10x with ${WRITES} writes/s (each simulated minute):`);
			console.log(`    ${heap.map((h) => `${h.min} min ${h.mib.toFixed(1)} MiB`).join(', ')}`);
		}
		console.log(`  main-thread CPU, paused     ${pct((idle1 - idle0) / IDLE_S)} of one core (${((idle1 - idle0) * 1000).toFixed(1)} ms of tasks in ${IDLE_S} s)`);
		console.log(`  JS transferred for /        ${(js.raw / 1024).toFixed(1)} KiB raw, ${(js.gzip / 1024).toFixed(1)} KiB gzip (${js.files} files)`);
	} finally {
		await browser.close();
		server.close();
	}
}

/** The tasks of opening the link in a fresh page, from a Chromium trace (until it has drawn its members). */
async function startupTasks(browser: Browser, url: string): Promise<{ maxMs: number; maxCpuMs: number; over50Cpu: number }> {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
	await page.goto(url);
	await page.locator('[data-testid="node-7"]').waitFor({ timeout: 30_000 });
	await page.waitForTimeout(1000);
	const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
	await page.close();
	const tid = trace.traceEvents.find((e) => e.name === 'ParseHTML')?.tid;
	let maxMs = 0;
	let maxCpuMs = 0;
	let over50Cpu = 0;
	for (const e of trace.traceEvents) {
		if (e.name !== 'RunTask' || e.tid !== tid || !e.dur) continue;
		maxMs = Math.max(maxMs, e.dur / 1000);
		const cpu = (e.tdur ?? 0) / 1000;
		maxCpuMs = Math.max(maxCpuMs, cpu);
		if (cpu > 50) over50Cpu++;
	}
	return { maxMs, maxCpuMs, over50Cpu };
}

/**
 * Opens a link in a fresh page and waits until its replay has reached the link's moment (the
 * progress shown and gone again), tracing the main thread the whole way (the top-level tasks only,
 * so a minute of trace stays small).
 */
async function openToTheEnd(browser: Browser, url: string): Promise<{ wallS: number; tasks: Phase['tasks'] }> {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
	const t0 = Date.now();
	await page.goto(url);
	await page.getByTestId('replay-progress').waitFor({ timeout: 60_000 });
	await page.getByTestId('replay-progress').waitFor({ state: 'hidden', timeout: 900_000 });
	const wallS = (Date.now() - t0) / 1000;
	await page.waitForTimeout(500);
	const trace = await browser.stopTracing();
	await page.close();
	return { wallS, tasks: longestTask(trace) };
}

/**
 * Opens the disk lab in a fresh page at 1280x720 and lets its sweep run to the end (the engine in a
 * worker; the page takes each result, its tables and five charts follow), tracing the main thread:
 * the tasks until its first chart is drawn (start-up, hydration, chart.js), then those while the
 * results stream in. Target: none over 50 ms.
 */
async function labSweep(browser: Browser, url: string): Promise<{ jobs: number; sweepS: number; opening: Phase['tasks']; sweep: Phase['tasks'] }> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
	await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline', 'devtools.timeline'] });
	const t0 = Date.now();
	await page.goto(url);
	await page.locator('[data-testid="latency-chart"][data-ready="true"]').waitFor({ timeout: 60_000 });
	await page.evaluate(() => console.timeStamp('first-chart'));
	await page.locator('[data-testid="lab-status"][data-status="done"]').waitFor({ timeout: 300_000 });
	const sweepS = (Date.now() - t0) / 1000;
	await page.waitForTimeout(1000);
	const jobs = Number((await page.getByTestId('lab-status').textContent())?.match(/\d[\d,]*/)?.[0].replace(/,/g, '') ?? NaN);
	const trace = await browser.stopTracing();
	await page.close();
	return { jobs, sweepS, opening: longestTask(trace, undefined, 'first-chart'), sweep: longestTask(trace, 'first-chart') };
}

/** Steps of the drag across the time bar, each way. */
const SCRUB_STEPS = Number(process.env.BENCH_SCRUB_STEPS ?? 40);
/** A file to keep the drag-scrub's Chromium trace in (open it in DevTools' Performance panel). */
const TRACE_OUT = process.env.BENCH_TRACE_OUT ?? '';

/**
 * Drags the time bar's thumb across the run as a user scrubs (paused: from the end to the start in
 * SCRUB_STEPS moves of the mouse 50 ms apart, then back), and measures the main thread from a
 * Chromium trace: every move seeks (back: restoring the nearest checkpoint and replaying from it,
 * in slices), so this is where a seek would block the page. Target: no task over 50 ms.
 */
async function scrub(browser: Browser, page: Page): Promise<{ runS: number; leftS: number; tasks: Phase['tasks']; longs: number[] }> {
	const pause = page.getByTestId('pause');
	if (await pause.isVisible()) await pause.click();
	const runS = await simTime(page);
	const slider = page.getByTestId('timeline');
	await slider.scrollIntoViewIfNeeded();
	const box = await slider.boundingBox();
	if (box === null) throw new Error('the time bar is not shown');
	await page.evaluate(COUNTER);
	const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
	// BENCH_TRACE_OUT: keep the scrub's trace, with the JavaScript profiler's samples, to read in DevTools
	if (TRACE_OUT && process.env.BENCH_TRACE_JS !== '0') categories.push('disabled-by-default-v8.cpu_profiler');
	await browser.startTracing(page, { categories });
	// the JavaScript profiler starts in the trace's first task (150-180 ms of its own): measure from here
	await page.waitForTimeout(300);
	await page.evaluate(`window.__long = []; console.timeStamp('scrub')`);
	const y = box.y + box.height / 2;
	const right = box.x + box.width - 2;
	const left = box.x + 2;
	await page.mouse.move(right, y);
	await page.mouse.down();
	let leftS = NaN;
	for (const [from, to] of [
		[right, left],
		[left, right]
	]) {
		for (let i = 1; i <= SCRUB_STEPS; i++) {
			await page.mouse.move(from + ((to - from) * i) / SCRUB_STEPS, y);
			await page.waitForTimeout(50);
		}
		if (to === left) {
			await page.waitForTimeout(500);
			leftS = await simTime(page);
		}
	}
	await page.mouse.up();
	// the last seek's replay runs on in slices: let it arrive
	await page.waitForTimeout(3000);
	const trace = await browser.stopTracing();
	if (TRACE_OUT) writeFileSync(TRACE_OUT, trace);
	const longs = (await page.evaluate(`(() => { window.__stop = true; return window.__long.slice(); })()`)) as number[];
	return { runS, leftS, tasks: longestTask(trace, 'scrub'), longs };
}

/** Plays at 10x for MEM_MIN simulated minutes; at each minute, the live heap after a full GC. */
async function heapOverRun(page: Page, cdp: CDPSession): Promise<{ min: number; mib: number }[]> {
	await page.getByTestId('speed').selectOption('10');
	const play = page.getByTestId('play');
	if (await play.isVisible()) await play.click();
	const start = await simTime(page);
	const out: { min: number; mib: number }[] = [];
	await cdp.send('HeapProfiler.enable');
	for (let min = 1; min <= MEM_MIN; min++) {
		const deadline = Date.now() + 240_000;
		while ((await simTime(page)) < start + min * 60 && Date.now() < deadline) await page.waitForTimeout(500);
		await cdp.send('HeapProfiler.collectGarbage');
		const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
		out.push({ min, mib: usedSize / 1024 / 1024 });
	}
	const pause = page.getByTestId('pause');
	if (await pause.isVisible()) await pause.click();
	return out;
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
