/**
 * Settings on a laptop: every control in view without scrolling the tab, and a seed that is not a
 * number said at its field (aria-describedby), in view, on Enter as on the button. At 1280x720 in
 * Korean the message and the PreVote and CheckQuorum switches were below the tab's fold (it scrolled
 * inside itself) and Enter showed nothing.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from './live';
import { openTab } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
const ERROR = { en: 'A seed is a whole number from 0 to 4294967295.', ko: '시드는 0부터 4294967295까지의 정수여야 합니다.' } as const;

/** whole inside the viewport and inside every box around it that clips */
async function inView(page: Page, el: Locator): Promise<boolean> {
	return el.evaluate((e) => {
		const r = e.getBoundingClientRect();
		if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
		for (let p = e.parentElement; p; p = p.parentElement) {
			const s = getComputedStyle(p);
			if (s.overflowY === 'visible' && s.overflowX === 'visible') continue;
			const b = p.getBoundingClientRect();
			if (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) return false;
		}
		return true;
	});
}

for (const vp of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }])
	for (const lang of ['en', 'ko'] as const)
		for (const theme of ['light', 'dark'] as const)
			test(`${vp.width}x${vp.height} ${lang} ${theme}: every setting in view, a bad seed said at its field`, async ({ page }) => {
				await page.setViewportSize(vp);
				await page.emulateMedia({ colorScheme: theme });
				await page.goto('./');
				await page.getByRole('button', { name: lang === 'ko' ? '한국어' : 'EN', exact: true }).click();
				await expect(page.locator('html')).toHaveAttribute('lang', lang);
				await expect(page.getByTestId('pause').or(page.getByTestId('play'))).toBeVisible();
				await openTab(page, 'settings');
				const seed = page.getByTestId('seed');
				for (const id of ['size', 'seed', 'prevote', 'checkquorum']) expect(await inView(page, page.getByTestId(id)), id).toBe(true);
				expect(await inView(page, page.getByRole('button', { name: lang === 'ko' ? '시드 적용' : 'Apply seed' })), 'apply').toBe(true);
				// nothing in the tab scrolls
				const scrolled = await page.locator('.more').evaluate((root) =>
					[root, ...root.querySelectorAll('*')].filter((e) => /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1).map((e) => `${e.tagName}.${e.className} ${e.scrollHeight}/${e.clientHeight}`)
				);
				expect(scrolled).toEqual([]);

				await seed.fill('abc');
				await seed.press('Enter');
				const error = page.getByTestId('seed-error');
				await expect(error).toHaveText(new RegExp(ERROR[lang].replace(/\./g, '\\.')));
				await expect(seed).toHaveAttribute('aria-invalid', 'true');
				await expect(seed).toHaveAttribute('aria-describedby', 'seed-error');
				expect(await inView(page, error), 'the message in view').toBe(true);
				for (const id of ['prevote', 'checkquorum']) expect(await inView(page, page.getByTestId(id)), `${id} with the message`).toBe(true);
				// next to the field: its top within two lines of the field's foot
				const f = (await seed.boundingBox())!;
				const m = (await error.boundingBox())!;
				expect(m.y - (f.y + f.height)).toBeLessThan(40);
				await page.screenshot({ path: `${artifacts}settings-badseed-${vp.width}x${vp.height}-${lang}-${theme}.png` });
			});
