/**
 * Where the role-lifecycle diagram draws each state and transition. The states and transitions
 * come from the machine (raft/machine-graph.ts); only positions are decided here.
 *
 * One row, wide and short, so the drawing fits a tab beside its words on a laptop: down at the
 * left, outside the dashed 'up' box; the roles inside it; forward transitions and self-loops arc
 * above the row, backward ones below it. The flashing event names are placed when they flash
 * (placeLabels): each at its arrow if there is room, else moved along a row until it covers no
 * other name, no state and not the box's own name.
 */
import { lifecycleGraph, type LifecycleEdge } from '../../raft/machine-graph';

export const LC_W = 720;
export const LC_H = 176;
export const BOX_W = 116;
export const BOX_H = 50;
const ROW_Y = 94;
const TOP = ROW_Y - BOX_H / 2;
const BOTTOM = ROW_Y + BOX_H / 2;
/** the dashed box of the 'up' state: from the left of the roles to the drawing's right */
const UP_X = 130;
/** a flashing name's font size (units) and the height it is given (with its halo) */
export const LABEL_PX = 14;
export const LABEL_H = 19;

export interface PlacedState {
	key: string;
	x: number;
	y: number;
}

/** One arrow between two states, with every transition (event) it stands for. */
export interface PlacedEdge {
	from: string;
	to: string;
	events: LifecycleEdge[];
	path: string;
	/** where its flashing name would stand: the middle of the name */
	labelX: number;
	labelY: number;
	/** which way its name moves when it has no room: away from the row */
	side: -1 | 1;
}

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface LifecycleLayout {
	roles: PlacedState[];
	down: PlacedState;
	upBox: Rect;
	/** where the box's own name ('up (running)') stands: its right end and its middle */
	upLabel: { x: number; y: number };
	edges: PlacedEdge[];
	/** every transition of the machine, in its order */
	all: LifecycleEdge[];
}

export function layoutLifecycle(): LifecycleLayout {
	const g = lifecycleGraph();
	const roleKeys = g.states.filter((s) => s.parent === 'up').map((s) => s.key);
	const inner = LC_W - 6 - UP_X - 24;
	const pitch = roleKeys.length > 1 ? (inner - BOX_W) / (roleKeys.length - 1) : 0;
	const roles = roleKeys.map((key, i) => ({ key, x: UP_X + 12 + BOX_W / 2 + i * pitch, y: ROW_Y }));
	const down: PlacedState = { key: 'down', x: 8 + 50, y: ROW_Y };
	const upBox = { x: UP_X, y: 4, w: LC_W - 6 - UP_X, h: LC_H - 8 };
	const at = new Map(roles.map((r) => [r.key, r]));
	at.set('down', down);
	const groups = new Map<string, LifecycleEdge[]>();
	for (const e of g.edges) {
		const k = `${e.from}>${e.to}`;
		const list = groups.get(k);
		if (list) list.push(e);
		else groups.set(k, [e]);
	}
	const edges: PlacedEdge[] = [];
	for (const events of groups.values()) {
		const { from, to } = events[0];
		edges.push({ from, to, events, ...route(from, to, at, pitch) });
	}
	return { roles, down, upBox, upLabel: { x: LC_W - 14, y: LC_H - 16 }, edges, all: g.edges };
}

