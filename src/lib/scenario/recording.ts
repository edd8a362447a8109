/**
 * One recording: a scenario and the user's actions on a timeline, and the cluster that plays them.
 * This module owns the replay rule; the runner (run.ts), links (link.ts), goals (goals.ts) and the
 * page's session all go through it, so a link, a scenario file, a test and the page reach the same
 * state byte for byte.
 *
 * The rule. The scenario's steps are scheduled up front (file order within one time). An action
 * runs when the clock reaches its atMs, after every engine event and call due by then: the cluster
 * runs to atMs, then the action is carried out at atMs. That is exactly what a user's click does
 * in a live session (the clock has reached the moment shown; the click happens then), so a run
 * replayed from its actions equals the live one.
 *
 * The timeline. Going back (`rewindTo`) rebuilds the cluster from the seed; running forward again
 * replays the recorded actions at their times, like a tape. Acting at a moment before the
 * timeline's end forks it: the recorded future is dropped.
 *
 * Running is resumable in bounded slices: `runTo(targetMs, maxEvents)` does at most maxEvents
 * engine events and calls and says whether it arrived, so a page can replay between frames.
 *
 * Core module: no DOM, no clock, no randomness (the cluster's own seeded PRNGs aside).
 */
import { Cluster } from '../cluster/cluster';
import type { ClusterOptions } from '../cluster/types';
import { msToUs } from '../sim/time';
import { applyStep, clusterOptions, scheduleSteps, type LoadCounter } from './apply';
import type { Scenario, Step } from './types';

/** Omit that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An action as the user takes it: the recording stamps it with the simulated time. */
export type ActionInput = DistributiveOmit<Step, 'atMs'>;

export interface RecordingOptions {
	/** overrides of the cluster options the scenario gives (e.g. historyLimit for benchmarks) */
	cluster?: Partial<ClusterOptions>;
	/**
	 * Hears every fresh cluster before anything runs on it (the first one and each rebuild), with
	 * the moment the rebuild is headed for: views subscribe to its events here.
	 */
	onCluster?: (c: Cluster, targetMs: number) => void;
}

export class Recording {
	readonly scenario: Scenario;
	#actions: Step[];
	/** how many of #actions the current cluster has carried out (the rest lie in the future) */
	#applied = 0;
	#cluster!: Cluster;
	#counter: LoadCounter = { n: 0 };
	/** the steps and actions that ran on the current cluster, in the order they ran */
	#executed: Step[] = [];
	/** the furthest moment this timeline reached */
	#horizonMs = 0;
	readonly #options: RecordingOptions;

	constructor(scenario: Scenario, actions: readonly Step[] = [], options: RecordingOptions = {}) {
		this.scenario = scenario;
		this.#actions = actions.slice();
		this.#options = options;
		this.#build(0);
	}

	/** The cluster as it stands (read it; act through the recording). */
	get cluster(): Cluster {
		return this.#cluster;
	}

	get nowMs(): number {
		return this.#cluster.nowMs;
	}

	/** Every recorded action, in the order taken (atMs never decreases). */
	get actions(): readonly Step[] {
		return this.#actions;
	}

	/** How many recorded actions the cluster has carried out. */
	get applied(): number {
		return this.#applied;
	}

	/** The recorded actions not carried out yet (after going back in time). */
	get futureActions(): number {
		return this.#actions.length - this.#applied;
	}

	/** The furthest moment this timeline reached (a scrubber's end). */
	get horizonMs(): number {
		return this.#horizonMs;
	}

	/** The scripted steps and actions that have run on the cluster so far, in the order they ran. */
	get executed(): readonly Step[] {
		return this.#executed;
	}

	#build(targetMs: number): void {
		const c = new Cluster({ ...clusterOptions(this.scenario), ...this.#options.cluster });
		this.#cluster = c;
		this.#counter = { n: 0 };
		this.#executed = [];
		this.#applied = 0;
		this.#options.onCluster?.(c, targetMs);
		scheduleSteps(c, this.scenario.steps, this.#counter, (step) => this.#executed.push(step));
	}

	/**
	 * Runs the clock toward targetMs, carrying out the recorded actions due on the way, each at its
	 * time. Does at most maxEvents engine events and calls, then stops where it is: call again to go
	 * on. True when the clock stands at targetMs. A target behind the clock is already reached
	 * (use rewindTo first to go back).
	 */
	runTo(targetMs: number, maxEvents = Infinity): boolean {
		const c = this.#cluster;
		let budget = maxEvents;
		for (;;) {
			const next = this.#actions[this.#applied];
			const due = next !== undefined && next.atMs <= targetMs;
			const stopMs = due ? next.atMs : targetMs;
			const stopUs = msToUs(stopMs);
			while (c.nextEventUs() <= stopUs) {
				if (budget <= 0) return false;
				budget--;
				c.step();
			}
			c.runUntil(stopMs); // nothing is due by then any more: this sets the clock
			if (!due) break;
			this.#applied++;
			this.#carryOut(next);
		}
		if (c.nowMs > this.#horizonMs) this.#horizonMs = c.nowMs;
		return true;
	}

	/** Carries out an action now, at its atMs (the clock stands there). */
	#carryOut(a: Step): void {
		const c = this.#cluster;
		c.at(a.atMs, () => {
			this.#executed.push(a);
			applyStep(c, a, this.#counter);
		});
		c.runUntil(a.atMs);
	}

	/**
	 * Gets ready to go to targetMs: if it lies behind the clock, rebuilds the cluster from the seed
	 * (the recorded actions are kept: runTo replays them). True when it rebuilt.
	 */
	rewindTo(targetMs: number): boolean {
		if (targetMs >= this.#cluster.nowMs) return false;
		this.#build(Math.max(0, targetMs));
		return true;
	}

	/** Goes to any moment at once: back (rebuild and replay) or forward. True when it rebuilt. */
	seek(targetMs: number): boolean {
		const target = Math.max(0, targetMs);
		const rebuilt = this.rewindTo(target);
		this.runTo(target);
		return rebuilt;
	}

	/**
	 * Takes an action now: it is recorded and carried out at once. Taken before the timeline's end,
	 * it forks the timeline first: the recorded future is dropped (`forked` says so).
	 */
	act(input: ActionInput): { action: Step; forked: boolean } {
		const now = this.#cluster.nowMs;
		const action = { ...input, atMs: now } as Step;
		const forked = this.#applied < this.#actions.length || this.#horizonMs > now;
		this.#actions = [...this.#actions.slice(0, this.#applied), action];
		this.#applied = this.#actions.length;
		if (forked) this.#horizonMs = now;
		this.#carryOut(action);
		return { action, forked };
	}

	/** Runs exactly the next engine event or call, or the next recorded action if it comes first. */
	stepEvent(): void {
		const c = this.#cluster;
		const a = this.#actions[this.#applied];
		if (a !== undefined && msToUs(a.atMs) < c.nextEventUs()) {
			this.runTo(a.atMs);
			return;
		}
		c.step();
		if (c.nowMs > this.#horizonMs) this.#horizonMs = c.nowMs;
	}
}

/** A straight run: the scenario's steps and its actions (if any) played to untilMs. */
export function record(scenario: Scenario, actions: readonly Step[] = scenario.actions ?? [], untilMs = scenario.untilMs, options: RecordingOptions = {}): Recording {
	const r = new Recording(scenario, actions, options);
	r.runTo(untilMs);
	return r;
}
