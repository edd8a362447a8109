/**
 * An exercise on a phone while its prediction is asked: the brief's box shows whole controls, none
 * cut at its bottom edge (a sliver of 'Show a hint' peeked under the prediction at 390x844). The
 * hints and the restart come once the prediction is made, whole (the page scrolls to them, not a
 * box of the brief's own). Screenshots:
 * tests/artifacts/screens/phone-exercise-predict-*.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: while the prediction is asked nothing is cut at the foot of the brief`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/quorum-of-five/');
		await expect(page.getByTestId('predict')).toBeVisible();
		await expect(page.getByTestId('node-5')).toBeVisible();
		const shot = `${artifacts}phone-exercise-predict-390x844-${lang}.png`;
		await page.screenshot({ path: shot });
		const cut = await page.evaluate(() => {
			const box = document.querySelector('section.exercise')!.getBoundingClientRect();
			return [...document.querySelectorAll<HTMLElement>('section.exercise button, section.exercise a, section.exercise input, section.exercise h2, section.exercise li, section.exercise p')]
				.filter((e) => e.getClientRects().length > 0)
				.map((e) => ({ what: `${e.tagName} ${e.textContent?.trim().slice(0, 30)}`, r: e.getBoundingClientRect() }))
				.filter((x) => x.r.top < box.bottom - 1 && x.r.bottom > box.bottom + 1)
				.map((x) => x.what);
		});
		expect(cut, `cut at the brief's foot (${shot})`).toEqual([]);
		// the prediction's button whole on the first screen
		await expect(page.getByTestId('predict-lock')).toBeInViewport({ ratio: 1 });
		// once predicted, the hints are there
		await page.getByTestId('predict-choice').first().check();
		await page.getByTestId('predict-lock').click();
		await expect(page.getByTestId('show-hint')).toBeAttached();
		// ... whole: the brief is no box of its own that hides them in a scroll (the page scrolls;
		// 45vh held 380 of 460 px in English, 'Show a hint' half hidden, the restart out of sight)
		for (const id of ['quorum-of-five', 'leader-in-minority']) {
			if (id !== 'quorum-of-five') {
				await page.goto(`exercises/${id}/`);
				await page.getByTestId('predict-choice').first().check();
				await page.getByTestId('predict-lock').click();
			}
			await expect(page.getByTestId('show-hint')).toBeAttached();
			const scrollers = await page.evaluate(() =>
				[...document.querySelectorAll<HTMLElement>('.exercise')]
					.filter((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible')
					.map((e) => `${e.tagName.toLowerCase()}.exercise ${e.clientHeight} px showing ${e.scrollHeight}`)
			);
			expect(scrollers, `${id}: the brief scrolls inside itself`).toEqual([]);
			await page.getByTestId('show-hint').scrollIntoViewIfNeeded();
			await expect(page.getByTestId('show-hint')).toBeInViewport({ ratio: 1 });
		}
		await context.close();
	});

for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: once the run starts, the console and a member's card have their room (the page scrolls to them)`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/quorum-of-five/');
		await page.getByTestId('predict-choice').first().check();
		await page.getByTestId('predict-lock').click();
		// the console's sheet under the tabs: a prompt to type into, not a 0-px box
		const input = page.getByTestId('console-input');
		await input.scrollIntoViewIfNeeded();
		const inputBox = (await input.boundingBox())!;
		expect(inputBox.height, 'the console prompt has a height').toBeGreaterThan(20);
		const sheetH = await page.evaluate(() => document.querySelector<HTMLElement>('.sheet-item[data-item="console"]')!.getBoundingClientRect().height);
		expect(sheetH, 'the console sheet is a screenful, not squeezed').toBeGreaterThan(300);
		await page.evaluate(() => scrollTo(0, 0));
		// a member tapped: its card opens in the sheet, brought on screen at its top, Kill reachable
		await page.getByTestId('node-2').click();
		const card = page.getByTestId('inspector');
		await expect(card).toBeVisible();
		await expect(card.locator('#inspector-title')).toBeInViewport({ ratio: 1 });
		await expect(card.locator('.actions button').first()).toBeInViewport({ ratio: 1 });
		expect(await card.evaluate((e) => e.closest('.sheet-item')!.scrollTop), 'the card opens at its top').toBe(0);
		await page.screenshot({ path: `${artifacts}phone-exercise-card-390x844-${lang}.png` });
		await context.close();
	});

// an exercise whose task names "+ learner" under the picture has it there on a phone too (the phone's
// picture is the roster and the row of chips waits, and the buttons had gone with it); one that adds
// no member keeps the row away
for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: growing the cluster, the add buttons under the picture are there and add a learner`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/grow-three-to-five/');
		await page.getByTestId('predict-skip').click();
		const add = page.getByTestId('add-learner');
		await add.scrollIntoViewIfNeeded();
		await expect(add).toBeVisible();
		await expect(add).toHaveText(lang === 'en' ? '+ learner' : '+ learner 멤버');
		await expect(page.getByTestId('add-voter')).toBeVisible();
		await page.screenshot({ path: `${artifacts}phone-grow-add-390x844-${lang}.png` });
		await add.tap();
		await expect(page.getByTestId('node-4')).toBeAttached();
		await page.goto('exercises/quorum-of-five/');
		await page.getByTestId('predict-skip').click();
		await expect(page.getByTestId('node-5')).toBeVisible();
		await expect(page.getByTestId('add-learner')).toBeHidden();
		await context.close();
	});

// More's tabs in an exercise on a phone are as tall as what they hold: the page scrolls to the
// Network tab's Apply, not a box inside the page (it sat under the foot of a 373-px box)
for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: More's Network tab shows whole, Apply reached by scrolling the page`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/leader-in-minority/');
		await page.getByTestId('predict-skip').click();
		await page.getByTestId('sheet-more').click();
		await page.getByTestId('tab-network').click();
		const panel = page.getByTestId('more-panel');
		await expect(panel.getByTestId('apply-partition')).toBeAttached();
		// (polled: the goals appear as the prediction is skipped, and the page settles around them)
		const overflow = () =>
			panel.evaluate((e) => {
				const sheet = e.closest<HTMLElement>('.sheet-item')!;
				return { panel: e.scrollHeight - e.clientHeight <= 1, sheet: sheet.scrollHeight - sheet.clientHeight <= 1 };
			});
		await expect.poll(overflow, { message: 'nothing scrolls inside the panel or its sheet' }).toEqual({ panel: true, sheet: true });
		const apply = page.getByTestId('apply-partition');
		await apply.scrollIntoViewIfNeeded();
		await expect(apply).toBeInViewport({ ratio: 1 });
		await page.screenshot({ path: `${artifacts}phone-exercise-network-390x844-${lang}.png`, fullPage: true });
		await context.close();
	});

// a flag is one word: "get foo --" at a line's end and "consistency=s" on the next read as two
for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: an etcdctl flag in the task stays on one line`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/stale-serializable-read/');
		await expect(page.getByTestId('predict')).toBeVisible();
		const flags = page.locator('section.exercise .flag');
		await expect(flags.first()).toBeVisible();
		const lines = await flags.evaluateAll((els) => els.map((e) => ({ text: e.textContent, rects: e.getClientRects().length })));
		expect(lines.map((l) => l.text)).toContain('--consistency=s');
		for (const l of lines) expect(l.rects, `${l.text} on one line`).toBe(1);
		// and the words around it read as before
		await expect(page.getByTestId('exercise-instructions')).toContainText('get foo --consistency=s');
		await context.close();
	});
