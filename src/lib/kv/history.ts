/**
 * The client history as the linearizability checker sees it. Serializable reads are left out: etcd
 * promises them no linearizability (they may be stale by design). Failed ops had no effect; a
 * timed-out or unanswered write may have taken effect at any time after its call; a read that got
 * no answer tells nothing.
 */
import { DEFAULT_BUDGET_STEPS, checkLinearizable, type HistoryOp, type LinearizabilityReport, type LinearizableResult } from '../check/linearizability';
import { isKvOp, type ClientOp } from './ops';

export function historyOf(ops: readonly ClientOp[]): HistoryOp[] {
	const out: HistoryOp[] = [];
	for (const op of ops) {
		if (!isKvOp(op)) continue; // membership changes touch no key
		if (op.kind === 'get' && (op.serializable || op.status !== 'ok')) continue;
		if (op.status === 'fail') continue;
		const known = op.status === 'ok';
		out.push({
			id: op.id,
			kind: op.kind,
			key: op.key,
			value: op.kind === 'delete' ? null : op.value,
			callMs: op.callUs / 1000,
			returnMs: known && op.returnUs !== null ? op.returnUs / 1000 : null
		});
	}
	return out;
}

/**
 * Checks the history. When the oldest ops were dropped (`droppedSettledUs` is not null: the moment
 * by which every dropped op had taken effect or failed for good), the ops kept are checked as a span
 * that opens on an unknown state: the verdict covers the kept span. It is 'unknown' when a dropped
 * op could still land inside the span (a timed-out write, or one answered after the span opens).
 */
export function checkHistory(ops: readonly ClientOp[], droppedSettledUs: number | null = null, budgetSteps = DEFAULT_BUDGET_STEPS): LinearizabilityReport {
	const history = historyOf(ops);
	if (droppedSettledUs === null) return checkLinearizable(history, { budgetSteps });
	if (ops.length === 0) return { result: true, steps: 0 };
	if (droppedSettledUs >= ops[0].callUs) return { result: 'unknown', steps: 0 };
	return checkWindow(history, budgetSteps);
}

/** How many starting values a key's window may try before the verdict is 'unknown'. */
const MAX_START_VALUES = 8;

/**
 * A history whose registers start at unknown values: a key's history is linearizable if it is so
 * from some starting value. That value can only have been read by a get called before the first
 * write on the key returned (a get placed after a write reads what a write wrote), so those reads,
 * and "absent", are the only starting values worth trying.
 */
