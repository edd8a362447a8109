/**
 * The client console: each line typed becomes a session action (put/get/del/watch, endpoint health,
 * member add/promote/remove go through the engine like etcdctl's requests) or an answer computed at
 * once (endpoint status, member list, move-leader, help, usage errors). Formats are etcdctl 3.5's:
 * simple by default, -w table and -w json with etcd's field names. Output of a request is read from the frame when it comes back, so going back in time and
 * forward again shows the same thing. Entries typed in a future that a new branch dropped go too.
 */
import type { ClientOp, ClientWatch, MemberView } from '../../cluster/types';
import { MAX_MEMBER_IDS } from '../../cluster/etcd';
import type { Step } from '../../scenario/types';
import type { Frame, Session } from '../session.svelte';
import { deletedCount } from './entries';
import { CLUSTER_ID, endpointOf, goDuration, memberIdOf, memberOfEndpoint, parse, type Command, type Format } from './etcdctl';
import { CHECK_PERF_LOADS, checkPerfBar, checkPerfLines } from '../../scenario/check-perf';
import { startCheckPerf } from './check-perf-run';
import { b64, goJson, healthLines, listed, memberAddLines, memberListLines, numberOfId, statusLines, watchLines, type HealthRow, type OutLine } from './etcdctl-output';

export type { OutKind, OutLine } from './etcdctl-output';

/** One endpoint `endpoint health` asked (as the user named it), and the read it sent. */
export interface HealthProbe {
	label: string;
	opId: number | null;
}

export interface ConsoleEntry {
	seq: number;
	atMs: number;
	endpoint: number;
	line: string;
	command: Command;
	opId: number | null;
	watchId: number | null;
	/** endpoint health: one linearizable read per endpoint */
	health: HealthProbe[] | null;
	/** output known when the line was run (status, usage errors); translated ones are keys */
	fixed: OutLine[];
	/** 'help' and 'unterminated' print translated text: the view renders it */
	local: 'help' | 'unterminated' | null;
	/** a line retold from a recorded action: its request is found by what it asked, when */
	match?: { kind: 'put' | 'get' | 'delete' | 'watch'; node: number; key: string; callUs: number; nth: number; found: boolean };
}

