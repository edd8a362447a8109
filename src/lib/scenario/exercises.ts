/**
 * The exercise catalogue: the course's etcd lessons as starting scenarios with goals the page
 * checks from the engine (./goals), and instructor-made exercises carried whole by a link.
 *
 * Titles, instructions, hints and explanations live in src/lib/ui/messages/exercises.ts (English
 * and Korean) under `<id>.title`, `<id>.instructions`, `<id>.hint1..N`, `<id>.explanation`.
 * Each built-in exercise also carries a scripted solution: actions taken the way a student takes
 * them (the tests replay it as the playground does; a "show me" button may too).
 *
 * Core module: no DOM, no clock, no randomness.
 */
import { evaluateGoals, validateGoals, type Goal } from './goals';
import { LinkError, checkLinkState, encodeLink, type CustomExercise, type CustomPrediction, type LinkState, type LinkView } from './link';
import { record } from './recording';
import type { Scenario, Step } from './types';
import { LIMITS, ScenarioError, validateScenario } from './validate';

export interface Exercise {
	/** stable, URL-safe; part of links (never rename) */
	id: string;
	scenario: Scenario;
	goals: Goal[];
	/** how many hints the messages hold (`<id>.hint1` ..) */
	hints: number;
	/** a scripted solution, as actions a student takes */
	solution: Step[];
	/** when the solution's effect can be seen (the solution is checked at this moment) */
	solutionAtMs: number;
	/**
	 * The predict step shown before the run: a question with `choices` answers (3 or 4), of which
	 * `answer` (1-based) is what the engine shows. Words: `<id>.predict`, `<id>.predict1..N` and
	 * `<id>.predictWhy` (the check's explanation refers back to it).
	 */
	predict: Prediction | null;
}

export interface Prediction {
	choices: number;
	answer: number;
}

/** How long the exercise scenarios' scripted steps may run; the playground itself runs on. */
const EXERCISE_UNTIL_MS = 60_000;

const kill = (atMs: number, node: number): Step => ({ atMs, do: 'kill', node });
const restart = (atMs: number, node: number): Step => ({ atMs, do: 'restart', node });
const put = (atMs: number, node: number, key: string, value: string): Step => ({ atMs, do: 'put', node, key, value });
const get = (atMs: number, node: number, key: string, serializable = false): Step => ({ atMs, do: 'get', node, key, serializable });
const partition = (atMs: number, groups: number[][]): Step => ({ atMs, do: 'partition', groups });
const heal = (atMs: number): Step => ({ atMs, do: 'heal' });
const disk = (atMs: number, node: number, fsyncMs: number): Step => ({ atMs, do: 'disk', node, fsyncMs });
const addMember = (atMs: number, learner: boolean, start: boolean): Step => ({ atMs, do: 'memberAdd', learner, start });
const promote = (atMs: number, node: number): Step => ({ atMs, do: 'memberPromote', node });
const remove = (atMs: number, node: number): Step => ({ atMs, do: 'memberRemove', node });

interface ExerciseSource {
	id: string;
	scenario: unknown;
	goals: unknown[];
	hints: number;
	solution: Step[];
	solutionAtMs: number;
	predict?: Prediction;
}

/*
 * With seed 1 the first leader is n5 of 5 members, n3 of 3 and of 4 members: the scripted
 * solutions below rely on it (a student looks at the page instead).
 */
