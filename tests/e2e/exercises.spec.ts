/**
 * Exercises through the page: the catalogue lists every built-in exercise; two are solved with the
 * playground's buttons and console as a student would (not marked solved before, the explanation
 * shown after); an instructor's exercise made in the Share dialog round-trips through its link.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './live';
import { EXERCISES } from '../../src/lib/scenario/exercises';
import { exercises as messages } from '../../src/lib/ui/messages/exercises';
import { kill } from './helpers';

test.describe.configure({ timeout: 90_000 });

const en = messages.en as Record<string, string>;

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(e.message));
	return errors;
}

async function pause(page: Page): Promise<void> {
	const btn = page.getByTestId('pause');
	if (await btn.isVisible()) await btn.click();
	await expect(page.getByTestId('play')).toBeVisible();
}

/** The predict step: pick answer `n` (1-based) and lock it in (the run starts), or skip it (null). */
async function predict(page: Page, n: number | null): Promise<void> {
	await expect(page.getByTestId('predict')).toBeVisible();
	// nothing runs before the prediction
	await expect(page.getByTestId('play')).toBeVisible();
	if (n === null) await page.getByTestId('predict-skip').click();
	else {
		await expect(page.getByTestId('predict-lock')).toBeDisabled();
		await page.getByTestId('predict-choice').nth(n - 1).check();
		await page.getByTestId('predict-lock').click();
		await expect(page.getByTestId('predicted')).toContainText(`“`);
	}
	await expect(page.getByTestId('predict')).toHaveCount(0);
	await expect(page.getByTestId('pause')).toBeVisible();
}

async function leaderOf(page: Page): Promise<number> {
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
	const m = /n(\d)/.exec((await page.getByTestId('q-leader').textContent()) ?? '');
	expect(m).not.toBeNull();
	return Number(m![1]);
}

async function expectUnsolved(page: Page): Promise<void> {
	await expect(page.getByTestId('exercise')).toHaveAttribute('data-solved', 'false');
	await expect(page.getByTestId('exercise-status')).toHaveText(en.notSolved);
	await expect(page.getByTestId('exercise-explanation')).toHaveCount(0);
}

async function expectSolved(page: Page, id: string | null): Promise<void> {
	await expect(page.getByTestId('exercise-status')).toContainText(en.solved, { timeout: 30_000 });
	await expect(page.getByTestId('exercise')).toHaveAttribute('data-solved', 'true');
	if (id) await expect(page.getByTestId('exercise-explanation')).toContainText(en[`${id}.explanation`]);
}

test('the catalogue lists every exercise, each opening its page', async ({ page }) => {
	const errors = watchErrors(page);
	await page.goto('./');
	await page.getByRole('link', { name: en.catalogueTitle }).click();
	const cards = page.getByTestId('exercise-card');
	await expect(cards).toHaveCount(EXERCISES.length);
	expect(EXERCISES.length).toBeGreaterThanOrEqual(8);
	for (const [i, ex] of EXERCISES.entries()) await expect(cards.nth(i)).toContainText(en[`${ex.id}.title`]);
	await cards.nth(2).getByRole('link').first().click();
	await expect(page.getByTestId('exercise-title')).toHaveText(en[`${EXERCISES[2].id}.title`]);
	expect(errors).toEqual([]);
});

test('time to a new leader: kill the leader through the UI', async ({ page }) => {
	const errors = watchErrors(page);
	await page.goto('exercises/time-to-new-leader/');
	await expectUnsolved(page);
	// predict first: "about 1 to 2 s" (the right answer)
	await predict(page, 2);
	await page.getByTestId('speed').selectOption('10');
	const leader = await leaderOf(page);
	await expectUnsolved(page);
	// hints come one at a time
	await page.getByTestId('show-hint').click();
	await expect(page.getByTestId('hints').locator('li')).toHaveCount(1);
	await kill(page, leader);
	await expectSolved(page, 'time-to-new-leader');
	await expect(page.getByTestId('goal').first()).toHaveAttribute('data-met', 'true');
	// the check refers back to the prediction
	await expect(page.getByTestId('predict-verdict')).toContainText(`You predicted “${en['time-to-new-leader.predict2']}”: that is what happened.`);
	await expect(page.getByTestId('predict-verdict')).toContainText(en['time-to-new-leader.predictWhy']);
	// starting over keeps the prediction (it was made before the first run) and runs at once
	await page.getByTestId('exercise-restart').click();
	await expect(page.getByTestId('predict')).toHaveCount(0);
	await expect(page.getByTestId('predicted')).toBeVisible();
	expect(errors).toEqual([]);
});

