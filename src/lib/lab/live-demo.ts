/**
 * The live latency chart's scripted run, as plain TypeScript: 3 members, one client putting 50
 * keys/s to whoever leads, and on the way a slow leader disk, a killed leader, a restart and a
 * partition. The page (ui/lab/live-demo.svelte.ts) paces it by the wall clock and reads its records.
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp, LeaderChange } from '../cluster/types';
import { FSYNC_JITTER_RATIO, WAL_US_PER_ENTRY } from './params';
import { slowDisk } from './sweep';

export interface DemoMark {
	atMs: number;
	label: string;
}

export type DemoEvent =
	| { kind: 'disk'; node: number; fsyncMs: number }
	| { kind: 'kill'; node: number }
	| { kind: 'restart'; node: number }
	| { kind: 'partition'; node: number }
	| { kind: 'heal' };

const KEEP_OPS = 2000;

export class LiveDemoRun {
	readonly endMs = 20_000;
	readonly marks: DemoMark[] = [];
	readonly #cluster: Cluster;

	constructor(label: (e: DemoEvent) => string) {
		const c = new Cluster({
			size: 3,
			seed: 7,
			preVote: true,
			checkQuorum: true,
			heartbeatMs: 100,
			electionMs: 1000,
			latencyMs: 0.5,
			jitterMs: 0.1,
			lossRate: 0,
			fsyncMs: 1,
			// the lab's disk model: a tail in proportion to the fsync, a WAL cost per entry
			fsyncJitterMs: FSYNC_JITTER_RATIO * 1,
			walUsPerEntry: WAL_US_PER_ENTRY,
			clientTimeoutMs: 5000,
			clientLatencyMs: 0.5,
			applyMs: 0.1,
			historyLimit: KEEP_OPS
		});
		this.#cluster = c;
		// one client, 50 puts/s, to whoever leads when the put is sent (member 1 if nobody does)
		let n = 0;
		const put = (): void => {
			c.put(c.currentLeader() ?? 1, `key${n % 20}`, `v${n}`);
			n++;
			if (c.nowMs + 20 < this.endMs) c.at(c.nowMs + 20, put);
		};
		c.at(500, put);
		const at = (ms: number, e: DemoEvent | ((leader: number) => DemoEvent)): void => {
			c.at(ms, () => {
				const leader = c.currentLeader() ?? 1;
				const ev = typeof e === 'function' ? e(leader) : e;
				if (ev.kind === 'disk') slowDisk(c, ev.node, ev.fsyncMs, FSYNC_JITTER_RATIO);
				else if (ev.kind === 'kill') c.kill(ev.node);
				else if (ev.kind === 'restart') c.restart(ev.node);
				else if (ev.kind === 'partition') c.partition([[ev.node], [1, 2, 3].filter((x) => x !== ev.node)]);
				else c.heal();
				this.marks.push({ atMs: c.nowMs, label: label(ev) });
			});
		};
		let slowed = 0;
		at(3000, (leader) => ((slowed = leader), { kind: 'disk', node: leader, fsyncMs: 40 }));
		at(6000, () => ({ kind: 'disk', node: slowed, fsyncMs: 1 }));
		let killed = 0;
		at(8000, (leader) => ((killed = leader), { kind: 'kill', node: leader }));
		at(11_000, () => ({ kind: 'restart', node: killed }));
		at(14_000, (leader) => ({ kind: 'partition', node: leader }));
		at(17_000, { kind: 'heal' });
	}

	get nowMs(): number {
		return this.#cluster.nowMs;
	}

	get done(): boolean {
		return this.#cluster.nowMs >= this.endMs;
	}

	/** Runs simulated time forward by simMs (never past the end). */
	advance(simMs: number): void {
		this.#cluster.runUntil(Math.min(this.endMs, this.#cluster.nowMs + simMs));
	}

	/** The client ops so far (the latest 2,000), copied. */
	ops(): ClientOp[] {
		return this.#cluster.ops.slice();
	}

	leaders(): LeaderChange[] {
		return this.#cluster.leaders.slice();
	}
}
