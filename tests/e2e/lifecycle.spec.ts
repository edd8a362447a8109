/**
 * The role-lifecycle diagram: drawn from the member machine's definition, each member lit in its
 * state, the transition just taken flashing with its event. Killing the leader shows it move to
 * down (member.crash) and a follower's election.timeout. Screenshots in EN/KO, light/dark, at three
 * sizes go to tests/artifacts/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './live';
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

/** At this size and language, once a leader is elected: paused, the leader killed, the lifecycle tab open. */
async function killTheLeader(page: Page, size: { width: number; height: number }, locale: 'en' | 'ko'): Promise<void> {
	await page.setViewportSize(size);
	await start(page);
	if (locale === 'ko') await page.getByTestId('lang-ko').click();
	await openTab(page, 'lifecycle');
	await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
	const leader = (await membersIn(page, 'leader'))[0];
	await page.getByTestId('pause').click();
	await kill(page, leader);
	await openTab(page, 'lifecycle');
}

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

/** Starts recording, every frame, the flashing names that overlap another (read with `overlapsSeen`). */
async function watchOverlaps(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { lcOverlaps: string[]; lcMostShown: number };
		w.lcOverlaps = [];
		w.lcMostShown = 0;
		const frame = (): void => {
			const shown = [...document.querySelectorAll('[data-testid="lifecycle"] .edge-label')].map((l) => ({ text: l.textContent ?? '', r: l.getBoundingClientRect() }));
			w.lcMostShown = Math.max(w.lcMostShown, shown.length);
			for (const a of shown)
				for (const b of shown)
					if (a !== b && a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) {
						const k = [a.text, b.text].sort().join(' over ');
						if (!w.lcOverlaps.includes(k)) w.lcOverlaps.push(k);
					}
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	});
}

async function overlapsSeen(page: Page): Promise<{ overlaps: string[]; most: number }> {
	return page.evaluate(() => {
		const w = window as unknown as { lcOverlaps: string[]; lcMostShown: number };
		return { overlaps: w.lcOverlaps, most: w.lcMostShown };
	});
}

// a kill and the election after it flash several transitions at once (the candidate's
// election.timeout and its peers' term.newer were drawn over each other at every size)
for (const size of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 },
	{ width: 390, height: 844 }
]) {
	for (const locale of ['en', 'ko'] as const) {
		test(`${size.width}x${size.height} ${locale}: no flashing name covers another through a kill and an election`, async ({ page }) => {
			await killTheLeader(page, size, locale);
			await page.getByTestId('speed').selectOption('1');
			await watchOverlaps(page);
			await page.getByTestId('play').click();
			await expect.poll(async () => (await membersIn(page, 'leader')).length, { timeout: 20_000 }).toBe(1);
			await page.waitForTimeout(300);
			const seen = await overlapsSeen(page);
			expect(seen.most, 'names flashing together').toBeGreaterThanOrEqual(2);
			expect(seen.overlaps).toEqual([]);
		});
	}
}

// a laptop: the diagram, its words and its disclosure fit the tab (at 1440x900 its lower half
// scrolled inside the tab: 487 px in 267)
for (const size of [
	{ width: 1440, height: 900 },
	{ width: 1280, height: 720 }
]) {
	for (const locale of ['en', 'ko'] as const) {
		test(`${size.width}x${size.height} ${locale}: the diagram fits its tab, nothing scrolls`, async ({ page }) => {
			await page.setViewportSize(size);
			await start(page);
			if (locale === 'ko') await page.getByTestId('lang-ko').click();
			await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
			await page.getByTestId('pause').click();
			const panel = await page.getByTestId('more-panel').evaluate((e) => ({ sh: e.scrollHeight, ch: e.clientHeight, sw: e.scrollWidth, cw: e.clientWidth }));
			expect(panel.sh, `the tab's height ${panel.ch} px`).toBeLessThanOrEqual(panel.ch + 1);
			expect(panel.sw).toBeLessThanOrEqual(panel.cw + 1);
			// the drawing is not scaled away to fit: its states' names at least 10 px
			const name = await page.locator('[data-testid="lifecycle"] [data-state="follower"] .name').boundingBox();
			expect(name?.height ?? 0).toBeGreaterThanOrEqual(10);
			await expect(page.getByTestId('lifecycle-latest')).toBeInViewport();
		});
	}
}

// Korean: the states and events are named as a Korean instructor says them, each state with the
// machine's own name small beneath it (the diagram is still the code)
test('ko: the diagram names its states and events in Korean, the machine\'s names beneath', async ({ page }) => {
	await start(page);
	await page.getByTestId('lang-ko').click();
	await openTab(page, 'lifecycle');
	const diagram = page.getByTestId('lifecycle');
	for (const [state, ko] of [
		['follower', '팔로워'],
		['preCandidate', '사전 후보'],
		['candidate', '후보'],
		['leader', '리더'],
		['down', '다운']
	]) {
		await expect(diagram.locator(`[data-state="${state}"] .name`)).toHaveText(ko);
		await expect(diagram.locator(`[data-state="${state}"] .code`)).toHaveText(state);
	}
	await expect.poll(() => membersIn(page, 'leader'), { timeout: 15_000 }).toHaveLength(1);
	const leader = (await membersIn(page, 'leader'))[0];
	await page.getByTestId('pause').click();
	await kill(page, leader);
	await openTab(page, 'lifecycle');
	await expect(diagram.locator('.edge-label')).toHaveText(['강제 종료']);
	await expect(page.getByTestId('lifecycle-latest')).toContainText('강제 종료');
	// every word drawn is Korean but the machine's names (and 'up' beside 실행 중)
	const latin = await diagram.locator('svg text:not(.code)').evaluateAll((els) => els.map((e) => e.textContent ?? '').filter((x) => /[A-Za-z]/.test(x.replace(/\(up\)|\bn\d\b/g, ''))));
	expect(latin).toEqual([]);
	await diagram.locator('summary').click();
	await expect(diagram.locator('li').first()).toContainText('실행 중 (up) → 다운, 강제 종료');
	await expect(diagram.locator('li', { hasText: 'election.timeout' }).first()).toContainText('사전 투표를 쓰는 경우');
});

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
				await page.emulateMedia({ colorScheme: scheme });
				// paused right after the kill: the crash is the transition just taken, flashing
				await killTheLeader(page, size, locale);
				await expect(page.getByTestId('lifecycle').locator('[data-edge="up>down"]')).toHaveClass(/hot/);
				const panel = page.getByTestId('panel-lifecycle');
				await panel.scrollIntoViewIfNeeded();
				await panel.screenshot({ path: `${artifacts}lifecycle-${size.width}x${size.height}-${locale}-${scheme}.png` });
				const box = await panel.boundingBox();
				expect(box?.width ?? 0).toBeLessThanOrEqual(size.width);
				// the section holds its content (on a phone, held to the sheet's height, its foot ran out of it)
				const held = await panel.evaluate((e) => ({ sh: e.scrollHeight, ch: e.clientHeight }));
				expect(held.sh).toBeLessThanOrEqual(held.ch + 1);
			});
		}
	}
}
