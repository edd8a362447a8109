/**
 * Starts an `etcdctl check perf` for the console: in a worker where the browser has one, else on
 * this thread in slices of a few milliseconds (tests, old browsers), so the page never blocks.
 */
import { CheckPerf, type CheckPerfLoadId, type CheckPerfResult } from '../../scenario/check-perf';
import type { Scenario, Step } from '../../scenario/types';

export interface PerfRequest {
	scenario: Scenario;
	actions: Step[];
	atMs: number;
	endpoints: number[];
	load: CheckPerfLoadId;
}

export type PerfReply = { type: 'progress'; elapsedS: number } | { type: 'done'; result: CheckPerfResult } | { type: 'error'; message: string };

/** Runs the check; `onReply` hears the progress and the end. Returns a function that stops it. */
export function startCheckPerf(req: PerfRequest, onReply: (r: PerfReply) => void, useWorker = typeof Worker !== 'undefined'): () => void {
	if (useWorker) {
		let worker: Worker | null = null;
		try {
			worker = new Worker(new URL('./check-perf.worker.ts', import.meta.url), { type: 'module' });
		} catch {
			worker = null;
		}
		if (worker) {
			const w = worker;
			w.onmessage = (e: MessageEvent<PerfReply>) => {
				onReply(e.data);
				if (e.data.type !== 'progress') w.terminate();
			};
			w.onerror = (e: ErrorEvent) => {
				onReply({ type: 'error', message: e.message || 'worker error' });
				w.terminate();
			};
			w.postMessage(req);
			return () => w.terminate();
		}
	}
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let cp: CheckPerf | null = null;
	let shown = -1;
	const slice = (): void => {
		timer = null;
		if (stopped) return;
		try {
			cp ??= new CheckPerf(req.scenario, req.actions, req.atMs, req.endpoints, req.load);
			const until = performance.now() + 8;
			let done = false;
			while (!done && performance.now() < until) done = cp.step(2000);
			const s = Math.floor(cp.elapsedS);
			if (s !== shown) {
				shown = s;
				onReply({ type: 'progress', elapsedS: cp.elapsedS });
			}
			if (done) {
				if (cp.result) onReply({ type: 'done', result: cp.result });
				return;
			}
		} catch (err) {
			onReply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
			return;
		}
		timer = setTimeout(slice, 0);
	};
	timer = setTimeout(slice, 0);
	return () => {
		stopped = true;
		if (timer !== null) clearTimeout(timer);
	};
}
