/**
 * What the time bar paints: bands coloured by the term that had a leader, and markers for what
 * happened (each fault and disk change the run was given, each leader elected, the windows in which
 * two members believed they led, and writes refused or timed out, counted per stretch of the bar).
 * Pure functions of the scenario's steps, the recorded actions and the cluster's history, so the
 * same run paints the same bar. Plain TypeScript: unit-tested in tests/unit/timeline.test.ts.
 */
import type { OpCount } from '../../cluster/base';
import type { ClientOp, LeadershipSpan } from '../../cluster/types';
import type { Step } from '../../scenario/types';

export type MarkKind = 'kill' | 'restart' | 'partition' | 'cut' | 'heal' | 'disk' | 'transfer' | 'leader' | 'splitBrain' | 'refused' | 'timedOut';

export interface Mark {
	/** a stable identity (the same mark found again after a seek keeps it) */
	id: string;
	atMs: number;
	/** the end of a window (two leaders at once); equal to atMs for an instant */
	toMs: number;
	kind: MarkKind;
	/** the member it is about (kill, restart, disk, leader) */
	node: number;
	/** the second member (cut: the other end; splitBrain: the other leader) */
	other: number;
	term: number;
	/** writes refused or timed out in this stretch; fsyncMs for a disk change */
	count: number;
	/** partition: its sides, written "n1 n2 | n3" */
	groups: string;
}

export interface TermBand {
	fromMs: number;
	/** null: still leading now */
	toMs: number | null;
	term: number;
	node: number;
}

const US_PER_MS = 1000;

function mark(kind: MarkKind, atMs: number, fields: Partial<Omit<Mark, 'id' | 'kind' | 'atMs'>> = {}): Mark {
	const m: Mark = { id: '', atMs, toMs: fields.toMs ?? atMs, kind, node: fields.node ?? 0, other: fields.other ?? 0, term: fields.term ?? 0, count: fields.count ?? 0, groups: fields.groups ?? '' };
	m.id = `${kind}:${atMs}:${m.node}:${m.other}:${m.term}`;
	return m;
}

/** Markers for the faults, disk changes and transfers among the steps (scenario steps and user actions). */
export function actionMarks(steps: readonly Step[]): Mark[] {
	const out: Mark[] = [];
	for (const s of steps) {
		switch (s.do) {
			case 'kill':
			case 'restart':
				out.push(mark(s.do, s.atMs, { node: s.node }));
				break;
			case 'partition':
				out.push(mark('partition', s.atMs, { groups: s.groups.map((g) => g.map((n) => `n${n}`).join(' ')).join(' | ') }));
				break;
			case 'cut':
				out.push(mark('cut', s.atMs, { node: s.from, other: s.to }));
				break;
			case 'heal':
				out.push(mark('heal', s.atMs));
				break;
			case 'disk':
				out.push(mark('disk', s.atMs, { node: s.node, count: s.fsyncMs }));
				break;
			case 'transfer':
				out.push(mark('transfer', s.atMs, { node: s.to }));
				break;
			default:
				break;
		}
	}
	return out;
}

/** The bands of leadership: who led in which term, from its election to its end. */
export function termBands(leadership: readonly LeadershipSpan[], nowMs: number): TermBand[] {
	return leadership
		.filter((s) => s.startUs <= nowMs * US_PER_MS)
		.map((s) => ({ fromMs: s.startUs / US_PER_MS, toMs: s.endUs === null ? null : s.endUs / US_PER_MS, term: s.term, node: s.node }));
}

/** How many writes (puts and deletes) have come back refused or timed out: the cluster's own counts. */
export function failedWrites(counts: Readonly<Record<'put' | 'delete', Readonly<OpCount>>>): number {
	return counts.put.fail + counts.put.timeout + counts.delete.fail + counts.delete.timeout;
}

/**
 * Markers from the cluster's history up to now: each leader elected, each window in which two
 * members believed they led (at different terms: never two in one term), and the writes refused or
 * timed out, one marker per stretch of `bucketMs` that had any.
 *
 * `failed`: failedWrites of the cluster whose history `ops` is, when known. The history can hold
 * hundreds of thousands of ops (a load for an hour) and each look scanned it all (30 ms in the
 * browser, at every stretch of the bar and after every seek): with no write failed there is nothing
 * to look for, and while no other write failed the last scan of the same history stands.
 */
