/**
 * The etcdctl console keeps its prompt on screen and its answers readable however many requests
 * hang: after six quick puts to the minority side of a split (each waits for a quorum it cannot
 * reach), the input is whole inside the viewport and the output box keeps about six lines (on a
 * laptop no more: the narration beside it keeps the rest).
 * "Requests in flight" shows two rows and "+N more".
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { run, setEndpoint, showSheet, splitLink } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

const CASES = [
	{ width: 1280, height: 720, lang: 'en', theme: 'light' },
	{ width: 1280, height: 720, lang: 'ko', theme: 'dark' },
	{ width: 1440, height: 900, lang: 'ko', theme: 'light' },
	{ width: 390, height: 844, lang: 'ko', theme: 'light' },
	{ width: 390, height: 844, lang: 'en', theme: 'dark' }
] as const;

for (const c of CASES)
	test.describe(`${c.width}x${c.height} ${c.lang} ${c.theme}`, () => {
		test.use({ viewport: { width: c.width, height: c.height }, colorScheme: c.theme });

		test('six hanging puts: the prompt stays whole on screen, the output keeps six lines', async ({ page }) => {
			await page.goto(splitLink(c.lang, c.theme));
			await expect(page.getByTestId('play')).toBeVisible();
			await setEndpoint(page, 4);
			for (let i = 1; i <= 6; i++) await run(page, `put k${i} v${i}`);
			await showSheet(page, 'console');
			await expect(page.getByTestId('pending')).toBeVisible();
			await page.screenshot({ path: `${artifacts}console-hanging-${c.width}x${c.height}-${c.lang}-${c.theme}.png` });

			const input = (await page.getByTestId('console-input').boundingBox())!;
			expect(input.y, 'input top').toBeGreaterThanOrEqual(0);
			expect(input.y + input.height, 'input bottom').toBeLessThanOrEqual(c.height);
			const out = page.getByTestId('console-output');
			const { h, line } = await out.evaluate((el) => {
				const pre = el.querySelector('.cmd') ?? el;
				return { h: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(pre).lineHeight) || 1.2 * parseFloat(getComputedStyle(pre).fontSize) };
			});
			expect(h, `output ${h} px (a line ${line} px)`).toBeGreaterThanOrEqual(6 * line);
			// the page itself does not scroll on a laptop
			if (c.width > 800) expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(c.height);
			// ... and the console does not grow past its six lines: the narration beside it keeps the
			// rest (it was left 44 px at 1280x720, its newest line cut, beside 150 px of empty answers)
			if (c.width > 800) {
				const narration = (await page.locator('section.narration').boundingBox())!;
				// (at 1280x720 under a link's banner and a three-line verdict: its heading and two lines)
				expect(narration.height, 'the narration\'s height').toBeGreaterThanOrEqual(c.height > 800 ? 200 : 80);
				expect(h, 'the answers\' box no taller than its six lines and a little').toBeLessThanOrEqual(6 * line + 40);
			}
			// at most two rows of requests in flight, the rest counted
			await expect(page.getByTestId('pending').locator('li')).toHaveCount(2);
			await expect(page.getByTestId('pending-more')).toBeVisible();
			// the newest command is shown with its output
			const last = page.getByTestId('entry').last();
			const lb = (await last.boundingBox())!;
			const ob = (await out.boundingBox())!;
			expect(lb.y + lb.height).toBeLessThanOrEqual(ob.y + ob.height + 1);
			expect(lb.y).toBeGreaterThanOrEqual(ob.y - 1);
		});
	});
