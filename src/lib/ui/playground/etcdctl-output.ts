/**
 * What the console prints, as etcdctl 3.5 prints it: member list and endpoint status/health in the
 * simple (default), table and json formats with etcd's columns and field names, member add's
 * environment lines. Pure functions (no runes): the console state calls them, tests check them.
 */
import type { MemberRecord, MemberView } from '../../cluster/types';
import type { Frame } from '../session/frame';
import type { ClientOp, ClientWatch } from '../../cluster/types';
import { CLUSTER_ID, ETCD_VERSION, goTable, humanBytes, memberIdOf, memberOfEndpoint, sameId, statusSimple, statusTable, type Command, type Format, type StatusRow } from './etcdctl';

export type OutKind = 'out' | 'err' | 'muted';
export interface OutLine {
	text: string;
	kind: OutKind;
}

/** One endpoint's health as etcdctl's epHealth holds it. */
export interface HealthRow {
	ep: string;
	health: boolean;
	took: string;
	error: string;
}

/** etcdctl endpoint health: simple lines (stderr), or the table, or json; then "unhealthy cluster" if any failed. */
export function healthLines(rows: readonly HealthRow[], format: Format): OutLine[] {
	const out: OutLine[] = [];
	if (format === 'json') {
		out.push({ text: JSON.stringify(rows.map((r) => ({ endpoint: r.ep, health: r.health, took: r.took, ...(r.error ? { error: r.error } : {}) }))), kind: 'out' });
	} else if (format === 'table') {
		out.push(...goTable(['endpoint', 'health', 'took', 'error'], rows.map((r) => [r.ep, String(r.health), r.took, r.error])).map((text) => ({ text, kind: 'out' as const })));
	} else {
		for (const r of rows) {
			out.push(r.health
				? { text: `${r.ep} is healthy: successfully committed proposal: took = ${r.took}`, kind: 'out' }
				: { text: `${r.ep} is unhealthy: failed to commit proposal: ${r.error}`, kind: 'err' });
		}
	}
	if (rows.some((r) => !r.health)) out.push({ text: 'Error: unhealthy cluster', kind: 'err' });
	return out;
}

/** The members etcd's member list shows (in the cluster), ordered by ID as etcd orders them. */
export function listed(registry: readonly (MemberRecord | undefined)[]): MemberRecord[] {
	return registry.filter((r): r is MemberRecord => r !== undefined && r.member).sort((a, b) => (BigInt(`0x${a.hexId}`) < BigInt(`0x${b.hexId}`) ? -1 : 1));
}

/** The member number an etcd member ID names (null: no such member now). */
export function numberOfId(registry: readonly (MemberRecord | undefined)[], id: string): number | null {
	const r = listed(registry).find((x) => sameId(x.hexId, id));
	return r ? r.id : null;
}

/** Go's encoding/json of a struct: keys in field order; uint64 ids (bigint) as plain numbers. */
export function goJson(v: unknown): string {
	return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `__big${x.toString(10)}__` : x)).replace(/"__big(\d+)__"/g, '$1');
}

/** base64 of a string's UTF-8 bytes (Go encodes []byte fields so). */
export function b64(text: string): string {
	let bin = '';
	for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
	return btoa(bin);
}

/** etcdctl member add: the added line, then the environment the new member starts with. */
export function memberAddLines(command: Command, op: ClientOp, registry: readonly (MemberRecord | undefined)[]): OutLine[] {
	const id = op.target ?? 0;
	const cmd = command.kind === 'memberAdd' ? command : null;
	const lines: OutLine[] = [{ text: `Member ${memberIdOf(id)} added to cluster ${CLUSTER_ID}`, kind: 'out' }];
	if (cmd === null) return lines;
	const conf: string[] = [];
	for (const r of listed(registry)) {
		if (r.id === id) conf.push(`${cmd.name}=${cmd.peerURLs}`);
		else conf.push(`${r.started ? r.name : ''}=${r.peerURL}`);
	}
	lines.push(
		{ text: '', kind: 'out' },
		{ text: `ETCD_NAME=${JSON.stringify(cmd.name)}`, kind: 'out' },
		{ text: `ETCD_INITIAL_CLUSTER=${JSON.stringify(conf.join(','))}`, kind: 'out' },
		{ text: `ETCD_INITIAL_ADVERTISE_PEER_URLS=${JSON.stringify(cmd.peerURLs)}`, kind: 'out' },
		{ text: 'ETCD_INITIAL_CLUSTER_STATE="existing"', kind: 'out' }
	);
	return lines;
}

