/**
 * "How many Kubernetes nodes can this disk carry?": Kubernetes nodes turned into etcd writes the
 * way Kubernetes makes them, as plain data and arithmetic (the page imports this; the runs are in
 * k8s.ts, which only the worker and the tests load).
 *
 * What a node writes (Kubernetes defaults, kubelet and kube-apiserver):
 * - its Lease in kube-node-lease, renewed every 10 s (the kubelet renews at a quarter of the
 *   lease's 40 s duration); a Lease as stored is a few hundred bytes;
 * - its Node object's status, every 5 minutes when nothing changes (nodeStatusReportFrequency),
 *   sooner on a change; a Node object is large (conditions, addresses, up to 50 images, managed
 *   fields): about 15 KB;
 * - the pods it runs, at the churn rate chosen: each pod started and later deleted is about 8
 *   writes of its Pod object (create, bind, status updates as it starts, graceful delete, final
 *   status, delete), a few KB each. Events are left out (large clusters keep them in an etcd of
 *   their own, --etcd-servers-overrides).
 *
 * The writes arrive spread evenly over time (thousands of kubelets with unrelated clocks), one
 * steady stream per kind, split over the cluster's members as a stacked control plane does (each
 * kube-apiserver talks to the etcd member on its machine).
 */
import { DISK_PRESETS } from '../sim/disk-presets';
import { ETCD_BENCHMARK_SETTINGS, WAL_US_PER_ENTRY } from './params';

export const K8S = {
	/** kubelet: the node Lease is renewed every 10 s (25% of its 40 s duration) */
	leaseRenewS: 10,
	leaseBytes: 400,
	/** kubelet: node status posted every 5 minutes when nothing changed (nodeStatusReportFrequency) */
	nodeStatusS: 300,
	nodeBytes: 15_000,
	/** writes of a Pod object over one pod's life (create, bind, status x3, graceful delete, final status, delete) */
	writesPerPod: 8,
	podBytes: 4_000,
	/** the API's mutating-call latency objective: p99 under 1 s (Kubernetes' API call latency SLO) */
	sloMs: 1000
} as const;

/** etcd's documented hardware tiers (op-guide/hardware.md, "Example hardware configurations"): Kubernetes nodes each serves. */
export const ETCD_TIERS: readonly { nodes: number; id: 'small' | 'medium' | 'large' | 'xlarge' }[] = [
	{ nodes: 50, id: 'small' },
	{ nodes: 250, id: 'medium' },
	{ nodes: 1000, id: 'large' },
	{ nodes: 3000, id: 'xlarge' }
];

/** Pod churn, in pods started (and later deleted) per node per hour. */
export const POD_CHURN_PER_NODE_HOUR: readonly number[] = [0, 1, 6, 30];
export const DEFAULT_POD_CHURN = 1;

/**
 * The lens's disks: the playground's presets (sim/disk-presets.ts: fsync p50/p99 NVMe 0.05/0.2 ms,
 * SSD 1/10 ms, HDD 10/50 ms, each sync drawn from that spread) with a write bandwidth. The bandwidth is the rate at which etcd's
 * writes reach the device: the WAL appends, and bbolt's commits write their dirty pages where free
 * pages are, scattered over the file. On flash scattered writes cost little more than sequential
 * ones; a spinning disk pays a seek per scattered page, so its rate for etcd's pattern is nearer
 * its random-write rate (about 120 x 4 KiB writes a second, ~0.5 MB/s) than its sequential
 * 150 MB/s: 4 MB/s is taken as between the two, generous to the disk.
 */
export type K8sDiskId = 'nvme' | 'ssd' | 'hdd';
export interface K8sDisk {
	id: K8sDiskId;
	/** one sync's median and p99 (the playground's preset) */
	fsyncMs: number;
	p99Ms: number;
	writeMBps: number;
}
const WRITE_MBPS: Readonly<Record<K8sDiskId, number>> = { nvme: 1000, ssd: 200, hdd: 4 };
export const K8S_DISKS: readonly K8sDisk[] = (['nvme', 'ssd', 'hdd'] as const).map((id) => {
	const p = DISK_PRESETS.find((d) => d.id === id);
	if (!p) throw new Error(`no disk preset ${id}`);
	return { id, fsyncMs: p.fsyncMs, p99Ms: p.p99Ms, writeMBps: WRITE_MBPS[id] };
});
export const K8S_SIZES: readonly number[] = [3, 5];
/** Kubernetes nodes on the chart's x axis (Kubernetes supports 5,000; beyond it, to find where a disk gives out) */
export const K8S_NODE_COUNTS: readonly number[] = [50, 100, 250, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 30_000, 40_000, 50_000];

/** One stream of writes: a kind, its rate over the whole cluster and its value size. */
export interface K8sStream {
	kind: 'lease' | 'nodeStatus' | 'pods';
	writesPerSec: number;
	valueBytes: number;
}

