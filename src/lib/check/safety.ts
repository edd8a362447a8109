/**
 * Raft's safety properties (Raft paper, Figure 3), checked incrementally on every step from
 * observations the cluster reports. The UI's "no split-brain" badge reads this checker; the tests
 * feed it both real runs and hand-made bad traces.
 *
 *   election safety       at most one leader per term
 *   log matching          one (index, term) means one entry, with one predecessor term
 *   leader completeness   a new leader's log holds every entry committed before its term
 *   state machine safety  no two members apply different entries at one index
 *   term monotonic        a member's term never goes down, not even across a crash
 *   one vote per term     a member never grants two candidates a vote in one term, crash or not
 *
 * Memory stays bounded: the per-index registries keep a sliding window of WINDOW indexes.
 */
import { IndexMap } from './index-map';
export interface Violation {
	atMs: number;
	check: string;
	detail: string;
}

export type Observation =
	| { kind: 'leader'; node: number; term: number; logTermAt: (index: number) => number; logOffset: number }
	| { kind: 'append'; node: number; index: number; term: number; id: number; prevTerm: number }
	/** a leader committed up to `index` (whose entry has `term`) while leading `leaderTerm` */
	| { kind: 'commit'; node: number; index: number; term: number; leaderTerm?: number }
	| { kind: 'apply'; node: number; index: number; term: number; id: number }
	| { kind: 'term'; node: number; term: number }
	| { kind: 'voteSent'; node: number; term: number; candidate: number }
	| { kind: 'crash'; node: number }
	| { kind: 'restart'; node: number; term: number; vote: number };

interface EntryRecord {
	term: number;
	id: number;
	prevTerm: number;
	node: number;
	/** another entry seen at the same index with a different term */
	next: EntryRecord | null;
}

export const CHECKS = [
	'election safety',
	'log matching',
	'leader completeness',
	'state machine safety',
	'term monotonic',
	'one vote per term'
] as const;

const WINDOW = 20_000;

export class SafetyChecker {
	readonly violations: Violation[] = [];
	/** how many violations were seen (violations keeps only the first MAX_KEPT) */
	count = 0;
	private static readonly MAX_KEPT = 100;

	private leaderOfTerm = new Map<number, number>();
	/** index -> the entries first seen there, one per term (almost always exactly one) */
	private entryAt = new IndexMap<EntryRecord>();
	private maxEntryIndex = 0;
	private appliedAt = new IndexMap<{ term: number; id: number; node: number }>();
	private maxApplied = 0;
	/** by the term of the leader that committed: the highest index committed then, and its entry's term */
	private commits = new Map<number, { index: number; term: number }>();
	/** the highest index known committed from a leader's own report */
	private leaderCommitIndex = 0;
	private termOf = new Map<number, number>();
	/** `node:term` -> the candidate it voted for (or restarted bound to) in that term */
	private votes = new Map<string, number>();
	private observations = 0;

	observe(o: Observation, atMs: number): void {
		this.observations++;
		switch (o.kind) {
			case 'leader':
				return this.onLeader(o, atMs);
			case 'append':
				return this.onAppend(o.node, o.index, o.term, o.id, o.prevTerm, atMs);
			case 'commit':
				return this.onLeaderCommit(o.index, o.term, o.leaderTerm ?? o.term);
			case 'apply':
				return this.onApply(o.node, o.index, o.term, o.id, atMs);
			case 'term':
				return this.onTerm(o.node, o.term, atMs, 'its term');
			case 'voteSent':
				return this.onVote(o, atMs);
			case 'crash':
				return;
			case 'restart':
				this.onTerm(o.node, o.term, atMs, 'its term after a restart');
				if (o.vote !== 0) {
					const had = this.votes.get(`${o.node}:${o.term}`);
					if (had !== undefined && had !== o.vote) {
						this.fail(atMs, 'one vote per term', `n${o.node} restarted with a vote for n${o.vote} in term ${o.term}, but had voted for n${had}`);
					} else {
						// the vote it persisted binds it for this term, even if its reply was never sent
						this.recordVote(o.node, o.term, o.vote);
					}
				}
				return;
		}
	}

	// The frequent observations (every entry a member appends and applies, every write it syncs),
	// without building an Observation for each: the same checks as `observe`.

	/** observe({ kind: 'append', ... }) */
	observeAppend(node: number, index: number, term: number, id: number, prevTerm: number, atMs: number): void {
		this.observations++;
		this.onAppend(node, index, term, id, prevTerm, atMs);
	}

	/** observe({ kind: 'apply', ... }) */
	observeApply(node: number, index: number, term: number, id: number, atMs: number): void {
		this.observations++;
		this.onApply(node, index, term, id, atMs);
	}

	/** observe({ kind: 'term', ... }) */
	observeTerm(node: number, term: number, atMs: number): void {
		this.observations++;
		this.onTerm(node, term, atMs, 'its term');
	}

	/** observe({ kind: 'commit', ... }) */
	observeCommit(index: number, term: number, leaderTerm: number): void {
		this.observations++;
		this.onLeaderCommit(index, term, leaderTerm);
	}

