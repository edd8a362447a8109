import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './live';
import { leaderOf, openTab, pause, run } from './helpers';
import { encodeLink } from '../../src/lib/scenario/link';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

/** The client history drawn (Porcupine's style): a bar per request, one row per client, the order they took effect. */
test('the history tab draws each request as a bar with the order it took effect', async ({ page }, testInfo) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing (the playground starts playing)
	await leaderOf(page);
	const put = await run(page, 'put color blue');
	await expect(put.getByTestId('entry-output')).toHaveText('OK', { timeout: 30_000 });
	const get = await run(page, 'get color');
	await expect(get.getByTestId('entry-output')).toContainText('blue', { timeout: 30_000 });
	await pause(page);
	await openTab(page, 'history');
	const lanes = page.getByTestId('history-lanes');
	await expect(lanes).toBeVisible();
	const bars = lanes.getByTestId('lane-bar');
	await expect(bars).toHaveCount(2);
	await expect(bars.nth(0)).toHaveAttribute('data-order', '1');
	await expect(bars.nth(1)).toHaveAttribute('data-order', '2');
	await expect(lanes).toContainText('#2 get → blue');
	await lanes.screenshot({ path: testInfo.outputPath('history-lanes-en-1440x900.png') });
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const { violations } = await new AxeBuilder({ page }).include('[data-testid="history-lanes"]').analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	}
	await page.getByTestId('lang-ko').click();
	await expect(lanes).toContainText('클라이언트마다 한 줄');
});

// two puts wait on n1 (2 of 3 down) while a serializable read comes back: each waiting put has a row
// of its own (the second was drawn over the first), and the read's words, at the right edge, go
// before its bar (they ran out of the drawing: 'get -s →' and the value cut)
test('requests that overlap on one endpoint take rows of their own; words at the right edge stay in the drawing', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const link = encodeLink({
		scenario: playgroundScenario({ size: 3 }),
		actions: [
			{ do: 'put', node: 1, key: 'foo', value: 'a', atMs: 2000 },
			{ do: 'kill', node: 2, atMs: 2500 },
			{ do: 'kill', node: 3, atMs: 2500 },
			{ do: 'put', node: 1, key: 'foo', value: 'b', atMs: 3000 },
			{ do: 'put', node: 1, key: 'foo', value: 'c', atMs: 3500 },
			{ do: 'get', node: 1, key: 'foo', serializable: true, atMs: 4000 }
		],
		atMs: 6000,
		view: { lang: 'en' }
	});
	await page.goto(`./#${link}`);
	await expect(page.getByTestId('play')).toBeVisible();
	await openTab(page, 'history');
	const lanes = page.getByTestId('history-lanes');
	await expect(lanes.getByTestId('lane-bar')).toHaveCount(4);
	const rows = await lanes.evaluate((el) =>
		[...el.querySelectorAll('[data-testid="lane-bar"] rect')].map((r) => Math.round(Number(r.getAttribute('y'))))
	);
	// a and b share the first row (a came back before b was sent); c and the read each have their own
	expect(new Set(rows).size).toBe(3);
	const spill = await lanes.evaluate((el) => {
		const svg = el.querySelector('svg')!.getBoundingClientRect();
		return [...el.querySelectorAll('[data-testid="lane-bar"] text')]
			.map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
			.filter((x) => x.r.right > svg.right + 0.5 || x.r.left < svg.left - 0.5)
			.map((x) => x.text);
	});
	expect(spill).toEqual([]);
	await expect(lanes).toContainText('get -s → a');
});
