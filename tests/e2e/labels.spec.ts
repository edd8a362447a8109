/**
 * Message labels on the picture stay readable: a message lost at a partition's wall says "lost" in
 * words beside the wall (it was struck through, a tangle of lines on the wall), and no label runs
 * over a member's words ("(your etcdctl)", its role, its name) when the picture is flattened in a
 * wide, short frame. Screenshots: tests/artifacts/screens/labels-*.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';
import { splitLink } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.describe.configure({ timeout: 90_000 });

type Rect = { l: number; t: number; r: number; b: number };
const overlap = (a: Rect, b: Rect): boolean => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;

for (const lang of ['en', 'ko'] as const)
	test(`1440x900 ${lang}: a heartbeat lost at the wall reads "lost", not struck through, clear of the wall`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
		const page = await context.newPage();
		await page.goto(splitLink(lang, 'light'));
		await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
		const lost = page.locator('g.msg.dropped text.label:not([display="none"])');
		await expect(lost.first()).toBeVisible();
		await page.waitForTimeout(600); // the members move to their sides
		const shot = `${artifacts}labels-lost-1440x900-${lang}.png`;
		await page.screenshot({ path: shot });
		const seen = await page.evaluate(() => {
			const walls = [...document.querySelectorAll('.wall line')].map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, t: r.top, r: r.right, b: r.bottom }));
			return {
				walls,
				labels: [...document.querySelectorAll<SVGTextElement>('g.msg.dropped text.label')]
					.filter((e) => e.getAttribute('display') !== 'none')
					.map((e) => {
						const r = e.getBoundingClientRect();
						return { text: e.textContent ?? '', decoration: getComputedStyle(e).textDecorationLine, box: { l: r.left, t: r.top, r: r.right, b: r.bottom } };
					})
			};
		});
		expect(seen.walls.length, 'the wall').toBeGreaterThan(0);
		expect(seen.labels.length, 'a lost heartbeat labelled').toBeGreaterThan(0);
		for (const l of seen.labels) {
			expect(l.decoration, `"${l.text}" not struck through (${shot})`).toBe('none');
			expect(l.text, 'says it was lost').toMatch(lang === 'en' ? /^Heartbeat lost$/ : /^하트비트 유실$/);
			for (const w of seen.walls) expect(overlap(l.box, w), `"${l.text}" clear of the wall (${shot})`).toBe(false);
		}
		// the labels in the page's typeface: Korean set in a monospace font was spaced wide apart
		const fonts = await lost.evaluateAll((els) => els.map((e) => getComputedStyle(e).fontFamily));
		for (const f of fonts) expect(f, `a message label's typeface (${shot})`).not.toMatch(/mono/i);
		if (lang === 'ko') {
			// every word of the picture in Korean, the messages' shapes included (they carried English
			// letters V, P, A, H, R): no English left but a term's 't1' and a member's 'n2'
			const words = await page.locator('[data-testid="cluster-svg"] text').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0 && !e.closest('[display="none"]')).map((e) => e.textContent?.trim() ?? ''));
			const english = words.filter((w) => /[A-Za-z]/.test(w.replace(/\b[tn]\d+\b/g, '').replace(/\betcdctl\b/g, '')));
			expect(english, `English words in the Korean picture (${shot})`).toEqual([]);
			// the legend: no letter either
			const legend = await page.locator('.legend li').allTextContents();
			for (const l of legend) expect(l.trim(), 'a legend entry starts with its Korean name').not.toMatch(/^[A-Z]\b/);
		}
		await context.close();
	});

/**
 * Every frame for `ms` of wall time, and on (up to four times as long) until `minLabels` labels were
 * drawn, however few frames a busy machine paints: labels drawn over a member's words or circle.
 */
async function labelsOverMembers(page: Page, ms: number, minLabels: number): Promise<{ frames: number; labels: number; over: string[] }> {
	return page.evaluate(
		([ms, minLabels]) =>
			new Promise((done) => {
				const over: string[] = [];
				let frames = 0;
				let labels = 0;
				const start = performance.now();
				const rect = (e: Element) => {
					const r = e.getBoundingClientRect();
					return { l: r.left, t: r.top, r: r.right, b: r.bottom };
				};
				const hit = (a: ReturnType<typeof rect>, b: ReturnType<typeof rect>) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
				const frame = (t: number) => {
					frames++;
					const svg = document.querySelector('[data-testid="cluster-svg"]')!;
					const words = [...svg.querySelectorAll('[data-testid^="node-"] text.role, [data-testid^="node-"] text.you, [data-testid^="node-"] text.name, [data-testid^="node-"] circle.body')].map((e) => ({ what: e.textContent || e.getAttribute('class') || '', box: rect(e) }));
					for (const g of svg.querySelectorAll('g.msg')) {
						if (g.getAttribute('display') === 'none') continue;
						const l = g.querySelector('text.label')!;
						if (l.getAttribute('display') === 'none' || getComputedStyle(l).display === 'none') continue;
						labels++;
						const b = rect(l);
						for (const w of words) if (hit(b, w.box)) over.push(`"${l.textContent}" over ${w.what}`);
					}
					if (t - start < ms || (labels < minLabels && t - start < 4 * ms)) requestAnimationFrame(frame);
					else done({ frames, labels, over });
				};
				requestAnimationFrame(frame);
			}),
		[ms, minLabels] as const
	);
}

for (const vp of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
])
	for (const lang of ['en', 'ko'] as const)
		test(`${vp.width}x${vp.height} ${lang}: three members in a flattened picture, no label over "(your etcdctl)" or a member's words`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: vp, locale: lang });
			const page = await context.newPage();
			const three = playgroundScenario({ size: 3 });
			await page.goto(`./#${encodeLink({ scenario: three, actions: [{ do: 'load', node: 1, writesPerSec: 20, durationMs: 60_000, keys: 4, atMs: 0 }], atMs: 0, view: { lang } })}`);
			await expect(page.getByTestId('node-3')).toBeVisible();
			await page.getByTestId('play').click();
			const seen = await labelsOverMembers(page, 6000, 30);
			await page.screenshot({ path: `${artifacts}labels-three-${vp.width}x${vp.height}-${lang}.png` });
			test.info().annotations.push({ type: 'frames / labels drawn', description: `${seen.frames} / ${seen.labels}` });
			expect(seen.labels, 'labels were drawn').toBeGreaterThan(20);
			expect([...new Set(seen.over)], 'labels over members').toEqual([]);
			await context.close();
		});
