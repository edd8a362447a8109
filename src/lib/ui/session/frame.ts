/**
 * The snapshot views read: a `Frame` built from the cluster after every change. Parts that did not
 * change keep their identity (the previous frame's objects), so views that depend on them do no
 * work while, say, only heartbeats flow. Plain TypeScript (no runes, no DOM): unit-testable.
 */
import type { Cluster } from '../../cluster/cluster';
import type { ClientOp, ClientWatch, LeaderChange, LogLine, MemberView } from '../../cluster/types';
import type { Violation } from '../../check/safety';
import { quorumSize } from '../../raft/quorum';
import type { InFlight } from './wire';

export type { InFlight } from './wire';
export { RETAIN_MS } from './wire';

const KEEP_OPS = 200;
const KEEP_LOGS = 200;
/** how many log indexes a frame shows per member */
export const LOG_WINDOW = 12;

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
	/** conf: a membership change (key: what it does, e.g. "+n4 learner") */
	op: 'put' | 'delete' | 'conf' | 'empty';
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
	/**
	 * why a write cannot commit now (a key for the UI's messages), or null; 'electing': no member has
	 * led yet and enough are up to elect one (the first election is under way: nothing has gone wrong)
	 */
	reason: 'electing' | 'noLeader' | 'tooFewAlive' | 'leaderCutOff' | null;
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

/** Builds frames; keeps the copies it made so unchanged parts keep their identity. */
export class FrameBuilder {
	/**
	 * The next frame from the cluster as it stands, given the previous one (null after a rebuild).
	 */
	build(c: Cluster, prev: Frame | null, inflight: InFlight[]): Frame {
		const now = c.nowMs;
		const members: MemberView[] = [];
		const believedLeaders: BelievedLeader[] = [];
		for (let id = 1; id <= c.size; id++) {
			const v = c.view(id);
			const old = prev?.members[id - 1];
			members.push(old && sameView(old, v) ? old : v);
			if (v.role === 'leader') believedLeaders.push({ node: id, term: v.term, reaches: reaches(c, id) });
		}
		const { logWindow, memberLogs } = this.#logs(c, members, prev);
		const groups = c.network.groups();
		const cuts = c.network.cuts();
		const quorum = quorumOf(c, members);
		const logs = prev && prev.logs.length > 0 && c.logs.length > 0 && prev.logs[prev.logs.length - 1] === c.logs[c.logs.length - 1] ? prev.logs : c.logs.slice(-KEEP_LOGS);
		const leaders = prev && prev.leaders.length > 0 && c.leaders.length > 0 && prev.leaders[prev.leaders.length - 1] === c.leaders[c.leaders.length - 1] ? prev.leaders : c.leaders.slice(-50);
		return {
			nowMs: now,
			events: c.events,
			members: prev && sameItems(prev.members, members) ? prev.members : members,
			believedLeaders: prev && sameJson(prev.believedLeaders, believedLeaders) ? prev.believedLeaders : believedLeaders,
			leaders: prev && prev.leaders.length === 0 && leaders.length === 0 ? prev.leaders : leaders,
			inflight,
			groups: prev && sameJson(prev.groups, groups) ? prev.groups : groups,
			cuts: prev && sameJson(prev.cuts, cuts) ? prev.cuts : cuts,
			ops: this.#ops(c, prev),
			watches: this.#watches(c, prev),
			logs: prev && prev.logs.length === 0 && logs.length === 0 ? prev.logs : logs,
			violations: prev && prev.violations.length === c.checker.violations.length ? prev.violations : c.checker.violations.slice(),
			quorum: prev && sameJson(prev.quorum, quorum) ? prev.quorum : quorum,
			logWindow: prev && prev.logWindow.from === logWindow.from && prev.logWindow.to === logWindow.to ? prev.logWindow : logWindow,
			memberLogs
		};
	}

	/** the client ops, copied (the engine mutates its own); unchanged ops keep their copy */
	#opCopies = new Map<number, ClientOp>();
	#ops(c: Cluster, prev: Frame | null): ClientOp[] {
		const src = c.recentOps(KEEP_OPS);
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
	#watches(c: Cluster, prev: Frame | null): ClientWatch[] {
		const copies = new Map<number, ClientWatch>();
		const out = c.watches.map((w) => {
			const old = this.#watchCopies.get(w.id);
			const copy = old && old.events.length === w.events.length && old.canceled === w.canceled && old.createdUs === w.createdUs ? old : { ...w, events: w.events.slice() };
			copies.set(w.id, copy);
			return copy;
		});
		this.#watchCopies = copies;
		return prev && sameItems(prev.watches, out) ? prev.watches : out;
	}

	#logs(c: Cluster, members: MemberView[], prev: Frame | null): { logWindow: { from: number; to: number }; memberLogs: (LogCell | null)[][] } {
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
					key: e.cmd?.cc ? confLabel(e.cmd.cc) : (e.cmd?.key ?? null),
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
}

/** Live members a member reaches both ways right now, itself included. */
/** How many voting members `node` reaches both ways now, itself included (learners do not count). */
export function reaches(c: Cluster, node: number): number {
	let n = 0;
	for (const id of c.voterIds()) {
		if (!c.isAlive(id)) continue;
		if (id === node || (c.network.connected(node, id) && c.network.connected(id, node))) n++;
	}
	return n;
}

/** The quorum as the current membership makes it: voters only (learners and removed members do not count). */
function quorumOf(c: Cluster, members: MemberView[]): QuorumStatus {
	const voters = members.filter((m) => m.member && !m.learner);
	const size = voters.length;
	const quorum = quorumSize(size);
	const alive = voters.filter((m) => m.alive).length;
	const leader = c.currentLeader();
	const reachable = leader === null ? 0 : reaches(c, leader);
	const canCommit = leader !== null && reachable >= quorum;
	let reason: QuorumStatus['reason'] = null;
	if (!canCommit) reason = alive < quorum ? 'tooFewAlive' : leader === null ? (c.leaders.length === 0 ? 'electing' : 'noLeader') : 'leaderCutOff';
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

function sameView(a: MemberView, b: MemberView): boolean {
	return (
		a.id === b.id &&
		a.alive === b.alive &&
		a.learner === b.learner &&
		a.member === b.member &&
		a.started === b.started &&
		a.role === b.role &&
		a.term === b.term &&
		a.votedFor === b.votedFor &&
		a.lead === b.lead &&
		a.commitIndex === b.commitIndex &&
		a.appliedIndex === b.appliedIndex &&
		a.lastIndex === b.lastIndex &&
		a.stableIndex === b.stableIndex &&
		a.fsyncMs === b.fsyncMs &&
		a.fsyncP99Ms === b.fsyncP99Ms &&
		a.diskBusy === b.diskBusy &&
		a.revision === b.revision &&
		a.electionElapsedTicks === b.electionElapsedTicks &&
		a.electionTimeoutTicks === b.electionTimeoutTicks &&
		a.nextTickMs === b.nextTickMs &&
		a.fsyncStartMs === b.fsyncStartMs
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

/** A conf change as a log cell names it: +n4, +n4 learner, −n2. */
export function confLabel(cc: { type: 'addNode' | 'addLearner' | 'removeNode'; node: number }): string {
	return cc.type === 'removeNode' ? `−n${cc.node}` : cc.type === 'addLearner' ? `+n${cc.node} learner` : `+n${cc.node}`;
}
