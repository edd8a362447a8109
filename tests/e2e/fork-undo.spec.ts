/**
 * Fork and Undo (issue 9): acting in the past forks the run (the recorded future and its markers
 * go); Undo brings them back once, and the run it brings back is the original one (the same trace
 * digest at the end as before the fork), its markers and its term bands shown at once, as they
 * were before the fork.
 */
import { expect, test } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { STORY } from './fixtures/story';
import { restart } from './helpers';

test.describe.configure({ timeout: 90_000 });


function simMs(text: string | null): number {
	return Math.round(Number((text ?? '').replace(/[^\d.]/g, '')) * 1000);
}

test('an action in the past drops the future and its markers; Undo brings them back and the original run with them', async ({ page }) => {
	await page.goto(`./#${encodeLink(STORY)}`);
	const time = page.getByTestId('sim-time').first();
	await expect(time).toContainText('9.000');
	const digest = page.getByTestId('state-digest');
	const original = await digest.getAttribute('data-trace-hash');
	expect(original).toMatch(/^[0-9a-f]{16}$/);
	const marks = page.getByTestId('timeline-marks');
	await expect(marks.getByTestId('mark-partition')).toHaveCount(1);
	await expect(page.getByTestId('undo-fork')).toHaveCount(0);
	/** every marker on the bar, as kind@time */
	const markList = (): Promise<string[]> => marks.locator('button.mark').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.testid}@${(e as HTMLElement).dataset.atMs}`));
	const before = await markList();
	/** every term band on the bar, as "n<node> t<term> <from>-<to|open>" */
	const bandList = (): Promise<string[]> => marks.getByTestId('term-band').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.band ?? ''));
	const bandsBefore = await bandList();
	const from = (b: string): number => Number(b.split(' ')[2].split('-')[0]);
	const to = (b: string): number => Number(b.split('-')[1]); // NaN: still leading
	// a leader elected after the kill leads its own band: a band in the future the fork will drop
	expect(bandsBefore.filter((b) => from(b) > 3000).length).toBeGreaterThan(0);
	// the run elects a leader after the kill at 3 s: a history marker in the future the fork will drop
	const laterLeaders = before.filter((m) => m.startsWith('mark-leader@') && Number(m.split('@')[1]) > 3000);
	expect(laterLeaders.length).toBeGreaterThan(0);

	// back to the kill (3 s), and restart n3 there: a new branch
	await marks.getByTestId('mark-kill').click();
	await expect.poll(async () => simMs(await time.textContent())).toBe(3000);
	await restart(page, 3);
	await expect(marks.getByTestId('mark-partition')).toHaveCount(0);
	await expect(marks.getByTestId('mark-restart')).toHaveCount(1);
	for (const m of laterLeaders) expect(await markList()).not.toContain(m);
	// the bands of the dropped future go too: none starts or ends after the fork
	await expect.poll(async () => (await bandList()).filter((b) => from(b) > 3000 || to(b) > 3000)).toEqual([]);
	const undo = page.getByTestId('undo-fork');
	await expect(undo).toBeVisible();
	await page.screenshot({ path: 'tests/artifacts/fork-undo-branch.png' });

	// Undo: the old future and its markers are back, at the moment of the fork
	await undo.click();
	await expect(undo).toHaveCount(0);
	await expect(marks.getByTestId('mark-partition')).toHaveCount(1);
	await expect(marks.getByTestId('mark-restart')).toHaveCount(0);
	await expect.poll(async () => simMs(await time.textContent())).toBe(3000);
	await expect(page.getByTestId('member-3')).toHaveAttribute('data-role', 'down');
	// every marker of the restored future at once (leaders elected after the fork included), as before
	// the fork, while the clock still stands at the fork: that stretch has not been replayed
	await expect.poll(markList).toEqual(before);
	// and every term band with them, ends and all (the leaders after 3 s have not been replayed yet)
	expect(await bandList()).toEqual(bandsBefore);
	expect(simMs(await time.textContent())).toBe(3000);
	await page.screenshot({ path: 'tests/artifacts/fork-undo-restored.png' });

	// and it is the original run: at 9 s the digest is the one before the fork
	await page.getByTestId('timeline').fill('9000');
	await expect.poll(async () => simMs(await time.textContent())).toBe(9000);
	await expect(digest).toHaveAttribute('data-trace-hash', original!);
	expect(await bandList()).toEqual(bandsBefore);
	await page.screenshot({ path: 'tests/artifacts/fork-undo-after.png' });
});
