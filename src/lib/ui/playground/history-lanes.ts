/**
 * The client history drawn as Porcupine draws it: one row per client (the endpoint it talks to)
 * within each key, one bar per request from its call to its return (a request without an answer is
 * open-ended), and the order the requests took effect. For etcd that order is the store's: each
 * successful write made one revision, and a linearizable read saw the revision it read at, so
 * writes are ordered by revision and a read goes after the write it saw. A serializable read is
 * answered from the member's own copy; it is stale when a write to its key had already come back
 * before the read was sent, with a revision the read did not see. Pure: the view draws what this returns.
 */
import type { ClientOp } from '../../cluster/types';

export interface LaneBar {
	op: ClientOp;
	/** 1, 2, ... within its key: the order the request took effect (null: not known, e.g. a timeout) */
	order: number | null;
	stale: boolean;
	open: boolean;
}

export interface Lane {
	key: string;
	node: number;
	/**
	 * 0, 1, ... among the rows of one key and endpoint: requests to the same member that overlap in
	 * time (a put sent while an earlier one still waits, each etcdctl its own client) take rows of
	 * their own, so no bar is drawn over another (a request without an answer runs on to the edge)
	 */
	row: number;
	bars: LaneBar[];
}

export interface Lanes {
	lanes: Lane[];
	fromUs: number;
	toUs: number;
	stale: number;
}

/** The lanes of the latest `limit` key-value requests (gets, puts, deletes). */
export function historyLanes(ops: readonly ClientOp[], nowUs: number, limit = 40): Lanes {
	const kv: ClientOp[] = [];
	for (let i = ops.length - 1; i >= 0 && kv.length < limit; i--) {
		const o = ops[i];
		if (o.kind === 'put' || o.kind === 'get' || o.kind === 'delete') kv.push(o);
	}
	kv.reverse();
	const byKey = new Map<string, ClientOp[]>();
	for (const o of kv) {
		let list = byKey.get(o.key);
		if (!list) byKey.set(o.key, (list = []));
		list.push(o);
	}
	const orderOf = new Map<number, number>();
	const staleOf = new Set<number>();
	for (const list of byKey.values()) {
		// effect order: writes by the revision they made, a read right after the write it saw
		const placed = list
			.filter((o) => o.status === 'ok' && o.revision !== null && !(o.kind === 'get' && o.serializable))
			.sort((a, b) => (a.revision as number) - (b.revision as number) || (a.kind === 'get' ? 1 : 0) - (b.kind === 'get' ? 1 : 0) || a.callUs - b.callUs);
		placed.forEach((o, i) => orderOf.set(o.id, i + 1));
		for (const r of list) {
			if (r.kind !== 'get' || !r.serializable || r.status !== 'ok' || r.revision === null) continue;
			const missed = list.some((w) => w.kind !== 'get' && w.status === 'ok' && w.returnUs !== null && w.returnUs < r.callUs && (w.revision ?? 0) > (r.revision as number));
			if (missed) staleOf.add(r.id);
		}
	}
	const lanes: Lane[] = [];
	let fromUs = Infinity;
	let toUs = -Infinity;
	for (const [key, list] of byKey) {
		const nodes = [...new Set(list.map((o) => o.node))].sort((a, b) => a - b);
		for (const node of nodes) {
			// each request into the first row free when it was sent (calls come in order)
			const rows: { endUs: number; bars: LaneBar[] }[] = [];
			for (const op of list) {
				if (op.node !== node) continue;
				const open = op.returnUs === null || op.status === 'timeout';
				const bar: LaneBar = { op, order: orderOf.get(op.id) ?? null, stale: staleOf.has(op.id), open };
				const endUs = open ? Infinity : (op.returnUs as number);
				const free = rows.find((r) => r.endUs < op.callUs);
				if (free) {
					free.bars.push(bar);
					free.endUs = endUs;
				} else rows.push({ endUs, bars: [bar] });
			}
			rows.forEach((r, row) => lanes.push({ key, node, row, bars: r.bars }));
		}
		for (const o of list) {
			fromUs = Math.min(fromUs, o.callUs);
			toUs = Math.max(toUs, o.returnUs ?? o.callUs);
		}
	}
	if (lanes.length === 0) return { lanes, fromUs: 0, toUs: 1, stale: 0 };
	toUs = Math.max(toUs, Math.min(nowUs, toUs + (toUs - fromUs) * 0.1 + 1000));
	if (toUs <= fromUs) toUs = fromUs + 1000;
	return { lanes, fromUs, toUs, stale: staleOf.size };
}
