/**
 * What happened, for the exercise goals: the faults that ran (read from the recording, in the
 * order they ran), who was up when, the network's shape after each change (the simulator's own
 * Topology, replayed: one model of reachability) and every stretch of leadership.
 *
 * Core module: no DOM, no clock, no randomness.
 */
import type { Cluster } from '../cluster/cluster';
import { Topology } from '../sim/network';
import type { Recording } from './recording';
import type { Step } from './types';

export interface NetChange {
	atMs: number;
	/** the network's shape from this moment on (a snapshot) */
	state: Topology;
	kind: 'partition' | 'cut' | 'heal';
}

/** The faults that ran up to the cluster's clock, in the order they ran, and states derived from them. */
export class Timeline {
	/** member numbers 1..size (added members included) */
	readonly size: number;
	/** the voting members at the end (the quorum counts these; learners and removed members do not) */
	readonly voters: number[];
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

	constructor(rec: Recording, sinceMs = 0) {
		const c = rec.cluster;
		this.size = c.size;
		this.voters = c.voterIds();
		this.nowMs = c.nowMs;
		this.sinceMs = sinceMs;
		this.baseFsyncMs = rec.scenario.disk.fsyncMs;
		const alive: boolean[] = [];
		for (let id = 0; id <= this.size; id++) {
			this.liveness[id] = [];
			this.disks[id] = [];
			alive[id] = true;
		}
		const topology = new Topology(this.size);
		for (const st of rec.executed) {
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
					topology.partition(st.groups);
					this.net.push({ atMs: st.atMs, state: topology.clone(), kind: 'partition' });
					break;
				case 'cut':
					topology.cut(st.from, st.to);
					this.net.push({ atMs: st.atMs, state: topology.clone(), kind: 'cut' });
					break;
				case 'heal':
					topology.heal();
					this.net.push({ atMs: st.atMs, state: topology.clone(), kind: 'heal' });
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
		for (const id of this.voters) if (this.statusThroughout(id, fromMs, toMs, alive)) n++;
		return n;
	}

	/** The network's shape at t (null: whole, nothing ever changed it). */
	netAt(tMs: number): Topology | null {
		let state: Topology | null = null;
		for (const e of this.net) {
			if (e.atMs > tMs) break;
			state = e.state;
		}
		return state;
	}

	/** Whether every member could reach every other at t. */
	wholeAt(tMs: number): boolean {
		return this.netAt(tMs)?.whole() ?? true;
	}

	/** Whether a and b can talk both ways under a network state (null: whole). */
	static linked(state: Topology | null, a: number, b: number): boolean {
		return state === null || state.linked(a, b);
	}

	/** Members alive at t that `node` reaches both ways under `state`, itself included. */
	reachable(state: Topology | null, node: number, tMs: number): number {
		let n = 0;
		for (const id of this.voters) if (this.aliveAt(id, tMs) && Timeline.linked(state, node, id)) n++;
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

export function leaderAt(ivs: readonly LeaderInterval[], tMs: number): LeaderInterval | null {
	let best: LeaderInterval | null = null;
	for (const iv of ivs) if (iv.startMs <= tMs && tMs < iv.endMs && (best === null || iv.term > best.term)) best = iv;
	return best;
}
