/**
 * The interaction environment behind the datadriven scripts (tests/unit/datadriven/*.txt), after
 * etcd-io/raft's rafttest.InteractionEnv: members are RaftNodes; nothing happens by itself. A
 * script ticks a member, takes and prints its Ready (`process-ready`), delivers the messages waiting
 * for a member (`deliver-msgs`), or does all of that until nothing is left (`stabilize`). Disks are
 * instant: a processed Ready is durable at once and advanced. Every command returns the text it
 * printed; the runner compares it with the script.
 */
import { RaftState, type RaftConfig } from '../../../src/lib/raft/core';
import { RaftLog } from '../../../src/lib/raft/log';
import { RaftNode, type Transition } from '../../../src/lib/raft/node';
import type { Ready } from '../../../src/lib/raft/ready';
import { NONE, type Entry, type HardState, type Message } from '../../../src/lib/raft/types';
import { Prng } from '../../../src/lib/sim/prng';

export interface Command {
	name: string;
	/** positional arguments */
	args: string[];
	/** key=value arguments */
	opts: Record<string, string>;
}

interface Member {
	node: RaftNode;
	durable: { hard: HardState; entries: Entry[] };
	life: number;
	up: boolean;
	/** messages sent to this member, waiting for deliver-msgs */
	inbox: Message[];
	transitions: Transition[];
}

export class InteractionEnv {
	private members: Member[] = [];
	private cfg = { size: 0, preVote: false, checkQuorum: false, electionTicks: 10, seed: 1 };
	private isolated = new Set<number>();
	private nextReqId = 1;

	run(c: Command): string {
		const out: string[] = [];
		switch (c.name) {
			case 'add-nodes':
				this.addNodes(Number(c.args[0]), c.opts, out);
				break;
			case 'tick-heartbeat':
				this.forEach(c, (id) => this.tick(id, 1, out));
				break;
			case 'tick-election':
				this.forEach(c, (id) => this.tickElection(id, out));
				break;
			case 'propose':
				this.at(c, 0).node.propose(this.nextReqId++, { op: 'put', key: c.args[1], value: c.args[2] ?? '', origin: this.id(c, 0), reqId: this.nextReqId });
				this.transitions(this.id(c, 0), out);
				break;
			case 'read-index':
				this.at(c, 0).node.readIndex(Number(c.args[1]));
				break;
			case 'transfer-leader':
				this.at(c, 0).node.transferLeader(Number(c.args[1]));
				this.transitions(this.id(c, 0), out);
				break;
			case 'process-ready':
				this.forEach(c, (id) => this.processReady(id, out));
				break;
			case 'deliver-msgs':
				this.forEach(c, (id) => this.deliver(id, out));
				break;
			case 'stabilize':
				this.stabilize(out);
				break;
			case 'isolate':
				this.isolated.add(this.id(c, 0));
				break;
			case 'heal':
				this.isolated.clear();
				break;
			case 'crash': {
				const m = this.at(c, 0);
				m.node.crash();
				m.up = false;
				m.life++;
				m.inbox = [];
				this.transitions(this.id(c, 0), out);
				break;
			}
			case 'restart': {
				const id = this.id(c, 0);
				const m = this.at(c, 0);
				m.node.restart(this.build(id, m.life, m.durable.hard, m.durable.entries));
				m.up = true;
				this.transitions(id, out);
				break;
			}
			case 'raft-state':
				for (let id = 1; id < this.members.length; id++) out.push(this.state(id));
				break;
			case 'raft-log':
				this.forEach(c, (id) => {
					const log = this.members[id].node.raft.log;
					out.push(`${id}: ${log.entries.map(fmtEntry).join(' ') || '(empty)'} committed=${log.committed} applied=${log.applied}`);
				});
				break;
			default:
				throw new Error(`unknown command ${c.name}`);
		}
		return out.length > 0 ? out.join('\n') : 'ok';
	}

