/**
 * Screenshots of the one screen to look at: 1440x900, 1280x720 and a 390x844 phone, in English and
 * Korean, light and dark, with the cluster split (so each side's verdict shows) and messages in the
 * air. Written to tests/artifacts/screens/. Each also checks what a screenshot cannot be trusted
 * to show by eye: the page does not scroll sideways (on a laptop, not at all), and the smallest of
 * the picture's words on screen (noted on the test; the phone draws them larger and must not fall
 * back below 8 px: the target is 11).
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { encodeLink } from '../../src/lib/scenario/link';
import type { Step } from '../../src/lib/scenario/types';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.describe.configure({ timeout: 90_000 });

/** 5 members split 3 | 2 at 3 s, a client writing; opened paused at 3.4 s. */
function splitLink(lang: 'en' | 'ko', theme: 'light' | 'dark'): string {
	const scenario = playgroundScenario({ size: 5 });
	const actions: Step[] = [
		{ do: 'partition', groups: [[1, 2, 3], [4, 5]], atMs: 3000 },
		{ do: 'load', node: 1, writesPerSec: 20, durationMs: 60_000, keys: 4, atMs: 3000 }
	];
	return `./#${encodeLink({ scenario, actions, atMs: 3400, view: { lang, theme } })}`;
}

/** The smallest on-screen size (px) of the picture's words (message letters inside their shapes aside). */
async function smallestText(page: Page): Promise<{ px: number; text: string }> {
	return page.evaluate(() => {
		let min = { px: Infinity, text: '' };
		const svg = document.querySelector('[data-testid="cluster-svg"]') as SVGSVGElement;
		for (const el of svg.querySelectorAll<SVGTextElement>('text')) {
			if (el.classList.contains('letter') || !el.textContent?.trim()) continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			const m = el.getScreenCTM();
			if (!m) continue;
			const px = parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
			if (px < min.px) min = { px, text: el.textContent.trim() };
		}
		return min;
	});
}

const VIEWPORTS = [
	{ width: 1440, height: 900, phone: false },
	{ width: 1280, height: 720, phone: false },
	{ width: 390, height: 844, phone: true }
];

for (const vp of VIEWPORTS)
	for (const lang of ['en', 'ko'] as const)
		for (const theme of ['light', 'dark'] as const) {
			test(`${vp.width}x${vp.height} ${lang} ${theme}: split cluster, readable picture`, async ({ browser }) => {
				const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, isMobile: vp.phone, hasTouch: vp.phone, locale: lang });
				const page = await context.newPage();
				await page.goto(splitLink(lang, theme));
				await expect(page.getByTestId('cluster-svg')).toBeVisible();
				await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
				const shot = `${artifacts}${vp.width}x${vp.height}-${lang}-${theme}.png`;
				await page.screenshot({ path: shot });
				// one screen: nothing scrolls sideways; on a laptop nothing scrolls at all
				const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
				expect(size.w, 'page width').toBeLessThanOrEqual(vp.width);
				if (!vp.phone) expect(size.h, 'page height').toBeLessThanOrEqual(vp.height);
				const small = await smallestText(page);
				test.info().annotations.push({ type: 'smallest picture text', description: `${small.px.toFixed(1)} px ("${small.text}")` });
				if (vp.phone) expect(small.px, `smallest picture text "${small.text}" (${shot})`).toBeGreaterThanOrEqual(8);
				await context.close();
			});
		}
