/**
 * A link opened on a phone, in the busiest moment it can show: a split network, a put waiting for
 * its answer, and the "Opened from a link" notice. The notice takes one line (two took the
 * picture's height), and the words under the picture show each part whole or leave it out (an empty
 * slot for the log grid took a gap the fitting did not count, and the legend's line was cut at the
 * caption's edge; the caption's share with leaders' claims, 34%, beside a picture of at least 72%,
 * ran past the figure's foot, where the legend's line was cut again).
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import type { Step } from '../../src/lib/scenario/types';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const actions: Step[] = [
	{ do: 'partition', groups: [[1, 2, 3], [4, 5]], atMs: 3000 },
	{ do: 'put', node: 4, key: 'foo', value: 'x', atMs: 3500 }
];

test.use({ viewport: { width: 390, height: 844 } });

for (const lang of ['en', 'ko'] as const) {
	test(`390x844 ${lang}: a link's notice is one line; the picture's words show whole parts`, async ({ page }) => {
		await page.goto(`./#${encodeLink({ scenario: playgroundScenario({ size: 5 }), actions, atMs: 4000, view: { lang } })}`);
		const notice = page.getByTestId('link-notice');
		await expect(notice).toBeVisible();
		await expect(notice).toContainText(lang === 'en' ? 'Opened from a link at 4.000 s.' : '링크의 4.000초 시점에서 열었습니다.');
		// one line of words, beside its close button (named for a screen reader)
		const lines = await notice.locator('p').evaluate((p) => {
			const r = document.createRange();
			r.selectNodeContents(p);
			return new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top))).size;
		});
		expect(lines, 'lines of the notice').toBe(1);
		await expect(notice.getByRole('button', { name: lang === 'en' ? 'Dismiss' : '닫기' })).toBeVisible();
		await expect(page.getByTestId('console-output').getByText(/put foo x/).first()).toBeVisible();

		// every part under the picture inside the caption's box and the figure's, or laid out out of sight
		await expect(async () => {
			const cut = await page.locator('figure.cluster > figcaption').evaluate((cap) => {
				const box = cap.getBoundingClientRect();
				const fig = cap.closest('figure')!.getBoundingClientRect();
				const out: string[] = [];
				for (const el of cap.children) {
					const r = el.getBoundingClientRect();
					if (r.height === 0 || el.classList.contains('out')) continue;
					const name = el.className.split(' ')[0];
					if (r.bottom > box.bottom + 0.5) out.push(`${name} ${(r.bottom - box.bottom).toFixed(1)} px past the caption`);
					if (r.bottom > fig.bottom + 0.5) out.push(`${name} ${(r.bottom - fig.bottom).toFixed(1)} px past the figure`);
				}
				return out;
			});
			expect(cut).toEqual([]);
		}).toPass({ timeout: 3000 });
		await page.screenshot({ path: `${artifacts}phone-link-390x844-${lang}.png` });
	});
}
