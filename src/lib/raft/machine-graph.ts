/**
 * The role lifecycle as a graph, read from the xstate machine's own definition (memberMachine):
 * its states, and every transition with its event, guard and target. Views draw this graph, so the
 * picture is the code: a transition added to the machine appears in the diagram.
 */
import { memberMachine } from './machine';

export interface LifecycleState {
	/** the state's key ('follower', 'up', 'down', ...) */
	key: string;
	/** the compound state it sits in ('up' for the roles), or null at the top */
	parent: string | null;
	/** the child entered first, for compound states */
	initial: string | null;
	/** names of the actions run on entry and exit */
	entry: string[];
	exit: string[];
}

export interface LifecycleEdge {
	from: string;
	to: string;
	/** the event's name, or 'always' for an eventless transition */
	event: string;
	/** the guard's name, or null */
	guard: string | null;
	/** leaves and re-enters the same state (its entry actions run again) */
	reenter: boolean;
}

export interface LifecycleGraph {
	states: LifecycleState[];
	edges: LifecycleEdge[];
}

interface NodeLike {
	key: string;
	type: string;
	initial?: { target?: readonly NodeLike[] } | undefined;
	entry: readonly unknown[];
	exit: readonly unknown[];
	states: Record<string, NodeLike>;
	transitions: Map<string, readonly EdgeLike[]>;
	always?: readonly EdgeLike[];
}

interface EdgeLike {
	target?: readonly NodeLike[];
	guard?: unknown;
	reenter?: boolean;
}

function actionName(a: unknown): string {
	if (typeof a === 'string') return a;
	if (a && typeof a === 'object' && 'type' in a && typeof (a as { type: unknown }).type === 'string') return (a as { type: string }).type;
	return '(inline)';
}

function guardName(g: unknown): string | null {
	if (g === undefined || g === null) return null;
	if (typeof g === 'string') return g;
	if (typeof g === 'object' && 'type' in g && typeof (g as { type: unknown }).type === 'string') return (g as { type: string }).type;
	return '(inline)';
}

/** Reads the graph of a machine (by default the member machine). */
export function lifecycleGraph(machine: { root: unknown } = memberMachine): LifecycleGraph {
	const states: LifecycleState[] = [];
	const edges: LifecycleEdge[] = [];
	const visit = (n: NodeLike, parent: string | null): void => {
		const init = n.initial?.target?.[0];
		states.push({ key: n.key, parent, initial: init ? init.key : null, entry: n.entry.map(actionName), exit: n.exit.map(actionName) });
		const add = (event: string, t: EdgeLike): void => {
			for (const target of t.target ?? []) edges.push({ from: n.key, to: target.key, event, guard: guardName(t.guard), reenter: t.reenter === true });
		};
		for (const [event, ts] of n.transitions) for (const t of ts) add(event, t);
		for (const t of n.always ?? []) add('always', t);
		for (const child of Object.values(n.states)) visit(child, n.key);
	};
	const root = machine.root as NodeLike;
	for (const child of Object.values(root.states)) visit(child, null);
	return { states, edges };
}
