/**
 * The playground is one screen: at laptop sizes the page does not scroll and the main loop (the
 * picture, the quorum verdict, the narration, the console, the time controls) is in view at once;
 * on a phone the picture stays on screen while the console is used. No page logs an error or a
 * warning (hydration mismatches included). And the keyboard alone gets through a lesson.
 */
import { expect, test, type Locator, type Page } from './live';
import { fileURLToPath } from 'node:url';
import { leaderOf, openMember, pause, run, showSheet, tabsUnderPicture } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

test.describe.configure({ timeout: 90_000 });

async function inView(page: Page, el: Locator, what: string): Promise<void> {
	const box = await el.boundingBox();
	expect(box, `${what} is laid out`).not.toBeNull();
	const vp = page.viewportSize()!;
	expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
	expect(box!.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
	expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(vp.width + 1.5);
	expect(box!.y + box!.height, `${what} bottom edge`).toBeLessThanOrEqual(vp.height + 1.5);
}

async function pageScroll(page: Page): Promise<{ x: number; y: number }> {
	return page.evaluate(() => {
		const d = document.documentElement;
		return { x: d.scrollWidth - window.innerWidth, y: d.scrollHeight - window.innerHeight };
	});
}

for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
]) {
	for (const locale of ['en-US', 'ko-KR']) {
		test(`${viewport.width}x${viewport.height} ${locale}: the page does not scroll and the main loop is in view`, async ({ browser }) => {
			const context = await browser.newContext({ viewport, locale });
			const page = await context.newPage();
			await page.goto('./');
			await expect(page.getByTestId('pause')).toBeVisible();
			await leaderOf(page);
			// a lesson's worth of text in the panels must not push the page longer
			await run(page, 'put foo bar');
			await run(page, 'endpoint status');
			await run(page, 'help');
			expect(await pageScroll(page)).toEqual({ x: 0, y: 0 });
			// help's lines wrap inside the console (they ran past its right edge, cut with no sign of more)
			const help = page.getByTestId('console-help');
			await expect(help).toBeVisible();
			expect(await help.evaluate((e) => e.scrollWidth - e.clientWidth), 'help wider than its box').toBeLessThanOrEqual(0);
			expect(await page.getByTestId('console-output').evaluate((e) => e.scrollWidth - e.clientWidth), 'console output scrolls sideways').toBeLessThanOrEqual(0);
			await inView(page, page.getByTestId('cluster-svg'), 'the picture');
			await inView(page, page.getByTestId('q-verdict'), 'the quorum verdict');
			await inView(page, page.getByTestId('narration'), 'the narration');
			await inView(page, page.getByTestId('console-input'), 'the console prompt');
			await inView(page, page.getByTestId('pause'), 'play/pause');
			await inView(page, page.getByTestId('timeline'), 'the timeline');
			// the picture is the hero: the biggest thing on the page
			const pic = (await page.getByTestId('cluster-svg').boundingBox())!;
			for (const other of ['narration', 'console-output', 'q-verdict']) {
				const b = (await page.getByTestId(other).boundingBox())!;
				expect(pic.width * pic.height, `picture larger than ${other}`).toBeGreaterThan(b.width * b.height);
			}
			// opening a tab and a member keeps it one screen
			await page.getByTestId('tab-safety').click();
			await openMember(page, 1);
			expect(await pageScroll(page)).toEqual({ x: 0, y: 0 });
			await inView(page, page.getByTestId('kill-1'), 'the inspector’s Kill');
			await inView(page, page.getByTestId('console-input'), 'the console prompt with a tab open');
			await pause(page);
			await page.screenshot({ path: `${artifacts}one-screen-${viewport.width}x${viewport.height}-${locale}.png` });
			await context.close();
		});
	}
}

