/**
 * On a phone the heartbeats toggle is always on screen: with the picture split by a partition the
 * caption's row under the picture waits (the sides' claims take its room), so the toggle lives in
 * the time bar there (one toggle, the caption's is not shown on a phone). Screenshots:
 * tests/artifacts/screens/phone-heartbeats-*.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { splitLink } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

const NAME = { en: 'Show heartbeats', ko: '하트비트 표시' };

for (const lang of ['en', 'ko'] as const)
	for (const theme of ['light', 'dark'] as const)
		test(`390x844 ${lang} ${theme}: the split picture's heartbeats toggle is on screen and works`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
			const page = await context.newPage();
			await page.goto(splitLink(lang, theme));
			await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
			const toggle = page.getByRole('checkbox', { name: NAME[lang] });
			// exactly one, whole on the first screen
			await expect(toggle).toHaveCount(1);
			await expect(toggle).toBeVisible();
			await expect(toggle).toBeInViewport({ ratio: 1 });
			await expect(toggle).toBeChecked();
			// on the time bar's first row, beside Play: the picture keeps its height
			const play = (await page.getByTestId('play').boundingBox())!;
			const box = (await toggle.boundingBox())!;
			expect(Math.abs(box.y + box.height / 2 - (play.y + play.height / 2)), 'the toggle on the row of Play').toBeLessThan(6);
			const beats = page.locator('[data-testid="cluster-svg"] g.msg.k-heartbeat:not([display="none"])');
			await expect(beats.first()).toBeAttached();
			await page.screenshot({ path: `${artifacts}phone-heartbeats-390x844-${lang}-${theme}.png` });
			await toggle.tap();
			await expect(toggle).not.toBeChecked();
			await expect(beats).toHaveCount(0);
			expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page width').toBeLessThanOrEqual(390);
			await context.close();
		});
