/**
 * A real reveal.js deck (the npm package, reveal.js 6) with the embed as a lazy iframe (data-src)
 * on its middle slide, served from http://localhost:PORT while the app runs at 127.0.0.1: at
 * 960x540 and 1280x720 the embed fits its frame without scrolling and its member labels are large
 * enough to read from the back of a room (at least 18 px at 960x540); the deck's keys work until
 * the frame is focused, then Space plays and pauses and → / ← go to the next / previous event of
 * the story; reveal.js unloads the frame when its slide is left, and coming back shows the link's
 * moment again (the state lives in the URL). Screenshots: tests/artifacts/reveal-*.png.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Frame, type Page } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';
import { serveStatic, type StaticServer } from './fixtures/static-server';
import { slideFigures, slideTimeMs } from './fixtures/slide';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const REVEAL = `${root}node_modules/reveal.js/dist/`;

/** 3 members; n1 killed at 4 s and restarted at 8 s; the link shows 3 s. */
const PAYLOAD = encodeLink({
	scenario: validateScenario({
		version: 1,
		seed: 3,
		cluster: { size: 3 },
		steps: [
			{ atMs: 4000, do: 'kill', node: 1 },
			{ atMs: 8000, do: 'restart', node: 1 }
		],
		untilMs: 3_600_000
	}),
	actions: [],
	atMs: 3000,
	view: {}
});

const SIZES = [
	{ width: 960, height: 540 },
	{ width: 1280, height: 720 }
] as const;

