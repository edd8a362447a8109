/**
 * A small synchronous test network for the raft engine, in the style of etcd-io/raft's raft_test.go
 * `network`: every member is a RaftNode (protocol state plus its xstate lifecycle actor); messages
 * are delivered breadth-first until the network is quiet; persistence is instant (each member
 * "fsyncs" everything before its messages leave, like a follower in etcd's raftNode). It consumes
 * Readies exactly as the cluster does: take a Ready, persist it, advance, send its messages. Drop
 * rules model partitions and lossy links.
 */
import { RaftState, type RaftConfig, type RaftNotice } from '../../src/lib/raft/core';
import { RaftLog } from '../../src/lib/raft/log';
import { RaftNode, type Transition } from '../../src/lib/raft/node';
import type { Ready } from '../../src/lib/raft/ready';
import { NONE, type Command, type Entry, type HardState, type Message, type ReadState } from '../../src/lib/raft/types';
import { Prng } from '../../src/lib/sim/prng';

export interface NetOptions {
	size: number;
	preVote: boolean;
	checkQuorum: boolean;
	seed?: number;
	electionTicks?: number;
	maxEntriesPerMsg?: number;
}

/** A member's starting state: term, vote, commit and its log given as the terms of entries 1..n. */
export interface MemberInit {
	term?: number;
	vote?: number;
	commit?: number;
	terms?: readonly number[];
}

export interface Durable {
	hard: HardState;
	entries: Entry[];
}

export interface LogEntryView {
	index: number;
	term: number;
	id: number;
}

interface SimMember {
	id: number;
	node: RaftNode;
	up: boolean;
	life: number;
	durable: Durable;
	notices: RaftNotice[];
	dropped: Command[];
	readStates: ReadState[];
	transitions: Transition[];
}

/** Entry ids for pre-built logs: equal (index, term) means the same entry (Log Matching). */
export function entryId(index: number, term: number): number {
	return term * 1000 + index;
}

export function entriesOfTerms(terms: readonly number[]): Entry[] {
	return terms.map((term, i) => ({ term, index: i + 1, id: entryId(i + 1, term), cmd: null }));
}

export class RaftNet {
	readonly opts: Required<NetOptions>;
	readonly ids: number[];
	private readonly members = new Map<number, SimMember>();

	/** members whose every message (in and out) is lost */
	readonly isolated = new Set<number>();
	/** one-way cuts "a->b" */
	readonly cuts = new Set<string>();
	/** when set, messages between different groups are lost */
	groups: number[][] | null = null;
	/** an extra, arbitrary loss rule (a lossy link that loses exactly these messages) */
	dropIf: ((m: Message) => boolean) | null = null;

	/** every message handed to a member, and every message lost, in order */
	delivered: Message[] = [];
	lost: Message[] = [];
	/** total ticks sent to any member */
	ticks = 0;
	private nextReqId = 100_001;

	constructor(opts: NetOptions, inits: Record<number, MemberInit> = {}) {
		this.opts = { seed: 1, electionTicks: 10, maxEntriesPerMsg: 256, ...opts };
		this.ids = Array.from({ length: opts.size }, (_, i) => i + 1);
		for (const id of this.ids) {
			const init = inits[id] ?? {};
			const entries = entriesOfTerms(init.terms ?? []);
			const hard: HardState = { term: init.term ?? 0, vote: init.vote ?? NONE, commit: init.commit ?? 0 };
			const node = new RaftNode(this.build(id, 0, hard, entries));
			const m: SimMember = {
				id,
				node,
				up: true,
				life: 0,
				durable: { hard: { ...hard }, entries: entries.slice() },
				notices: [],
				dropped: [],
				readStates: [],
				transitions: []
			};
			node.onTransition = (t) => m.transitions.push(t);
			this.members.set(id, m);
			this.checkAgreement(id);
		}
	}

	cfg(id: number): RaftConfig {
		return {
			id,
			members: this.ids.slice(),
			electionTicks: this.opts.electionTicks,
			heartbeatTicks: 1,
			preVote: this.opts.preVote,
			checkQuorum: this.opts.checkQuorum,
			maxInflight: 256,
			maxEntriesPerMsg: this.opts.maxEntriesPerMsg
		};
	}

	private build(id: number, life: number, hard: HardState, entries: readonly Entry[]): RaftState {
		const log = RaftLog.restore(null, 0, 0, entries.slice(), hard.commit);
		return new RaftState(this.cfg(id), new Prng(this.opts.seed * 7919 + id * 131 + life), { ...hard }, log);
	}

