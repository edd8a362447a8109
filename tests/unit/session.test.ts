/**
 * The page's session logic, headless (src/lib/ui/session/core.ts): frames, the timeline through
 * the recording, listeners, goals, and the incremental linearizability check the page shows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../src/lib/check/linearizability';
import type { ClientOp } from '../../src/lib/cluster/types';
import { LinearizabilityMonitor, historyOf } from '../../src/lib/kv/history';
import { Recording, record } from '../../src/lib/scenario/recording';
import type { Scenario, Step } from '../../src/lib/scenario/types';
import { validateScenario } from '../../src/lib/scenario/validate';
import { SessionCore } from '../../src/lib/ui/session/core';

const scenario = (extra: object = {}): Scenario => validateScenario({ version: 1, seed: 3, cluster: { size: 3 }, untilMs: 3_600_000, ...extra });

describe('SessionCore', () => {
	it('after a seek back to a checkpoint, the linearizability check takes the history in parts, slice by slice, and ends on the full verdict', () => {
		const s = scenario({ steps: [{ atMs: 200, do: 'load', node: 1, writesPerSec: 300, durationMs: 20_000, keys: 4 }] });
		const core = new SessionCore(s, [], 20_000);
		const total = core.cluster.ops.length;
		expect(total).toBeGreaterThan(3000);
		expect(core.beginSeek(15_000)).toBe(true);
		// restored from a checkpoint: the history up to it arrives at once
		expect(core.cluster.ops.length).toBeGreaterThan(2000);
		let slices = 0;
		while (!core.runSlice(15_000, 64)) {
			slices++;
			core.refresh(false, true);
		}
		core.refresh(true);
		// the catch-up alone took several slices (500 ops each), then the replay arrived
		expect(slices).toBeGreaterThan(core.cluster.ops.length / 500 - 1);
		expect(core.nowMs).toBe(15_000);
		expect(core.linearizable).toBe(checkLinearizable(historyOf(core.cluster.ops)).result);
		expect(core.traceHash).toBe(record(s, [], 15_000).cluster.trace.hex());
	});

	it('a far seek forward in slices (the page’s time bar) restores the nearest checkpoint before the moment, and lands on a straight run’s digest', () => {
		const s = scenario({ steps: [{ atMs: 200, do: 'load', node: 1, writesPerSec: 300, durationMs: 20_000, keys: 4 }] });
		const core = new SessionCore(s, [], 20_000);
		const frames: boolean[] = [];
		core.onFrame((_n, _p, rebuilt) => frames.push(rebuilt));
		const slices = (atMs: number): number => {
			let n = 0;
			while (!core.runSlice(atMs, 64)) {
				n++;
				core.refresh(false, true);
			}
			return n;
		};
		// back to 1 s, then far ahead to 19 s: not a replay of 18 s from the clock
		expect(core.beginSeek(1000)).toBe(true);
		slices(1000);
		core.refresh(true);
		const at1s = core.cluster;
		const eventsAt1s = at1s.events;
		expect(core.beginSeek(19_000), 'a checkpoint ahead of the clock was restored').toBe(true);
		expect(core.cluster).not.toBe(at1s);
		const cps = core.recording.checkpoints.filter((cp) => cp.nowMs <= 19_000);
		expect(core.cluster.events).toBe(cps[cps.length - 1].events);
		expect(core.cluster.events).toBeGreaterThan(eventsAt1s + 5000);
		slices(19_000);
		core.refresh(true);
		expect(frames.at(-1)).toBe(true);
		expect(core.nowMs).toBe(19_000);
		expect(core.traceHash).toBe(record(s, [], 19_000).cluster.trace.hex());
		expect(core.linearizable).toBe(checkLinearizable(historyOf(core.cluster.ops)).result);
		// a short step ahead runs on from the clock
		const here = core.cluster;
		expect(core.beginSeek(19_050)).toBe(false);
		slices(19_050);
		expect(core.cluster).toBe(here);
		expect(core.traceHash).toBe(record(s, [], 19_050).cluster.trace.hex());
	});

	it('a jump ahead from a checkpoint keeps the goals met before it; going back forgets them', () => {
		// the cluster has 2 voters from 3 s to 6 s only (a removal, then a learner added and promoted)
		const s = scenario({ steps: [{ atMs: 200, do: 'load', node: 1, writesPerSec: 300, durationMs: 20_000, keys: 4 }] });
		const actions: Step[] = [
			{ atMs: 3000, do: 'memberRemove', node: 3 },
			{ atMs: 6000, do: 'memberAdd', learner: false, start: true }
		];
		const core = new SessionCore(s, actions, 20_000);
		const goal = [{ kind: 'clusterSizeIs' as const, params: { n: 2 } }];
		expect(core.cluster.voterIds().length).not.toBe(2);
		core.seek(4000);
		expect(core.cluster.voterIds().length).toBe(2);
		const seen: boolean[] = [];
		core.watchGoals(goal, 0, (r) => seen.push(r.solved));
		expect(seen.at(-1)).toBe(true);
		expect(core.beginSeek(19_000)).toBe(true);
		while (!core.runSlice(19_000, 64)) core.refresh(false, true);
		core.refresh(true);
		expect(core.cluster.voterIds().length).not.toBe(2);
		expect(seen.at(-1), 'met at 4 s, on the way to 19 s').toBe(true);
		core.seek(1000);
		expect(seen.at(-1)).toBe(false);
	});

	it('steps back one engine event from a checkpoint: the state one event earlier, as a replay from the seed gives it', () => {
		const s = scenario({ steps: [{ atMs: 200, do: 'load', node: 1, writesPerSec: 200, durationMs: 10_000, keys: 5 }] });
		const core = new SessionCore(s, [], 6000);
		expect(core.recording.checkpoints.length).toBeGreaterThan(2);
		for (let i = 0; i < 3; i++) {
			const target = core.cluster.events - 1;
			core.stepBack();
			expect(core.cluster.events).toBe(target);
			const ref = new Recording(s, [], { checkpoints: false });
			while (ref.cluster.events < target) ref.stepEvent();
			expect(core.traceHash).toBe(ref.cluster.trace.hex());
			expect(core.nowMs).toBe(ref.nowMs);
		}
	});

	it('opens at a moment with the recording’s state and a frame of it', () => {
		const s = scenario();
		const actions: Step[] = [{ atMs: 1200, do: 'kill', node: 1 }, { atMs: 1500, do: 'put', node: 2, key: 'a', value: 'b' }];
		const core = new SessionCore(s, actions, 4000);
		expect(core.nowMs).toBe(4000);
		expect(core.frame.nowMs).toBe(4000);
		expect(core.traceHash).toBe(record(s, actions, 4000).cluster.trace.hex());
		expect(core.frame.members.find((m) => m.id === 1)?.alive).toBe(false);
		expect(core.frame.ops.map((o) => [o.key, o.status])).toEqual([['a', 'ok']]);
	});

	it('acts, goes back (a rebuilt frame), and forks the future (a truncate)', () => {
		const core = new SessionCore(scenario());
		const frames: boolean[] = [];
		const truncates: boolean[] = [];
		core.onFrame((_n, _p, rebuilt) => frames.push(rebuilt));
		core.onTruncate((restarted) => truncates.push(restarted));
		core.advance(1500);
		core.act({ do: 'kill', node: 2 });
		core.advance(1000);
		expect(core.actions).toEqual([{ atMs: 1500, do: 'kill', node: 2 }]);
		core.seek(1000);
		expect(core.futureActions).toBe(1);
		expect(frames.at(-1)).toBe(true);
		core.seek(2000);
		expect(frames.at(-1)).toBe(false);
		expect(core.futureActions).toBe(0);
		core.seek(500);
		core.act({ do: 'kill', node: 3 });
		expect(truncates).toEqual([false]);
		expect(core.actions).toEqual([{ atMs: 500, do: 'kill', node: 3 }]);
		expect(core.horizonMs).toBe(500);
		core.reset(scenario({ seed: 4 }));
		expect(truncates).toEqual([false, true]);
		expect(core.actions).toEqual([]);
		expect(core.nowMs).toBe(0);
	});

	it('replays in slices to the same state as a seek', () => {
		const s = scenario({ steps: [{ atMs: 100, do: 'load', node: 1, writesPerSec: 100, durationMs: 5000, keys: 2 }] });
		const actions: Step[] = [{ atMs: 2000, do: 'kill', node: 1 }];
		const core = new SessionCore(s, actions, 6000);
		core.beginSeek(3000);
		let slices = 1;
		while (!core.runSlice(3000, 200)) slices++;
		core.refresh(true);
		expect(slices).toBeGreaterThan(3);
		expect(core.traceHash).toBe(record(s, actions, 3000).cluster.trace.hex());
	});

	it('checks exercise goals after every frame and forgets them when the clock goes back', () => {
		const core = new SessionCore(scenario());
		const seen: boolean[] = [];
		core.watchGoals([{ kind: 'putRefusedWithMembersDown', params: { down: 2 } }], 0, (r) => seen.push(r.solved));
		core.advance(1500);
		core.act({ do: 'kill', node: 1 });
		core.act({ do: 'kill', node: 2 });
		core.act({ do: 'put', node: 3, key: 'k', value: 'v' });
		core.advance(6000);
		expect(seen.at(-1)).toBe(true);
		core.seek(100);
		expect(seen.at(-1)).toBe(false);
	});

	/** The page's check done the slow way: every key's whole history re-checked (a key's search may take 200,000 steps). */
	const recheckAll = (ops: readonly ClientOp[]): unknown => {
		const keys = [...new Set(ops.map((o) => o.key))];
		const verdicts = keys.map((k) => checkLinearizable(historyOf(ops.filter((o) => o.key === k)), { budgetSteps: 200_000 }).result);
		return verdicts.includes(false) ? false : verdicts.includes('unknown') ? 'unknown' : true;
	};

	it('its linearizability verdict equals re-checking every key from scratch, frame after frame', () => {
		const s = scenario({
			seed: 9,
			steps: [
				{ atMs: 200, do: 'load', node: 1, writesPerSec: 200, durationMs: 8000, keys: 4 },
				{ atMs: 2000, do: 'kill', node: 3 },
				{ atMs: 2100, do: 'load', node: 2, writesPerSec: 100, durationMs: 4000, keys: 3 },
				{ atMs: 3000, do: 'restart', node: 3 },
				{ atMs: 4000, do: 'partition', groups: [[3], [1, 2]] },
				{ atMs: 6000, do: 'heal' }
			]
		});
		const core = new SessionCore(s);
		const verdicts: unknown[] = [];
		for (let i = 0; i < 40; i++) {
			core.advance(250);
			if (i % 7 === 3) core.act({ do: 'get', node: 1 + (i % 3), key: `key${i % 4}`, serializable: false });
			expect(core.linearizable).toBe(recheckAll(core.cluster.ops));
			verdicts.push(core.linearizable);
		}
		expect(new Set(verdicts)).toEqual(new Set([true, 'unknown']));
		expect(core.cluster.ops.length).toBeGreaterThan(1500);
	}, 60_000);

	// A link opened at 20 s of a busy run showed "no messages in flight" where a drag back to the
	// same moment showed 112: the run from 0 filled the messages kept for the views with the first
	// second's sends, refused every later one, and the last of those were all gone by 20 s.
	it('the messages in flight at a moment are the same however it was reached: a run from 0, a replay in slices, a seek back', () => {
		const busy = validateScenario({ version: 1, seed: 1, cluster: { size: 7 }, network: { latencyMs: 20, jitterMs: 5 }, untilMs: 60_000, steps: [{ atMs: 500, do: 'load', node: 1, writesPerSec: 200, durationMs: 60_000, keys: 20 }] });
		const wire = (core: SessionCore) => core.frame.inflight.map(({ id: _id, ...m }) => m).sort((a, b) => a.sendMs - b.sendMs || a.from - b.from || a.to - b.to);
		// opened at 20 s (the constructor runs there at once)
		const opened = wire(new SessionCore(busy, [], 20_000));
		// a link on the page: from 0, in slices of many events, a frame told between them
		const sliced = new SessionCore(busy, [], 0);
		sliced.beginSeek(20_000);
		while (!sliced.runSlice(20_000, 50_000)) sliced.refresh(false, true);
		sliced.refresh(false);
		// a drag back: on to 25 s, then back to a checkpoint before 20 s
		const back = new SessionCore(busy, [], 25_000);
		expect(back.beginSeek(20_000)).toBe(true);
		while (!back.runSlice(20_000, 50_000)) back.refresh(false, true);
		back.refresh(true);
		expect(back.nowMs).toBe(20_000);
		expect(wire(back).length, 'a busy moment has many messages in flight').toBeGreaterThan(50);
		expect(opened).toEqual(wire(back));
		expect(wire(sliced)).toEqual(wire(back));
	}, 60_000);
});

