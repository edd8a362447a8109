/**
 * The time bar's paint (src/lib/ui/playground/timeline.ts) read off real runs of the engine: each
 * action a marker, each leader elected a marker at its election, two members believing they lead
 * at once a window, refused writes counted per stretch, and markers kept through a seek back.
 */
import { describe, expect, it } from 'vitest';
import { Recording } from '../../src/lib/scenario/recording';
import { validateScenario } from '../../src/lib/scenario/validate';
import type { Step } from '../../src/lib/scenario/types';
import { MarkMemory, actionMarks, bandsAt, failedWrites, historyMarks, mergeBands, mergeMarks, neighbour, termBands, type Mark, type TermBand } from '../../src/lib/ui/playground/timeline';

function run(steps: unknown[], untilMs: number, size = 3) {
	const s = validateScenario({ version: 1, seed: 7, cluster: { size }, steps, untilMs });
	const rec = new Recording(s);
	rec.runTo(untilMs);
	return { s, c: rec.cluster };
}

describe('timeline marks', () => {
	it('marks every fault, disk change and transfer at its moment, and nothing for reads and writes', () => {
		const marks = actionMarks([
			{ atMs: 100, do: 'kill', node: 2 },
			{ atMs: 200, do: 'restart', node: 2 },
			{ atMs: 300, do: 'partition', groups: [[1], [2, 3]] },
			{ atMs: 350, do: 'cut', from: 1, to: 3 },
			{ atMs: 400, do: 'heal' },
			{ atMs: 500, do: 'disk', node: 1, fsyncMs: 40 },
			{ atMs: 600, do: 'put', node: 1, key: 'a', value: 'b' },
			{ atMs: 700, do: 'transfer', to: 3 }
		]);
		expect(marks.map((m) => [m.kind, m.atMs])).toEqual([
			['kill', 100],
			['restart', 200],
			['partition', 300],
			['cut', 350],
			['heal', 400],
			['disk', 500],
			['transfer', 700]
		]);
		expect(marks[2].groups).toBe('n1 | n2 n3');
		expect(marks[3]).toMatchObject({ node: 1, other: 3 });
		expect(marks[5].count).toBe(40);
	});

	it('a leader mark at each election the engine saw, and term bands that match them', () => {
		const { c } = run([{ atMs: 3000, do: 'kill', node: 1 }, { atMs: 3000, do: 'kill', node: 2 }, { atMs: 3000, do: 'kill', node: 3 }, { atMs: 3500, do: 'restart', node: 1 }, { atMs: 3500, do: 'restart', node: 2 }, { atMs: 3500, do: 'restart', node: 3 }], 8000);
		const leaders = historyMarks(c.leadership, c.ops, c.nowMs, 100).filter((m) => m.kind === 'leader');
		expect(leaders.length).toBe(c.leadership.length);
		expect(leaders.length).toBeGreaterThanOrEqual(2); // one before the kills, one after the restarts
		expect(leaders.map((m) => m.term)).toEqual(c.leadership.map((s) => s.term));
		const bands = termBands(c.leadership, c.nowMs);
		expect(bands[0].toMs).not.toBeNull(); // the first leader died at 3 s
		expect(bands[0].toMs).toBeCloseTo(3000, 0);
		expect(bands.at(-1)!.toMs).toBeNull(); // the last still leads
	});

	it('an old leader cut off while a new one is elected shows as a window, and refused writes are counted', () => {
		// find the first leader, then cut it off from the others and write to it
		const probe = run([], 2000);
		const first = probe.c.leadership[0].node;
		const others = [1, 2, 3].filter((n) => n !== first);
		const { c } = run(
			[
				{ atMs: 2000, do: 'partition', groups: [[first], others] },
				{ atMs: 2100, do: 'put', node: first, key: 'k', value: 'v' },
				{ atMs: 2200, do: 'put', node: first, key: 'k', value: 'w' }
			],
			12_000
		);
		const marks = historyMarks(c.leadership, c.ops, c.nowMs, 1000);
		const windows = marks.filter((m) => m.kind === 'splitBrain');
		expect(windows.length).toBe(1);
		expect(windows[0].node).toBe(first); // the older leader
		expect(windows[0].toMs).toBeGreaterThan(windows[0].atMs);
		const failed = c.ops.filter((o) => o.kind === 'put' && (o.status === 'timeout' || o.status === 'fail')).length;
		expect(failed).toBe(2);
		expect(marks.filter((m) => m.kind === 'refused' || m.kind === 'timedOut').reduce((n, m) => n + m.count, 0)).toBe(2);
	});

	it('given the cluster’s count of failed writes, finds the same markers as a full scan, at every moment of a run that fails writes on and off', () => {
		const rec = new Recording(
			validateScenario({
				version: 1,
				seed: 7,
				cluster: { size: 3 },
				untilMs: 60_000,
				steps: [
					{ atMs: 1000, do: 'load', node: 1, writesPerSec: 50, durationMs: 20_000, keys: 4 },
					{ atMs: 4000, do: 'kill', node: 2 },
					{ atMs: 4000, do: 'kill', node: 3 },
					{ atMs: 9000, do: 'restart', node: 2 },
					{ atMs: 14_000, do: 'kill', node: 1 },
					{ atMs: 17_000, do: 'restart', node: 1 }
				]
			})
		);
		const counts: number[] = [];
		for (let t = 500; t <= 24_000; t += 500) {
			rec.runTo(t);
			const c = rec.cluster;
			const failed = failedWrites(c.opCounts);
			counts.push(failed);
			const full = historyMarks(c.leadership, c.ops, c.nowMs, 1000);
			// twice: the second look takes the first one's scan
			expect(historyMarks(c.leadership, c.ops, c.nowMs, 1000, failed), `at ${t} ms`).toEqual(full);
			expect(historyMarks(c.leadership, c.ops, c.nowMs, 1000, failed), `at ${t} ms, again`).toEqual(full);
			const marked = full.filter((m) => m.kind === 'refused' || m.kind === 'timedOut').reduce((n, m) => n + m.count, 0);
			expect(marked, `at ${t} ms`).toBe(failed);
		}
		// none failed at first, some while the quorum was lost, more later: every case was met
		expect(counts[0]).toBe(0);
		expect(new Set(counts).size).toBeGreaterThan(3);
	});

	it('keeps what was found when the clock goes back, drops what a new branch cut off, jumps between marks', () => {
		const a = actionMarks([{ atMs: 100, do: 'kill', node: 1 }, { atMs: 900, do: 'restart', node: 1 }]);
		const kept = mergeMarks(a, [], 1000);
		expect(kept.length).toBe(2);
		expect(mergeMarks(kept, [], 500).map((m) => m.kind)).toEqual(['kill']);
		expect(neighbour(kept, 100, 1)?.atMs).toBe(900);
		expect(neighbour(kept, 900, -1)?.atMs).toBe(100);
		expect(neighbour(kept, 100, -1)).toBeNull();
	});

	it('a fork sets the markers of the future it drops aside; Undo brings them back at once, as before the fork', () => {
		const scenario = validateScenario({ version: 1, seed: 11, cluster: { size: 3 }, untilMs: 3_600_000 });
		const actions: Step[] = [
			{ atMs: 2000, do: 'put', node: 1, key: 'foo', value: 'bar' },
			{ atMs: 3000, do: 'kill', node: 3 },
			{ atMs: 4000, do: 'partition', groups: [[3], [1, 2]] },
			{ atMs: 5000, do: 'put', node: 2, key: 'greeting', value: 'hello world' }
		];
		const rec = new Recording(scenario, actions);
		const mem = new MarkMemory();
		/** what the bar does after every change: the markers found now, kept up to the end reached */
		const paint = (): readonly Mark[] =>
			mem.update([...actionMarks(rec.actions), ...historyMarks(rec.cluster.leadership, rec.cluster.ops, rec.nowMs, 100)], Math.max(rec.horizonMs, rec.nowMs));
		for (let t = 500; t <= 9000; t += 500) {
			rec.runTo(t);
			paint();
		}
		const before = paint().map((m) => m.id);
		// the run elects a new leader after the kill: a history marker in the future the fork drops
		const future = paint().filter((m) => m.atMs > 3000 && m.kind === 'leader');
		expect(future.length).toBeGreaterThan(0);

		rec.seek(3000);
		expect(paint().map((m) => m.id)).toEqual(before); // a seek back keeps them
		mem.fork();
		rec.act({ do: 'restart', node: 3 });
		rec.runTo(3500);
		const branch = paint();
		expect(branch.some((m) => m.kind === 'restart')).toBe(true);
		expect(branch.some((m) => m.atMs > 3500)).toBe(false);

		const forkMs = rec.undo();
		expect(forkMs).toBe(3000);
		mem.undo(forkMs!);
		// at once, before the restored stretch is replayed: the cluster stands at or before the fork
		expect(rec.nowMs).toBeLessThanOrEqual(3000);
		const restored = paint();
		expect(restored.map((m) => m.id)).toEqual(before);
		expect(restored.some((m) => m.kind === 'restart')).toBe(false);
		// replaying the restored future finds the same markers again: nothing doubles
		rec.runTo(9000);
		expect(paint().map((m) => m.id)).toEqual(before);
	});

	it('term bands: a seek back keeps the bands of the timeline reached, a fork cuts them at its moment, Undo brings them back at once', () => {
		const scenario = validateScenario({ version: 1, seed: 11, cluster: { size: 3 }, untilMs: 3_600_000 });
		const actions: Step[] = [
			{ atMs: 2000, do: 'put', node: 1, key: 'foo', value: 'bar' },
			{ atMs: 3000, do: 'kill', node: 3 },
			{ atMs: 4000, do: 'partition', groups: [[3], [1, 2]] },
			{ atMs: 6000, do: 'heal' }
		];
		const rec = new Recording(scenario, actions);
		const mem = new MarkMemory();
		/** what the bar does after every change: the bands found now merged with those remembered */
		const paint = (): TermBand[] => [...mem.updateBands(termBands(rec.cluster.leadership, rec.nowMs), rec.nowMs, Math.max(rec.horizonMs, rec.nowMs))];
		for (let t = 500; t <= 9000; t += 500) {
			rec.runTo(t);
			paint();
		}
		const before = paint();
		// a straight run's bands, as the bar painted them at 9 s
		expect(before).toEqual(termBands(rec.cluster.leadership, 9000));
		const crossing = before.filter((b) => b.fromMs <= 3000 && (b.toMs === null || b.toMs > 3000));
		const later = before.filter((b) => b.fromMs > 3000);
		expect(later.length, 'a leader elected after the kill').toBeGreaterThan(0);

		// a seek back: the cluster at 3 s knows only its past; the bar keeps the bands reached, ends and all
		rec.seek(3000);
		expect(termBands(rec.cluster.leadership, rec.nowMs).length).toBeLessThan(before.length);
		expect(paint()).toEqual(before);

		// a fork at 3 s: the bands after it go at once; one leading then stays, open-ended
		mem.fork(rec.nowMs);
		rec.act({ do: 'restart', node: 3 });
		const cut = paint();
		expect(cut.some((b) => b.fromMs > 3000)).toBe(false);
		expect(cut.every((b) => b.toMs === null || b.toMs <= 3000)).toBe(true);
		expect(cut).toEqual(bandsAt(before, 3000));
		rec.runTo(3500);
		const branch = paint();

		// Undo: the bands of the restored future at once, before that stretch is replayed
		const forkMs = rec.undo();
		mem.undo(forkMs!);
		expect(rec.nowMs).toBeLessThanOrEqual(3000);
		expect(paint()).toEqual(before);
		expect(crossing.length + later.length).toBeGreaterThan(0);
		expect(branch).not.toEqual(before);
		// replaying it finds the same bands again: nothing doubles, nothing moves
		rec.runTo(9000);
		expect(paint()).toEqual(before);
	});

	it('mergeBands: an end found wins; an end remembered past now stays; bands past the end reached go', () => {
		const ended: TermBand = { fromMs: 100, toMs: 900, term: 2, node: 1 };
		const open: TermBand = { fromMs: 100, toMs: null, term: 2, node: 1 };
		const next: TermBand = { fromMs: 950, toMs: null, term: 3, node: 2 };
		expect(mergeBands([ended, next], [open], 500, 1000)).toEqual([ended, next]); // back at 0.5 s
		expect(mergeBands([ended, next], [open], 500, 900)).toEqual([ended]); // a new timeline ending at 0.9 s
		expect(mergeBands([open], [ended], 1000, 1000)).toEqual([ended]);
		expect(mergeBands([ended], [open], 950, 1000)).toEqual([open]); // found still leading after the end remembered: found wins
		expect(bandsAt([ended, next], 500)).toEqual([open]);
	});

	it('without a fork remembered, Undo keeps only what came before the fork; a restart forgets everything', () => {
		const mem = new MarkMemory();
		const a = actionMarks([{ atMs: 100, do: 'kill', node: 1 }]);
		const leader = historyMarks([{ node: 2, term: 2, startUs: 50_000, endUs: 900_000, end: 'steppedDown' }, { node: 3, term: 3, startUs: 900_000, endUs: null, end: null }], [], 1000, 100);
		mem.update([...a, ...leader], 1000);
		mem.undo(500);
		expect(mem.seen.map((m) => [m.kind, m.atMs])).toEqual([['leader', 50]]);
		mem.fork();
		mem.restart();
		mem.undo(500);
		expect(mem.seen).toEqual([]);
	});
});