function route(from: string, to: string, at: Map<string, PlacedState>, pitch: number): { path: string; labelX: number; labelY: number; side: -1 | 1 } {
	// down sits at the left, outside the box: member.restart enters the box above the row, member.crash leaves it below
	const down = at.get('down') as PlacedState;
	if (from === 'up') {
		const y = BOTTOM + 24;
		return { path: `M ${UP_X} ${y} Q ${down.x} ${y} ${down.x} ${BOTTOM + 2}`, labelX: down.x + 8, labelY: y + 10, side: 1 };
	}
	if (to === 'up') {
		const y = TOP - 24;
		return { path: `M ${down.x} ${TOP - 2} Q ${down.x} ${y} ${UP_X} ${y}`, labelX: down.x + 8, labelY: y - 10, side: -1 };
	}
	const a = at.get(from) as PlacedState;
	const b = at.get(to) as PlacedState;
	if (from === to) {
		const peak = TOP - 20;
		return {
			path: `M ${a.x - 14} ${TOP} C ${a.x - 28} ${TOP - 27} ${a.x + 28} ${TOP - 27} ${a.x + 14} ${TOP}`,
			labelX: a.x,
			labelY: peak,
			side: -1
		};
	}
	const forward = b.x > a.x;
	const steps = Math.max(1, Math.round(Math.abs(b.x - a.x) / Math.max(1, pitch)));
	// arcs over one gap are low, over two or three higher (backward ones, below, likewise deeper)
	const h = forward ? 18 + (steps - 1) * 20 : 14 + (steps - 1) * 12;
	const y = forward ? TOP : BOTTOM;
	const cy = forward ? y - 2 * h : y + 2 * h;
	const x1 = a.x + (forward ? 14 : -14);
	const x2 = b.x + (forward ? -14 : 14);
	return { path: `M ${x1} ${y} Q ${(x1 + x2) / 2} ${cy} ${x2} ${y}`, labelX: (x1 + x2) / 2, labelY: forward ? y - h : y + h, side: forward ? -1 : 1 };
}

/** A name's width in units, as drawn at `px`: Latin in monospace (0.6 em), Hangul a full em, a space a third. */
export function labelWidth(text: string, px: number = LABEL_PX): number {
	let em = 0;
	for (const ch of text) em += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(ch) ? 1 : ch === ' ' ? 0.34 : 0.6;
	return em * px + 8;
}

function overlaps(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Where each flashing name stands: at its arrow when it covers nothing placed before it (no other
 * name, no state, not the box's name), else at the nearest place along its side that does,
 * moving a row away from the states first, then sideways. In the edges' order, so the same names
 * flashing stand in the same places.
 */
export function placeLabels(
	layout: LifecycleLayout,
	flashing: readonly { key: string; width: number }[],
	upLabelWidth: number
): Map<string, { x: number; y: number }> {
	const taken: Rect[] = layout.roles.concat([layout.down]).map((s) => ({ x: s.x - BOX_W / 2, y: s.y - BOX_H / 2, w: BOX_W, h: BOX_H }));
	taken.push({ x: layout.upLabel.x - upLabelWidth, y: layout.upLabel.y - 9, w: upLabelWidth, h: 18 });
	const byKey = new Map(layout.edges.map((e) => [`${e.from}>${e.to}`, e]));
	const out = new Map<string, { x: number; y: number }>();
	const order = [...flashing].sort((p, q) => layout.edges.indexOf(byKey.get(p.key)!) - layout.edges.indexOf(byKey.get(q.key)!));
	for (const f of order) {
		const e = byKey.get(f.key);
		if (!e) continue;
		const w = Math.min(f.width, LC_W - 8);
		const tries: { x: number; y: number; cost: number }[] = [];
		for (let row = -3; row <= 3; row++)
			for (let dx = -240; dx <= 240; dx += 12) {
				// a row further from the states costs less than one toward them
				const cost = Math.abs(dx) / 12 + Math.abs(row) * (row * e.side >= 0 ? 3 : 6);
				tries.push({ x: e.labelX + dx, y: e.labelY + row * LABEL_H, cost });
			}
		tries.sort((p, q) => p.cost - q.cost);
		let best: { x: number; y: number } | null = null;
		for (const t of tries) {
			const x = Math.min(Math.max(t.x, 4 + w / 2), LC_W - 4 - w / 2);
			const r = { x: x - w / 2, y: t.y - LABEL_H / 2, w, h: LABEL_H };
			if (r.y < 2 || r.y + r.h > LC_H - 2) continue;
			if (taken.some((o) => overlaps(r, o))) continue;
			best = { x, y: t.y };
			taken.push(r);
			break;
		}
		out.set(f.key, best ?? { x: e.labelX, y: e.labelY });
	}
	return out;
}
