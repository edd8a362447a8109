/**
 * Exercises (src/lib/scenario/exercises.ts) and goals (src/lib/scenario/goals.ts): every built-in
 * exercise is unsolved at its start and after a minute of doing nothing, and solved by its scripted
 * actions taken through the recording, as the playground's session takes them,
 * checked after every step as the page checks it. Instructor exercises round-trip through a link.
 * The English and Korean messages cover every exercise, goal, progress note and link error.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/lib/cluster/cluster';
import { EXERCISES, activeExercise, buildExerciseLink, exerciseById, exerciseLink, type Exercise } from '../../src/lib/scenario/exercises';
import {
	GOAL_KINDS,
	GOAL_PROGRESS_KEYS,
	GOAL_SPECS,
	GoalTracker,
	evaluateGoals,
	validateGoal,
	validateGoals,
	type Goal
} from '../../src/lib/scenario/goals';
import { LinkError, V1_EXERCISE_IDS, decodeLink, encodeLink, type LinkErrorCode } from '../../src/lib/scenario/link';
import { Recording, record, type ActionInput } from '../../src/lib/scenario/recording';
import type { Scenario, Step } from '../../src/lib/scenario/types';
import { ScenarioError, validateScenario } from '../../src/lib/scenario/validate';
import { exercises as messages } from '../../src/lib/ui/messages/exercises';

/**
 * A headless session: the recording (the page's replay rule), actions taken when the clock reaches
 * them, the goals checked after every step of `stepMs` as the page checks them after every frame.
 */
class Run {
	readonly rec: Recording;
	readonly tracker: GoalTracker;
	solvedAtMs: number | null = null;

	constructor(
		readonly scenario: Scenario,
		goals: readonly Goal[],
		sinceMs = 0
	) {
		this.rec = new Recording(scenario);
		this.tracker = new GoalTracker(goals, sinceMs);
	}

	get c(): Cluster {
		return this.rec.cluster;
	}

	check(): boolean {
		const r = this.tracker.update(this.rec);
		if (r.solved && this.solvedAtMs === null) this.solvedAtMs = this.c.nowMs;
		return r.solved;
	}

	/** Advances to `toMs` in steps, checking after each (as the page does after every frame). */
	runTo(toMs: number, stepMs = 250): void {
		while (this.c.nowMs < toMs) {
			this.rec.runTo(Math.min(toMs, this.c.nowMs + stepMs));
			this.check();
		}
	}

	act(a: Step): void {
		this.runTo(a.atMs);
		const { atMs: _at, ...input } = a;
		this.rec.act(input as ActionInput);
		this.check();
	}
}

describe('the catalogue', () => {
	it('holds at least nine exercises with unique, link-table ids', () => {
		expect(EXERCISES.length).toBeGreaterThanOrEqual(9);
		const ids = EXERCISES.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		// the v1 link table's ids are all still here; later ones are written in links as strings
		for (const id of V1_EXERCISE_IDS) expect(ids).toContain(id);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
		for (const e of EXERCISES) {
			expect(e.hints).toBeGreaterThanOrEqual(2);
			expect(e.hints).toBeLessThanOrEqual(3);
			expect(e.goals.length).toBeGreaterThan(0);
			expect(validateScenario(e.scenario)).toEqual(e.scenario);
			for (let i = 1; i < e.solution.length; i++) expect(e.solution[i].atMs).toBeGreaterThanOrEqual(e.solution[i - 1].atMs);
		}
	});

	it('covers the course’s lessons', () => {
		const kinds = new Set(EXERCISES.flatMap((e) => e.goals.map((g) => g.kind)));
		for (const k of [
			'putRefusedWithMembersDown',
			'putRefusedWithAliveMembers',
			'leaderElectedAfterLeaderKilled',
			'minorityLeaderCannotCommit',
			'timedOutWriteLaterVisible',
			'staleSerializableRead',
			'leadershipLostToSlowDisk',
			'termUnchangedOnRejoin',
			'leaderDeposedOnRejoin',
			'watchCanceledNoLeader'
		]) {
			expect(kinds.has(k as Goal['kind'])).toBe(true);
		}
	});
});

