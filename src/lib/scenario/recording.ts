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
 * The timeline. Going back (`rewindTo`) restores the latest checkpoint at or before the moment
 * asked for (or rebuilds the cluster from the seed when there is none); running forward again
 * replays the recorded actions at their times, like a tape. Acting at a moment before the
 * timeline's end forks it: the recorded future is dropped; `undo` brings it back, once.
 *
 * Checkpoints. While it runs, the recording keeps checkpoints of the whole cluster (plain data,
 * cluster/checkpoint.ts) every CHECKPOINT_EVERY_EVENTS engine events, at most MAX_CHECKPOINTS of
 * them and CHECKPOINT_BUDGET_BYTES by their estimate (what they share counted once): when full,
 * every other one goes and the spacing doubles, so they stay spread over the whole run in bounded
 * memory. Each shares with the one before it what did not change (cluster/chunks.ts), and the
 * history the run has dropped they keep packed (cluster/packed.ts). Restoring one and running on equals a straight run, so a seek replays only
 * from the nearest checkpoint. A checkpoint also holds the recording's own place: how many actions
 * and steps had run and the load generators' counter.
 *
 * Running is resumable in bounded slices: `runTo(targetMs, maxEvents)` does at most maxEvents
 * engine events and calls and says whether it arrived, so a page can replay between frames.
 *
 * Core module: no DOM, no clock, no randomness (the cluster's own seeded PRNGs aside).
 */
import { Cluster, type UnpackCache } from '../cluster/cluster';
import type { ClusterOptions } from '../cluster/types';
import { msToUs } from '../sim/time';
import { madeBytes, madeTogether, ownBytes, type ClusterCheckpoint } from '../cluster/checkpoint';
import { Packer } from '../cluster/packed';
import { clusterOptions, installCalls, scheduleSteps, type LoadCounter, type ScenarioCall } from './apply';
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
	/** keep checkpoints for fast seeks (default true; a run that never goes back needs none) */
	checkpoints?: boolean;
	/**
	 * a seek restores a checkpoint at least this long before its target (default 0): views that
	 * draw the last moments before it (messages in flight) hear them run
	 */
	seekMarginMs?: number;
	/** engine events between two checkpoints at first (default CHECKPOINT_EVERY_EVENTS) */
	checkpointEveryEvents?: number;
	/** the most checkpoints kept (default MAX_CHECKPOINTS) */
	maxCheckpoints?: number;
	/** the checkpoints' estimate past which the history the run dropped is packed (default half the budget; tests) */
	packFromBytes?: number;
}

/**
 * Engine events between two checkpoints at first (the spacing doubles each time the budget fills):
 * a seek replays at most this many events after restoring one (a few milliseconds of engine work
 * each thousand). A checkpoint costs what changed since the one before (cluster/chunks.ts), so
 * they can be dense.
 */
export const CHECKPOINT_EVERY_EVENTS = 5_000;
/** The most checkpoints a recording keeps. */
export const MAX_CHECKPOINTS = 4_096;
/**
 * The memory the checkpoints may take, by their estimate: each one's own part (checkpoint.ts
 * ownBytes: the events in flight, the pending ops, the members' state) and the chunks they hold
 * between them (madeTogether: every chunk and group once), with each element a chunk holds by its
 * kind (checkpoint.ts ELEMENT_BYTES): the element itself, which checkpoints keep alive once the
 * run has dropped it (ops past the history limit, entries compacted, store events trimmed,
 * records replaced). Calibrated on npm run bench (the live heap with the checkpoints less the same
 * run's without). An hour of the engine benchmark's load (100 puts/s to 5 members, 9 million
 * events) keeps its checkpoints 10,000 events apart in 117 MiB; at 96 MiB they were 20,000 apart,
 * and a seek's replay of up to 20,000 events took the worst seek to 50-90 ms on a slow machine
 * (33-40 ms now). A classroom hour takes 14 MiB.
 */
