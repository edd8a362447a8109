/** Runs one lab job on the engine (the worker, tests and the bench call this; the page does not). */
import type { Job, JobResult } from './jobs';
import { findLeadershipThresholds, runPoint } from './sweep';

export function runJob(job: Job): JobResult {
	if (job.kind === 'point') return { kind: 'point', result: runPoint(job.params) };
	return { kind: 'threshold', result: findLeadershipThresholds(job.params) };
}