	get ok(): boolean {
		return this.count === 0;
	}

	/** Which checks have failed so far. */
	failedChecks(): Set<string> {
		return new Set(this.violations.map((v) => v.check));
	}

	private fail(atMs: number, check: string, detail: string): void {
		this.count++;
		if (this.violations.length < SafetyChecker.MAX_KEPT) this.violations.push({ atMs, check, detail });
	}

	private onLeader(o: Extract<Observation, { kind: 'leader' }>, atMs: number): void {
		const other = this.leaderOfTerm.get(o.term);
		if (other !== undefined && other !== o.node) {
			this.fail(atMs, 'election safety', `n${o.node} and n${other} both became leader in term ${o.term}`);
		}
		this.leaderOfTerm.set(o.term, o.node);
		if (this.leaderOfTerm.size > WINDOW) {
			const oldest = this.leaderOfTerm.keys().next().value as number;
			this.leaderOfTerm.delete(oldest);
		}
		// leader completeness: every entry committed in an earlier term must be in the new leader's
		// log (a leader of an older term may still appear late; it is bound only by older commits)
		let c = 0;
		let ct = 0;
		for (const [commitTerm, e] of this.commits) {
			if (commitTerm < o.term && e.index > c) {
				c = e.index;
				ct = e.term;
			}
		}
		if (c > 0 && c > o.logOffset) {
			const t = o.logTermAt(c);
			if (t !== ct) {
				this.fail(
					atMs,
					'leader completeness',
					`n${o.node} became leader of term ${o.term} without committed entry ${c} (term ${ct}); its log has ${t < 0 ? 'nothing' : `term ${t}`} there`
				);
			}
		}
	}

	private onAppend(node: number, index: number, term: number, id: number, prevTerm: number, atMs: number): void {
		const head = this.entryAt.get(index);
		let prev: EntryRecord | null = head ?? null;
		while (prev && prev.term !== term) prev = prev.next;
		if (prev) {
			if (prev.id !== id || prev.prevTerm !== prevTerm) {
				this.fail(
					atMs,
					'log matching',
					`entry ${index} of term ${term} differs between n${prev.node} and n${node} (${prev.id === id ? `previous terms ${prev.prevTerm} vs ${prevTerm}` : `proposals #${prev.id} vs #${id}`})`
				);
			}
			return;
		}
		this.entryAt.set(index, { term, id, prevTerm, node, next: head ?? null });
		if (index > this.maxEntryIndex) this.maxEntryIndex = index;
		if (this.entryAt.size > WINDOW * 2) this.entryAt.deleteBelow(this.maxEntryIndex - WINDOW);
	}

	private onLeaderCommit(index: number, term: number, leaderTerm: number): void {
		if (index > this.leaderCommitIndex) this.leaderCommitIndex = index;
		this.onCommit(index, term, leaderTerm);
	}

	private onCommit(index: number, term: number, commitTerm: number): void {
		const cur = this.commits.get(commitTerm);
		if (!cur || index > cur.index) this.commits.set(commitTerm, { index, term });
		if (this.commits.size > WINDOW) {
			const oldest = Math.min(...this.commits.keys());
			this.commits.delete(oldest);
		}
	}

	private onApply(node: number, index: number, term: number, id: number, atMs: number): void {
		// an applied entry was committed, in its own term or later; a leader's report says exactly when
		if (index > this.leaderCommitIndex) this.onCommit(index, term, term);
		const prev = this.appliedAt.get(index);
		if (prev) {
			if (prev.term !== term || prev.id !== id) {
				this.fail(
					atMs,
					'state machine safety',
					`n${node} applied entry ${index} (term ${term}, #${id}) but n${prev.node} applied a different one there (term ${prev.term}, #${prev.id})`
				);
			}
			return;
		}
		this.appliedAt.set(index, { term, id, node });
		if (index > this.maxApplied) this.maxApplied = index;
		if (this.appliedAt.size > WINDOW * 2) this.appliedAt.deleteBelow(this.maxApplied - WINDOW);
	}

	private onTerm(node: number, term: number, atMs: number, what: string): void {
		const prev = this.termOf.get(node) ?? 0;
		if (term < prev) this.fail(atMs, 'term monotonic', `n${node} went from term ${prev} back to ${term} (${what})`);
		else this.termOf.set(node, term);
	}

	private onVote(o: Extract<Observation, { kind: 'voteSent' }>, atMs: number): void {
		const had = this.votes.get(`${o.node}:${o.term}`);
		if (had !== undefined && had !== o.candidate) {
			this.fail(atMs, 'one vote per term', `n${o.node} voted for both n${had} and n${o.candidate} in term ${o.term}`);
			return;
		}
		this.recordVote(o.node, o.term, o.candidate);
	}

	/** Every term's vote is kept (a vote in an older term, after a newer one, is still checked), the latest WINDOW. */
	private recordVote(node: number, term: number, candidate: number): void {
		const key = `${node}:${term}`;
		if (this.votes.has(key)) return;
		this.votes.set(key, candidate);
		if (this.votes.size > WINDOW) this.votes.delete(this.votes.keys().next().value as string);
	}
}
