/** The busy picture: how many messages are drawn, merged per link, and which carry a label. */
import { describe, expect, it } from 'vitest';
import { countBox, labelBox, MAX_DRAWN, MAX_LABELS, memberBoxes, memberCircle, pickDrawn, pickLabels, placeCounts, placeLabels, type DrawCandidate } from '../../src/lib/ui/playground/declutter';
import { insertSorted, percentile, percentileSorted } from '../../src/lib/ui/playground/stats';
import type { WireKind } from '../../src/lib/ui/playground/text';

function msg(id: number, kind: WireKind, from = 1, to = 2, extra: Partial<DrawCandidate> = {}): DrawCandidate {
	return { id, from, to, kind, dropped: false, sendMs: id, x: id * 40, y: 100, clear: true, ...extra };
}

describe('pickDrawn', () => {
	it('draws every message while few fly', () => {
		const few = [msg(1, 'app'), msg(2, 'heartbeat'), msg(3, 'vote')];
		expect(pickDrawn(few).map((g) => [g.d.id, g.count])).toEqual([
			[1, 1],
			[2, 1],
			[3, 1]
		]);
	});

	it('merges a busy link into one shape with a count, and never draws more than the cap', () => {
		const many: DrawCandidate[] = [];
		let id = 1;
		for (let from = 1; from <= 7; from++) for (let to = 1; to <= 7; to++) if (from !== to) for (let k = 0; k < 5; k++) many.push(msg(id++, k % 2 ? 'app' : 'heartbeat', from, to));
		const drawn = pickDrawn(many);
		expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN);
		// appends win over heartbeats, each counting the messages of its link and kind
		expect(drawn.every((g) => g.d.kind === 'app')).toBe(true);
		expect(drawn.every((g) => g.count === 2)).toBe(true);
		// older under newer
		expect(drawn.map((g) => g.d.id)).toEqual([...drawn.map((g) => g.d.id)].sort((a, b) => a - b));
	});

	it('always draws the message you opened, and lost ones before the rest', () => {
		const many = Array.from({ length: 60 }, (_, i) => msg(i + 1, 'heartbeat', 1 + (i % 6), 7));
		many.push(msg(100, 'app', 2, 3, { dropped: true }));
		const drawn = pickDrawn(many, new Set([5]), 4);
		expect(drawn.length).toBe(4);
		expect(drawn.some((g) => g.d.id === 5)).toBe(true);
		expect(drawn.some((g) => g.d.id === 100)).toBe(true);
	});
});

describe('pickLabels', () => {
	it('labels no more than the cap and never one over another', () => {
		// 20 messages at the same spot: one label
		const stacked = Array.from({ length: 20 }, (_, i) => msg(i + 1, 'app', 1, 2, { x: 50, y: 50 }));
		expect(pickLabels(stacked, () => 'Append t3 [idx 7-8]').size).toBe(1);
		// spread out: at most MAX_LABELS, and their boxes do not overlap
		const spread = Array.from({ length: 30 }, (_, i) => msg(i + 1, i % 3 ? 'app' : 'vote', 1, 2, { x: (i % 5) * 90, y: Math.floor(i / 5) * 30 }));
		const text = (d: DrawCandidate): string => (d.kind === 'vote' ? 'Vote t2' : 'Append t2 [idx 3]');
		const ids = pickLabels(spread, text);
		expect(ids.size).toBeLessThanOrEqual(MAX_LABELS);
		const boxes = spread.filter((d) => ids.has(d.id)).map((d) => labelBox(d, text(d)));
		for (const a of boxes) for (const b of boxes) if (a !== b) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
		// votes are labelled first
		expect(spread.filter((d) => ids.has(d.id)).every((d) => d.kind === 'vote')).toBe(true);
	});

	it('keeps the label of the message you opened, even next to a member', () => {
		const d = [msg(1, 'app', 1, 2, { clear: false }), msg(2, 'app', 1, 2, { x: 40 })];
		expect([...pickLabels(d, () => 'Append t1', new Set([1]))]).toContain(1);
		expect([...pickLabels(d, () => 'Append t1')]).toEqual([2]);
	});
});

