import { EMPTY_ENTRIES, type Entry, type Snapshot } from './types';
import { objectArray } from '../sim/arrays';

/**
 * A member's raft log (etcd-io/raft raftLog + unstable + MemoryStorage in one).
 * Entries after `offset` are held in memory; the prefix up to `offset` was compacted away and
 * lives on in `snapshot`. `stableIndex` is the last index known durable on this member's disk;
 * `committed` and `applied` are as in the Raft paper.
 */
export class RaftLog {
	/** entries[i] has index offset + 1 + i */
	entries: Entry[] = objectArray();
	offset = 0;
	offsetTerm = 0;
	snapshot: Snapshot | null = null;
	committed = 0;
	applied = 0;
	stableIndex = 0;
	/** a snapshot received from the leader that is not yet persisted and applied */
	pendingSnapshot: Snapshot | null = null;
	/** the lowest index after which entries were dropped since the owner last looked (Infinity: none) */
	truncatedTo = Infinity;

	static restore(snapshot: Snapshot | null, offset: number, offsetTerm: number, entries: Entry[], commit: number): RaftLog {
		const log = new RaftLog();
		log.snapshot = snapshot;
		log.offset = offset;
		log.offsetTerm = offsetTerm;
		log.entries = entries.slice();
		log.stableIndex = log.lastIndex();
		const snapIndex = snapshot ? snapshot.index : 0;
		log.committed = Math.min(Math.max(commit, snapIndex), log.lastIndex());
		log.applied = snapIndex;
		return log;
	}

	firstIndex(): number {
		return this.offset + 1;
	}

	lastIndex(): number {
		return this.offset + this.entries.length;
	}

	lastTerm(): number {
		const n = this.entries.length;
		return n > 0 ? this.entries[n - 1].term : this.offsetTerm;
	}

	/** The term of the entry at index i, or -1 if it is compacted away or beyond the end. */
	term(i: number): number {
		if (i === this.offset) return this.offsetTerm;
		if (i < this.offset || i > this.lastIndex()) return -1;
		return this.entries[i - this.offset - 1].term;
	}

	entry(i: number): Entry | undefined {
		return this.entries[i - this.offset - 1];
	}

	matchTerm(i: number, term: number): boolean {
		return this.term(i) === term;
	}

	/** Raft's up-to-date rule (section 5.4.1). */
	isUpToDate(lastIndex: number, lastTerm: number): boolean {
		const myTerm = this.lastTerm();
		return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
	}

	/** Entries [lo, hi] (inclusive), at most `max` of them; null if lo was compacted away. */
	slice(lo: number, hi: number, max: number): Entry[] | null {
		if (lo <= this.offset) return null;
		const end = Math.min(hi, this.lastIndex(), lo + max - 1);
		if (end < lo) return [];
		return this.entries.slice(lo - this.offset - 1, end - this.offset);
	}

	/** Appends entries that directly follow the last one, or overwrite a conflicting suffix. */
	append(ents: readonly Entry[]): void {
		if (ents.length === 0) return;
		const after = ents[0].index - 1;
		if (after < this.lastIndex()) this.truncateAfter(after);
		for (const e of ents) this.entries.push(e);
	}

	/** Drops every entry after index i (a conflict with the leader's log). */
	truncateAfter(i: number): void {
		if (i < this.committed) throw new Error(`raft: truncating committed entries (after ${i}, committed ${this.committed})`);
		this.entries.length = Math.max(0, i - this.offset);
		if (this.stableIndex > i) this.stableIndex = i;
		if (i < this.truncatedTo) this.truncatedTo = i;
	}

	/**
	 * The first index among `ents` whose term differs from ours (0 if none conflicts and none is
	 * new). etcd-io/raft raftLog.findConflict.
	 */
	findConflict(ents: readonly Entry[]): number {
		for (const e of ents) {
			if (!this.matchTerm(e.index, e.term)) return e.index;
		}
		return 0;
	}

	/**
	 * The largest index <= `index` whose term is <= `term` (etcd-io/raft findConflictByTerm),
	 * used to skip a whole conflicting term at once when repairing a follower.
	 */
	findConflictByTerm(index: number, term: number): { index: number; term: number } {
		let i = Math.min(index, this.lastIndex());
		for (; i > this.offset; i--) {
			const t = this.term(i);
			if (t <= term) return { index: i, term: t };
		}
		return { index: this.offset, term: this.offsetTerm };
	}

	/**
	 * Follower side of AppendEntries (raftLog.maybeAppend): if our log has an entry at prevIndex with
	 * prevTerm, append the new entries (dropping any conflicting suffix) and advance commit.
	 * Returns the index of the last new entry, or -1 when the consistency check fails.
	 */
	maybeAppend(prevIndex: number, prevTerm: number, leaderCommit: number, ents: readonly Entry[]): number {
		if (!this.matchTerm(prevIndex, prevTerm)) return -1;
		const lastNew = prevIndex + ents.length;
		const conflict = this.findConflict(ents);
		if (conflict !== 0) {
			if (conflict <= this.committed) {
				throw new Error(`raft: entry ${conflict} conflicts with committed entry (committed ${this.committed})`);
			}
			this.append(ents.slice(conflict - prevIndex - 1));
		}
		this.commitTo(Math.min(leaderCommit, lastNew));
		return lastNew;
	}

	commitTo(i: number): void {
		if (i > this.committed) {
			if (i > this.lastIndex()) throw new Error(`raft: commit ${i} is beyond the last index ${this.lastIndex()}`);
			this.committed = i;
		}
	}

	/** The committed entries that are durable here and not yet applied (what Ready.CommittedEntries holds). */
	appliable(): Entry[] {
		const hi = Math.min(this.committed, this.stableIndex);
		// a snapshot from the leader is applied first, once it is on disk
		if (hi <= this.applied || this.applied < this.offset) return EMPTY_ENTRIES; // shared: never written to
		return this.entries.slice(this.applied - this.offset, hi - this.offset);
	}

	/** Marks entries durable up to (index, term), if that entry is still in the log. */
	stableTo(index: number, term: number): void {
		if (index > this.stableIndex && this.term(index) === term) this.stableIndex = index;
	}

	/** Replaces the whole log with a snapshot from the leader (raftLog.restore). */
	restoreSnapshot(s: Snapshot): void {
		this.entries = [];
		this.offset = s.index;
		this.offsetTerm = s.term;
		this.snapshot = s;
		this.committed = s.index;
		this.stableIndex = s.index;
		this.pendingSnapshot = s;
		this.truncatedTo = Infinity;
	}

	/** Keeps a snapshot at `snap.index` and drops entries up to `compactTo` (<= snap.index). */
	compact(snap: Snapshot, compactTo: number): void {
		this.snapshot = snap;
		if (compactTo <= this.offset) return;
		const t = this.term(compactTo);
		this.entries = this.entries.slice(compactTo - this.offset);
		this.offset = compactTo;
		this.offsetTerm = t;
	}
}