export const CHECKPOINT_BUDGET_BYTES = 128 * 1024 * 1024;
/**
 * The share of the budget past which the history the run has dropped is packed (cluster/packed.ts):
 * a restore unpacks it (some milliseconds for a window of history), so a run whose checkpoints fit
 * as they are keeps them as they are.
 */
const PACK_FROM = 0.75;
/** The most chunks one checkpoint packs (about 64 elements each, a few microseconds a chunk). */
const PACK_CHUNKS_AT_ONCE = 256;
/** an element of a kind ELEMENT_BYTES does not list */
const RETAINED_BYTES_PER_ELEMENT = 40;

/** The recording at one moment: the cluster's checkpoint and the recording's own place in its timeline. */
export interface RecordingCheckpoint {
	readonly cluster: ClusterCheckpoint;
	readonly nowMs: number;
	readonly events: number;
	/** recorded actions carried out, steps and actions run, load values written */
	readonly applied: number;
	readonly executed: readonly Step[];
	readonly loadCounter: number;
	/** about how many bytes its own part takes (ownBytes) */
	readonly ownBytes: number;
}

/** What a fork dropped: the recorded future and its checkpoints (`undo` brings them back). */
interface DroppedFuture {
	readonly actions: Step[];
	readonly horizonMs: number;
	readonly checkpoints: RecordingCheckpoint[];
	/** the moment of the fork (undo goes back there, on the old timeline) */
	readonly atMs: number;
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
	/** checkpoints of this timeline, oldest first */
	#checkpoints: RecordingCheckpoint[] = [];
	/** their estimated size */
	#checkpointBytes = 0;
	#checkpointEvery = CHECKPOINT_EVERY_EVENTS;
	/** the engine event count at which the next checkpoint is taken */
	#nextCheckpointEvents = CHECKPOINT_EVERY_EVENTS;
	#dropped: DroppedFuture | null = null;
	/** packs the checkpoints' chunks the run has dropped (cluster/packed.ts) */
	readonly #packer = new Packer();
	/**
	 * the history the latest restore unpacked, for the next restore to take again (a drag on the
	 * timeline restores checkpoints close to one another); let go once the run goes on from there
	 */
	readonly #unpacked: UnpackCache = { last: null };

	constructor(scenario: Scenario, actions: readonly Step[] = [], options: RecordingOptions = {}) {
		this.scenario = scenario;
		this.#actions = actions.slice();
		this.#options = options;
		this.#checkpointEvery = Math.max(1, Math.floor(options.checkpointEveryEvents ?? CHECKPOINT_EVERY_EVENTS));
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
		const made = new Cluster({ ...clusterOptions(this.scenario), ...this.#options.cluster });
		// a timeline that seeks goes on from a checkpoint of its first moment (nothing has run yet): the
		// cluster, its members and the arrays its constructors make holey then have the shapes every
		// restore gives them, so the engine code compiled during the run fits a cluster a seek restores
		// (it met new shapes there, recompiled and fell back: 30-80 ms at the first seek after a run).
		// A run that never goes back (the CLI, goals, tests) starts at once.
		const c = this.#checkpointing ? Cluster.restore(made.checkpoint()) : made;
		this.#cluster = c;
		this.#counter = { n: 0 };
		this.#executed = [];
		this.#applied = 0;
		this.#options.onCluster?.(c, targetMs);
		scheduleSteps(c, this.scenario.steps, this.#counter);
		this.#install(c);
		this.#nextCheckpointEvents = this.#nextCheckpointAfter(0);
	}

	get #checkpointing(): boolean {
		return this.#options.checkpoints !== false;
	}

	/** The recording carries out the cluster's scenario calls: steps, recorded actions, loads. */
	#install(c: Cluster): void {
		installCalls(c, {
			steps: this.scenario.steps,
			counter: this.#counter,
			onRun: (step) => this.#executed.push(step),
			action: (index) => this.#actions[index]
		});
	}

	/** The cluster and the recording's place exactly as `cp` holds them. */
	#restore(cp: RecordingCheckpoint, targetMs: number): void {
		this.#restored(cp, targetMs, Cluster.restore(cp.cluster, this.#unpacked));
	}

