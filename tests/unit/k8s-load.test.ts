/**
 * The Kubernetes lens: its load model (nodes into etcd writes), the disk's write bandwidth and a
 * load's valueBytes in the engine, and what the lens's runs show.
 */
import { describe, expect, it } from 'vitest';
import { Disk } from '../../src/lib/sim/disk';
import { validateScenario } from '../../src/lib/scenario/validate';
import { runScenario } from '../../src/lib/scenario/run';
import { K8S, crossing, firstMissedHeartbeat, k8sLoad, k8sParams, k8sStreams, measureMsFor, runK8sPoint, type K8sResult } from '../../src/lib/lab/k8s';

describe('Kubernetes nodes as etcd writes', () => {
	it('a node renews its Lease every 10 s and posts its status every 5 minutes', () => {
		const [lease, status] = k8sStreams(1000, 0);
		expect(lease).toEqual({ kind: 'lease', writesPerSec: 100, valueBytes: K8S.leaseBytes });
		expect(status.kind).toBe('nodeStatus');
		expect(status.writesPerSec).toBeCloseTo(1000 / 300, 9);
		expect(k8sStreams(1000, 0)).toHaveLength(2);
	});

	it('pod churn adds 8 writes per pod, per node per hour', () => {
		const pods = k8sStreams(900, 2).find((s) => s.kind === 'pods');
		expect(pods?.writesPerSec).toBeCloseTo((900 * 2 * 8) / 3600, 9);
		expect(pods?.valueBytes).toBe(K8S.podBytes);
	});

	it('load and bytes grow in proportion to the nodes', () => {
		const a = k8sLoad(1000, 1);
		const b = k8sLoad(3000, 1);
		expect(b.writesPerSec).toBeCloseTo(3 * a.writesPerSec, 9);
		expect(b.bytesPerSec).toBeCloseTo(3 * a.bytesPerSec, 6);
		// 1,000 nodes: 100 lease renewals + 3.3 status posts + 2.2 pod writes a second, about 100 KB/s
		expect(a.writesPerSec).toBeCloseTo(100 + 1000 / 300 + 8000 / 3600, 9);
		expect(a.bytesPerSec).toBeCloseTo(100 * 400 + (1000 / 300) * 15_000 + (8000 / 3600) * 4000, 6);
	});

	it('a point is measured long enough for about 3,000 puts, 3 to 60 s', () => {
		expect(measureMsFor(50_000, 1)).toBe(3000);
		expect(measureMsFor(50, 0)).toBe(60_000);
		const w = k8sLoad(5000, 1).writesPerSec;
		expect(measureMsFor(5000, 1)).toBe(Math.round((3000 / w) * 1000));
	});

	it('crossing interpolates on log-log between the points around 1 s; null when none reaches it', () => {
		expect(crossing([{ nodes: 100, p99Ms: 10 }, { nodes: 1000, p99Ms: 100 }])).toBeNull();
		expect(crossing([{ nodes: 1000, p99Ms: 100 }, { nodes: 10_000, p99Ms: 10_000 }])).toBe(3162);
		expect(crossing([{ nodes: 10_000, p99Ms: 10_000 }, { nodes: 1000, p99Ms: 100 }])).toBe(3162);
		expect(crossing([{ nodes: 50, p99Ms: 2000 }])).toBe(50);
	});

	it('the first node count with a late heartbeat or an election', () => {
		const r = (nodes: number, hb: number, el: number): K8sResult => ({ ...runFake(nodes), heartbeatWarnings: hb, elections: el });
		expect(firstMissedHeartbeat([r(100, 0, 0), r(1000, 0, 0)])).toBeNull();
		expect(firstMissedHeartbeat([r(3000, 2, 0), r(1000, 0, 1), r(100, 0, 0)])).toBe(1000);
	});
});

function runFake(nodes: number): K8sResult {
	return { params: k8sParams({ disk: 'ssd', size: 3, nodes }), writesPerSec: 0, bytesPerSec: 0, completed: 0, timeouts: 0, p50Ms: 1, p99Ms: 1, maxMs: 1, heartbeatWarnings: 0, elections: 0, overloaded: false, events: 0 };
}

