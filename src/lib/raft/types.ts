/** Raft's data: log entries, messages between members, persisted state. Modeled on etcd-io/raft's raftpb. */

/** What a client asked the state machine to do (the payload of a normal entry). */
export interface Command {
	/** 'conf': a membership change (etcd-io/raft EntryConfChange), carried in `cc` */
	op: 'put' | 'delete' | 'conf';
	key: string;
	value: string;
	/** the value's size on disk in bytes when it is not the value's own length (a load's valueBytes) */
	size?: number;
	cc?: ConfChange;
	/** the member that proposed it on behalf of its client, and that client request's id */
	origin: number;
	reqId: number;
}

/**
 * One membership change (etcd-io/raft raftpb.ConfChange, one member at a time as etcd 3.5 makes
 * them): add a voter, add a learner (or promote one: addNode on a learner), remove a member. It takes
 * effect on each member when that member applies the entry.
 */
export interface ConfChange {
	type: 'addNode' | 'addLearner' | 'removeNode';
	node: number;
}

/** Who is in the cluster (etcd-io/raft raftpb.ConfState): voters count toward quorum, learners only replicate. */
export interface ConfState {
	voters: number[];
	learners: number[];
}

export interface Entry {
	term: number;
	index: number;
	/** a cluster-unique id of the proposal (0 for the empty entry a new leader appends) */
	id: number;
	cmd: Command | null;
}

export interface Snapshot {
	index: number;
	term: number;
	/** the state machine's state at `index` (opaque to raft) */
	data: unknown;
	/** the membership at `index` (absent: the bootstrap membership) */
	conf?: ConfState;
}

export type MessageType =
	| 'app'
	| 'appResp'
	| 'heartbeat'
	| 'heartbeatResp'
	| 'vote'
	| 'voteResp'
	| 'preVote'
	| 'preVoteResp'
	| 'prop'
	| 'readIndex'
	| 'readIndexResp'
	| 'snap'
	| 'timeoutNow';

/** Numeric codes, for the trace digest and compact views. */
export const MESSAGE_CODES: Record<MessageType, number> = {
	app: 1,
	appResp: 2,
	heartbeat: 3,
	heartbeatResp: 4,
	vote: 5,
	voteResp: 6,
	preVote: 7,
	preVoteResp: 8,
	prop: 9,
	readIndex: 10,
	readIndexResp: 11,
	snap: 12,
	timeoutNow: 13
};

/**
 * MESSAGE_CODES[type], as a switch: the engine asks for a code on every send and every delivery,
 * and a lookup by a varying key in an object is a slow generic (megamorphic) access.
 */
export function messageCode(type: MessageType): number {
	switch (type) {
		case 'app':
			return 1;
		case 'appResp':
			return 2;
		case 'heartbeat':
			return 3;
		case 'heartbeatResp':
			return 4;
		case 'vote':
			return 5;
		case 'voteResp':
			return 6;
		case 'preVote':
			return 7;
		case 'preVoteResp':
			return 8;
		case 'prop':
			return 9;
		case 'readIndex':
			return 10;
		case 'readIndexResp':
			return 11;
		case 'snap':
			return 12;
		case 'timeoutNow':
			return 13;
	}
}

export interface Message {
	type: MessageType;
	from: number;
	to: number;
	term: number;
	/** app: index of the entry before `entries`; appResp: last index matched (or rejected index) */
	index: number;
	/** app: term of the entry at `index`; vote/preVote: term of the candidate's last entry */
	logTerm: number;
	commit: number;
	entries: Entry[];
	reject: boolean;
	rejectHint: number;
	/** ReadIndex request context (0 = none); for vote requests 1 marks a leadership transfer */
	context: number;
	snapshot: Snapshot | null;
	/** prop: the proposed command and its id */
	cmd: Command | null;
	id: number;
}

export interface HardState {
	term: number;
	vote: number;
	commit: number;
}

export interface ReadState {
	context: number;
	index: number;
}

export const NONE = 0;
export const CONTEXT_TRANSFER = 1;

export function makeMessage(type: MessageType, from: number, to: number, term: number): Message {
	return {
		type,
		from,
		to,
		term,
		index: 0,
		logTerm: 0,
		commit: 0,
		entries: EMPTY_ENTRIES,
		reject: false,
		rejectHint: 0,
		context: 0,
		snapshot: null,
		cmd: null,
		id: 0
	};
}

export const EMPTY_ENTRIES: Entry[] = [];
