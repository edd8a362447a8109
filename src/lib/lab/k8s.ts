/**
 * The Kubernetes lens's runs, on the real engine: a cluster on one of the lens's disks takes the
 * writes `nodes` Kubernetes nodes make (k8s-model.ts), open loop (kubelets do not wait for each
 * other), and the puts' latency is measured as their clients saw it. Deterministic: no DOM, no
 * wall clock; the worker and the tests run it.
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp } from '../cluster/types';
import { clusterOptions, jitterFor, percentile, round3 } from './params';
import { settle, WarningCounter } from './sweep';
import { K8S_SETTINGS, diskOf, k8sLoad, k8sStreams, type K8sParams, type K8sResult } from './k8s-model';

export * from './k8s-model';

/** Runs one point of the lens: `nodes` Kubernetes nodes on `disk`, `size` members. */
export function runK8sPoint(p: K8sParams): K8sResult {
	const disk = diskOf(p.disk);
	const c = new Cluster({
		...clusterOptions({
			size: p.size,
			seed: p.seed,
			latencyMs: K8S_SETTINGS.latencyMs,
			jitterMs: jitterFor(K8S_SETTINGS.latencyMs),
			clientLatencyMs: K8S_SETTINGS.latencyMs,
			applyMs: K8S_SETTINGS.applyMs,
			baselineFsyncMs: disk.fsyncMs,
			fsyncJitterRatio: 0,
			walUsPerEntry: K8S_SETTINGS.walUsPerEntry
		}),
		// the preset's spread: each sync drawn from a log-normal shape with this p99 (sim/disk.ts)
		fsyncP99Ms: disk.p99Ms,
		diskMBps: disk.writeMBps
	});
	settle(c);
	const startMs = c.nowMs;
	const measureFromMs = startMs + p.warmupMs;
	const endMs = measureFromMs + p.measureMs;
	const measured: ClientOp[] = [];
	const streams = k8sStreams(p.nodes, p.podChurn);
	// each stream split evenly over the members (stacked control plane: one kube-apiserver per etcd member)
	streams.forEach((s, si) => {
		const perMember = s.writesPerSec / p.size;
		if (perMember <= 0) return;
		const intervalMs = 1000 / perMember;
		for (let m = 1; m <= p.size; m++) {
			// members' streams start staggered, so their writes interleave
			const offsetMs = (intervalMs * (m - 1 + si / streams.length)) / p.size;
			let i = 0;
			const fire = (): void => {
				const op = c.put(m, `/registry/${s.kind}/${m}-${i}`, 'v', s.valueBytes);
				if (c.nowMs >= measureFromMs) measured.push(op);
				i++;
				const next = startMs + offsetMs + i * intervalMs;
				if (next < endMs) c.at(next, fire);
			};
			c.at(startMs + offsetMs, fire);
		}
	});
	const leadersBefore = c.leaders.length;
	const eventsBefore = c.events;
	let warnings: WarningCounter | null = null;
	// stop once the cluster clearly cannot keep up: more than 1% of the measured puts timed out
	// (their clients gave up after 5 s, so the p99 is past the objective whatever comes next)
	const expected = Math.ceil((k8sLoad(p.nodes, p.podChurn).writesPerSec * p.measureMs) / 1000);
	const timeoutsBefore = c.opCounts.put.timeout + c.opCounts.put.fail;
	let overloaded = false;
	let firstPending = 0;
	let steps = 0;
	// run until every measured put has its answer (or its client gave up)
	while (c.step()) {
		if (warnings === null && c.nowMs >= measureFromMs) warnings = new WarningCounter(c);
		warnings?.update();
		if ((++steps & 1023) === 0 && c.opCounts.put.timeout + c.opCounts.put.fail - timeoutsBefore > expected / 100) {
			overloaded = true;
			break;
		}
		if (c.nowMs < endMs) continue;
		while (firstPending < measured.length && measured[firstPending].status !== 'pending') firstPending++;
		if (firstPending === measured.length) break;
	}
	const durations: number[] = [];
	let timeouts = 0;
	for (const op of measured) {
		if (op.status === 'pending' || op.returnUs === null) {
			durations.push(c.opts.clientTimeoutMs);
			timeouts++;
			continue;
		}
		if (op.status !== 'ok') timeouts++;
		durations.push((op.returnUs - op.callUs) / 1000);
	}
	if (overloaded) {
		// the puts not yet issued or answered would have waited at least as long: count them as timed out
		for (let k = measured.length; k < expected; k++) {
			durations.push(c.opts.clientTimeoutMs);
			timeouts++;
		}
	}
	durations.sort((a, b) => a - b);
	const load = k8sLoad(p.nodes, p.podChurn);
	return {
		params: p,
		writesPerSec: round3(load.writesPerSec),
		bytesPerSec: Math.round(load.bytesPerSec),
		completed: durations.length - timeouts,
		timeouts,
		p50Ms: round3(percentile(durations, 0.5)),
		p99Ms: round3(percentile(durations, 0.99)),
		maxMs: round3(durations[durations.length - 1] ?? NaN),
		heartbeatWarnings: warnings?.count ?? 0,
		elections: c.leaders.length - leadersBefore,
		overloaded,
		events: c.events - eventsBefore
	};
}
