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

export type Box = { x0: number; y0: number; x1: number; y1: number };
/** where a label is drawn beside its message: above right (the usual), above left, below right, below left */
export type LabelSide = 'ne' | 'nw' | 'se' | 'sw';
export const LABEL_SIDES: readonly LabelSide[] = ['ne', 'nw', 'se', 'sw'];
/** a label's baseline below its message (MessageShape: y -8 above, LABEL_BELOW below) */
export const LABEL_BELOW = 20;

/** a wide character (Hangul, CJK): about twice a Latin one */
const WIDE = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/u;

/** Rough width of text in SVG units: `em` of the font size a character, a wide one (Hangul) `wideEm`. */
export function textWidth(text: string, fontSize: number, em: number, wideEm = 1): number {
	let w = 0;
	for (const ch of text) w += WIDE.test(ch) ? wideEm : em;
	return w * fontSize;
}

/**
 * Width of a label in SVG units (the page's sans-serif, semibold, at 8.5px times k: about 0.65 em a
 * Latin character in DejaVu Sans Bold, a little more allowed; Hangul a full em).
 */
export function labelWidth(text: string, k = 1): number {
	return textWidth(text, 8.5 * k, 0.68, 1) + 1;
}

/** A label's baseline below its message when drawn k times its 8.5-unit size (LABEL_BELOW at 1: clear of the shape). */
export function labelBelow(k = 1): number {
	return LABEL_BELOW - 9 + 9 * k;
}

/**
 * Where MessageShape draws a message's label, relative to the message (x ±10, baseline y -8 or
 * labelBelow), its words drawn k times their 8.5-unit size.
 */
export function labelBox(d: { x: number; y: number }, text: string, side: LabelSide = 'ne', k = 1): Box {
	const w = labelWidth(text, k);
	const below = labelBelow(k);
	const [y0, y1] = side === 'ne' || side === 'nw' ? [d.y - 8 - 9 * k, d.y - 8 + 3 * k] : [d.y + below - 9 * k, d.y + below + 3 * k];
	return side === 'ne' || side === 'se' ? { x0: d.x + 9, y0, x1: d.x + 9 + w, y1 } : { x0: d.x - 9 - w, y0, x1: d.x - 9, y1 };
}

/**
 * The words a member is drawn with, for labels to keep off (SVG units, as MemberNode draws them at
 * 10px times k): its crown when it leads, and each line of words under it (its role, then "(your
 * etcdctl)" and the like), `drop` units lower (a phone's stylesheet sets them below the selection
 * ring). Its circle and timer ring are a circle (memberCircle).
 */
export function memberBoxes(p: { x: number; y: number }, r: number, words: readonly string[], crown: boolean, k = 1, drop = 0): Box[] {
	const out: Box[] = [];
	if (crown) out.push({ x0: p.x - 15 * k, y0: p.y - r - 14 - 9 * k, x1: p.x + 15 * k, y1: p.y - r - 14 + 4 * k });
	words.forEach((w, i) => {
		if (!w) return;
		// sans-serif at 10px: about 0.55 em a character (0.5 for lower case), Hangul a full em
		const half = textWidth(w, 10 * k, 0.55, 1) / 2 + 1;
		// MemberNode (geometry.wordDrop): the role's baseline r + 18 at 10 units, 8 units lower a
		// further 10 units of size; each next line 12 units a 10 units of size below it; the box from
		// a line's height above its baseline (a phone's 16-unit words, which its stylesheet sets `drop`
		// lower, lie inside it too) to its descenders
		const base = p.y + r + 18 + (k - 1) * 8 + 12 * k * i + drop;
		out.push({ x0: p.x - half, y0: base - 12 * k, x1: p.x + half, y1: base + 3 * k });
	});
	return out;
}

export type Circle = { x: number; y: number; r: number };

/** A member's circle with its timer ring (radius r + 5, drawn 3 wide). */
export function memberCircle(p: { x: number; y: number }, r: number): Circle {
	return { x: p.x, y: p.y, r: r + 6.5 };
}

/** What labels keep off: members' circles and words, and the walls between a partition's sides (x). */
export interface LabelAvoid {
	boxes: readonly Box[];
	circles?: readonly Circle[];
	walls: readonly number[];
}

function onCircle(b: Box, c: Circle): boolean {
	const dx = c.x - Math.max(b.x0, Math.min(c.x, b.x1));
	const dy = c.y - Math.max(b.y0, Math.min(c.y, b.y1));
	return dx * dx + dy * dy < c.r * c.r;
}

function hits(b: Box, o: Box, padX: number, padY: number): boolean {
	return b.x0 < o.x1 + padX && o.x0 < b.x1 + padX && b.y0 < o.y1 + padY && o.y0 < b.y1 + padY;
}

