/**
 * What a person reads on a laptop-height screen and a phone stays readable:
 * - at 1280x720 the members' words in the picture are at least 11 px on screen (an exercise drew
 *   them 10 units in a drawing scaled below 1: under 10 px), and still apart from each other;
 * - the narration ("What just happened") and the exercise's brief show no line cut in half at
 *   their foot: where more lies below, that edge fades;
 * - on a phone, seven busy members: no message's shape drawn over a member's words (one passing
 *   them is drawn faintly, under them as it were).
 * Screenshots: tests/artifacts/screens/readable-*.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';
import { tabsUnderPicture, wordsOver } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.describe.configure({ timeout: 90_000 });

/** seven members under a heavy client load (pace.spec's) */
const LOADED = validateScenario({ version: 1, seed: 4, cluster: { size: 7 }, steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec: 3000, durationMs: 60_000, keys: 20 }], untilMs: 60_000 });

/** The members' words in the picture (names, terms, roles, "(your etcdctl)"; not the crown's term): the smallest on screen. */
async function smallestMemberWords(page: Page): Promise<{ px: number; text: string }> {
	return page.evaluate(() => {
		let min = { px: Infinity, text: '' };
		for (const el of document.querySelectorAll<SVGTextElement>('[data-testid="cluster-svg"] [data-testid^="node-"] text')) {
			if (!el.textContent?.trim() || el.closest('.crown') || el.getClientRects().length === 0 || el.closest('[display="none"]')) continue;
			const m = el.getScreenCTM()!;
			const px = parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
			if (px < min.px) min = { px, text: el.textContent.trim() };
		}
		return min;
	});
}

/**
 * Lines cut at the foot of the box that clips `testid` (itself if it scrolls, else the nearest
 * ancestor that clips) while that box's foot does not fade (no mask).
 */
async function cutUnfaded(page: Page, testid: string): Promise<string[]> {
	return page.evaluate((testid) => {
		const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!;
		let box: HTMLElement | null = el;
		while (box && getComputedStyle(box).overflowY === 'visible') box = box.parentElement;
		if (!box) return [];
		const foot = box.getBoundingClientRect().bottom;
		const masked = getComputedStyle(box).maskImage !== 'none';
		if (masked) return [];
		return [...el.querySelectorAll<HTMLElement>('li, p, h2, h3, button, a, label')]
			.filter((e) => e.getClientRects().length > 0)
			.map((e) => ({ what: `${e.tagName} "${e.textContent?.trim().slice(0, 40)}"`, r: e.getBoundingClientRect() }))
			.filter((x) => x.r.height > 0 && x.r.top < foot - 2 && x.r.bottom > foot + 2)
			.map((x) => x.what);
	}, testid);
}

for (const lang of ['en', 'ko'] as const)
	for (const theme of ['light', 'dark'] as const)
		test(`1280x720 ${lang} ${theme}: an exercise's picture words at least 11 px and apart; the brief and the narration cut no line at their foot`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: lang, colorScheme: theme });
			const page = await context.newPage();
			await page.goto('exercises/quorum-of-five/');
			await expect(page.getByTestId('node-5')).toBeVisible();
			await page.getByTestId('predict-choice').first().check();
			await page.getByTestId('predict-lock').click();
			// the run plays at the teaching pace: the narration fills with the election
			await expect.poll(() => page.getByTestId('narration').locator('li').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
			const shot = `${artifacts}readable-exercise-1280x720-${lang}-${theme}.png`;
			await page.screenshot({ path: shot });
			const small = await smallestMemberWords(page);
			test.info().annotations.push({ type: 'smallest member words', description: `${small.px.toFixed(1)} px ("${small.text}")` });
			expect(small.px, `smallest member words "${small.text}" (${shot})`).toBeGreaterThanOrEqual(11);
			expect(await wordsOver(page), `members' words apart (${shot})`).toEqual([]);
			expect(await cutUnfaded(page, 'narration'), `narration lines cut at its foot, unfaded (${shot})`).toEqual([]);
			expect(await cutUnfaded(page, 'exercise'), `brief lines cut at its foot, unfaded (${shot})`).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollHeight), 'page height').toBeLessThanOrEqual(720);
			// a member's card open: the picture narrower, the words still large and apart
			const n2 = (await page.getByTestId('node-2').locator('circle.body').boundingBox())!;
			await page.mouse.click(n2.x + n2.width / 2, n2.y + n2.height / 2);
			await expect(page.getByTestId('inspector')).toHaveAttribute('data-member', '2');
			await page.waitForTimeout(500);
			const card = `${artifacts}readable-exercise-card-1280x720-${lang}-${theme}.png`;
			await page.screenshot({ path: card });
			const small2 = await smallestMemberWords(page);
			expect(small2.px, `with a card open: smallest member words "${small2.text}" (${card})`).toBeGreaterThanOrEqual(11);
			expect(await wordsOver(page), `with a card open: members' words apart (${card})`).toEqual([]);
			expect(await cutUnfaded(page, 'exercise'), `with a card open: brief lines cut at its foot, unfaded (${card})`).toEqual([]);
			await context.close();
		});

