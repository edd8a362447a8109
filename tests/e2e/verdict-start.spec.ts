/**
 * Before any member has led, the quorum verdict says the first election is under way, in neutral
 * colours: at t=0 an exercise showed a red "✕ A write cannot commit now" and the embed "✕ 쓰기 거부"
 * before anything had happened. Once a leader has existed, a lost leader is red as before.
 * Screenshots: tests/artifacts/screens/verdict-start-*.png
 */
import { expect, test, type Locator } from './live';
import { encodeLink } from '../../src/lib/scenario/link';
import { playground } from '../../src/lib/ui/messages/playground';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';
import { kill, leaderOf, pause } from './helpers';

const artifacts = 'tests/artifacts/screens/';

/** The verdict's border colour is the page's "bad" colour. */
async function drawnBad(verdict: Locator): Promise<boolean> {
	return verdict.evaluate((e) => {
		const probe = document.createElement('span');
		probe.style.color = 'var(--bad)';
		document.body.append(probe);
		const bad = getComputedStyle(probe).color;
		probe.remove();
		return getComputedStyle(e).borderTopColor === bad;
	});
}

for (const lang of ['en', 'ko'] as const) {
	const m = playground[lang] as Record<string, string>;
	test(`1280x720 ${lang}: an exercise at t=0 says the first leader is being elected, not that writes are refused; a lost leader is red`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: lang });
		const page = await context.newPage();
		await page.goto('exercises/leader-in-minority/');
		const verdict = page.getByTestId('q-verdict');
		await expect(verdict).toBeVisible();
		await expect(page.getByTestId('play')).toBeVisible();
		await expect(verdict).not.toContainText(m.canCommitNo);
		await expect(verdict).not.toContainText('✕');
		expect(await drawnBad(verdict), 'drawn in the colour of a refusal').toBe(false);
		await expect(verdict).toContainText(m.canCommitElecting);
		await expect(verdict).toHaveAttribute('data-electing', 'true');
		// the checker's claim is the same: no write can commit yet
		await expect(verdict).toHaveAttribute('data-can-commit', 'false');
		await page.screenshot({ path: `${artifacts}verdict-start-exercise-1280x720-${lang}.png` });
		// the run: a leader, then the leader killed: red, as before
		await page.getByTestId('predict-skip').click();
		await page.getByTestId('speed').selectOption('10');
		const leader = await leaderOf(page);
		// paused, so the check comes before the next election
		await pause(page);
		await kill(page, leader);
		await expect(verdict).toHaveAttribute('data-electing', 'false');
		await expect(verdict).toContainText(m.canCommitNo);
		expect(await drawnBad(verdict), 'a lost leader drawn red').toBe(true);
		await context.close();
	});
}

test('the embed without a link (Korean browser) says 리더 선출 중 at t=0, and 쓰기 거부 once two of three are killed', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' });
	const page = await context.newPage();
	await page.goto('embed/');
	const line = page.getByTestId('embed-q-line');
	await expect(line).toBeVisible();
	await expect(line).not.toContainText('쓰기 거부');
	await expect(line).not.toContainText('✕');
	await expect(line).toContainText('리더 선출 중');
	await expect(line).toHaveAttribute('data-electing', 'true');
	await page.screenshot({ path: `${artifacts}verdict-start-embed-1280x720-ko.png` });
	// a link at 4 s, after a leader was elected and two of three members were killed at 3 s: refused
	const scenario = playgroundScenario({ size: 3 });
	const link = encodeLink({ scenario, actions: [{ do: 'kill', node: 2, atMs: 3000 }, { do: 'kill', node: 3, atMs: 3000 }], atMs: 4000, view: { lang: 'ko' } });
	await page.goto(`embed/#${link}`);
	await page.reload();
	await expect(line).toHaveAttribute('data-electing', 'false');
	await expect(line).toContainText('쓰기 거부');
	await context.close();
});
