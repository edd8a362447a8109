/**
 * npm run bench — engine speed and memory figures (figures, not pass/fail: a busy machine changes
 * them); then the CLI's start-up, the page's checker and seeking on the timeline (bench-seek.ts).
 * A 5-member cluster under 100 puts/s from one client, for 10 simulated minutes and for 1
 * simulated hour. Printed: simulated seconds per wall second, engine events per wall second,
 * peak heap, and the live heap (after a full GC) at points through the run, which stays flat
 * because the log is compacted the way etcd snapshots it and every trace is bounded.
 */
import { runScenario } from '../lib/scenario/run';
import { Cluster } from '../lib/cluster/cluster';
import { clusterOptions, scheduleSteps } from '../lib/scenario/run';
import { validateScenario } from '../lib/scenario/validate';
import { cliStartupBench, pageCheckerBench } from './bench-replay';
import { seekBench } from './bench-seek';
import {
	BASELINE_FSYNC_MS,
	CLUSTER_SIZES,
	ETCD,
	FSYNC_JITTER_RATIO,
	FSYNC_VALUES_MS,
	LOAD_CLIENT_COUNTS,
	WAL_US_PER_ENTRY,
	calibrate,
	findLeadershipThresholds,
	fsyncForP99,
	fsyncQuantileFactor,
	loadPoints,
	runPoints,
	sweepPoints,
	thresholdParams,
	type PointResult
} from '../lib/lab/sweep';

const gc = (globalThis as { gc?: () => void }).gc;

function mib(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}

interface Figures {
	simSeconds: number;
	wallSeconds: number;
	/** CPU time the run took (user + system): less sensitive than wall time to other processes */
	cpuSeconds: number;
	events: number;
	peakHeap: number;
	liveHeap: { atMin: number; bytes: number }[];
	putsOk: number;
	putsTotal: number;
	p50Ms: number | null;
	p99Ms: number | null;
	violations: number;
}

function loadRun(minutes: number): Figures {
	const untilMs = minutes * 60_000 + 1000;
	const scenario = validateScenario({
		version: 1,
		seed: 42,
		cluster: { size: 5 },
		untilMs,
		steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: minutes * 60_000, keys: 100 }]
	});
	// the report keeps the last 1,000 client ops; everything else the engine keeps is bounded too
	const c = new Cluster({ ...clusterOptions(scenario), historyLimit: 1000 });
	scheduleSteps(c, scenario.steps);
	const liveHeap: { atMin: number; bytes: number }[] = [];
	let peakHeap = 0;
	let wallMs = 0;
	let cpuUs = 0;
	const chunkMs = 10_000;
	const sampleEveryMin = Math.max(1, Math.round(minutes / 6));
	for (let t = chunkMs; t <= untilMs + chunkMs - 1; t += chunkMs) {
		const start = performance.now();
		const cpu = process.cpuUsage();
		c.runUntil(Math.min(t, untilMs));
		wallMs += performance.now() - start;
		const used = process.cpuUsage(cpu);
		cpuUs += used.user + used.system;
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
		const min = Math.min(t, untilMs) / 60_000;
		if (gc && Math.abs(min / sampleEveryMin - Math.round(min / sampleEveryMin)) < 1e-9 && min >= 1) {
			gc();
			liveHeap.push({ atMin: min, bytes: process.memoryUsage().heapUsed });
		}
	}
	const puts = c.ops.filter((o) => o.kind === 'put');
	const lat = puts
		.filter((o) => o.status === 'ok' && o.returnUs !== null)
		.map((o) => ((o.returnUs as number) - o.callUs) / 1000)
		.sort((a, b) => a - b);
	return {
		simSeconds: untilMs / 1000,
		wallSeconds: wallMs / 1000,
		cpuSeconds: cpuUs / 1e6,
		events: c.events,
		peakHeap,
		liveHeap,
		putsOk: c.ops.filter((o) => o.kind === 'put' && o.status === 'ok').length,
		putsTotal: c.ops.length,
		p50Ms: lat.length ? lat[Math.floor(lat.length * 0.5)] : null,
		p99Ms: lat.length ? lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] : null,
		violations: c.checker.count
	};
}

