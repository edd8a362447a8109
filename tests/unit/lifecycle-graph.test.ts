/**
 * The lifecycle diagram's graph is read from the member machine itself (raft/machine-graph.ts):
 * every transition the machine has, with its event and guard, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { lifecycleGraph } from '../../src/lib/raft/machine-graph';
import { BOX_H, BOX_W, LABEL_H, LC_H, LC_W, labelWidth, layoutLifecycle, placeLabels } from '../../src/lib/ui/playground/lifecycle-layout';

describe('lifecycle graph', () => {
	it('lists the member machine\'s states and transitions as the machine defines them', () => {
		const g = lifecycleGraph();
		expect(g.states.map((s) => `${s.parent ?? '-'}/${s.key}`)).toEqual(['-/up', 'up/follower', 'up/preCandidate', 'up/candidate', 'up/leader', '-/down']);
		expect(g.states.find((s) => s.key === 'leader')?.entry).toEqual(['become leader and append an empty entry']);
		expect(g.edges.map((e) => `${e.from} -${e.event}${e.guard ? `[${e.guard}]` : ''}-> ${e.to}${e.reenter ? ' (reenter)' : ''}`)).toEqual([
			'up -member.crash-> down',
			'follower -election.timeout[pre-vote is on]-> preCandidate',
			'follower -election.timeout-> candidate',
			'follower -transfer.timeoutNow-> candidate',
			'follower -term.newer-> follower (reenter)',
			'preCandidate -election.timeout-> preCandidate (reenter)',
			'preCandidate -preVote.won-> candidate',
			'preCandidate -preVote.lost-> follower',
			'preCandidate -leader.heard-> follower',
			'preCandidate -term.newer-> follower',
			'preCandidate -always[has a quorum of votes]-> candidate',
			'candidate -election.timeout[pre-vote is on]-> preCandidate',
			'candidate -election.timeout-> candidate (reenter)',
			'candidate -vote.won-> leader',
			'candidate -vote.lost-> follower',
			'candidate -leader.heard-> follower',
			'candidate -term.newer-> follower',
			'candidate -always[has a quorum of votes]-> leader',
			'leader -quorum.lost-> follower',
			'leader -member.removed-> follower',
			'leader -term.newer-> follower',
			'down -member.restart-> up'
		]);
	});

	it('reads any machine: a new transition appears in the graph and in the diagram\'s arrows', () => {
		const m = setup({}).createMachine({
			initial: 'up',
			states: { up: { initial: 'a', states: { a: { on: { go: 'b' } }, b: {} }, on: { stop: 'down' } }, down: {} }
		});
		expect(lifecycleGraph(m).edges.map((e) => `${e.from}>${e.to}:${e.event}`)).toEqual(['up>down:stop', 'a>b:go']);
		const layout = layoutLifecycle();
		// one arrow per pair of states, covering every transition of the member machine
		expect(layout.edges.reduce((n, e) => n + e.events.length, 0)).toBe(lifecycleGraph().edges.length);
		for (const e of layout.edges) expect(e.path).toMatch(/^M [\d.]+ [\d.]+ /);
	});
});

describe('lifecycle labels', () => {
	it('places the flashing names of every arrow at once, each event alone, without one covering another or a state', () => {
		const layout = layoutLifecycle();
		for (const pick of [0, -1]) {
			const flashing = layout.edges.map((e) => ({ key: `${e.from}>${e.to}`, width: labelWidth(e.events.at(pick)!.event) }));
			const at = placeLabels(layout, flashing, labelWidth('up (running)', 12));
			const rects = flashing.map((f) => ({ key: f.key, x: at.get(f.key)!.x - f.width / 2, y: at.get(f.key)!.y - LABEL_H / 2, w: f.width, h: LABEL_H }));
			const states = layout.roles.concat([layout.down]).map((s) => ({ key: s.key, x: s.x - BOX_W / 2, y: s.y - BOX_H / 2, w: BOX_W, h: BOX_H }));
			const over = (a: (typeof rects)[number], b: (typeof rects)[number]): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
			for (const a of rects) {
				expect(a.x >= 0 && a.x + a.w <= LC_W && a.y >= 0 && a.y + a.h <= LC_H, `${a.key} inside`).toBe(true);
				for (const b of rects.concat(states)) if (a !== b) expect(over(a, b), `${a.key} over ${b.key}`).toBe(false);
			}
		}
	});

	it('reckons a Korean name wider per character than a Latin one', () => {
		expect(labelWidth('선거 타임아웃')).toBeGreaterThan(labelWidth('abcdefg'));
	});
});
