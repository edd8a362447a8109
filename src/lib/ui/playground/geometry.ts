/** Where the cluster picture puts members and messages (SVG user units). */

export const W = 400;
export const H = 300;
/** a member's circle radius */
export const R = 24;

export type Point = { x: number; y: number };

/** a side of two in a split: how far each of the pair stands from the side's middle, sideways */
export const PAIR_DX = 28;

/** how far apart down a narrow column members stand (a circle, its ring and its role's words) */
const ZIG_STEP = 68;

/** Members on a circle; when partitioned, each group on its own circle in its own column. */
export function layout(size: number, groups: number[][], ids: number[] = Array.from({ length: size }, (_, i) => i + 1)): Point[] {
	const pos: Point[] = [];
	// `ids`: the members drawn (a removed member leaves the circle; one not yet added is not on it)
	const cols = groups.length > 1 ? groups : [ids];
	const gw = W / cols.length;
	cols.forEach((g, ci) => {
		const cx = gw * (ci + 0.5);
		const cy = H / 2 - 8;
		const r = g.length === 1 ? 0 : Math.min(gw / 2 - R - 14, 112, 50 + g.length * 12);
		if (g.length === 2 && cols.length === 2) {
			// two sides: a side of two stands where a side of three would, its top member and its base
			// (a pair on its own ring would stand taller than every other side and shrink the picture),
			// a little apart sideways, so the base's crown keeps clear of the top one's role (on a phone
			// the words are drawn 16 units tall and a crown ran into "follower")
			const r3 = Math.min(gw / 2 - R - 14, 112, 50 + 3 * 12);
			pos[g[0]] = { x: cx - PAIR_DX, y: cy - r3 };
			pos[g[1]] = { x: cx + PAIR_DX, y: cy + r3 / 2 };
			return;
		}
		// a column too narrow for its ring (three sides of five: a ring of 29 units drew three members
		// over each other): the members stand down the column, in turn left and right of its middle
		if (g.length > 1 && 2 * r * Math.sin(Math.PI / g.length) < ZIG_STEP) {
			const dx = Math.max(0, Math.min(gw / 2 - R - 6, PAIR_DX + 2));
			g.forEach((m, k) => {
				pos[m] = { x: cx + (k % 2 === 0 ? -dx : dx), y: cy + (k - (g.length - 1) / 2) * ZIG_STEP };
			});
			return;
		}
		g.forEach((m, k) => {
			const a = -Math.PI / 2 + (2 * Math.PI * k) / g.length;
			pos[m] = { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
		});
	});
	return pos;
}

/**
 * How much larger than their 10-unit size the members' words are drawn (wordScale) when the drawing
 * is scaled down on screen: a role's words sit this much lower, "(your etcdctl)" under them.
 */
export function wordDrop(wordK: number): { role: number; you: number } {
	return { role: R + 18 + (wordK - 1) * 8, you: R + 30 + (wordK - 1) * 20 };
}

/**
 * The factor the members' words are drawn larger by so they are at least minPx on screen, where the
 * drawing is drawn at `scale` screen px a unit (1: as drawn, 10 units; never above maxK).
 */
export function wordScale(scale: number, minPx: number, maxK: number): number {
	if (!(scale > 0)) return 1;
	return Math.max(1, Math.min(maxK, minPx / (10 * scale)));
}

/**
 * The drawing's box: the members and their labels, so few members are not drawn tiny on a phone;
 * wordK > 1 (words drawn larger) leaves them the room they take (a crown above, words below and beside),
 * verdictK > 1 the sides' verdicts above a split.
 */
export function viewBox(pos: Point[], split: boolean, bottomRoom = 0, wordK = 1, verdictK = wordK): { x: number; y: number; w: number; h: number } {
	const pts = pos.filter((p) => p !== undefined);
	const k = wordK - 1;
	let x0 = Math.min(...pts.map((p) => p.x)) - R - 38 - k * 24;
	let x1 = Math.max(...pts.map((p) => p.x)) + R + 38 + k * 24;
	let y0 = Math.min(...pts.map((p) => p.y)) - R - 24 - k * 9;
	let y1 = Math.max(...pts.map((p) => p.y)) + R + 34 + k * 21 + bottomRoom;
	if (split) {
		// the sides fill the width; room above the members for each side's verdict (two lines, drawn
		// verdictK times their 10 units: SceneRegions)
		x0 = Math.min(x0, 0);
		x1 = Math.max(x1, W);
		y0 = Math.min(y0 - 36 - (verdictK - 1) * 24, 4);
		y1 += 6;
	}
	const grow = (a: number, b: number, min: number): [number, number] => {
		if (b - a >= min) return [a, b];
		const c = (a + b) / 2;
		return [c - min / 2, c + min / 2];
	};
	[x0, x1] = grow(x0, x1, 240);
	[y0, y1] = grow(y0, y1, 170);
	return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * How far to flatten the members' spread toward the centre line (the factor for their distance
 * from it; 1: not at all) so the drawing's box, wider than tall, fills a frame wider than the
 * drawing: a 5-member ring in a 834x199 box is drawn a third larger. Never below minFlat; above 1
 * (the members spread apart toward the top and foot of a frame taller than the drawing) up to maxFlat.
 */
export function flattenFor(pos: Point[], split: boolean, bottomRoom: number, frameW: number, frameH: number, minFlat: number, wordK = 1, maxFlat = 1): number {
	if (!(frameW > 0 && frameH > 0)) return 1;
	const ys = pos.filter((p) => p !== undefined).map((p) => p.y);
	const spread = Math.max(...ys) - Math.min(...ys);
	if (!(spread > 0)) return 1;
	const b = viewBox(pos, split, bottomRoom, wordK);
	// the box's height at which its width and height fill the frame together
	const fillH = (b.w * frameH) / frameW;
	// a frame taller than the drawing (a phone): spread the members apart as far as maxFlat allows
	if (fillH >= b.h) return Math.min(maxFlat, 1 + (fillH - b.h) / spread);
	return Math.max(minFlat, 1 - (b.h - fillH) / spread);
}

/** A point p of the way from `from` to `to`, offset sideways so requests and replies use two lanes. */
export function lane(from: Point, to: Point, p: number): Point {
	const dx = to.x - from.x;
	const dy = to.y - from.y;
	const len = Math.hypot(dx, dy) || 1;
	return { x: from.x + dx * p + (-dy / len) * 6, y: from.y + dy * p + (dx / len) * 6 };
}

/** The columns sides are drawn in (x from, x to), one per group, over the full width. */
export function columns(n: number): { x0: number; x1: number }[] {
	const gw = W / n;
	return Array.from({ length: n }, (_, i) => ({ x0: gw * i, x1: gw * (i + 1) }));
}

/** How far along from → to (0..1) the line first crosses a side's wall, or null if it stays on one side. */
export function wallCrossing(from: Point, to: Point, walls: readonly number[]): number | null {
	let best: number | null = null;
	for (const x of walls) {
		if ((from.x - x) * (to.x - x) >= 0) continue;
		const p = (x - from.x) / (to.x - from.x);
		if (best === null || p < best) best = p;
	}
	return best;
}

/** Like lane, but p runs from one member's rim to the other's (a message leaves and reaches the circle). */
export function travel(from: Point, to: Point, p: number): Point {
	const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
	const inset = Math.min(0.45, (R + 6) / len);
	return lane(from, to, inset + (1 - 2 * inset) * p);
}

/** The travel fraction (see travel) at a fraction p of the centre-to-centre line. */
export function travelAt(from: Point, to: Point, p: number): number {
	const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
	const inset = Math.min(0.45, (R + 6) / len);
	return Math.max(0, Math.min(1, (p - inset) / (1 - 2 * inset)));
}