describe.each(EXERCISES.map((e) => [e.id, e] as const))('exercise %s', (_id, ex: Exercise) => {
	it('is not solved at the start', () => {
		const run = new Run(ex.scenario, ex.goals);
		expect(run.check()).toBe(false);
		const link = decodeLink(exerciseLink(ex.id));
		expect(evaluateGoals(ex.goals, record(link.scenario, link.actions, link.atMs)).solved).toBe(false);
	});

	it('is not solved by doing nothing (the scenario run to its end)', () => {
		const run = new Run(ex.scenario, ex.goals);
		run.runTo(ex.scenario.untilMs, 500);
		expect(run.solvedAtMs).toBeNull();
		expect(evaluateGoals(ex.goals, run.rec).solved).toBe(false);
	});

	it('is solved by its scripted actions, and not before', () => {
		const run = new Run(ex.scenario, ex.goals);
		for (const a of ex.solution) run.act(a);
		run.runTo(ex.solutionAtMs);
		expect(run.solvedAtMs).not.toBeNull();
		expect(run.solvedAtMs as number).toBeGreaterThanOrEqual(ex.solution[0].atMs);
		expect(run.c.checker.violations).toEqual([]);
	});

	it('a link to the solved moment replays to a solved state', () => {
		const state = decodeLink(encodeLink({ scenario: ex.scenario, actions: ex.solution, atMs: ex.solutionAtMs, view: { lang: 'ko' }, exercise: ex.id }));
		const active = activeExercise(state);
		expect(active?.builtin?.id).toBe(ex.id);
		const rec = record(state.scenario, state.actions, state.atMs);
		expect(evaluateGoals(active?.goals ?? [], rec, active?.sinceMs).solved).toBe(true);
	});

	it('has a title, summary, instructions, hints and an explanation in English and Korean', () => {
		for (const lang of ['en', 'ko'] as const) {
			const m = messages[lang] as Record<string, string>;
			for (const part of ['title', 'summary', 'instructions', 'explanation', ...Array.from({ length: ex.hints }, (_, i) => `hint${i + 1}`)]) {
				expect(m[`${ex.id}.${part}`], `${lang} ${ex.id}.${part}`).toBeTruthy();
			}
			expect(m[`${ex.id}.hint${ex.hints + 1}`]).toBeUndefined();
		}
	});
});

