/** Faults and admin actions: kill -9, restart from disk, partitions and cuts, slow disks, move-leader. */
import { sparseArray } from '../sim/arrays';
import { KvStore, type KvSnapshot } from '../kv/store';
import { RaftState } from '../raft/core';
import { RaftLog } from '../raft/log';
import { NONE } from '../raft/types';
import { msToUs } from '../sim/time';
import type { ClusterOptions } from './types';
import { ClusterWatches } from './watches';

export abstract class ClusterFaults extends ClusterWatches {
	/** kill -9: the process dies; what its disk had not synced is lost. */
	kill(id: number): void {
		const m = this.members[id];
		if (!m.alive) return;
		m.alive = false;
		m.life++;
		m.busy = false;
		m.tickPending = false;
		m.disk.reset();
		m.dataDisk.reset();
		m.node.crash();
		// requests in its hands are lost: their clients will time out
		m.waiting.clear();
		m.blocked = [];
		m.reads.clear();
		m.readyReads = [];
		m.lead = NONE;
		m.lastHeartbeatUs = sparseArray();
		this.closeLeadership(id, 'killed');
		this.checker.observe({ kind: 'crash', node: id }, this.nowMs);
		this.trace.event(70, this.nowUs, id);
		this.log(id, 'info', `n${id} was killed`);
	}

	/** The process starts again from what its disk holds: term, vote, log, snapshot. */
	restart(id: number): void {
		const m = this.members[id];
		if (m.alive) return;
		const d = m.durable;
		const log = RaftLog.restore(d.snapshot, d.offset, d.offsetTerm, d.entries, d.hard.commit);
		const raft = new RaftState(this.raftConfig(id), this.prng.fork(`election-${id}-${m.life}`), d.hard, log);
		m.kv = new KvStore();
		if (d.snapshot) m.kv.restore(d.snapshot.data as KvSnapshot);
		m.alive = true;
		m.node.restart(raft);
		m.noLeaderChecks = 0;
		m.leadElectedUs = -1;
		this.checker.observe({ kind: 'restart', node: id, term: d.hard.term, vote: d.hard.vote }, this.nowMs);
		this.trace.event(71, this.nowUs, id, d.hard.term, log.lastIndex());
		this.log(id, 'info', `n${id} restarted with term ${d.hard.term}, ${log.lastIndex()} ${log.lastIndex() === 1 ? 'entry' : 'entries'} on disk`);
		this.boot(m);
	}

	partition(groups: readonly (readonly number[])[]): void {
		this.network.partition(groups, this.nowUs);
		this.trace.event(72, this.nowUs, groups.length);
	}

	cut(from: number, to: number): void {
		this.network.cut(from, to, this.nowUs);
		this.trace.event(73, this.nowUs, from, to);
	}

	heal(): void {
		this.network.heal(this.nowUs);
		this.trace.event(74, this.nowUs);
	}

	/**
	 * A member's disk syncs in fsyncMs (its median; the disk keeps its spread, which adds to it).
	 * With the WAL on a disk of its own (walFsyncMs), this is the backend's disk.
	 */
	setFsyncMs(id: number, fsyncMs: number): void {
		this.members[id].dataDisk.fsyncUs = msToUs(fsyncMs);
		this.trace.event(75, this.nowUs, id, msToUs(fsyncMs));
	}

	/** A member's disk tail: one sync's p99 minus its median (0: no spread). */
	setFsyncTailMs(id: number, tailMs: number): void {
		const m = this.members[id];
		m.dataDisk.tailUs = msToUs(tailMs);
		this.trace.event(78, this.nowUs, id, msToUs(tailMs));
	}

	/** The WAL's own disk (walFsyncMs set): its median sync time. Without one, the member's disk. */
	setWalFsyncMs(id: number, fsyncMs: number): void {
		this.members[id].disk.fsyncUs = msToUs(fsyncMs);
		this.trace.event(79, this.nowUs, id, msToUs(fsyncMs));
	}

	/** A member's disk tail: mean extra time per fsync (see ClusterOptions.fsyncJitterMs). */
	setFsyncJitterMs(id: number, jitterMs: number): void {
		this.members[id].dataDisk.jitterUs = msToUs(jitterMs);
		this.trace.event(77, this.nowUs, id, msToUs(jitterMs));
	}

	fsyncMsOf(id: number): number {
		return this.members[id].dataDisk.fsyncUs / 1000;
	}

	/** etcdctl move-leader: asks the current leader to hand over to `to`. */
	transfer(to: number): boolean {
		const leader = this.currentLeader();
		this.trace.event(76, this.nowUs, to, leader ?? 0);
		if (leader === null || leader === to) return false;
		const m = this.members[leader];
		m.node.transferLeader(to);
		this.afterStep(m);
		this.drive(m);
		return true;
	}

	/** The live member that believes it leads with the highest term, or null. */
	currentLeader(): number | null {
		let best: number | null = null;
		let bestTerm = -1;
		for (let id = 1; id <= this.size; id++) {
			if (!this.members[id].alive) continue;
			const r = this.raftOf(id);
			if (r.role === 'leader' && r.term > bestTerm) {
				best = id;
				bestTerm = r.term;
			}
		}
		return best;
	}
}