describe('placeLabels', () => {
	const over = (a: { x0: number; y0: number; x1: number; y1: number }, b: { x0: number; y0: number; x1: number; y1: number }): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

	it('keeps a label off a member\'s words ("(your etcdctl)") by drawing it on another side', () => {
		// a flattened triangle: n1 at (200, 80) with "(your etcdctl)" under it, a message just left of its words
		const n1 = { x: 200, y: 80 };
		const boxes = memberBoxes(n1, 24, ['follower', '(your etcdctl)'], false);
		const d = msg(1, 'app', 3, 1, { x: 140, y: 126 });
		const placed = placeLabels([d], () => 'Append t1 ok', new Set(), 6, { boxes, circles: [memberCircle(n1, 24)], walls: [] });
		const side = placed.get(1);
		expect(side).toBeDefined();
		expect(side).not.toBe('ne');
		for (const b of boxes) expect(over(labelBox(d, 'Append t1 ok', side), b)).toBe(false);
	});

	it('never draws a label across a wall; a lost message at the wall is labelled on a free side or not at all', () => {
		const walls = [200];
		const heading = msg(1, 'heartbeat', 1, 4, { x: 170, y: 100 }); // its usual label (right) would cross the wall
		const atWall = msg(2, 'heartbeat', 4, 1, { x: 200, y: 160, dropped: true });
		const placed = placeLabels([heading, atWall], () => 'Heartbeat lost', new Set(), 6, { boxes: [], circles: [], walls });
		expect(placed.get(1)).toMatch(/w$/);
		expect(placed.has(2)).toBe(true);
		for (const [id, side] of placed) {
			const b = labelBox(id === 1 ? heading : atWall, 'Heartbeat lost', side);
			expect(b.x0 > 204 || b.x1 < 196).toBe(true);
		}
	});

	it('measures Hangul as wide: a Korean label does not run into the next', () => {
		// two Hangul syllables take a full em each (17 units at 8.5), two Latin letters about two thirds of one
		expect(labelBox({ x: 0, y: 0 }, 'Append t1 성공').x1).toBeGreaterThan(labelBox({ x: 0, y: 0 }, 'Append t1 ok').x1 + 5);
	});
});

describe('memberBoxes at a larger word size', () => {
	it('grows with the words and moves down with them, as MemberNode draws them (geometry.wordDrop)', () => {
		const p = { x: 100, y: 100 };
		const [role1, you1] = memberBoxes(p, 24, ['follower', '(your etcdctl)'], false);
		const [crown, role2, you2] = memberBoxes(p, 24, ['follower', '(your etcdctl)'], true, 1.5);
		expect(role2.x1 - role2.x0).toBeGreaterThan(1.4 * (role1.x1 - role1.x0));
		expect(role2.y1).toBeGreaterThan(role1.y1);
		expect(you2.y0).toBeGreaterThanOrEqual(role2.y0);
		expect(you2.y1).toBeGreaterThan(you1.y1);
		expect(crown.x1 - crown.x0).toBeCloseTo(45, 6);
		// a label drawn larger is larger, and below its message it clears the shape (8 units)
		expect(labelBox({ x: 0, y: 0 }, 'Vote t1', 'se', 1.5).y0).toBeGreaterThanOrEqual(8);
		expect(labelBox({ x: 0, y: 0 }, 'Vote t1', 'ne', 1.5).x1).toBeGreaterThan(labelBox({ x: 0, y: 0 }, 'Vote t1', 'ne').x1);
	});
});

describe('percentiles over a sorted group', () => {
	it('insertSorted keeps order and matches percentile()', () => {
		const xs = [5, 1, 4, 4, 9, 0.5, 7, 3, 3, 12];
		const sorted: number[] = [];
		for (const x of xs) insertSorted(sorted, x);
		expect(sorted).toEqual([...xs].sort((a, b) => a - b));
		for (const p of [1, 50, 90, 99, 100]) expect(percentileSorted(sorted, p)).toBe(percentile(xs, p));
		expect(percentileSorted([], 50)).toBe(0);
	});
});

describe('placeCounts', () => {
	const g = (d: DrawCandidate, count: number) => ({ d, count });
	it('shows a count only where it runs over no member, label, wall or other count', () => {
		const a = msg(1, 'app', 7, 1, { x: 100, y: 100 });
		const b = msg(2, 'app', 7, 2, { x: 104, y: 102 }); // its count would sit on a's
		const c = msg(3, 'app', 7, 3, { x: 300, y: 100 });
		const lone = msg(4, 'app', 7, 4, { x: 500, y: 100 });
		const onMember = msg(5, 'app', 7, 5, { x: 700, y: 100 });
		const drawn = [g(a, 13), g(b, 13), g(c, 6), g(lone, 1), g(onMember, 4)];
		const avoid = { boxes: [], circles: [memberCircle({ x: 730, y: 110 }, 24)], walls: [] };
		const shown = placeCounts(drawn, new Map(), () => '', new Set(), avoid);
		// one of the overlapping pair (the newer wins, as labels do), c's, never a lone message's, none on the member
		expect([...shown].sort()).toEqual([2, 3]);
		// a wall through c's count hides it; a label below right of a hides a's count there
		expect(placeCounts(drawn, new Map(), () => '', new Set(), { boxes: [], walls: [320] }).has(3)).toBe(false);
		const labels = new Map([[1, 'se' as const]]);
		expect(placeCounts([g(a, 13)], labels, () => 'Append t1', new Set(), avoid).has(1)).toBe(false);
		// a kept message (opened, or Step ran it) keeps its count anyway
		expect(placeCounts(drawn, new Map(), () => '', new Set([5]), avoid).has(5)).toBe(true);
	});

	it('its box is the one MessageShape draws, larger with the words', () => {
		const small = countBox({ x: 0, y: 0 }, 13);
		const big = countBox({ x: 0, y: 0 }, 13, 1.5);
		expect(small.x0).toBe(9);
		expect(big.x1 - big.x0).toBeGreaterThan(1.4 * (small.x1 - small.x0));
		expect(countBox({ x: 0, y: 0 }, 130).x1).toBeGreaterThan(small.x1);
	});
});