describe('goals', () => {
	it('validate their params and fill in defaults', () => {
		expect(validateGoal({ kind: 'leaderElectedAfterLeaderKilled' })).toEqual({ kind: 'leaderElectedAfterLeaderKilled', params: { withinMs: 10_000 } });
		expect(() => validateGoal({ kind: 'putRefusedWithAliveMembers', params: { min: 9 } })).toThrow(ScenarioError);
		expect(() => validateGoal({ kind: 'putRefusedWithAliveMembers' })).toThrow(/goal.params.min: missing/);
		expect(() => validateGoal({ kind: 'noSuchGoal' })).toThrow(/goal.kind: unknown goal/);
		expect(() => validateGoal({ kind: '__proto__' })).toThrow(ScenarioError);
		expect(() => validateGoals([{ kind: 'clusterSizeIs', params: { n: 3 } }])).toThrow(/needs an action/);
		expect(() => validateGoals([])).toThrow(ScenarioError);
		expect(validateGoals([{ kind: 'clusterSizeIs', params: { n: 5 } }, { kind: 'putSucceededWithMembersDown', params: { down: 2 } }])).toHaveLength(2);
	});

	it('clusterSizeIs with writes tolerating k failures: an instructor’s “find the size” exercise', () => {
		const goals = validateGoals([
			{ kind: 'clusterSizeIs', params: { n: 5 } },
			{ kind: 'putSucceededWithMembersDown', params: { down: 2 } }
		]);
		const three = new Run(validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, untilMs: 60_000 }), goals);
		for (const a of [{ atMs: 2000, do: 'kill', node: 1 }, { atMs: 2500, do: 'put', node: 3, key: 'a', value: '1' }] as Step[]) three.act(a);
		three.runTo(10_000);
		expect(three.solvedAtMs).toBeNull();
		const five = new Run(validateScenario({ version: 1, seed: 1, cluster: { size: 5 }, untilMs: 60_000 }), goals);
		for (const a of [{ atMs: 2000, do: 'kill', node: 1 }, { atMs: 2100, do: 'kill', node: 2 }, { atMs: 2500, do: 'put', node: 3, key: 'a', value: '1' }] as Step[]) {
			five.act(a);
		}
		five.runTo(4000);
		expect(five.solvedAtMs).not.toBeNull();
	});

	it('two believed leaders, one commits (CheckQuorum off keeps the old leader believing)', () => {
		const goals = validateGoals([{ kind: 'twoBelievedLeadersOneCommits' }]);
		const s = validateScenario({ version: 1, seed: 1, cluster: { size: 5, checkQuorum: false }, untilMs: 60_000 });
		const idle = new Run(s, goals);
		idle.runTo(20_000, 1000);
		expect(idle.solvedAtMs).toBeNull();
		const run = new Run(s, goals);
		const actions: Step[] = [
			{ atMs: 2000, do: 'partition', groups: [[4, 5], [1, 2, 3]] },
			{ atMs: 2100, do: 'put', node: 5, key: 'x', value: 'minority' },
			{ atMs: 4000, do: 'put', node: 1, key: 'x', value: 'majority' }
		];
		for (const a of actions) run.act(a);
		run.runTo(6000);
		expect(run.solvedAtMs).not.toBeNull();
	});

	it('putSucceededAfterFailure: writes stop, then come back', () => {
		const goals = validateGoals([{ kind: 'putSucceededAfterFailure' }]);
		const run = new Run(validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, untilMs: 60_000 }), goals);
		const actions: Step[] = [
			{ atMs: 2000, do: 'kill', node: 1 },
			{ atMs: 2000, do: 'kill', node: 2 },
			{ atMs: 2500, do: 'put', node: 3, key: 'a', value: '1' },
			{ atMs: 8000, do: 'restart', node: 1 },
			{ atMs: 8000, do: 'restart', node: 2 },
			{ atMs: 11_000, do: 'put', node: 3, key: 'b', value: '2' }
		];
		for (const a of actions) run.act(a);
		run.runTo(12_000);
		expect(run.solvedAtMs).not.toBeNull();
	});

	it('only what happens from sinceMs counts', () => {
		const ex = exerciseById('quorum-of-five') as Exercise;
		const late = new Run(ex.scenario, ex.goals, 50_000);
		for (const a of ex.solution) late.act(a);
		late.runTo(ex.solutionAtMs);
		expect(late.solvedAtMs).toBeNull();
	});

	it('the cut-off leader: the note follows the episode (cut off, healed too early, met with no note)', () => {
		const ex = exerciseById('leader-in-minority') as Exercise;
		const cut: Step = { atMs: 2000, do: 'partition', groups: [[4, 5], [1, 2, 3]] };
		const early = new Run(ex.scenario, ex.goals);
		early.act(cut);
		early.act({ atMs: 2100, do: 'put', node: 5, key: 'x', value: 'minority' });
		early.runTo(2500);
		const during = evaluateGoals(ex.goals, early.rec).goals[0];
		expect(during.met).toBe(false);
		expect(during.progress?.key).toBe('leaderCutOff');
		// healed before the minority's put could be refused: the note says so, not "wait for both answers"
		early.act({ atMs: 3000, do: 'heal' });
		early.runTo(9000);
		const healed = evaluateGoals(ex.goals, early.rec).goals[0];
		expect(healed.met).toBe(false);
		expect(healed.progress?.key).toBe('leaderCutOffHealed');
		expect(healed.progress?.params.node).toBe(5);
		// solved: no note beside "solved" asking to wait
		const done = new Run(ex.scenario, ex.goals);
		for (const a of ex.solution) done.act(a);
		done.runTo(ex.solutionAtMs);
		const met = evaluateGoals(ex.goals, done.rec).goals[0];
		expect(met.met).toBe(true);
		expect(met.progress).toBeUndefined();
	});

	it('a met goal stays met (GoalTracker latches), and reset forgets it', () => {
		const ex = exerciseById('time-to-new-leader') as Exercise;
		const run = new Run(ex.scenario, ex.goals);
		for (const a of ex.solution) run.act(a);
		run.runTo(ex.solutionAtMs);
		const r = run.tracker.update(run.rec);
		expect(r.solved).toBe(true);
		expect(r.goals[0].progress?.key).toBe('newLeaderAfter');
		expect(Number(r.goals[0].progress?.params.ms)).toBeGreaterThan(500);
		run.tracker.reset();
		expect(run.tracker.update(new Recording(ex.scenario)).solved).toBe(false);
	});
});

