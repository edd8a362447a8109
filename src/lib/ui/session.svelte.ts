/**
 * One playground session: a scenario, the actions the user took (recorded as scenario steps at the
 * simulated time they were taken) and the running cluster. Views read `frame`, a snapshot replaced
 * whole after every change ($state.raw), and never touch the cluster directly.
 *
 * Going back in time rebuilds the cluster from the seed and replays the actions up to the chosen
 * moment: the run is deterministic, so that is the same state, byte for byte.
 *
 * This file is UI: it may use requestAnimationFrame and performance.now (the engine may not).
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp, ClientWatch, LeaderChange, LogLine, MemberView } from '../cluster/types';
import { historyOf } from '../kv/history';
import { checkLinearizable, type LinearizableResult } from '../check/linearizability';
import type { Violation } from '../check/safety';
import { quorumSize } from '../raft/quorum';
import { applyStep, clusterOptions, scheduleSteps } from '../scenario/run';
import type { Scenario, Step } from '../scenario/types';

export interface InFlight {
	id: number;
	from: number;
	to: number;
	type: string;
	term: number;
	entries: number;
	sendMs: number;
	deliverMs: number;
}

export interface QuorumStatus {
	size: number;
	quorum: number;
	alive: number;
	leader: number | null;
	leaderTerm: number | null;
	/** members the leader can reach both ways right now, itself included */
	reachable: number;
	canCommit: boolean;
	/** why a write cannot commit now (a key for the UI's messages), or null */
	reason: 'noLeader' | 'tooFewAlive' | 'leaderCutOff' | null;
}

export interface Frame {
	nowMs: number;
	events: number;
	members: MemberView[];
	/** members that currently believe they lead (there may be two, at different terms) */
	believedLeaders: { node: number; term: number }[];
	leaders: LeaderChange[];
	inflight: InFlight[];
	groups: number[][];
	cuts: { from: number; to: number }[];
	ops: ClientOp[];
	watches: ClientWatch[];
	logs: LogLine[];
	violations: Violation[];
	quorum: QuorumStatus;
}

const MAX_INFLIGHT = 400;
const KEEP_OPS = 200;
const KEEP_LOGS = 200;

export type SessionAction = Step;

export class Session {
	/** the scenario the session started from (settings, seed, scripted steps) */
	scenario: Scenario = $state.raw() as unknown as Scenario;
	/** what the user did, in order, as steps stamped with the simulated time */
	actions: SessionAction[] = $state.raw([]);
	frame: Frame = $state.raw() as unknown as Frame;
	playing = $state(false);
	/** simulated seconds per wall second */
	speed = $state(1);
	linearizable: LinearizableResult = $state(true);

	#cluster!: Cluster;
	#inflight = new Map<number, InFlight>();
	#nextWireId = 1;
	#unsubscribe: (() => void) | null = null;
	#counter = { n: 0 };
	#raf = 0;
	#lastWall = 0;
	#opsSeen = -1;

	constructor(scenario: Scenario, actions: readonly SessionAction[] = [], atMs = 0) {
		this.scenario = scenario;
		this.#rebuild(actions, atMs);
	}

	get cluster(): Cluster {
		return this.#cluster;
	}

	get nowMs(): number {
		return this.#cluster.nowMs;
	}

	// ------------------------------------------------------------------ building and replaying

