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

/** `load`: one client issuing puts at a fixed rate (open loop) over `keys` keys. */
function startLoad(c: Cluster, step: Extract<Step, { do: 'load' }>, counter: LoadCounter): void {
	const intervalMs = 1000 / step.writesPerSec;
	const startMs = c.nowMs;
	const endMs = startMs + step.durationMs;
	let i = 0;
	const fire = (): void => {
		const n = counter.n++;
		c.put(step.node, `key${i % step.keys}`, `v${n}`);
		i++;
		const next = startMs + i * intervalMs;
		if (next < endMs) c.at(next, fire);
	};
	fire();
}

/**
 * Schedules every step at its time (steps at one time keep file order). `onRun` hears each step
 * as it runs (the recording keeps the list of steps that ran).
 */
export function scheduleSteps(c: Cluster, steps: readonly Step[], counter: LoadCounter = { n: 0 }, onRun?: (step: Step) => void): void {
	for (const step of steps) {
		c.at(step.atMs, () => {
			onRun?.(step);
			applyStep(c, step, counter);
		});
	}
}