describe('instructor exercises', () => {
	const playground = validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, untilMs: 3_600_000 });

	it('round-trip through a link, compactly, and are solvable from where the instructor left off', () => {
		// the instructor cut n2 off (the scene); the student must make the cluster refuse a write
		const { payload, state, warnings } = buildExerciseLink({
			title: 'Make the cluster refuse a write',
			instructions: { en: 'Open this link and make the cluster refuse a write.', ko: '이 링크를 열고 클러스터가 쓰기를 거부하게 만들어 보세요.' },
			goal: { kind: 'putRefusedWithAliveMembers', params: { min: 2 } },
			scenario: playground,
			actions: [{ atMs: 1500, do: 'partition', groups: [[1, 3], [2]] }],
			atMs: 2000,
			view: { lang: 'ko' }
		});
		expect(warnings).toEqual([]);
		expect(payload.length).toBeLessThan(300);
		const back = decodeLink(payload);
		expect(back).toEqual(state);
		const active = activeExercise(back);
		expect(active?.builtin).toBeNull();
		expect(active?.custom?.title).toBe('Make the cluster refuse a write');
		expect(active?.custom?.instructions.ko).toMatch(/쓰기를 거부/);
		expect(active?.sinceMs).toBe(2000);

		// the student continues from the link's moment: kill the leader's partner, write to the leader
		const run = new Run(back.scenario, active?.goals ?? [], active?.sinceMs);
		for (const a of back.actions) run.act(a);
		run.runTo(back.atMs);
		expect(run.check()).toBe(false);
		run.act({ atMs: 2500, do: 'kill', node: 1 });
		run.act({ atMs: 3000, do: 'put', node: 3, key: 'k', value: 'v' });
		run.runTo(9000);
		expect(run.solvedAtMs).not.toBeNull();
	});

	it('warn when the goal is met at the start, or by doing nothing', () => {
		const refusedAlready = buildExerciseLink({
			title: 'Already done',
			instructions: {},
			goal: [{ kind: 'putRefusedWithAliveMembers', params: { min: 1 } }],
			scenario: playground,
			actions: [
				{ atMs: 1000, do: 'kill', node: 1 },
				{ atMs: 1000, do: 'kill', node: 2 },
				{ atMs: 1100, do: 'put', node: 3, key: 'k', value: 'v' }
			],
			atMs: 7000
		});
		expect(refusedAlready.warnings).toEqual([]); // the put was before the start: it does not count
		const killed = buildExerciseLink({
			title: 'Watch a new leader appear',
			instructions: { en: 'Wait.' },
			goal: { kind: 'leaderElectedAfterLeaderKilled' },
			scenario: playground,
			actions: [{ atMs: 2000, do: 'kill', node: 3 }]
		});
		expect(killed.warnings).toEqual(['metByDoingNothing']);
		const sized = buildExerciseLink({
			title: 'Size',
			instructions: { en: '.' },
			goal: [{ kind: 'clusterSizeIs', params: { n: 3 } }, { kind: 'watchCanceledNoLeader' }],
			scenario: validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, steps: [{ atMs: 100, do: 'watch', node: 1, key: 'a' }], untilMs: 3_600_000 }),
			actions: [
				{ atMs: 1000, do: 'kill', node: 2 },
				{ atMs: 1000, do: 'kill', node: 3 }
			],
			atMs: 9000
		});
		expect(sized.warnings).toEqual(['metAtStart']);
	});

	it('warn when a goal counts more members than the cluster has (reachable only by adding members)', () => {
		const goal = (kind: 'putRefusedWithAliveMembers' | 'putSucceededWithMembersDown', params: Record<string, number>) =>
			buildExerciseLink({ title: 'Count', instructions: { en: '.' }, goal: { kind, params }, scenario: playground, actions: [] }).warnings;
		// the playground's cluster: 3 members
		expect(goal('putRefusedWithAliveMembers', { min: 7 })).toContain('moreMembersThanCluster');
		expect(goal('putRefusedWithAliveMembers', { min: 4 })).toContain('moreMembersThanCluster');
		expect(goal('putRefusedWithAliveMembers', { min: 3 })).not.toContain('moreMembersThanCluster');
		expect(goal('putSucceededWithMembersDown', { down: 3 })).toContain('moreMembersThanCluster');
		expect(goal('putSucceededWithMembersDown', { down: 1 })).not.toContain('moreMembersThanCluster');
		// a member added before the start counts
		const grown = buildExerciseLink({
			title: 'Four',
			instructions: { en: '.' },
			goal: { kind: 'putRefusedWithAliveMembers', params: { min: 4 } },
			scenario: playground,
			actions: [{ atMs: 1000, do: 'memberAdd', learner: false, start: true }],
			atMs: 3000
		});
		expect(grown.warnings).not.toContain('moreMembersThanCluster');
	});

	it('refuse a bad goal or title with LinkError("invalid") naming the field', () => {
		const bad = (goal: unknown, title = 't'): LinkError => {
			try {
				buildExerciseLink({ title, instructions: {}, goal, scenario: playground, actions: [] });
			} catch (e) {
				if (e instanceof LinkError) return e;
				throw e;
			}
			throw new Error('built');
		};
		expect(bad({ kind: 'putRefusedWithAliveMembers', params: { min: 0 } }).field).toBe('goals[0].params.min');
		expect(bad({ kind: 'nope' }).code).toBe('invalid');
		expect(bad({ kind: 'watchCanceledNoLeader' }, '   ').field).toBe('custom.title');
	});

	it('carry an optional prediction: asked first from the link, as the built-in ones; a bad one names its field', () => {
		const predict = { question: 'You stop n1 and n2. What does etcdctl put on n3 print?', choices: ['OK', 'context deadline exceeded', 'etcdserver: no leader'], answer: 2, explanation: 'Two of three are gone: no quorum.' };
		const input = {
			title: 'Two down',
			instructions: { en: 'Stop two members, then put to the third.' },
			goal: { kind: 'putRefusedWithAliveMembers', params: { min: 1 } },
			scenario: playground,
			actions: [] as Step[],
			atMs: 1000
		};
		const { payload, state } = buildExerciseLink({ ...input, predict });
		expect(payload.startsWith('q6.')).toBe(true);
		const active = activeExercise(decodeLink(payload));
		expect(active?.custom?.predict).toEqual(predict);
		expect(state.custom?.predict).toEqual(predict);
		// without one, the link is what it was before predictions existed
		const plain = buildExerciseLink(input);
		expect(plain.payload.startsWith('q4.')).toBe(true);
		expect(activeExercise(decodeLink(plain.payload))?.custom?.predict).toBeUndefined();
		let e: unknown = null;
		try {
			buildExerciseLink({ ...input, predict: { ...predict, choices: ['OK', 'OK'], answer: 1 } });
		} catch (x) {
			e = x;
		}
		expect(e).toBeInstanceOf(LinkError);
		expect((e as LinkError).field).toBe('custom.predict.choices[1]');
		expect((e as LinkError).message).toMatch(/choice different from choice 1/);
	});
});