function print(label: string, f: Figures): void {
	console.log(`\n${label}`);
	console.log(`  simulated time      ${f.simSeconds.toFixed(0)} s in ${f.wallSeconds.toFixed(2)} s wall`);
	console.log(`  speed               ${(f.simSeconds / f.wallSeconds).toFixed(0)}x real time by wall clock, ${(f.simSeconds / f.cpuSeconds).toFixed(0)}x by CPU time (target >= 1000x)`);
	console.log(`  engine events       ${f.events} (${Math.round(f.events / f.wallSeconds).toLocaleString('en-US')} events/s wall, ${Math.round(f.events / f.cpuSeconds).toLocaleString('en-US')} events/CPU-s)`);
	console.log(`  peak heap           ${mib(f.peakHeap)} MiB`);
	if (f.liveHeap.length > 0) {
		console.log(`  live heap after GC  ${f.liveHeap.map((s) => `${s.atMin} min: ${mib(s.bytes)} MiB`).join(', ')}`);
	}
	console.log(`  last 1,000 puts     p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; safety violations: ${f.violations}`);
}

function main(): void {
	console.log('Quorum Playground engine benchmark (5 members, 100 puts/s, 1 client, defaults: 0.5 ms links, 1 ms fsync)');
	if (!gc) console.log('(run with node --expose-gc for live-heap samples: npm run bench does)');
	// warm up the JIT so the first figure is not mostly compilation: a scenario run, then 2 simulated
	// minutes of the measured load itself, so the paths a long run takes (the history limit dropping
	// ops, the first log compaction at 100 s) are compiled before the clock starts. Without the
	// second part the 10-minute figure paid about a quarter of its CPU for compiling (445x against
	// 600x on the same build); the hour is long enough not to care.
	runScenario(validateScenario({ version: 1, cluster: { size: 5 }, untilMs: 20_000, steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 19_000, keys: 100 }] }));
	loadRun(2);
	print('10 simulated minutes', loadRun(10));
	const hour = loadRun(60);
	print('1 simulated hour (memory must stay flat)', hour);
	const at = (min: number) => hour.liveHeap.find((x) => x.atMin === min);
	const h10 = at(10);
	const h60 = at(60);
	if (h10 && h60) console.log(`  heap at 10 / 60 min ${mib(h10.bytes)} MiB / ${mib(h60.bytes)} MiB (${(((h60.bytes - h10.bytes) / h10.bytes) * 100).toFixed(1)}% over 50 simulated minutes)`);
	sweepBench();
	cliStartupBench();
	pageCheckerBench();
	seekBench();
}

/**
 * The disk-speed lab's sweep: 12 fsync values x sizes 1, 3, 5, 7 x 200 sequential puts from one
 * client (every disk at the swept fsync, with the lab's fsync tail and WAL cost, 0.15 ms links),
 * timed twice; then the calibration against etcd's published benchmark, the load sweep (group
 * commit's saturation against etcd's 1,000-client figure) and the leader-disk threshold search.
 */
