import { expect, test } from './live';
import { leaderOf, openMember, pause, run } from './helpers';

/** etcdctl member add registers a member without starting its process, as etcd does; the picture offers to start it. */
test('a member added from the console is marked not started, learners as learners, and the picture starts it', async ({ page }) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing (the playground starts playing)
	await leaderOf(page);
	const entry = await run(page, 'member add n4 --peer-urls=http://127.0.0.1:32380 --learner');
	await expect(entry.getByTestId('entry-output')).toContainText('added to cluster', { timeout: 30_000 });
	await pause(page);

	const chip = page.getByTestId('member-4');
	await expect(chip).toHaveAttribute('data-learner', 'true');
	await expect(chip).toContainText('not started · learner');

	const inspector = await openMember(page, 4);
	await expect(inspector.getByTestId('not-started-4')).toContainText('--initial-cluster-state=existing');
	await expect(inspector.getByTestId('restart-4')).toHaveText('Start n4');
	await inspector.getByTestId('restart-4').click();
	await expect(inspector.getByTestId('kill-4')).toBeVisible();
	await expect(inspector.getByTestId('not-started-4')).toHaveCount(0);
	await expect(chip).not.toContainText('not started');
	await expect(chip).toContainText('learner');

	await page.getByTestId('lang-ko').click();
	await expect(chip).toContainText('learner');
});