const SOURCES: ExerciseSource[] = [
	{
		id: 'quorum-of-five',
		scenario: { version: 1, seed: 1, cluster: { size: 5 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [
			{ kind: 'putSucceededWithMembersDown', params: { down: 2 } },
			{ kind: 'putRefusedWithMembersDown', params: { down: 3 } }
		],
		hints: 3,
		solution: [kill(2000, 1), kill(2500, 2), put(3000, 3, 'a', '1'), kill(4000, 3), put(4500, 4, 'b', '2')],
		solutionAtMs: 10_000,
		predict: { choices: 3, answer: 1 }
	},
	{
		id: 'four-no-better-than-three',
		scenario: { version: 1, seed: 1, cluster: { size: 4 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [
			{ kind: 'putSucceededWithMembersDown', params: { down: 1 } },
			{ kind: 'putRefusedWithAliveMembers', params: { min: 2 } }
		],
		hints: 3,
		solution: [kill(2000, 1), put(3000, 3, 'a', '1'), kill(4000, 2), put(4500, 3, 'b', '2')],
		solutionAtMs: 10_000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'time-to-new-leader',
		scenario: { version: 1, seed: 1, cluster: { size: 3 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'leaderElectedAfterLeaderKilled', params: { withinMs: 10_000 } }],
		hints: 3,
		solution: [kill(3000, 3)],
		solutionAtMs: 8000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'leader-in-minority',
		scenario: { version: 1, seed: 1, cluster: { size: 5 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'minorityLeaderCannotCommit', params: {} }],
		hints: 3,
		solution: [
			partition(2000, [
				[4, 5],
				[1, 2, 3]
			]),
			put(2100, 5, 'x', 'minority'),
			put(4000, 1, 'x', 'majority'),
			heal(8000)
		],
		solutionAtMs: 9000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'timed-out-write',
		scenario: { version: 1, seed: 1, cluster: { size: 3 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'timedOutWriteLaterVisible', params: {} }],
		hints: 3,
		solution: [kill(2000, 1), kill(2000, 2), put(2500, 3, 'k', 'v'), restart(8000, 1), get(11_000, 3, 'k')],
		solutionAtMs: 12_000,
		predict: { choices: 3, answer: 3 }
	},
	{
		id: 'stale-serializable-read',
		scenario: {
			version: 1,
			seed: 1,
			cluster: { size: 3 },
			steps: [{ atMs: 1000, do: 'put', node: 1, key: 'foo', value: 'v1' }],
			untilMs: EXERCISE_UNTIL_MS
		},
		goals: [{ kind: 'staleSerializableRead', params: {} }],
		hints: 3,
		solution: [
			partition(2000, [
				[1, 3],
				[2]
			]),
			put(2500, 1, 'foo', 'v2'),
			get(3000, 2, 'foo', true)
		],
		solutionAtMs: 4000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'slow-leader-disk',
		scenario: {
			version: 1,
			seed: 1,
			cluster: { size: 3 },
			steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 20, durationMs: 59_000, keys: 10 }],
			untilMs: EXERCISE_UNTIL_MS
		},
		goals: [{ kind: 'leadershipLostToSlowDisk', params: { minFsyncMs: 0 } }],
		hints: 3,
		solution: [disk(3000, 3, 2000)],
		solutionAtMs: 10_000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'rejoin-with-prevote',
		scenario: { version: 1, seed: 1, cluster: { size: 3, preVote: true }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'termUnchangedOnRejoin', params: {} }],
		hints: 2,
		solution: [
			partition(2000, [
				[1, 3],
				[2]
			]),
			heal(6000)
		],
		solutionAtMs: 9000,
		predict: { choices: 3, answer: 1 }
	},
	{
		id: 'rejoin-without-prevote',
		scenario: { version: 1, seed: 1, cluster: { size: 3, preVote: false }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'leaderDeposedOnRejoin', params: {} }],
		hints: 2,
		solution: [
			partition(2000, [
				[1, 3],
				[2]
			]),
			heal(6000)
		],
		solutionAtMs: 9000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'watch-without-leader',
		scenario: {
			version: 1,
			seed: 1,
			cluster: { size: 3 },
			steps: [{ atMs: 1000, do: 'watch', node: 1, key: 'foo' }],
			untilMs: EXERCISE_UNTIL_MS
		},
		goals: [{ kind: 'watchCanceledNoLeader', params: {} }],
		hints: 3,
		solution: [kill(2000, 2), kill(2000, 3)],
		solutionAtMs: 8000,
		predict: { choices: 3, answer: 2 }
	},
	{
		id: 'grow-three-to-five',
		scenario: { version: 1, seed: 1, cluster: { size: 3 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'grewThroughLearners', params: { n: 5 } }],
		hints: 3,
		solution: [addMember(2000, true, true), promote(4000, 4), addMember(5000, true, true), promote(7000, 5), put(8000, 1, 'a', '1')],
		solutionAtMs: 10_000,
		predict: { choices: 3, answer: 1 }
	},
	{
		id: 'replace-dead-member',
		scenario: { version: 1, seed: 1, cluster: { size: 3 }, steps: [kill(1000, 3)], untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'replacedDeadMember', params: {} }],
		hints: 3,
		solution: [remove(5000, 3), addMember(6000, false, true), put(8000, 1, 'a', '1')],
		solutionAtMs: 10_000,
		predict: { choices: 3, answer: 1 }
	},
	{
		id: 'one-to-two-trap',
		scenario: { version: 1, seed: 1, cluster: { size: 1 }, untilMs: EXERCISE_UNTIL_MS },
		goals: [{ kind: 'writesStoppedByUnstartedVoter', params: {} }],
		hints: 3,
		solution: [addMember(2000, false, false), put(3000, 1, 'a', '1'), restart(9000, 2), put(12_000, 1, 'a', '2')],
		solutionAtMs: 14_000,
		predict: { choices: 3, answer: 2 }
	}
];