export function historyMarks(leadership: readonly LeadershipSpan[], ops: readonly ClientOp[], nowMs: number, bucketMs: number, failed?: number): Mark[] {
	const out: Mark[] = [];
	const nowUs = nowMs * US_PER_MS;
	const spans = leadership.filter((s) => s.startUs <= nowUs);
	for (const s of spans) out.push(mark('leader', s.startUs / US_PER_MS, { node: s.node, term: s.term }));
	for (let i = 0; i < spans.length; i++) {
		const a = spans[i];
		const aEnd = a.endUs ?? nowUs;
		for (let j = i + 1; j < spans.length; j++) {
			const b = spans[j];
			if (b.node === a.node) continue;
			const bEnd = b.endUs ?? nowUs;
			const from = Math.max(a.startUs, b.startUs);
			const to = Math.min(aEnd, bEnd);
			if (to <= from) continue;
			const [older, newer] = a.term <= b.term ? [a, b] : [b, a];
			out.push(mark('splitBrain', from / US_PER_MS, { toMs: to / US_PER_MS, node: older.node, other: newer.node, term: newer.term }));
		}
	}
	if (failed !== 0) out.push(...failedMarks(ops, nowMs, bucketMs, failed));
	return out;
}

/** The last scan of a history (an array the cluster keeps from one read to the next): see failedMarks. */
interface Scan {
	failed: number;
	bucketMs: number;
	/** the oldest op then (the history limit drops ops from the front of the same array) */
	first: ClientOp | undefined;
	marks: Mark[];
}

const scans = new WeakMap<readonly ClientOp[], Scan>();

/** The markers of the writes refused or timed out (see historyMarks); `failed` as there. */
function failedMarks(ops: readonly ClientOp[], nowMs: number, bucketMs: number, failed: number | undefined): Mark[] {
	const last = scans.get(ops);
	// the same history, its front and its failures as at the last scan, which took every failure in
	if (failed !== undefined && last !== undefined && last.failed === failed && last.bucketMs === bucketMs && last.first === ops[0]) return last.marks;
	const step = Math.max(1, bucketMs);
	const buckets = new Map<string, { kind: MarkKind; atMs: number; count: number }>();
	let later = 0;
	for (const op of ops) {
		if (op.kind !== 'put' && op.kind !== 'delete') continue;
		if (op.status !== 'fail' && op.status !== 'timeout') continue;
		const atMs = (op.returnUs ?? op.callUs) / US_PER_MS;
		if (atMs > nowMs) {
			later++;
			continue;
		}
		const kind: MarkKind = op.status === 'fail' ? 'refused' : 'timedOut';
		const slot = Math.floor(atMs / step);
		const key = `${kind}:${slot}`;
		const b = buckets.get(key);
		if (b) b.count++;
		else buckets.set(key, { kind, atMs, count: 1 });
	}
	const marks: Mark[] = [];
	for (const b of buckets.values()) marks.push(mark(b.kind, b.atMs, { count: b.count }));
	// kept for the next look unless a failure lay past nowMs (a later look may take it in)
	if (failed !== undefined && later === 0) scans.set(ops, { failed, bucketMs, first: ops[0], marks });
	return marks;
}

/**
 * The markers to paint: those found before (kept while they lie inside the timeline reached, which
 * a seek back does not shorten and a new branch does) merged with those found now, in time order.
 */
