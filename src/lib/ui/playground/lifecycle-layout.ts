/**
 * Where the role-lifecycle diagram draws each state and transition. The states and transitions
 * come from the machine (raft/machine-graph.ts); only positions are decided here.
 */
import { lifecycleGraph, type LifecycleEdge } from '../../raft/machine-graph';

export const LC_W = 600;
export const LC_H = 260;
export const BOX_W = 124;
export const BOX_H = 44;
const ROW_Y = 100;

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
	labelX: number;
	labelY: number;
}

export interface LifecycleLayout {
	roles: PlacedState[];
	down: PlacedState;
	upBox: { x: number; y: number; w: number; h: number };
	edges: PlacedEdge[];
	/** every transition of the machine, in its order */
	all: LifecycleEdge[];
}

export function layoutLifecycle(): LifecycleLayout {
	const g = lifecycleGraph();
	const roleKeys = g.states.filter((s) => s.parent === 'up').map((s) => s.key);
	const span = (LC_W - 80) / Math.max(1, roleKeys.length - 1);
	const roles = roleKeys.map((key, i) => ({ key, x: 40 + i * span + (i === 0 ? 34 : i === roleKeys.length - 1 ? -34 : 0), y: ROW_Y }));
	const down: PlacedState = { key: 'down', x: LC_W / 2, y: LC_H - 28 };
	const upBox = { x: 8, y: 24, w: LC_W - 16, h: 146 };
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
		edges.push({ from, to, events, ...route(from, to, at, upBox, down) });
	}
	return { roles, down, upBox, edges, all: g.edges };
}

function route(
	from: string,
	to: string,
	at: Map<string, PlacedState>,
	box: { x: number; y: number; w: number; h: number },
	down: PlacedState
): { path: string; labelX: number; labelY: number } {
	const bottom = box.y + box.h;
	if (from === 'up') {
		const x = down.x - 70;
		return { path: `M ${x} ${bottom} Q ${x} ${down.y} ${down.x - BOX_W / 2} ${down.y}`, labelX: x - 8, labelY: down.y - 6 };
	}
	if (to === 'up') {
		const x = down.x + 70;
		return { path: `M ${down.x + BOX_W / 2} ${down.y} Q ${x} ${down.y} ${x} ${bottom}`, labelX: x + 8, labelY: down.y - 6 };
	}
	const a = at.get(from) as PlacedState;
	const b = at.get(to) as PlacedState;
	const top = a.y - BOX_H / 2;
	if (from === to) {
		return { path: `M ${a.x - 16} ${top} C ${a.x - 30} ${top - 34} ${a.x + 30} ${top - 34} ${a.x + 16} ${top}`, labelX: a.x, labelY: top - 30 };
	}
	const forward = b.x > a.x;
	const d = Math.abs(b.x - a.x);
	const h = 16 + d * 0.14;
	const y = forward ? top : a.y + BOX_H / 2;
	const cy = forward ? y - 2 * h : y + 2 * h;
	const x1 = a.x + (forward ? 12 : -12);
	const x2 = b.x + (forward ? -12 : 12);
	return { path: `M ${x1} ${y} Q ${(x1 + x2) / 2} ${cy} ${x2} ${y}`, labelX: (x1 + x2) / 2, labelY: forward ? y - h - 4 : y + h + 11 };
}
