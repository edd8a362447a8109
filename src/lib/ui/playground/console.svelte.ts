/**
 * The client console: each line typed becomes a session action (put/get/del/watch go through the
 * engine like etcdctl's requests) or an answer computed at once (endpoint status, help, usage
 * errors). Output of a request is read from the frame when it comes back, so going back in time and
 * forward again shows the same thing. Entries typed in a future that a new branch dropped go too.
 */
import type { ClientOp, ClientWatch, MemberView } from '../../cluster/types';
import type { Frame, Session } from '../session.svelte';
import { deletedCount } from './entries';
import {
	endpointOf,
	ETCD_VERSION,
	goDuration,
	humanBytes,
	memberIdOf,
	memberOfEndpoint,
	parse,
	statusSimple,
	statusTable,
	type Command,
	type StatusRow
} from './etcdctl';

export type OutKind = 'out' | 'err' | 'muted';
export interface OutLine {
	text: string;
	kind: OutKind;
}

export interface ConsoleEntry {
	seq: number;
	atMs: number;
	endpoint: number;
	line: string;
	command: Command;
	opId: number | null;
	watchId: number | null;
	health: boolean;
	/** output known when the line was run (status, usage errors); translated ones are keys */
	fixed: OutLine[];
	/** 'help' and 'unterminated' print translated text: the view renders it */
	local: 'help' | 'unterminated' | null;
}

export class ConsoleState {
	entries: ConsoleEntry[] = $state.raw([]);
	endpoint = $state(1);
	/** what was typed, for arrow-key recall */
	typed: string[] = [];

	#session: Session;
	#seq = 1;
	#delCounts = new Map<number, number>();
	#printed = new Map<number, OutLine[]>();
	#unsubscribe: () => void;

	constructor(session: Session) {
		this.#session = session;
		this.#unsubscribe = session.onTruncate((restarted) => {
			const now = session.nowMs;
			this.entries = restarted ? [] : this.entries.filter((e) => e.atMs <= now);
			this.#delCounts.clear(); // op ids of the dropped future may come back as other ops
		});
	}

	destroy(): void {
		this.#unsubscribe();
	}

	/** Runs one line; returns false if the line was empty. */
	run(line: string): boolean {
		const s = this.#session;
		const parsed = parse(line);
		if (parsed.command.kind === 'empty') return false;
		this.typed.push(line);
		if (parsed.command.kind === 'clear') {
			this.entries = [];
			return true;
		}
		let endpoint = this.endpoint;
		const size = s.frame.members.length;
		const entry: ConsoleEntry = { seq: this.#seq++, atMs: s.nowMs, endpoint, line, command: parsed.command, opId: null, watchId: null, health: false, fixed: [], local: null };
		if (parsed.endpoint !== null) {
			const first = parsed.endpoint.split(',')[0];
			const n = memberOfEndpoint(first, size);
			if (n === null) {
				entry.fixed = [{ text: `Error: dial tcp ${first}: connect: connection refused`, kind: 'err' }];
				this.entries = [...this.entries, entry];
				return true;
			}
			endpoint = n;
			entry.endpoint = n;
		}
		const cmd = parsed.command;
		const c = s.cluster;
		switch (cmd.kind) {
			case 'put':
				s.act({ do: 'put', node: endpoint, key: cmd.key, value: cmd.value });
				entry.opId = lastOp(c.ops);
				break;
			case 'get':
				s.act({ do: 'get', node: endpoint, key: cmd.key, serializable: cmd.serializable });
				entry.opId = lastOp(c.ops);
				break;
			case 'del':
				s.act({ do: 'delete', node: endpoint, key: cmd.key });
				entry.opId = lastOp(c.ops);
				break;
			case 'watch':
				s.act({ do: 'watch', node: endpoint, key: cmd.key });
				entry.watchId = c.watches.length > 0 ? c.watches[c.watches.length - 1].id : null;
				break;
			case 'health':
				// etcdctl endpoint health reads the key "health" through raft (a linearizable get)
				s.act({ do: 'get', node: endpoint, key: 'health', serializable: false });
				entry.opId = lastOp(c.ops);
				entry.health = true;
				break;
			case 'status':
				entry.fixed = statusLines(s.frame, endpoint, cmd.table);
				break;
			case 'usage':
				entry.fixed = cmd.lines.map((text, i) => ({ text, kind: i === 0 && text.startsWith('Error') ? 'err' : 'out' }));
				break;
			case 'help':
				entry.local = 'help';
				break;
			case 'unterminated':
				entry.local = 'unterminated';
				break;
		}
		this.entries = [...this.entries, entry];
		return true;
	}

	/** The output of an entry as the frame stands (null: still waiting). */
	output(e: ConsoleEntry, ops: readonly ClientOp[], watches: readonly ClientWatch[]): OutLine[] | null {
		if (e.opId !== null) {
			const op = ops.find((o) => o.id === e.opId);
			// an old request may have left the frame's window of ops: show what it printed then
			if (!op) return this.#printed.get(e.seq) ?? null;
			if (op.status === 'pending') return null;
			const lines = e.health ? healthLines(op, e.endpoint) : this.#opLines(op);
			this.#printed.set(e.seq, lines);
			return lines;
		}
		if (e.watchId !== null) {
			const w = watches.find((x) => x.id === e.watchId);
			return w ? watchLines(w) : [];
		}
		return e.fixed;
	}

	#opLines(op: ClientOp): OutLine[] {
		if (op.status !== 'ok') return [{ text: op.error ?? 'Error: context deadline exceeded', kind: 'err' }];
		if (op.kind === 'put') return [{ text: 'OK', kind: 'out' }];
		if (op.kind === 'get') return op.value === null ? [] : [{ text: op.key, kind: 'out' }, { text: op.value, kind: 'out' }];
		let n = this.#delCounts.get(op.id);
		if (n === undefined) {
			n = deletedCount(this.#session.cluster, op);
			this.#delCounts.set(op.id, n);
		}
		return [{ text: String(n), kind: 'out' }];
	}

	/** Console requests still waiting for an answer. */
	pending(ops: readonly ClientOp[], nowMs: number): { entry: ConsoleEntry; op: ClientOp }[] {
		const out: { entry: ConsoleEntry; op: ClientOp }[] = [];
		for (const e of this.entries) {
			if (e.opId === null || e.atMs > nowMs) continue;
			const op = ops.find((o) => o.id === e.opId);
			if (op && op.status === 'pending') out.push({ entry: e, op });
		}
		return out;
	}
}

