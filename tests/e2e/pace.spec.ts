/**
 * The teaching pace's readout as a student reads it (7 members under heavy load, where the clock
 * runs hundreds of times slower than real time so every message can be followed): "190× slower
 * than real time", never "now 0.0052x" or "6e-4x". On a phone the short form shares the time's
 * row; on a laptop the short form too ("190× slower", the long words in its title and, when the
 * computer cannot keep up, on a row of their own), and the scrubber holds still as the pace appears
 * and keeps more than a third of its row.
 * Screenshots: tests/artifacts/screens/pace-*.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.describe.configure({ timeout: 90_000 });

const LOADED = validateScenario({ version: 1, seed: 4, cluster: { size: 7 }, steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec: 3000, durationMs: 60_000, keys: 20 }], untilMs: 60_000 });

const READS = {
	en: { long: /^(this computer cannot keep up: )?\d[\d,.]*× slower than real time$/, short: /^(cannot keep up: )?\d[\d,.]*× slower$/, laptop: /^(\d[\d,.]*× slower|this computer cannot keep up: \d[\d,.]*× slower than real time)$/ },
	ko: { long: /^(컴퓨터가 따라가지 못해 느려졌습니다: )?실제보다 \d[\d,.]*배 느리게 재생 중$/, short: /^(컴퓨터가 못 따라감: )?\d[\d,.]*배 느리게$/, laptop: /^(\d[\d,.]*배 느리게|컴퓨터가 따라가지 못해 느려졌습니다: 실제보다 \d[\d,.]*배 느리게 재생 중)$/ }
};

for (const vp of [
	{ width: 1280, height: 720, phone: false },
	{ width: 390, height: 844, phone: true }
])
	for (const lang of ['en', 'ko'] as const)
		test(`${vp.width}x${vp.height} ${lang}: seven members under load read "n× slower than real time"`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale: lang, isMobile: vp.phone, hasTouch: vp.phone });
			const page = await context.newPage();
			await page.goto(`./#${encodeLink({ scenario: LOADED, actions: [], atMs: 2000, view: { lang } })}`);
			await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
			// (its left edge and width: the link's banner goes on Play, and the bar may move down with it)
			const box = async (): Promise<string> => {
				const b = (await page.getByTestId('timeline').boundingBox())!;
				return `x ${Math.round(b.x)}, width ${Math.round(b.width)}`;
			};
			// (once the link's run is restored: the page shows 0 s while it replays the link's 2 s)
			await expect(page.getByTestId('sim-time')).toContainText('2.000', { timeout: 30_000 });
			const paused = await box();
			if (!vp.phone) {
				// opened from a link (four buttons): the scrubber keeps most of its row, the time's
				// words stacked before it (beside one another, with the pace's long words, they left
				// it 200 px of a 920-px bar at 1440x900)
				const share = await page.getByTestId('timeline').evaluate((el) => el.getBoundingClientRect().width / el.closest('.bar')!.getBoundingClientRect().width);
				expect(share, 'the scrubber\'s share of the time bar').toBeGreaterThan(0.33);
			}
			await page.getByTestId('play').click();
			const pace = page.getByTestId('pace');
			await expect(pace).toHaveText(vp.phone ? READS[lang].short : READS[lang].laptop, { useInnerText: true, timeout: 15_000 });
			// the pace appearing moves nothing: the scrubber and its marks stay under the pointer
			// (its long words sent the scrubber to a row of its own at 1280x720)
			if (!vp.phone && !/keep up|못 따라감|따라가지 못해/.test(await pace.innerText())) expect(await box(), 'the scrubber where it was').toBe(paused);
			await page.waitForTimeout(1500);
			const text = await pace.innerText();
			expect(text, 'no raw rate').not.toMatch(/0\.0|e-|\dx\b/);
			await page.screenshot({ path: `${artifacts}pace-${vp.width}x${vp.height}-${lang}.png` });
			test.info().annotations.push({ type: 'pace', description: text });
			// a busy picture: no message's count ("×6") over a member's words or circle, a label or
			// another count (at 1440x900 under load the leader's counts ran over one another and
			// "(your etcdctl)", and one over n3's name)
			const over = await page.evaluate(() => {
				const svg = document.querySelector('[data-testid="cluster-svg"]')!;
				const rect = (e: Element) => e.getBoundingClientRect();
				const shown = (e: Element) => !e.closest('[display="none"]') && e.getAttribute('display') !== 'none' && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
				const words = [...svg.querySelectorAll('[data-testid^="node-"] text')].filter((e) => e.textContent?.trim() && shown(e)).map((e) => ({ w: e.textContent!.trim(), r: rect(e) }));
				const circles = [...svg.querySelectorAll('[data-testid^="node-"] circle.body')].filter(shown).map((e) => ({ w: `${e.closest('[data-testid^="node-"]')!.getAttribute('data-testid')}'s circle`, r: rect(e) }));
				const labels = [...svg.querySelectorAll('g.msg text.label')].filter((e) => e.textContent?.trim() && shown(e)).map((e) => ({ w: `label ${e.textContent!.trim()}`, r: rect(e) }));
				const counts = [...svg.querySelectorAll('g.msg text.count')].filter(shown);
				const hit = (a: DOMRect, r: DOMRect, pad = 0) => a.left < r.right - pad && r.left < a.right - pad && a.top < r.bottom - pad && r.top < a.bottom - pad;
				const out: string[] = [];
				counts.forEach((c, i) => {
					const a = rect(c);
					for (const { w, r } of [...words, ...labels]) if (hit(a, r)) out.push(`${c.textContent} over ${w}`);
					// (a circle's box is wider than the circle: a count by it may sit in its corner)
					for (const { w, r } of circles) if (hit(a, r, 6)) out.push(`${c.textContent} over ${w}`);
					for (const d of counts.slice(i + 1)) if (hit(a, rect(d), 1)) out.push(`${c.textContent} over ${d.textContent}`);
				});
				return { out, counts: counts.length };
			});
			test.info().annotations.push({ type: 'counts shown', description: String(over.counts) });
			expect(over.out, 'counts over members, labels or counts').toEqual([]);
			if (vp.phone) {
				// the short form shares the time's row, beside the scrubber
				const time = (await page.getByTestId('sim-time').boundingBox())!;
				const p = (await pace.boundingBox())!;
				const scrub = (await page.getByTestId('timeline').boundingBox())!;
				if (!/keep up|못 따라감/.test(text)) {
					expect(Math.abs(p.y + p.height / 2 - (time.y + time.height / 2)), 'pace on the time row').toBeLessThan(8);
					expect(p.x + p.width, 'pace before the scrubber').toBeLessThanOrEqual(scrub.x + 1);
				}
				expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page width').toBeLessThanOrEqual(vp.width);
			}
			await context.close();
		});
