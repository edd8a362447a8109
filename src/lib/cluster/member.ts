/** A member as the cluster holds it (raft node, disk, durable state, store, client requests), and the engine's events. */
import { KvStore, type KvEvent } from '../kv/store';
import { RaftNode } from '../raft/node';
import type { Ready } from '../raft/ready';
import type { Entry, HardState, Message, Snapshot } from '../raft/types';
import { Disk } from '../sim/disk';
import type { Backend } from './backend';
import type { ClientOp, ClientWatch } from './types';

/** What one member's disk holds: what survives kill -9. */
export interface Durable {
	hard: HardState;
	snapshot: Snapshot | null;
	offset: number;
	offsetTerm: number;
	entries: Entry[];
}

/** One WAL write in flight: a Ready that needs a sync (a follower sends its messages once it is durable). */
export interface PendingWrite {
	rd: Ready;
	hard: HardState;
	/** whether the messages wait for the write (a follower) or went out already (a leader) */
	sendAfter: boolean;
	submittedUs: number;
}

export interface Member {
	id: number;
	alive: boolean;
	/** bumps on every crash: events meant for an earlier life are ignored */
	life: number;
	/** the member's raft: protocol state and its role lifecycle (an xstate actor) */
	node: RaftNode;
	/** the disk the WAL syncs on */
	disk: Disk;
	/** the disk the backend syncs on: the same one unless the WAL has its own (--wal-dir) */
	dataDisk: Disk;
	/** the key-value backend's batch and lock (null: backend left out) */
	backend: Backend | null;
	/** when the member's CPU is free to send its next message */
	cpuFreeUs: number;
	durable: Durable;
	kv: KvStore;
	busy: boolean;
	tickPending: boolean;
	tickPhaseUs: number;
	/** view-only: when the ticker started (ticks fire every tickUs from here) and the fsync in flight */
	tickStartUs: number;
	fsyncStartUs: number;
	fsyncEndUs: number;
	/** client requests proposed here, waiting for their entry to apply */
	waiting: Map<number, ClientOp>;
	/** puts/deletes that wait for this member to know a leader (etcd's blocked propc) */
	blocked: ClientOp[];
	/** linearizable reads: by ReadIndex context */
	reads: Map<number, ClientOp>;
	/** reads whose index is known, waiting for apply */
	readyReads: { op: ClientOp; index: number }[];
	lead: number;
	/** when this member last saw a new leader elected (etcd leadElectedTime) */
	leadElectedUs: number;
	noLeaderChecks: number;
	lastHeartbeatUs: number[];
	/** the leader commit (index and term) last reported to the checker: reporting it again changes nothing */
	commitSeen: number;
	commitTermSeen: number;
}

/**
 * A member as the cluster makes it (createMember) and a restore makes it again: one object literal,
 * so every member has one shape (V8 gives objects written by one literal the same hidden class),
 * and the engine's code compiled on the run's members fits a restored one.
 */
export function memberObject(m: Member): Member {
	return {
		id: m.id,
		alive: m.alive,
		life: m.life,
		node: m.node,
		disk: m.disk,
		dataDisk: m.dataDisk,
		backend: m.backend,
		cpuFreeUs: m.cpuFreeUs,
		durable: m.durable,
		kv: m.kv,
		busy: m.busy,
		tickPending: m.tickPending,
		tickPhaseUs: m.tickPhaseUs,
		tickStartUs: m.tickStartUs,
		fsyncStartUs: m.fsyncStartUs,
		fsyncEndUs: m.fsyncEndUs,
		waiting: m.waiting,
		blocked: m.blocked,
		reads: m.reads,
		readyReads: m.readyReads,
		lead: m.lead,
		leadElectedUs: m.leadElectedUs,
		noLeaderChecks: m.noLeaderChecks,
		lastHeartbeatUs: m.lastHeartbeatUs,
		commitSeen: m.commitSeen,
		commitTermSeen: m.commitTermSeen
	};
}

/** How many fields a member has (a clone with others is not made again by memberObject). */
export const MEMBER_FIELDS = 26;

export type SimEvent =
	| { k: 'tick'; node: number; life: number }
	| { k: 'deliver'; m: Message; epoch: number; life: number }
	| { k: 'diskDone'; node: number; life: number; w: PendingWrite }
	| { k: 'arrive'; op: ClientOp; life: number }
	| { k: 'reply'; op: ClientOp; status: 'ok' | 'timeout' | 'fail'; error: string | null; value: string | null; revision: number | null }
	| { k: 'clientDeadline' }
	| { k: 'serverDeadline' }
	| { k: 'readRetry'; op: ClientOp; node: number; life: number; context: number }
	| { k: 'watchArrive'; w: ClientWatch; life: number }
	| { k: 'watchEvent'; w: ClientWatch; ev: KvEvent }
	| { k: 'watchMonitor'; node: number; life: number }
	| { k: 'backendCommit'; node: number; life: number; at: number }
	| { k: 'call'; label: number; w: ClientWatch | null; reason: string };

export const EV_CODE: Record<SimEvent['k'], number> = {
	tick: 1,
	deliver: 2,
	diskDone: 3,
	arrive: 4,
	reply: 5,
	clientDeadline: 6,
	serverDeadline: 7,
	readRetry: 8,
	watchArrive: 9,
	watchEvent: 10,
	watchMonitor: 11,
	call: 12,
	backendCommit: 13
};