function lastOp(ops: readonly ClientOp[]): number | null {
	return ops.length > 0 ? ops[ops.length - 1].id : null;
}

function healthLines(op: ClientOp, endpoint: number): OutLine[] {
	const ep = endpointOf(endpoint);
	if (op.status === 'ok') {
		const ms = ((op.returnUs ?? op.callUs) - op.callUs) / 1000;
		return [{ text: `${ep} is healthy: successfully committed proposal: took = ${goDuration(ms)}`, kind: 'out' }];
	}
	const why = (op.error ?? 'context deadline exceeded').replace(/^Error: /, '');
	return [
		{ text: `${ep} is unhealthy: failed to commit proposal: ${why}`, kind: 'err' },
		{ text: 'Error: unhealthy cluster', kind: 'err' }
	];
}

function watchLines(w: ClientWatch): OutLine[] {
	const out: OutLine[] = [];
	for (const ev of w.events) {
		out.push({ text: ev.type, kind: 'out' }, { text: w.key, kind: 'out' });
		if (ev.type === 'PUT' && ev.value !== null) out.push({ text: ev.value, kind: 'out' });
	}
	if (w.canceled !== null) out.push({ text: w.canceled, kind: 'err' });
	return out;
}

function statusRow(m: MemberView, term: number): StatusRow {
	return {
		endpoint: endpointOf(m.id),
		id: memberIdOf(m.id),
		version: ETCD_VERSION,
		dbSize: humanBytes(20480 + 64 * m.revision),
		isLeader: m.role === 'leader',
		isLearner: false,
		raftTerm: term,
		raftIndex: m.commitIndex,
		raftAppliedIndex: m.appliedIndex,
		errors: m.lead === null ? 'etcdserver: no leader' : ''
	};
}

export function statusLines(frame: Frame, endpoint: number, table: boolean): OutLine[] {
	const m = frame.members[endpoint - 1];
	if (!m || !m.alive) {
		return [
			{ text: `Failed to get the status of endpoint ${endpointOf(endpoint)} (context deadline exceeded)`, kind: 'err' },
			...(table ? statusTable([]).map((text) => ({ text, kind: 'out' as const })) : [])
		];
	}
	// RAFT TERM is the term of the last applied entry (etcd's server.Term())
	const row = frame.memberLogs[endpoint - 1].find((cell) => cell !== null && cell.index === m.appliedIndex);
	const term = row ? row.term : m.term;
	const lines = table ? statusTable([statusRow(m, term)]) : statusSimple([statusRow(m, term)]);
	return lines.map((text) => ({ text, kind: 'out' }));
}