/** a label box a wall runs through (the wall is drawn 6 units wide) */
function crossesWall(b: Box, walls: readonly number[]): boolean {
	return walls.some((w) => b.x0 < w + 4 && b.x1 > w - 4);
}

/**
 * Which messages carry a label, and on which side: `keep` first (wherever they are), then the rest
 * that are `clear`, in priority order. A label goes above right of its message, else above left,
 * below right or below left, the first that runs over no member's words and across no wall; one
 * that would run over another label there, or has no side free, is left off (a kept one is drawn
 * anyway, on a side no wall runs through if it can).
 */
export function placeLabels<T extends DrawCandidate>(drawn: readonly T[], labelOf: (d: T) => string, keep: ReadonlySet<number> = new Set(), maxLabels = MAX_LABELS, avoid: LabelAvoid = { boxes: [], walls: [] }, k = 1): Map<number, LabelSide> {
	const out = new Map<number, LabelSide>();
	const boxes: Box[] = [];
	const order = byPriority<T>(keep);
	for (const d of [...drawn].sort(order)) {
		if (out.size >= maxLabels) break;
		const kept = keep.has(d.id);
		if (!kept && !d.clear) continue;
		const text = labelOf(d);
		let chosen: { side: LabelSide; b: Box } | null = null;
		for (const side of LABEL_SIDES) {
			const b = labelBox(d, text, side, k);
			if (crossesWall(b, avoid.walls) || avoid.boxes.some((o) => hits(b, o, 0, 0)) || avoid.circles?.some((c) => onCircle(b, c))) continue;
			// over another label: left off (a second label beside the same stack would only clutter)
			if (!boxes.some((o) => hits(b, o, 2, 1))) chosen = { side, b };
			break;
		}
		if (!chosen && kept) {
			const side = LABEL_SIDES.find((x) => !crossesWall(labelBox(d, text, x, k), avoid.walls)) ?? 'ne';
			chosen = { side, b: labelBox(d, text, side, k) };
		}
		if (!chosen) continue;
		boxes.push(chosen.b);
		out.set(d.id, chosen.side);
	}
	return out;
}

/** Where MessageShape draws a message's count ("×13": x 9, baseline 10, 9 units times k, 3k lower per k past 1). */
export function countBox(d: { x: number; y: number }, count: number, k = 1): Box {
	const base = d.y + 10 + (k - 1) * 3;
	// (as tall as the browser's box for the text: 1.2 em, most of it above the baseline)
	return { x0: d.x + 9, y0: base - 8.5 * k, x1: d.x + 9 + textWidth(`×${count}`, 9 * k, 0.68) + 1, y1: base + 2.5 * k };
}

/**
 * Which drawn shapes show their count (those standing for more than one message): the kept ones
 * always, then the rest in priority order, each only where it runs over no member's circle or
 * words, no wall, no label (placed, with its side) and no count already shown. A count left off
 * leaves the shape standing for its messages (the caption's "In flight now" counts them all); at
 * 200 writes/s among seven
 * members, the counts by the leader ran over one another, "(your etcdctl)" and n3's name.
 */
export function placeCounts<T extends DrawCandidate>(
	drawn: readonly { d: T; count: number }[],
	labels: ReadonlyMap<number, LabelSide>,
	labelOf: (d: T) => string,
	keep: ReadonlySet<number> = new Set(),
	avoid: LabelAvoid = { boxes: [], walls: [] },
	k = 1
): Set<number> {
	const out = new Set<number>();
	const taken: Box[] = [];
	for (const { d } of drawn) {
		const side = labels.get(d.id);
		if (side !== undefined) taken.push(labelBox(d, labelOf(d), side, k));
	}
	const order = byPriority<T>(keep);
	for (const g of [...drawn].filter((x) => x.count > 1).sort((a, b) => order(a.d, b.d))) {
		const b = countBox(g.d, g.count, k);
		const clear = !crossesWall(b, avoid.walls) && !avoid.boxes.some((o) => hits(b, o, 0, 0)) && !avoid.circles?.some((c) => onCircle(b, c)) && !taken.some((o) => hits(b, o, 1, 0));
		if (!clear && !keep.has(g.d.id)) continue;
		taken.push(b);
		out.add(g.d.id);
	}
	return out;
}

/** The ids whose label is drawn (placeLabels without the sides). */
export function pickLabels<T extends DrawCandidate>(drawn: readonly T[], labelOf: (d: T) => string, keep: ReadonlySet<number> = new Set(), maxLabels = MAX_LABELS, avoid?: LabelAvoid): Set<number> {
	return new Set(placeLabels(drawn, labelOf, keep, maxLabels, avoid).keys());
}
