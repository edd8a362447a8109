/**
 * The lab's unit of work, as the worker and the page's cache see it: a job (one point, one
 * threshold search) has a key built from every parameter that changes its result, so a result
 * computed once is reused whenever the same parameters come back. Also the CSV export. No engine
 * here (the page imports this); run-job.ts runs a job.
 */
import type { PointParams, PointResult, ThresholdParams, ThresholdResult } from './params';
import { k8sKey, type K8sParams, type K8sResult } from './k8s-model';

/** One point of the comparison with real etcd: the facts' machine, every disk slowed by delayMs, closed loop. */
export interface FactsParams {
	size: number;
	delayMs: number;
	/** puts per run, and runs pooled (seeds 1..runs), as the facts pooled 3 x 300 */
	puts: number;
	runs: number;
}

export interface FactsResult {
	params: FactsParams;
	p50Ms: number;
	p99Ms: number;
	meanMs: number;
	backendCommitMeanMs: number;
}

export type Job =
	| { kind: 'point'; params: PointParams }
	| { kind: 'threshold'; params: ThresholdParams }
	| { kind: 'facts'; params: FactsParams }
	| { kind: 'k8s'; params: K8sParams };
export type JobResult =
	| { kind: 'point'; result: PointResult }
	| { kind: 'threshold'; result: ThresholdResult }
	| { kind: 'facts'; result: FactsResult }
	| { kind: 'k8s'; result: K8sResult };

/** Bumped when the engine or the experiment changes what a key's result would be. */
const KEY_VERSION = 3;

export function pointKey(p: PointParams): string {
	return [
		`v${KEY_VERSION}`,
		'pt',
		p.size,
		p.fsyncMs,
		p.slow,
		p.baselineFsyncMs,
		p.latencyMs,
		p.jitterMs,
		p.clientLatencyMs,
		p.applyMs,
		p.fsyncJitterRatio,
		p.walUsPerEntry,
		p.backend ? 'b' : 'w',
		p.clients,
		p.puts,
		p.seed
	].join('|');
}

export function thresholdKey(p: ThresholdParams): string {
	return [`v${KEY_VERSION}`, 'th', p.size, p.latencyMs, p.jitterMs, p.clientLatencyMs, p.applyMs, p.baselineFsyncMs, p.fsyncJitterRatio, p.walUsPerEntry, p.seed, p.maxFsyncMs].join('|');
}

export function factsKey(p: FactsParams): string {
	return [`v${KEY_VERSION}`, 'facts', p.size, p.delayMs, p.puts, p.runs].join('|');
}

export function jobKey(job: Job): string {
	if (job.kind === 'point') return pointKey(job.params);
	if (job.kind === 'threshold') return thresholdKey(job.params);
	if (job.kind === 'k8s') return k8sKey(job.params);
	return factsKey(job.params);
}

// ------------------------------------------------------------------ CSV

export interface CsvRow {
	experiment: string;
	result: PointResult;
}

const CSV_COLUMNS = [
	'experiment',
	'cluster_size',
	'slow_disks',
	'slow_members',
	'fsync_ms',
	'baseline_fsync_ms',
	'latency_ms',
	'client_latency_ms',
	'jitter_ms',
	'apply_ms',
	'fsync_jitter_ratio',
	'wal_us_per_entry',
	'clients',
	'puts',
	'completed',
	'p50_ms',
	'p99_ms',
	'mean_ms',
	'min_ms',
	'max_ms',
	'throughput_per_s',
	'writes_per_fsync',
	'timeouts',
	'elections',
	'heartbeat_warnings',
	'seed'
] as const;

function cell(v: string | number): string {
	const s = String(v);
	return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly CsvRow[]): string {
	const lines = [CSV_COLUMNS.join(',')];
	for (const { experiment, result: r } of rows) {
		const p = r.params;
		lines.push(
			[
				experiment,
				p.size,
				p.slow,
				r.slowMembers.join(' '),
				p.fsyncMs,
				p.baselineFsyncMs,
				p.latencyMs,
				p.clientLatencyMs,
				p.jitterMs,
				p.applyMs,
				p.fsyncJitterRatio,
				p.walUsPerEntry,
				p.clients,
				p.puts,
				r.completed,
				r.p50Ms,
				r.p99Ms,
				r.meanMs,
				r.minMs,
				r.maxMs,
				r.throughputPerSec,
				r.writesPerFsync,
				r.timeouts,
				r.elections,
				r.heartbeatWarnings,
				p.seed
			]
				.map(cell)
				.join(',')
		);
	}
	return lines.join('\n') + '\n';
}
