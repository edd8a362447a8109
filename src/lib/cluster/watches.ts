/** etcdctl watch: events from a member's store, replay from a revision, etcd's cancellations. */
import type { KvEvent } from '../kv/store';
import { NONE } from '../raft/types';
import { msToUs } from '../sim/time';
import { DIAL_TIMEOUT_MS, WATCH_NO_LEADER_LIMIT, ERR } from './etcd';
import type { Member } from './member';
import type { ClientWatch } from './types';
import { ClusterClients } from './clients';

export abstract class ClusterWatches extends ClusterClients {
	/** etcdctl watch KEY [--rev=N] against member `node`. */
	watch(node: number, key: string, fromRevision: number | null = null): ClientWatch {
		const w: ClientWatch = { id: this.nextWatchId++, node, key, fromRevision, createdUs: this.nowUs, events: [], canceled: null, lastRevision: -1 };
		this.watches.push(w);
		const m = this.members[node];
		if (!m.alive) {
			this.queue.push(this.nowUs + msToUs(DIAL_TIMEOUT_MS), { k: 'call', label: 1, w, reason: ERR.deadline });
			return w;
		}
		this.queue.push(this.nowUs + this.clientDelayUs(node), { k: 'watchArrive', w, life: m.life });
		return w;
	}

	protected onWatchArrive(w: ClientWatch): void {
		const m = this.members[w.node];
		if (this.raftOf(m.id).lead === NONE) {
			// etcdctl watches with WithRequireLeader: a member without a leader refuses at once
			this.cancelWatch(w, ERR.watchNoLeader);
			return;
		}
		// a new watch sees what happens from now on (a restart's replay must not show older events)
		w.lastRevision = w.fromRevision === null ? m.kv.revision : w.fromRevision - 1;
		if (w.fromRevision !== null) {
			const past = m.kv.eventsSince(w.key, w.fromRevision);
			if (past === null) {
				this.cancelWatch(w, ERR.watchCompacted);
				return;
			}
			for (const ev of past) this.queue.push(this.nowUs + this.clientDelayUs(w.node), { k: 'watchEvent', w, ev });
		}
	}

	protected cancelWatch(w: ClientWatch, reason: string): void {
		const delay = this.clientDelayUs(w.node);
		this.queue.push(this.nowUs + delay, { k: 'call', label: 2, w, reason });
	}

	protected notifyWatches(m: Member, ev: KvEvent): void {
		for (const w of this.watches) {
			if (w.node !== m.id || w.key !== ev.key || w.canceled !== null) continue;
			if (w.lastRevision < 0) continue; // not yet at the member
			this.queue.push(this.nowUs + this.clientDelayUs(w.node), { k: 'watchEvent', w, ev });
		}
	}

	protected onWatchEvent(w: ClientWatch, ev: KvEvent): void {
		if (w.canceled !== null || ev.revision <= w.lastRevision) return;
		w.lastRevision = ev.revision;
		w.events.push({ atUs: this.nowUs, type: ev.type, value: ev.value, revision: ev.revision });
	}

	/** etcd's monitorLeader: every election timeout; cancels watches after 3 checks without a leader. */
	protected onWatchMonitor(m: Member): void {
		const r = this.raftOf(m.id);
		if (r.lead === NONE) m.noLeaderChecks++;
		else m.noLeaderChecks = 0;
		if (m.noLeaderChecks >= WATCH_NO_LEADER_LIMIT) {
			for (const w of this.watches) if (w.node === m.id && w.canceled === null) this.cancelWatch(w, ERR.watchNoLeader);
		}
		this.queue.push(this.nowUs + this.electionUs, { k: 'watchMonitor', node: m.id, life: m.life });
	}
}
