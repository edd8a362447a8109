/**
 * One playground session: a scenario, the actions the user took (recorded as scenario steps at the
 * simulated time they were taken) and the running cluster. Views read `frame`, a snapshot replaced
 * whole after every change ($state.raw), and never touch the cluster directly.
 *
 * Going back in time rebuilds the cluster from the seed and replays the actions up to the chosen
 * moment: the run is deterministic, so that is the same state, byte for byte. The actions recorded
 * after that moment are kept (the timeline): running forward again replays them at their times, like
 * a recording. Taking a new action at an earlier moment starts a new branch: the recorded future is
 * dropped.
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
	/** lost: the link was cut (at send, or while the message travelled) */
	dropped: boolean;
}

/** A leader as it sees itself: how many members it reaches both ways now (itself included). */
export interface BelievedLeader {
	node: number;
	term: number;
	reaches: number;
}

/** One slot of a member's log in the shared window of indexes (null: the member has nothing there). */
export interface LogCell {
	index: number;
	term: number;
	/** the proposal id (0 for a new leader's empty entry) */
	id: number;
	op: 'put' | 'delete' | 'empty';
	key: string | null;
	value: string | null;
	committed: boolean;
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
	believedLeaders: BelievedLeader[];
	leaders: LeaderChange[];
	inflight: InFlight[];
	groups: number[][];
	cuts: { from: number; to: number }[];
	ops: ClientOp[];
	watches: ClientWatch[];
	logs: LogLine[];
	violations: Violation[];
	quorum: QuorumStatus;
	/** the indexes every member's log is shown for (the same window for all, so columns line up) */
	logWindow: { from: number; to: number };
	/** per member (index 0 = n1): its entries in logWindow, null where it has none */
	memberLogs: (LogCell | null)[][];
}

export type FrameListener = (next: Frame, prev: Frame | null, rebuilt: boolean) => void;

const MAX_INFLIGHT = 400;
const KEEP_OPS = 200;
const KEEP_LOGS = 200;
/** how many log indexes a frame shows per member */
export const LOG_WINDOW = 12;
/**
 * Messages stay in `inflight` at least this long (simulated ms) after they were sent: a message on
 * loopback takes 0.5 ms, far too short to see, so views draw it over this window (and say so).
 */
