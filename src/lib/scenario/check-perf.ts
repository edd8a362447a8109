/**
 * etcdctl check perf, run against a copy of the simulated cluster in simulated time: etcd 3.5's
 * profile (etcdctl/ctlv3/command/check.go) and its verdict, printed as etcdctl prints it.
 *
 * What etcdctl does: `clients` clients take put requests from a channel of `clients` slots, which a
 * generator fills at `limit` requests a second (a token bucket of burst 1) for 60 s; each put writes
 * a random 256-byte key under /etcdctl-check-perf/ with a 1,024-byte value. Then it deletes the
 * prefix and judges: throughput above 90% of `limit`, slowest request at most 500 ms, standard
 * deviation at most 100 ms, and no errors. The statistics are etcd's pkg/report: throughput is
 * successful requests over the whole run's time (until the last answer), the slowest and the
 * standard deviation (population) over successful requests.
 *
 * Here: the session's scenario and actions are replayed on a fresh cluster to the moment the
 * command was typed (the playground's own timeline does not move), then the profile runs on it.
 * Keys cycle through 10,000 names (memory), and the value counts as 1,024 bytes for the disks.
 * Everything is stepped in bounded slices (`step(maxEvents)`): a worker or a frame loop drives it.
 */
import type { Cluster } from '../cluster/cluster';
import type { ClientOp } from '../cluster/types';
import { Recording } from './recording';
import type { Scenario, Step } from './types';

export type CheckPerfLoadId = 's' | 'm' | 'l' | 'xl';
export interface CheckPerfLoad {
	/** writes a second the generator offers */
	limit: number;
	clients: number;
	durationS: number;
}

/** etcd 3.5's checkPerfCfgMap */
export const CHECK_PERF_LOADS: Readonly<Record<CheckPerfLoadId, CheckPerfLoad>> = Object.freeze({
	s: { limit: 150, clients: 50, durationS: 60 },
	m: { limit: 1000, clients: 200, durationS: 60 },
	l: { limit: 8000, clients: 500, durationS: 60 },
	xl: { limit: 15000, clients: 1000, durationS: 60 }
});

/** etcdctl's checkPerfAlias: the names --load accepts */
export const CHECK_PERF_ALIASES: Readonly<Record<string, CheckPerfLoadId>> = Object.freeze({
	s: 's',
	small: 's',
	m: 'm',
	medium: 'm',
	l: 'l',
	large: 'l',
	xl: 'xl',
	xLarge: 'xl'
});

export const CHECK_PERF_PREFIX = '/etcdctl-check-perf/';
export const CHECK_PERF_KEY_BYTES = 256;
export const CHECK_PERF_VALUE_BYTES = 1024;
/** distinct key names cycled through (etcdctl draws random keys; the store's memory stays bounded) */
const KEY_NAMES = 10_000;

export interface CheckPerfResult {
	load: CheckPerfLoadId;
	/** a refusal before any load (a dead endpoint, keys under the prefix): the one line etcdctl prints */
	refused: string | null;
	ok: number;
	/** error text (as etcdctl prints it after "Error: ") -> count */
	errors: [string, number][];
	/** successful requests over the run's whole time */
	rps: number;
	slowestS: number;
	stddevS: number;
	averageS: number;
	totalS: number;
}

/** The profile, run in slices. */
export class CheckPerf {
	readonly loadId: CheckPerfLoadId;
	readonly load: CheckPerfLoad;
	readonly endpoints: readonly number[];
	readonly atMs: number;
	#rec: Recording;
	#c: Cluster | null = null;
	#phase: 'replay' | 'run' | 'done' = 'replay';
	#result: CheckPerfResult | null = null;

	#t0Ms = 0;
	#endMs = 0;
	#queued = 0;
	#free: number[] = [];
	#blocked = false;
	#genDone = false;
	#nextTokenMs = 0;
	#issued = 0;
	#busy = 0;
	#resolved: ClientOp[] = [];
	#worker = new Map<number, number>();
	#lats: number[] = [];
	#errors = new Map<string, number>();
	#lastMs = 0;

