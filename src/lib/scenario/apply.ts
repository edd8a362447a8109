/**
 * What a scenario step does to a cluster: the one place that turns the format's vocabulary
 * (kill, restart, partition, cut, heal, disk, put, get, delete, watch, transfer, load) into
 * cluster calls, and the scenario's settings into cluster options.
 */
import type { Cluster } from '../cluster/cluster';
import type { ClusterOptions } from '../cluster/types';
import type { Scenario, Step } from './types';

export function clusterOptions(s: Scenario): ClusterOptions {
	return {
		size: s.cluster.size,
		seed: s.seed,
		preVote: s.cluster.preVote,
		checkQuorum: s.cluster.checkQuorum,
		heartbeatMs: s.cluster.heartbeatMs,
		electionMs: s.cluster.electionMs,
		latencyMs: s.network.latencyMs,
		jitterMs: s.network.jitterMs,
		lossRate: s.network.lossRate,
		fsyncMs: s.disk.fsyncMs,
		fsyncJitterMs: s.disk.jitterMs,
		fsyncP99Ms: s.disk.p99Ms,
		walFsyncMs: s.disk.walFsyncMs,
		walFsyncP99Ms: s.disk.walP99Ms,
		diskMBps: s.disk.writeMBps,
		clientTimeoutMs: s.client.timeoutMs
	};
}

/** Numbers the values load generators write (`v0`, `v1`, ...), shared by every load of one run. */
export interface LoadCounter {
	n: number;
}

/** Carries out one step on the cluster, now. */
export function applyStep(c: Cluster, step: Step, loadCounter: LoadCounter): void {
	switch (step.do) {
		case 'kill':
			return c.kill(step.node);
		case 'restart':
			return c.restart(step.node);
		case 'partition':
			return c.partition(step.groups);
		case 'cut':
			return c.cut(step.from, step.to);
		case 'heal':
			return c.heal();
		case 'disk':
			c.setFsyncMs(step.node, step.fsyncMs);
			if (step.p99Ms !== undefined) c.setFsyncTailMs(step.node, step.p99Ms - step.fsyncMs);
			return;
		case 'put':
			c.put(step.node, step.key, step.value);
			return;
		case 'get':
			c.get(step.node, step.key, step.serializable);
			return;
		case 'delete':
			c.del(step.node, step.key);
			return;
		case 'watch':
			c.watch(step.node, step.key, step.fromRevision ?? null);
			return;
		case 'transfer':
			c.transfer(step.to);
			return;
		case 'load':
			return startLoad(c, step, loadCounter);
		case 'memberAdd':
			c.memberAdd(step.endpoint ?? defaultEndpoint(c), step.learner, step.start);
			return;
		case 'memberPromote':
			c.memberPromote(step.endpoint ?? defaultEndpoint(c), step.node);
			return;
		case 'memberRemove':
			c.memberRemove(step.endpoint ?? defaultEndpoint(c), step.node);
			return;
	}
}

/** A membership step without an endpoint talks to the leader, or else to the lowest live member. */
export function defaultEndpoint(c: Cluster): number {
	const leader = c.currentLeader();
	if (leader !== null) return leader;
	for (let id = 1; id <= c.size; id++) if (c.isAlive(id) && c.isMember(id)) return id;
	return 1;
}

/** A load generator between two puts, as plain data (it sits in the cluster's calls, and so in checkpoints). */
export interface LoadCall {
	k: 'load';
	node: number;
	keys: number;
	startMs: number;
	endMs: number;
	intervalMs: number;
	/** puts issued so far */
	i: number;
	/** each value's size on the disks (the step's valueBytes), when given */
	valueBytes?: number;
}

/**
 * A scheduled call as plain data: a scenario step (by its index in the steps), a recorded action
 * (by its index in the recording's actions) or a load generator's next put.
 */
export type ScenarioCall = { k: 'step'; index: number } | { k: 'action'; index: number } | LoadCall;

/** Who carries out a cluster's scenario calls: the steps and actions they point at, the load counter. */
export interface CallOwner {
	readonly steps: readonly Step[];
	readonly counter: LoadCounter;
	/** hears each step and action as it runs */
	readonly onRun?: (step: Step) => void;
	/** the recorded action at an index (a recording's actions) */
	readonly action?: (index: number) => Step;
}

function isScenarioCall(x: unknown): x is ScenarioCall {
	return typeof x === 'object' && x !== null && 'k' in x && (x.k === 'step' || x.k === 'action' || x.k === 'load');
}

/** Makes `owner` carry out the cluster's scenario calls (set again on a cluster restored from a checkpoint). */
export function installCalls(c: Cluster, owner: CallOwner): void {
	c.onOutsideCall = (payload) => {
		if (!isScenarioCall(payload)) throw new Error('not a scenario call');
		switch (payload.k) {
			case 'load':
				return fireLoad(c, payload, owner.counter);
			case 'step':
			case 'action': {
				const step = payload.k === 'step' ? owner.steps[payload.index] : owner.action?.(payload.index);
				if (step === undefined) throw new Error(`no ${payload.k} ${payload.index} to carry out`);
				owner.onRun?.(step);
				applyStep(c, step, owner.counter);
				return;
			}
		}
	};
}

/** `load`: one client issuing puts at a fixed rate (open loop) over `keys` keys. */
function startLoad(c: Cluster, step: Extract<Step, { do: 'load' }>, counter: LoadCounter): void {
	const startMs = c.nowMs;
	const l: LoadCall = { k: 'load', node: step.node, keys: step.keys, startMs, endMs: startMs + step.durationMs, intervalMs: 1000 / step.writesPerSec, i: 0 };
	if (step.valueBytes !== undefined) l.valueBytes = step.valueBytes;
	fireLoad(c, l, counter);
}

/** A load generator's next put; the one after is scheduled as data. */
function fireLoad(c: Cluster, l: LoadCall, counter: LoadCounter): void {
	const n = counter.n++;
	c.put(l.node, `key${l.i % l.keys}`, `v${n}`, l.valueBytes);
	const i = l.i + 1;
	const next = l.startMs + i * l.intervalMs;
	if (next >= l.endMs) return;
	// the same fields in the same order as a spread would give, built directly (a spread of the
	// call was 2% of a loaded run)
	const call: LoadCall = { k: 'load', node: l.node, keys: l.keys, startMs: l.startMs, endMs: l.endMs, intervalMs: l.intervalMs, i };
	if (l.valueBytes !== undefined) call.valueBytes = l.valueBytes;
	c.schedule(next, call);
}

/**
 * Schedules every step at its time (steps at one time keep file order). `onRun` hears each step
 * as it runs (the recording keeps the list of steps that ran). The calls are plain data, carried
 * out by the owner installed here.
 */
export function scheduleSteps(c: Cluster, steps: readonly Step[], counter: LoadCounter = { n: 0 }, onRun?: (step: Step) => void): void {
	installCalls(c, { steps, counter, onRun });
	steps.forEach((step, index) => c.schedule(step.atMs, { k: 'step', index } satisfies ScenarioCall));
}
