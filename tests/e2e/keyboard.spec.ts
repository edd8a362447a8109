/**
 * The keyboard alone: shortcuts (Space, ←/→, [ ], ?), Tab to a member, Enter for its actions,
 * kill it, Escape back to it, Tab to Play and to the console, write a key. Focus never drops to the
 * page after an action. Screenshots of each step go to tests/artifacts/.
 */
import { expect, test, type Page } from './live';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

test.describe.configure({ timeout: 90_000 });

async function focusedTestId(page: Page): Promise<string | null> {
	return page.evaluate(() => (document.activeElement instanceof HTMLElement ? (document.activeElement.dataset.testid ?? document.activeElement.tagName) : null));
}

async function expectFocusKept(page: Page): Promise<void> {
	const tag = await page.evaluate(() => document.activeElement?.tagName ?? 'none');
	expect(tag, 'focus stays on a control, not the page').not.toBe('BODY');
}

/** Presses Tab until the element with this test id has focus. */
async function tabTo(page: Page, testId: string | RegExp): Promise<void> {
	for (let i = 0; i < 80; i++) {
		const id = await focusedTestId(page);
		if (id !== null && (typeof testId === 'string' ? id === testId : testId.test(id))) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${testId}`);
}

async function digest(page: Page): Promise<string> {
	return (await page.getByTestId('state-digest').getAttribute('data-trace-hash')) ?? '';
}

for (const locale of ['en-US', 'ko-KR']) {
	test(`keyboard only (${locale}): shortcuts, a member's actions, the console`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
		const page = await context.newPage();
		const shot = async (step: string): Promise<void> => {
			await page.screenshot({ path: `${artifacts}keyboard-${locale}-${step}.png` });
		};
		await page.goto('./');
		await expect(page.getByTestId('pause')).toBeVisible();
		await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });

		// Space on the page pauses and plays
		await page.keyboard.press('Space');
		await expect(page.getByTestId('play')).toBeVisible();

		// → runs one event, ← goes back exactly one: the same state digest as before
		const d0 = await digest(page);
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => digest(page)).not.toBe(d0);
		const d1 = await digest(page);
		const t1 = await page.getByTestId('sim-time').textContent();
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => digest(page)).not.toBe(d1);
		await page.keyboard.press('ArrowLeft');
		await expect.poll(() => digest(page)).toBe(d1);
		await expect(page.getByTestId('sim-time')).toHaveText(t1 ?? '');
		await expect(page.getByTestId('play')).toBeVisible();
		await shot('1-stepped');

		// ] and [ change the speed one step (from the teaching pace, as from 1x)
		await expect(page.getByTestId('speed')).toHaveValue('teach');
		await page.keyboard.press(']');
		await expect(page.getByTestId('speed')).toHaveValue('2');
		await page.keyboard.press('[');
		await page.keyboard.press('[');
		await expect(page.getByTestId('speed')).toHaveValue('0.5');

		// ? shows the help; Escape closes it
		await page.keyboard.press('?');
		await expect(page.getByTestId('help')).toBeVisible();
		await shot('2-help');
		await page.keyboard.press('Escape');
		await expect(page.getByTestId('help')).toBeHidden();

		// Tab to the members, arrows move along them (time does not step), Enter opens the actions
		await tabTo(page, /^member-\d$/);
		const first = Number((await focusedTestId(page))!.slice('member-'.length));
		const before = await digest(page);
		await page.keyboard.press('ArrowRight');
		const id = await focusedTestId(page);
		expect(id).toMatch(/^member-\d$/);
		expect(id).not.toBe(`member-${first}`);
		expect(await digest(page)).toBe(before);
		// (n2: the console talks to n1)
		const n = Number(id!.slice('member-'.length));
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('inspector')).toHaveAttribute('data-member', String(n));
		expect(await focusedTestId(page)).toBe(`kill-${n}`);
		await page.keyboard.press('Enter');
		await expect(page.getByTestId(`member-${n}`)).toHaveAttribute('data-role', 'down');
		// the same button now restarts it, and keeps the focus
		expect(await focusedTestId(page)).toBe(`restart-${n}`);
		await shot('3-killed');
		// Escape closes the actions and gives focus back to the member
		await page.keyboard.press('Escape');
		await expect(page.getByTestId('inspector')).toHaveCount(0);
		expect(await focusedTestId(page)).toBe(`member-${n}`);
		// back to normal speed for the write
		await page.keyboard.press(']');
		await expect(page.getByTestId('speed')).toHaveValue('1');

		// Tab to Play, press it; then to the console, and write a key
		await tabTo(page, 'play');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('pause')).toBeVisible();
		expect(await focusedTestId(page)).toBe('pause');
		await tabTo(page, 'console-input');
		// Space, arrows and brackets type into the console; they are not shortcuts here
		await page.keyboard.type('put [k] v 1');
		await expect(page.getByTestId('console-input')).toHaveValue('put [k] v 1');
		await expect(page.getByTestId('speed')).toHaveValue('1');
		await page.keyboard.press('Control+A');
		await page.keyboard.type('put foo bar');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('entry').last().getByTestId('entry-output')).toHaveText('OK', { timeout: 15_000 });
		await expectFocusKept(page);
		await page.getByTestId('pause').click();
		await shot('4-console');
		await context.close();
	});
}