	private addNodes(n: number, opts: Record<string, string>, out: string[]): void {
		this.cfg = {
			size: n,
			preVote: opts['pre-vote'] === 'true',
			checkQuorum: opts['check-quorum'] === 'true',
			electionTicks: Number(opts.election ?? 10),
			seed: Number(opts.seed ?? 1)
		};
		this.members = [undefined as unknown as Member];
		for (let id = 1; id <= n; id++) {
			const hard: HardState = { term: 0, vote: NONE, commit: 0 };
			const m: Member = { node: new RaftNode(this.build(id, 0, hard, [])), durable: { hard, entries: [] }, life: 0, up: true, inbox: [], transitions: [] };
			m.node.onTransition = (t) => m.transitions.push(t);
			this.members.push(m);
		}
		out.push(`${n} members (pre-vote ${this.cfg.preVote}, check-quorum ${this.cfg.checkQuorum}, election ${this.cfg.electionTicks} ticks)`);
	}

	private build(id: number, life: number, hard: HardState, entries: readonly Entry[]): RaftState {
		const cfg: RaftConfig = {
			id,
			members: Array.from({ length: this.cfg.size }, (_, i) => i + 1),
			electionTicks: this.cfg.electionTicks,
			heartbeatTicks: 1,
			preVote: this.cfg.preVote,
			checkQuorum: this.cfg.checkQuorum,
			maxInflight: 256,
			maxEntriesPerMsg: 256
		};
		const log = RaftLog.restore(null, 0, 0, entries.slice(), hard.commit);
		return new RaftState(cfg, new Prng(this.cfg.seed * 7919 + id * 131 + life), { ...hard }, log);
	}

	private id(c: Command, i: number): number {
		const id = Number(c.args[i]);
		if (!Number.isInteger(id) || id < 1 || id >= this.members.length) throw new Error(`${c.name}: no member ${c.args[i]}`);
		return id;
	}

	private at(c: Command, i: number): Member {
		return this.members[this.id(c, i)];
	}

	/** Runs `fn` for each member named in the arguments, or for every member when none is named. */
	private forEach(c: Command, fn: (id: number) => void): void {
		const ids = c.args.length > 0 ? c.args.map((_, i) => this.id(c, i)) : this.members.map((_, i) => i).slice(1);
		for (const id of ids) if (this.members[id].up) fn(id);
	}

	private tick(id: number, n: number, out: string[]): void {
		for (let i = 0; i < n; i++) this.members[id].node.tick();
		this.transitions(id, out);
	}

	/** Ticks until the member's machine takes a lifecycle event (or two election timeouts pass). */
	private tickElection(id: number, out: string[]): void {
		const m = this.members[id];
		for (let i = 0; i < 2 * this.cfg.electionTicks && m.transitions.length === 0; i++) m.node.tick();
		this.transitions(id, out);
	}

	private transitions(id: number, out: string[]): void {
		const m = this.members[id];
		for (const t of m.transitions) out.push(`${id}: ${t.from} --${t.event}--> ${t.to}`);
		m.transitions = [];
	}

	private processReady(id: number, out: string[]): boolean {
		const m = this.members[id];
		const rd = m.node.ready();
		if (!hasWork(rd)) return false;
		out.push(`> ${id} handling Ready`);
		out.push(...printReady(rd).map((l) => `  ${l}`));
		if (rd.mustSync) {
			const d = m.durable;
			if (rd.entries.length > 0) {
				d.entries.length = Math.max(0, Math.min(d.entries.length, rd.entries[0].index - 1));
				for (const e of rd.entries) d.entries.push(e);
			}
			if (rd.hardState) d.hard = { ...rd.hardState };
		}
		m.node.advance(rd);
		for (const msg of rd.messages) {
			const to = this.members[msg.to];
			if (!to || !to.up || this.isolated.has(msg.from) || this.isolated.has(msg.to)) continue;
			to.inbox.push(msg);
		}
		this.transitions(id, out);
		return true;
	}

	private deliver(id: number, out: string[]): boolean {
		const m = this.members[id];
		if (m.inbox.length === 0) return false;
		const msgs = m.inbox;
		m.inbox = [];
		out.push(`> ${id} receiving messages`);
		for (const msg of msgs) {
			out.push(`  ${fmtMessage(msg)}`);
			m.node.step(msg);
		}
		this.transitions(id, out);
		return true;
	}

