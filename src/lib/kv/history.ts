/**
 * The client history as the linearizability checker sees it. Serializable reads are left out: etcd
 * promises them no linearizability (they may be stale by design). Failed ops had no effect; a
 * timed-out or unanswered write may have taken effect at any time after its call; a read that got
 * no answer tells nothing.
 */
import { checkLinearizable, type HistoryOp, type LinearizabilityReport, type LinearizableResult } from '../check/linearizability';
import type { ClientOp } from './ops';

export function historyOf(ops: readonly ClientOp[]): HistoryOp[] {
	const out: HistoryOp[] = [];
	for (const op of ops) {
		if (op.kind === 'get' && (op.serializable || op.status !== 'ok')) continue;
		if (op.status === 'fail') continue;
		const known = op.status === 'ok';
		out.push({
			id: op.id,
			kind: op.kind,
			key: op.key,
			value: op.kind === 'delete' ? null : op.value,
			callMs: op.callUs / 1000,
			returnMs: known && op.returnUs !== null ? op.returnUs / 1000 : null
		});
	}
	return out;
}

export function checkHistory(ops: readonly ClientOp[], truncated: boolean): LinearizabilityReport {
	if (truncated) return { result: 'unknown', steps: 0 };
	return checkLinearizable(historyOf(ops));
}

/**
 * The linearizability verdict of a growing history, checked incrementally: each `update` re-checks
 * only the keys whose ops changed since the last one (a new op, or an op that got its answer);
 * every other key keeps its verdict (P-compositionality: keys are independent registers, so the
 * whole is linearizable iff every key is). The verdict equals checkLinearizable on the whole
 * history, as long as no key exhausts its budget. Once the history has been cut (the cluster
 * dropped its oldest ops), the verdict is 'unknown', as in the run report.
 */
export class LinearizabilityMonitor {
	readonly #budgetSteps: number;
	/** every op seen, by key */
	#byKey = new Map<string, ClientOp[]>();
	/** per key: its verdict when last checked */
	#verdicts = new Map<string, LinearizableResult>();
	#dirty = new Set<string>();
	/** ops still unanswered when last seen (their answer makes their key dirty) */
	#pending = new Set<ClientOp>();
	/** ops appended to the cluster's list so far (its length plus those it dropped) */
	#seen = 0;
	#failed = 0;
	#unknown = 0;

	constructor(budgetStepsPerKey = 200_000) {
		this.#budgetSteps = budgetStepsPerKey;
	}

	/** The verdict after taking in `ops` (the cluster's list; `dropped` ops were cut from its front). */
	update(ops: readonly ClientOp[], dropped = 0): LinearizableResult {
		if (dropped > 0) return 'unknown';
		for (let i = this.#seen; i < ops.length; i++) {
			const op = ops[i];
			let list = this.#byKey.get(op.key);
			if (list === undefined) {
				list = [];
				this.#byKey.set(op.key, list);
			}
			list.push(op);
			this.#dirty.add(op.key);
			if (op.status === 'pending') this.#pending.add(op);
		}
		this.#seen = ops.length;
		for (const op of this.#pending) {
			if (op.status === 'pending') continue;
			this.#pending.delete(op);
			this.#dirty.add(op.key);
		}
		for (const key of this.#dirty) {
			const list = this.#byKey.get(key) as ClientOp[];
			this.#set(key, checkLinearizable(historyOf(list), { budgetSteps: this.#budgetSteps }).result);
		}
		this.#dirty.clear();
		return this.#failed > 0 ? false : this.#unknown > 0 ? 'unknown' : true;
	}

	#set(key: string, v: LinearizableResult): void {
		const was = this.#verdicts.get(key);
		if (was === false) this.#failed--;
		if (was === 'unknown') this.#unknown--;
		if (v === false) this.#failed++;
		if (v === 'unknown') this.#unknown++;
		this.#verdicts.set(key, v);
	}
}
