/**
 * The lab page's state: the parameters a student picks, the results computed so far (cached by
 * parameter key, so the same point is never computed twice in a session), and the worker run
 * that fills in what is missing. Views read getters; nothing here touches the DOM.
 */
import { E1_CLOSED } from '../../lab/etcd-facts-data';
import { jobKey, toCsv, type CsvRow, type FactsParams, type FactsResult, type Job, type JobResult } from '../../lab/jobs';
import {
	BASELINE_FSYNC_MS,
	CLUSTER_SIZES,
	ETCD,
	FSYNC_VALUES_MS,
	LOAD_CLIENT_COUNTS,
	calibrationOf,
	calibrationPoint,
	fsyncForP99,
	loadPoints,
	pointParams,
	sweepPoints,
	thresholdParams,
	type Calibration,
	type PointParams,
	type PointResult,
	type SlowDisks,
	type ThresholdParams,
	type ThresholdResult
} from '../../lab/params';
import type { WorkerReply, WorkerRequest } from './sweep.worker';

export type RunStatus = 'idle' | 'running' | 'done' | 'canceled' | 'error';

export interface Explanation {
	parallel3x10: PointParams;
	slowLeader5x100: PointParams;
	slowFollower5x100: PointParams;
	slowMinority5x100: PointParams;
	sizesAt1: PointParams[];
	/** 3 members, every disk at the fsync whose p99 is etcd's 10 ms limit */
	guidance3: PointParams;
}

export function createSweepWorker(): Worker {
	return new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module' });
}

/** Cluster sizes searched for the leadership threshold (one member has no one to send heartbeats to). */
const THRESHOLD_SIZES = [3, 5, 7];

export class LabState {
	slow: SlowDisks = $state('everyone');
	latencyMs = $state(0.15);
	clients = $state(1);
	puts = $state(200);
	/** the throughput chart's fsync: the benchmark's SSD by default, where etcd's 1,000-client figure was measured */
	loadFsyncMs = $state(BASELINE_FSYNC_MS);

	status: RunStatus = $state('idle');
	done = $state(0);
	total = $state(0);
	cached = $state(0);
	error: string | null = $state(null);

	/** bumps whenever a result lands in the cache: getters read it to stay reactive */
	#version = $state(0);
	#cache = new Map<string, JobResult>();
	#keys = new WeakMap<object, string>();
	#worker: Worker | null = null;
	#runId = 0;
	#createWorker: () => Worker;

	constructor(createWorker: () => Worker = createSweepWorker) {
		this.#createWorker = createWorker;
	}

	// ------------------------------------------------------------------ what the current parameters ask for

	// The parameter lists and the results are derived: made again when what they read changes, not
	// at every read. A sweep lands a result every few milliseconds and five charts, the table and
	// the explanations read them; rebuilding every list and every point's key (a string of 16
	// fields) at each read took 0.8 s of the main thread over a sweep, in tasks up to 90 ms.

	readonly sweepParams: PointParams[] = $derived(
		sweepPoints({ sizes: CLUSTER_SIZES, fsyncValuesMs: FSYNC_VALUES_MS, slow: this.slow, latencyMs: this.latencyMs, clients: this.clients, puts: this.puts })
	);

	readonly loadParams: PointParams[] = $derived(
		loadPoints({ sizes: CLUSTER_SIZES, clientCounts: LOAD_CLIENT_COUNTS, fsyncMs: this.loadFsyncMs, slow: this.slow, latencyMs: this.latencyMs, puts: this.puts })
	);

	readonly thresholdParams: ThresholdParams[] = $derived(THRESHOLD_SIZES.map((size) => thresholdParams({ size, latencyMs: this.latencyMs })));

	readonly explanationParams: Explanation = $derived.by(() => this.#explanation());

	#explanation(): Explanation {
		const base = { latencyMs: this.latencyMs, clients: 1, puts: 200 };
		return {
			parallel3x10: pointParams({ ...base, size: 3, fsyncMs: 10, slow: 'everyone' }),
			slowLeader5x100: pointParams({ ...base, size: 5, fsyncMs: 100, slow: 'leader' }),
			slowFollower5x100: pointParams({ ...base, size: 5, fsyncMs: 100, slow: 'follower' }),
			slowMinority5x100: pointParams({ ...base, size: 5, fsyncMs: 100, slow: 'minority' }),
			sizesAt1: CLUSTER_SIZES.map((size) => pointParams({ ...base, size, fsyncMs: 1, slow: 'everyone' })),
			guidance3: pointParams({ ...base, size: 3, fsyncMs: Math.round(fsyncForP99(ETCD.fsyncP99GuidanceMs) * 100) / 100, slow: 'everyone' })
		};
	}

	/**
	 * The comparison with real etcd: 3 members on the facts' machine at every D etcd was measured
	 * at, 3 seeds pooled (100 puts each here, to stay quick; the tests run 3 x 300 as measured).
	 */
	readonly factsParams: FactsParams[] = E1_CLOSED[3].map((f) => ({ size: 3, delayMs: f.delayMs, puts: 100, runs: 3 }));

