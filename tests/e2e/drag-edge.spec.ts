/**
 * A member dragged past the picture's edge stays drawn whole inside it (at 1280x720 a member
 * dragged to the right edge was cut in half), and dropping it there still splits the network.
 */
import { expect, test } from './live';
import { fileURLToPath } from 'node:url';
import { leaderOf } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

for (const vp of [
	{ width: 1280, height: 720 },
	{ width: 1440, height: 900 }
])
	test(`${vp.width}x${vp.height}: a member dragged past the picture's edge is drawn whole inside it`, async ({ page }) => {
		await page.setViewportSize(vp);
		await page.goto('./');
		await leaderOf(page);
		await page.getByTestId('pause').click();
		const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
		const body = page.getByTestId('node-2').locator('circle.body');
		const b = (await body.boundingBox())!;
		await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
		await page.mouse.down();
		await page.mouse.move(b.x + b.width / 2 + 12, b.y + b.height / 2 + 4, { steps: 3 });
		// far past the right edge and below the foot, the button still held
		for (const to of [
			{ x: svg.x + svg.width + 60, y: svg.y + svg.height / 2 },
			{ x: svg.x + svg.width + 60, y: svg.y + svg.height + 60 },
			{ x: svg.x - 60, y: svg.y - 60 }
		]) {
			await page.mouse.move(to.x, to.y, { steps: 6 });
			const d = (await body.boundingBox())!;
			const where = `dragged to (${to.x.toFixed(0)}, ${to.y.toFixed(0)}): member at ${d.x.toFixed(0)},${d.y.toFixed(0)} ${d.width.toFixed(0)}x${d.height.toFixed(0)}, picture ${svg.x.toFixed(0)},${svg.y.toFixed(0)} ${svg.width.toFixed(0)}x${svg.height.toFixed(0)}`;
			expect(d.x, where).toBeGreaterThanOrEqual(svg.x - 0.5);
			expect(d.y, where).toBeGreaterThanOrEqual(svg.y - 0.5);
			expect(d.x + d.width, where).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
			expect(d.y + d.height, where).toBeLessThanOrEqual(svg.y + svg.height + 0.5);
		}
		await page.mouse.move(svg.x + svg.width + 60, svg.y + svg.height / 2, { steps: 6 });
		await page.screenshot({ path: `${artifacts}drag-edge-${vp.width}x${vp.height}-en.png` });
		// where every member is, dropping splits nothing (both columns said "a new side")
		await expect(page.getByTestId('region-0').locator('text.drop')).toHaveText('drop here: no split');
		await expect(page.getByTestId('region-1').locator('text.drop')).toHaveText('drop here: a new side');
		await page.mouse.up();
		// dropped on the last side: the network is split
		await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
	});

test('1440x900: while a member is dragged on a split network, the Heal pill steps aside for the sides\' "drop here"', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('./');
	await leaderOf(page);
	await page.getByTestId('pause').click();
	const svg = (await page.getByTestId('cluster-svg').boundingBox())!;
	const grab = async (n: number) => {
		const b = (await page.getByTestId(`node-${n}`).locator('circle.body').boundingBox())!;
		await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
		await page.mouse.down();
		await page.mouse.move(b.x + b.width / 2 + 12, b.y + b.height / 2 + 4, { steps: 3 });
	};
	// n2 to a side of its own
	await grab(2);
	await page.mouse.move(svg.x + svg.width - 20, svg.y + svg.height / 2, { steps: 8 });
	await page.mouse.up();
	await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
	await expect(page.getByTestId('scene-heal')).toBeVisible();
	// n3 picked up: every side says "drop here", and nothing lies over those words
	await grab(3);
	await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2, { steps: 8 });
	await expect(page.locator('text.drop')).toHaveCount(3);
	await expect(page.getByTestId('scene-heal')).toHaveCount(0);
	await page.screenshot({ path: `${artifacts}drag-split-1440x900-en.png` });
	// let go (on a side): the network is still split, and the pill is back
	await page.mouse.up();
	await expect(page.getByTestId('scene-heal')).toBeVisible();
});
