/**
 * The embed's presenter keys (src/lib/ui/embed/presenter.ts): which key does what, and where → and
 * ← go in a real run: the scenario's scripted steps (those still ahead too), leaders elected, and
 * writes refused, in time order.
 */
import { describe, expect, it } from 'vitest';
import { Recording } from '../../src/lib/scenario/recording';
import { validateScenario } from '../../src/lib/scenario/validate';
import { StoryStops, nextStop, presenterKey, storyStops, type StoryInput } from '../../src/lib/ui/embed/presenter';
import type { Step } from '../../src/lib/scenario/types';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
function el(tagName: string, inside: string[] = []) {
	return { tagName, closest: (sel: string) => (sel.split(',').some((s) => inside.includes(s.trim())) ? {} : null), getAttribute: () => null };
}

describe('presenter keys', () => {
	it('Space plays or pauses, → and ← go to the next and previous event, [ and ] change speed', () => {
		expect(presenterKey(key(' '), el('BODY'))).toBe('playPause');
		expect(presenterKey(key('ArrowRight'), el('BODY'))).toBe('next');
		expect(presenterKey(key('ArrowLeft'), null)).toBe('prev');
		expect(presenterKey(key('['), null)).toBe('slower');
		expect(presenterKey(key(']'), null)).toBe('faster');
		expect(presenterKey(key('?'), null)).toBeNull();
		expect(presenterKey(key('Enter'), null)).toBeNull();
	});
	it('never takes a key from a field, a pressed button, a member of the picture, or with a modifier', () => {
		expect(presenterKey(key(' '), el('BUTTON', ['button']))).toBeNull();
		expect(presenterKey(key('ArrowRight'), el('INPUT', ['input']))).toBeNull();
		expect(presenterKey(key('ArrowLeft'), el('g', ['svg']))).toBeNull();
		expect(presenterKey(key('ArrowRight', { altKey: true }), el('BODY'))).toBeNull();
		expect(presenterKey(key(' ', { ctrlKey: true }), el('BODY'))).toBeNull();
	});
});

describe('story stops', () => {
	const scenario = validateScenario({
		version: 1,
		seed: 3,
		cluster: { size: 3 },
		steps: [
			{ atMs: 4000, do: 'kill', node: 1 },
			{ atMs: 4000, do: 'kill', node: 2 },
			{ atMs: 4500, do: 'put', node: 3, key: 'k', value: 'v' },
			{ atMs: 20000, do: 'restart', node: 1 }
		],
		untilMs: 60_000
	});

	it('at 3 s: the first election behind, the scripted kills and restart ahead (beyond the run reached)', () => {
		const rec = new Recording(scenario);
		rec.runTo(3000);
		const c = rec.cluster;
		const { all } = storyStops([], { steps: scenario.steps, leadership: c.leadership, ops: c.ops, nowMs: 3000, horizonMs: 3000 });
		expect(all.map((m) => m.kind)).toEqual(['leader', 'kill', 'kill', 'restart']);
		expect(nextStop(all, 3000, 1)?.atMs).toBe(4000);
		expect(nextStop(all, 4000, 1)?.atMs).toBe(20000);
		expect(nextStop(all, 3000, -1)?.kind).toBe('leader');
		expect(nextStop(all, all[0].atMs, -1)).toBeNull();
	});

	it('at 20 s: the refused or timed-out write is a stop between the kills and the restart; stops seen are kept after a seek back', () => {
		const rec = new Recording(scenario);
		rec.runTo(20000);
		const c = rec.cluster;
		const late = storyStops([], { steps: scenario.steps, leadership: c.leadership, ops: c.ops, nowMs: 20000, horizonMs: 20000 });
		const write = late.all.find((m) => m.kind === 'refused' || m.kind === 'timedOut');
		expect(write).toBeDefined();
		expect(write!.atMs).toBeGreaterThan(4000);
		expect(write!.atMs).toBeLessThanOrEqual(20000);
		expect(nextStop(late.all, 4000, 1)).toEqual(write);
		// back at 3 s (a fresh cluster there): what was seen up to 20 s stays a stop
		const back = new Recording(scenario);
		back.runTo(3000);
		const again = storyStops(late.seen, { steps: scenario.steps, leadership: back.cluster.leadership, ops: back.cluster.ops, nowMs: 3000, horizonMs: 20000 });
		expect(again.all.map((m) => m.id)).toEqual(late.all.map((m) => m.id));
	});

	it('the stops follow the timeline: a fork drops those of the future it drops, Undo brings them back at once', () => {
		const forkScenario = validateScenario({ version: 1, seed: 11, cluster: { size: 3 }, untilMs: 3_600_000 });
		const actions: Step[] = [
			{ atMs: 2000, do: 'put', node: 1, key: 'foo', value: 'bar' },
			{ atMs: 3000, do: 'kill', node: 3 },
			{ atMs: 4000, do: 'partition', groups: [[3], [1, 2]] },
			{ atMs: 5000, do: 'put', node: 2, key: 'greeting', value: 'hello world' }
		];
		const input = (r: Recording): StoryInput => ({ steps: [...forkScenario.steps, ...r.actions], leadership: r.cluster.leadership, ops: r.cluster.ops, nowMs: r.nowMs, horizonMs: r.horizonMs });
		/** the stops of a straight run of these actions to atMs, found afresh */
		const straight = (acts: readonly Step[], atMs: number): string[] => {
			const r = new Recording(forkScenario, acts);
			r.runTo(atMs);
			return storyStops([], input(r)).all.map((m) => m.id);
		};
		const rec = new Recording(forkScenario, actions);
		const story = new StoryStops();
		for (let t = 500; t <= 9000; t += 500) {
			rec.runTo(t);
			story.all(input(rec)); // a presenter pressing → now and then
		}
		const before = story.all(input(rec)).map((m) => m.id);
		expect(before).toEqual(straight(actions, 9000));
		rec.seek(3000);
		expect(story.all(input(rec)).map((m) => m.id)).toEqual(before); // a seek back keeps them

		// a new branch at 3 s: nothing of the old future is a stop, at once
		rec.act({ do: 'restart', node: 3 });
		story.fork(rec.nowMs);
		const cut = story.all(input(rec));
		expect(cut.filter((m) => m.atMs > 3000)).toEqual([]);
		expect(nextStop(cut, 3000, 1)).toBeNull();
		// played on to 9 s: the branch's own stops, as a straight run of the branch finds them
		for (let t = 3500; t <= 9000; t += 500) {
			rec.runTo(t);
			story.all(input(rec));
		}
		const branch = story.all(input(rec)).map((m) => m.id);
		expect(branch).toEqual(straight(rec.actions, 9000));
		expect(before.filter((id) => !branch.includes(id)).length, 'the old future had stops the branch has not').toBeGreaterThan(0);

		// Undo: the old future's stops at once, before that stretch is replayed
		const forkMs = rec.undo();
		expect(forkMs).toBe(3000);
		story.undo(forkMs!);
		expect(rec.nowMs).toBeLessThanOrEqual(3000);
		const restored = story.all(input(rec));
		expect(restored.map((m) => m.id)).toEqual(before);
		expect(nextStop(restored, 3000, 1)?.atMs).toBeGreaterThan(3000);
		// and a new run forgets them
		story.restart();
		const fresh = new Recording(forkScenario);
		fresh.runTo(1000);
		expect(story.all(input(fresh)).every((m) => m.atMs <= 1000)).toBe(true);
	});
});
