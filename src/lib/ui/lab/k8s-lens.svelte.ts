/**
 * The Kubernetes lens's state: the pod churn chosen, the points computed so far (cached by their
 * parameters) and the worker run that fills in what is missing. Runs in a worker of its own, so
 * it does not wait behind the disk lab's sweep. Nothing here touches the DOM.
 */
import { jobKey, type Job, type JobResult } from '../../lab/jobs';
import {
	DEFAULT_POD_CHURN,
	K8S_DISKS,
	K8S_NODE_COUNTS,
	K8S_SIZES,
	crossing,
	firstMissedHeartbeat,
	k8sParams,
	type K8sDiskId,
	type K8sParams,
	type K8sResult
} from '../../lab/k8s-model';
import type { WorkerReply, WorkerRequest } from './sweep.worker';
import { createSweepWorker, type RunStatus } from './lab.svelte';

/** The order points are computed in: node counts ascending, every series at each, so the lines grow together. */
const DISK_ORDER: readonly K8sDiskId[] = ['ssd', 'hdd', 'nvme'];

export class K8sLensState {
	podChurn = $state(DEFAULT_POD_CHURN);
	status: RunStatus = $state('idle');
	done = $state(0);
	total = $state(0);
	error: string | null = $state(null);

	#version = $state(0);
	#cache = new Map<string, JobResult>();
	#worker: Worker | null = null;
	#runId = 0;
	#createWorker: () => Worker;

	constructor(createWorker: () => Worker = createSweepWorker) {
		this.#createWorker = createWorker;
	}

	get params(): K8sParams[] {
		const out: K8sParams[] = [];
		for (const nodes of K8S_NODE_COUNTS) for (const disk of DISK_ORDER) for (const size of K8S_SIZES) out.push(k8sParams({ disk, size, nodes, podChurn: this.podChurn }));
		return out;
	}

	result(p: K8sParams): K8sResult | null {
		void this.#version;
		const r = this.#cache.get(jobKey({ kind: 'k8s', params: p }));
		return r?.kind === 'k8s' ? r.result : null;
	}

	/** One series: a disk and a cluster size, the points computed so far, node counts ascending. */
	series(disk: K8sDiskId, size: number): K8sResult[] {
		return K8S_NODE_COUNTS.map((nodes) => this.result(k8sParams({ disk, size, nodes, podChurn: this.podChurn }))).filter((r): r is K8sResult => r !== null);
	}

	/** Where a series' p99 crosses 1 s (null: not within the nodes measured), once the series is complete. */
	crossing(disk: K8sDiskId, size: number): { complete: boolean; nodes: number | null } {
		const s = this.series(disk, size);
		const nodes = crossing(s.map((r) => ({ nodes: r.params.nodes, p99Ms: r.p99Ms })));
		return { complete: s.length === K8S_NODE_COUNTS.length || nodes !== null, nodes };
	}

	/** The smallest node count at which a disk's leader missed a heartbeat (either size). */
	heartbeatsMissedFrom(disk: K8sDiskId): number | null {
		return firstMissedHeartbeat(K8S_SIZES.flatMap((size) => this.series(disk, size)));
	}

	get disks(): typeof K8S_DISKS {
		return K8S_DISKS;
	}

	get running(): boolean {
		return this.status === 'running';
	}

	run(): void {
		this.#stopWorker();
		const jobs: Job[] = this.params.map((params) => ({ kind: 'k8s', params }));
		const missing = jobs.filter((j) => !this.#cache.has(jobKey(j)));
		this.error = null;
		this.total = jobs.length;
		const cached = jobs.length - missing.length;
		this.done = cached;
		if (missing.length === 0) {
			this.status = 'done';
			return;
		}
		const runId = ++this.#runId;
		let worker: Worker;
		try {
			worker = this.#createWorker();
		} catch (err) {
			this.status = 'error';
			this.error = err instanceof Error ? err.message : String(err);
			return;
		}
		this.#worker = worker;
		this.status = 'running';
		worker.onmessage = (e: MessageEvent<WorkerReply>) => {
			const msg = e.data;
			if (msg.runId !== runId || runId !== this.#runId) return;
			if (msg.type === 'result') {
				this.#cache.set(msg.key, msg.result);
				this.#version++;
				this.done = cached + msg.index + 1;
			} else if (msg.type === 'done') {
				this.status = 'done';
				this.#stopWorker();
			} else {
				this.status = 'error';
				this.error = msg.message;
				this.#stopWorker();
			}
		};
		worker.onerror = (e: ErrorEvent) => {
			if (runId !== this.#runId) return;
			this.status = 'error';
			this.error = e.message || 'worker error';
			this.#stopWorker();
		};
		const request: WorkerRequest = { type: 'run', runId, jobs: missing };
		worker.postMessage(request);
	}

	cancel(): void {
		if (this.status !== 'running') return;
		this.#runId++;
		this.#stopWorker();
		this.status = 'canceled';
	}

	#stopWorker(): void {
		if (this.#worker) {
			this.#worker.onmessage = null;
			this.#worker.terminate();
			this.#worker = null;
		}
	}

	dispose(): void {
		this.#runId++;
		this.#stopWorker();
	}
}
