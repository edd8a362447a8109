/** A member's election timer as the engine holds it (read for the inspector; never written). */
import type { Cluster } from '../../cluster/cluster';

export interface ElectionTimer {
	/** ticks since the member last heard a leader (or, for a leader, since its last quorum check) */
	elapsedTicks: number;
	/** the randomized timeout: at this many ticks a follower starts an election */
	timeoutTicks: number;
	/** one tick of simulated time (the heartbeat interval) */
	tickMs: number;
}

export function electionTimer(c: Cluster, id: number, tickMs: number): ElectionTimer | null {
	if (!c.isAlive(id)) return null;
	const r = c.raftOf(id);
	return { elapsedTicks: r.electionElapsed, timeoutTicks: r.randomizedElectionTimeout, tickMs };
}
