/**
 * Checkable goals for exercises: conditions an instructor picks from a list ("writes are refused
 * while at least 2 members are alive"), evaluated from the engine's state and history, never from
 * what the page shows.
 *
 * A goal is data, `{ kind, params }`. `evaluateGoal(goal, cluster, context)` reads the cluster's
 * complete records (client ops, watches, leader elections, etcd log lines) and the fault steps
 * that ran (the scenario's steps and the user's actions up to the cluster's clock), so the answer
 * does not depend on how often it is asked: the playground asks after every step it takes, a test
 * asks once at the end, and both get the same answer. Every goal is "something happened": once
 * met, it stays met (GoalTracker latches it). No goal is met by a cluster that was left alone.
 *
 * Only what happens from `sinceMs` on counts (an instructor's recorded prelude does not solve the
 * exercise it sets up): client ops called from then on, faults applied from then on.
 *
 * Core module: no DOM, no clock, no randomness.
 */
import { ERR, type Cluster } from '../cluster/cluster';
import type { ClientOp } from '../cluster/types';
import { quorumSize } from '../raft/quorum';
import { msToUs } from '../sim/time';
import type { Scenario, Step } from './types';
import { ScenarioError, preview } from './validate';

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
	'clusterSizeIs'
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
	clusterSizeIs: { params: { n: MEMBERS }, constraint: true }
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

export interface GoalContext {
	/** the scenario the cluster was built from (its steps run at their times) */
	scenario: Scenario;
	/** the user's actions, in order (those after the cluster's clock have not run and are ignored) */
	actions: readonly Step[];
	/** only what happens from this moment on counts (default 0) */
	sinceMs?: number;
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

function own(obj: object, key: string): unknown {
	const d = Object.getOwnPropertyDescriptor(obj, key);
	return d !== undefined && 'value' in d ? d.value : undefined;
}

// ---------------------------------------------------------------------------------------------
// What happened: the fault timeline and leadership intervals

type NetState = { group: number[]; cut: boolean[][] };

interface NetChange {
	atMs: number;
	state: NetState;
	kind: 'partition' | 'cut' | 'heal';
}

/** The faults that ran up to the cluster's clock, in the order they ran, and states derived from them. */
export class Timeline {
	readonly size: number;
	readonly nowMs: number;
	readonly sinceMs: number;
	/** per member: the times it went down / came back (alternating, starting alive) */
	private readonly liveness: { atMs: number; alive: boolean }[][] = [];
	readonly net: NetChange[] = [];
	/** per member: fsync changes */
	private readonly disks: { atMs: number; fsyncMs: number }[][] = [];
	readonly baseFsyncMs: number;
	/** kill/restart/partition/cut/heal/disk/transfer steps, in the order they ran */
	readonly faults: Step[] = [];

	constructor(c: Cluster, ctx: GoalContext) {
		const s = ctx.scenario;
		this.size = c.size;
		this.nowMs = c.nowMs;
		this.sinceMs = ctx.sinceMs ?? 0;
		this.baseFsyncMs = s.disk.fsyncMs;
		const steps = executedSteps(s.steps, ctx.actions, c.nowMs);
		const alive: boolean[] = [];
		const group: number[] = [];
		const cut: boolean[][] = [];
		for (let id = 0; id <= this.size; id++) {
			this.liveness[id] = [];
			this.disks[id] = [];
			alive[id] = true;
			group[id] = 0;
			cut[id] = new Array<boolean>(this.size + 1).fill(false);
		}
		const snapshot = (): NetState => ({ group: group.slice(), cut: cut.map((r) => r.slice()) });
		for (const st of steps) {
			if (!isFault(st)) continue;
			this.faults.push(st);
			switch (st.do) {
				case 'kill':
				case 'restart': {
					if (st.node > this.size) break;
					const up = st.do === 'restart';
					if (alive[st.node] !== up) {
						alive[st.node] = up;
						this.liveness[st.node].push({ atMs: st.atMs, alive: up });
					}
					break;
				}
				case 'partition':
					st.groups.forEach((g, i) => g.forEach((m) => (group[m] = i + 1)));
					this.net.push({ atMs: st.atMs, state: snapshot(), kind: 'partition' });
					break;
				case 'cut':
					cut[st.from][st.to] = true;
					this.net.push({ atMs: st.atMs, state: snapshot(), kind: 'cut' });
					break;
				case 'heal':
					group.fill(0);
					for (const row of cut) row.fill(false);
					this.net.push({ atMs: st.atMs, state: snapshot(), kind: 'heal' });
					break;
				case 'disk':
					if (st.node <= this.size) this.disks[st.node].push({ atMs: st.atMs, fsyncMs: st.fsyncMs });
					break;
				default:
					break;
			}
		}
	}