// an exercise where members can be dragged apart: its drag hint and the legend's line wait rather
// than take the picture below 240 px (at 283 px of figure a rounding let them in: 205 px)
for (const lang of ['en', 'ko'] as const)
	test(`1280x720 ${lang}: an exercise with a drag hint keeps the picture at least 240 px`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/leader-in-minority/');
		await expect(page.getByTestId('node-5')).toBeVisible();
		await page.getByTestId('predict-choice').first().check();
		await page.getByTestId('predict-lock').click();
		await expect(page.getByTestId('predicted')).toBeVisible();
		await page.waitForTimeout(1000);
		const shot = `${artifacts}readable-minority-1280x720-${lang}.png`;
		await page.screenshot({ path: shot });
		const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
		test.info().annotations.push({ type: 'picture height', description: `${svg.height.toFixed(0)} px` });
		expect(svg.height, `the picture's height (${shot})`).toBeGreaterThanOrEqual(240);
		expect(await page.evaluate(() => document.documentElement.scrollHeight), 'page height').toBeLessThanOrEqual(720);
		await context.close();
	});

// a 768-px-high laptop (1024x768, 1366x768): an exercise does not scroll the page (at 1024x768 it
// did, by 12-23 px: the brief took 30vh there), the picture stays the largest thing on it, and
// every tab under it shows whole
for (const [w, h, lang] of [[1024, 768, 'en'], [1024, 768, 'ko'], [1366, 768, 'ko']] as const)
	test(`${w}x${h} ${lang}: an exercise keeps the page still and the picture the hero`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: w, height: h }, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/quorum-of-five/');
		await expect(page.getByTestId('node-5')).toBeVisible();
		// the console and the time bar are built in the tasks after hydration
		await expect(page.getByTestId('console-input')).toBeVisible();
		await expect(page.getByTestId('play').or(page.getByTestId('pause'))).toBeVisible();
		const still = async (what: string): Promise<void> => {
			expect(await page.evaluate(() => document.documentElement.scrollHeight), `${what}: page height`).toBeLessThanOrEqual(h);
			const prompt = (await page.getByTestId('console-input').boundingBox())!;
			expect(prompt.y + prompt.height, `${what}: the console's prompt on screen`).toBeLessThanOrEqual(h);
		};
		await still('predicting');
		await page.getByTestId('predict-choice').first().check();
		await page.getByTestId('predict-lock').click();
		await expect(page.getByTestId('predicted')).toBeVisible();
		await page.waitForTimeout(800);
		const shot = `${artifacts}readable-exercise-${w}x${h}-${lang}.png`;
		await page.screenshot({ path: shot });
		await still('running');
		const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
		test.info().annotations.push({ type: 'picture height', description: `${svg.height.toFixed(0)} px` });
		expect(svg.height, `the picture's height (${shot})`).toBeGreaterThanOrEqual(250);
		// the chips and the add buttons on one line (a second line took 35 px from the picture)
		const chips = (await page.locator('.chips-row').boundingBox())!;
		expect(chips.height, `the chips' row on one line (${shot})`).toBeLessThan(48);
		// every tab under the picture whole (at 1024 px 'Lifecycle' ran past the column's edge)
		const tabs = await tabsUnderPicture(page);
		expect(tabs.count, 'tabs').toBeGreaterThan(3);
		expect(tabs.cut, `tabs cut off (${shot})`).toEqual([]);
		const brief = (await page.locator('section.exercise').boundingBox())!;
		expect(svg.height, 'the picture taller than the brief').toBeGreaterThan(brief.height);
		await context.close();
	});

for (const lang of ['en', 'ko'] as const)
	test(`1280x720 ${lang}: the playground with seven members, words at least 11 px and apart`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: lang });
		const page = await context.newPage();
		await page.goto(`./#${encodeLink({ scenario: LOADED, actions: [], atMs: 2000, view: { lang } })}`);
		await expect(page.getByTestId('node-7')).toBeVisible();
		await expect(page.getByTestId('replay-progress')).toHaveCount(0, { timeout: 30_000 });
		await page.getByTestId('link-notice').getByRole('button').click();
		await page.waitForTimeout(500);
		const shot = `${artifacts}readable-seven-1280x720-${lang}.png`;
		await page.screenshot({ path: shot });
		const small = await smallestMemberWords(page);
		test.info().annotations.push({ type: 'smallest member words', description: `${small.px.toFixed(1)} px ("${small.text}")` });
		expect(small.px, `smallest member words "${small.text}" (${shot})`).toBeGreaterThanOrEqual(11);
		expect(await wordsOver(page), `members' words apart (${shot})`).toEqual([]);
		await context.close();
	});

