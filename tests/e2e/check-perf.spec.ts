import { expect, test } from './live';
import { kill, leaderOf, pause, run } from './helpers';

/** etcdctl check perf in the console: etcd 3.5's profile on a copy of the cluster, in simulated time, printed as etcdctl prints it. */
test.describe('etcdctl check perf', () => {
	test.describe.configure({ timeout: 180_000 });

	test('--load=s on the default cluster passes, with the progress bar and etcdctl\'s lines; the page stays usable', async ({ page }, testInfo) => {
		await page.goto('./');
		await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing (the playground starts playing)
		await leaderOf(page);
		await pause(page);
		const entry = await run(page, 'check perf');
		const out = entry.getByTestId('entry-output');
		// the bar shows while it runs; the page answers meanwhile
		await expect(out).toContainText(' / 60 B');
		await run(page, 'put during-check 1');
		await expect(out).toContainText('60 / 60 B', { timeout: 150_000 });
		await expect(out).toContainText('PASS: Throughput is');
		const lines = (await out.innerText()).split('\n');
		expect(lines[0]).toMatch(/^60 \/ 60 Bo+! 100\.00% 1m0s$/);
		expect(lines[1]).toMatch(/^PASS: Throughput is 15[01] writes\/s$/);
		expect(lines[2]).toMatch(/^PASS: Slowest request took 0\.\d{6}s$/);
		expect(lines[3]).toMatch(/^PASS: Stddev is 0\.\d{6}s$/);
		expect(lines[4]).toBe('PASS');
		await expect(entry.getByTestId('check-perf-note')).toContainText('150 writes/s from 50 clients');
		await expect(entry.getByTestId('check-perf-note')).toContainText('the playground’s clock did not move');

		await entry.screenshot({ path: testInfo.outputPath('check-perf-en.png') });
		const bad = await run(page, 'check perf --load=huge');
		await expect(bad.getByTestId('entry-output')).toHaveText('Error: unknown load option huge');

		await page.getByTestId('lang-ko').click();
		await expect(entry.getByTestId('check-perf-note')).toContainText('플레이그라운드의 시계는 그대로입니다');
	});

	test('against a dead endpoint it stops at once, as etcdctl does', async ({ page }) => {
		await page.goto('./');
		await expect(page.getByTestId('pause')).toBeVisible(); // hydrated and playing (the playground starts playing)
		await leaderOf(page);
		await pause(page);
		await kill(page, 1);
		const entry = await run(page, 'check perf --endpoints=127.0.0.1:2379');
		await expect(entry.getByTestId('entry-output')).toHaveText('Error: context deadline exceeded', { timeout: 60_000 });
	});
});
