/**
 * The embed (/embed/): no site chrome at any iframe size, options from the query, state from the
 * hash, a clear message for a broken link, the postMessage API, and a cross-origin host page
 * (served from http://localhost:PORT, the app from http://127.0.0.1:4173). Screenshots go to
 * tests/artifacts/ (gitignored).
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Frame, type FrameLocator, type Page } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';
import { serveStatic, type StaticServer } from './fixtures/static-server';
import { slideFigures, slideTimeMs } from './fixtures/slide';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** 5 members, n1 killed at 3 s, shown at 6 s. */
const PAYLOAD = encodeLink({
	scenario: validateScenario({ version: 1, seed: 7, cluster: { size: 5 }, untilMs: 3_600_000 }),
	actions: [{ do: 'kill', node: 1, atMs: 3000 }],
	atMs: 6000,
	view: {}
});

/** slide frames: 16:9 slides and a small one in a slide's corner */
const SLIDES = [
	{ width: 960, height: 540 },
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 },
	{ width: 480, height: 270 }
] as const;

const SIZES = [
	{ width: 320, height: 180 },
	{ width: 640, height: 360 },
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 }
] as const;

/** The app's origin and base (http://127.0.0.1:4173/<base>/), from the config's baseURL. */
function appRoot(): string {
	const base = test.info().project.use.baseURL;
	if (!base) throw new Error('no baseURL');
	return base;
}

/** Words of one member drawn over another member's words or circle (their names), in the frame. */
async function membersApart(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const out: string[] = [];
		const nodes = [...document.querySelectorAll('[data-testid^="node-"]')];
		const boxes = nodes.map((g) => ({
			id: g.getAttribute('data-testid'),
			parts: [
				...[...g.querySelectorAll('text, circle.body')].filter((e) => (e.textContent?.trim() || e.tagName === 'circle') && e.getClientRects().length > 0).map((e) => ({ what: e.textContent?.trim() || 'circle', r: e.getBoundingClientRect() })),
				// a leader's crown (its term inside it)
				...[...g.querySelectorAll('.crown')].map((e) => ({ what: 'crown', r: e.getBoundingClientRect() }))
			]
		}));
		for (const a of boxes)
			for (const b of boxes) {
				if (a.id === b.id) continue;
				for (const p of a.parts) for (const q of b.parts) if (p.what !== 'circle' && p.what !== 'crown' && p.r.left < q.r.right - 0.5 && q.r.left < p.r.right - 0.5 && p.r.top < q.r.bottom - 0.5 && q.r.top < p.r.bottom - 0.5) out.push(`${a.id} "${p.what}" over ${b.id} ${q.what}`);
			}
		return out;
	});
}

async function simTime(scope: Page | FrameLocator): Promise<string> {
	return (await scope.getByTestId('sim-time').textContent()) ?? '';
}