test('four members are no better than three: kill and put through the console', async ({ page }) => {
	const errors = watchErrors(page);
	await page.goto('exercises/four-no-better-than-three/');
	await expectUnsolved(page);
	// predict first: "OK: half of the members are enough" (not what happens)
	await predict(page, 1);
	await page.getByTestId('speed').selectOption('10');
	const leader = await leaderOf(page);
	const others = [1, 2, 3, 4].filter((n) => n !== leader);
	const run = async (node: number, cmd: string): Promise<void> => {
		await page.getByTestId('endpoint').selectOption(String(node));
		const before = await page.getByTestId('entry').count();
		await page.getByTestId('console-input').fill(cmd);
		await page.getByTestId('console-input').press('Enter');
		await expect(page.getByTestId('entry')).toHaveCount(before + 1);
	};
	// one member down: a write still commits
	await kill(page, others[0]);
	await run(leader, 'put a 1');
	await expect(page.getByTestId('entry').last().getByTestId('entry-output')).toHaveText('OK', { timeout: 15_000 });
	await expect(page.getByTestId('goal').first()).toHaveAttribute('data-met', 'true');
	await expectUnsolved(page);
	// two down, two alive: a write is refused
	await kill(page, others[1]);
	await run(leader, 'put b 2');
	await expectSolved(page, 'four-no-better-than-three');
	await expect(page.getByTestId('predict-verdict')).toContainText(
		`You predicted “${en['four-no-better-than-three.predict1']}”. What happened: “${en['four-no-better-than-three.predict2']}”.`
	);
	expect(errors).toEqual([]);
});

