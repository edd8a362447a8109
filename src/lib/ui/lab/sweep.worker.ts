/**
 * The lab's worker: runs jobs (engine experiments) off the main thread and posts each result as
 * it comes, so the page shows progress and stays responsive. The page cancels a run by
 * terminating the worker; a run also checks, between jobs, whether a newer message arrived.
 */
import { jobKey, type Job, type JobResult } from '../../lab/jobs';
import { runJob } from '../../lab/run-job';

export type WorkerRequest = { type: 'run'; runId: number; jobs: Job[] } | { type: 'cancel'; runId: number };

export type WorkerReply =
	| { type: 'result'; runId: number; key: string; index: number; total: number; result: JobResult }
	| { type: 'done'; runId: number }
	| { type: 'error'; runId: number; message: string };

interface WorkerScope {
	postMessage(message: WorkerReply): void;
	onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const canceled = new Set<number>();

/** Lets queued messages (a cancel) in between jobs. */
function yieldToMessages(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

async function run(runId: number, jobs: Job[]): Promise<void> {
	try {
		for (let i = 0; i < jobs.length; i++) {
			if (canceled.has(runId)) return;
			const job = jobs[i];
			const result = runJob(job);
			scope.postMessage({ type: 'result', runId, key: jobKey(job), index: i, total: jobs.length, result });
			await yieldToMessages();
		}
		scope.postMessage({ type: 'done', runId });
	} catch (err) {
		scope.postMessage({ type: 'error', runId, message: err instanceof Error ? err.message : String(err) });
	}
}

scope.onmessage = (e) => {
	const msg = e.data;
	if (msg.type === 'cancel') canceled.add(msg.runId);
	else void run(msg.runId, msg.jobs);
};
