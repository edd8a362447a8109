/**
 * Nothing a link says can freeze the tab (issue 12): heavy links open through a replay in slices,
 * with progress after a moment and a way to stop; the tab answers clicks meanwhile; a link over the
 * work budget is refused with a clear message; a link's speed is one the speed control offers.
 * Long tasks are recorded with a PerformanceObserver from the first byte and printed as figures
 * (the 50 ms target is a benchmark figure on a shared machine; the test holds a loose ceiling).
 */
import { expect, test, type Page } from './live';
import { encodeLink, type LinkState } from '../../src/lib/scenario/link';
import { predictEvents } from '../../src/lib/scenario/budget';
import { HEAVIEST, LOADED_7 } from '../../src/cli/heavy-links';
import { validateScenario } from '../../src/lib/scenario/validate';
import { writeLinkUnchecked } from './fixtures/unchecked-link';
import { kill } from './helpers';

test.describe.configure({ timeout: 240_000 });

function link(state: LinkState): string {
	return `./#${encodeLink(state)}`;
}

/** Records long tasks (and their worst) from before the page's first script. */
async function watchLongTasks(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { __long: number[] };
		w.__long = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__long.push(e.duration);
		}).observe({ type: 'longtask', buffered: true });
	});
}

async function longTasks(page: Page): Promise<number[]> {
	return page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());
}

/** How long the page takes to answer a click (the click's handler running), in ms. */
async function clickLatency(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const b = document.createElement('button');
				b.textContent = 'probe';
				document.body.append(b);
				const t0 = performance.now();
				b.addEventListener('click', () => {
					resolve(performance.now() - t0);
					b.remove();
				});
				// a real input event, queued like a user's, behind whatever the page is doing
				setTimeout(() => b.click(), 0);
			})
	);
}

