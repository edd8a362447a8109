/**
 * The page's incremental linearizability monitor against the full checker: on generated client
 * histories (fixed seeds), fed op by op as the cluster would (ops appended in call order, answers
 * arriving later), the monitor's verdict after every event equals checkLinearizable on the whole
 * history so far, and its work stays bounded (it re-checks only ops since each key's last cut).
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../src/lib/check/linearizability';
import { historyOf, LinearizabilityMonitor } from '../../src/lib/kv/history';
import type { ClientOp, OpKind } from '../../src/lib/kv/ops';

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Ev {
	atUs: number;
	seq: number;
	run: () => void;
}

interface GenOptions {
	ops: number;
	keys: number;
	/** mean gap between calls, µs (small: much concurrency) */
	gapUs: number;
	/** chance a read answers a wrong value */
	corrupt: number;
}

/**
 * A register store under a client stream: each op takes effect at a random moment inside its
 * interval (so the history is linearizable) unless a read is corrupted; some writes time out
 * (taking effect or not), some ops fail (no effect), some reads are serializable (stale allowed).
 * Calls `observe` after every event with the op list as it stands.
 */
function generate(seed: number, o: GenOptions, observe: (ops: readonly ClientOp[]) => void): void {
	const rnd = mulberry32(seed);
	const store = new Map<string, string>();
	const ops: ClientOp[] = [];
	const queue: Ev[] = [];
	let seq = 0;
	const at = (atUs: number, run: () => void): void => {
		queue.push({ atUs, seq: seq++, run });
	};
	let callUs = 0;
	for (let n = 0; n < o.ops; n++) {
		callUs += Math.floor(rnd() * 2 * o.gapUs);
		const c = callUs;
		at(c, () => {
			const r = rnd();
			const kind: OpKind = r < 0.45 ? 'put' : r < 0.9 ? 'get' : 'delete';
			const key = `k${Math.floor(rnd() * o.keys)}`;
			const op: ClientOp = {
				id: n + 1,
				kind,
				node: 1,
				key,
				value: kind === 'put' ? `v${n + 1}` : null,
				serializable: kind === 'get' && rnd() < 0.1,
				callUs: c,
				returnUs: null,
				status: 'pending',
				error: null,
				revision: null
			};
			ops.push(op);
			const fate = rnd();
			const effectUs = c + 1 + Math.floor(rnd() * 3 * o.gapUs);
			const returnUs = effectUs + Math.floor(rnd() * 3 * o.gapUs);
			if (fate < 0.04) {
				at(returnUs, () => {
					op.status = 'fail';
					op.returnUs = returnUs;
				});
				return;
			}
			const timesOut = kind !== 'get' && fate < 0.1;
			at(effectUs, () => {
				if (timesOut && rnd() < 0.5) return; // a timed-out write that never took effect
				if (op.kind === 'put') store.set(key, op.value as string);
				else if (op.kind === 'delete') store.delete(key);
				else op.value = rnd() < o.corrupt ? `v${1 + Math.floor(rnd() * (n + 1))}` : (store.get(key) ?? null);
			});
			if (timesOut) {
				at(returnUs + 5 * o.gapUs, () => {
					op.status = 'timeout';
				});
				return;
			}
			at(returnUs, () => {
				op.status = 'ok';
				op.returnUs = returnUs;
			});
		});
	}
	while (queue.length > 0) {
		queue.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
		const ev = queue.shift() as Ev;
		ev.run();
		observe(ops);
	}
}

function compare(seed: number, o: GenOptions): { checks: number; falses: number; unknowns: number } {
	const monitor = new LinearizabilityMonitor();
	let checks = 0;
	let falses = 0;
	let unknowns = 0;
	generate(seed, o, (ops) => {
		const full = checkLinearizable(historyOf(ops), { budgetSteps: 200_000 }).result;
		const incremental = monitor.update(ops);
		expect(incremental, `seed ${seed}, after ${ops.length} ops`).toBe(full);
		checks++;
		if (full === false) falses++;
		if (full === 'unknown') unknowns++;
	});
	return { checks, falses, unknowns };
}

describe('LinearizabilityMonitor equals the full checker', () => {
	it('on sequential-ish histories (the page under steady load)', () => {
		for (let seed = 1; seed <= 15; seed++) compare(seed, { ops: 120, keys: 3, gapUs: 400, corrupt: 0 });
	});

	it('on highly concurrent histories with timeouts and failures', () => {
		for (let seed = 100; seed < 120; seed++) compare(seed, { ops: 80, keys: 2, gapUs: 30, corrupt: 0 });
	});

	it('on histories with wrong reads (it must say false exactly when the checker does)', () => {
		let falses = 0;
		let trues = 0;
		for (let seed = 200; seed < 260; seed++) {
			const r = compare(seed, { ops: 80, keys: 2, gapUs: 200, corrupt: 0.03 });
			falses += r.falses;
			trues += r.checks - r.falses - r.unknowns;
		}
		// the generator really exercises both verdicts
		expect(falses).toBeGreaterThan(100);
		expect(trues).toBeGreaterThan(100);
	});

	it('re-checks only what is still open: a long steady history keeps each check small', () => {
		const monitor = new LinearizabilityMonitor();
		const ops: ClientOp[] = [];
		let longest = 0;
		for (let i = 0; i < 5000; i++) {
			const callUs = i * 1000;
			const kind: OpKind = i % 2 === 0 ? 'put' : 'get';
			ops.push({ id: i + 1, kind, node: 1, key: 'k', value: `v${i - (i % 2) + 1}`, serializable: false, callUs, returnUs: callUs + 400, status: 'ok', error: null, revision: null });
			expect(monitor.update(ops)).toBe(true);
			longest = Math.max(longest, monitor.openOps);
		}
		expect(longest).toBeLessThanOrEqual(2);
	});
});