export const RETAIN_MS = 40;

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
	/** the furthest moment this timeline reached (the scrubber's end) */
	horizonMs = $state(0);

	#cluster!: Cluster;
	/** how many of `actions` the current cluster has carried out (the rest lie in the future) */
	#applied = $state(0);
	#listeners: FrameListener[] = [];
	#truncateListeners: ((restarted: boolean) => void)[] = [];
	/** during a replay, sends before this simulated time are not kept (nobody will see them) */
	#recordFromUs = 0;
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
		this.#recordFromUs = Math.round((atMs - RETAIN_MS) * 1000);
		this.#unsubscribe = c.onWire((e) => {
			if (e.kind === 'deliver' || e.atUs < this.#recordFromUs) return;
			if (this.#inflight.size >= MAX_INFLIGHT) return;
			const id = this.#nextWireId++;
			const dropped = e.kind === 'drop';
			// a message lost in flight is drawn from where it was sent, so it starts at its send time
			// (not known here): it is shown as lost at the moment the loss is noticed
			this.#inflight.set(id, { id, from: e.from, to: e.to, type: e.type, term: e.term, entries: e.entries, sendMs: e.atUs / 1000, deliverMs: dropped ? e.atUs / 1000 : e.deliverUs / 1000, dropped });
		});
		scheduleSteps(c, this.scenario.steps, this.#counter);
		this.#applied = 0;
		this.actions = actions.slice();
		this.#runTo(atMs);
		this.#opsSeen = -1;
		this.refresh(true);
	}

	/** Runs the clock to atMs, carrying out the recorded actions due on the way, each at its time. */
	#runTo(atMs: number): void {
		const c = this.#cluster;
		while (this.#applied < this.actions.length && this.actions[this.#applied].atMs <= atMs) {
			const a = this.actions[this.#applied++];
			c.runUntil(a.atMs);
			this.#apply(a);
		}
		c.runUntil(atMs);
		if (atMs > this.horizonMs) this.horizonMs = atMs;
	}

	#apply(a: SessionAction): void {
		const c = this.#cluster;
		c.at(a.atMs, () => applyStep(c, a, this.#counter));
		c.runUntil(a.atMs);
	}

	/**
	 * Takes an action now: it is recorded (for links and going back) and carried out at once. Taken
	 * at an earlier moment than the timeline's end, it drops the recorded future first.
	 */
	act(step: DistributiveOmit<SessionAction, 'atMs'>): void {
		const now = this.#cluster.nowMs;
		const a = { ...step, atMs: now } as SessionAction;
		const truncated = this.#applied < this.actions.length || this.horizonMs > now;
		const kept = this.actions.slice(0, this.#applied);
		this.actions = [...kept, a];
		this.#applied = this.actions.length;
		if (truncated) {
			this.horizonMs = now;
			for (const l of this.#truncateListeners) l(false);
		}
		this.#apply(a);
		this.refresh();
	}

	/** Goes to any moment: rebuilds from the seed and replays the actions taken before it. */
	seek(atMs: number): void {
		const target = Math.max(0, atMs);
		if (target >= this.#cluster.nowMs) {
			this.#runTo(target);
			this.refresh();
			return;
		}
		this.#rebuild(this.actions, target);
	}

	/** The recorded actions not yet carried out (after a step back in time). */
	get futureActions(): number {
		return this.actions.length - this.#applied;
	}

	/** Listens to every new frame (narration diffs them); `rebuilt` says the clock jumped back. */
	onFrame(listener: FrameListener): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	/**
	 * Listens for a new branch: an action taken in the past dropped the recorded future
	 * (`restarted`: a new run from time 0 dropped everything).
	 */
	onTruncate(listener: (restarted: boolean) => void): () => void {
		this.#truncateListeners.push(listener);
		return () => {
			this.#truncateListeners = this.#truncateListeners.filter((l) => l !== listener);
		};
	}

	/** Starts over with new settings (size, seed, PreVote...): the recorded actions are dropped. */
	reset(scenario: Scenario): void {
		this.pause();
		this.scenario = scenario;
		this.horizonMs = 0;
		this.#rebuild([], 0);
		for (const l of this.#truncateListeners) l(true);
	}

	/** Runs exactly the next engine event or call (or the next recorded action, if it comes first). */
	stepEvent(): void {
		const c = this.#cluster;
		const nextUs = c.nextEventUs();
		const a = this.actions[this.#applied];
		if (a && Math.round(a.atMs * 1000) < nextUs) {
			this.#runTo(a.atMs);
		} else {
			c.step();
			if (c.nowMs > this.horizonMs) this.horizonMs = c.nowMs;
		}
		this.refresh();
	}

	advance(simMs: number): void {
		this.#runTo(this.#cluster.nowMs + simMs);
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

	/**
	 * Builds the next frame. Parts that did not change keep their identity (the previous frame's
	 * objects), so views that depend on them do no work while, say, only heartbeats flow.
	 */
	refresh(rebuilt = false): void {
		const c = this.#cluster;
		const now = c.nowMs;
		const prev: Frame | null = this.frame ?? null;
		for (const [id, f] of this.#inflight) if (Math.max(f.deliverMs, f.sendMs + RETAIN_MS) < now) this.#inflight.delete(id);
		const members: MemberView[] = [];
		const believedLeaders: BelievedLeader[] = [];
		for (let id = 1; id <= c.size; id++) {
			const v = c.view(id);
			const old = prev?.members[id - 1];
			members.push(old && sameView(old, v) ? old : v);
			if (v.role === 'leader') believedLeaders.push({ node: id, term: v.term, reaches: this.#reaches(id) });
		}
		if (c.ops.length + c.opsResolved * 1_000_003 !== this.#opsSeen) this.#checkLinearizable();
		const { logWindow, memberLogs } = this.#logs(members, prev);
		const groups = c.network.groups();
		const cuts = c.network.cuts();
		const quorum = this.#quorum(members);
		const logs = prev && prev.logs.length > 0 && c.logs.length > 0 && prev.logs[prev.logs.length - 1] === c.logs[c.logs.length - 1] ? prev.logs : c.logs.slice(-KEEP_LOGS);
		const leaders = prev && prev.leaders.length > 0 && c.leaders.length > 0 && prev.leaders[prev.leaders.length - 1] === c.leaders[c.leaders.length - 1] ? prev.leaders : c.leaders.slice(-50);
		this.frame = {
			nowMs: now,
			events: c.events,
			members: prev && sameItems(prev.members, members) ? prev.members : members,
			believedLeaders: prev && sameJson(prev.believedLeaders, believedLeaders) ? prev.believedLeaders : believedLeaders,
			leaders: prev && prev.leaders.length === 0 && leaders.length === 0 ? prev.leaders : leaders,
			inflight: [...this.#inflight.values()],
			groups: prev && sameJson(prev.groups, groups) ? prev.groups : groups,
			cuts: prev && sameJson(prev.cuts, cuts) ? prev.cuts : cuts,
			ops: this.#ops(prev),
			watches: this.#watches(prev),
			logs: prev && prev.logs.length === 0 && logs.length === 0 ? prev.logs : logs,
			violations: prev && prev.violations.length === c.checker.violations.length ? prev.violations : c.checker.violations.slice(),
			quorum: prev && sameJson(prev.quorum, quorum) ? prev.quorum : quorum,
			logWindow: prev && prev.logWindow.from === logWindow.from && prev.logWindow.to === logWindow.to ? prev.logWindow : logWindow,
			memberLogs
		};
		for (const l of this.#listeners) l(this.frame, prev, rebuilt);
	}

	/** Live members a member reaches both ways right now, itself included. */
	#reaches(node: number): number {
		const c = this.#cluster;
		let n = 0;
		for (let id = 1; id <= c.size; id++) {
			if (!c.isAlive(id)) continue;
			if (id === node || (c.network.connected(node, id) && c.network.connected(id, node))) n++;
		}
		return n;
	}

	/** the client ops, copied (the engine mutates its own); unchanged ops keep their copy */
	#opCopies = new Map<number, ClientOp>();
	#ops(prev: Frame | null): ClientOp[] {
		const src = this.#cluster.ops.slice(-KEEP_OPS);
		const copies = new Map<number, ClientOp>();
		const out = src.map((o) => {
			const old = this.#opCopies.get(o.id);
			const copy = old && old.status === o.status && old.returnUs === o.returnUs && old.node === o.node && old.key === o.key && old.callUs === o.callUs ? old : { ...o };
			copies.set(o.id, copy);
			return copy;
		});
		this.#opCopies = copies;
		return prev && sameItems(prev.ops, out) ? prev.ops : out;
	}

	#watchCopies = new Map<number, ClientWatch>();
	#watches(prev: Frame | null): ClientWatch[] {
		const copies = new Map<number, ClientWatch>();
		const out = this.#cluster.watches.map((w) => {
			const old = this.#watchCopies.get(w.id);
			const copy = old && old.events.length === w.events.length && old.canceled === w.canceled && old.createdUs === w.createdUs ? old : { ...w, events: w.events.slice() };
			copies.set(w.id, copy);
			return copy;
		});
		this.#watchCopies = copies;
		return prev && sameItems(prev.watches, out) ? prev.watches : out;
	}

	#logs(members: MemberView[], prev: Frame | null): { logWindow: { from: number; to: number }; memberLogs: (LogCell | null)[][] } {
		const c = this.#cluster;
		let last = 0;
		for (const m of members) last = Math.max(last, m.lastIndex);
		const to = Math.max(last, LOG_WINDOW);
		const from = Math.max(1, to - LOG_WINDOW + 1);
		const memberLogs = members.map((m) => {
			const row: (LogCell | null)[] = new Array<LogCell | null>(to - from + 1).fill(null);
			// a down member's log is what its disk holds (its unsynced tail was lost)
			const hi = Math.min(to, m.lastIndex);
			if (hi < from) return row;
			for (const e of c.entries(m.id, from, hi)) {
				row[e.index - from] = {
					index: e.index,
					term: e.term,
					id: e.id,
					op: e.cmd === null ? 'empty' : e.cmd.op,
					key: e.cmd?.key ?? null,
					value: e.cmd && e.cmd.op === 'put' ? e.cmd.value : null,
					committed: e.index <= m.commitIndex
				};
			}
			return row;
		});
		// keep the previous rows (and cells) where nothing changed
		const old = prev?.memberLogs;
		if (old && prev && prev.logWindow.from === from && old.length === memberLogs.length) {
			let all = true;
			for (let i = 0; i < memberLogs.length; i++) {
				const row = memberLogs[i];
				const was = old[i];
				let same = was.length === row.length;
				for (let k = 0; k < row.length; k++) {
					const a = row[k];
					const b = was[k];
					if (a !== null && b !== null && a.index === b.index && a.term === b.term && a.id === b.id && a.committed === b.committed) row[k] = b;
					else if (a !== b) same = false;
				}
				if (same) memberLogs[i] = was;
				else all = false;
			}
			if (all) return { logWindow: { from, to }, memberLogs: old };
		}
		return { logWindow: { from, to }, memberLogs };
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
		const reachable = leader === null ? 0 : this.#reaches(leader);
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

function sameView(a: MemberView, b: MemberView): boolean {
	return (
		a.id === b.id &&
		a.alive === b.alive &&
		a.role === b.role &&
		a.term === b.term &&
		a.votedFor === b.votedFor &&
		a.lead === b.lead &&
		a.commitIndex === b.commitIndex &&
		a.appliedIndex === b.appliedIndex &&
		a.lastIndex === b.lastIndex &&
		a.stableIndex === b.stableIndex &&
		a.fsyncMs === b.fsyncMs &&
		a.diskBusy === b.diskBusy &&
		a.revision === b.revision
	);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** for small plain values (groups, cuts, the quorum status) */
function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Omit that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
