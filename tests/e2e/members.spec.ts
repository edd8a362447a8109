/**
 * Growing the cluster the safe way through the page: add a learner from the picture, watch it catch
 * up (drawn as a learner, not counted in the quorum), promote it from its inspector, and see the
 * quorum panel count four voters. Then the console: member list shows it.
 */
import { expect, test } from './live';
import { fileURLToPath } from 'node:url';
import { leaderOf, openMember, pause, play, run } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
test.describe.configure({ timeout: 120_000 });

test('add a learner from the picture, promote it once it caught up', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.getByTestId('speed').selectOption('10');
	await leaderOf(page);
	await expect(page.getByTestId('q-size')).toHaveText('3');

	await page.getByTestId('add-learner').click();
	const n4 = page.getByTestId('node-4');
	await expect(n4).toBeVisible({ timeout: 15_000 });
	await expect(n4).toHaveAttribute('data-learner', 'true');
	// a learner does not count toward the quorum
	await expect(page.getByTestId('q-size')).toHaveText('3');
	await page.waitForTimeout(500);
	await pause(page);
	await page.screenshot({ path: `${artifacts}members-learner.png` });

	const inspector = await openMember(page, 4);
	await inspector.getByTestId('promote-4').click();
	await play(page);
	await expect(n4).toHaveAttribute('data-learner', 'false', { timeout: 15_000 });
	await expect(page.getByTestId('q-size')).toHaveText('4');
	await pause(page);
	await page.screenshot({ path: `${artifacts}members-promoted.png` });

	const list = await run(page, 'member list');
	await expect(list.getByTestId('entry-output')).toContainText('a8266ecf031671f3, started, n4, http://127.0.0.1:32380, http://127.0.0.1:32379, false');
});