	/** Every job the page shows, in the order worth computing: calibration, the sweep, the explanation, real etcd's points, the rest. */
	get jobs(): Job[] {
		const e = this.explanationParams;
		const jobs: Job[] = [
			{ kind: 'point', params: this.#calibrationPoint },
			...this.sweepParams.map((params): Job => ({ kind: 'point', params })),
			...[e.parallel3x10, e.guidance3, e.slowLeader5x100, e.slowFollower5x100, e.slowMinority5x100, ...e.sizesAt1].map((params): Job => ({ kind: 'point', params })),
			...this.factsParams.map((params): Job => ({ kind: 'facts', params })),
			...this.thresholdParams.map((params): Job => ({ kind: 'threshold', params })),
			...this.loadParams.map((params): Job => ({ kind: 'point', params }))
		];
		const seen = new Set<string>();
		return jobs.filter((j) => {
			const k = this.#keyOf(j);
			if (seen.has(k)) return false;
			seen.add(k);
			return true;
		});
	}

	/** A string that changes whenever the parameters do. */
	get paramsKey(): string {
		return [this.slow, this.latencyMs, this.clients, this.puts, this.loadFsyncMs].join('|');
	}

	// ------------------------------------------------------------------ results (reactive)

	/** A job's cache key, made once per parameters object (the derived lists keep theirs until they change). */
	#keyOf(job: Job): string {
		let k = this.#keys.get(job.params);
		if (k === undefined) {
			k = jobKey(job);
			this.#keys.set(job.params, k);
		}
		return k;
	}

	point(p: PointParams): PointResult | null {
		void this.#version;
		const r = this.#cache.get(this.#keyOf({ kind: 'point', params: p }));
		return r?.kind === 'point' ? r.result : null;
	}

	threshold(p: ThresholdParams): ThresholdResult | null {
		void this.#version;
		const r = this.#cache.get(this.#keyOf({ kind: 'threshold', params: p }));
		return r?.kind === 'threshold' ? r.result : null;
	}

	/** The engine beside real etcd, point by point (what is computed so far). */
	readonly facts: FactsResult[] = $derived.by(() => {
		void this.#version;
		const out: FactsResult[] = [];
		for (const p of this.factsParams) {
			const r = this.#cache.get(this.#keyOf({ kind: 'facts', params: p }));
			if (r?.kind === 'facts') out.push(r.result);
		}
		return out;
	});

	readonly sweep: PointResult[] = $derived(this.sweepParams.map((p) => this.point(p)).filter((r): r is PointResult => r !== null));

	readonly load: PointResult[] = $derived(this.loadParams.map((p) => this.point(p)).filter((r): r is PointResult => r !== null));

	readonly thresholds: ThresholdResult[] = $derived(this.thresholdParams.map((p) => this.threshold(p)).filter((r): r is ThresholdResult => r !== null));

	readonly #calibrationPoint = calibrationPoint();

	readonly calibration: Calibration | null = $derived.by(() => {
		const r = this.point(this.#calibrationPoint);
		return r ? calibrationOf(r) : null;
	});

	get running(): boolean {
		return this.status === 'running';
	}

	// ------------------------------------------------------------------ running

	/** Computes whatever the current parameters need and the cache lacks (a running sweep is replaced). */
	run(): void {
		this.#stopWorker();
		const jobs = this.jobs;
		const missing = jobs.filter((j) => !this.#cache.has(this.#keyOf(j)));
		this.error = null;
		this.total = jobs.length;
		this.cached = jobs.length - missing.length;
		this.done = this.cached;
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
		worker.onmessage = (e: MessageEvent<WorkerReply>) => this.#onReply(e.data, runId);
		worker.onerror = (e: ErrorEvent) => {
			if (runId !== this.#runId) return;
			this.status = 'error';
			this.error = e.message || 'worker error';
			this.#stopWorker();
		};
		const request: WorkerRequest = { type: 'run', runId, jobs: missing };
		worker.postMessage(request);
	}

	#onReply(msg: WorkerReply, runId: number): void {
		if (msg.runId !== runId || runId !== this.#runId) return;
		if (msg.type === 'result') {
			this.#cache.set(msg.key, msg.result);
			this.#version++;
			this.done = this.cached + msg.index + 1;
		} else if (msg.type === 'done') {
			this.status = 'done';
			this.#stopWorker();
		} else {
			this.status = 'error';
			this.error = msg.message;
			this.#stopWorker();
		}
	}

	/** Stops the running sweep at once (the worker is terminated); finished points stay cached. */
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

	// ------------------------------------------------------------------ export

	csv(): string {
		const rows: CsvRow[] = [];
		const cal = this.calibration;
		if (cal) rows.push({ experiment: 'etcd-benchmark-settings', result: cal.result });
		for (const r of this.sweep) rows.push({ experiment: 'fsync-sweep', result: r });
		for (const r of this.load) rows.push({ experiment: 'load-sweep', result: r });
		const e = this.explanationParams;
		for (const p of [e.parallel3x10, e.guidance3, e.slowLeader5x100, e.slowFollower5x100, e.slowMinority5x100, ...e.sizesAt1]) {
			const r = this.point(p);
			if (r) rows.push({ experiment: 'explanation', result: r });
		}
		return toCsv(rows);
	}

	csvFilename(): string {
		return `disk-lab_${this.slow}_${this.latencyMs}ms_${this.clients}clients_${this.puts}puts.csv`;
	}
}
