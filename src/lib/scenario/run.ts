/**
 * Runs a validated scenario on a fresh cluster and builds the public run report.
 * The same scenario always gives the same report, byte for byte.
 */
import type { Cluster } from '../cluster/cluster';
import type { ClientOp, ClusterOptions } from '../cluster/types';
import { checkHistory } from '../kv/history';
import { isKvOp } from '../kv/ops';
import { record } from './recording';
import type { MemberOpReport, OpReport, Report, Scenario, WatchReport } from './types';

// what a step does to a cluster lives in apply.ts; tools that build clusters by hand use these
export { clusterOptions, scheduleSteps } from './apply';

/** Runs the scenario's steps and actions (the recording's replay rule) to untilMs, then reports. */
export function runScenario(s: Scenario, options: Partial<ClusterOptions> = {}): { report: Report; cluster: Cluster } {
	const c = record(s, s.actions ?? [], s.untilMs, { cluster: options }).cluster;
	return { report: buildReport(s, c), cluster: c };
}

function percentile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

function opReport(op: ClientOp): OpReport | MemberOpReport {
	if (!isKvOp(op)) {
		return {
			id: op.id,
			do: op.kind as MemberOpReport['do'],
			node: op.target ?? 0,
			endpoint: op.node,
			...(op.kind === 'memberAdd' ? { learner: op.learner === true } : {}),
			callMs: op.callUs / 1000,
			returnMs: op.returnUs === null ? null : op.returnUs / 1000,
			status: op.status === 'pending' ? 'timeout' : op.status,
			error: op.error
		};
	}
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
			learner: v.learner,
			member: v.member,
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
	const lin = checkHistory(c.ops, c.droppedOps > 0 ? c.droppedOpsSettledUs : null);
	// counted as they were issued and came back, dropped ops included (ops still pending at the end
	// have an unknown outcome, like timed-out ones)
	const putCount = c.opCounts.put;
	const report: Report = {
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
				ok: putCount.ok,
				timeout: putCount.issued - putCount.ok - putCount.fail,
				fail: putCount.fail,
				p50Ms: percentile(latencies, 50),
				p99Ms: percentile(latencies, 99)
			}
		},
		violations: c.checker.violations.map((v) => ({ ...v })),
		linearizable: lin.result
	};
	if (c.droppedOps > 0) {
		report.history = {
			capped: true,
			opsTotal: c.ops.length + c.droppedOps,
			opsKept: c.ops.length,
			firstKeptOpId: c.ops.length > 0 ? c.ops[0].id : null,
			linearizableCovers: 'kept',
			latencyCovers: 'kept'
		};
	}
	return report;
}
