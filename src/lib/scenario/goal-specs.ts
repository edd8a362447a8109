/**
 * The catalogue of exercise goals an instructor picks from, their params, and the validation of a
 * goal from untrusted data (a link, an editor). Evaluation lives in goals.ts.
 */
import { ScenarioError, own, preview } from './fields';

// ---------------------------------------------------------------------------------------------
// The catalogue of goal kinds

interface ParamSpec {
	min: number;
	max: number;
	integer: boolean;
	/** filled in when the param is omitted; required when absent */
	fallback?: number;
}

interface KindSpec {
	params: Readonly<Record<string, ParamSpec>>;
	/** a condition on the setup, met without doing anything: never a goal on its own */
	constraint?: boolean;
}

const MEMBERS: ParamSpec = { min: 1, max: 7, integer: true };
const DOWN: ParamSpec = { min: 1, max: 6, integer: true };

/**
 * Every goal kind and its params. The order is part of the link format (a kind's position is its
 * code in links): append new kinds at the end, never reorder or remove.
 */
export const GOAL_KINDS = [
	'putRefusedWithAliveMembers',
	'putSucceededWithMembersDown',
	'putRefusedWithMembersDown',
	'putSucceededAfterFailure',
	'leaderElectedAfterLeaderKilled',
	'minorityLeaderCannotCommit',
	'twoBelievedLeadersOneCommits',
	'timedOutWriteLaterVisible',
	'staleSerializableRead',
	'leadershipLostToSlowDisk',
	'termUnchangedOnRejoin',
	'leaderDeposedOnRejoin',
	'watchCanceledNoLeader',
	'clusterSizeIs',
	'grewThroughLearners',
	'replacedDeadMember',
	'writesStoppedByUnstartedVoter'
] as const;

export type GoalKind = (typeof GOAL_KINDS)[number];

export const GOAL_SPECS: Readonly<Record<GoalKind, KindSpec>> = Object.freeze({
	/** a put to a live member was refused (timed out or failed) while at least `min` members stayed alive */
	putRefusedWithAliveMembers: { params: { min: MEMBERS } },
	/** a put succeeded while at least `down` members were down the whole time (writes tolerate `down` failures) */
	putSucceededWithMembersDown: { params: { down: DOWN } },
	/** a put to a live member was refused while at least `down` members were down the whole time */
	putRefusedWithMembersDown: { params: { down: DOWN } },
	/** a put was refused, and a later put succeeded (writes came back) */
	putSucceededAfterFailure: { params: {} },
	/** the leader was killed and another member was elected within `withinMs` */
	leaderElectedAfterLeaderKilled: { params: { withinMs: { min: 1, max: 600_000, integer: false, fallback: 10_000 } } },
	/** the leader was cut off in a minority: a put sent to its side was never committed, a put to the majority was */
	minorityLeaderCannotCommit: { params: {} },
	/** two members believed they led at the same moment; a put was committed under the newer one, no safety check failed */
	twoBelievedLeadersOneCommits: { params: {} },
	/** a put timed out, and a later read returned its value: the timeout was not a failure */
	timedOutWriteLaterVisible: { params: {} },
	/** a serializable get returned an older value than a write acknowledged before the read began */
	staleSerializableRead: { params: {} },
	/** with no member down and the network whole, the leader lost leadership while its disk was slowed (fsync >= minFsyncMs) */
	leadershipLostToSlowDisk: { params: { minFsyncMs: { min: 0, max: 60_000, integer: false, fallback: 0 } } },
	/** a follower cut off for at least two election timeouts rejoined, and the leader kept leading at the same term */
	termUnchangedOnRejoin: { params: {} },
	/** a follower cut off for at least two election timeouts rejoined, and the leader lost leadership because of it */
	leaderDeposedOnRejoin: { params: {} },
	/** a watch was canceled with "etcdserver: no leader" */
	watchCanceledNoLeader: { params: {} },
	/** the cluster has `n` members (a condition on the setup; combine it with another goal) */
	clusterSizeIs: { params: { n: MEMBERS }, constraint: true },
	/** the cluster now has `n` voters, every one added came in as a learner and was promoted, and no write was refused meanwhile */
	grewThroughLearners: { params: { n: MEMBERS } },
	/** a member that was down was removed, a new member was added and started, and a write succeeded after */
	replacedDeadMember: { params: {} },
	/** a voter was added without starting it, a write was refused because of it, and writes came back once it ran */
	writesStoppedByUnstartedVoter: { params: {} }
});

