import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './live';
import { leaderOf, openTab, pause, run } from './helpers';

/** The client history drawn (Porcupine's style): a bar per request, one row per client, the order they took effect. */
test('the history tab draws each request as a bar with the order it took effect', async ({ page }, testInfo) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing (the playground starts playing)
	await leaderOf(page);
	const put = await run(page, 'put color blue');
	await expect(put.getByTestId('entry-output')).toHaveText('OK', { timeout: 30_000 });
	const get = await run(page, 'get color');
	await expect(get.getByTestId('entry-output')).toContainText('blue', { timeout: 30_000 });
	await pause(page);
	await openTab(page, 'history');
	const lanes = page.getByTestId('history-lanes');
	await expect(lanes).toBeVisible();
	const bars = lanes.getByTestId('lane-bar');
	await expect(bars).toHaveCount(2);
	await expect(bars.nth(0)).toHaveAttribute('data-order', '1');
	await expect(bars.nth(1)).toHaveAttribute('data-order', '2');
	await expect(lanes).toContainText('#2 get → blue');
	await lanes.screenshot({ path: testInfo.outputPath('history-lanes-en-1440x900.png') });
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const { violations } = await new AxeBuilder({ page }).include('[data-testid="history-lanes"]').analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	}
	await page.getByTestId('lang-ko').click();
	await expect(lanes).toContainText('클라이언트마다 한 줄');
});
