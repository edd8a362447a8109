/**
 * The live latency chart's demo page: the scripted run of lab/live-demo.ts, paced by the wall clock
 * (requestAnimationFrame); views read the $state.raw fields, replaced whole each frame.
 */
import type { ClientOp, LeaderChange } from '../../cluster/types';
import { LiveDemoRun, type DemoEvent, type DemoMark } from '../../lab/live-demo';

export type { DemoEvent, DemoMark } from '../../lab/live-demo';

export class LiveDemo {
	ops: ClientOp[] = $state.raw([]);
	leaders: LeaderChange[] = $state.raw([]);
	marks: DemoMark[] = $state.raw([]);
	nowMs = $state(0);
	running = $state(false);

	readonly endMs: number;
	#run!: LiveDemoRun;
	#raf = 0;
	#lastWall = 0;
	#label: (e: DemoEvent) => string;

	constructor(label: (e: DemoEvent) => string) {
		this.#label = label;
		this.#build();
		this.endMs = this.#run.endMs;
	}

	#build(): void {
		this.#run = new LiveDemoRun(this.#label);
		this.ops = [];
		this.leaders = [];
		this.marks = [];
		this.nowMs = 0;
	}

	#frame = (wall: number): void => {
		const dt = Math.min(100, wall - this.#lastWall);
		this.#lastWall = wall;
		const run = this.#run;
		run.advance(dt);
		this.nowMs = run.nowMs;
		this.ops = run.ops();
		this.leaders = run.leaders();
		if (run.marks.length !== this.marks.length) this.marks = run.marks.slice();
		if (run.done) {
			this.running = false;
			return;
		}
		this.#raf = requestAnimationFrame(this.#frame);
	};

	start(): void {
		if (this.running) return;
		if (this.#run.done) this.#build();
		this.running = true;
		this.#lastWall = performance.now();
		this.#raf = requestAnimationFrame(this.#frame);
	}

	pause(): void {
		this.running = false;
		cancelAnimationFrame(this.#raf);
	}

	restart(): void {
		this.pause();
		this.#build();
		this.start();
	}

	dispose(): void {
		this.pause();
	}
}
