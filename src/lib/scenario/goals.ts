/**
 * Checkable goals for exercises: conditions an instructor picks from a list ("writes are refused
 * while at least 2 members are alive"), evaluated from the engine's state and history, never from
 * what the page shows.
 *
 * A goal is data, `{ kind, params }` (the catalogue: goal-specs.ts). `evaluateGoal(goal, recording)`
 * reads the cluster's complete records (client ops, watches, leader elections, etcd log lines) and the fault steps
 * that ran (the recording's executed steps: goal-timeline.ts), so the answer
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
import type { Goal, GoalKind, GoalProgressKey, GoalStatus } from './goal-specs';
import { Timeline, leaderAt, leaderIntervals } from './goal-timeline';
import type { Recording } from './recording';

export * from './goal-specs';
export { Timeline, leaderIntervals, type LeaderInterval } from './goal-timeline';

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
export function evaluateGoal(goal: Goal, rec: Recording, sinceMs = 0): GoalStatus {
	return EVALUATORS[goal.kind](rec.cluster, new Timeline(rec, sinceMs), goal.params);
}

/** Evaluates a goal list: solved when every goal is met. */
export function evaluateGoals(goals: readonly Goal[], rec: Recording, sinceMs = 0): { solved: boolean; goals: GoalStatus[] } {
	const tl = new Timeline(rec, sinceMs);
	const statuses = goals.map((g) => EVALUATORS[g.kind](rec.cluster, tl, g.params));
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
		const q = quorumSize(tl.voters.length);
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
			if (minorityRefused && majorityOk && noViolations) return st(true);
			// healed before both answers came: the hint says so (it kept asking to wait after the heal)
			const healed = endMs <= tl.nowMs;
			const status = st(false, healed ? 'leaderCutOffHealed' : 'leaderCutOff', {
				node: leader.node,
				minority: minorityRefused ? 1 : 0,
				majority: majorityOk ? 1 : 0
			});
			// the latest episode speaks (an earlier, healed one would talk about the past)
			cutOff = status;
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
			if (tl.countThroughout(iv.startMs, iv.endMs, true) !== tl.voters.length) continue;
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
		return st(c.voterIds().length === p.n);
	},

	grewThroughLearners(c, tl, p) {
		const since = c.ops.filter((o) => ms(o.callUs) >= tl.sinceMs);
		const ok = (kind: string): ClientOp[] => since.filter((o) => o.kind === kind && o.status === 'ok');
		if (ok('memberAdd').some((o) => o.learner !== true)) return st(false); // a voter added directly: not the safe way
		if (ok('memberPromote').length === 0) return st(false);
		if (since.some((o) => o.kind === 'put' && refused(o))) return st(false);
		return st(c.voterIds().length === p.n);
	},

	replacedDeadMember(c, tl) {
		const since = c.ops.filter((o) => ms(o.callUs) >= tl.sinceMs && o.status === 'ok' && o.returnUs !== null);
		for (const rm of since) {
			if (rm.kind !== 'memberRemove' || tl.aliveAt(rm.target ?? 0, ms(rm.callUs))) continue;
			for (const add of since) {
				if (add.kind !== 'memberAdd' || add.callUs < (rm.returnUs as number) || !c.registry[add.target ?? 0]?.started) continue;
				if (since.some((o) => o.kind === 'put' && o.callUs > (add.returnUs as number))) return st(true);
			}
		}
		return st(false);
	},

	writesStoppedByUnstartedVoter(c, tl) {
		const ops = c.ops.filter((o) => ms(o.callUs) >= tl.sinceMs);
		for (const add of ops) {
			if (add.kind !== 'memberAdd' || add.learner === true || add.status !== 'ok' || add.returnUs === null) continue;
			const target = add.target ?? 0;
			// its process starts with a later restart (or never): writes in between face the raised quorum
			const started = tl.faults.find((f) => f.do === 'restart' && f.node === target && f.atMs >= ms(add.callUs));
			const startMs = add.start === true ? ms(add.returnUs) : started ? started.atMs : Infinity;
			for (const p of ops) {
				if (p.kind !== 'put' || !refused(p) || p.callUs < add.returnUs || ms(p.callUs) >= startMs) continue;
				if (ops.some((q) => q.kind === 'put' && q.status === 'ok' && q.callUs > p.callUs)) return st(true);
				return st(false, 'refusedWaitingForSuccess');
			}
		}
		return st(false);
	}
};

/**
 * A follower cut off from a leader that kept a quorum, for at least two election timeouts, then
 * joined to it again: did the leader keep leading at its term for two election timeouts after
 * ('kept'), or lose leadership within them ('deposed')?
 */
function rejoin(c: Cluster, tl: Timeline, want: 'kept' | 'deposed'): GoalStatus {
	const ivs = leaderIntervals(c);
	const q = quorumSize(tl.voters.length);
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

	update(rec: Recording): { solved: boolean; goals: GoalStatus[] } {
		const pending = this.goals.map((g, i) => (this.met[i] ? null : g));
		if (pending.some((g) => g !== null)) {
			const tl = new Timeline(rec, this.sinceMs);
			pending.forEach((g, i) => {
				if (g === null) return;
				const s = EVALUATORS[g.kind](rec.cluster, tl, g.params);
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
