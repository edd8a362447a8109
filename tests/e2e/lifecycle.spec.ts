/**
 * The role-lifecycle diagram: drawn from the member machine's definition, each member lit in its
 * state, the transition just taken flashing with its event. Killing the leader shows it move to
 * down (member.crash) and a follower's election.timeout. Screenshots in EN/KO, light/dark, at three
 * sizes go to tests/artifacts/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { kill, openTab } from './helpers';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
test.describe.configure({ timeout: 60_000 });

async function start(page: Page): Promise<void> {
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.getByTestId('speed').selectOption('10');
	// the diagram lives in a tab under the picture (on a phone, in the sheet's More)
	await openTab(page, 'lifecycle');
}

/** The member ids the diagram shows in a state. */
async function membersIn(page: Page, state: string): Promise<number[]> {
	const v = (await page.locator(`[data-testid="lifecycle"] [data-state="${state}"]`).getAttribute('data-members')) ?? '';
	return v === '' ? [] : v.split(',').map(Number);
}

test('the diagram holds every state of the machine and lights the members where they are', async ({ page }) => {
	await start(page);
	const diagram = page.getByTestId('lifecycle');
	for (const s of ['follower', 'preCandidate', 'candidate', 'leader', 'down']) await expect(diagram.locator(`[data-state="${s}"]`)).toHaveCount(1);
	// transitions read from the machine, e.g. the pre-vote path and CheckQuorum's step-down
	await expect(diagram.locator('[data-edge="follower>preCandidate"]')).toHaveCount(1);
	await expect(diagram.locator('[data-edge="leader>follower"]')).toHaveCount(1);
	await expect(diagram.locator('[data-edge="up>down"]')).toHaveCount(1);
	await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
	const leader = (await membersIn(page, 'leader'))[0];
	expect((await membersIn(page, 'follower')).sort()).toEqual([1, 2, 3].filter((n) => n !== leader));

	// kill the leader: it moves to down, its crash flashes; a follower times out and campaigns
	await page.getByTestId('pause').click();
	await kill(page, leader);
	// on a laptop-height screen a member's card and a tab are one at a time: back to the diagram
	await openTab(page, 'lifecycle');
	await expect.poll(() => membersIn(page, 'down')).toEqual([leader]);
	await expect(page.getByTestId('lifecycle-latest')).toContainText('member.crash');
	await expect(diagram.locator('[data-edge="up>down"]')).toHaveClass(/hot/);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('lifecycle-latest')).toContainText(/election\.timeout|vote\.won|preVote\.won/, { timeout: 15_000 });
	// the box's name stays clear of the transitions' flashing names (it sat where they run)
	await page.getByTestId('pause').click();
	expect(await upLabelCovered(page)).toEqual([]);
	await page.getByTestId('play').click();
	await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
});

/** The flashing event names drawn over the diagram's "up (running)" label. */
async function upLabelCovered(page: Page): Promise<string[]> {
	return page.getByTestId('lifecycle').evaluate((root) => {
		const up = root.querySelector('.up-label')?.getBoundingClientRect();
		if (!up) return ['no up label'];
		return [...root.querySelectorAll('.edge-label')]
			.filter((l) => {
				const r = l.getBoundingClientRect();
				return r.left < up.right && up.left < r.right && r.top < up.bottom && up.top < r.bottom;
			})
			.map((l) => l.textContent ?? '');
	});
}

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds no violations in the diagram (${scheme}, flashing)`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		await start(page);
		await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
		const leader = (await membersIn(page, 'leader'))[0];
		await page.getByTestId('pause').click();
		await kill(page, leader);
		await openTab(page, 'lifecycle');
		await page.getByTestId('lifecycle').locator('summary').click();
		const results = await new AxeBuilder({ page }).include('[data-testid="panel-lifecycle"]').analyze();
		const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
		expect(summary, summary.join('\n')).toEqual([]);
	});
}

for (const size of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 },
	{ width: 390, height: 844 }
]) {
	for (const locale of ['en', 'ko'] as const) {
		for (const scheme of ['light', 'dark'] as const) {
			test(`screenshot ${size.width}x${size.height} ${locale} ${scheme}`, async ({ page }) => {
				await page.setViewportSize(size);
				await page.emulateMedia({ colorScheme: scheme });
				await start(page);
				if (locale === 'ko') await page.getByTestId('lang-ko').click();
				await openTab(page, 'lifecycle');
				await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
				const leader = (await membersIn(page, 'leader'))[0];
				// paused right after the kill: the crash is the transition just taken, flashing
				await page.getByTestId('pause').click();
				await kill(page, leader);
				await openTab(page, 'lifecycle');
				await expect(page.getByTestId('lifecycle').locator('[data-edge="up>down"]')).toHaveClass(/hot/);
				const panel = page.getByTestId('panel-lifecycle');
				await panel.scrollIntoViewIfNeeded();
				await panel.screenshot({ path: `${artifacts}lifecycle-${size.width}x${size.height}-${locale}-${scheme}.png` });
				const box = await panel.boundingBox();
				expect(box?.width ?? 0).toBeLessThanOrEqual(size.width);
			});
		}
	}
}