/** etcdctl member list (etcd's columns; -w simple, table or json). */
export function memberListLines(registry: readonly (MemberRecord | undefined)[], format: Format, self: number, term: number): OutLine[] {
	const ms = listed(registry);
	if (format === 'json') {
		const members = ms.map((r) => ({
			ID: BigInt(`0x${r.hexId}`),
			...(r.started ? { name: r.name } : {}),
			peerURLs: [r.peerURL],
			...(r.started ? { clientURLs: [r.clientURL] } : {}),
			...(r.learner ? { isLearner: true } : {})
		}));
		return [{ text: goJson({ header: { cluster_id: BigInt(`0x${CLUSTER_ID}`), member_id: BigInt(`0x${memberIdOf(self)}`), raft_term: term }, members }), kind: 'out' }];
	}
	const rows = ms.map((r) => [r.hexId, r.started ? 'started' : 'unstarted', r.started ? r.name : '', r.peerURL, r.started ? r.clientURL : '', String(r.learner)]);
	const lines = format === 'table' ? goTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], rows) : rows.map((r) => r.join(', '));
	return lines.map((text) => ({ text, kind: 'out' }));
}

export function watchLines(w: ClientWatch): OutLine[] {
	const out: OutLine[] = [];
	for (const ev of w.events) {
		out.push({ text: ev.type, kind: 'out' }, { text: w.key, kind: 'out' });
		if (ev.type === 'PUT' && ev.value !== null) out.push({ text: ev.value, kind: 'out' });
	}
	if (w.canceled !== null) out.push({ text: w.canceled, kind: 'err' });
	return out;
}

function statusRow(label: string, m: MemberView, term: number): StatusRow {
	return {
		endpoint: label,
		id: memberIdOf(m.id),
		version: ETCD_VERSION,
		dbSize: humanBytes(dbBytes(m)),
		isLeader: m.role === 'leader',
		isLearner: m.learner,
		raftTerm: term,
		raftIndex: m.commitIndex,
		raftAppliedIndex: m.appliedIndex,
		errors: m.lead === null ? 'etcdserver: no leader' : ''
	};
}

function dbBytes(m: MemberView): number {
	return 20480 + 64 * m.revision;
}

/** etcdctl endpoint status for every endpoint named: unreachable ones on stderr first, then the rows. */
export function statusLines(frame: Frame, endpoints: readonly string[], format: Format | boolean, registry: readonly (MemberRecord | undefined)[] = []): OutLine[] {
	const fmt: Format = format === true ? 'table' : format === false ? 'simple' : format;
	const size = frame.members.length;
	const failed: OutLine[] = [];
	const rows: { row: StatusRow; m: MemberView }[] = [];
	for (const label of endpoints) {
		const n = memberOfEndpoint(label, size);
		const m = n === null ? undefined : frame.members[n - 1];
		if (!m || !m.alive) {
			failed.push({ text: `Failed to get the status of endpoint ${label} (context deadline exceeded)`, kind: 'err' });
			continue;
		}
		// RAFT TERM is the term of the last applied entry (etcd's server.Term())
		const cell = frame.memberLogs[m.id - 1]?.find((x) => x !== null && x.index === m.appliedIndex);
		rows.push({ row: statusRow(label, m, cell ? cell.term : m.term), m });
	}
	void registry;
	let lines: string[];
	if (fmt === 'json') {
		lines = [goJson(rows.map(({ row, m }) => ({
			Endpoint: row.endpoint,
			Status: {
				header: { cluster_id: BigInt(`0x${CLUSTER_ID}`), member_id: BigInt(`0x${row.id}`), revision: m.revision, raft_term: m.term },
				version: row.version,
				dbSize: dbBytes(m),
				...(m.lead !== null ? { leader: BigInt(`0x${memberIdOf(m.lead)}`) } : {}),
				raftIndex: row.raftIndex,
				raftTerm: row.raftTerm,
				raftAppliedIndex: row.raftAppliedIndex,
				...(row.errors ? { errors: [row.errors] } : {}),
				dbSizeInUse: dbBytes(m),
				...(row.isLearner ? { isLearner: true } : {})
			}
		})))];
	} else {
		lines = fmt === 'table' ? statusTable(rows.map((r) => r.row)) : statusSimple(rows.map((r) => r.row));
	}
	return [...failed, ...lines.map((text) => ({ text, kind: 'out' as const }))];
}
