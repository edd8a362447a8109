import { describe, expect, it } from 'vitest';
import { Disk } from '../../src/lib/sim/disk';
import { Prng } from '../../src/lib/sim/prng';
import { validateScenario } from '../../src/lib/scenario/validate';
import { runScenario } from '../../src/lib/scenario/run';
import { Recording } from '../../src/lib/scenario/recording';
import { DISK_PRESETS, presetOf } from '../../src/lib/sim/disk-presets';

describe('disk jitter and per-entry cost', () => {
	it('without jitter every fsync takes exactly fsyncUs', () => {
		const d = new Disk(1000, new Prng(1));
		expect(d.submit(0)).toBe(1000);
		expect(d.submit(5000)).toBe(6000);
	});

	it('jitter adds a mean extra of jitterUs with a tail, deterministically', () => {
		const extras = (seed: number): number[] => {
			const d = new Disk(1000, new Prng(seed));
			d.jitterUs = 500;
			const out: number[] = [];
			for (let i = 0; i < 20_000; i++) out.push(d.submit(i * 1_000_000) - i * 1_000_000 - 1000);
			return out;
		};
		const a = extras(7);
		expect(extras(7)).toEqual(a);
		expect(extras(8)).not.toEqual(a);
		const mean = a.reduce((x, y) => x + y, 0) / a.length;
		expect(mean).toBeGreaterThan(450);
		expect(mean).toBeLessThan(550);
		expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
		// about 10% of fsyncs fall in the tail (more than 1x the mean jitter), up to 10x
		const tail = a.filter((x) => x > 500).length / a.length;
		expect(tail).toBeGreaterThan(0.08);
		expect(tail).toBeLessThan(0.12);
		expect(Math.max(...a)).toBeGreaterThan(3000);
		expect(Math.max(...a)).toBeLessThanOrEqual(5000);
	});

	it('each entry in a write costs usPerEntry', () => {
		const d = new Disk(1000, null);
		d.usPerEntry = 20;
		expect(d.submit(0, 10)).toBe(1200);
		expect(d.submit(10_000, 0)).toBe(11_000);
	});

	it('disk.jitterMs in a scenario is optional and widens the put latency tail', () => {
		const base = { version: 1, seed: 3, cluster: { size: 3 }, untilMs: 12_000, steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 10_000, keys: 10 }] };
		const plain = validateScenario(base);
		expect(plain.disk).toEqual({ fsyncMs: 1 });
		const jittery = validateScenario({ ...base, disk: { fsyncMs: 1, jitterMs: 2 } });
		expect(jittery.disk).toEqual({ fsyncMs: 1, jitterMs: 2 });
		expect(() => validateScenario({ ...base, disk: { jitterMs: -1 } })).toThrow(/disk\.jitterMs/);
		const p = runScenario(plain).report.summary.puts;
		const j = runScenario(jittery).report.summary.puts;
		expect(p.ok).toBe(1000);
		expect(j.ok).toBe(1000);
		expect((j.p99Ms as number) - (j.p50Ms as number)).toBeGreaterThan(((p.p99Ms as number) - (p.p50Ms as number)) * 3);
	});
});

describe("etcd's slow fdatasync warning", () => {
	it('is logged when one fsync takes more than 1 s, and not otherwise', () => {
		const steps = (fsyncMs: number) => [1, 2, 3].map((node) => ({ atMs: 1000, do: 'disk', node, fsyncMs }));
		const run = (fsyncMs: number) =>
			runScenario(validateScenario({ version: 1, seed: 3, cluster: { size: 3 }, untilMs: 6000, steps: [...steps(fsyncMs), { atMs: 1100, do: 'put', node: 1, key: 'a', value: 'b' }] })).cluster;
		const slow = run(1500).logs.filter((l) => l.text.startsWith('slow fdatasync'));
		expect(slow.length).toBeGreaterThan(0);
		expect(slow[0].text).toBe('slow fdatasync (took 1500.0 ms, expected-duration 1000 ms)');
		expect(run(900).logs.filter((l) => l.text.startsWith('slow fdatasync'))).toEqual([]);
	});
});

describe('disk presets: each kind of device has its spread', () => {
	const quantile = (xs: number[], q: number): number => {
		const s = xs.slice().sort((a, b) => a - b);
		return s[Math.min(s.length - 1, Math.floor(q * s.length))];
	};

	it.each(DISK_PRESETS.map((p) => [p.id, p] as const))('%s: sampled syncs have the preset p50 and p99 (within 10%)', (_id, p) => {
		const d = new Disk(Math.round(p.fsyncMs * 1000), new Prng(11));
		d.tailUs = Math.round((p.p99Ms - p.fsyncMs) * 1000);
		const xs = Array.from({ length: 40_000 }, () => d.sampleUs() / 1000);
		expect(quantile(xs, 0.5)).toBeGreaterThan(p.fsyncMs * 0.9);
		expect(quantile(xs, 0.5)).toBeLessThan(p.fsyncMs * 1.1);
		expect(quantile(xs, 0.99)).toBeGreaterThan(p.p99Ms * 0.9);
		expect(quantile(xs, 0.99)).toBeLessThan(p.p99Ms * 1.1);
		// a real device: the p99 several times the median
		expect(p.p99Ms / p.fsyncMs).toBeGreaterThanOrEqual(4);
	});

	it('a disk step with p99Ms gives the member that device; without it the spread stays and the median moves', () => {
		const s = validateScenario({
			version: 1,
			cluster: { size: 3 },
			steps: [
				{ atMs: 100, do: 'disk', node: 2, fsyncMs: 10, p99Ms: 50 },
				{ atMs: 200, do: 'disk', node: 2, fsyncMs: 30 }
			],
			untilMs: 300
		});
		const r = new Recording(s);
		r.runTo(150);
		let m = r.cluster.view(2);
		expect([m.fsyncMs, m.fsyncP99Ms]).toEqual([10, 50]);
		expect(presetOf(m.fsyncMs, m.fsyncP99Ms)?.id).toBe('hdd');
		r.runTo(250);
		m = r.cluster.view(2);
		expect([m.fsyncMs, m.fsyncP99Ms]).toEqual([30, 70]);
		expect(presetOf(m.fsyncMs, m.fsyncP99Ms)).toBeUndefined();
	});

	it('a p99 below the median is refused, naming the field', () => {
		expect(() =>
			validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 1, do: 'disk', node: 1, fsyncMs: 10, p99Ms: 5 }], untilMs: 10 })
		).toThrow(/steps\[0\]\.p99Ms.*at least fsyncMs \(10\)/);
	});
});