describe('a disk with a write bandwidth', () => {
	it('a sync carrying B bytes takes B / bandwidth longer; without a bandwidth bytes cost nothing', () => {
		const plain = new Disk(1000);
		expect(plain.submit(0, 1, 1_000_000)).toBe(1000);
		const slow = new Disk(1000);
		slow.bytesPerUs = 4; // 4 MB/s
		expect(slow.submit(0, 1, 40_000)).toBe(1000 + 10_000);
		expect(slow.sync(20_000, 4000)).toBe(20_000 + 1000 + 1000);
		expect(slow.sync(30_000)).toBe(31_000);
	});

	it('writes that join a waiting batch add their bytes to it', () => {
		const d = new Disk(1000);
		d.bytesPerUs = 1;
		expect(d.submit(0, 1, 100)).toBe(1100);
		expect(d.submit(500, 1, 100)).toBe(1100 + 1000 + 100); // waits for the running fsync, then its own
		expect(d.submit(600, 1, 300)).toBe(2200 + 300); // joins the waiting batch
	});
});

describe('valueBytes and disk.writeMBps in a scenario', () => {
	const scenario = (valueBytes: number | undefined, writeMBps: number | undefined) =>
		validateScenario({
			version: 1,
			seed: 3,
			cluster: { size: 3 },
			disk: writeMBps === undefined ? { fsyncMs: 2 } : { fsyncMs: 2, writeMBps },
			steps: [{ atMs: 2000, do: 'load', node: 1, writesPerSec: 200, durationMs: 3000, keys: 50, ...(valueBytes === undefined ? {} : { valueBytes }) }],
			untilMs: 8000
		});

	it('without a bandwidth, valueBytes changes nothing: the run is the same event for event', () => {
		const a = runScenario(scenario(undefined, undefined)).report;
		const b = runScenario(scenario(100_000, undefined)).report;
		expect(b.traceHash).toBe(a.traceHash);
	});

	it('with a bandwidth, large values make puts slower, and small ones barely', () => {
		const small = runScenario(scenario(100, 10)).report.summary.puts;
		const large = runScenario(scenario(20_000, 10)).report.summary.puts;
		const none = runScenario(scenario(100, undefined)).report.summary.puts;
		expect(small.ok).toBe(600);
		expect(large.ok).toBe(600);
		// 200 writes/s x 20 KB = 4 MB/s of WAL and as much for the backend: 80% of a 10 MB/s disk
		expect(large.p50Ms as number).toBeGreaterThan(2 * (small.p50Ms as number));
		expect(small.p50Ms as number).toBeLessThan(1.2 * (none.p50Ms as number));
	});
});

describe('the lens on the engine', () => {
	it('at 1,000 nodes an HDD is far slower than an SSD, and both stay under the 1 s objective', () => {
		const ssd = runK8sPoint(k8sParams({ disk: 'ssd', size: 3, nodes: 1000 }));
		const hdd = runK8sPoint(k8sParams({ disk: 'hdd', size: 3, nodes: 1000 }));
		expect(ssd.timeouts).toBe(0);
		expect(hdd.timeouts).toBe(0);
		expect(hdd.p99Ms).toBeGreaterThan(5 * ssd.p99Ms);
		expect(hdd.p99Ms).toBeLessThan(K8S.sloMs);
		expect(ssd.completed).toBeGreaterThan(2500);
	});

	it('an HDD gives out once the nodes\' bytes outrun its bandwidth: timeouts, late heartbeats', () => {
		const r = runK8sPoint(k8sParams({ disk: 'hdd', size: 3, nodes: 50_000 }));
		expect(r.overloaded).toBe(true);
		expect(r.p99Ms).toBeGreaterThanOrEqual(K8S.sloMs);
		expect(r.heartbeatWarnings + r.elections).toBeGreaterThan(0);
	});

	it('the same parameters give the same numbers', () => {
		const p = k8sParams({ disk: 'hdd', size: 5, nodes: 250 });
		expect(runK8sPoint(p)).toEqual(runK8sPoint(p));
	});
});