	constructor(scenario: Scenario, actions: readonly Step[], atMs: number, endpoints: readonly number[], load: CheckPerfLoadId) {
		this.loadId = load;
		this.load = CHECK_PERF_LOADS[load];
		this.endpoints = endpoints.length > 0 ? endpoints.slice() : [1];
		this.atMs = atMs;
		// the copy keeps few ops for its history (the check reads its own answers as they come)
		this.#rec = new Recording(scenario, actions.filter((a) => a.atMs <= atMs), { cluster: { historyLimit: 4096 } });
	}

	get done(): boolean {
		return this.#phase === 'done';
	}

	get result(): CheckPerfResult | null {
		return this.#result;
	}

	/** Simulated seconds of the profile run so far (0 while the copy is being brought to the moment). */
	get elapsedS(): number {
		if (this.#c === null || this.#phase === 'replay') return 0;
		return Math.min(this.load.durationS, (this.#c.nowMs - this.#t0Ms) / 1000);
	}

	/** Runs at most maxEvents engine events; true once the profile is over. */
	step(maxEvents: number): boolean {
		let budget = maxEvents;
		if (this.#phase === 'replay') {
			if (!this.#rec.runTo(this.atMs, budget)) return false;
			budget = Math.max(1, budget >> 1);
			this.#start();
		}
		if (this.#phase === 'done') return true;
		const c = this.#c as Cluster;
		while (budget-- > 0) {
			if (!c.step()) break;
			if (this.#resolved.length > 0) this.#drain();
			if (this.#finished()) break;
		}
		if (this.#finished() || c.nextEventUs() === Infinity) this.#finish();
		return this.done;
	}

	#start(): void {
		const c = this.#rec.cluster;
		this.#c = c;
		const first = this.endpoints[0];
		// etcdctl's first request: a linearizable get of the prefix (limit 1) on the first endpoint
		if (first < 1 || first > c.size || !c.isAlive(first)) return this.#refuse('Error: context deadline exceeded');
		const held = c.readRange(first, CHECK_PERF_PREFIX, true, 0);
		if (!('error' in held) && held.kvs.length > 0)
			return this.#refuse(`Error: prefix "${CHECK_PERF_PREFIX}" has keys. Delete with etcdctl del --prefix ${CHECK_PERF_PREFIX} first`);
		this.#t0Ms = c.nowMs;
		this.#endMs = c.nowMs + this.load.durationS * 1000;
		this.#lastMs = c.nowMs;
		for (let i = this.load.clients - 1; i >= 0; i--) this.#free.push(i);
		c.onResolve = (op) => {
			if (this.#worker.has(op.id)) this.#resolved.push(op);
		};
		this.#phase = 'run';
		this.#nextTokenMs = c.nowMs;
		c.at(c.nowMs, () => this.#generate());
	}

	#refuse(line: string): void {
		this.#result = { load: this.loadId, refused: line, ok: 0, errors: [], rps: 0, slowestS: 0, stddevS: 0, averageS: 0, totalS: 0 };
		this.#phase = 'done';
	}

	/** The generator: one request a token; blocks while the channel is full; stops at the deadline. */
	#generate(): void {
		const c = this.#c as Cluster;
		if (this.#genDone) return;
		if (c.nowMs >= this.#endMs) {
			this.#genDone = true;
			return;
		}
		if (this.#free.length > 0) this.#dispatch(this.#free.pop() as number);
		else if (this.#queued < this.load.clients) this.#queued++;
		else {
			this.#blocked = true;
			return;
		}
		this.#scheduleNext();
	}

	#scheduleNext(): void {
		const c = this.#c as Cluster;
		// rate.Limiter with burst 1: the next token one interval after the last, never before now
		this.#nextTokenMs = Math.max(c.nowMs, this.#nextTokenMs + 1000 / this.load.limit);
		// limit.Wait(ctx) fails when the wait would pass the deadline: the generator stops there
		if (this.#nextTokenMs >= this.#endMs) {
			this.#genDone = true;
			return;
		}
		c.at(this.#nextTokenMs, () => this.#generate());
	}

	#dispatch(worker: number): void {
		const c = this.#c as Cluster;
		const ep = this.endpoints[worker % this.endpoints.length];
		const n = this.#issued++;
		const op = c.put(ep, `${CHECK_PERF_PREFIX}${(n % KEY_NAMES).toString(16).padStart(4, '0')}`, 'v', CHECK_PERF_VALUE_BYTES);
		this.#worker.set(op.id, worker);
		this.#busy++;
	}

	#drain(): void {
		const c = this.#c as Cluster;
		const done = this.#resolved;
		this.#resolved = [];
		for (const op of done) {
			const worker = this.#worker.get(op.id) as number;
			this.#worker.delete(op.id);
			this.#busy--;
			const lat = ((op.returnUs ?? c.nowUs) - op.callUs) / 1e6;
			if (op.status === 'ok') this.#lats.push(lat);
			else {
				const text = (op.error ?? 'Error: context deadline exceeded').replace(/^Error: /, '');
				this.#errors.set(text, (this.#errors.get(text) ?? 0) + 1);
			}
			this.#lastMs = c.nowMs;
			if (this.#queued > 0) {
				this.#queued--;
				this.#dispatch(worker);
				if (this.#blocked) {
					// the blocked send completes into the slot just freed
					this.#blocked = false;
					this.#queued++;
					this.#scheduleNext();
				}
			} else this.#free.push(worker);
		}
	}

	#finished(): boolean {
		return this.#genDone && this.#queued === 0 && this.#busy === 0;
	}

	#finish(): void {
		const c = this.#c as Cluster;
		c.onResolve = null;
		const lats = this.#lats;
		const totalS = Math.max(1e-9, (this.#lastMs - this.#t0Ms) / 1000);
		let sum = 0;
		let slowest = 0;
		for (const l of lats) {
			sum += l;
			if (l > slowest) slowest = l;
		}
		const avg = lats.length > 0 ? sum / lats.length : 0;
		let dev = 0;
		for (const l of lats) dev += (l - avg) * (l - avg);
		const errors = [...this.#errors.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		this.#result = {
			load: this.loadId,
			refused: null,
			ok: lats.length,
			errors,
			rps: lats.length / totalS,
			slowestS: slowest,
			stddevS: lats.length > 0 ? Math.sqrt(dev / lats.length) : 0,
			averageS: avg,
			totalS
		};
		this.#phase = 'done';
	}
}

/** Go's %f: six decimals. */
function f6(x: number): string {
	return x.toFixed(6);
}

/** What etcdctl check perf prints after its progress bar, and whether it passed (check.go's texts). */
export function checkPerfLines(r: CheckPerfResult): { lines: string[]; pass: boolean } {
	if (r.refused !== null) return { lines: [r.refused], pass: false };
	const lines: string[] = [];
	let ok = true;
	if (r.errors.length > 0) {
		lines.push('FAIL: too many errors');
		for (const [text, n] of r.errors) lines.push(`FAIL: ERROR(${text}) -> ${n}`);
		ok = false;
	}
	const limit = CHECK_PERF_LOADS[r.load].limit;
	if (r.rps / limit <= 0.9) {
		lines.push(`FAIL: Throughput too low: ${Math.floor(r.rps) + 1} writes/s`);
		ok = false;
	} else lines.push(`PASS: Throughput is ${Math.floor(r.rps) + 1} writes/s`);
	if (r.slowestS > 0.5) {
		lines.push(`Slowest request took too long: ${f6(r.slowestS)}s`);
		ok = false;
	} else lines.push(`PASS: Slowest request took ${f6(r.slowestS)}s`);
	if (r.stddevS > 0.1) {
		lines.push(`Stddev too high: ${f6(r.stddevS)}s`);
		ok = false;
	} else lines.push(`PASS: Stddev is ${f6(r.stddevS)}s`);
	lines.push(ok ? 'PASS' : 'FAIL');
	return { lines, pass: ok };
}

/** The progress bar etcdctl draws (cheggaaa/pb with format "Bom !"): "23 / 60 Booo...m      ! 38.33% 23s". */
export function checkPerfBar(elapsedS: number, durationS: number, width = 40): string {
	const n = Math.min(durationS, Math.floor(elapsedS));
	const filled = Math.round((n / durationS) * width);
	const body = n >= durationS ? 'o'.repeat(width) : `${'o'.repeat(Math.max(0, filled - 1))}m${' '.repeat(width - Math.max(1, filled))}`;
	const secs = n >= 60 ? `${Math.floor(n / 60)}m${n % 60}s` : `${n}s`;
	return `${n} / ${durationS} B${body}! ${((n / durationS) * 100).toFixed(2)}% ${secs}`;
}
