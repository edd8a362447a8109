/**
 * Where the picture puts its members (src/lib/ui/playground/geometry.ts): a pair on one side of a
 * split stands as tall as a trio on the other, and a ring in a frame much wider than the drawing is
 * flattened as far as allowed, never in a frame that is not wider.
 */
import { describe, expect, it } from 'vitest';
import { flattenFor, layout, R, viewBox, wordDrop, wordScale } from '../../src/lib/ui/playground/geometry';

const ys = (pos: { y: number }[], ids: number[]) => ids.map((i) => pos[i].y);

describe('picture geometry', () => {
	it('a split 3 | 2: the pair stands where the trio does (its top and its base), so the picture is not taller than a trio', () => {
		const pos = layout(5, [[1, 2, 3], [4, 5]]);
		const trio = ys(pos, [1, 2, 3]);
		const pair = ys(pos, [4, 5]);
		expect(Math.min(...pair)).toBeCloseTo(Math.min(...trio), 6);
		expect(Math.max(...pair)).toBeCloseTo(Math.max(...trio), 6);
		// the pair's circles (and the top one's words, 64 units under its centre on a phone) stay apart
		expect(pair[1] - pair[0]).toBeGreaterThanOrEqual(2 * R + 40);
		// and the base's crown (30 units wide) stays clear, sideways, of the top one's role ("follower", 16 units tall on a phone: about 64 wide)
		expect(pos[5].x - 15).toBeGreaterThanOrEqual(pos[4].x + 32);
		// the drawing is as tall as a 3 | 3 split's (the trio sets its height)
		expect(viewBox(pos, true, 24).h).toBeCloseTo(viewBox(layout(6, [[1, 2, 3], [4, 5, 6]]), true, 24).h, 6);
		// three sides: each pair keeps its own ring (the columns are too narrow to lift it)
		const three = layout(6, [[1, 2], [3, 4], [5, 6]]);
		expect(three[2].y - three[1].y).toBeGreaterThanOrEqual(2 * R);
	});

	it('flattens a ring only in a frame wider than the drawing, down to the floor given', () => {
		const pos = layout(5, [[1, 2, 3, 4, 5]]);
		const box = viewBox(pos, false, 0);
		// a frame of the drawing's own shape, or taller: round
		expect(flattenFor(pos, false, 0, box.w, box.h, 0.6)).toBe(1);
		expect(flattenFor(pos, false, 0, 300, 600, 0.6)).toBe(1);
		// a little wider: a little flatter
		const f = flattenFor(pos, false, 0, box.w * 1.2, box.h, 0.6);
		expect(f).toBeGreaterThan(0.6);
		expect(f).toBeLessThan(1);
		// a strip (834x199, an exercise at 1280x720 before this change): as flat as allowed
		expect(flattenFor(pos, false, 0, 834, 199, 0.75)).toBe(0.75);
		// not laid out yet: round
		expect(flattenFor(pos, false, 0, 0, 0, 0.6)).toBe(1);
	});

	it('spreads a ring toward the top and foot of a frame taller than the drawing only when allowed (a phone), up to the cap, filling the frame', () => {
		const pos = layout(3, [[1, 2, 3]]);
		const box = viewBox(pos, false, 0);
		expect(flattenFor(pos, false, 0, box.w, box.h * 1.1, 0.6)).toBe(1);
		const f = flattenFor(pos, false, 0, box.w, box.h * 1.1, 0.6, 1, 1.4);
		expect(f).toBeGreaterThan(1);
		expect(f).toBeLessThan(1.4);
		const cy = pos[1].y;
		const spread = pos.map((p) => (p ? { x: p.x, y: cy + (p.y - cy) * f } : p));
		expect(viewBox(spread, false, 0).h).toBeCloseTo(box.h * 1.1, 5);
		expect(flattenFor(pos, false, 0, box.w, box.h * 3, 0.6, 1, 1.4)).toBe(1.4);
	});

	it('words drawn larger where the drawing is scaled down: to the minimum on screen, never smaller, never past the cap; the box makes them room', () => {
		expect(wordScale(0.8, 11, 1.6)).toBeCloseTo(11 / 8, 6);
		expect(wordScale(1.2, 11, 1.6)).toBe(1);
		expect(wordScale(0.5, 11, 1.6)).toBe(1.6);
		expect(wordScale(0, 11, 1.6)).toBe(1);
		const pos = layout(5, [[1, 2, 3, 4, 5]]);
		const a = viewBox(pos, false);
		const b = viewBox(pos, false, 0, 1.5);
		expect(b.h).toBeGreaterThan(a.h);
		expect(b.w).toBeGreaterThan(a.w);
		// the lowest member's "(your etcdctl)", 15 units tall, still inside the box
		const low = Math.max(...pos.filter(Boolean).map((p) => p.y));
		expect(low + wordDrop(1.5).you + 4).toBeLessThanOrEqual(b.y + b.h);
		// at 1: the role's baseline 18 units below the circle (its words clear of the selection ring
		// at R + 8, 2 wide), '(your etcdctl)' a line under it, both inside the box
		expect(wordDrop(1)).toEqual({ role: R + 18, you: R + 30 });
		expect(low + wordDrop(1).you + 3).toBeLessThanOrEqual(a.y + a.h);
	});
});
