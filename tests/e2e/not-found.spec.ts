/**
 * An address with no page (/nope/, /exercises/nope/) says so in the viewer's language, with links to
 * the playground and the exercise list (it was a bare, English-only '404 Not Found' at the left edge).
 * The static site carries it as 404.html (the adapter's fallback), which static hosts send for
 * unknown paths; vite preview serves the app's own 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';

const root = fileURLToPath(new URL('../..', import.meta.url));
const WORDS = {
	'en-US': { title: 'This page does not exist', playground: 'The playground: break an etcd cluster', exercises: 'The exercises' },
	'ko-KR': { title: '없는 페이지입니다', playground: '플레이그라운드: etcd 클러스터를 직접 망가뜨려 보기', exercises: '실습 문제 목록' }
} as const;

test('the static site has a 404.html for static hosts', () => {
	expect(existsSync(`${root}${process.env.BUILD_DIR ?? 'build'}/404.html`)).toBe(true);
});

for (const locale of ['en-US', 'ko-KR'] as const)
	for (const vp of [{ width: 1280, height: 720 }, { width: 390, height: 844 }])
		test.describe(`${locale} ${vp.width}x${vp.height}`, () => {
			test.use({ locale, viewport: vp });
			const w = WORDS[locale];
			for (const path of ['nope/', 'exercises/nope/'])
				test(`/${path}: says the page does not exist and leads back`, async ({ page }) => {
					const res = await page.goto(path);
					expect(res?.status()).toBe(404);
					await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.title);
					await expect(page.getByText('Not Found')).toHaveCount(0);
					const main = (await page.getByTestId('error-page').boundingBox())!;
					// not pressed to the left edge: centred on a laptop
					if (vp.width > 800) expect(main.x).toBeGreaterThan(100);
					await expect(page.getByTestId('error-exercises')).toHaveText(w.exercises);
					const lang = locale === 'ko-KR' ? 'ko' : 'en';
					await page.screenshot({ path: `${root}tests/artifacts/screens/404-${path.replace(/\//g, '_')}${vp.width}x${vp.height}-${lang}.png` });
					await page.getByTestId('error-playground').click();
					await expect(page.getByTestId('cluster-svg')).toBeVisible();
					await page.goBack();
					await page.getByTestId('error-exercises').click();
					await expect(page).toHaveURL(/\/exercises\/$/);
				});
		});