test.describe('embed route', () => {
	// a corner of a slide: a member's card and the console take the frame's width (beside the
	// picture, at 42% of 480 px, the card's columns and the console's prompt were cut)
	test('480x270: a member\'s card and the console fit the frame, the prompt on screen', async ({ page }) => {
		await page.setViewportSize({ width: 480, height: 270 });
		await page.goto(`embed/?controls=minimal&autoplay=0#${PAYLOAD}`);
		await page.getByTestId('node-2').locator('circle.body').click();
		await expect(page.getByTestId('inspector')).toBeVisible();
		const wide = (sel: string) => page.locator(sel).evaluate((e) => e.scrollWidth - e.clientWidth);
		expect(await wide('.aside'), 'the card cut sideways').toBeLessThanOrEqual(0);
		await page.screenshot({ path: `${artifacts}screens/slide-480x270-card.png` });
		await page.keyboard.press('Escape');
		await page.mouse.move(240, 260);
		await page.getByTestId('slide-console-toggle').click();
		await expect(page.getByTestId('slide-console')).toBeVisible();
		expect(await wide('.aside'), 'the console cut sideways').toBeLessThanOrEqual(0);
		await expect(page.getByTestId('console-input')).toBeInViewport({ ratio: 1 });
		await page.screenshot({ path: `${artifacts}screens/slide-480x270-console.png` });
	});

	for (const size of SIZES) {
		test(`fits a ${size.width}x${size.height} frame without site chrome or page scrollbars`, async ({ page }) => {
			await page.setViewportSize(size);
			await page.goto(`embed/?controls=minimal#${PAYLOAD}`);
			await expect(page.getByTestId('node-5')).toBeAttached();
			await expect(page.getByTestId('node-1')).toHaveAttribute('data-role', 'down');
			await expect(page.locator('header.site')).toHaveCount(0);
			await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
			const overflow = await page.evaluate(() => {
				const d = document.documentElement;
				return { x: d.scrollWidth - window.innerWidth, y: d.scrollHeight - window.innerHeight };
			});
			expect(overflow.x).toBeLessThanOrEqual(0);
			expect(overflow.y).toBeLessThanOrEqual(0);
			await expect(page.getByTestId('embed-open-full')).toBeVisible();
			await page.screenshot({ path: `${artifacts}embed-${size.width}x${size.height}.png` });
		});
	}

	// slide mode: the picture fills the frame, nothing scrolls, for every controls value; big labels on a 960x540 slide
	for (const size of SLIDES) {
		test(`slide ${size.width}x${size.height}: nothing scrolls with controls=none, minimal or full; the members are never covered`, async ({ page }) => {
			await page.setViewportSize(size);
			for (const controls of ['none', 'minimal', 'full'] as const) {
				await page.goto(`embed/?controls=${controls}&autoplay=0#${PAYLOAD}`);
				await expect(page.getByTestId('node-5')).toBeVisible();
				await expect(page.getByTestId('embed-q-line')).toBeVisible();
				await expect(page.getByTestId('slide-narration')).toBeVisible();
				// the controls appear on hover (and on focus)
				if (controls !== 'none') {
					await page.mouse.move(size.width / 2, size.height / 2);
					await expect(page.getByTestId('slide')).toHaveAttribute('data-overlay', 'true');
					// the narration line the shown controls cover is told on their first row
					const said = ((await page.getByTestId('slide-narration').locator('.text').textContent()) ?? '').trim();
					await expect(page.getByTestId('slide-controls-line')).toBeInViewport();
					await expect(page.getByTestId('slide-controls-line')).toContainText(said);
				}
				const fig = await slideFigures(page);
				console.log(`embed ${size.width}x${size.height} controls=${controls}: smallest member label ${fig.minLabelPx} px (${fig.minLabel}), scrollHeight ${fig.scrollHeight}`);
				expect(fig.scrollHeight, controls).toBe(size.height);
				expect(fig.scrollWidth, controls).toBe(size.width);
				expect(fig.innerScrollers, controls).toEqual([]);
				if (size.width === 960) expect(fig.minLabelPx, controls).toBeGreaterThanOrEqual(18);
				// a corner of a slide: at least 13 px (11.3 before), and no member's words over another member's
				if (size.width === 480) expect(fig.minLabelPx, controls).toBeGreaterThanOrEqual(13);
				expect(await membersApart(page), controls).toEqual([]);
				// no member under the verdict, the narration line or the controls (shown now)
				const bands = await page.locator('.band, [data-testid="slide-controls"]').evaluateAll((els) =>
					els.map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => ({ top: r.top, bottom: r.bottom }))
				);
				for (let n = 1; n <= 5; n++) {
					const box = await page.getByTestId(`node-${n}`).locator('circle.body').boundingBox();
					if (!box) throw new Error(`node-${n} has no box`);
					for (const b of bands) expect(box.y >= b.bottom - 0.5 || box.y + box.height <= b.top + 0.5, `node-${n} under a band (${controls})`).toBe(true);
				}
				// controls=none: nothing to press and no orphan labels ("Show heartbeats" with no checkbox)
				if (controls === 'none') {
					await expect(page.locator('.qp-embed button, .qp-embed input, .qp-embed select, .qp-embed label')).toHaveCount(0);
					await expect(page.getByText('Show heartbeats')).toHaveCount(0);
					await expect(page.getByTestId('sim-time')).toHaveCount(0);
				}
				await page.mouse.move(0, 0);
			}
		});
	}

	// the usual teaching moment on a slide: a 3 | 2 split with the console's member atop the side of
	// three (its sides flattened to 0.72, '(your etcdctl)' ran into the two members below it)
	test('slide 960x540 and 1280x720: a split of five, every member\'s words clear of the others', async ({ page }) => {
		const split = encodeLink({
			scenario: validateScenario({ version: 1, seed: 1, cluster: { size: 5 }, untilMs: 3_600_000 }),
			actions: [
				{ do: 'kill', node: 1, atMs: 2000 },
				{ do: 'partition', groups: [[1, 2, 3], [4, 5]], atMs: 3000 }
			],
			atMs: 4000,
			view: {}
		});
		for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }]) {
			await page.setViewportSize(size);
			await page.goto(`embed/?controls=minimal&autoplay=0#${split}`);
			await expect(page.getByTestId('node-1')).toHaveAttribute('data-role', 'down');
			await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
			await page.waitForTimeout(600);
			await page.screenshot({ path: `${artifacts}screens/slide-split-${size.width}x${size.height}.png` });
			expect(await membersApart(page), `${size.width}x${size.height}`).toEqual([]);
			if (size.width === 960) expect((await slideFigures(page)).minLabelPx).toBeGreaterThanOrEqual(18);
		}
	});

	// the default slide after its first election: the words under the top member ('(your etcdctl)')
	// clear of the crown over a member below (at 480x270 they touched: the ring widens into the frame)
	test('slide 480x270, 960x540 and 1280x720: three members and a leader, the top member\'s words clear of the crown', async ({ page }) => {
		for (const size of [{ width: 480, height: 270 }, { width: 960, height: 540 }, { width: 1280, height: 720 }]) {
			await page.setViewportSize(size);
			await page.goto(`embed/?controls=minimal&autoplay=1`);
			await expect(page.locator('[data-testid^="crown-"]')).toHaveCount(1, { timeout: 10_000 });
			await page.waitForTimeout(300);
			expect(await membersApart(page), `${size.width}x${size.height}`).toEqual([]);
		}
	});

	// a link's moment comes with what led to it: the latest narrated event at or before it, whatever the controls
	// (with minimal and full the line read 'Nothing yet: press Play.')
	test('slide: the narration line tells the latest event before the link\'s moment with controls=none, minimal and full', async ({ page }) => {
		// twelve page loads, each replaying the link to 6 s (33 s on a loaded machine, over the 30-s default)
		test.setTimeout(120_000);
		// the leader (n2 with seed 7) killed at 3 s, shown at 6 s: n3 has been elected meanwhile
		const killedLeader = encodeLink({
			scenario: validateScenario({ version: 1, seed: 7, cluster: { size: 5 }, untilMs: 3_600_000 }),
			actions: [{ do: 'kill', node: 2, atMs: 3000 }],
			atMs: 6000,
			view: {}
		});
		for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }])
			for (const controls of ['none', 'minimal', 'full'] as const)
				for (const lang of ['en', 'ko'] as const) {
					await page.setViewportSize(size);
					await page.goto(`embed/?controls=${controls}&autoplay=0&lang=${lang}#${killedLeader}`);
					await expect(page.getByTestId('node-5')).toBeVisible();
					const line = page.getByTestId('slide-narration');
					await expect(line).toContainText('n3');
					await expect(line, `${controls} ${lang}`).not.toHaveClass(/empty/);
					await expect(line.locator('.at')).toHaveText(lang === 'ko' ? /^\d+\.\d초$/ : /^\d+\.\d s$/);
					const at = parseFloat((await line.locator('.at').textContent()) ?? '');
					expect(at, `${controls} ${lang}`).toBeGreaterThanOrEqual(3);
					expect(at, `${controls} ${lang}`).toBeLessThanOrEqual(6);
					if (size.width === 960) await page.screenshot({ path: `${artifacts}screens/embed-narration-960-${lang}-${controls}.png` });
				}
	});

	test('slide screenshots: 960x540, 1280x720 and 480x270, English and Korean, light and dark', async ({ page }) => {
		// twelve page loads, each waiting for the live app, and fifteen screenshots
		test.setTimeout(120_000);
		for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }, { width: 480, height: 270 }]) {
			await page.setViewportSize(size);
			for (const lang of ['en', 'ko'] as const)
				for (const theme of ['light', 'dark'] as const) {
					await page.goto(`embed/?controls=minimal&autoplay=0&lang=${lang}&theme=${theme}#${PAYLOAD}`);
					await expect(page.getByTestId('node-5')).toBeVisible();
					await expect(page.locator('html')).toHaveAttribute('lang', lang);
					await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
					// the narration's time in the slide's language ("3.0 s", "3.0초"; Korean read "3.0 s")
					const at = page.getByTestId('slide-narration').locator('.at');
					if ((await at.count()) > 0) await expect(at).toHaveText(lang === 'ko' ? /^\d+\.\d초$/ : /^\d+\.\d s$/);
					await page.waitForTimeout(300);
					await page.screenshot({ path: `${artifacts}slide-${size.width}x${size.height}-${lang}-${theme}.png` });
				}
			// the controls shown (hover), in Korean
			await page.mouse.move(size.width / 2, size.height / 2);
			await expect(page.getByTestId('slide')).toHaveAttribute('data-overlay', 'true');
			await page.waitForTimeout(250);
			await page.screenshot({ path: `${artifacts}slide-${size.width}x${size.height}-ko-dark-controls.png` });
			await page.mouse.move(0, 0);
		}
	});

	test('a slide that has not started shows its own Play in the narration line (the controls hidden, a pointer does not raise them over it); it starts the run', async ({ page }) => {
		await page.setViewportSize({ width: 960, height: 540 });
		for (const [lang, play] of [['en', 'Play'], ['ko', '재생']] as const) {
			await page.goto(`embed/?controls=full&autoplay=0&lang=${lang}`);
			await expect(page.getByTestId('node-3')).toBeVisible();
			const start = page.getByTestId('slide-start');
			await expect(start).toBeVisible();
			await expect(start).toContainText(play);
			await expect(page.getByTestId('slide-controls')).not.toHaveClass(/shown/);
			// the button lies clear of every member
			const b = (await start.boundingBox())!;
			for (const id of [1, 2, 3]) {
				const m = (await page.getByTestId(`node-${id}`).boundingBox())!;
				expect(b.y >= m.y + m.height || b.y + b.height <= m.y || b.x >= m.x + m.width || b.x + b.width <= m.x, `n${id}`).toBe(true);
			}
			if (lang === 'en') {
				// a mouse coming to it leaves it where it is, uncovered (the controls rose over it and
				// took the click), and clicks it
				await page.mouse.move(b.x + b.width / 2, b.y - 40, { steps: 4 });
				await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
				await expect(page.getByTestId('slide')).toHaveAttribute('data-overlay', 'false');
				await page.mouse.down();
				await page.mouse.up();
			} else {
				// from the keyboard
				await start.focus();
				await page.keyboard.press('Enter');
			}
			await expect.poll(() => slideTimeMs(page)).toBeGreaterThan(0);
			await expect(page.getByTestId('slide-narration')).toContainText(/n\d/);
			await expect(start).toHaveCount(0);
		}
	});

	test('presenter keys in the frame: Space plays and pauses, → and ← go from event to event', async ({ page }) => {
		await page.setViewportSize({ width: 960, height: 540 });
		await page.goto(`embed/?autoplay=0#${PAYLOAD}`);
		await expect(page.getByTestId('node-5')).toBeVisible();
		expect(await slideTimeMs(page)).toBe(6000);
		await page.keyboard.press('Space');
		await expect(page.getByTestId('pause')).toBeAttached();
		await page.keyboard.press('Space');
		await expect(page.getByTestId('play')).toBeAttached();
		// ← to the previous event: the kill at 3 s is among the stops before 6 s
		let t = await slideTimeMs(page);
		const seen: number[] = [];
		for (let i = 0; i < 8 && t > 3000; i++) {
			await page.keyboard.press('ArrowLeft');
			await expect.poll(() => slideTimeMs(page)).toBeLessThan(t);
			t = await slideTimeMs(page);
			seen.push(t);
		}
		expect(seen).toContain(3000);
		await expect(page.getByTestId('node-1')).toHaveAttribute('data-role', 'down');
		// → to the next one (a stop after the kill, no further than where the run had been)
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slideTimeMs(page)).toBeGreaterThan(3000);
	});

	test('panels pick what the slide shows; an opened card never covers a member; focus shows the controls', async ({ page }) => {
		await page.setViewportSize({ width: 960, height: 540 });
		// the picture alone
		await page.goto(`embed/?panels=cluster&controls=none#${PAYLOAD}`);
		await expect(page.getByTestId('node-5')).toBeVisible();
		await expect(page.getByTestId('embed-q-line')).toHaveCount(0);
		await expect(page.getByTestId('slide-narration')).toHaveCount(0);
		expect((await slideFigures(page)).scrollHeight).toBe(540);

		// controls=full: the console and a member's inspector open beside the picture, not over it
		await page.goto(`embed/?controls=full&autoplay=0#${PAYLOAD}`);
		await expect(page.getByTestId('node-5')).toBeVisible();
		// the full time bar keeps to one row under the controls' first (its words wrapped it to two,
		// 119 px of controls, and the picture kept clear of them lost 100 px): Step and Back show signs
		// and keep their names
		const ctl = await page.getByTestId('slide-controls').boundingBox();
		expect(ctl?.height ?? 999).toBeLessThan(90);
		// one "next" in the slide: its own ▶| steps the story (the time bar's →| stepped one engine
		// event, a second "next" on the same key)
		await expect(page.getByTestId('slide-controls').getByRole('button', { name: 'Step to next event' })).toHaveCount(0);
		await expect(page.getByTestId('slide-controls').locator('[aria-keyshortcuts="ArrowRight"]')).toHaveCount(1);
		await expect(page.getByTestId('slide-controls').getByRole('button', { name: 'Back to the link’s start' })).toHaveCount(1);
		const noneCovered = async (card: string) => {
			const c = await page.getByTestId(card).boundingBox();
			if (!c) throw new Error(`${card} has no box`);
			for (let n = 1; n <= 5; n++) {
				const b = await page.getByTestId(`node-${n}`).locator('circle.body').boundingBox();
				if (!b) throw new Error(`node-${n} has no box`);
				expect(b.x + b.width <= c.x + 0.5 || b.x >= c.x + c.width - 0.5, `node-${n} under ${card}`).toBe(true);
			}
		};
		// keyboard: Tab reaches the controls and shows them
		for (let i = 0; i < 12 && !(await page.getByTestId('slide-controls').evaluate((el) => el.contains(document.activeElement))); i++) await page.keyboard.press('Tab');
		await expect(page.getByTestId('slide')).toHaveAttribute('data-overlay', 'true');
		await page.getByTestId('slide-console-toggle').click();
		await expect(page.getByTestId('slide-console')).toBeVisible();
		await noneCovered('slide-console');
		await page.getByTestId('node-3').click();
		await expect(page.getByTestId('inspector')).toBeVisible();
		await expect(page.getByTestId('slide-console')).toHaveCount(0);
		await noneCovered('inspector');
		const fig = await slideFigures(page);
		expect(fig.scrollHeight).toBe(540);
		await page.screenshot({ path: `${artifacts}slide-960x540-full-inspector.png` });
		await page.keyboard.press('Escape');
		await expect(page.getByTestId('inspector')).toHaveCount(0);
	});

	test('a 320x180 frame gets the compact layout: slim toolbar, the cluster filling the rest, nothing scrolls', async ({ page }) => {
		await page.setViewportSize({ width: 320, height: 180 });
		await page.goto(`embed/?controls=minimal#${PAYLOAD}`);
		await expect(page.getByTestId('node-5')).toBeVisible();
		// the toolbar (on hover): an icon button with an accessible name, the time, the status line, the link
		await page.mouse.move(160, 90);
		await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
		await expect(page.getByTestId('sim-time')).toContainText('6.000');
		await expect(page.getByTestId('embed-q-line')).toBeVisible();
		await expect(page.getByTestId('embed-open-full')).toBeVisible();
		await expect(page.getByTestId('embed-open-full')).toHaveAccessibleName(/Open in the full playground/);
		// the other panels are hidden
		await expect(page.getByTestId('timeline')).toHaveCount(0);
		await expect(page.locator('.panel.console')).toBeHidden();
		await page.mouse.move(0, 0);
		for (let n = 1; n <= 5; n++) {
			const box = await page.getByTestId(`node-${n}`).locator('circle.body').boundingBox();
			expect(box, `node-${n}`).not.toBeNull();
			if (!box) continue;
			expect(box.width).toBeGreaterThanOrEqual(20);
			expect(box.height).toBeGreaterThanOrEqual(20);
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.y).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(320);
			expect(box.y + box.height).toBeLessThanOrEqual(180);
		}
		const fig = await slideFigures(page);
		expect(fig.scrollHeight).toBe(180);
		expect(fig.scrollWidth).toBe(320);
		expect(fig.innerScrollers).toEqual([]);
		// keyboard: the play button shows a visible focus ring
		await page.getByRole('button', { name: 'Play' }).focus();
		const outline = await page.getByRole('button', { name: 'Play' }).evaluate((el) => getComputedStyle(el).outlineStyle);
		expect(outline).not.toBe('none');
	});

	test('"open in the full playground" carries the same state to a new tab', async ({ page }) => {
		await page.goto(`embed/#${PAYLOAD}`);
		const open = page.getByTestId('embed-open-full');
		await expect(open).toHaveAttribute('target', '_blank');
		await expect(open).toHaveAttribute('rel', /noopener/);
		const href = (await open.getAttribute('href')) ?? '';
		expect(href).toBe(`${new URL('../', page.url()).href.replace(/#.*$/, '')}#${PAYLOAD}`);
	});

	test('lang=ko shows Korean; controls=none hides every button', async ({ page }) => {
		await page.goto(`embed/?lang=ko&controls=none#${PAYLOAD}`);
		await expect(page.getByRole('heading', { name: '클러스터' })).toBeAttached();
		await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
		await expect(page.getByTestId('node-3')).toBeVisible();
		await expect(page.getByTestId('embed-q-line')).toContainText('쓰기');
		await expect(page.getByTestId('sim-time')).toHaveCount(0);
		await expect(page.locator('.qp-embed button')).toHaveCount(0);
		await expect(page.getByText('전체 플레이그라운드에서 열기')).toBeVisible();
	});

	test('theme=dark sets the dark theme', async ({ page }) => {
		await page.goto(`embed/?theme=dark#${PAYLOAD}`);
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	});

	test('autoplay=0 stays paused at the link moment; autoplay=1 and a bare autoplay run', async ({ page }) => {
		await page.goto(`embed/?autoplay=0#${PAYLOAD}`);
		await expect(page.getByTestId('sim-time')).toContainText('6.000');
		await page.waitForTimeout(800);
		await expect(page.getByTestId('sim-time')).toContainText('6.000');
		await expect(page.getByTestId('play')).toBeVisible();

		await page.goto(`embed/?autoplay=1#${PAYLOAD}`);
		await expect(page.getByTestId('pause')).toBeVisible();
		await expect.poll(() => simTime(page)).not.toContain('6.000');

		// a bare flag, as HTML writes one: it plays, and no "Ignored embed options" on the slide
		await page.goto('about:blank');
		await page.goto(`embed/?autoplay&controls=minimal#${PAYLOAD}`);
		await expect(page.getByTestId('pause')).toBeVisible();
		await expect.poll(() => simTime(page)).not.toContain('6.000');
		await expect(page.getByText('Ignored embed options')).toHaveCount(0);
	});

	test('a broken or missing hash shows a clear message and a working default cluster', async ({ page }) => {
		for (const hash of ['#q1.AAAA', '#q9.xyz~', '#<img src=x onerror=alert(1)>', '']) {
			await page.goto(`embed/?autoplay=1${hash}`);
			await expect(page.getByTestId('embed-problem')).toBeVisible();
			await expect(page.getByTestId('embed-problem')).toContainText('default 3-member cluster');
			// a link without a scenario is said plainly (no fault); a broken one is an error
			await expect(page.getByTestId('embed-problem')).toHaveAttribute('data-kind', hash === '' ? 'note' : 'error');
			await expect(page.getByTestId('node-3')).toBeAttached();
			await expect(page.getByTestId('node-4')).toHaveCount(0);
			await expect(page.locator('.qp-embed img')).toHaveCount(0);
			// a working cluster: it elects a leader
			await expect(page.getByTestId('embed-q-line')).toContainText(/leader n[123]/, { timeout: 15_000 });
			expect((await slideFigures(page)).scrollHeight).toBe(await page.evaluate(() => window.innerHeight));
		}
		// in Korean, the message is Korean from its first word (the language is set after the link is read)
		for (const hash of ['', '#q1.AAAA']) {
			await page.goto(`embed/?lang=ko${hash}`);
			const problem = page.getByTestId('embed-problem');
			await expect(problem).toContainText('멤버 3개짜리 기본 클러스터');
			await expect(problem).not.toContainText('default 3-member cluster');
			if (hash === '') await expect(problem).not.toContainText(/[A-Za-z]{4,}/);
		}
		await page.goto('embed/?controls=bogus#q1.');
		await expect(page.getByTestId('embed-option-problem')).toContainText('controls');
	});

	// a 480x270 frame: a broken link is said in two lines at most, its detail in the tooltip (the
	// reason and the detail took three lines of the frame's 270 px)
	test('480x270: a broken link in two lines, the detail in its tooltip', async ({ page }) => {
		await page.setViewportSize({ width: 480, height: 270 });
		await page.goto('embed/#Q4.garbage');
		const problem = page.getByTestId('embed-problem');
		await expect(problem).toContainText('default 3-member cluster');
		const lines = await problem.evaluate((el) => {
			const cs = getComputedStyle(el);
			return el.getBoundingClientRect().height / (parseFloat(cs.lineHeight) || 1.2 * parseFloat(cs.fontSize));
		});
		expect(lines, 'lines of the message').toBeLessThanOrEqual(2.05);
		const title = (await problem.getAttribute('title')) ?? '';
		expect(title.length, 'the tooltip says more than the line').toBeGreaterThan((await problem.innerText()).length - 'Showing a default 3-member cluster instead.'.length);
		await page.screenshot({ path: `${artifacts}embed-badlink-480x270.png` });
	});
});

