/**
 * The etcd-like key-value state machine a member applies committed entries to: revisions as etcd
 * counts them (the store starts at revision 1; every put and every delete of an existing key adds
 * one), per-key create/mod revision and version, and a bounded event history for watches that start
 * from an earlier revision.
 */
import type { Command } from '../raft/types';
import { objectArray, type LazyElements } from '../sim/arrays';

export interface KeyRecord {
	value: string;
	createRevision: number;
	modRevision: number;
	version: number;
}

export interface KvEvent {
	type: 'PUT' | 'DELETE';
	key: string;
	value: string | null;
	revision: number;
}

export interface KvSnapshot {
	revision: number;
	records: [string, KeyRecord][];
}

const HISTORY_LIMIT = 10_000;

/**
 * The event a command made, by command: every member applies the same command object (the entry
 * its log shares with the others) at the same revision, so it shares the event too, which is never
 * changed once made: one object for the cluster instead of one a member, in memory and in the
 * checkpoints that keep the history (cluster/chunks.ts). A member that applies it at another
 * revision, or a command reused with other contents, gets an event of its own.
 *
 * The event hangs on the command under a symbol, not enumerable: clones, JSON and equality leave it
 * out (a restored command simply makes its event anew). Not a WeakMap: with a few hundred thousand
 * commands alive, a WeakMap's entries are ephemerons that the garbage collector marks in its
 * final pause, and opening the heaviest link met a 284 ms pause there.
 */
const MADE: unique symbol = Symbol('the event this command made');
type Made = { [MADE]?: KvEvent };

function eventOf(cmd: Command, type: KvEvent['type'], key: string, value: string | null, revision: number): KvEvent {
	const had = (cmd as Made)[MADE];
	if (had !== undefined && had.revision === revision && had.type === type && had.key === key && had.value === value) return had;
	const ev: KvEvent = { type, key, value, revision };
	if (had === undefined) Object.defineProperty(cmd, MADE, { value: ev, writable: true, enumerable: false, configurable: true });
	else (cmd as Made)[MADE] = ev;
	return ev;
}

export class KvStore {
	revision = 1;
	/** the oldest revision still in `history` (watches from earlier are compacted) */
	compactedRevision = 1;
	private data = new Map<string, KeyRecord>();
	private history: KvEvent[] = objectArray();
	/**
	 * The oldest events of the history, before `history`'s, not made yet: a restore leaves the
	 * history in the checkpoint's chunks (cluster/checkpoint.ts), and the store takes it when a
	 * watch or a read at a past revision asks, or drops its events unopened as the history moves
	 * past them. null: every event is in `history`.
	 */
	private historyLazy: LazyElements | null = null;

	get(key: string): KeyRecord | undefined {
		return this.data.get(key);
	}

	/** Applies one committed command; returns the event it made (null for a delete of nothing). */
	apply(cmd: Command): KvEvent | null {
		let ev: KvEvent | null = null;
		if (cmd.op === 'conf') return null; // a membership change: not the store's
		if (cmd.op === 'put') {
			this.revision++;
			const prev = this.data.get(cmd.key);
			this.data.set(cmd.key, {
				value: cmd.value,
				createRevision: prev ? prev.createRevision : this.revision,
				modRevision: this.revision,
				version: prev ? prev.version + 1 : 1
			});
			ev = eventOf(cmd, 'PUT', cmd.key, cmd.value, this.revision);
		} else if (this.data.has(cmd.key)) {
			this.revision++;
			this.data.delete(cmd.key);
			ev = eventOf(cmd, 'DELETE', cmd.key, null, this.revision);
		}
		if (ev) {
			this.history.push(ev);
			const lazy = this.historyLazy;
			const kept = lazy === null ? this.history.length : this.history.length + lazy.count;
			if (kept > HISTORY_LIMIT * 2) {
				// the oldest dropped, the lazy ones without being made
				const drop = kept - HISTORY_LIMIT;
				if (lazy === null) this.history = this.history.slice(drop);
				else if (drop >= lazy.count) {
					this.historyLazy = null;
					this.history = this.history.slice(drop - lazy.count);
				} else lazy.drop(drop);
				// events come one a revision: the oldest kept is as many before history's first as are lazy
				this.compactedRevision = this.history[0].revision - (this.historyLazy?.count ?? 0);
			}
		}
		return ev;
	}

	/** The whole event history, oldest first (the lazy events made now, if any are left). */
	wholeHistory(): readonly KvEvent[] {
		const lazy = this.historyLazy;
		if (lazy !== null) {
			this.history = (lazy.rest() as KvEvent[]).concat(this.history);
			this.historyLazy = null;
		}
		return this.history;
	}

	/** Events for `key` after revision `from - 1`, or null if they were compacted away. */
	eventsSince(key: string, from: number): KvEvent[] | null {
		if (from < this.compactedRevision) return null;
		return this.wholeHistory().filter((e) => e.key === key && e.revision >= from);
	}

	/**
	 * etcd's Range for `etcdctl get [--prefix] [--rev=N]`: the matching keys in byte order, as they
	 * stood at revision `rev` (0: now), rebuilt from the event history; etcd's errors for a compacted
	 * or a future revision.
	 */
	range(key: string, prefix: boolean, rev: number): { kvs: (KeyRecord & { key: string })[] } | { error: string } {
		const match = (k: string): boolean => (prefix ? k.startsWith(key) : k === key);
		const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
		if (rev <= 0 || rev === this.revision) {
			const kvs = [...this.data.entries()].filter(([k]) => match(k)).map(([k, r]) => ({ key: k, ...r }));
			return { kvs: kvs.sort(byKey) };
		}
		if (rev > this.revision) return { error: 'Error: etcdserver: mvcc: required revision is a future revision' };
		if (rev < this.compactedRevision) return { error: 'Error: etcdserver: mvcc: required revision has been compacted' };
		const at = new Map<string, KeyRecord>();
		for (const e of this.wholeHistory()) {
			if (e.revision > rev) break;
			if (!match(e.key)) continue;
			if (e.type === 'DELETE') at.delete(e.key);
			else {
				const prev = at.get(e.key);
				at.set(e.key, { value: e.value ?? '', createRevision: prev ? prev.createRevision : e.revision, modRevision: e.revision, version: prev ? prev.version + 1 : 1 });
			}
		}
		return { kvs: [...at.entries()].map(([k, r]) => ({ key: k, ...r })).sort(byKey) };
	}

	snapshot(): KvSnapshot {
		return { revision: this.revision, records: [...this.data.entries()].map(([k, r]) => [k, { ...r }]) };
	}

	restore(s: KvSnapshot): void {
		this.revision = s.revision;
		this.data = new Map(s.records.map(([k, r]) => [k, { ...r }]));
		this.history = [];
		this.historyLazy = null;
		this.compactedRevision = s.revision + 1;
	}

	/**
	 * The key/value pairs, keys sorted (for reports and views). The object has no prototype, so any
	 * key a user writes ("__proto__", "constructor", "toString") is an own property like any other,
	 * kept by JSON.stringify and never confused with something inherited.
	 */
	toObject(): Record<string, string> {
		const out = Object.create(null) as Record<string, string>;
		for (const k of [...this.data.keys()].sort()) out[k] = (this.data.get(k) as KeyRecord).value;
		return out;
	}

	get size(): number {
		return this.data.size;
	}
}