	#rebuild(actions: readonly SessionAction[], atMs: number): void {
		this.#unsubscribe?.();
		this.#inflight.clear();
		this.#counter = { n: 0 };
		const c = new Cluster(clusterOptions(this.scenario));
		this.#cluster = c;
		this.#unsubscribe = c.onWire((e) => {
			if (e.kind === 'send') {
				if (this.#inflight.size >= MAX_INFLIGHT) return;
				const id = this.#nextWireId++;
				this.#inflight.set(id, { id, from: e.from, to: e.to, type: e.type, term: e.term, entries: e.entries, sendMs: e.atUs / 1000, deliverMs: e.deliverUs / 1000 });
			}
		});
		scheduleSteps(c, this.scenario.steps, this.#counter);
		const kept: SessionAction[] = [];
		for (const a of actions) {
			if (a.atMs > atMs) break;
			c.runUntil(a.atMs);
			this.#apply(a);
			kept.push(a);
		}
		c.runUntil(atMs);
		this.actions = kept;
		this.#opsSeen = -1;
		this.refresh();
	}

	#apply(a: SessionAction): void {
		const c = this.#cluster;
		c.at(a.atMs, () => applyStep(c, a, this.#counter));
		c.runUntil(a.atMs);
	}

	/** Takes an action now: it is recorded (for links and going back) and carried out at once. */
	act(step: DistributiveOmit<SessionAction, 'atMs'>): void {
		const a = { ...step, atMs: this.#cluster.nowMs } as SessionAction;
		this.actions = [...this.actions, a];
		this.#apply(a);
		this.refresh();
	}

	/** Goes to any moment: rebuilds from the seed and replays the actions taken before it. */
	seek(atMs: number): void {
		const target = Math.max(0, atMs);
		if (target >= this.#cluster.nowMs) {
			this.#cluster.runUntil(target);
			this.refresh();
			return;
		}
		this.#rebuild(this.actions, target);
	}

	/** Starts over with new settings (size, seed, PreVote...): the recorded actions are dropped. */
	reset(scenario: Scenario): void {
		this.pause();
		this.scenario = scenario;
		this.#rebuild([], 0);
	}

	/** Runs exactly the next engine event or call. */
	stepEvent(): void {
		this.#cluster.step();
		this.refresh();
	}

	advance(simMs: number): void {
		this.#cluster.runUntil(this.#cluster.nowMs + simMs);
		this.refresh();
	}

	// ------------------------------------------------------------------ the clock

	play(): void {
		if (this.playing) return;
		this.playing = true;
		this.#lastWall = performance.now();
		this.#raf = requestAnimationFrame(this.#tick);
	}

	pause(): void {
		this.playing = false;
		if (this.#raf) cancelAnimationFrame(this.#raf);
		this.#raf = 0;
	}

	#tick = (wall: number): void => {
		if (!this.playing) return;
		// cap a frame at 100 ms of wall time so a tab coming back from the background does not jump
		const dtWall = Math.min(100, Math.max(0, wall - this.#lastWall));
		this.#lastWall = wall;
		this.advance(dtWall * this.speed);
		this.#raf = requestAnimationFrame(this.#tick);
	};

	destroy(): void {
		this.pause();
		this.#unsubscribe?.();
	}

	// ------------------------------------------------------------------ the snapshot views read

	refresh(): void {
		const c = this.#cluster;
		const now = c.nowMs;
		for (const [id, f] of this.#inflight) if (f.deliverMs < now) this.#inflight.delete(id);
		const members: MemberView[] = [];
		const believedLeaders: { node: number; term: number }[] = [];
		for (let id = 1; id <= c.size; id++) {
			const v = c.view(id);
			members.push(v);
			if (v.role === 'leader') believedLeaders.push({ node: id, term: v.term });
		}
		if (c.ops.length + c.opsResolved * 1_000_003 !== this.#opsSeen) this.#checkLinearizable();
		this.frame = {
			nowMs: now,
			events: c.events,
			members,
			believedLeaders,
			leaders: c.leaders.slice(-50),
			inflight: [...this.#inflight.values()],
			groups: c.network.groups(),
			cuts: c.network.cuts(),
			ops: c.ops.slice(-KEEP_OPS).map((o) => ({ ...o })),
			watches: c.watches.map((w) => ({ ...w, events: w.events.slice() })),
			logs: c.logs.slice(-KEEP_LOGS),
			violations: c.checker.violations.slice(),
			quorum: this.#quorum(members)
		};
	}

	#checkLinearizable(): void {
		const ops = this.#cluster.ops;
		this.#opsSeen = ops.length + this.#cluster.opsResolved * 1_000_003;
		this.linearizable = checkLinearizable(historyOf(ops), { budgetSteps: 200_000 }).result;
	}

	#quorum(members: MemberView[]): QuorumStatus {
		const c = this.#cluster;
		const size = c.size;
		const quorum = quorumSize(size);
		const alive = members.filter((m) => m.alive).length;
		const leader = c.currentLeader();
		let reachable = 0;
		if (leader !== null) {
			for (let id = 1; id <= size; id++) {
				if (!members[id - 1].alive) continue;
				if (id === leader || (c.network.connected(leader, id) && c.network.connected(id, leader))) reachable++;
			}
		}
		const canCommit = leader !== null && reachable >= quorum;
		let reason: QuorumStatus['reason'] = null;
		if (!canCommit) reason = alive < quorum ? 'tooFewAlive' : leader === null ? 'noLeader' : 'leaderCutOff';
		return {
			size,
			quorum,
			alive,
			leader,
			leaderTerm: leader === null ? null : members[leader - 1].term,
			reachable,
			canCommit,
			reason
		};
	}
}

/** Omit that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
