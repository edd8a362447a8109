/**
 * What a fresh reviewer found saying one thing and doing another (stop 39):
 * - a request typed while paused waits, and its countdown with it: the console says the clock is
 *   paused (it looked like a hang, "gives up in 5.0 s" for ever);
 * - the Share dialog shares the moment on screen: the clock waits while it is open (it ran on, and
 *   the exercise made in it started seconds after the moment it named), and goes on when it closes;
 * - an error from etcdctl wraps in the console's box ("connection ref" was cut at its edge);
 * - a deleted key's cell in the log grid keeps to its three characters ("−fo / o" broke in two);
 * - the client history's headings stand apart ("MemberSent at");
 * - the quorum facts keep room for a leader's name: the first election does not push the side
 *   column down.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { openTab, pause, play, run } from './helpers';
import { encodeLink } from '../../src/lib/scenario/link';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.use({ viewport: { width: 1440, height: 900 } });

test('a request typed while paused: the console says the clock stands still; Play clears it', async ({ page }) => {
	await page.goto('./');
	await pause(page);
	await run(page, 'put paused yes');
	await expect(page.getByTestId('pending')).toBeVisible();
	const note = page.getByTestId('pending-paused');
	await expect(note).toHaveText('❚❚ waiting for Play');
	await expect(note).toHaveAttribute('title', 'Paused: the clock stands still, so they wait. Press Play and they go on.');
	// on the heading's line, not a line of its own
	const head = (await page.locator('#pending-h').boundingBox())!;
	const box = (await note.boundingBox())!;
	expect(Math.abs(box.y + box.height / 2 - (head.y + head.height / 2)), 'the note on the heading\'s line').toBeLessThan(8);
	await play(page);
	await expect(page.getByTestId('pending-paused')).toHaveCount(0);
});

test('Share: the clock waits while the dialog is open, the link and the exercise name the same moment; it goes on after', async ({ page }) => {
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	const time = page.getByTestId('sim-time').first();
	await page.getByTestId('share').click();
	await expect(page.getByTestId('share-dialog')).toBeVisible();
	await expect(page.getByTestId('play')).toBeAttached();
	const at = await time.textContent();
	await page.waitForTimeout(1200);
	await expect(time).toHaveText(at ?? '');
	await page.getByTestId('share-close').click();
	await expect(page.getByTestId('pause')).toBeVisible();
	await expect(time).not.toHaveText(at ?? '');
});

test('an error wraps in the console; a deleted key keeps to its cell; the history headings stand apart; the first leader moves nothing', async ({ page }) => {
	// opened paused before the first election (the page itself plays at once: on a loaded machine its
	// first leader came before the pause did)
	await page.goto(`./#${encodeLink({ scenario: playgroundScenario({ size: 3 }), actions: [], atMs: 300, view: {} })}`);
	await expect(page.getByTestId('play')).toBeEnabled();
	await expect(page.getByTestId('q-leader')).toHaveText('none');
	await page.getByTestId('link-notice').getByRole('button').click();
	await expect(page.getByTestId('link-notice')).toHaveCount(0);
	const narration = page.getByRole('heading', { name: 'What just happened' });
	const before = (await narration.boundingBox())!.y;
	await play(page);
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
	expect((await narration.boundingBox())!.y, 'the narration where it was before the first election').toBe(before);

	const entry = await run(page, '--endpoints=1.2.3.4:2379 get foo');
	const out = entry.getByTestId('entry-output');
	await expect(out).toContainText('connection refused');
	const wraps = await out.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
	expect(wraps.scroll, 'the error wraps inside the box').toBeLessThanOrEqual(wraps.client + 1);

	await run(page, 'put foo bar');
	await run(page, 'del foo');
	const cell = page.getByTestId('log-grid').locator('.key', { hasText: '−' }).first();
	await expect(cell).toHaveText('−f…');
	const fits = await cell.evaluate((el) => el.getBoundingClientRect().height <= parseFloat(getComputedStyle(el).lineHeight) * 1.5);
	expect(fits, "the delete's key on one line").toBe(true);

	await openTab(page, 'history');
	const heads = await page.getByTestId('op-history').locator('thead th').evaluateAll((els) => els.map((e) => ({ text: e.textContent, over: e.scrollWidth > e.clientWidth + 1 })));
	expect(heads.filter((h) => h.over).map((h) => h.text), 'headings wider than their columns').toEqual([]);
	await page.screenshot({ path: `${artifacts}small-truths-1440x900.png` });
});
