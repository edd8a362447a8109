import { expect, test } from '@playwright/test';

test('home page shows the title and the quorum table', async ({ page }) => {
	// './' is the site root, under BASE_PATH when one is set (see baseURL).
	await page.goto('./');

	await expect(page).toHaveTitle('Quorum Playground');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quorum Playground');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	const table = page.getByRole('table');
	await expect(table.getByRole('columnheader')).toHaveText([
		'Members',
		'Quorum',
		'Failures tolerated'
	]);

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
	for (const [i, [members, quorum, tolerates]] of expected.entries()) {
		await expect(rows.nth(i).locator('th, td')).toHaveText([
			String(members),
			String(quorum),
			String(tolerates)
		]);
	}

	// The example called out in the brief: 5 members -> quorum 3, tolerates 2.
	const five = table.getByRole('row', { name: /^5\b/ });
	await expect(five.getByRole('cell')).toHaveText(['3', '2']);
});
