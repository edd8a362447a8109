/** Small numbers for the words and the latency readout: percentiles, millisecond text, op text. */
import type { ClientOp } from '../../cluster/types';

/** A write as the client sent it: `put foo=v2`, `del foo`. */
export function opText(op: Pick<ClientOp, 'kind' | 'key' | 'value'>): string {
	if (op.kind === 'put') return `put ${op.key}=${op.value ?? ''}`;
	return `${op.kind === 'delete' ? 'del' : op.kind} ${op.key}`;
}

/** The p-th percentile (0..100) of some numbers, nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

/** Milliseconds with a sensible precision: 0.42, 4.2, 42. */
export function msText(ms: number): string {
	return ms < 1 ? ms.toFixed(2) : ms < 10 ? ms.toFixed(1) : ms.toFixed(0);
}
