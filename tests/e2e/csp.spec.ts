/**
 * Every page carries a Content-Security-Policy (issue 12) and runs under it without a single
 * violation: the playground, the exercises, an exercise, the lab and the embed (inside a frame too).
 */
import { expect, test, type Page } from './live';

test.describe.configure({ timeout: 90_000 });

/** Collects CSP violations from the first script on. */
async function watchViolations(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
	});
}

async function violations(page: Page): Promise<string[]> {
	return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice());
}

const PAGES: [string, string][] = [
	['./', 'member-1'],
	['./exercises/', ''],
	['./exercises/quorum-of-five/', 'node-1'],
	['./lab/', ''],
	['./embed/', 'node-1']
];

for (const [path, probe] of PAGES) {
	test(`${path} has a CSP and runs under it with no violation`, async ({ page }) => {
		await watchViolations(page);
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(path);
		const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		expect(csp).toContain("script-src 'self' 'sha256-");
		expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
		// the app started (hydrated): something interactive answers
		if (probe) await expect(page.getByTestId(probe)).toBeVisible();
		await page.waitForTimeout(1500);
		expect(await violations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});
}

test('the embed keeps working inside a frame on another page', async ({ page }) => {
	await watchViolations(page);
	await page.goto('./');
	await page.setContent(`<iframe src="${new URL('./embed/', page.url()).href}" width="800" height="600"></iframe>`);
	const frame = page.frameLocator('iframe');
	await expect(frame.getByTestId('node-1')).toBeVisible({ timeout: 30_000 });
});
