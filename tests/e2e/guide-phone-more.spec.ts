/**
 * Try this matches the page (it plays as it opens: step 1 said "Press Play" under a Pause button; step
 * 5 said to move members "to side B and apply", the Network tab's editor, not the dragging the page
 * teaches) and closes on Esc, as the Keys help says panels do. A phone's More opens on its first tab
 * (it opened onto an empty panel under a row of names cut at the screen's edge, '왜 3개나…'), its
 * tabs wrap, none cut. Screenshots: tests/artifacts/screens/guide-*.png, more-390x844-*.png
 */
import { expect, test } from './live';
import { playground } from '../../src/lib/ui/messages/playground';

const artifacts = 'tests/artifacts/screens/';

for (const lang of ['en', 'ko'] as const) {
	const m = playground[lang] as Record<string, string>;
	test(`1280x720 ${lang}: Try this says what the page does and closes on Esc`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: lang });
		const page = await context.newPage();
		await page.goto('./');
		// the page plays as it opens: the first step does not ask to press Play
		await expect(page.getByTestId('pause')).toBeVisible();
		const open = page.getByTestId('guide-open');
		await open.click();
		const guide = page.locator('#try-this');
		await expect(guide).toBeVisible();
		const steps = guide.locator('li');
		await expect(steps).toHaveCount(5);
		await expect(steps.first()).not.toContainText(lang === 'en' ? /press play/i : /재생을 누르/);
		// the split is made by dragging on the picture (as the picture's hint says), not in the Network tab's editor
		await expect(steps.nth(4)).not.toContainText(lang === 'en' ? /side B|apply/ : /B 쪽|적용/);
		await expect(steps.nth(4)).toContainText(lang === 'en' ? /drag/i : /끌어/);
		await expect(steps.nth(4)).toContainText(m.tabSettings);
		await expect(steps.nth(4)).toContainText(m.tabSafety);
		await page.screenshot({ path: `${artifacts}guide-1280x720-${lang}.png` });
		await page.keyboard.press('Escape');
		await expect(guide).toBeHidden();
		await expect(open).toHaveAttribute('aria-expanded', 'false');
		await expect(open).toBeFocused();
		// Esc with the guide open and focus inside it closes it too
		await open.click();
		await guide.getByRole('heading').click();
		await page.keyboard.press('Escape');
		await expect(guide).toBeHidden();
		await context.close();
	});

	for (const theme of ['light', 'dark'] as const)
		test(`390x844 ${lang} ${theme}: More opens on its first tab, every tab whole`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang, colorScheme: theme });
			const page = await context.newPage();
			await page.goto('./');
			await page.getByTestId('sheet-more').click();
			const tabs = page.locator('.more [role="tab"]');
			await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
			await expect(page.getByTestId('more-panel')).toBeVisible();
			expect(((await page.getByTestId('more-panel').boundingBox())?.height ?? 0), 'the first tab shows its panel').toBeGreaterThan(100);
			// every tab inside the screen, none clipped by its row
			const cut = await tabs.evaluateAll((els) =>
				els
					.filter((e) => {
						const r = e.getBoundingClientRect();
						let clip = { left: 0, right: window.innerWidth };
						for (let a = e.parentElement; a; a = a.parentElement) {
							const cs = getComputedStyle(a);
							if (cs.overflowX === 'visible') continue;
							const ar = a.getBoundingClientRect();
							clip = { left: Math.max(clip.left, ar.left), right: Math.min(clip.right, ar.right) };
						}
						return r.left < clip.left - 0.5 || r.right > clip.right + 0.5 || e.scrollWidth > e.clientWidth + 1;
					})
					.map((e) => e.textContent?.trim())
			);
			await page.screenshot({ path: `${artifacts}more-390x844-${lang}-${theme}.png` });
			expect(cut, 'tabs cut at the screen edge').toEqual([]);
			// the open tab stays open when tapped again (a phone's More always shows one); another tab opens its own
			await tabs.first().click();
			await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
			await page.getByTestId('tab-tolerance').click();
			await expect(page.getByTestId('tab-tolerance')).toHaveAttribute('aria-selected', 'true');
			await context.close();
		});

	// a phone has no Space key and its picture is small to drag on: its Try this says ❚❚, tap, and
	// More's Settings and Network tabs (it said 'Space pauses', 'Click a follower')
	test(`390x844 ${lang}: Try this on a phone says tap and the pause button, and splits in More's Network tab`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('./');
		await page.getByTestId('sheet-guide').click();
		const steps = page.locator('#try-this li');
		await expect(steps).toHaveCount(5);
		await expect(steps.first()).not.toContainText('Space');
		await expect(steps.first()).toContainText('❚❚');
		if (lang === 'en') await expect(steps.nth(1)).toContainText(/^Tap a follower/);
		await expect(steps.nth(4)).toContainText(m.tabNetwork);
		await expect(steps.nth(4)).toContainText(m.sheetMore);
		await expect(steps.nth(4)).toContainText(m.tabSafety);
		await page.screenshot({ path: `${artifacts}guide-390x844-${lang}.png` });
		await context.close();
	});
}