/** The boxes of the members in the picture (the svg's member groups). */
async function memberBoxes(page: Page): Promise<{ x: number; y: number; width: number; height: number }[]> {
	const out = [];
	for (const g of await page.locator('[data-testid="cluster-svg"] [data-testid^="node-"]').all()) {
		const b = await g.boundingBox();
		if (b) out.push(b);
	}
	return out;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
]) {
	test(`${viewport.width}x${viewport.height}: a tab, a member's card and Try this never shrink the picture to a stamp nor cover its members`, async ({ browser }) => {
		const context = await browser.newContext({ viewport, locale: 'en-US' });
		const page = await context.newPage();
		await page.goto('./');
		await pause(page);
		const svg = page.getByTestId('cluster-svg');
		const members = 3;
		const check = async (what: string, minHeight: number): Promise<void> => {
			const box = await svg.boundingBox();
			expect(box!.height, `${what}: the picture's height`).toBeGreaterThanOrEqual(minHeight);
			const boxes = await memberBoxes(page);
			expect(boxes.length, what).toBe(members);
			for (const card of [page.getByTestId('inspector'), page.locator('#try-this')]) {
				if (!(await card.isVisible())) continue;
				const c = (await card.boundingBox())!;
				for (const m of boxes) expect(overlaps(m, c), `${what}: a member under a card`).toBe(false);
			}
			expect((await pageScroll(page)).y, `${what}: the page does not scroll`).toBeLessThanOrEqual(0);
		};
		// a tab open, then a member: on a laptop-height screen the card replaces the tab
		await page.getByTestId('tab-history').click();
		await check('a tab open', 150);
		await page.getByTestId('node-2').click();
		await expect(page.getByTestId('inspector')).toBeVisible();
		await check('a tab, then a member', 250);
		// and a tab opened while the card is open closes the card
		await page.getByTestId('tab-history').click();
		await expect(page.getByTestId('inspector')).toHaveCount(0);
		await check('a member, then a tab', 150);
		await page.getByTestId('tab-history').click();
		// both cards: the picture keeps the middle
		await page.getByTestId('guide-open').click();
		await page.getByTestId('node-2').click();
		await expect(page.getByTestId('inspector')).toBeVisible();
		await check('Try this and a member', 220);
		await page.screenshot({ path: `${artifacts}one-screen-cards-${viewport.width}x${viewport.height}.png` });
		await context.close();
	});
}

// an exercise's brief heads the page: with a member's card open on a laptop-height screen the brief
// takes less height (it scrolls inside) and the picture stays the hero
for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
]) {
	for (const locale of ['en-US', 'ko-KR']) {
		test(`${viewport.width}x${viewport.height} ${locale}: an exercise with a member's card open keeps the picture big`, async ({ browser }) => {
			const context = await browser.newContext({ viewport, locale });
			const page = await context.newPage();
			await page.goto('exercises/quorum-of-five/');
			await expect(page.getByTestId('exercise-title')).toBeVisible();
			await expect(page.getByTestId('node-5')).toBeVisible();
			await openMember(page, 2);
			const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
			test.info().annotations.push({ type: 'picture height', description: `${svg.height.toFixed(0)} px` });
			expect(svg.height, 'the picture with a member open').toBeGreaterThanOrEqual(280);
			expect((await pageScroll(page)).y, 'the page does not scroll').toBeLessThanOrEqual(0);
			const card = (await page.getByTestId('inspector').boundingBox())!;
			for (const m of await memberBoxes(page)) expect(overlaps(m, card), 'a member under the card').toBe(false);
			await inView(page, page.getByTestId('kill-2'), 'the inspector’s Kill');
			await inView(page, page.getByTestId('exercise-title'), 'the exercise title');
			await page.screenshot({ path: `${artifacts}one-screen-exercise-member-${viewport.width}x${viewport.height}-${locale}.png` });
			await context.close();
		});
	}
}