function deckHtml(src: string, w: number, h: number): string {
	const attr = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quorum in reveal.js</title>
<link rel="stylesheet" href="/reveal/reset.css"><link rel="stylesheet" href="/reveal/reveal.css"><link rel="stylesheet" href="/reveal/theme/white.css">
<style>.reveal .slides section.live { padding: 0; } .reveal .slides section.live iframe { display: block; margin: 0; border: 0; max-width: none; max-height: none; }</style>
</head><body><div class="reveal"><div class="slides">
<section><h2 id="s1">Quorum</h2><p>Why etcd needs a majority</p></section>
<section class="live"><iframe data-src="${attr}" title="Quorum Playground" width="${w}" height="${h}"></iframe></section>
<section><h2 id="s3">Takeaways</h2><p>3 members survive 1 failure</p></section>
</div></div>
<script src="/reveal/reveal.js"></script>
<script>Reveal.initialize({ hash: true, width: ${w}, height: ${h}, margin: 0, center: false, transition: 'none', controls: false, progress: false });</script>
</body></html>`;
}

test.describe('a reveal.js deck with the embed', () => {
	test.describe.configure({ timeout: 90_000 });
	let deck: StaticServer;
	const files: Record<string, string> = {};

	test.beforeAll(async () => {
		for (const f of ['reset.css', 'reveal.css', 'theme/white.css', 'reveal.js']) files[`/reveal/${f}`] = await readFile(`${REVEAL}${f}`, 'utf8');
		deck = await serveStatic(files);
	});
	test.afterAll(async () => {
		await deck?.close();
	});

	async function embedFrame(page: Page): Promise<Frame> {
		await expect.poll(() => page.frames().some((f) => f.url().includes('/embed/'))).toBe(true);
		const child = page.frames().find((f) => f.url().includes('/embed/'));
		if (!child) throw new Error('no embed frame');
		await expect(child.getByTestId('node-3')).toBeVisible();
		return child;
	}

	for (const size of SIZES) {
		test(`${size.width}x${size.height}: fits, reads, and the presenter steps the story once the frame has focus`, async ({ page }) => {
			const base = test.info().project.use.baseURL;
			if (!base) throw new Error('no baseURL');
			const name = `/deck-${size.width}.html`;
			files[name] = deckHtml(`${base}embed/?controls=minimal&autoplay=0&lang=en#${PAYLOAD}`, size.width, size.height);
			await page.setViewportSize(size);
			await page.goto(`${deck.origin}${name}`);
			const slide = () => page.evaluate(() => location.hash);
			await expect(page.locator('#s1')).toBeVisible();
			// the lazy frame is not loaded before its slide
			expect(page.frames().some((f) => f.url().includes('/embed/'))).toBe(false);

			await page.keyboard.press('ArrowRight');
			await expect.poll(slide).toBe('#/1');
			let child = await embedFrame(page);
			await expect.poll(() => slideTimeMs(child)).toBe(3000);

			const fig = await slideFigures(child);
			console.log(`reveal ${size.width}x${size.height}: smallest member label ${fig.minLabelPx} px (${fig.minLabel}, ${fig.labels} labels), scrollHeight ${fig.scrollHeight} in a ${fig.innerWidth}x${fig.innerHeight} frame`);
			expect(fig.innerWidth).toBe(size.width);
			expect(fig.innerHeight).toBe(size.height);
			expect(fig.scrollHeight).toBe(size.height);
			expect(fig.scrollWidth).toBe(size.width);
			expect(fig.innerScrollers).toEqual([]);
			expect(fig.labels).toBeGreaterThan(0);
			if (size.width === 960) expect(fig.minLabelPx).toBeGreaterThanOrEqual(18);
			await page.screenshot({ path: `${artifacts}reveal-${size.width}x${size.height}.png` });

			// not focused: the deck's keys are the deck's (Space and the arrows change slides), the frame stays still
			expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
			await page.keyboard.press('ArrowRight');
			await expect.poll(slide).toBe('#/2');
			await page.keyboard.press('ArrowLeft');
			await expect.poll(slide).toBe('#/1');
			child = await embedFrame(page);
			await expect.poll(() => slideTimeMs(child)).toBe(3000);

			// click into the frame (on the picture, away from the members): now the presenter has the keys
			await page.locator('iframe[title="Quorum Playground"]').click({ position: { x: 12, y: Math.round(size.height / 2) } });
			expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
			await page.keyboard.press('Space');
			await expect(child.getByTestId('pause')).toBeAttached();
			await page.keyboard.press('Space');
			await expect(child.getByTestId('play')).toBeAttached();
			const paused = await slideTimeMs(child);
			expect(paused).toBeGreaterThanOrEqual(3000);

			// → the next event of the story: the kill at 4 s, then the restart at 8 s; ← back to one between
			if (paused < 4000) {
				await page.keyboard.press('ArrowRight');
				await expect.poll(() => slideTimeMs(child)).toBe(4000);
				await expect(child.getByTestId('node-1')).toHaveAttribute('data-role', 'down');
			}
			await page.keyboard.press('ArrowRight');
			await expect.poll(() => slideTimeMs(child)).toBe(8000);
			await page.keyboard.press('ArrowLeft');
			await expect.poll(() => slideTimeMs(child)).toBeLessThan(8000);
			const back = await slideTimeMs(child);
			expect(back).toBeGreaterThanOrEqual(4000);
			expect(await slide()).toBe('#/1');
			await page.screenshot({ path: `${artifacts}reveal-${size.width}x${size.height}-stepped.png` });

			// leave the slide (focus back on the deck) and come back: reveal.js reloaded the frame, at the link's moment
			await page.evaluate(() => {
				(document.activeElement as HTMLElement | null)?.blur();
				window.focus();
			});
			expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
			await page.keyboard.press('ArrowRight');
			await expect.poll(slide).toBe('#/2');
			await expect.poll(() => page.frames().some((f) => f.url().includes('/embed/'))).toBe(false);
			await page.keyboard.press('ArrowLeft');
			await expect.poll(slide).toBe('#/1');
			child = await embedFrame(page);
			await expect.poll(() => slideTimeMs(child)).toBe(3000);
			await expect(child.getByTestId('node-1')).not.toHaveAttribute('data-role', 'down');
		});
	}
});