/** The writes `nodes` Kubernetes nodes make each second, by kind (pods: churn per node per hour). */
export function k8sStreams(nodes: number, podChurnPerNodeHour: number): K8sStream[] {
	const out: K8sStream[] = [
		{ kind: 'lease', writesPerSec: nodes / K8S.leaseRenewS, valueBytes: K8S.leaseBytes },
		{ kind: 'nodeStatus', writesPerSec: nodes / K8S.nodeStatusS, valueBytes: K8S.nodeBytes }
	];
	if (podChurnPerNodeHour > 0) out.push({ kind: 'pods', writesPerSec: (nodes * podChurnPerNodeHour * K8S.writesPerPod) / 3600, valueBytes: K8S.podBytes });
	return out;
}

/** Writes per second and bytes per second the streams add up to. */
export function k8sLoad(nodes: number, podChurnPerNodeHour: number): { writesPerSec: number; bytesPerSec: number } {
	let w = 0;
	let b = 0;
	for (const s of k8sStreams(nodes, podChurnPerNodeHour)) {
		w += s.writesPerSec;
		b += s.writesPerSec * s.valueBytes;
	}
	return { writesPerSec: w, bytesPerSec: b };
}

export interface K8sParams {
	disk: K8sDiskId;
	size: number;
	nodes: number;
	podChurn: number;
	/** simulated time measured, after the streams have run for warmupMs */
	measureMs: number;
	warmupMs: number;
	seed: number;
}

export interface K8sResult {
	params: K8sParams;
	writesPerSec: number;
	bytesPerSec: number;
	/** puts answered within the measurement, and the latency of all measured puts (a timed-out put counts as its 5 s) */
	completed: number;
	timeouts: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	/** "leader failed to send out heartbeat on time" lines and elections during the measurement */
	heartbeatWarnings: number;
	elections: number;
	/** the measurement stopped early: the cluster could not keep up (latency past the client's timeout) */
	overloaded: boolean;
	events: number;
}

export const K8S_DEFAULTS = { warmupMs: 2000, seed: 1 } as const;

/**
 * How long a point is measured: long enough for about 3,000 puts (a p99 worth reading), at least
 * 3 s and at most 60 s of simulated time (a small cluster's few writes a second).
 */
export function measureMsFor(nodes: number, podChurn: number): number {
	const w = k8sLoad(nodes, podChurn).writesPerSec;
	return Math.min(60_000, Math.max(3000, Math.round((3000 / Math.max(w, 1e-9)) * 1000)));
}

export function k8sParams(p: Partial<K8sParams> & Pick<K8sParams, 'disk' | 'size' | 'nodes'>): K8sParams {
	return {
		disk: p.disk,
		size: p.size,
		nodes: p.nodes,
		podChurn: p.podChurn ?? DEFAULT_POD_CHURN,
		measureMs: p.measureMs ?? measureMsFor(p.nodes, p.podChurn ?? DEFAULT_POD_CHURN),
		warmupMs: p.warmupMs ?? K8S_DEFAULTS.warmupMs,
		seed: p.seed ?? K8S_DEFAULTS.seed
	};
}

export function k8sKey(p: K8sParams): string {
	return ['k8s2', p.disk, p.size, p.nodes, p.podChurn, p.measureMs, p.warmupMs, p.seed].join('|');
}

export function diskOf(id: K8sDiskId): K8sDisk {
	const d = K8S_DISKS.find((x) => x.id === id);
	if (!d) throw new Error(`unknown disk ${id}`);
	return d;
}

/** The settings the lens runs on: the lab's network, apply and WAL costs (its benchmark settings); the disk is the preset's. */
export const K8S_SETTINGS = {
	latencyMs: ETCD_BENCHMARK_SETTINGS.latencyMs,
	applyMs: ETCD_BENCHMARK_SETTINGS.applyMs,
	walUsPerEntry: WAL_US_PER_ENTRY
} as const;

/**
 * The smallest node count at which a series' p99 reaches the objective, interpolated on log-log
 * between the last point under it and the first at or over it; null when no point reaches it.
 * Also says whether it lies beyond the last point measured.
 */
export function crossing(points: readonly { nodes: number; p99Ms: number }[], limitMs: number = K8S.sloMs): number | null {
	const sorted = [...points].sort((a, b) => a.nodes - b.nodes);
	for (let i = 0; i < sorted.length; i++) {
		const b = sorted[i];
		if (b.p99Ms < limitMs) continue;
		if (i === 0) return b.nodes;
		const a = sorted[i - 1];
		const t = (Math.log(limitMs) - Math.log(a.p99Ms)) / (Math.log(b.p99Ms) - Math.log(a.p99Ms));
		return Math.round(Math.exp(Math.log(a.nodes) + t * (Math.log(b.nodes) - Math.log(a.nodes))));
	}
	return null;
}

/** The smallest node count measured at which the leader logged a late heartbeat or lost leadership. */
export function firstMissedHeartbeat(results: readonly K8sResult[]): number | null {
	let best: number | null = null;
	for (const r of results) if ((r.heartbeatWarnings > 0 || r.elections > 0) && (best === null || r.params.nodes < best)) best = r.params.nodes;
	return best;
}