test.describe('embed in a host page', () => {
	let host: StaticServer;
	// served for real (a page.route()-fulfilled host counts as a public page, which may not frame loopback)
	const files: Record<string, string> = {};
	test.beforeAll(async () => {
		host = await serveStatic(files);
	});
	test.afterAll(async () => {
		await host.close();
	});

	/** A host page on http://localhost:PORT framing the app at 127.0.0.1, recording messages from it. */
	async function openHost(page: Page, embedPath: string, size: { width: number; height: number } = { width: 640, height: 360 }): Promise<{ frame: FrameLocator; child: Frame }> {
		const src = new URL(embedPath, appRoot()).href;
		const html = `<!doctype html><html><head><title>host</title></head><body style="margin:0">
<p id="keys">keys:</p>
<iframe id="qp" src="${src}" width="${size.width}" height="${size.height}" style="border:0" title="Quorum Playground"></iframe>
<script>
window.messages = [];
window.addEventListener('message', (e) => { if (e.data && e.data.source === 'quorum-playground') window.messages.push(e.data); });
document.addEventListener('keydown', (e) => { document.getElementById('keys').textContent += ' ' + e.key; });
window.send = (m) => document.getElementById('qp').contentWindow.postMessage(m, '*');
</script></body></html>`;
		const name = `/host-${Math.random().toString(36).slice(2)}.html`;
		files[name] = html;
		await page.goto(`${host.origin}${name}`);
		const frame = page.frameLocator('#qp');
		await expect(frame.getByTestId('node-1')).toBeAttached();
		const child = page.frames().find((f) => f.url().startsWith(src.split('#')[0]));
		if (!child) throw new Error('no embed frame');
		return { frame, child };
	}

	test('a cross-origin host frames it at slide sizes; keys stay with the host until the frame is clicked', async ({ page }) => {
		for (const size of SIZES) {
			const { frame, child } = await openHost(page, `embed/?controls=minimal#${PAYLOAD}`, size);
			expect(new URL(child.url()).origin).not.toBe(new URL(page.url()).origin);
			await expect(frame.locator('header.site')).toHaveCount(0);
			await expect(frame.getByTestId('node-5')).toBeAttached();
			const overflow = await child.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
			expect(overflow).toBeLessThanOrEqual(0);
			await page.screenshot({ path: `${artifacts}embed-host-${size.width}x${size.height}.png` });
		}
		await page.keyboard.press('ArrowRight');
		await expect(page.locator('#keys')).toContainText('ArrowRight');
		expect(await child0Focus(page)).toBe(false);
	});

	test('postMessage: play, pause and getState work; messages of the wrong shape are ignored', async ({ page }) => {
		const { frame } = await openHost(page, `embed/?autoplay=0#${PAYLOAD}`);
		const messages = () => page.evaluate(() => (window as unknown as { messages: Record<string, unknown>[] }).messages);
		const send = (m: unknown) => page.evaluate((msg) => (window as unknown as { send(m: unknown): void }).send(msg), m);

		// the first state message arrives on load: paused at 6 s, n1 is down, a leader among the others
		await expect.poll(async () => (await messages()).length).toBeGreaterThan(0);
		const first = (await messages())[0];
		expect(first).toMatchObject({ source: 'quorum-playground', type: 'state', playing: false, nowMs: 6000 });
		expect(typeof first.canCommit).toBe('boolean');

		for (const bad of [
			'play',
			{ type: 'play' },
			{ source: 'quorum-playground', type: 'play', extra: 1 },
			{ source: 'quorum-playground', type: 'PLAY' },
			{ source: 'other', type: 'play' },
			['quorum-playground', 'play'],
			{ source: 'quorum-playground', type: { toString: null } },
			null
		]) {
			await send(bad);
		}
		await page.waitForTimeout(500);
		await expect(frame.getByTestId('sim-time')).toContainText('6.000');
		expect((await messages()).some((m) => m.playing === true)).toBe(false);

		await send({ source: 'quorum-playground', type: 'play' });
		await expect.poll(async () => (await messages()).some((m) => m.playing === true)).toBe(true);
		await expect(frame.getByTestId('sim-time')).not.toContainText('6.000');

		await send({ source: 'quorum-playground', type: 'pause' });
		await expect.poll(async () => (await messages()).at(-1)?.playing).toBe(false);
		const pausedAt = await simTime(frame);
		await page.waitForTimeout(400);
		expect(await simTime(frame)).toBe(pausedAt);

		const before = (await messages()).length;
		await send({ source: 'quorum-playground', type: 'getState' });
		await expect.poll(async () => (await messages()).length).toBeGreaterThan(before);
		expect((await messages()).at(-1)).toMatchObject({ type: 'state', playing: false });

		await send({ source: 'quorum-playground', type: 'reset' });
		await expect(frame.getByTestId('sim-time')).toContainText('6.000');
		await expect.poll(async () => (await messages()).at(-1)?.nowMs).toBe(6000);
	});
});

/** Whether the host page's focus went into the iframe. */
function child0Focus(page: Page): Promise<boolean> {
	return page.evaluate(() => document.activeElement?.tagName === 'IFRAME');
}
