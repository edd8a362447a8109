/**
 * Dragging the time bar across a busy run moves the story, not the page: the row under the picture
 * keeps its room (so the picture its size) and the scrubber stays under the pointer.
 * - The count of messages in flight under the picture wraps to one, two or three lines as the run
 *   goes. Its row used to take only what the words of the moment needed, so the picture grew and
 *   shrank by a line (407, 382, 362 px at 1440x900), members jumping up and down under the
 *   student's eyes, and each such frame was laid out twice.
 * - The time's width followed its digits: dragged from 20 s to below 10 s, the time narrowed and
 *   the scrubber slid under the pointer.
 * - Crossing a recorded action, "1 recorded action ahead" came on a row of its own under the bar,
 *   and a slow replay's progress in the page's flow: each took the figure's height, and gave it back.
 * Screenshot: tests/artifacts/screens/steady-1440x900.png.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';

const artifacts = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
test.describe.configure({ timeout: 120_000 });

// seven members under steady writes over a slow network (20 ms): many messages in flight at any moment,
// of kinds that come and go, and their count's words with them
const BUSY = validateScenario({ version: 1, seed: 1, cluster: { size: 7 }, network: { latencyMs: 20, jitterMs: 5 }, steps: [{ atMs: 500, do: 'load', node: 1, writesPerSec: 200, durationMs: 60_000, keys: 20 }], untilMs: 60_000 });

for (const vp of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
])
	test(`${vp.width}x${vp.height}: dragging the time bar over a busy run keeps the figure, the row under the picture and the scrubber still`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: vp, locale: 'en' });
		const page = await context.newPage();
		await page.goto(`./#${encodeLink({ scenario: BUSY, actions: [{ atMs: 12_000, do: 'put', node: 1, key: 'k', value: 'v' }], atMs: 20_000, view: { lang: 'en' } })}`);
		await expect(page.getByTestId('sim-time')).toContainText('20.000', { timeout: 60_000 });
		// a link opened at a busy moment shows its messages in flight (the replay from 0 kept the first
		// second's and none of the last: "no messages in flight", where a drag back showed 112)
		await expect(page.getByTestId('inflight-counts'), 'the messages in flight at 20 s').toContainText(/In flight now: \d+\s×\sappend\sentries/);
		const slider = page.getByTestId('timeline');
		const box = (await slider.boundingBox())!;
		const y = box.y + box.height / 2;
		const right = box.x + box.width - 2;
		const left = box.x + 2;
		const read = () =>
			page.evaluate(() => {
				const r = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
				const svg = r('[data-testid="cluster-svg"]');
				const scrub = r('[data-testid="timeline"]');
				return {
					time: document.querySelector('[data-testid="sim-time"]')!.textContent!.replace(/\s+/g, ' ').trim(),
					pictureH: Math.round(svg.height * 10) / 10,
					scrub: `x ${Math.round(scrub.x)}, width ${Math.round(scrub.width)}`,
					countsH: Math.round(r('[data-testid="inflight-counts"]').height),
					rowH: Math.round(r('figcaption .row').height * 10) / 10,
					figureH: Math.round(r('figure.cluster').height * 10) / 10,
					ahead: document.querySelector('[data-testid="future-ahead"] [aria-hidden="true"]')?.textContent ?? null
				};
			});
		const seen: Awaited<ReturnType<typeof read>>[] = [await read()];
		await page.mouse.move(right, y);
		await page.mouse.down();
		const STEPS = 24;
		for (const [from, to] of [
			[right, left],
			[left, right]
		])
			for (let i = 1; i <= STEPS; i++) {
				await page.mouse.move(from + ((to - from) * i) / STEPS, y);
				// (a replay per frame: the time shown changes once the moment is drawn)
				await page.waitForTimeout(120);
				seen.push(await read());
			}
		await page.mouse.up();
		await page.screenshot({ path: `${artifacts}steady-${vp.width}x${vp.height}.png` });
		const times = new Set(seen.map((s) => s.time));
		const counts = new Set(seen.map((s) => s.countsH));
		test.info().annotations.push({ type: 'moments', description: `${times.size} times; count's heights ${[...counts].join(', ')} px; picture ${[...new Set(seen.map((s) => s.pictureH))].join(', ')} px` });
		// the drag went through the run: under 10 s and back, and the count's words took more than one height
		expect(times.size, 'moments shown').toBeGreaterThan(10);
		expect(seen.some((s) => /\b\d\.\d{3} s/.test(s.time)), 'a moment under 10 s').toBe(true);
		expect(counts.size, 'the count of messages in flight wrapped differently').toBeGreaterThan(1);
		// the row under the picture does not bounce: its room, once given, is kept (before, it grew and
		// shrank by a line at every moment whose words took another, and the picture with it)
		for (let i = 1; i < seen.length; i++) expect(seen[i].rowH, `the row at ${seen[i].time} (before: ${seen[i - 1].rowH} px at ${seen[i - 1].time})`).toBeGreaterThanOrEqual(seen[i - 1].rowH);
		const changes = seen.flatMap((s, i) => (i > 0 && s.pictureH !== seen[i - 1].pictureH ? [`${seen[i - 1].pictureH} → ${s.pictureH} px at ${s.time}`] : []));
		test.info().annotations.push({ type: 'picture changes', description: changes.join('; ') || 'none' });
		// the figure keeps its height: before the link's put at 12 s "1 recorded action ahead" is said
		// under the time (on a row of its own under the bar it took the figure 24 px, and gave them
		// back), and a replay's progress floats over the page (in its flow, it pushed the page down)
		expect(seen.some((s) => s.ahead === '1 recorded action ahead'), 'the action ahead said').toBe(true);
		for (const s of seen) expect(s.figureH, `the figure at ${s.time}`).toBe(seen[0].figureH);
		// the scrubber stays where the pointer took it
		for (const s of seen) expect(s.scrub, `scrubber at ${s.time}`).toBe(seen[0].scrub);
		await context.close();
	});

// a phone says the actions ahead on a row of its own under the bar: a drag that crossed the put at
// 12 s made the row come under the finger, and the scrubber jumped 26 px up (and down, going back
// on); now the row waits for the finger to lift
test('390x844: a drag across a recorded action keeps the scrubber under the finger; the actions ahead are said on release', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en' });
	const page = await context.newPage();
	await page.goto(`./#${encodeLink({ scenario: BUSY, actions: [{ atMs: 12_000, do: 'put', node: 1, key: 'k', value: 'v' }], atMs: 20_000, view: { lang: 'en' } })}`);
	await expect(page.getByTestId('sim-time')).toContainText('20.000', { timeout: 60_000 });
	const slider = page.getByTestId('timeline');
	const future = page.getByTestId('future-actions');
	const drag = async (fromK: number, toK: number): Promise<{ ys: number[]; times: string[] }> => {
		const box = (await slider.boundingBox())!;
		const y = box.y + box.height / 2;
		const at = (k: number) => box.x + 6 + (box.width - 12) * k;
		await page.mouse.move(at(fromK), y);
		await page.mouse.down();
		const ys: number[] = [];
		const times: string[] = [];
		for (let i = 1; i <= 10; i++) {
			await page.mouse.move(at(fromK + ((toK - fromK) * i) / 10), y);
			await page.waitForTimeout(150);
			ys.push(Math.round((await slider.boundingBox())!.y));
			times.push((await page.getByTestId('sim-time').innerText()).replace(/\s+/g, ' '));
		}
		await page.mouse.up();
		return { ys, times };
	};
	await expect(future).toHaveCount(0);
	// back to the start, across the put: the scrubber stays where the finger has it
	const back = await drag(1, 0);
	test.info().annotations.push({ type: 'back', description: back.times.join(' · ') });
	expect(back.times.some((s) => /= [0-9]\.\d{3} s/.test(s)), 'the drag went before the put at 12 s').toBe(true);
	expect(new Set(back.ys).size, `the scrubber's y through the drag back (${back.ys.join(', ')})`).toBe(1);
	// lifted: the sentence is said
	await expect(future).toBeVisible();
	await expect(future).toContainText('1 recorded action ahead');
	// on again, past the put: the row keeps its room until the finger lifts, then goes
	const on = await drag(0.05, 1);
	test.info().annotations.push({ type: 'on', description: on.times.join(' · ') });
	expect(on.times.some((s) => /= 1[3-9]\.\d{3} s|= 20\.000 s/.test(s)), 'the drag went past the put').toBe(true);
	expect(new Set(on.ys).size, `the scrubber's y through the drag on (${on.ys.join(', ')})`).toBe(1);
	await expect(future).toHaveCount(0);
	await context.close();
});
