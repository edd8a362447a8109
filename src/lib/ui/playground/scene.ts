/**
 * The cluster picture's view data, as pure functions (unit-tested): election-timer fractions, sides
 * and their quorum verdicts, leaders' claims, partitions made by dragging, colours by term. Their
 * words are in sceneText.ts.
 */
import type { MemberView } from '../../cluster/types';
import { quorumSize } from '../../raft/quorum';

/**
 * Fraction of a member's election timer left (1 = just reset, 0 = it campaigns), from the engine's
 * own randomized timeout; null for leaders and down members.
 */
export function timerLeft(m: MemberView, nowMs: number): { fraction: number; leftMs: number; totalMs: number } | null {
	if (!m.alive || m.role === 'leader' || m.nextTickMs === null || m.electionTimeoutTicks <= 0) return null;
	const totalMs = m.electionTimeoutTicks * m.tickMs;
	// the timeout fires on the tick that makes elapsed reach the timeout
	const deadline = m.nextTickMs + (m.electionTimeoutTicks - m.electionElapsedTicks - 1) * m.tickMs;
	const leftMs = Math.max(0, Math.min(totalMs, deadline - nowMs));
	return { fraction: leftMs / totalMs, leftMs, totalMs };
}

/**
 * A colour per term (the same on members, messages and log cells): hue turns with the term by the
 * golden angle, starting where terms 0-4 all keep 43° or more from red (term 1, the first leader's,
 * was crimson: a healthy cluster wore the colour of Kill and "cannot commit"). 0 green, 1 blue-violet,
 * 2 amber, 3 cyan, 4 magenta.
 */
export function termHue(term: number): number {
	return (term * 137 + 129) % 360;
}

export interface SideVerdict {
	members: number[];
	/** live members on this side */
	alive: number;
	size: number;
	quorum: number;
	canCommit: boolean;
}

/** Each side of a partition with its quorum verdict (a side commits if its live members are a quorum). */
export function sideVerdicts(groups: readonly number[][], members: readonly MemberView[]): SideVerdict[] {
	// the quorum counts voters only: learners and removed members are on a side but do not vote
	const voter = (id: number): boolean => members[id - 1] !== undefined && members[id - 1].member && !members[id - 1].learner;
	const size = members.filter((m) => m.member && !m.learner).length;
	const quorum = quorumSize(size);
	return groups.map((g) => {
		const alive = g.filter((id) => voter(id) && members[id - 1].alive).length;
		return { members: [...g], alive, size, quorum, canCommit: alive >= quorum };
	});
}

/** Whether a message can go from → to now (same side, link not cut one way). */
export function linkOpen(from: number, to: number, groups: readonly number[][], cuts: readonly { from: number; to: number }[]): boolean {
	const side = (id: number): number => groups.findIndex((g) => g.includes(id));
	if (groups.length > 1 && side(from) !== side(to)) return false;
	return !cuts.some((c) => c.from === from && c.to === to);
}

export interface LeaderClaim {
	node: number;
	term: number;
	/** live members it reaches both ways, itself included */
	reaches: number;
	quorum: number;
	size: number;
	canCommit: boolean;
}

/** Every member that believes it leads, and whether it can commit (it reaches a quorum both ways). */
export function leaderClaims(members: readonly MemberView[], groups: readonly number[][], cuts: readonly { from: number; to: number }[]): LeaderClaim[] {
	const size = members.length;
	const quorum = quorumSize(size);
	const out: LeaderClaim[] = [];
	for (const m of members) {
		if (!m.alive || m.role !== 'leader') continue;
		let reaches = 0;
		for (const o of members) if (o.alive && (o.id === m.id || (linkOpen(m.id, o.id, groups, cuts) && linkOpen(o.id, m.id, groups, cuts)))) reaches++;
		out.push({ node: m.id, term: m.term, reaches, quorum, size, canCommit: reaches >= quorum });
	}
	return out.sort((a, b) => b.term - a.term);
}

/** Moves a member to side `to` (an index into groups; groups.length makes a new side); null: heal. */
export function moveToSide(size: number, groups: readonly number[][], member: number, to: number): number[][] | null {
	const sides = groups.length > 1 ? groups.map((g) => g.filter((m) => m !== member)) : [Array.from({ length: size }, (_, i) => i + 1).filter((m) => m !== member)];
	while (sides.length <= to) sides.push([]);
	sides[to].push(member);
	const out = sides.filter((g) => g.length > 0).map((g) => g.slice().sort((a, b) => a - b));
	return out.length > 1 ? out : null;
}