test('an instructor-made exercise round-trips through its link', async ({ page }) => {
	const errors = watchErrors(page);
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.getByTestId('speed').selectOption('10');
	await leaderOf(page);
	await pause(page);
	await page.getByTestId('share').click();
	const title = 'Refuse a <b>write</b> & see';
	await page.getByTestId('make-title').fill(title);
	await page.getByTestId('make-instructions-en').fill('Kill two members, then put to the one left.');
	await page.getByTestId('make-goal').selectOption('putRefusedWithAliveMembers');
	// nonsense numbers get a clear message
	for (const bad of ['abc', '0', '1.5', '99']) {
		await page.getByTestId('make-param-min').fill(bad);
		await page.getByTestId('make-link').click();
		await expect(page.getByTestId('make-errors')).toBeVisible();
		await expect(page.getByTestId('make-result')).toHaveCount(0);
	}
	await page.getByTestId('make-param-min').fill('1');
	await page.getByTestId('make-link').click();
	await expect(page.getByTestId('make-errors')).toHaveCount(0);
	await expect(page.getByTestId('make-warnings')).toHaveCount(0);
	const link = await page.getByTestId('make-result').inputValue();
	expect(link).toMatch(/#q4\./);

	await page.getByTestId('make-open').click();
	await expect(page.getByTestId('share-dialog')).not.toBeVisible();
	await expect(page.getByTestId('exercise-title')).toHaveText(title);
	await expect(page.getByTestId('exercise-instructions')).toHaveText('Kill two members, then put to the one left.');
	await expect(page.getByTestId('exercise').locator('b')).toHaveCount(0);
	await expectUnsolved(page);
	await expect(page.getByTestId('speed')).toHaveValue('10');

	// solve it
	await kill(page, 2);
	await kill(page, 3);
	await page.getByTestId('play').click();
	await page.getByTestId('endpoint').selectOption('1');
	await page.getByTestId('console-input').fill('put x 1');
	await page.getByTestId('console-input').press('Enter');
	await expectSolved(page, null);

	// the same link in a fresh page opens it too, unsolved
	const fresh = await page.context().newPage();
	await fresh.goto(link);
	await expect(fresh.getByTestId('exercise-title')).toHaveText(title);
	await expectUnsolved(fresh);
	expect(errors).toEqual([]);
});

async function scan(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
	expect(summary, summary.join('\n')).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
	test(`no axe violations on the catalogue, an exercise, the Share dialog and a link error (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto('exercises/');
		await expect(page.getByTestId('exercise-card').first()).toBeVisible();
		await scan(page);
		await page.goto('exercises/quorum-of-five/');
		// the predict step first (a form), then the run
		await expect(page.getByTestId('predict')).toBeVisible();
		await scan(page);
		await predict(page, null);
		await pause(page);
		await page.getByTestId('show-hint').click();
		await scan(page);
		await page.getByTestId('share').click();
		await expect(page.getByTestId('share-dialog')).toBeVisible();
		await page.getByTestId('make-link').click();
		await expect(page.getByTestId('make-errors')).toBeVisible();
		await scan(page);
		await page.goto('./#q1.broken');
		await expect(page.getByTestId('link-error')).toBeVisible();
		await pause(page);
		await scan(page);
	});
}

// the exercise comes first on every screen: its title is the page's heading, its task and goals are
// above the playground; on a phone the task folds under its title. Screenshots: tests/artifacts/exercise-*.png
for (const screen of [
	{ width: 1440, height: 900, phone: false },
	{ width: 1280, height: 720, phone: false },
	{ width: 390, height: 844, phone: true }
]) {
	test(`${screen.width}x${screen.height}: the exercise's title, task and goals come before the playground`, async ({ browser }) => {
		for (const lang of ['en', 'ko'] as const) {
			const context = await browser.newContext({
				viewport: { width: screen.width, height: screen.height },
				isMobile: screen.phone,
				hasTouch: screen.phone,
				locale: lang === 'ko' ? 'ko-KR' : 'en-US'
			});
			const page = await context.newPage();
			await page.goto('exercises/time-to-new-leader/');
			const m = messages[lang] as Record<string, string>;
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(m['time-to-new-leader.title']);
			await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
			await expect(page.getByTestId('exercise-instructions')).toBeVisible();
			// while the prediction is asked the goals wait (they would give its answer away)
			await expect(page.getByTestId('predict')).toBeVisible();
			await expect(page.getByTestId('goals-later')).toHaveText(m.goalsAfterPredict);
			await expect(page.getByTestId('goal')).toHaveCount(0);
			expect((await page.getByTestId('goals-later').boundingBox())!.y).toBeLessThan((await page.getByTestId('cluster-svg').boundingBox())!.y);
			await page.getByTestId('predict-skip').click();
			// paused for the screenshots, without scrolling the page to the button
			await page.getByTestId('pause').evaluate((b) => (b as HTMLButtonElement).click());
			await expect(page.getByTestId('play')).toBeAttached();
			await expect(page.getByTestId('goals-later')).toHaveCount(0);
			await expect(page.getByTestId('goal')).toBeVisible();
			await expect(page.getByTestId('goal')).toContainText(lang === 'en' ? 'within 10 s' : '10초 안에');
			await expect(page.getByTestId('goal')).not.toContainText(/\d{4,} ?ms/);
			const top = async (id: string) => (await page.getByTestId(id).first().boundingBox())?.y ?? Infinity;
			const picture = await top('cluster-svg');
			for (const id of ['exercise-title', 'exercise-instructions', 'goal']) expect(await top(id), id).toBeLessThan(picture);
			// all of it on the first screen
			expect(await top('goal')).toBeLessThan(screen.height);
			await page.screenshot({ path: `tests/artifacts/exercise-${screen.width}x${screen.height}-${lang}.png` });
			if (screen.phone) {
				const toggle = page.getByTestId('exercise-toggle');
				await expect(toggle).toHaveAttribute('aria-expanded', 'true');
				await toggle.click();
				await expect(toggle).toHaveAttribute('aria-expanded', 'false');
				await expect(page.getByTestId('exercise-instructions')).toBeHidden();
				await expect(page.getByTestId('exercise-title')).toBeVisible();
				expect(await top('cluster-svg')).toBeLessThan(picture);
				await page.screenshot({ path: `tests/artifacts/exercise-${screen.width}x${screen.height}-${lang}-folded.png` });
				await toggle.click();
				await expect(page.getByTestId('exercise-instructions')).toBeVisible();
			} else {
				await expect(page.getByTestId('exercise-toggle')).toBeHidden();
			}
			await context.close();
		}
	});
}
