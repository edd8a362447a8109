/**
 * Figures for `npm run bench` (issue 9): seeking on the timeline. A recording kept as the page
 * keeps it (checkpoints every CHECKPOINT_EVERY_EVENTS engine events, at most MAX_CHECKPOINTS,
 * restored at least RETAIN_MS before the target) runs 1, 10 and 60 simulated minutes; then it seeks
 * back from the end to SEEKS moments drawn at random (seeded), one after another, latest first, so
 * each is a trip back. Printed: CPU time per seek (median and worst: restoring the nearest
 * checkpoint and replaying from it to the target) and wall time (what the page waits: CPU time
 * counts the collector's and compiler's threads beside the main one, which run while it does), the checkpoints kept and what they cost in
 * memory (the live heap with them, less the same run's without them; the recording's estimate
 * beside it), and the time to take one (after the latest) and to restore one.
 * Figures, not pass/fail: a busy machine changes them (CPU time is steadier than wall time).
 */
import { Cluster } from '../lib/cluster/cluster';
import { Recording, MAX_CHECKPOINTS, CHECKPOINT_EVERY_EVENTS } from '../lib/scenario/recording';
import { validateScenario } from '../lib/scenario/validate';
import { Prng } from '../lib/sim/prng';
import { RETAIN_MS } from '../lib/ui/session/wire';
import type { Scenario } from '../lib/scenario/types';

const SEEKS = 15;
const gc = (globalThis as { gc?: () => void }).gc;

function cpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

function mib(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}

function liveHeap(): number {
	gc?.();
	gc?.();
	return process.memoryUsage().heapUsed;
}

/** A classroom run: 3 members, a client writing 10 puts/s all along, a kill and a restart, a partition and a heal. */
export function classroom(minutes: number): Scenario {
	const untilMs = minutes * 60_000;
	return validateScenario({
		version: 1,
		seed: 9,
		cluster: { size: 3 },
		untilMs,
		steps: [
			{ atMs: 500, do: 'load', node: 1, writesPerSec: 10, durationMs: untilMs, keys: 20 },
			{ atMs: 20_000, do: 'kill', node: 1 },
			{ atMs: 35_000, do: 'restart', node: 1 },
			{ atMs: 40_000, do: 'partition', groups: [[1], [2, 3]] },
			{ atMs: 50_000, do: 'heal' }
		]
	});
}

/** The engine benchmark's load: 5 members, 100 puts/s from one client. */
export function heavy(minutes: number): Scenario {
	const untilMs = minutes * 60_000;
	return validateScenario({
		version: 1,
		seed: 42,
		cluster: { size: 5 },
		untilMs,
		steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: untilMs, keys: 100 }]
	});
}

export interface SeekFigures {
	minutes: number;
	/** CPU time per seek, every thread of the process */
	medianMs: number;
	worstMs: number;
	/** wall time per seek */
	medianWallMs: number;
	worstWallMs: number;
	checkpoints: number;
	spacingEvents: number;
	memoryBytes: number;
	captureMs: number;
	restoreMs: number;
	estimateBytes: number;
	runCpuMs: number;
	events: number;
}

export function measure(s: Scenario, minutes: number): SeekFigures {
	const base = liveHeap();
	const t0 = cpuMs();
	const rec = new Recording(s, [], { seekMarginMs: RETAIN_MS });
	rec.runTo(s.untilMs);
	const runCpuMs = cpuMs() - t0;
	const withCheckpoints = liveHeap() - base;
	const cps = rec.checkpoints;
	const spacing = cps.length > 1 ? cps[1].events - cps[0].events : CHECKPOINT_EVERY_EVENTS;
	// one more checkpoint after the latest, timed (the recording takes them as it runs), and a restore
	const latest = rec.checkpointData[rec.checkpointData.length - 1]?.cluster ?? null;
	const reps = 5;
	const c0 = cpuMs();
	for (let i = 0; i < reps; i++) rec.cluster.checkpoint(latest);
	const captureMs = (cpuMs() - c0) / reps;
	let restoreMs = 0;
	if (latest !== null) {
		const r0 = cpuMs();
		for (let i = 0; i < reps; i++) Cluster.restore(latest);
		restoreMs = (cpuMs() - r0) / reps;
	}
	const estimateBytes = rec.checkpointBytes;
	const r = new Prng(minutes * 7919);
	const targets = Array.from({ length: SEEKS }, () => r.next() * s.untilMs).sort((a, b) => b - a);
	const times: number[] = [];
	const walls: number[] = [];
	for (const t of targets) {
		const a = cpuMs();
		const w = performance.now();
		rec.seek(t);
		times.push(cpuMs() - a);
		walls.push(performance.now() - w);
	}
	const events = rec.cluster.events;
	const checkpoints = cps.length;
	// the same run without checkpoints: what the checkpoints themselves cost
	const base2 = liveHeap();
	const plain = new Recording(s, [], { checkpoints: false });
	plain.runTo(s.untilMs);
	const without = liveHeap() - base2;
	void plain.nowMs;
	void rec.nowMs;
	times.sort((a, b) => a - b);
	walls.sort((a, b) => a - b);
	return {
		minutes,
		medianMs: times[Math.floor(times.length / 2)],
		worstMs: times[times.length - 1],
		medianWallMs: walls[Math.floor(walls.length / 2)],
		worstWallMs: walls[walls.length - 1],
		checkpoints,
		spacingEvents: spacing,
		memoryBytes: withCheckpoints - without,
		captureMs,
		restoreMs,
		estimateBytes,
		runCpuMs,
		events
	};
}

function print(label: string, make: (minutes: number) => Scenario): void {
	console.log(`\n${label}`);
	console.log('  run      seek median / worst: wall ms (CPU ms)   checkpoints (spacing)     their memory (estimate)   one checkpoint / restore');
	for (const minutes of [1, 10, 60]) {
		const f = measure(make(minutes), minutes);
		console.log(
			`  ${String(minutes).padStart(2)} min   ${f.medianWallMs.toFixed(1).padStart(6)} / ${f.worstWallMs.toFixed(1).padEnd(6)} (${f.medianMs.toFixed(1)} / ${f.worstMs.toFixed(1)})`.padEnd(54) + `${String(f.checkpoints).padStart(3)} (${f.spacingEvents.toLocaleString('en-US')} events)`.padEnd(28) +
				`${mib(f.memoryBytes).padStart(7)} MiB (${mib(f.estimateBytes)})   ${f.captureMs.toFixed(1)} / ${f.restoreMs.toFixed(1)} ms`
		);
	}
}

export function seekBench(): void {
	// warm up the JIT so the first figure is not mostly compilation
	const warm = new Recording(classroom(1), [], { seekMarginMs: RETAIN_MS });
	warm.runTo(60_000);
	for (const t of [50_000, 30_000, 10_000]) warm.seek(t);
	console.log(`\nSeeking back on the timeline (${SEEKS} seeks to random moments, latest first; checkpoints every ${CHECKPOINT_EVERY_EVENTS.toLocaleString('en-US')} events at first, at most ${MAX_CHECKPOINTS})`);
	if (!gc) console.log('  (run with node --expose-gc for the memory figures: npm run bench does)');
	print('Classroom run (3 members, 10 puts/s, a kill, a restart, a partition, a heal)', classroom);
	print('Engine benchmark load (5 members, 100 puts/s)', heavy);
}