describe('LinearizabilityMonitor', () => {
	/** A history over a few keys whose ops get their answers over time (some never, some wrong). */
	const opArb = fc.record({
		key: fc.constantFrom('a', 'b', 'c'),
		kind: fc.constantFrom<'put' | 'get' | 'delete'>('put', 'put', 'get', 'delete'),
		value: fc.constantFrom('1', '2', '3'),
		gapUs: fc.integer({ min: 0, max: 5 }),
		durUs: fc.integer({ min: 1, max: 8 }),
		outcome: fc.constantFrom<'ok' | 'timeout' | 'fail' | 'pending'>('ok', 'ok', 'ok', 'timeout', 'fail', 'pending')
	});

	it('property: fed a growing history, its verdict equals checkLinearizable of the whole', () => {
		fc.assert(
			fc.property(fc.array(opArb, { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (specs, batch) => {
				const ops: ClientOp[] = [];
				const monitor = new LinearizabilityMonitor();
				let t = 0;
				const resolveBy: { op: ClientOp; atUs: number; outcome: 'ok' | 'timeout' | 'fail' | 'pending' }[] = [];
				for (let i = 0; i < specs.length; i++) {
					const sp = specs[i];
					t += sp.gapUs;
					const op: ClientOp = { id: i + 1, kind: sp.kind, node: 1, key: sp.key, value: sp.kind === 'put' ? sp.value : null, serializable: false, callUs: t, returnUs: null, status: 'pending', error: null, revision: null };
					ops.push(op);
					resolveBy.push({ op, atUs: t + sp.durUs, outcome: sp.outcome });
					if (i % batch === 0 || i === specs.length - 1) {
						for (const r of resolveBy) {
							if (r.op.status !== 'pending' || r.atUs > t || r.outcome === 'pending') continue;
							r.op.status = r.outcome;
							r.op.returnUs = r.atUs;
							if (r.op.kind === 'get') r.op.value = r.outcome === 'ok' ? specs[r.op.id - 1].value : null;
						}
						expect(monitor.update(ops)).toBe(checkLinearizable(historyOf(ops), { budgetSteps: 200_000 }).result);
					}
				}
			}),
			{ numRuns: 300, seed: 424242 }
		);
	});

	it('says unknown once the history was cut', () => {
		expect(new LinearizabilityMonitor().update([], 5)).toBe('unknown');
	});
});