describe('messages', () => {
	const en = messages.en as Record<string, string>;
	const ko = messages.ko as Record<string, string>;
	const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

	it('English and Korean have the same keys and the same placeholders', () => {
		expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
		for (const k of Object.keys(en)) {
			expect(ko[k].length, k).toBeGreaterThan(0);
			expect(placeholders(ko[k]), k).toEqual(placeholders(en[k]));
		}
	});

	it('name every goal, goal param, progress note and link error', () => {
		for (const kind of GOAL_KINDS) {
			const label = en[`goal.${kind}`];
			expect(label, kind).toBeTruthy();
			for (const p of Object.keys(GOAL_SPECS[kind].params)) {
				expect(en[`goalParam.${p}`], p).toBeTruthy();
				expect(placeholders(label)).toContain(p);
			}
		}
		for (const k of GOAL_PROGRESS_KEYS) expect(en[`progress.${k}`], k).toBeTruthy();
		const codes: LinkErrorCode[] = ['empty', 'truncated', 'corrupt', 'tampered', 'future', 'tooLarge', 'invalid'];
		for (const c of codes) expect(en[`linkError.${c}`], c).toBeTruthy();
	});

	it('Korean uses the course’s words', () => {
		const all = Object.values(ko).join('\n');
		for (const w of ['쿼럼', '리더', '팔로워', '텀', '스플릿 브레인', '장애', '쓰기']) expect(all).toContain(w);
	});
});