export interface Goal {
	kind: GoalKind;
	/** every param of the kind, filled in (numbers only) */
	params: Record<string, number>;
}

export const MAX_GOALS = 8;

/** Progress shown while a goal is not met yet, or what was measured once it is (a message key + values). */
export type GoalProgressKey =
	| 'maxDownOk'
	| 'refusedButTooFewAlive'
	| 'refusedButTooFewDown'
	| 'refusedWaitingForSuccess'
	| 'newLeaderAfter'
	| 'newLeaderTooSlow'
	| 'waitingForNewLeader'
	| 'leaderCutOff'
	| 'leaderCutOffHealed'
	| 'twoLeaders'
	| 'timedOutWaitingForRead'
	| 'slowDiskLost'
	| 'isolationTooShort'
	| 'rejoinWatching'
	| 'leaderKeptTerm'
	| 'leaderDeposed';

export const GOAL_PROGRESS_KEYS: readonly GoalProgressKey[] = Object.freeze([
	'maxDownOk',
	'refusedButTooFewAlive',
	'refusedButTooFewDown',
	'refusedWaitingForSuccess',
	'newLeaderAfter',
	'newLeaderTooSlow',
	'waitingForNewLeader',
	'leaderCutOff',
	'leaderCutOffHealed',
	'twoLeaders',
	'timedOutWaitingForRead',
	'slowDiskLost',
	'isolationTooShort',
	'rejoinWatching',
	'leaderKeptTerm',
	'leaderDeposed'
] as const);

export interface GoalProgress {
	key: GoalProgressKey;
	params: Record<string, number | string>;
}

export interface GoalStatus {
	met: boolean;
	progress?: GoalProgress;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A goal from untrusted data (a link, an editor): params checked and filled in; throws ScenarioError. */
export function validateGoal(value: unknown, field = 'goal'): Goal {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ScenarioError(field, `expected an object such as {"kind": "watchCanceledNoLeader"} (got ${preview(value)})`);
	}
	const kindRaw = own(value, 'kind');
	const kind = GOAL_KINDS.find((k) => k === kindRaw);
	if (kind === undefined) {
		throw new ScenarioError(`${field}.kind`, `unknown goal ${preview(kindRaw)} (expected one of: ${GOAL_KINDS.join(', ')})`);
	}
	const spec = GOAL_SPECS[kind];
	const paramsRaw = own(value, 'params');
	if (paramsRaw !== undefined && (typeof paramsRaw !== 'object' || paramsRaw === null || Array.isArray(paramsRaw))) {
		throw new ScenarioError(`${field}.params`, `expected an object (got ${preview(paramsRaw)})`);
	}
	const params: Record<string, number> = {};
	for (const [name, p] of Object.entries(spec.params)) {
		const f = `${field}.params.${name}`;
		const v = paramsRaw === undefined ? undefined : own(paramsRaw, name);
		if (v === undefined) {
			if (p.fallback === undefined) throw new ScenarioError(f, `missing (expected ${paramText(p)})`);
			params[name] = p.fallback;
			continue;
		}
		if (typeof v !== 'number' || !Number.isFinite(v) || v < p.min || v > p.max || (p.integer && !Number.isInteger(v))) {
			throw new ScenarioError(f, `expected ${paramText(p)} (got ${preview(v)})`);
		}
		params[name] = v + 0;
	}
	return { kind, params };
}

/** A goal list: 1..MAX_GOALS goals, at least one of which needs something to happen. */
export function validateGoals(value: unknown, field = 'goals'): Goal[] {
	if (!Array.isArray(value)) throw new ScenarioError(field, `expected an array of goals (got ${preview(value)})`);
	const list: readonly unknown[] = value;
	if (list.length === 0 || list.length > MAX_GOALS) {
		throw new ScenarioError(field, `expected 1 to ${MAX_GOALS} goals (got ${list.length})`);
	}
	const goals = list.map((g, i) => validateGoal(own(list, String(i)), `${field}[${i}]`));
	if (goals.every((g) => GOAL_SPECS[g.kind].constraint === true)) {
		throw new ScenarioError(field, 'expected at least one goal that needs an action (clusterSizeIs alone is met by doing nothing)');
	}
	return goals;
}

function paramText(p: ParamSpec): string {
	return p.integer ? `an integer ${p.min}..${p.max}` : `a number ${p.min}..${p.max}`;
}
