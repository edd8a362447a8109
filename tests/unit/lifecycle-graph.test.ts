/**
 * The lifecycle diagram's graph is read from the member machine itself (raft/machine-graph.ts):
 * every transition the machine has, with its event and guard, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { lifecycleGraph } from '../../src/lib/raft/machine-graph';
import { layoutLifecycle } from '../../src/lib/ui/playground/lifecycle-layout';

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