/** A word as etcdctl's command line would need it (quoted when it holds spaces or quotes). */
function word(s: string): string {
	return s !== '' && !/[\s"'\\]/.test(s) ? s : `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The console lines a recorded action list stands for: each put, get, delete and watch the sender
 * typed (or a scenario took), as the line that makes it, so a link, an exercise or a restart shows
 * the same transcript. A linearizable `get health` is what `endpoint health` sends: it is told as that.
 */
export function retold(actions: readonly Step[], members: number): ConsoleEntry[] {
	const out: ConsoleEntry[] = [];
	const seen = new Map<string, number>();
	let seq = 1;
	for (const a of actions) {
		if (a.do !== 'put' && a.do !== 'get' && a.do !== 'delete' && a.do !== 'watch') continue;
		if (a.node < 1 || a.node > members) continue;
		const callUs = Math.round(a.atMs * 1000);
		const id = `${a.do}|${a.node}|${a.key}|${callUs}`;
		const nth = seen.get(id) ?? 0;
		seen.set(id, nth + 1);
		const health = a.do === 'get' && a.key === 'health' && !a.serializable;
		const line =
			a.do === 'put'
				? `put ${word(a.key)} ${word(a.value)}`
				: a.do === 'get'
					? health
						? 'endpoint health'
						: `get ${word(a.key)}${a.serializable ? ' --consistency=s' : ''}`
					: a.do === 'delete'
						? `del ${word(a.key)}`
						: `watch ${word(a.key)}${a.fromRevision !== undefined ? ` --rev=${a.fromRevision}` : ''}`;
		out.push({
			seq: seq++,
			atMs: a.atMs,
			endpoint: a.node,
			line,
			command: parse(line).command,
			opId: null,
			watchId: null,
			health: health ? [{ label: endpointOf(a.node), opId: null }] : null,
			fixed: [],
			local: null,
			match: { kind: a.do, node: a.node, key: a.key, callUs, nth, found: false }
		});
	}
	return out;
}

/** An `etcdctl check perf` as it runs: the progress bar's seconds, then the verdict (or why it failed). */
export interface PerfView {
	elapsedS: number;
	lines: OutLine[] | null;
}

export class ConsoleState {
	entries: ConsoleEntry[] = $state.raw([]);
	/** check perf runs by entry seq (replaced whole on every update) */
	perf: Record<number, PerfView> = $state.raw({});
	endpoint = $state(1);
	/** what was typed, for arrow-key recall */
	typed: string[] = [];

	#session: Session;
	#seq = 1;
	#delCounts = new Map<number, number>();
	#printed = new Map<number, OutLine[]>();
	#unsubscribe: () => void;
	#perfStops = new Map<number, () => void>();

	constructor(session: Session) {
		this.#session = session;
		// a link, an exercise or a restart: the sender's requests, as the lines that made them
		this.entries = retold(session.actions, MAX_MEMBER_IDS);
		this.#seq = this.entries.length + 1;
		this.#unsubscribe = session.onTruncate((restarted) => {
			const now = session.nowMs;
			this.entries = restarted ? [] : this.entries.filter((e) => e.atMs <= now);
			// a check perf typed in the dropped future stops
			const kept = new Set(this.entries.map((e) => e.seq));
			for (const [seq, stop] of this.#perfStops)
				if (!kept.has(seq)) {
					stop();
					this.#perfStops.delete(seq);
				}
			this.#delCounts.clear(); // op ids of the dropped future may come back as other ops
			this.#printed.clear();
		});
	}

	destroy(): void {
		this.#unsubscribe();
		for (const stop of this.#perfStops.values()) stop();
		this.#perfStops.clear();
	}

	/** etcdctl check perf: etcd's profile on a copy of the cluster at this moment, in a worker (or in slices). */
	#checkPerf(entry: ConsoleEntry, endpoints: number[], load: Extract<Command, { kind: 'checkPerf' }>['load']): void {
		const s = this.#session;
		const seq = entry.seq;
		const set = (v: PerfView): void => {
			this.perf = { ...this.perf, [seq]: v };
		};
		set({ elapsedS: 0, lines: null });
		const stop = startCheckPerf({ scenario: s.scenario, actions: s.actions.slice(), atMs: s.nowMs, endpoints, load }, (r) => {
			if (r.type === 'progress') set({ elapsedS: r.elapsedS, lines: null });
			else if (r.type === 'error') {
				set({ elapsedS: this.perf[seq]?.elapsedS ?? 0, lines: [{ text: `Error: ${r.message}`, kind: 'err' }] });
				this.#perfStops.delete(seq);
			} else {
				const { lines } = checkPerfLines(r.result);
				const out: OutLine[] = lines.map((text) => ({ text, kind: text.startsWith('PASS') ? 'out' : 'err' }));
				set({ elapsedS: r.result.refused === null ? CHECK_PERF_LOADS[load].durationS : 0, lines: out });
				this.#perfStops.delete(seq);
			}
		});
		this.#perfStops.set(seq, stop);
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
		const entry: ConsoleEntry = { seq: this.#seq++, atMs: s.nowMs, endpoint, line, command: parsed.command, opId: null, watchId: null, health: null, fixed: [], local: null };
		const cmd = parsed.command;
		const c = s.cluster;
		// endpoint status/health speak to every endpoint named; the rest to the first (etcdctl's balancer)
		const many = cmd.kind === 'status' || cmd.kind === 'health';
		if (parsed.endpoint !== null && !many) {
			const first = parsed.endpoint;
			const n = memberOfEndpoint(first, size);
			if (n === null) {
				entry.fixed = [{ text: `Error: dial tcp ${first.replace(/^https?:\/\//, '')}: connect: connection refused`, kind: 'err' }];
				this.entries = [...this.entries, entry];
				return true;
			}
			endpoint = n;
			entry.endpoint = n;
		}
		const targets = (): string[] => {
			if ((cmd.kind === 'status' || cmd.kind === 'health') && cmd.cluster) {
				// --cluster: the client URLs of every member the member list shows (started ones have them)
				return listed(c.registry).filter((r) => r.started).map((r) => r.clientURL);
			}
			return parsed.endpoints ?? [endpointOf(endpoint)];
		};
		switch (cmd.kind) {
			case 'put':
				s.act({ do: 'put', node: endpoint, key: cmd.key, value: cmd.value });
				entry.opId = lastOp(c.recentOps(1));
				break;
			case 'get':
				s.act({ do: 'get', node: endpoint, key: cmd.key, serializable: cmd.serializable });
				entry.opId = lastOp(c.recentOps(1));
				break;
			case 'del':
				s.act({ do: 'delete', node: endpoint, key: cmd.key });
				entry.opId = lastOp(c.recentOps(1));
				break;
			case 'watch':
				s.act({ do: 'watch', node: endpoint, key: cmd.key });
				entry.watchId = c.watches.length > 0 ? c.watches[c.watches.length - 1].id : null;
				break;
			case 'health':
				// etcdctl endpoint health reads the key "health" through raft (a linearizable get) on each endpoint
				entry.health = targets().map((label) => {
					const n = memberOfEndpoint(label, size);
					if (n === null) return { label, opId: null };
					s.act({ do: 'get', node: n, key: 'health', serializable: false });
					return { label, opId: lastOp(c.recentOps(1)) };
				});
				break;
			case 'status':
				entry.fixed = statusLines(s.frame, targets(), cmd.format, c.registry);
				break;
			case 'memberList': {
				const m = s.frame.members[endpoint - 1];
				entry.fixed = m && m.alive ? memberListLines(c.registry, cmd.format, m.id, m.term) : [{ text: 'Error: context deadline exceeded', kind: 'err' }];
				break;
			}
			case 'memberAdd': {
				const taken = listed(c.registry).find((r) => r.peerURL === cmd.peerURLs);
				if (taken) {
					entry.fixed = [{ text: 'Error: etcdserver: Peer URLs already exists', kind: 'err' }];
					break;
				}
				if (c.size >= 9) {
					entry.fixed = [{ text: 'Error: this playground runs at most 9 member numbers', kind: 'err' }];
					break;
				}
				// the new member's process does not run yet: start it from the picture (or restart it)
				s.act({ do: 'memberAdd', learner: cmd.learner, start: false, endpoint });
				entry.opId = lastOp(c.recentOps(1));
				break;
			}
			case 'memberPromote':
			case 'memberRemove': {
				const target = numberOfId(c.registry, cmd.id);
				if (target === null) {
					entry.fixed = [{ text: 'Error: etcdserver: member not found', kind: 'err' }];
					break;
				}
				s.act({ do: cmd.kind, node: target, endpoint });
				entry.opId = lastOp(c.recentOps(1));
				break;
			}
			case 'moveLeader':
				entry.fixed = this.#moveLeader(parsed.endpoints ?? [endpointOf(endpoint)], cmd.id);
				break;
			case 'checkPerf': {
				// each client dials the endpoints in turn; a name that is no member is refused at once
				const eps = (parsed.endpoints ?? [endpointOf(endpoint)]).map((ep) => memberOfEndpoint(ep, size));
				this.#checkPerf(entry, eps.filter((n): n is number => n !== null), cmd.load);
				break;
			}
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

	/** etcdctl move-leader: the leader must be among the endpoints; it hands over to the member with that ID. */
	#moveLeader(endpoints: string[], id: string): OutLine[] {
		const s = this.#session;
		const f = s.frame;
		const size = f.members.length;
		let leader: number | null = null;
		for (const ep of endpoints) {
			const n = memberOfEndpoint(ep, size);
			const m = n === null ? undefined : f.members[n - 1];
			if (!m || !m.alive) return [{ text: 'Error: context deadline exceeded', kind: 'err' }];
			if (m.role === 'leader' && m.lead === m.id) {
				leader = m.id;
				break;
			}
		}
		if (leader === null) return [{ text: `Error: no leader endpoint given at [${endpoints.join(' ')}]`, kind: 'err' }];
		const target = numberOfId(s.cluster.registry, id);
		if (target === null || s.cluster.registry[target].learner) return [{ text: 'Error: etcdserver: bad leader transferee', kind: 'err' }];
		if (target !== leader) {
			if (!f.members[target - 1].alive) return [{ text: 'Error: etcdserver: request timed out, leader transfer took too long', kind: 'err' }];
			s.act({ do: 'transfer', to: target });
		}
		return [{ text: `Leadership transferred from ${memberIdOf(leader)} to ${memberIdOf(target)}`, kind: 'out' }];
	}

	/**
	 * A retold entry finds its request or watch in the cluster's whole history once the replay has
	 * made it (ops are kept in call order: a binary search finds the moment), then reads like a typed one.
	 */
	#resolve(e: ConsoleEntry): void {
		const m = e.match;
		if (!m || m.found) return;
		const c = this.#session.cluster;
		let nth = m.nth;
		if (m.kind === 'watch') {
			const w = c.watches.find((x) => x.node === m.node && x.key === m.key && x.createdUs === m.callUs && nth-- === 0);
			if (w) {
				e.watchId = w.id;
				m.found = true;
			}
			return;
		}
		const ops = c.ops;
		let lo = 0;
		let hi = ops.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ops[mid].callUs < m.callUs) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < ops.length && ops[i].callUs === m.callUs; i++) {
			const o = ops[i];
			if (o.kind !== m.kind || o.node !== m.node || o.key !== m.key || nth-- !== 0) continue;
			if (e.health !== null) e.health[0].opId = o.id;
			else e.opId = o.id;
			m.found = true;
			return;
		}
	}

	/** An op by id: in the frame's window, or (older) in the cluster's history, kept in id order. */
	#op(id: number, ops: readonly ClientOp[]): ClientOp | undefined {
		const inFrame = ops.find((o) => o.id === id);
		if (inFrame) return inFrame;
		const all = this.#session.cluster.ops;
		let lo = 0;
		let hi = all.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			if (all[mid].id === id) return all[mid];
			if (all[mid].id < id) lo = mid + 1;
			else hi = mid - 1;
		}
		return undefined;
	}

	/** The output of an entry as the frame stands (null: still waiting). */
	output(e: ConsoleEntry, ops: readonly ClientOp[], watches: readonly ClientWatch[]): OutLine[] | null {
		this.#resolve(e);
		if (e.match && !e.match.found) return e.match.kind === 'watch' ? [] : null;
		if (e.health !== null) return this.#healthOutput(e, ops);
		if (e.opId !== null) {
			const kept = this.#printed.get(e.seq);
			const op = this.#op(e.opId, ops);
			// an old request may have left the frame's window of ops: show what it printed then
			if (!op) return kept ?? null;
			if (op.status === 'pending') return null;
			// a range read prints what the member held when it answered: computed once
			if (kept && e.command.kind === 'get') return kept;
			const lines = this.#opLines(e, op);
			this.#printed.set(e.seq, lines);
			return lines;
		}
		if (e.watchId !== null) {
			const w = watches.find((x) => x.id === e.watchId);
			return w ? watchLines(w) : [];
		}
		if (e.command.kind === 'checkPerf') {
			const v = this.perf[e.seq];
			if (!v) return e.fixed;
			const refused = v.lines !== null && v.lines.length === 1 && v.lines[0].kind === 'err';
			const bar: OutLine = { text: checkPerfBar(v.elapsedS, CHECK_PERF_LOADS[e.command.load].durationS), kind: 'out' };
			return refused ? (v.lines ?? []) : [bar, ...(v.lines ?? [])];
		}
		return e.fixed;
	}

	#healthOutput(e: ConsoleEntry, ops: readonly ClientOp[]): OutLine[] | null {
		const probes = e.health ?? [];
		const rows: HealthRow[] = [];
		for (const p of probes) {
			if (p.opId === null) {
				rows.push({ ep: p.label, health: false, took: '', error: 'context deadline exceeded' });
				continue;
			}
			const op = this.#op(p.opId, ops);
			if (!op) return this.#printed.get(e.seq) ?? null;
			if (op.status === 'pending') return null;
			const took = goDuration(((op.returnUs ?? op.callUs) - op.callUs) / 1000);
			rows.push({ ep: p.label, health: op.status === 'ok', took, error: op.status === 'ok' ? '' : (op.error ?? 'context deadline exceeded').replace(/^Error: /, '') });
		}
		const format = e.command.kind === 'health' ? e.command.format : 'simple';
		const out = healthLines(rows, format);
		this.#printed.set(e.seq, out);
		return out;
	}

	#opLines(e: ConsoleEntry, op: ClientOp): OutLine[] {
		if (op.status !== 'ok') return [{ text: op.error ?? 'Error: context deadline exceeded', kind: 'err' }];
		const c = this.#session.cluster;
		const cmd = e.command;
		const format: Format = cmd.kind === 'put' || cmd.kind === 'get' || cmd.kind === 'del' ? cmd.format : 'simple';
		// etcdctl does the request, then its printer refuses the format
		if (format === 'table') return [{ text: 'Error: table not supported as output format', kind: 'err' }];
		const header = (): Record<string, number | bigint> => ({ cluster_id: BigInt(`0x${CLUSTER_ID}`), member_id: BigInt(`0x${memberIdOf(op.node)}`), revision: op.revision ?? 0, raft_term: this.#session.frame.members[op.node - 1]?.term ?? 0 });
		switch (op.kind) {
			case 'put':
				return format === 'json' ? [{ text: goJson({ header: header() }), kind: 'out' }] : [{ text: 'OK', kind: 'out' }];
			case 'get': {
				const g = cmd.kind === 'get' ? cmd : null;
				if (g === null) return [];
				const read = c.readRange(op.node, op.key, g.prefix, g.rev);
				if ('error' in read) return [{ text: read.error, kind: 'err' }];
				if (format === 'json') {
					const kvs = read.kvs.map((kv) => ({ key: b64(kv.key), create_revision: kv.createRevision, mod_revision: kv.modRevision, version: kv.version, ...(g.keysOnly ? {} : { value: b64(kv.value) }) }));
					return [{ text: goJson({ header: header(), ...(kvs.length > 0 ? { kvs } : {}), ...(kvs.length > 0 ? { count: kvs.length } : {}) }), kind: 'out' }];
				}
				const out: OutLine[] = [];
				for (const kv of read.kvs) out.push({ text: kv.key, kind: 'out' }, { text: g.keysOnly ? '' : kv.value, kind: 'out' });
				return out;
			}
			case 'delete': {
				let n = this.#delCounts.get(op.id);
				if (n === undefined) {
					n = deletedCount(c, op);
					this.#delCounts.set(op.id, n);
				}
				return format === 'json' ? [{ text: goJson({ header: header(), ...(n > 0 ? { deleted: n } : {}) }), kind: 'out' }] : [{ text: String(n), kind: 'out' }];
			}
			case 'memberAdd':
				return memberAddLines(e.command, op, c.registry);
			case 'memberPromote':
				return [{ text: `Member ${memberIdOf(op.target ?? 0)} promoted in cluster ${CLUSTER_ID}`, kind: 'out' }];
			case 'memberRemove':
				return [{ text: `Member ${memberIdOf(op.target ?? 0)} removed from cluster ${CLUSTER_ID}`, kind: 'out' }];
		}
	}

	/** Console requests still waiting for an answer. */
	pending(ops: readonly ClientOp[], nowMs: number): { entry: ConsoleEntry; op: ClientOp }[] {
		const out: { entry: ConsoleEntry; op: ClientOp }[] = [];
		for (const e of this.entries) {
			if (e.atMs > nowMs) continue;
			this.#resolve(e);
			const ids = e.health !== null ? e.health.map((p) => p.opId) : [e.opId];
			for (const id of ids) {
				if (id === null) continue;
				const op = ops.find((o) => o.id === id);
				if (op && op.status === 'pending') out.push({ entry: e, op });
			}
		}
		return out;
	}
}

function lastOp(ops: readonly ClientOp[]): number | null {
	return ops.length > 0 ? ops[ops.length - 1].id : null;
}

