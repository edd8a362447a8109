/**
 * Which messages the picture draws, and which of them carry a label, when many are in flight.
 * Pure (no DOM): the picture passes positions in SVG units.
 *
 * - Up to `maxDrawn` messages are drawn one by one. Past that, messages on the same link, of the
 *   same kind and fate, are drawn as one shape with a count (×n), and if there are still too many
 *   the most telling ones win (the one you opened, lost ones, votes, appends, then heartbeats).
 * - At most `maxLabels` labels, in that same order, and never one over another: a label whose box
 *   would overlap one already placed is left off (the message keeps its shape, letter and its
 *   accessible name; a click still opens it).
 */
import type { WireKind } from './text';

export interface DrawCandidate {
	id: number;
	from: number;
	to: number;
	kind: WireKind;
	dropped: boolean;
	sendMs: number;
	x: number;
	y: number;
	/** away from the members' circles (a label there would cover a member's name) */
	clear: boolean;
}

export const MAX_DRAWN = 40;
export const MAX_LABELS = 6;

/** lower draws (and labels) first */
const RANK: Record<WireKind, number> = { vote: 1, preVote: 1, app: 2, other: 3, heartbeat: 4 };

function priority(d: DrawCandidate, keep: ReadonlySet<number>): number {
	if (keep.has(d.id)) return -1;
	return d.dropped ? 0 : RANK[d.kind];
}

function byPriority<T extends DrawCandidate>(keep: ReadonlySet<number>): (a: T, b: T) => number {
	return (a, b) => priority(a, keep) - priority(b, keep) || b.sendMs - a.sendMs || b.id - a.id;
}

/**
 * The messages to draw, each with how many it stands for (1, or the messages on its link it was
 * merged with), in their original order (older ones underneath).
 */
export function pickDrawn<T extends DrawCandidate>(moving: readonly T[], keep: ReadonlySet<number> = new Set(), maxDrawn = MAX_DRAWN): { d: T; count: number }[] {
	if (moving.length <= maxDrawn) return moving.map((d) => ({ d, count: 1 }));
	const order = byPriority<T>(keep);
	const groups = new Map<string, { d: T; count: number }>();
	for (const d of moving) {
		const key = `${d.from}-${d.to}-${d.kind}-${d.dropped}`;
		const g = groups.get(key);
		if (!g) groups.set(key, { d, count: 1 });
		else {
			g.count++;
			if (order(d, g.d) < 0) g.d = d;
		}
	}
	let out = [...groups.values()];
	// a message you opened is drawn on its own even on a busy link
	for (const d of moving) {
		if (!keep.has(d.id)) continue;
		const g = out.find((x) => x.d.id === d.id);
		if (!g) out.push({ d, count: 1 });
	}
	if (out.length > maxDrawn) out = out.sort((a, b) => order(a.d, b.d)).slice(0, maxDrawn);
	return out.sort((a, b) => a.d.id - b.d.id);
}

/** Rough width of a label in SVG units (monospace at 8.5px: about 0.6 em a character). */
export function labelWidth(text: string): number {
	return text.length * 5.2 + 2;
}

/** Where MessageShape draws a message's label, relative to the message (x 10, baseline y -8). */
export function labelBox(d: { x: number; y: number }, text: string): { x0: number; y0: number; x1: number; y1: number } {
	return { x0: d.x + 9, y0: d.y - 17, x1: d.x + 9 + labelWidth(text), y1: d.y - 5 };
}

/**
 * The ids whose label is drawn: `keep` first (wherever they are), then the rest that are `clear`,
 * in priority order, skipping any whose box would overlap a label already placed.
 */
export function pickLabels<T extends DrawCandidate>(drawn: readonly T[], labelOf: (d: T) => string, keep: ReadonlySet<number> = new Set(), maxLabels = MAX_LABELS): Set<number> {
	const out = new Set<number>();
	const boxes: { x0: number; y0: number; x1: number; y1: number }[] = [];
	const order = byPriority<T>(keep);
	for (const d of [...drawn].sort(order)) {
		if (out.size >= maxLabels) break;
		const kept = keep.has(d.id);
		if (!kept && !d.clear) continue;
		const b = labelBox(d, labelOf(d));
		if (!kept && boxes.some((o) => b.x0 < o.x1 + 2 && o.x0 < b.x1 + 2 && b.y0 < o.y1 + 1 && o.y0 < b.y1 + 1)) continue;
		boxes.push(b);
		out.add(d.id);
	}
	return out;
}