test('the heaviest accepted link opens in slices: progress, clicks answered, stop leaves a working cluster', async ({ page }) => {
	expect(predictEvents({ ...HEAVIEST.scenario, actions: HEAVIEST.actions }).events).toBeGreaterThan(15_000_000);
	await watchLongTasks(page);
	await page.goto(link(HEAVIEST));
	await expect(page.getByTestId('replay-progress')).toBeVisible({ timeout: 30_000 });
	const latencies: number[] = [];
	for (let i = 0; i < 5; i++) latencies.push(await clickLatency(page));
	await expect(page.getByTestId('replay-progress')).toBeVisible();
	// the speed control shows what the link asked for, brought to what the page offers
	await expect(page.getByTestId('speed').first()).toHaveValue('10');
	await page.getByTestId('replay-cancel').click();
	await expect(page.getByTestId('replay-progress')).toBeHidden();
	const stoppedAt = Number((await page.getByTestId('sim-time').first().textContent())?.replace(/[^\d.]/g, ''));
	expect(stoppedAt).toBeLessThan(40);
	// a working cluster: it plays on and takes actions
	await page.getByTestId('play').first().click();
	await expect
		.poll(async () => Number((await page.getByTestId('sim-time').first().textContent())?.replace(/[^\d.]/g, '')), { timeout: 20_000 })
		.toBeGreaterThan(stoppedAt);
	await kill(page, 3);
	await expect(page.getByTestId('role-3')).toHaveText(/down/i);
	const tasks = await longTasks(page);
	console.log(`heaviest link: worst main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms (${tasks.length} over 50 ms); click answered in ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
	// the figure above is for the resolution (100 ms is the target; wall time on a shared machine is
	// no test): what is asserted is that each click was answered while the replay was still running
});

// The 7-member link: 180,000 writes through 7 members take about 28 s of CPU in Node
// (npm run sim, this machine), longer in a page that draws between slices, so waiting for the end is
// no test on a shared CI machine. What the issue asks is that opening it never freezes the tab: the
// replay runs in slices, shows how far it got, keeps moving, answers clicks and can be stopped.
test("the issue's 7-member link at 60 s with 3,000 writes/s replays in slices: it moves, answers clicks and stops on request", async ({ page }) => {
	await watchLongTasks(page);
	await page.goto(link(LOADED_7));
	const progress = page.getByTestId('replay-progress');
	await expect(progress).toBeVisible({ timeout: 30_000 });
	await expect(progress).toContainText('60');
	const fraction = async (): Promise<number> => Number(await progress.locator('progress').getAttribute('value'));
	const first = await fraction();
	const during = await clickLatency(page);
	await expect.poll(fraction, { timeout: 60_000 }).toBeGreaterThan(first);
	await page.getByTestId('replay-cancel').click();
	await expect(progress).toBeHidden();
	const stoppedAt = Number((await page.getByTestId('sim-time').first().textContent())?.replace(/[^\d.]/g, ''));
	expect(stoppedAt).toBeGreaterThan(0);
	expect(stoppedAt).toBeLessThan(60);
	await kill(page, 3);
	await expect(page.getByTestId('role-3')).toHaveText(/down/i);
	const tasks = await longTasks(page);
	console.log(`7 members, 3,000 writes/s: stopped at ${stoppedAt} s; worst main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms; click answered in ${during.toFixed(0)} ms`);
});

test('a link over the work budget is refused with a clear message naming the field', async ({ page }) => {
	const dayOfSeven: LinkState = { scenario: validateScenario({ version: 1, cluster: { size: 7 }, untilMs: 3_600_000 }), actions: [], atMs: 0, view: { lang: 'ko' } };
	// encodeLink checks the budget too: build the payload for a light state, then make it heavy by hand
	const heavy = { ...dayOfSeven, scenario: { ...dayOfSeven.scenario, untilMs: 86_400_000 } };
	let payload = '';
	try {
		payload = encodeLink(heavy);
	} catch (e) {
		expect((e as Error).message).toMatch(/too much work/);
	}
	expect(payload).toBe('');
	// a hand-made payload of the same state (the codec's writer, without the checks)
	await page.goto(`./#${writeLinkUnchecked(heavy)}`);
	await expect(page.getByTestId('link-error')).toBeVisible();
	await expect(page.getByTestId('link-error-reason')).toContainText('more simulation work than a browser tab should do');
	await expect(page.getByTestId('link-error')).toContainText('scenario.untilMs');
	await expect(page.getByTestId('member-1')).toBeVisible();
});

test('scrubbing back and forth with load restores checkpoints both ways: the far end comes back at once, with the same digest', async ({ page }) => {
	const state: LinkState = {
		scenario: validateScenario({
			version: 1,
			seed: 2,
			cluster: { size: 5 },
			steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec: 300, durationMs: 120_000, keys: 10 }],
			untilMs: 3_600_000
		}),
		actions: [],
		atMs: 90_000,
		view: { lang: 'en' }
	};
	await watchLongTasks(page);
	await page.goto(link(state));
	await expect(page.getByTestId('sim-time').first()).toContainText('90.000', { timeout: 200_000 });
	const digest = page.getByTestId('state-digest');
	const atEnd = await digest.getAttribute('data-trace-hash');
	expect(atEnd).toMatch(/^[0-9a-f]{16}$/);
	const before = (await longTasks(page)).length;
	const slider = page.getByTestId('timeline').first();
	await slider.fill('0');
	await expect(page.getByTestId('sim-time').first()).toContainText('0.000');
	// forward to the end: the nearest checkpoint before 90 s, not a replay of 90 s from 0
	const t0 = Date.now();
	await slider.fill('90000');
	await expect(page.getByTestId('sim-time').first()).toContainText('90.000', { timeout: 30_000 });
	const tookMs = Date.now() - t0;
	await expect(digest).toHaveAttribute('data-trace-hash', atEnd!);
	await expect(page.getByTestId('replay-progress')).toBeHidden();
	// and back into the middle: the same state a straight run has there (the link opened there)
	await slider.fill('45000');
	await expect(page.getByTestId('sim-time').first()).toContainText('45.000', { timeout: 30_000 });
	const tasks = (await longTasks(page)).slice(before);
	console.log(`scrub 90 -> 0 -> 90 -> 45 s at 300 writes/s: back at the end in ${tookMs} ms wall; worst main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms (${tasks.length} over 50 ms)`);
	// 90 s at 300 writes/s replayed from 0 takes many seconds even on a fast machine
	expect(tookMs).toBeLessThan(10_000);
});

test('a far seek forward lands on the digest a link opened at that moment shows', async ({ page, context }) => {
	const scenario = validateScenario({
		version: 1,
		seed: 2,
		cluster: { size: 3 },
		steps: [{ atMs: 0, do: 'load', node: 1, writesPerSec: 200, durationMs: 60_000, keys: 10 }],
		untilMs: 3_600_000
	});
	const at = async (atMs: number): Promise<string> => {
		const p = await context.newPage();
		await p.goto(link({ scenario, actions: [], atMs, view: { lang: 'en' } }));
		await expect(p.getByTestId('sim-time').first()).toContainText(`${atMs / 1000}.000`, { timeout: 120_000 });
		const d = (await p.getByTestId('state-digest').getAttribute('data-trace-hash')) ?? '';
		await p.close();
		return d;
	};
	await page.goto(link({ scenario, actions: [], atMs: 50_000, view: { lang: 'en' } }));
	await expect(page.getByTestId('sim-time').first()).toContainText('50.000', { timeout: 120_000 });
	const slider = page.getByTestId('timeline').first();
	await slider.fill('2000');
	await expect(page.getByTestId('sim-time').first()).toContainText('2.000');
	await slider.fill('43000');
	await expect(page.getByTestId('sim-time').first()).toContainText('43.000', { timeout: 30_000 });
	expect(await page.getByTestId('state-digest').getAttribute('data-trace-hash')).toBe(await at(43_000));
});