/** The built-in exercises, in teaching order. */
export const EXERCISES: readonly Exercise[] = Object.freeze(
	SOURCES.map((s) => ({
		id: s.id,
		scenario: validateScenario(s.scenario),
		goals: validateGoals(s.goals, `${s.id}.goals`),
		hints: s.hints,
		solution: s.solution,
		solutionAtMs: s.solutionAtMs,
		predict: s.predict ?? null
	}))
);

export function exerciseById(id: string): Exercise | undefined {
	return EXERCISES.find((e) => e.id === id);
}

/** The link that opens a built-in exercise at its start. */
export function exerciseLink(id: string, view: LinkView = {}): string {
	const ex = exerciseById(id);
	if (!ex) throw new LinkError('invalid', `There is no exercise "${id}".`, 'exercise');
	return encodeLink({ scenario: ex.scenario, actions: [], atMs: 0, view, exercise: ex.id });
}

/** What the page needs to run the exercise a link names or carries. */
export interface ActiveExercise {
	/** the built-in exercise, or null for an instructor's own */
	builtin: Exercise | null;
	custom: CustomExercise | null;
	goals: Goal[];
	/** only what happens from here counts */
	sinceMs: number;
}

/** The exercise in a link: built-in (by id), the instructor's own, or null (none, or an id this version does not know). */
export function activeExercise(state: LinkState): ActiveExercise | null {
	if (state.custom) return { builtin: null, custom: state.custom, goals: state.custom.goals, sinceMs: state.custom.sinceMs };
	if (state.exercise === undefined) return null;
	const ex = exerciseById(state.exercise);
	return ex ? { builtin: ex, custom: null, goals: ex.goals, sinceMs: 0 } : null;
}

// ---------------------------------------------------------------------------------------------
// Instructor-made exercises

export interface InstructorExerciseInput {
	title: string;
	instructions: { en?: string; ko?: string };
	/** one goal or several, as data ({ kind, params }) */
	goal: unknown;
	/** the playground's scenario */
	scenario: Scenario;
	/** the actions the instructor recorded: they set the scene the student starts from */
	actions: readonly Step[];
	/** the moment the student starts (default: the last recorded action's time, or 0) */
	atMs?: number;
	view?: LinkView;
	/** a question the student answers before the run (optional; checked by checkPrediction) */
	predict?: CustomPrediction;
}

export type ExerciseWarning = 'metAtStart' | 'metByDoingNothing' | 'moreMembersThanCluster';

/** How far "doing nothing" is checked past the start. */
export const IDLE_CHECK_MS = 60_000;

/**
 * Builds an instructor's exercise and its link. Throws LinkError('invalid') naming the field for a
 * bad title, goal, prediction or scenario. Warns (without refusing) when the goals are met already at the start,
 * or after a minute of doing nothing: such an exercise solves itself.
 */
export function buildExerciseLink(input: InstructorExerciseInput): { payload: string; state: LinkState; warnings: ExerciseWarning[] } {
	let goals: Goal[];
	try {
		goals = validateGoals(Array.isArray(input.goal) ? input.goal : [input.goal], 'goals');
	} catch (e) {
		if (e instanceof ScenarioError) throw new LinkError('invalid', `This exercise is not valid: ${e.message}.`, e.field);
		throw e;
	}
	const recorded = input.actions;
	const atMs = input.atMs ?? (recorded.length > 0 ? recorded[recorded.length - 1].atMs : 0);
	// the scene is set up to the start; a recorded future (after a step back in time) is not part of it
	const actions = recorded.filter((a) => a.atMs <= atMs);
	const state = checkLinkState({
		scenario: input.scenario,
		actions,
		atMs,
		view: input.view ?? {},
		custom: { title: input.title, instructions: input.instructions, goals, sinceMs: atMs, ...(input.predict === undefined ? {} : { predict: input.predict }) }
	});
	const payload = encodeLink(state);
	const warnings: ExerciseWarning[] = [];
	const rec = record(state.scenario, state.actions, atMs);
	// a goal asking for more members alive (or down) than the cluster has: reachable only by adding members
	const voters = rec.cluster.registry.filter((r) => r !== undefined && r.member && !r.learner).length;
	if (goals.some((g) => (g.params.min ?? 0) > voters || (g.params.down ?? 0) >= voters)) warnings.push('moreMembersThanCluster');
	if (evaluateGoals(goals, rec, atMs).solved) warnings.push('metAtStart');
	else {
		rec.runTo(Math.min(atMs + IDLE_CHECK_MS, LIMITS.maxUntilMs));
		if (evaluateGoals(goals, rec, atMs).solved) warnings.push('metByDoingNothing');
	}
	return { payload, state, warnings };
}
