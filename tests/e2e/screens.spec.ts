/**
 * Screenshots of the one screen to look at: 1440x900, 1280x720 and a 390x844 phone, in English and
 * Korean, light and dark, with the cluster split (so each side's verdict shows) and messages in the
 * air. Written to tests/artifacts/screens/. Each also checks what a screenshot cannot be trusted
 * to show by eye: the page does not scroll sideways (on a laptop, not at all), and the smallest of
 * the picture's words on screen (noted on the test; the phone draws them larger: at least 12 px
 * with five members on the playground and on an exercise, and at least 8.5 px on this split
 * opened from a link, whose notice and the leader's words under the picture take height, and
 * whose sides' verdicts already fill their columns; it was 8.1 px).
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
				if (vp.phone) expect(small.px, `smallest picture text "${small.text}" (${shot})`).toBeGreaterThanOrEqual(8.5);
				await context.close();
			});
		}

// a phone: five members on the playground (the size chosen in Settings) and on an exercise's page;
// every word in the picture (names, terms, roles, "your etcdctl") at least 12 px on screen
for (const lang of ['en', 'ko'] as const) {
	test(`390x844 ${lang}: five members, the picture's words at least 12 px`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		const five = playgroundScenario({ size: 5 });
		for (const [what, path] of [
			['playground', `./#${encodeLink({ scenario: five, actions: [], atMs: 0, view: { lang, theme: 'light' } })}`],
			['exercise', 'exercises/quorum-of-five/']
		] as const) {
			await page.goto('about:blank');
			await page.goto(path);
			await expect(page.getByTestId('node-5')).toBeVisible();
			if (what === 'playground') {
				await page.getByTestId('link-notice').getByRole('button').click();
				await expect(page.getByTestId('link-notice')).toHaveCount(0);
			}
			const shot = `${artifacts}five-${what}-390x844-${lang}.png`;
			await page.screenshot({ path: shot });
			const small = await smallestText(page);
			test.info().annotations.push({ type: `smallest picture text (${what})`, description: `${small.px.toFixed(1)} px ("${small.text}")` });
			expect(small.px, `${what}: smallest picture text "${small.text}" (${shot})`).toBeGreaterThanOrEqual(12);
			// the five members' circles stay apart, and no role word runs into another member
			const circles = await page.locator('[data-testid="cluster-svg"] circle.body').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, t: r.top, r: r.right, b: r.bottom })));
			const words = await page.locator('[data-testid="cluster-svg"] text.role').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, t: r.top, r: r.right, b: r.bottom })));
			expect(circles.length, what).toBe(5);
			for (const w of words) for (const c of circles) expect(w.l < c.r && c.l < w.r && w.t < c.b - 1 && c.t < w.b - 1, `${what}: a role word over a member`).toBe(false);
		}
		await context.close();
	});
}
