/**
 * The client history as the linearizability checker sees it. Serializable reads are left out: etcd
 * promises them no linearizability (they may be stale by design). Failed ops had no effect; a
 * timed-out or unanswered write may have taken effect at any time after its call; a read that got
 * no answer tells nothing.
 */
import { checkLinearizable, type HistoryOp, type LinearizabilityReport } from '../check/linearizability';
import type { ClientOp } from '../cluster/types';

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
