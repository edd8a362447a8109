/**
 * axe-core finds no violations on the playground in English and Korean, light and dark, both at
 * rest and after a lesson has filled the console, the narration and the monitor.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './live';
import { closeMember, kill, openMember, openTab } from './helpers';

// a lesson and two full scans on a busy machine
test.describe.configure({ timeout: 120_000 });

async function scan(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
	expect(summary, summary.join('\n')).toEqual([]);
}

async function command(page: Page, line: string): Promise<void> {
	await page.getByTestId('console-input').fill(line);
	await page.getByTestId('console-input').press('Enter');
}

for (const locale of ['en', 'ko'] as const) {
	for (const scheme of ['light', 'dark'] as const) {
		test(`no axe violations: ${locale}, ${scheme}`, async ({ page }) => {
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto('./');
			await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing
			if (locale === 'ko') await page.getByTestId('lang-ko').click();
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await page.getByTestId('pause').click();
			await scan(page);

			// a lesson's worth of state: a write, a failed one, a partition, the status table, help
			await page.getByTestId('speed').selectOption('10');
			await page.getByTestId('play').click();
			await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
			await command(page, 'put foo bar');
			await command(page, 'endpoint status');
			await command(page, 'help');
			await command(page, 'pt foo');
			await kill(page, 2);
			await openTab(page, 'network');
			await page.getByTestId('chip-3').click();
			await page.getByTestId('apply-partition').click();
			// n2's card pushes the picture aside (and a tab is open at 1280x720): close it before
			// opening n1, as a student would
			await closeMember(page);
			await openMember(page, 1);
			await page.getByTestId('disk-1').selectOption('custom');
			await page.getByTestId('disk-custom-1').fill('fast');
			await page.getByTestId('disk-custom-1').press('Enter');
			await expect(page.getByRole('alert')).toBeVisible();
			await command(page, 'put foo baz');
			await page.waitForTimeout(300);
			await page.getByTestId('pause').click();
			await scan(page);
		});
	}
}

test('the theme switch overrides the system colours', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'light' });
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.getByTestId('theme').selectOption('dark');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(bg).toBe('rgb(13, 17, 23)');
	await page.getByTestId('pause').click();
	await scan(page);
});
