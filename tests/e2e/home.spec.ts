import { expect, test } from './live';

test('the main page is the playground: title, quorum table, language switch', async ({ page }) => {
	// './' is the site root, under BASE_PATH when one is set (see baseURL).
	await page.goto('./');

	await expect(page).toHaveTitle('Quorum Playground: break an etcd cluster');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quorum Playground: break an etcd cluster');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	// the course's "why 1, 3 or 5" table is one click away, in a tab under the picture
	await page.getByTestId('tab-tolerance').click();
	const table = page.getByTestId('tolerance-table');
	await expect(table.getByRole('columnheader')).toHaveText(['Members', 'Quorum', 'Failures tolerated']);
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(7);
	const expected: ReadonlyArray<[members: number, quorum: number, tolerates: number]> = [
		[1, 1, 0],
		[2, 2, 0],
		[3, 2, 1],
		[4, 3, 1],
		[5, 3, 2],
		[6, 4, 2],
		[7, 4, 3]
	];
	for (const [i, [, quorum, tolerates]] of expected.entries()) {
		await expect(rows.nth(i).locator('td')).toHaveText([String(quorum), String(tolerates)]);
		await expect(rows.nth(i).locator('th')).toContainText(String(expected[i][0]));
	}
	await expect(page.getByTestId('q-quorum')).toHaveText('2');

	// the cluster comes up by itself and elects a leader within seconds
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 10_000 });

	// Korean: every panel heading switches, and <html lang> follows
	await page.getByTestId('lang-ko').click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
	await expect(page.getByRole('heading', { name: '쿼럼(Quorum)', level: 2 })).toBeVisible();
	await page.getByTestId('tab-safety').click();
	await expect(page.getByRole('heading', { name: '스플릿 브레인 모니터', level: 2 })).toBeVisible();
	await page.getByTestId('lang-en').click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the browser language picks Korean', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'ko-KR' });
	const page = await context.newPage();
	await page.goto('./');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quorum Playground: etcd 클러스터를 직접 망가뜨려 보기');
	await context.close();
});
