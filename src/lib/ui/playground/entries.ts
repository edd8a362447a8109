/**
 * Questions the views ask about members' logs that the frame does not answer directly: which
 * members hold a client's entry, whether a delete removed anything. Read-only over the cluster.
 */
import type { Cluster } from '../../cluster/cluster';
import type { ClientOp } from '../../cluster/types';
import type { Entry } from '../../raft/types';

/** How far back from a member's last index to look for a client's entry. */
const SCAN = 400;

function scan(c: Cluster, member: number, lastIndex: number): Entry[] {
	return c.entries(member, Math.max(1, lastIndex - SCAN + 1), lastIndex);
}

export interface EntryLocation {
	index: number;
	term: number;
	/** members holding it (in memory, or on disk for a member that is down) */
	holders: number[];
}

/** Where a client's put/delete landed: the members whose log holds its entry, or null if none. */
export function locateOp(c: Cluster, op: ClientOp): EntryLocation | null {
	let found: EntryLocation | null = null;
	for (let id = 1; id <= c.size; id++) {
		const v = c.view(id);
		for (const e of scan(c, id, v.lastIndex)) {
			if (e.cmd && e.cmd.origin === op.node && e.cmd.reqId === op.id) {
				if (!found) found = { index: e.index, term: e.term, holders: [] };
				if (e.index === found.index && e.term === found.term) found.holders.push(id);
				break;
			}
		}
	}
	return found;
}

/** What became of an entry that was once at (index, term): committed, replaced by another, or still open. */
export function entryFate(c: Cluster, index: number, term: number): { state: 'committed' | 'replaced' | 'open'; by: number } {
	for (let id = 1; id <= c.size; id++) {
		const v = c.view(id);
		if (!v.alive || v.commitIndex < index) continue;
		const [e] = c.entries(id, index, index);
		if (!e) continue;
		return { state: e.term === term ? 'committed' : 'replaced', by: id };
	}
	return { state: 'open', by: 0 };
}

/** etcdctl del prints how many keys it deleted: 1 if the key existed just before the delete's entry. */
export function deletedCount(c: Cluster, op: ClientOp): number {
	const loc = locateOp(c, op);
	if (!loc) return 0;
	const holder = loc.holders[0];
	const before = c.entries(holder, Math.max(1, loc.index - SCAN), loc.index - 1);
	for (let i = before.length - 1; i >= 0; i--) {
		const cmd = before[i].cmd;
		if (cmd && cmd.key === op.key) return cmd.op === 'put' ? 1 : 0;
	}
	return 0;
}
