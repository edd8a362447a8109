/** Runs one lab job on the engine (the worker, tests and the bench call this; the page does not). */
import { closedLoopPooled } from './etcd-facts';
import type { Job, JobResult } from './jobs';
import { findLeadershipThresholds, runPoint } from './sweep';
import { runK8sPoint } from './k8s';

export function runJob(job: Job): JobResult {
	if (job.kind === 'point') return { kind: 'point', result: runPoint(job.params) };
	if (job.kind === 'threshold') return { kind: 'threshold', result: findLeadershipThresholds(job.params) };
	if (job.kind === 'k8s') return { kind: 'k8s', result: runK8sPoint(job.params) };
	const p = job.params;
	const r = closedLoopPooled({ size: p.size, delayMs: p.delayMs, puts: p.puts }, p.runs);
	return { kind: 'facts', result: { params: p, p50Ms: r.p50Ms, p99Ms: r.p99Ms, meanMs: r.meanMs, backendCommitMeanMs: r.backendCommitMeanMs } };
}