	private stabilize(out: string[]): void {
		for (let round = 0; round < 1000; round++) {
			let any = false;
			for (let id = 1; id < this.members.length; id++) if (this.members[id].up) any = this.processReady(id, out) || any;
			for (let id = 1; id < this.members.length; id++) if (this.members[id].up) any = this.deliver(id, out) || any;
			if (!any) return;
		}
		throw new Error('stabilize: still busy after 1000 rounds');
	}

	private state(id: number): string {
		const m = this.members[id];
		if (!m.up) return `${id}: down`;
		const r = m.node.raft;
		return `${id}: ${m.node.role} term=${r.term} vote=${r.vote} lead=${r.lead} last=${r.log.lastIndex()} commit=${r.log.committed}`;
	}
}

function hasWork(rd: Ready): boolean {
	return rd.mustSync || rd.messages.length > 0 || rd.committedEntries.length > 0 || rd.readStates.length > 0 || rd.notices.length > 0 || rd.dropped.length > 0;
}

/** A Ready, one fact a line, in the order a host handles it. */
export function printReady(rd: Ready): string[] {
	const out: string[] = [`soft: ${rd.role} lead=${rd.lead} commit=${rd.committed}`];
	for (const n of rd.notices) out.push(`notice: ${Object.entries(n).map(([k, v]) => (k === 'kind' ? v : `${k}=${v}`)).join(' ')}`);
	if (rd.hardState && rd.mustSync) out.push(`hard state: term=${rd.hardState.term} vote=${rd.hardState.vote} commit=${rd.hardState.commit} (sync)`);
	if (rd.snapshot) out.push(`snapshot: ${rd.snapshot.index}/${rd.snapshot.term}`);
	if (rd.entries.length > 0) out.push(`entries: ${rd.entries.map(fmtEntry).join(' ')}`);
	if (rd.messages.length > 0) {
		out.push('messages:');
		for (const m of rd.messages) out.push(`  ${fmtMessage(m)}`);
	}
	if (rd.committedEntries.length > 0) out.push(`apply: ${rd.committedEntries.map(fmtEntry).join(' ')}`);
	for (const s of rd.readStates) out.push(`read state: context=${s.context} index=${s.index}`);
	for (const c of rd.dropped) out.push(`dropped: ${c.op} ${c.key}`);
	return out;
}

function fmtEntry(e: Entry): string {
	return `${e.index}/${e.term}${e.cmd ? ` ${e.cmd.op}(${e.cmd.key}=${e.cmd.value})` : ' empty'}`;
}

function fmtMessage(m: Message): string {
	const parts = [`${m.from}->${m.to} ${m.type} term=${m.term}`];
	switch (m.type) {
		case 'app':
			parts.push(`log=${m.index}/${m.logTerm} commit=${m.commit}`);
			if (m.entries.length > 0) parts.push(`entries=[${m.entries.map(fmtEntry).join(', ')}]`);
			break;
		case 'appResp':
			parts.push(`index=${m.index}`);
			if (m.reject) parts.push(`rejected hint=${m.rejectHint}`);
			break;
		case 'vote':
		case 'preVote':
			parts.push(`log=${m.index}/${m.logTerm}`);
			if (m.context === 1) parts.push('transfer');
			break;
		case 'voteResp':
		case 'preVoteResp':
			if (m.reject) parts.push('rejected');
			break;
		case 'heartbeat':
			parts.push(`commit=${m.commit}`);
			if (m.context !== 0) parts.push(`context=${m.context}`);
			break;
		case 'heartbeatResp':
			if (m.context !== 0) parts.push(`context=${m.context}`);
			break;
		case 'readIndex':
		case 'readIndexResp':
			parts.push(`context=${m.context} index=${m.index}`);
			break;
		case 'prop':
			if (m.cmd) parts.push(`${m.cmd.op}(${m.cmd.key}=${m.cmd.value})`);
			break;
		default:
			break;
	}
	return parts.join(' ');
}