// a screen under 600 px high (960x540, a laptop zoomed in): one screen left the picture a
// 160-px thumbnail and the console's prompt below the screen's foot, out of reach (the page did
// not scroll); now the page scrolls, laid out as on a 720-px laptop, and every part can be reached
for (const path of ['./', 'exercises/quorum-of-five/'])
	for (const locale of ['en-US', 'ko-KR'])
		test(`960x540 ${locale} ${path}: the picture keeps its size and the page scrolls to the console`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 960, height: 540 }, locale });
			const page = await context.newPage();
			await page.goto(path);
			await expect(page.getByTestId('play').or(page.getByTestId('pause'))).toBeVisible();
			await page.waitForTimeout(500);
			const shot = `${artifacts}short-960x540-${path === './' ? 'playground' : 'exercise'}-${locale}.png`;
			await page.screenshot({ path: shot, fullPage: true });
			const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
			expect(svg.height, `the picture's height (${shot})`).toBeGreaterThanOrEqual(250);
			expect((await pageScroll(page)).x, 'no sideways scroll').toBeLessThanOrEqual(0);
			// every tab under the picture whole ('Lifecycle' was cut at the column's edge)
			expect((await tabsUnderPicture(page)).cut, `tabs cut off (${shot})`).toEqual([]);
			// the state digest trailing the tabs: whole or not at all (it read '상…')
			const digest = await page.getByTestId('state-digest').evaluate((code) => {
				const row = code.closest('.trailing')!.getBoundingClientRect();
				const d = code.parentElement!.getBoundingClientRect();
				if (d.top >= row.bottom - 0.5) return 'hidden';
				return d.left >= row.left - 0.5 && d.right <= row.right + 0.5 && d.bottom <= row.bottom + 0.5 ? 'whole' : 'cut';
			});
			expect(digest, `the state digest (${shot})`).not.toBe('cut');
			const input = page.getByTestId('console-input');
			await input.scrollIntoViewIfNeeded();
			await inView(page, input, "the console's prompt, scrolled to");
			await input.fill('put foo bar');
			await input.press('Enter');
			await expect(page.getByTestId('console-output').getByTestId('entry')).toHaveCount(1);
			if (path !== './') {
				// the prediction's button whole in the brief, not scrolled away inside it
				const brief = (await page.getByTestId('exercise').boundingBox())!;
				const lock = (await page.getByTestId('predict-lock').boundingBox())!;
				expect(lock.y + lock.height, `the prediction's button inside the brief (${shot})`).toBeLessThanOrEqual(brief.y + brief.height);
			}
			await context.close();
		});

test('390x844: the picture stays on screen while the console and a member are used', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await leaderOf(page);
	const out = await run(page, 'put foo bar');
	await expect(out.getByTestId('entry-output')).toHaveText('OK');
	expect((await pageScroll(page)).y).toBeLessThanOrEqual(0);
	await inView(page, page.getByTestId('cluster-svg'), 'the picture');
	await inView(page, page.getByTestId('console-input'), 'the console prompt');
	await inView(page, page.getByTestId('q-verdict'), 'the quorum verdict');
	const box = (await page.getByTestId('node-2').locator('circle.body').boundingBox())!;
	await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
	await expect(page.getByTestId('inspector')).toHaveAttribute('data-member', '2');
	await inView(page, page.getByTestId('kill-2'), 'the inspector’s Kill');
	await inView(page, page.getByTestId('cluster-svg'), 'the picture beside the inspector');
	await showSheet(page, 'narration');
	await inView(page, page.getByTestId('narration'), 'the narration');
	await pause(page);
	await page.screenshot({ path: `${artifacts}one-screen-390x844.png` });
	await context.close();
});

const PAGES = ['./', 'exercises/', 'exercises/time-to-new-leader/', 'lab/', 'embed/'];

for (const path of PAGES) {
	test(`no console error or warning on ${path}`, async ({ page }) => {
		const said: string[] = [];
		page.on('console', (m) => {
			if (m.type() === 'error' || m.type() === 'warning') said.push(`${m.type()}: ${m.text()}`);
		});
		page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		// let a few frames run (hydration, the first election, the lab's first sweep)
		await page.waitForTimeout(1500);
		expect(said).toEqual([]);
	});
}