	/** Takes `c`, restored from `cp`, as the cluster, and the recording's place as `cp` holds it. */
	#restored(cp: RecordingCheckpoint, targetMs: number, c: Cluster): void {
		this.#cluster = c;
		this.#counter = { n: cp.loadCounter };
		this.#executed = cp.executed.slice();
		this.#applied = cp.applied;
		this.#options.onCluster?.(c, targetMs);
		this.#install(c);
		this.#nextCheckpointEvents = this.#nextCheckpointAfter(cp.events);
	}

	#nextCheckpointAfter(events: number): number {
		if (!this.#checkpointing) return Infinity;
		return (Math.floor(events / this.#checkpointEvery) + 1) * this.#checkpointEvery;
	}

	/** Keeps `list`; `bytes` is their estimate when known (else counted again: what they share counts once). */
	#setCheckpoints(list: RecordingCheckpoint[], bytes?: number): void {
		this.#checkpoints = list;
		if (bytes !== undefined) {
			this.#checkpointBytes = bytes;
			return;
		}
		let own = 0;
		for (const cp of list) own += cp.ownBytes;
		this.#checkpointBytes = own + madeBytes(madeTogether(list.map((cp) => cp.cluster)), RETAINED_BYTES_PER_ELEMENT);
	}

	/** About how many bytes the checkpoints kept now hold (their estimate, with the history the run dropped they alone keep). */
	get checkpointBytes(): number {
		return this.#checkpointBytes + this.#packer.droppedBytes;
	}

	/** Checkpoints kept now (oldest first): their moments and engine event counts. */
	get checkpoints(): readonly { readonly nowMs: number; readonly events: number }[] {
		return this.#checkpoints;
	}

	/** Every checkpoint kept, as the recording holds it (for measuring its memory). */
	get checkpointData(): readonly RecordingCheckpoint[] {
		return this.#checkpoints;
	}

	/**
	 * Takes a checkpoint if this moment is one the timeline has none for yet (checkpoints come in
	 * event order: a run that went back takes new ones only past the latest).
	 */
	#maybeCheckpoint(): void {
		const c = this.#cluster;
		this.#unpacked.last = null;
		this.#nextCheckpointEvents = this.#nextCheckpointAfter(c.events);
		const last = this.#checkpoints[this.#checkpoints.length - 1];
		if (last !== undefined && last.events >= c.events) return;
		// the one before shares its chunks (after a restore, the latest one: chunks are compared, never assumed)
		// past a share of the budget, the history the run dropped is packed, a bounded part at a time
		this.#packer.allow(this.checkpointBytes > (this.#options.packFromBytes ?? CHECKPOINT_BUDGET_BYTES * PACK_FROM) ? PACK_CHUNKS_AT_ONCE : 0);
		const cluster = c.checkpoint(last?.cluster ?? null, this.#packer);
		const own = ownBytes(cluster);
		this.#checkpoints.push({ cluster, nowMs: c.nowMs, events: c.events, applied: this.#applied, executed: this.#executed.slice(), loadCounter: this.#counter.n, ownBytes: own });
		this.#setCheckpoints(this.#checkpoints, this.#checkpointBytes + own + madeBytes(cluster.made, RETAINED_BYTES_PER_ELEMENT) - this.#packer.takeFreed());
		while (this.#checkpoints.length > 1 && (this.#checkpoints.length > (this.#options.maxCheckpoints ?? MAX_CHECKPOINTS) || this.checkpointBytes > CHECKPOINT_BUDGET_BYTES)) {
			// keep every other one (the first stays): the spacing doubles, memory stays bounded
			this.#setCheckpoints(this.#checkpoints.filter((_, i) => i % 2 === 0));
			this.#checkpointEvery *= 2;
			this.#nextCheckpointEvents = this.#nextCheckpointAfter(c.events);
		}
	}

	/** The latest checkpoint at or before targetMs (null: none, start from the seed). */
	#nearest(targetMs: number): RecordingCheckpoint | null {
		let best: RecordingCheckpoint | null = null;
		for (const cp of this.#checkpoints) {
			if (cp.nowMs <= targetMs) best = cp;
			else break;
		}
		return best;
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
			budget = this.#stepThrough(msToUs(stopMs), budget);
			if (budget < 0) return false;
			c.runUntil(stopMs); // nothing is due by then any more: this sets the clock
			if (!due) break;
			this.#applied++;
			this.#carryOut(next);
		}
		if (c.nowMs > this.#horizonMs) this.#horizonMs = c.nowMs;
		return true;
	}

	/**
	 * Steps every event and call due by stopUs, at most `budget` of them: the budget left, or -1 when
	 * it ran out first. Alone in its function, with its numbers as numbers (a budget of Infinity, a
	 * moment past 2^31 µs): runTo's compiled code, which had taken them for small integers, was
	 * thrown away at every seek, the replay's loop with it.
	 */
	#stepThrough(stopUs: number, budget: number): number {
		const c = this.#cluster;
		let left = budget;
		while (c.nextEventUs() <= stopUs) {
			if (left <= 0) return -1;
			left--;
			c.step();
			if (c.events >= this.#nextCheckpointEvents) this.#maybeCheckpoint();
		}
		return left;
	}

	/** Carries out an action now, at its atMs (the clock stands there). */
	#carryOut(a: Step): void {
		const c = this.#cluster;
		c.schedule(a.atMs, { k: 'action', index: this.#applied - 1 } satisfies ScenarioCall);
		c.runUntil(a.atMs);
	}

	/**
	 * Gets ready to go to targetMs: if it lies behind the clock, restores the nearest checkpoint at
	 * or before it (seekMarginMs before it at least), or rebuilds the cluster from the seed (the
	 * recorded actions are kept: runTo replays them). True when it did (views start over).
	 */
	rewindTo(targetMs: number): boolean {
		// forward, the run goes on from where it stands (the views that tell the story hear the way)
		if (targetMs >= this.#cluster.nowMs) return false;
		this.#goBack(targetMs);
		return true;
	}

	/** Restores the nearest checkpoint at or before targetMs (less the margin), or rebuilds from the seed. */
	#goBack(targetMs: number): void {
		const cp = this.#nearest(targetMs - (this.#options.seekMarginMs ?? 0));
		if (cp === null) this.#build(Math.max(0, targetMs));
		else this.#restore(cp, targetMs);
	}

	/**
	 * Gets ready to go back to the moment the run had taken `events` engine events: restores the
	 * latest checkpoint taken at or before that count (or rebuilds from the seed); stepEvent on
	 * from there to land on it.
	 */
	rewindToEvents(events: number): void {
		let best: RecordingCheckpoint | null = null;
		for (const cp of this.#checkpoints) {
			if (cp.events <= events) best = cp;
			else break;
		}
		if (best === null) this.#build(0);
		else this.#restore(best, best.nowMs);
	}

	/**
	 * Goes to any moment at once: back (restore the nearest checkpoint and replay) or forward (from
	 * the clock, or from a checkpoint between the clock and the moment when that saves replaying
	 * more than a checkpoint's spacing). True when it restored or rebuilt.
	 */
	seek(targetMs: number): boolean {
		const target = Math.max(0, targetMs);
		const rebuilt = this.jumpTo(target);
		this.runTo(target);
		return rebuilt;
	}

	/**
	 * Gets ready to go to targetMs the way `seek` does, without running there (runTo on, in slices
	 * if need be): behind the clock, restores the nearest checkpoint before it (or rebuilds from the
	 * seed); far ahead, restores the nearest checkpoint before it when that saves replaying more than
	 * a checkpoint's spacing. True when it restored or rebuilt (views start over: the stretch between
	 * is not heard).
	 */
	jumpTo(targetMs: number): boolean {
		const steps = this.jumping(targetMs);
		for (;;) {
			const r = steps.next();
			if (r.done) return r.value;
		}
	}

	/**
	 * `jumpTo` in steps of a few milliseconds each (the restore's: Cluster.restoring), for a page
	 * that seeks between frames. The recording changes only at the last step: one dropped half-way
	 * leaves it as it was. Nothing else may move the run while one is under way.
	 */
	*jumping(targetMs: number): Generator<void, boolean, void> {
		const target = Math.max(0, targetMs);
		const margin = this.#options.seekMarginMs ?? 0;
		const from = this.#cluster;
		const events = from.events;
		let cp: RecordingCheckpoint | null;
		if (target < from.nowMs) {
			// back: the nearest checkpoint at or before it (less the margin), or the seed
			cp = this.#nearest(target - margin);
			if (cp === null) {
				this.#build(target);
				return true;
			}
		} else {
			// forward, the run goes on from where it stands (the views that tell the story hear the
			// way), unless a checkpoint far enough past the clock saves replaying more than a spacing
			cp = this.#nearest(target - margin);
			if (cp === null || cp.events <= from.events + this.#checkpointEvery) return false;
		}
		const c = yield* Cluster.restoring(cp.cluster, this.#unpacked);
		if (this.#cluster !== from || from.events !== events) throw new Error('Recording: the run moved while a restore was under way');
		this.#restored(cp, target, c);
		return true;
	}

	/**
	 * Takes an action now: it is recorded and carried out at once. Taken before the timeline's end,
	 * it forks the timeline first: the recorded future is dropped (`forked` says so).
	 */
	act(input: ActionInput): { action: Step; forked: boolean } {
		const now = this.#cluster.nowMs;
		const action = { ...input, atMs: now } as Step;
		const forked = this.#applied < this.#actions.length || this.#horizonMs > now;
		if (forked) {
			// the checkpoints past this moment belong to the dropped future: set aside for undo
			const nowUs = this.#cluster.nowUs;
			const keep = this.#checkpoints.filter((cp) => cp.cluster.nowUs <= nowUs && cp.applied <= this.#applied);
			this.#dropped = { actions: this.#actions, horizonMs: this.#horizonMs, checkpoints: this.#checkpoints, atMs: now };
			this.#setCheckpoints(keep);
		}
		this.#actions = [...this.#actions.slice(0, this.#applied), action];
		this.#applied = this.#actions.length;
		if (forked) this.#horizonMs = now;
		this.#carryOut(action);
		return { action, forked };
	}

	/** Whether a fork dropped a future that `undo` can bring back. */
	get canUndo(): boolean {
		return this.#dropped !== null;
	}

	/** The moment of the fork `undo` would undo (null: none). */
	get forkMs(): number | null {
		return this.#dropped?.atMs ?? null;
	}

	/**
	 * Brings back the future the latest fork dropped (once): its recorded actions, its horizon and
	 * checkpoints; the action that forked and whatever followed it go. The cluster is put back on
	 * the old timeline at the nearest checkpoint before the fork (or the seed): `runTo` the moment
	 * returned to stand where the fork was. Null when there is nothing to undo.
	 */
	undo(): number | null {
		const d = this.#dropped;
		if (d === null) return null;
		this.#dropped = null;
		this.#actions = d.actions;
		this.#horizonMs = d.horizonMs;
		this.#setCheckpoints(d.checkpoints);
		this.#goBack(d.atMs);
		return d.atMs;
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
	const r = new Recording(scenario, actions, { checkpoints: false, ...options });
	r.runTo(untilMs);
	return r;
}
