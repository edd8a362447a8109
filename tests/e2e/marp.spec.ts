/**
 * A real Marp deck (@marp-team/marp-cli --html) with the embed on its middle slide, served from
 * http://localhost:PORT while the app runs at http://127.0.0.1:4173: the cluster renders in the
 * iframe, the arrow keys change slides until the viewer clicks into the frame, then the frame gets them.
 * Also: a build under a sub-path (BASE_PATH=/quorum) serves every page with its assets.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';
import { serveStatic, type StaticServer } from './fixtures/static-server';
import { slideFigures, slideTimeMs } from './fixtures/slide';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = fileURLToPath(new URL('../artifacts/marp/', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const PAYLOAD = encodeLink({
	scenario: validateScenario({ version: 1, seed: 3, cluster: { size: 3 }, untilMs: 3_600_000 }),
	actions: [],
	atMs: 3000,
	view: {}
});

test.describe('a Marp deck with the embed', () => {
	test.describe.configure({ timeout: 60_000 });
	let deck: StaticServer;

	test.beforeAll(async () => {
		test.setTimeout(60_000);
		const base = test.info().project.use.baseURL;
		if (!base) throw new Error('no baseURL');
		const src = `${base}embed/?controls=minimal&autoplay=0#${PAYLOAD}`;
		await mkdir(work, { recursive: true });
		const md = (await readFile(`${root}tests/e2e/fixtures/deck.md`, 'utf8')).replace('EMBED_URL', src.replace(/&/g, '&amp;'));
		await writeFile(`${work}deck.md`, md);
		// --html: Marp drops raw HTML (the iframe) without it; --no-stdin: do not wait for input on a pipe
		await run(process.execPath, [`${root}node_modules/@marp-team/marp-cli/marp-cli.js`, '--no-stdin', '--html', `${work}deck.md`, '-o', `${work}deck.html`], { cwd: root, timeout: 45_000 });
		deck = await serveStatic({ '/': await readFile(`${work}deck.html`, 'utf8') });
	});
	test.afterAll(async () => {
		await deck?.close();
	});

	test('the cluster renders in the slide; arrows change slides until the frame is clicked', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.goto(`${deck.origin}/`);
		await expect(page.locator('svg[data-marpit-svg].bespoke-marp-active')).toHaveCount(1);
		const slide = () => page.evaluate(() => location.hash);

		await page.keyboard.press('ArrowRight');
		await expect.poll(slide).toBe('#2');
		const frame = page.frameLocator('iframe[title="Quorum Playground"]');
		await expect(frame.getByTestId('node-3')).toBeVisible();
		await expect(frame.getByTestId('embed-q-line')).toContainText(/n[123]/);
		const child0 = page.frames().find((f) => f.url().includes('/embed/'));
		if (!child0) throw new Error('no embed frame');
		// the 960x540 frame on a 1280x720 slide: nothing scrolls, the members' words are large
		const fig = await slideFigures(child0);
		console.log(`marp 960x540 frame: smallest member label ${fig.minLabelPx} px (${fig.minLabel}), scrollHeight ${fig.scrollHeight} of ${fig.innerHeight}`);
		expect(fig.scrollHeight).toBe(fig.innerHeight);
		expect(fig.innerScrollers).toEqual([]);
		expect(fig.minLabelPx).toBeGreaterThanOrEqual(18);
		await page.screenshot({ path: `${artifacts}marp-slide-2.png` });

		// the frame has not been clicked: the deck keeps its keys
		await page.keyboard.press('ArrowRight');
		await expect.poll(slide).toBe('#3');
		await page.keyboard.press('ArrowLeft');
		await expect.poll(slide).toBe('#2');
		expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');

		// click into the frame (on the picture, away from the members): now it gets the keys
		const child = page.frames().find((f) => f.url().includes('/embed/'));
		if (!child) throw new Error('no embed frame');
		await child.evaluate(() => {
			const w = window as unknown as { keys: string[] };
			w.keys = [];
			window.addEventListener('keydown', (e) => w.keys.push(e.key));
		});
		await page.locator('iframe[title="Quorum Playground"]').click({ position: { x: 12, y: 270 } });
		const before = await slideTimeMs(child);
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => child.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual(['ArrowRight']);
		// the presenter's → went to the next event (or one engine event on): the frame's time moved, the slide did not
		await expect.poll(() => slideTimeMs(child)).not.toBe(before);
		expect(await slide()).toBe('#2');
		await page.screenshot({ path: `${artifacts}marp-slide-2-stepped.png` });
	});
});

test.describe('hosting under a sub-path', () => {
	test.describe.configure({ timeout: 120_000 });

	test('BASE_PATH=/quorum: every page is served with its scripts and styles', async ({ page }) => {
		const out = fileURLToPath(new URL('../artifacts/subpath/build', import.meta.url));
		await rm(fileURLToPath(new URL('../artifacts/subpath/', import.meta.url)), { recursive: true, force: true });
		await run(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', 'src/vite.config.ts', '--logLevel', 'error'], {
			cwd: root,
			env: { ...process.env, BASE_PATH: '/quorum', BUILD_DIR: out, NO_COLOR: '1' },
			timeout: 110_000
		});
		// serve the build at /quorum/ (as GitHub Pages serves a project site); nothing at /
		const site = await serveStatic({}, out, '/quorum');
		try {
			const pages = ['/'];
			for (const dir of ['lab', 'exercises', 'embed']) {
				if ((await readdir(out)).includes(dir)) pages.push(`/${dir}/`);
			}
			expect(pages).toContain('/embed/');
			for (const p of pages) {
				const failed: string[] = [];
				page.on('response', (res) => {
					if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
				});
				const res = await page.goto(`${site.origin}/quorum${p}`);
				expect(res?.status(), p).toBe(200);
				await page.waitForLoadState('networkidle');
				const assets = await page.evaluate(() => [...document.querySelectorAll('link[href],script[src]')].map((e) => (e as HTMLLinkElement).href || (e as HTMLScriptElement).src));
				expect(assets.some((a) => a.includes('/quorum/_app/')), p).toBe(true);
				expect(failed, p).toEqual([]);
				await expect(page.locator('main, [data-testid="embed"]').first()).toBeVisible();
			}
		} finally {
			await site.close();
		}
	});
});