	aliveAt(node: number, tMs: number): boolean {
		let up = true;
		for (const e of this.liveness[node] ?? []) {
			if (e.atMs > tMs) break;
			up = e.alive;
		}
		return up;
	}

	/** Whether the member was up (or down) from `fromMs` to `toMs`, with no change in between. */
	statusThroughout(node: number, fromMs: number, toMs: number, alive: boolean): boolean {
		if (this.aliveAt(node, fromMs) !== alive) return false;
		for (const e of this.liveness[node] ?? []) if (e.atMs > fromMs && e.atMs <= toMs) return false;
		return true;
	}

	countThroughout(fromMs: number, toMs: number, alive: boolean): number {
		let n = 0;
		for (let id = 1; id <= this.size; id++) if (this.statusThroughout(id, fromMs, toMs, alive)) n++;
		return n;
	}

	netAt(tMs: number): NetState | null {
		let state: NetState | null = null;
		for (const e of this.net) {
			if (e.atMs > tMs) break;
			state = e.state;
		}
		return state;
	}

	/** Whether every member could reach every other at t. */
	wholeAt(tMs: number): boolean {
		const state = this.netAt(tMs);
		for (let a = 1; a <= this.size; a++) for (let b = a + 1; b <= this.size; b++) if (!Timeline.linked(state, a, b)) return false;
		return true;
	}

	/** Whether a and b can talk both ways under a network state (null: whole). */
	static linked(state: NetState | null, a: number, b: number): boolean {
		if (a === b || state === null) return true;
		return state.group[a] === state.group[b] && !state.cut[a][b] && !state.cut[b][a];
	}

	/** Members alive at t that `node` reaches both ways under `state`, itself included. */
	reachable(state: NetState | null, node: number, tMs: number): number {
		let n = 0;
		for (let id = 1; id <= this.size; id++) if (this.aliveAt(id, tMs) && Timeline.linked(state, node, id)) n++;
		return n;
	}

