/**
 * etcdctl check perf off the main thread: replays the session to the moment the command was typed
 * on a copy, runs etcd's profile on it in slices, and posts the progress bar's second and the verdict.
 */
import { CheckPerf } from '../../scenario/check-perf';
import type { PerfReply, PerfRequest } from './check-perf-run';

interface WorkerScope {
	postMessage(message: PerfReply): void;
	onmessage: ((e: MessageEvent<PerfRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
	const r = e.data;
	try {
		const cp = new CheckPerf(r.scenario, r.actions, r.atMs, r.endpoints, r.load);
		let shown = -1;
		while (!cp.step(20_000)) {
			const s = Math.floor(cp.elapsedS);
			if (s !== shown) {
				shown = s;
				scope.postMessage({ type: 'progress', elapsedS: cp.elapsedS });
			}
		}
		const result = cp.result;
		if (result) scope.postMessage({ type: 'done', result });
	} catch (err) {
		scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
	}
};
