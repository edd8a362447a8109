/**
 * The slide's presenter stops follow the timeline (issue 9): after an action in the past (a new
 * branch), ← and → never stop at what the dropped future did; after Undo they stop at it again at
 * once, before that stretch is replayed. Keys are pressed with the focus in the frame, on nothing
 * that owns them (the presenter's rule).
 */
import { expect, test, type Page } from './live';
import { encodeLink, type LinkState } from '../../src/lib/scenario/link';
import * as STORIES from './fixtures/story';
import { slideTimeMs } from './fixtures/slide';

test.describe.configure({ timeout: 90_000 });

/** The shared story without its read (a put, n3 killed at 3 s, a partition at 4 s, a put at 5 s), opened at 9 s. */
const STORY: LinkState = { ...STORIES.STORY, actions: STORIES.STORY.actions.filter((a) => a.do !== 'get') };

/** Presses a presenter key with nothing focused inside the frame, and waits for the clock to move. */
async function press(page: Page, key: 'ArrowLeft' | 'ArrowRight'): Promise<number> {
	const before = await slideTimeMs(page);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press(key);
	await expect.poll(() => slideTimeMs(page)).not.toBe(before);
	return slideTimeMs(page);
}

/** ← from where the clock stands down to atMs: every stop on the way. */
async function stopsDownTo(page: Page, atMs: number): Promise<number[]> {
	const seen: number[] = [];
	for (let i = 0; i < 20 && (await slideTimeMs(page)) > atMs; i++) seen.push(await press(page, 'ArrowLeft'));
	return seen;
}

test('after a new branch the presenter never stops at the dropped future; after Undo it does again, at once', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto(`embed/?controls=full&autoplay=0#${encodeLink(STORY)}`);
	await expect(page.getByTestId('node-3')).toHaveAttribute('data-role', 'down');
	expect(await slideTimeMs(page)).toBe(9000);

	// the original story's stops, from 9 s back to the kill at 3 s
	const original = await stopsDownTo(page, 3000);
	expect(original.at(-1)).toBe(3000);
	expect(original).toContain(4000); // the partition
	const firstAfterKill = Math.min(...original.filter((t) => t > 3000));

	// a new branch at 3 s: n3 restarted there
	await page.getByTestId('node-3').click();
	await page.getByTestId('inspector').getByTestId('restart-3').click();
	await expect(page.getByTestId('node-3')).not.toHaveAttribute('data-role', 'down');
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('inspector')).toHaveCount(0);
	await expect(page.getByTestId('undo-fork')).toBeAttached();

	// the branch played on to 9 s, then walked back: none of the dropped future's stops
	await page.getByTestId('speed').first().selectOption('10');
	await page.getByTestId('play').first().click();
	await expect.poll(() => slideTimeMs(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(9000);
	await page.getByTestId('pause').first().click();
	const branch = await stopsDownTo(page, 3000);
	const dropped = original.filter((t) => t > 3000 && !branch.includes(t));
	expect(branch, 'the partition at 4 s is not on the branch').not.toContain(4000);
	expect(dropped.length).toBeGreaterThan(0);
	await page.screenshot({ path: 'tests/artifacts/presenter-fork-branch-1280x720.png' });

	// Undo: back at the fork (3 s), → goes to the old future's first stop at once
	await page.getByTestId('undo-fork').click();
	await expect(page.getByTestId('undo-fork')).toHaveCount(0);
	await expect.poll(() => slideTimeMs(page)).toBe(3000);
	await expect(page.getByTestId('node-3')).toHaveAttribute('data-role', 'down');
	expect(await press(page, 'ArrowRight')).toBe(firstAfterKill);
	// and on to the partition, a stop of the restored future
	const forward: number[] = [firstAfterKill];
	for (let i = 0; i < 10 && forward.at(-1)! < 4000; i++) forward.push(await press(page, 'ArrowRight'));
	expect(forward).toContain(4000);
	expect(forward).toEqual(original.filter((t) => t > 3000 && t <= 4000).reverse());
	await page.screenshot({ path: 'tests/artifacts/presenter-fork-undo-1280x720.png' });
});