export function mergeMarks(before: readonly Mark[], found: readonly Mark[], horizonMs: number): Mark[] {
	const byId = new Map<string, Mark>();
	for (const m of before) if (m.atMs <= horizonMs) byId.set(m.id, m);
	for (const m of found) if (m.atMs <= horizonMs) byId.set(m.id, m);
	// ids in code-unit order: localeCompare would start ICU's collator (tens of ms, the first time on a page)
	return [...byId.values()].sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The marker before (dir -1) or after (dir +1) a moment, for keys that jump between them. */
export function neighbour(marks: readonly Mark[], nowMs: number, dir: -1 | 1): Mark | null {
	if (dir > 0) return marks.find((m) => m.atMs > nowMs + 0.0005) ?? null;
	for (let i = marks.length - 1; i >= 0; i--) if (marks[i].atMs < nowMs - 0.0005) return marks[i];
	return null;
}

/** The kinds of marker found again from the steps and actions every time (not remembered across a fork). */
export const ACTION_KINDS: ReadonlySet<MarkKind> = new Set<MarkKind>(['kill', 'restart', 'partition', 'cut', 'heal', 'disk', 'transfer']);

/**
 * The bands to paint: those found before (kept while they start inside the timeline reached) merged
 * with those found now. A band the cluster shows still leading now (a seek back put the clock
 * before its end) keeps the end found before on this timeline; a band found ended takes its end.
 * A band still open (toMs null) leads to the furthest moment reached.
 */
export function mergeBands(before: readonly TermBand[], found: readonly TermBand[], nowMs: number, horizonMs: number): TermBand[] {
	const byKey = new Map<string, TermBand>();
	for (const b of before) if (b.fromMs <= horizonMs) byKey.set(bandKey(b), b);
	for (const f of found) {
		if (f.fromMs > horizonMs) continue;
		const k = bandKey(f);
		const b = byKey.get(k);
		byKey.set(k, f.toMs === null && b !== undefined && b.toMs !== null && b.toMs > nowMs ? b : f);
	}
	return [...byKey.values()].sort((a, b) => a.fromMs - b.fromMs || a.node - b.node);
}

/** A band's identity: one leadership (its member, term and start). */
export function bandKey(b: TermBand): string {
	return `${b.node}:${b.term}:${b.fromMs}`;
}

/** The bands as they stood at atMs on this timeline: later ones go, those leading then stay open. */
export function bandsAt(bands: readonly TermBand[], atMs: number): TermBand[] {
	return bands.filter((b) => b.fromMs <= atMs).map((b) => (b.toMs !== null && b.toMs > atMs ? { ...b, toMs: null } : b));
}

/**
 * What a time bar remembers: every marker and term band found on this timeline (a seek back keeps
 * those up to the furthest moment reached). A fork sets them aside with the future it drops; Undo,
 * which brings that future back, brings them back too, at once, as they were before the fork (the
 * branch's go), so the restored future is painted before it is replayed. Mirrors the recording's
 * rule: one future set aside, restored once (scenario/recording.ts).
 */
export class MarkMemory {
	#seen: Mark[] = [];
	#bands: TermBand[] = [];
	/** what the bar showed when the latest fork dropped its future (null: nothing to restore) */
	#dropped: { marks: Mark[]; bands: TermBand[] } | null = null;

	get seen(): readonly Mark[] {
		return this.#seen;
	}

	get bands(): readonly TermBand[] {
		return this.#bands;
	}

	/**
	 * An action in the past forks the run: what the bar shows now is what Undo brings back. Given the
	 * fork's moment, what came after it goes at once (the bands leading then stay, open-ended);
	 * without, it goes at the next update, past the new timeline's end.
	 */
	fork(atMs?: number): void {
		this.#dropped = { marks: this.#seen, bands: this.#bands };
		if (atMs === undefined) return;
		this.#seen = this.#seen.filter((m) => m.atMs <= atMs);
		this.#bands = bandsAt(this.#bands, atMs);
	}

	/** A new run from 0: nothing to remember, nothing to restore. */
	restart(): void {
		this.#seen = [];
		this.#bands = [];
		this.#dropped = null;
	}

	/**
	 * Undo of the fork at forkMs: the markers and bands from before the fork come back (the actions'
	 * own markers are found again from the restored actions). Without a fork remembered, the
	 * branch's markers and bands after the fork and its actions' markers go.
	 */
	undo(forkMs: number): void {
		const d = this.#dropped;
		this.#dropped = null;
		this.#seen = (d?.marks ?? this.#seen.filter((m) => m.atMs <= forkMs)).filter((m) => !ACTION_KINDS.has(m.kind));
		this.#bands = d?.bands ?? bandsAt(this.#bands, forkMs);
	}

	/** Merges the markers found now (kept up to horizonMs, as mergeMarks) and returns all of them. */
	update(found: readonly Mark[], horizonMs: number): readonly Mark[] {
		this.#seen = mergeMarks(this.#seen, found, horizonMs);
		return this.#seen;
	}

	/** Merges the bands found now (as mergeBands) and returns all of them. */
	updateBands(found: readonly TermBand[], nowMs: number, horizonMs: number): readonly TermBand[] {
		this.#bands = mergeBands(this.#bands, found, nowMs, horizonMs);
		return this.#bands;
	}
}
