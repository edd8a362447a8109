/** Small numbers for the words and the latency readout: percentiles, millisecond text, op text. */
import type { ClientOp } from '../../cluster/types';

/** A write as the client sent it: `put foo=v2`, `del foo`. */
export function opText(op: Pick<ClientOp, 'kind' | 'key' | 'value'>): string {
	if (op.kind === 'put') return `put ${op.key}=${op.value ?? ''}`;
	if (op.kind === 'memberAdd' || op.kind === 'memberPromote' || op.kind === 'memberRemove') return `member ${op.kind.slice(6).toLowerCase()}`;
	return `${op.kind === 'delete' ? 'del' : op.kind} ${op.key}`;
}

/** The p-th percentile (0..100) of some numbers, nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return 0;
	return percentileSorted([...values].sort((a, b) => a - b), p);
}

/** The p-th percentile (0..100) of numbers already sorted ascending, nearest rank; 0 for none. */
export function percentileSorted(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

/** Inserts x into an ascending array, keeping it sorted (binary search; O(log n) compares). */
export function insertSorted(sorted: number[], x: number): void {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	sorted.splice(lo, 0, x);
}

/** Milliseconds with a sensible precision: 0.42, 4.2, 42. */
export function msText(ms: number): string {
	return ms < 1 ? ms.toFixed(2) : ms < 10 ? ms.toFixed(1) : ms.toFixed(0);
}