function checkWindow(history: readonly HistoryOp[], budgetSteps: number): LinearizabilityReport {
	const byKey = new Map<string, HistoryOp[]>();
	for (const op of history) {
		const list = byKey.get(op.key);
		if (list === undefined) byKey.set(op.key, [op]);
		else list.push(op);
	}
	let steps = 0;
	for (const key of [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
		const keyOps = byKey.get(key) as HistoryOp[];
		let firstWriteReturnMs = Infinity;
		for (const op of keyOps) if (op.kind !== 'get' && op.returnMs !== null) firstWriteReturnMs = Math.min(firstWriteReturnMs, op.returnMs);
		const starts = new Set<string | null>([null]);
		for (const op of keyOps) if (op.kind === 'get' && op.callMs <= firstWriteReturnMs) starts.add(op.value);
		if (starts.size > MAX_START_VALUES) return { result: 'unknown', steps };
		let found = false;
		for (const start of starts) {
			const initial = new Map<string, string>();
			if (start !== null) initial.set(key, start);
			const r = checkLinearizable(keyOps, { budgetSteps: budgetSteps - steps, initial });
			steps += r.steps;
			if (r.result === 'unknown' || steps >= budgetSteps) return { result: 'unknown', steps };
			if (r.result === true) {
				found = true;
				break;
			}
		}
		if (!found) return { result: false, key, opIds: keyOps.map((o) => o.id), steps };
	}
	return { result: true, steps };
}

/** Does this op count in the checked history, now or once it is answered? */
function mayCount(op: ClientOp): boolean {
	if (op.status === 'fail') return false;
	if (op.kind === 'get') return !op.serializable && (op.status === 'ok' || op.status === 'pending');
	return true;
}

/** The register's value right after `op` (a put's value, a read's answer, a delete's absence). */
function valueAfter(op: ClientOp): string | null {
	return op.kind === 'delete' ? null : op.value;
}

/** One key's ops and the point its check starts from. */
interface KeyLog {
	ops: ClientOp[];
	/** ops before this index are settled: checked linearizable, ending in `initial` */
	from: number;
	initial: string | null;
}

/**
 * The latest cut in `ops[from..]` after which the check can restart: an op X that is answered, that
 * every earlier counting op returned before X was called, and that every later counting op was
 * called after X returned (strictly: closed intervals, as the checker orders them). Every
 * linearization then puts all earlier ops before X and all later ones after it, so the register
 * holds X's value right after X, whatever came before. Ops are appended in call order, so a later op
 * that was called after X returned proves every future op will be too. An unanswered op (pending, or
 * a write whose outcome is unknown) may take effect at any time after its call: none may precede
 * the cut. Returns the index just past X, or -1.
 */
function lastCut(ops: readonly ClientOp[], from: number): number {
	let cut = -1;
	let maxReturnUs = -Infinity;
	let prev: ClientOp | null = null;
	let prevAt = -1;
	for (let i = from; i < ops.length; i++) {
		const op = ops[i];
		if (!mayCount(op)) continue;
		if (prev !== null && prev.returnUs !== null && op.callUs > prev.returnUs && prev.callUs > maxReturnUs) cut = prevAt + 1;
		if (op.status !== 'ok' || op.returnUs === null) break;
		if (prev !== null) maxReturnUs = Math.max(maxReturnUs, prev.returnUs as number);
		prev = op;
		prevAt = i;
	}
	return cut;
}

/**
 * The linearizability verdict of a growing history, checked incrementally: each `update` re-checks
 * only the keys whose ops changed since the last one (a new op, or an op that got its answer);
 * every other key keeps its verdict (P-compositionality: keys are independent registers, so the
 * whole is linearizable iff every key is). A key is re-checked only from its latest cut (see
 * lastCut), starting from the value the register held there, so the work per update follows the
 * ops still in flight, not the length of the history. The verdict equals checkLinearizable on the
 * whole history (tests/unit/lin-monitor.test.ts compares them), as long as no key exhausts its
 * budget. Once the history has been cut (the cluster dropped its oldest ops), the verdict is
 * 'unknown', as in the run report.
 */
export class LinearizabilityMonitor {
	readonly #budgetSteps: number;
	/** every op seen, by key */
	#byKey = new Map<string, KeyLog>();
	/** per key: its verdict when last checked */
	#verdicts = new Map<string, LinearizableResult>();
	#dirty = new Set<string>();
	/** ops still unanswered when last seen (their answer makes their key dirty) */
	#pending = new Set<ClientOp>();
	/** ops appended to the cluster's list so far (its length plus those it dropped) */
	#seen = 0;
	#failed = 0;
	#unknown = 0;

	constructor(budgetStepsPerKey = 200_000) {
		this.#budgetSteps = budgetStepsPerKey;
	}

	/**
	 * The verdict after taking in `ops` (the cluster's list; `dropped` ops were cut from its front),
	 * at most `limit` new ones this time (a cluster restored from a checkpoint brings its whole
	 * history at once: taken in a part at a time, no call runs long); see `behind`.
	 */
	update(ops: readonly ClientOp[], dropped = 0, limit = Infinity): LinearizableResult {
		if (dropped > 0) return 'unknown';
		const end = Math.min(ops.length, this.#seen + limit);
		for (let i = this.#seen; i < end; i++) {
			const op = ops[i];
			if (!isKvOp(op)) continue;
			let log = this.#byKey.get(op.key);
			if (log === undefined) {
				log = { ops: [], from: 0, initial: null };
				this.#byKey.set(op.key, log);
			}
			log.ops.push(op);
			this.#dirty.add(op.key);
			if (op.status === 'pending') this.#pending.add(op);
		}
		this.#seen = end;
		for (const op of this.#pending) {
			if (op.status === 'pending') continue;
			this.#pending.delete(op);
			this.#dirty.add(op.key);
		}
		for (const key of this.#dirty) this.#check(key, this.#byKey.get(key) as KeyLog);
		this.#dirty.clear();
		return this.#failed > 0 ? false : this.#unknown > 0 ? 'unknown' : true;
	}

	/** How many of a list of `total` ops it has not taken in yet. */
	behind(total: number): number {
		return Math.max(0, total - this.#seen);
	}

	/** Ops not yet settled behind a cut, over all keys: what the next updates may re-check. */
	get openOps(): number {
		let n = 0;
		for (const log of this.#byKey.values()) n += log.ops.length;
		return n;
	}

	#check(key: string, log: KeyLog): void {
		const rest = log.ops.slice(log.from);
		const initial = log.initial === null ? undefined : new Map([[key, log.initial]]);
		const v = checkLinearizable(historyOf(rest), { budgetSteps: this.#budgetSteps, initial }).result;
		this.#set(key, v);
		if (v !== true) return;
		const cut = lastCut(log.ops, log.from);
		if (cut < 0) return;
		log.initial = valueAfter(log.ops[cut - 1]);
		// settled ops are dropped: only the ones from the cut on are checked again
		log.ops = log.ops.slice(cut);
		log.from = 0;
	}

	#set(key: string, v: LinearizableResult): void {
		const was = this.#verdicts.get(key);
		if (was === false) this.#failed--;
		if (was === 'unknown') this.#unknown--;
		if (v === false) this.#failed++;
		if (v === 'unknown') this.#unknown++;
		this.#verdicts.set(key, v);
	}
}