	fsyncAt(node: number, tMs: number): number {
		let v = this.baseFsyncMs;
		for (const e of this.disks[node] ?? []) {
			if (e.atMs > tMs) break;
			v = e.fsyncMs;
		}
		return v;
	}
}

function isFault(s: Step): boolean {
	return s.do === 'kill' || s.do === 'restart' || s.do === 'partition' || s.do === 'cut' || s.do === 'heal' || s.do === 'disk' || s.do === 'transfer';
}

/**
 * The steps that ran by `nowMs`, in the order they ran: scenario steps by time (file order at one
 * time), then the actions due by then (an action at the same instant as a scripted step runs after
 * it, as in the playground's replay).
 */
export function executedSteps(steps: readonly Step[], actions: readonly Step[], nowMs: number): Step[] {
	// the engine runs scripted steps by whole microseconds, in file order within one
	const nowUs = msToUs(nowMs);
	const scripted = steps
		.map((s, i) => ({ s, i, us: msToUs(s.atMs) }))
		.filter((x) => x.us <= nowUs)
		.sort((a, b) => a.us - b.us || a.i - b.i);
	const out: Step[] = [];
	let j = 0;
	for (const a of actions) {
		if (a.atMs > nowMs) break;
		const aUs = msToUs(a.atMs);
		while (j < scripted.length && scripted[j].us <= aUs) out.push(scripted[j++].s);
		out.push(a);
	}
	while (j < scripted.length) out.push(scripted[j++].s);
	return out;
}

export interface LeaderInterval {
	node: number;
	term: number;
	startMs: number;
	/** Infinity while it still leads */
	endMs: number;
	end: 'steppedDown' | 'killed' | null;
}


/** Every stretch of time a member believed it led, from the cluster's records. */
export function leaderIntervals(c: Cluster): LeaderInterval[] {
	return c.leadership.map((l) => ({
		node: l.node,
		term: l.term,
		startMs: l.startUs / 1000,
		endMs: l.endUs === null ? Infinity : l.endUs / 1000,
		end: l.end
	}));
}

function leaderAt(ivs: readonly LeaderInterval[], tMs: number): LeaderInterval | null {
	let best: LeaderInterval | null = null;
	for (const iv of ivs) if (iv.startMs <= tMs && tMs < iv.endMs && (best === null || iv.term > best.term)) best = iv;
	return best;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const ms = (us: number): number => us / 1000;
const round = (v: number): number => Math.round(v);

function puts(c: Cluster, since: number): ClientOp[] {
	return c.ops.filter((o) => o.kind === 'put' && ms(o.callUs) >= since);
}

function refused(o: ClientOp): boolean {
	return (o.status === 'timeout' || o.status === 'fail') && o.returnUs !== null;
}

/** The op's lifetime [call, return] in ms (return: the clock, while pending). */
function life(c: Cluster, o: ClientOp): [number, number] {
	return [ms(o.callUs), o.returnUs === null ? c.nowMs : ms(o.returnUs)];
}

function st(met: boolean, key?: GoalProgressKey, params: Record<string, number | string> = {}): GoalStatus {
	return key === undefined ? { met } : { met, progress: { key, params } };
}

/** Evaluates one goal on the cluster as it stands (see the module comment). */
export function evaluateGoal(goal: Goal, c: Cluster, ctx: GoalContext): GoalStatus {
	const tl = new Timeline(c, ctx);
	return EVALUATORS[goal.kind](c, tl, goal.params);
}

/** Evaluates a goal list: solved when every goal is met. */
export function evaluateGoals(goals: readonly Goal[], c: Cluster, ctx: GoalContext): { solved: boolean; goals: GoalStatus[] } {
	const tl = new Timeline(c, ctx);
	const statuses = goals.map((g) => EVALUATORS[g.kind](c, tl, g.params));
	return { solved: statuses.every((s) => s.met), goals: statuses };
}

type Evaluator = (c: Cluster, tl: Timeline, p: Record<string, number>) => GoalStatus;

const EVALUATORS: Record<GoalKind, Evaluator> = {
	putRefusedWithAliveMembers(c, tl, p) {
		let best = -1;
		for (const o of puts(c, tl.sinceMs)) {
			if (!refused(o)) continue;
			const [a, b] = life(c, o);
			if (!tl.aliveAt(o.node, a)) continue; // the endpoint itself was down: not a refusal
			const alive = tl.countThroughout(a, b, true);
			if (alive >= p.min) return st(true);
			best = Math.max(best, alive);
		}
		return best < 0 ? st(false) : st(false, 'refusedButTooFewAlive', { alive: best, min: p.min });
	},

	putSucceededWithMembersDown(c, tl, p) {
		let best = -1;
		for (const o of puts(c, tl.sinceMs)) {
			if (o.status !== 'ok') continue;
			const [a, b] = life(c, o);
			best = Math.max(best, tl.countThroughout(a, b, false));
			if (best >= p.down) return st(true, 'maxDownOk', { down: best });
		}
		return best < 0 ? st(false) : st(false, 'maxDownOk', { down: best });
	},

	putRefusedWithMembersDown(c, tl, p) {
		let best = -1;
		for (const o of puts(c, tl.sinceMs)) {
			if (!refused(o)) continue;
			const [a, b] = life(c, o);
			if (!tl.aliveAt(o.node, a)) continue;
			const down = tl.countThroughout(a, b, false);
			if (down >= p.down) return st(true);
			best = Math.max(best, down);
		}
		return best < 0 ? st(false) : st(false, 'refusedButTooFewDown', { down: best, need: p.down });
	},

	putSucceededAfterFailure(c, tl) {
		let firstRefusalEnd = Infinity;
		const list = puts(c, tl.sinceMs);
		for (const o of list) {
			if (refused(o) && tl.aliveAt(o.node, ms(o.callUs))) firstRefusalEnd = Math.min(firstRefusalEnd, ms(o.returnUs as number));
		}
		if (firstRefusalEnd === Infinity) return st(false);
		const ok = list.some((o) => o.status === 'ok' && ms(o.callUs) >= firstRefusalEnd);
		return ok ? st(true) : st(false, 'refusedWaitingForSuccess');
	},

	leaderElectedAfterLeaderKilled(c, tl, p) {
		const ivs = leaderIntervals(c);
		let waiting: GoalStatus | null = null;
		let slow: GoalStatus | null = null;
		for (const f of tl.faults) {
			if (f.do !== 'kill' || f.atMs < tl.sinceMs) continue;
			// the engine ran the kill at its whole microsecond
			const killUs = msToUs(f.atMs);
			const victim = ivs.find((iv) => iv.node === f.node && iv.end === 'killed' && msToUs(iv.endMs) === killUs);
			if (!victim) continue;
			const next = ivs.find((iv) => iv.startMs >= f.atMs && iv.term > victim.term);
			if (!next) {
				waiting = st(false, 'waitingForNewLeader', { node: f.node });
				continue;
			}
			const dt = next.startMs - f.atMs;
			const params = { node: next.node, ms: round(dt), killed: f.node };
			if (dt <= p.withinMs) return st(true, 'newLeaderAfter', params);
			slow = st(false, 'newLeaderTooSlow', { ...params, within: p.withinMs });
		}
		return waiting ?? slow ?? st(false);
	},

	minorityLeaderCannotCommit(c, tl) {
		const ivs = leaderIntervals(c);
		const q = quorumSize(tl.size);
		const noViolations = c.checker.violations.length === 0;
		let cutOff: GoalStatus | null = null;
		for (let i = 0; i < tl.net.length; i++) {
			const n = tl.net[i];
			if (n.atMs < tl.sinceMs) continue;
			const leader = leaderAt(ivs, n.atMs);
			if (!leader || tl.reachable(n.state, leader.node, n.atMs) >= q) continue;
			// the episode lasts until the leader's side is joined to a quorum again
			let endMs = Infinity;
			for (let j = i + 1; j < tl.net.length; j++) {
				const later = tl.net[j];
				if (tl.reachable(later.state, leader.node, later.atMs) >= q) {
					endMs = later.atMs;
					break;
				}
			}
			let minorityRefused = false;
			let majorityOk = false;
			for (const o of puts(c, n.atMs)) {
				const call = ms(o.callUs);
				if (call >= endMs || !tl.aliveAt(o.node, call)) continue;
				const sameSide = Timeline.linked(tl.netAt(call), o.node, leader.node);
				if (sameSide && refused(o)) minorityRefused = true;
				if (!sameSide && o.status === 'ok') majorityOk = true;
			}
			const status = st(minorityRefused && majorityOk && noViolations, 'leaderCutOff', {
				node: leader.node,
				minority: minorityRefused ? 1 : 0,
				majority: majorityOk ? 1 : 0
			});
			if (status.met) return status;
			cutOff ??= status;
		}
		return cutOff ?? st(false);
	},

	twoBelievedLeadersOneCommits(c, tl) {
		const ivs = leaderIntervals(c);
		if (c.checker.violations.length > 0) return st(false);
		let seen: GoalStatus | null = null;
		for (const older of ivs) {
			for (const newer of ivs) {
				if (newer.node === older.node || newer.term <= older.term) continue;
				const from = Math.max(older.startMs, newer.startMs, tl.sinceMs);
				const to = Math.min(older.endMs, newer.endMs, tl.nowMs);
				if (!(to > from)) continue;
				const params = { old: older.node, oldTerm: older.term, node: newer.node, term: newer.term };
				const ok = puts(c, newer.startMs).some((o) => o.status === 'ok' && ms(o.callUs) < newer.endMs);
				if (ok) return st(true, 'twoLeaders', params);
				seen ??= st(false, 'twoLeaders', params);
			}
		}
		return seen ?? st(false);
	},

	timedOutWriteLaterVisible(c, tl) {
		const all = c.ops;
		let waiting = false;
		for (const p of puts(c, tl.sinceMs)) {
			if (p.status !== 'timeout' || p.returnUs === null || p.value === null) continue;
			const rivals = all.some((o) => o !== p && o.kind === 'put' && o.key === p.key && o.value === p.value);
			if (rivals) continue;
			waiting = true;
			const seen = all.some(
				(g) => g.kind === 'get' && g.status === 'ok' && g.key === p.key && g.value === p.value && g.callUs >= (p.returnUs as number)
			);
			if (seen) return st(true);
		}
		return waiting ? st(false, 'timedOutWaitingForRead') : st(false);
	},

	staleSerializableRead(c, tl) {
		const writes = c.ops.filter((o) => (o.kind === 'put' || o.kind === 'delete') && o.status === 'ok' && o.revision !== null && o.returnUs !== null);
		for (const g of c.ops) {
			if (g.kind !== 'get' || !g.serializable || g.status !== 'ok' || g.revision === null || ms(g.callUs) < tl.sinceMs) continue;
			const rev = g.revision;
			if (writes.some((w) => w.key === g.key && (w.returnUs as number) <= g.callUs && (w.revision as number) > rev)) return st(true);
		}
		return st(false);
	},

	leadershipLostToSlowDisk(c, tl, p) {
		for (const iv of leaderIntervals(c)) {
			if (iv.end !== 'steppedDown' || iv.endMs < tl.sinceMs) continue;
			// nothing else happened to the cluster while it led: every member up, the network whole
			const disturbed = tl.faults.some((f) => f.atMs >= iv.startMs && f.atMs <= iv.endMs && f.do !== 'disk');
			if (disturbed || !tl.wholeAt(iv.startMs)) continue;
			if (tl.countThroughout(iv.startMs, iv.endMs, true) !== tl.size) continue;
			const fsync = tl.fsyncAt(iv.node, iv.endMs);
			if (fsync > tl.baseFsyncMs && fsync >= p.minFsyncMs) return st(true, 'slowDiskLost', { node: iv.node, ms: fsync });
		}
		return st(false);
	},

	termUnchangedOnRejoin(c, tl) {
		return rejoin(c, tl, 'kept');
	},

	leaderDeposedOnRejoin(c, tl) {
		return rejoin(c, tl, 'deposed');
	},

	watchCanceledNoLeader(c) {
		return st(c.watches.some((w) => w.canceled === ERR.watchNoLeader));
	},

	clusterSizeIs(c, _tl, p) {
		return st(c.size === p.n);
	}
};

/**
 * A follower cut off from a leader that kept a quorum, for at least two election timeouts, then
 * joined to it again: did the leader keep leading at its term for two election timeouts after
 * ('kept'), or lose leadership within them ('deposed')?
 */
function rejoin(c: Cluster, tl: Timeline, want: 'kept' | 'deposed'): GoalStatus {
	const ivs = leaderIntervals(c);
	const q = quorumSize(tl.size);
	const windowMs = 2 * c.opts.electionMs;
	let best: GoalStatus | null = null;
	const note = (s: GoalStatus): void => {
		if (best === null || (s.progress?.key === 'rejoinWatching' && best.progress?.key !== 'rejoinWatching')) best = s;
	};
	for (let i = 0; i < tl.net.length; i++) {
		const n = tl.net[i];
		if (n.atMs < tl.sinceMs) continue;
		const leader = leaderAt(ivs, n.atMs);
		if (!leader || tl.reachable(n.state, leader.node, n.atMs) < q) continue;
		const before = i > 0 ? tl.net[i - 1].state : null;
		for (let m = 1; m <= tl.size; m++) {
			// newly cut off from the leader by this change
			if (m === leader.node || Timeline.linked(n.state, m, leader.node) || !Timeline.linked(before, m, leader.node)) continue;
			if (!tl.aliveAt(m, n.atMs)) continue;
			let back = -1;
			for (let j = i + 1; j < tl.net.length; j++) {
				if (Timeline.linked(tl.net[j].state, m, leader.node)) {
					back = tl.net[j].atMs;
					break;
				}
			}
			if (back < 0) continue;
			const apart = back - n.atMs;
			if (apart < windowMs) {
				note(st(false, 'isolationTooShort', { node: m, ms: round(apart), need: windowMs }));
				continue;
			}
			if (!tl.statusThroughout(m, n.atMs, back, true) || leader.endMs <= back) continue;
			const params = { node: m, leader: leader.node, term: leader.term };
			if (want === 'kept') {
				if (leader.endMs >= back + windowMs && tl.nowMs >= back + windowMs) return st(true, 'leaderKeptTerm', params);
				if (leader.endMs === Infinity) note(st(false, 'rejoinWatching', { ...params, ms: round(back + windowMs - tl.nowMs) }));
			} else {
				if (leader.end === 'steppedDown' && leader.endMs <= back + windowMs) return st(true, 'leaderDeposed', params);
				if (leader.endMs === Infinity && tl.nowMs < back + windowMs) {
					note(st(false, 'rejoinWatching', { ...params, ms: round(back + windowMs - tl.nowMs) }));
				}
			}
		}
	}
	return best ?? st(false);
}

// ---------------------------------------------------------------------------------------------
// Tracking across a session

/**
 * Remembers which goals have been met (a met goal stays met, even if the records that showed it
 * are later trimmed). Call `update` after every step; `reset` when the session goes back in time.
 */
export class GoalTracker {
	readonly goals: readonly Goal[];
	readonly sinceMs: number;
	private met: boolean[];
	private last: GoalStatus[];

	constructor(goals: readonly Goal[], sinceMs = 0) {
		this.goals = goals;
		this.sinceMs = sinceMs;
		this.met = goals.map(() => false);
		this.last = goals.map(() => ({ met: false }));
	}

	update(c: Cluster, scenario: Scenario, actions: readonly Step[]): { solved: boolean; goals: GoalStatus[] } {
		const pending = this.goals.map((g, i) => (this.met[i] ? null : g));
		if (pending.some((g) => g !== null)) {
			const tl = new Timeline(c, { scenario, actions, sinceMs: this.sinceMs });
			pending.forEach((g, i) => {
				if (g === null) return;
				const s = EVALUATORS[g.kind](c, tl, g.params);
				this.last[i] = s;
				if (s.met) this.met[i] = true;
			});
		}
		const goals = this.last.map((s, i) => (this.met[i] && !s.met ? { ...s, met: true } : s));
		return { solved: this.met.every(Boolean), goals };
	}

	reset(): void {
		this.met = this.goals.map(() => false);
		this.last = this.goals.map(() => ({ met: false }));
	}
}