	private member(id: number): SimMember {
		const m = this.members.get(id);
		if (!m) throw new Error(`no member ${id}`);
		return m;
	}

	raft(id: number): RaftState {
		return this.member(id).node.raft;
	}

	node(id: number): RaftNode {
		return this.member(id).node;
	}

	isUp(id: number): boolean {
		return this.member(id).up;
	}

	durable(id: number): Durable {
		return this.member(id).durable;
	}

	notices(id: number): RaftNotice[] {
		return this.member(id).notices;
	}

	/** Asserts the member's machine is down exactly when the member is, and its raft reads the machine's role. */
	checkAgreement(id: number): void {
		const m = this.member(id);
		const role = m.node.role;
		if ((role === 'down') !== !m.up) throw new Error(`member ${id}: machine says ${role} but the member is ${m.up ? 'up' : 'down'}`);
		if (m.up && m.node.raft.role !== role) throw new Error(`member ${id}: raft.role ${m.node.raft.role} is not the machine's ${role}`);
	}

	private live(id: number): SimMember {
		const m = this.member(id);
		if (!m.up) throw new Error(`member ${id} is down`);
		return m;
	}

	/** Hands a message to a member. */
	step(id: number, msg: Message): void {
		this.live(id).node.step(msg);
		this.checkAgreement(id);
	}

	/** etcdctl move-leader, asked of member `id`. */
	transferLeader(id: number, to: number): void {
		this.live(id).node.transferLeader(to);
		this.checkAgreement(id);
	}

	/** A linearizable read through member `id`. */
	readIndex(id: number, context: number): void {
		this.live(id).node.readIndex(context);
		this.checkAgreement(id);
	}

	/** Read states the member handed out so far (in order). */
	readStates(id: number): ReadState[] {
		return this.member(id).readStates;
	}

	/** The lifecycle transitions the member's machine took so far. */
	transitions(id: number): Transition[] {
		return this.member(id).transitions;
	}

	/**
	 * Takes the member's Readies and makes each durable at once (entries and hard state written,
	 * advanced, committed entries applied) until none needs a sync; returns their messages, in order.
	 */
	persist(id: number): Message[] {
		const m = this.member(id);
		if (!m.up) return [];
		const out: Message[] = [];
		for (;;) {
			const rd = m.node.ready();
			this.take(m, rd);
			if (rd.mustSync) this.write(m, rd);
			m.node.advance(rd);
			for (const msg of rd.messages) out.push(msg);
			if (!rd.mustSync) return out;
		}
	}

	private take(m: SimMember, rd: Ready): void {
		for (const n of rd.notices) m.notices.push(n);
		for (const c of rd.dropped) m.dropped.push(c);
		for (const s of rd.readStates) m.readStates.push(s);
	}

	private write(m: SimMember, rd: Ready): void {
		const d = m.durable;
		if (rd.entries.length > 0) {
			const first = rd.entries[0].index;
			d.entries.length = Math.max(0, Math.min(d.entries.length, first - 1));
			for (const e of rd.entries) d.entries.push(e);
		}
		if (rd.hardState) d.hard = { ...rd.hardState };
		// what was durably handed over must be exactly the log (no compaction in this harness)
		const log = m.node.raft.log;
		if (log.offset === 0 && !sameEntries(d.entries, log.entries)) {
			throw new Error(`member ${m.id}: durable log ${fmt(d.entries)} differs from in-memory log ${fmt(log.entries)}`);
		}
	}

	private isLost(m: Message): boolean {
		if (this.isolated.has(m.from) || this.isolated.has(m.to)) return true;
		if (this.cuts.has(`${m.from}->${m.to}`)) return true;
		if (this.groups) {
			const g = this.groups.findIndex((grp) => grp.includes(m.from));
			if (g < 0 || !this.groups[g].includes(m.to)) return true;
		}
		if (this.dropIf && this.dropIf(m)) return true;
		return false;
	}