for (const lang of ['en', 'ko'] as const)
	test(`390x844 ${lang}: seven busy members, no message's shape drawn over a member's words (only faintly)`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: lang, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await page.goto(`./#${encodeLink({ scenario: LOADED, actions: [], atMs: 2000, view: { lang } })}`);
		await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
		await page.getByTestId('play').click();
		await expect(page.getByTestId('pause')).toBeVisible();
		await page.waitForTimeout(1000);
		// every frame for 2 s: a drawn message's shape over a member's words
		const seen = await page.evaluate(
			() =>
				new Promise<{ frames: number; shapes: number; over: string[] }>((done) => {
					const svg = document.querySelector('[data-testid="cluster-svg"]')!;
					const over = new Set<string>();
					let frames = 0;
					let shapes = 0;
					const start = performance.now();
					const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
					const frame = () => {
						frames++;
						const words = [...svg.querySelectorAll('[data-testid^="node-"] text')].filter((e) => e.textContent?.trim() && e.getClientRects().length > 0 && !e.closest('[display="none"]') && !e.closest('.crown')).map((e) => ({ w: e.textContent!.trim(), r: e.getBoundingClientRect() }));
						for (const s of svg.querySelectorAll('g.msg > path.shape')) {
							if (s.closest('[display="none"]')) continue;
							shapes++;
							// one drawn faintly (under the words) leaves them readable
							if (parseFloat(getComputedStyle(s.closest('g.msg')!).opacity) <= 0.25) continue;
							const a = s.getBoundingClientRect();
							for (const { w, r } of words) if (hit(a, r)) over.add(w);
						}
						if (performance.now() - start < 2000) requestAnimationFrame(frame);
						else done({ frames, shapes, over: [...over] });
					};
					requestAnimationFrame(frame);
				})
		);
		await page.screenshot({ path: `${artifacts}readable-busy-390x844-${lang}.png` });
		test.info().annotations.push({ type: 'frames / shapes', description: `${seen.frames} / ${seen.shapes}` });
		expect(seen.shapes, 'messages drawn').toBeGreaterThan(0);
		expect(seen.over, "members' words a message's shape ran over").toEqual([]);
		await context.close();
	});

/** five members split three ways (a leader cut off alone): the side of three drew its members over each other */
const THREE_SIDES = validateScenario({
	version: 1,
	seed: 1,
	cluster: { size: 5 },
	steps: [{ atMs: 2000, do: 'partition', groups: [[2, 3, 4], [5], [1]] }],
	untilMs: 60_000
});

for (const [width, height, lang] of [
	[1440, 900, 'en'],
	[1280, 720, 'ko'],
	[390, 844, 'en']
] as const)
	test(`${width}x${height} ${lang}: three sides of five, every member's circle and words apart`, async ({ browser }) => {
		const phone = width < 768;
		const context = await browser.newContext({ viewport: { width, height }, locale: lang, isMobile: phone, hasTouch: phone });
		const page = await context.newPage();
		await page.goto(`./#${encodeLink({ scenario: THREE_SIDES, actions: [], atMs: 2500, view: { lang } })}`);
		await expect(page.getByTestId('node-5')).toBeVisible();
		await expect(page.getByTestId('replay-progress')).toHaveCount(0, { timeout: 30_000 });
		await page.getByTestId('link-notice').getByRole('button').click();
		await page.waitForTimeout(400);
		const shot = `${artifacts}readable-three-sides-${width}x${height}-${lang}.png`;
		await page.screenshot({ path: shot });
		const circles = await page.evaluate(() =>
			[...document.querySelectorAll('[data-testid="cluster-svg"] [data-testid^="node-"] circle.body')].map((c) => {
				const r = c.getBoundingClientRect();
				return { x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2 };
			})
		);
		expect(circles).toHaveLength(5);
		for (let i = 0; i < circles.length; i++)
			for (let j = i + 1; j < circles.length; j++) {
				const [a, b] = [circles[i], circles[j]];
				expect(Math.hypot(a.x - b.x, a.y - b.y), `members ${i + 1} and ${j + 1} drawn apart (${shot})`).toBeGreaterThan(a.r + b.r + 4);
			}
		expect(await wordsOver(page), `members' words apart (${shot})`).toEqual([]);
		await context.close();
	});
