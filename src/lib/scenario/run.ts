/**
 * Runs a validated scenario on a fresh cluster and builds the public run report.
 * The same scenario always gives the same report, byte for byte.
 */
import { Cluster } from '../cluster/cluster';
import type { ClientOp, ClusterOptions } from '../cluster/types';
import { checkHistory } from '../kv/history';
import type { OpReport, Report, Scenario, Step, WatchReport } from './types';

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
		clientTimeoutMs: s.client.timeoutMs
	};
}

/** Carries out one step on the cluster, now. */
export function applyStep(c: Cluster, step: Step, loadCounter: { n: number }): void {
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
			return c.setFsyncMs(step.node, step.fsyncMs);
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
	}
}

/** `load`: one client issuing puts at a fixed rate (open loop) over `keys` keys. */
function startLoad(c: Cluster, step: Extract<Step, { do: 'load' }>, counter: { n: number }): void {
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

/** Schedules every step of the scenario at its time (steps at one time keep file order). */
export function scheduleSteps(c: Cluster, steps: readonly Step[], counter = { n: 0 }): void {
	for (const step of steps) c.at(step.atMs, () => applyStep(c, step, counter));
}

export function runScenario(s: Scenario, options: Partial<ClusterOptions> = {}): { report: Report; cluster: Cluster } {
	const c = new Cluster({ ...clusterOptions(s), ...options });
	const counter = { n: 0 };
	scheduleSteps(c, s.steps, counter);
	runWithActions(c, s.actions ?? [], s.untilMs, counter);
	return { report: buildReport(s, c), cluster: c };
}

function percentile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

function opReport(op: ClientOp): OpReport {
	return {
		id: op.id,
		do: op.kind,
		node: op.node,
		key: op.key,
		value: op.value,
		callMs: op.callUs / 1000,
		returnMs: op.returnUs === null ? null : op.returnUs / 1000,
		// an op still unanswered when the run ends has an unknown outcome, like a timed-out one
		status: op.status === 'pending' ? 'timeout' : op.status,
		error: op.error
	};
}

export function buildReport(s: Scenario, c: Cluster): Report {
	const nodes = [];
	for (let id = 1; id <= c.size; id++) {
		const v = c.view(id);
		nodes.push({
			id,
			alive: v.alive,
			role: v.role,
			term: v.term,
			votedFor: v.votedFor,
			commitIndex: v.commitIndex,
			lastIndex: v.lastIndex,
			kv: v.kv
		});
	}
	const puts = c.ops.filter((o) => o.kind === 'put');
	const latencies = puts
		.filter((o) => o.status === 'ok' && o.returnUs !== null)
		.map((o) => ((o.returnUs as number) - o.callUs) / 1000)
		.sort((a, b) => a - b);
	const watches: WatchReport[] = c.watches.map((w) => ({
		node: w.node,
		key: w.key,
		events: w.events.map((e) => ({ atMs: e.atUs / 1000, type: e.type, value: e.value, revision: e.revision })),
		canceled: w.canceled
	}));
	const lin = checkHistory(c.ops, c.droppedOps > 0);
	return {
		version: 1,
		seed: s.seed,
		untilMs: s.untilMs,
		traceHash: c.trace.hex(),
		nodes,
		leaders: c.leaders.map((l) => ({ atMs: l.atUs / 1000, node: l.node, term: l.term })),
		ops: c.ops.map(opReport),
		watches,
		summary: {
			puts: {
				ok: puts.filter((o) => o.status === 'ok').length,
				timeout: puts.filter((o) => o.status === 'timeout' || o.status === 'pending').length,
				fail: puts.filter((o) => o.status === 'fail').length,
				p50Ms: percentile(latencies, 50),
				p99Ms: percentile(latencies, 99)
			}
		},
		violations: c.checker.violations.map((v) => ({ ...v })),
		linearizable: lin.result
	};
}

/**
 * Replays actions the way a user took them in the playground: each runs when the clock reaches its
 * atMs, after every engine event due by then (live and replayed runs are identical, byte for byte).
 */
export function runWithActions(c: Cluster, actions: readonly Step[], untilMs: number, counter: { n: number }): void {
	for (const a of actions) {
		if (a.atMs > untilMs) break;
		c.runUntil(a.atMs);
		c.at(a.atMs, () => applyStep(c, a, counter));
		c.runUntil(a.atMs);
	}
	c.runUntil(untilMs);
}