function sweepBench(): void {
	const puts = 200;
	const points = sweepPoints({ sizes: CLUSTER_SIZES, fsyncValuesMs: FSYNC_VALUES_MS, slow: 'everyone', latencyMs: 0.15, clients: 1, puts });
	console.log(
		`\nDisk model: fsync tail ${FSYNC_JITTER_RATIO * 100}% of each disk's fsync (fsync p50 ${fsyncQuantileFactor(0.5).toFixed(2)}x, p99 ${fsyncQuantileFactor(0.99).toFixed(2)}x its usual time: p99 crosses etcd's ${ETCD.fsyncP99GuidanceMs} ms from a usual fsync of ${fsyncForP99(ETCD.fsyncP99GuidanceMs).toFixed(2)} ms); WAL ${WAL_US_PER_ENTRY} µs per entry`
	);
	console.log(`Disk-speed lab sweep (${FSYNC_VALUES_MS.length} fsync values ${FSYNC_VALUES_MS[0]}..${FSYNC_VALUES_MS[FSYNC_VALUES_MS.length - 1]} ms x sizes ${CLUSTER_SIZES.join(', ')} x ${puts} puts, 1 client, every disk slow, 0.15 ms links)`);
	const timed = (): { wallMs: number; results: PointResult[] } => {
		const start = performance.now();
		const results = runPoints(points);
		return { wallMs: performance.now() - start, results };
	};
	const first = timed();
	const again = timed();
	const events = first.results.reduce((n, r) => n + r.events, 0);
	const simS = first.results.reduce((n, r) => n + r.simMs, 0) / 1000;
	console.log(`  wall time           ${first.wallMs.toFixed(0)} ms (again: ${again.wallMs.toFixed(0)} ms; target < 1000 ms) for ${points.length} points, ${points.length * puts} puts`);
	console.log(`  engine events       ${events} (${Math.round(events / (first.wallMs / 1000)).toLocaleString('en-US')} events/s), ${simS.toFixed(0)} simulated s`);
	const shown = [0.05, 1, 10, 100, 200];
	console.log(`  p50 / p99 ms        ${shown.map((f) => `${f} ms`.padStart(17)).join('')}`);
	for (const size of CLUSTER_SIZES) {
		const row = shown.map((f) => {
			const r = first.results.find((x) => x.params.size === size && x.params.fsyncMs === f);
			return (r ? `${r.p50Ms.toFixed(2)} / ${r.p99Ms.toFixed(2)}` : '-').padStart(17);
		});
		console.log(`    ${String(size).padStart(1)} member${size === 1 ? ' ' : 's'}         ${row.join('')}`);
	}

	const cal = calibrate();
	const s = cal.settings;
	const sign = cal.relativeError >= 0 ? '+' : '-';
	console.log(`\nCalibration against etcd's benchmark (3 members, SSD, 1 client: ${ETCD.benchmarkAvgMs} ms avg, ${ETCD.benchmarkWritesPerSec} writes/s)`);
	console.log(`  settings            one-way latency ${s.latencyMs} ms (client ${s.clientLatencyMs} ms, jitter ${s.jitterMs} ms), fsync ${s.fsyncMs} ms on every member (tail ${s.fsyncJitterRatio * 100}%), WAL ${s.walUsPerEntry} µs per entry, apply ${s.applyMs} ms`);
	console.log(`  engine              ${cal.result.meanMs.toFixed(3)} ms avg (p50 ${cal.result.p50Ms} ms, p99 ${cal.result.p99Ms} ms), ${Math.round(cal.result.throughputPerSec)} writes/s`);
	console.log(`  vs etcd's 1.6 ms    ${sign}${Math.abs(cal.relativeError * 100).toFixed(1)}%`);

	const loadStart = performance.now();
	const load = runPoints(loadPoints({ sizes: [3], clientCounts: LOAD_CLIENT_COUNTS, fsyncMs: BASELINE_FSYNC_MS, slow: 'everyone', latencyMs: 0.15, puts: 200 }));
	console.log(`\nOffered load (3 members, SSD ${BASELINE_FSYNC_MS} ms fsync, 0.15 ms links; ${(performance.now() - loadStart).toFixed(0)} ms wall)`);
	console.log(`  clients             ${load.map((r) => String(r.params.clients).padStart(8)).join('')}`);
	console.log(`  writes/s            ${load.map((r) => String(Math.round(r.throughputPerSec)).padStart(8)).join('')}`);
	console.log(`  mean ms             ${load.map((r) => r.meanMs.toFixed(2).padStart(8)).join('')}`);
	console.log(`  writes per fsync    ${load.map((r) => r.writesPerFsync.toFixed(1).padStart(8)).join('')}`);
	const at1000 = load.find((r) => r.params.clients === ETCD.loadBenchmarkClients);
	if (at1000)
		console.log(
			`  vs etcd (1,000 clients: ${ETCD.loadBenchmarkWritesPerSec} writes/s at ${ETCD.loadBenchmarkAvgMs} ms)  engine ${Math.round(at1000.throughputPerSec)} writes/s at ${at1000.meanMs.toFixed(1)} ms`
		);

	const start = performance.now();
	const th = findLeadershipThresholds(thresholdParams({ size: 3 }));
	console.log(`\nSlow leader disk (3 members, 0.15 ms links; found by bisection in ${(performance.now() - start).toFixed(0)} ms wall, ${th.probes.length} runs)`);
	console.log(`  late heartbeats     from a leader disk's usual fsync of ${th.heartbeatLateFromMs ?? '-'} ms (its tail reaches 3.5x)`);
	console.log(`  elections           from a leader disk's usual fsync of ${th.electionsFromMs ?? '-'} ms`);
	if (th.warning) console.log(`  etcd's warning      ${th.warning}`);
}

main();
