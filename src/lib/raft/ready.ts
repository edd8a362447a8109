/**
 * What a member's raft hands its host, and what it hands its lifecycle machine.
 *
 * A Ready (etcd-io/raft's Ready) is everything the host must do after steps: make entries, hard
 * state and snapshot durable (a sync when `mustSync`), send messages (a leader at once, a follower
 * only after the sync: etcd's raftNode), apply committed entries, serve read states; plus what
 * happened (soft state, notices, proposals refused). The host acknowledges a Ready that needed a
 * sync with `advance` once it is durable. Nothing outside raft writes raft's fields.
 */
import type { RaftNotice, RaftRole } from './core';
import type { Command, Entry, HardState, Message, ReadState, Snapshot } from './types';

export interface Ready {
	// ---- what happened (handed out even while a sync is in flight)
	/** soft state: the leader this member knows, and its role */
	lead: number;
	role: RaftRole;
	/** the commit index */
	committed: number;
	notices: RaftNotice[];
	/** proposals refused (no leader to forward to, or a transfer in progress) */
	dropped: Command[];
	/** linearizable reads whose read index is known */
	readStates: ReadState[];
	// ---- the work (empty while an earlier Ready's sync is in flight)
	/** term, vote and commit to persist (null when the Ready holds no work) */
	hardState: HardState | null;
	/** entries, snapshot or term/vote changed: write and fsync before the messages that depend on them */
	mustSync: boolean;
	/** entries to append to the WAL (they may overwrite a suffix) */
	entries: Entry[];
	/** a snapshot from the leader to persist and apply */
	snapshot: Snapshot | null;
	/** the log's last entry once this Ready is durable */
	lastIndex: number;
	lastTerm: number;
	messages: Message[];
	/** committed, durable entries to apply, in order */
	committedEntries: Entry[];
}

/**
 * The events of a member's role lifecycle (the xstate machine's events). Per-role step functions
 * raise the protocol ones; the host raises crash and restart.
 */
export type LifecycleEvent =
	| { type: 'election.timeout' }
	| { type: 'preVote.won' }
	| { type: 'preVote.lost' }
	| { type: 'vote.won' }
	| { type: 'vote.lost' }
	| { type: 'term.newer'; term: number; lead: number }
	| { type: 'leader.heard'; lead: number }
	| { type: 'quorum.lost' }
	| { type: 'member.removed' }
	| { type: 'transfer.timeoutNow' };
