/**
 * The work budget: how many engine events a run may take, predicted up front from the scenario's
 * size, rates and length, before anything runs. A run whose prediction is over the budget is refused
 * (the CLI runs it anyway with --no-budget), so no file or link can make the CLI, the page or an
 * embed work for an unbounded time.
 *
 * The prediction is an upper bound, not an estimate: every term below counts the most events its
 * cause can make (tests/unit/budget.test.ts runs random scenarios and checks that each one finishes
 * within its bound). The costs, in engine events (Cluster.events) plus synchronous raft steps:
 *
 * - every member ticks once per heartbeatMs for the whole run; a tick can make a leader's heartbeats
 *   to every peer and their answers, a campaign's vote requests and answers, WAL writes and the
 *   watch monitor: TICK_BASE + TICK_PER_PEER x (size - 1) events per member-tick;
 * - every boot (the start and each restart) fast-forwards electionMs/heartbeatMs - 2 ticks at once;
 * - every client request (put, get, delete, transfer and each put a load issues) crosses the
 *   network, is proposed, replicated to every peer, persisted, applied and answered:
 *   OP_BASE + OP_PER_MEMBER x size events;
 * - every watch may see every write;
 * - every fault step (kill, restart, partition, cut, heal, disk) costs a few events per member.
 */
import type { Scenario, Step } from './types';

/** The most engine events a run may be predicted to take (a few tens of seconds of CLI time). */
export const MAX_RUN_EVENTS = 20_000_000;

const TICK_BASE = 2;
const TICK_PER_PEER = 1.5;
const OP_BASE = 6;
const OP_PER_MEMBER = 6;
const FAULT_PER_MEMBER = 4;

export interface BudgetTerm {
	/** the field to change to make the run cheaper, e.g. `untilMs` or `steps[3].writesPerSec` */
	field: string;
	/** predicted events from this cause */
	events: number;
	/** what the events are, in words (English; the page shows its own text from `kind`) */
	kind: 'ticks' | 'boots' | 'requests' | 'watches' | 'faults';
}

export interface Prediction {
	/** the upper bound on engine events for the whole run (to untilMs) */
	events: number;
	/** the terms, largest first */
	terms: BudgetTerm[];
	/** client requests the run will issue (load puts included) */
	requests: number;
}

/** Puts a load step issues before the run ends (the first at atMs, then one per interval). */
export function loadPuts(step: Extract<Step, { do: 'load' }>, untilMs: number): number {
	const spanMs = Math.max(0, Math.min(step.durationMs, untilMs - step.atMs));
	return Math.ceil((spanMs * step.writesPerSec) / 1000) + 1;
}

/** The predicted upper bound on a run's engine events (steps and the playground's actions). */
export function predictEvents(s: Scenario): Prediction {
	const n = s.cluster.size;
	const hb = s.cluster.heartbeatMs;
	const electionTicks = Math.max(1, Math.round(s.cluster.electionMs / hb));
	const all: { step: Step; path: string }[] = [
		...s.steps.map((step, i) => ({ step, path: `steps[${i}]` })),
		...(s.actions ?? []).map((step, i) => ({ step, path: `actions[${i}]` }))
	];

	let boots = n;
	let requests = 0;
	let writes = 0;
	let watches = 0;
	let faults = 0;
	let biggestLoad = { path: '', puts: -1 };
	let firstWatch = '';
	for (const { step, path } of all) {
		switch (step.do) {
			case 'restart':
				boots++;
				faults++;
				break;
			case 'kill':
			case 'partition':
			case 'cut':
			case 'heal':
			case 'disk':
				faults++;
				break;
			case 'put':
			case 'delete':
				requests++;
				writes++;
				break;
			case 'get':
			case 'transfer':
				requests++;
				break;
			case 'watch':
				watches++;
				if (firstWatch === '') firstWatch = path;
				break;
			case 'load': {
				const puts = loadPuts(step, s.untilMs);
				requests += puts;
				writes += puts;
				if (puts > biggestLoad.puts) biggestLoad = { path, puts };
				break;
			}
			default:
				// a step kind added later: charge it as a fault and a request
				faults++;
				requests++;
		}
	}

	const memberTicks = n * (Math.ceil(s.untilMs / hb) + 1);
	const terms: BudgetTerm[] = [
		{
			field: hb < 100 ? 'cluster.heartbeatMs' : 'untilMs',
			events: memberTicks * (TICK_BASE + TICK_PER_PEER * (n - 1)),
			kind: 'ticks'
		},
		{ field: 'cluster.electionMs', events: boots * electionTicks, kind: 'boots' },
		{
			field: biggestLoad.puts * 2 > requests ? `${biggestLoad.path}.writesPerSec` : 'steps',
			events: requests * (OP_BASE + OP_PER_MEMBER * n),
			kind: 'requests'
		},
		{ field: firstWatch === '' ? 'steps' : firstWatch, events: watches * (writes + 2), kind: 'watches' },
		{ field: 'steps', events: faults * FAULT_PER_MEMBER * n, kind: 'faults' }
	];
	const events = terms.reduce((sum, t) => sum + t.events, 0);
	terms.sort((a, b) => b.events - a.events);
	return { events: Math.ceil(events), terms, requests };
}

const WHY: Record<BudgetTerm['kind'], string> = {
	ticks: 'every member ticks once per heartbeatMs until untilMs',
	boots: 'each start and restart fast-forwards electionMs / heartbeatMs ticks',
	requests: 'client requests, load puts included',
	watches: 'every watch sees every write',
	faults: 'fault steps'
};

/** `12,345,678` */
export function formatCount(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

/** The budget's verdict: null when the run fits, or the field to blame and one line saying why. */
export function overBudget(s: Scenario, maxEvents = MAX_RUN_EVENTS): { field: string; expected: string; prediction: Prediction } | null {
	const prediction = predictEvents(s);
	if (prediction.events <= maxEvents) return null;
	const top = prediction.terms[0];
	return {
		field: top.field,
		expected:
			`this run needs up to ${formatCount(prediction.events)} engine events, over the budget of ` +
			`${formatCount(maxEvents)} (mostly ${WHY[top.kind]}); shorten untilMs, lower the rates or the cluster size`,
		prediction
	};
}