	/** Persists and delivers every member's messages, breadth-first, until the network is quiet. */
	deliverAll(maxMessages = 200_000): void {
		let n = 0;
		for (;;) {
			const batch: Message[] = [];
			for (const id of this.ids) for (const msg of this.persist(id)) batch.push(msg);
			if (batch.length === 0) return;
			for (const msg of batch) {
				if (msg.to === msg.from) continue;
				const to = this.members.get(msg.to);
				if (!to || !to.up || this.isLost(msg)) {
					this.lost.push(msg);
					continue;
				}
				this.delivered.push(msg);
				this.step(msg.to, msg);
				if (++n > maxMessages) throw new Error('deliverAll: the network never went quiet');
			}
		}
	}

	/** Sends n ticks to one member (messages are not delivered). */
	tick(id: number, n = 1): void {
		const m = this.live(id);
		for (let i = 0; i < n; i++) {
			m.node.tick();
			this.ticks++;
			this.checkAgreement(id);
		}
	}

	/** `rounds` times: tick every live member once, then deliver until quiet; `each` runs after every round. */
	tickAll(rounds = 1, each?: (round: number) => void): void {
		for (let r = 1; r <= rounds; r++) {
			for (const id of this.ids) if (this.member(id).up) this.tick(id);
			this.deliverAll();
			each?.(r);
		}
	}

	/** Ticks the member until it starts a (pre-)election, then delivers until quiet. */
	campaign(id: number): void {
		const limit = 2 * this.opts.electionTicks + 1;
		for (let i = 0; i < limit; i++) {
			const r = this.raft(id);
			const before = r.pendingMessages().length;
			this.tick(id);
			if (r.pendingMessages().slice(before).some((m) => m.type === 'vote' || m.type === 'preVote')) {
				this.deliverAll();
				return;
			}
		}
		throw new Error(`member ${id} (${this.raft(id).role}) did not campaign within ${limit} ticks`);
	}

	/** A client put through member `id`; returns the entry id it gets if appended. */
	propose(id: number, key: string, value: string): number {
		const reqId = this.nextReqId++;
		const cmd: Command = { op: 'put', key, value, origin: id, reqId };
		this.live(id).node.propose(reqId, cmd);
		this.checkAgreement(id);
		return reqId;
	}

	proposalsDropped(id: number): Command[] {
		return this.member(id).dropped;
	}

	isolate(id: number): void {
		this.isolated.add(id);
	}

	cut(from: number, to: number): void {
		this.cuts.add(`${from}->${to}`);
	}

	/** Cuts both directions between a and b. */
	sever(a: number, b: number): void {
		this.cut(a, b);
		this.cut(b, a);
	}

	partition(groups: number[][]): void {
		this.groups = groups.map((g) => g.slice());
	}

	heal(): void {
		this.isolated.clear();
		this.cuts.clear();
		this.groups = null;
		this.dropIf = null;
	}

	/** kill -9 (instant persistence means nothing durable is lost). */
	crash(id: number): void {
		const m = this.member(id);
		m.node.crash();
		m.up = false;
		m.life++;
		this.checkAgreement(id);
	}

	/** Restarts from the durable state only (like Cluster.restart); `tamper` can corrupt it for control tests. */
	restart(id: number, tamper?: (d: Durable) => Durable): void {
		const m = this.member(id);
		if (m.up) throw new Error(`member ${id} is up`);
		const d = tamper ? tamper({ hard: { ...m.durable.hard }, entries: m.durable.entries.slice() }) : m.durable;
		m.node.restart(this.build(id, m.life, d.hard, d.entries));
		m.up = true;
		m.durable = { hard: { ...d.hard }, entries: d.entries.slice() };
		this.checkAgreement(id);
	}

	logOf(id: number): LogEntryView[] {
		return this.raft(id).log.entries.map((e) => ({ index: e.index, term: e.term, id: e.id }));
	}

	termsOf(id: number): number[] {
		return this.raft(id).log.entries.map((e) => e.term);
	}

	/** The live member that leads with the highest term, or null. */
	leader(): number | null {
		let best: number | null = null;
		let bestTerm = -1;
		for (const id of this.ids) {
			const m = this.member(id);
			if (m.up && m.node.role === 'leader' && m.node.raft.term > bestTerm) {
				best = id;
				bestTerm = m.node.raft.term;
			}
		}
		return best;
	}

	clearTraffic(): void {
		this.delivered = [];
		this.lost = [];
	}
}

function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		if (a[i].index !== b[i].index || a[i].term !== b[i].term || a[i].id !== b[i].id) return false;
	}
	return true;
}

function fmt(ents: readonly Entry[]): string {
	return ents.map((e) => `${e.index}:${e.term}`).join(' ');
}
