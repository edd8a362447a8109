/**
 * An instructor's exercise with a prediction (issue 9): built in the Share dialog (bad input gets a
 * clear message naming the field), shared as a q6 link, opened in a fresh page: the prediction is
 * asked first (nothing runs until it is answered, the instructor's text shown as text), the answer
 * is told back after the check, with the right one and the instructor's explanation.
 * Screenshots of the builder and the student's view: tests/artifacts/predict-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './live';
import { exercises as messages } from '../../src/lib/ui/messages/exercises';
import { kill } from './helpers';

test.describe.configure({ timeout: 120_000 });

const en = messages.en as Record<string, string>;
const ko = messages.ko as Record<string, string>;

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(e.message));
	return errors;
}

async function leaderKnown(page: Page): Promise<void> {
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
}

async function pause(page: Page): Promise<void> {
	const btn = page.getByTestId('pause');
	if (await btn.isVisible()) await btn.click();
	await expect(page.getByTestId('play')).toBeVisible();
}

async function scan(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
	expect(summary, summary.join('\n')).toEqual([]);
}

const fill = (template: string, params: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

const QUESTION = 'You stop n2 and n3, then put a key on n1.\nWhat does etcdctl print?';
const CHOICES = ['OK', 'Error: context deadline exceeded', '<b>leader changed</b>'];
const WHY = 'One member of three is no quorum: the put waits for a leader until the client gives up after 5 s.';

test('an instructor adds a prediction; a fresh page asks it first and tells the answer back after the check', async ({ page, browser }) => {
	const errors = watchErrors(page);
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.getByTestId('speed').selectOption('10');
	await leaderKnown(page);
	await pause(page);
	await page.getByTestId('share').click();
	await page.getByTestId('make-title').fill('Two of three down');
	await page.getByTestId('make-instructions-en').fill('Stop n2 and n3, then put a key on n1.');
	await page.getByTestId('make-goal').selectOption('putRefusedWithAliveMembers');
	await page.getByTestId('make-param-min').fill('1');

	// an empty prediction: one clear message per missing part
	await page.getByTestId('make-predict-ask').check();
	await page.getByTestId('make-link').click();
	const problems = page.getByTestId('make-errors');
	await expect(problems).toContainText(en['make.errorPredictQuestion']);
	await expect(problems).toContainText(fill(en['make.errorPredictChoice'], { n: 1 }));
	await expect(problems).toContainText(fill(en['make.errorPredictChoice'], { n: 2 }));
	await expect(problems).toContainText(en['make.errorPredictAnswer']);
	await expect(page.getByTestId('make-result')).toHaveCount(0);
	await scan(page);

	await page.getByTestId('make-predict-question').fill(QUESTION);
	await page.getByTestId('make-predict-add').click();
	await page.getByTestId('make-predict-add').click();
	await expect(page.getByTestId('make-predict-choice')).toHaveCount(4);
	// at most 4 choices
	await expect(page.getByTestId('make-predict-add')).toHaveCount(0);
	const choice = page.getByTestId('make-predict-choice');
	await choice.nth(0).fill(CHOICES[0]);
	await choice.nth(1).fill(CHOICES[1]);
	await choice.nth(2).fill(CHOICES[2]);
	await choice.nth(3).fill(' OK ');
	await page.getByTestId('make-predict-answer').nth(1).check();
	await page.getByTestId('make-link').click();
	await expect(problems).toHaveText(fill(en['make.errorPredictSame'], { a: 1, b: 4 }));
	// remove the 4th: the right answer stays the 2nd
	await page.getByTestId('make-predict-remove').nth(3).click();
	await expect(page.getByTestId('make-predict-choice')).toHaveCount(3);
	await expect(page.getByTestId('make-predict-answer').nth(1)).toBeChecked();
	await page.getByTestId('make-predict-why').fill(WHY);
	await page.getByTestId('make-link').click();
	await expect(page.getByTestId('make-errors')).toHaveCount(0);
	const link = await page.getByTestId('make-result').inputValue();
	expect(link).toMatch(/#q6\./);

	// a fresh page (a new browser context: nothing remembered) opens the link
	const context = await browser.newContext({ locale: 'en-US' });
	const student = await context.newPage();
	const studentErrors = watchErrors(student);
	await student.goto(link);
	await expect(student.getByTestId('exercise-title')).toHaveText('Two of three down');
	const predict = student.getByTestId('predict');
	await expect(predict).toBeVisible();
	await expect(predict.locator('legend')).toHaveText(en.predictHeading);
	await expect(student.getByTestId('predict-question')).toHaveText(QUESTION);
	await expect(student.getByTestId('predict-choice')).toHaveCount(3);
	for (const [i, text] of CHOICES.entries()) await expect(student.locator('label.choice').nth(i)).toHaveText(text);
	// the instructor's text is text: no markup from the link
	await expect(student.getByTestId('exercise').locator('b')).toHaveCount(0);
	// asked first: above the playground, and nothing runs until it is answered
	const top = async (id: string) => (await student.getByTestId(id).first().boundingBox())?.y ?? Infinity;
	expect(await top('predict')).toBeLessThan(await top('cluster-svg'));
	await expect(student.getByTestId('play')).toBeVisible();
	const startTime = await student.getByTestId('sim-time').first().textContent();
	await student.waitForTimeout(300);
	await expect(student.getByTestId('sim-time').first()).toHaveText(startTime ?? '');
	await expect(student.getByTestId('predict-lock')).toBeDisabled();
	await scan(student);

	// the student predicts "OK" (not what happens) and locks it in: the run starts
	await student.getByTestId('predict-choice').nth(0).check();
	await student.getByTestId('predict-lock').click();
	await expect(predict).toHaveCount(0);
	await expect(student.getByTestId('predicted')).toHaveText(fill(en.predictYours, { choice: CHOICES[0] }));
	await expect(student.getByTestId('pause')).toBeVisible();

	// solve it, then the check refers back to the prediction
	await kill(student, 2);
	await kill(student, 3);
	await student.getByTestId('endpoint').selectOption('1');
	await student.getByTestId('console-input').fill('put x 1');
	await student.getByTestId('console-input').press('Enter');
	await expect(student.getByTestId('exercise-status')).toContainText(en.solved, { timeout: 30_000 });
	const verdict = student.getByTestId('predict-verdict');
	await expect(verdict).toContainText(fill(en.predictWrong, { choice: CHOICES[0], answer: CHOICES[1] }));
	await expect(verdict).toContainText(WHY);
	await expect(student.getByTestId('exercise').locator('b')).toHaveCount(0);
	await student.screenshot({ path: 'tests/artifacts/predict-student-solved-1280x720-en.png' });
	expect(errors).toEqual([]);
	expect(studentErrors).toEqual([]);
	await context.close();
});

// the builder and the student's view on a laptop and a phone, in English and Korean (light and dark)
const KO_QUESTION = 'n2와 n3을 멈춘 뒤 n1에 키를 하나 쓰면 etcdctl은 무엇을 출력할까요?';
const KO_CHOICES = ['OK', 'Error: context deadline exceeded', 'etcdserver: leader changed'];
const KO_WHY = '세 멤버 중 하나만 남으면 쿼럼이 없습니다. put은 리더를 기다리다가 5초 뒤 클라이언트가 포기합니다.';

for (const screen of [
	{ width: 1440, height: 900, phone: false },
	{ width: 390, height: 844, phone: true }
]) {
	for (const lang of ['en', 'ko'] as const) {
		test(`${screen.width}x${screen.height} ${lang}: the builder's prediction and the student's predict step fit the screen`, async ({ browser }) => {
			const m = lang === 'ko' ? ko : en;
			const scheme = lang === 'ko' && !screen.phone ? 'dark' : screen.phone && lang === 'en' ? 'dark' : 'light';
			const context = await browser.newContext({
				viewport: { width: screen.width, height: screen.height },
				isMobile: screen.phone,
				hasTouch: screen.phone,
				locale: lang === 'ko' ? 'ko-KR' : 'en-US',
				colorScheme: scheme
			});
			const page = await context.newPage();
			const errors = watchErrors(page);
			await page.goto('./');
			await leaderKnown(page);
			await pause(page);
			await page.getByTestId('share').click();
			await page.getByTestId('make-title').fill(lang === 'ko' ? '셋 중 둘이 멈추면' : 'Two of three down');
			await page.getByTestId(lang === 'ko' ? 'make-instructions-ko' : 'make-instructions-en').fill(lang === 'ko' ? 'n2와 n3을 멈춘 뒤 n1에 키를 쓰세요.' : 'Stop n2 and n3, then put a key on n1.');
			await page.getByTestId('make-param-min').fill('1');
			await page.getByTestId('make-predict-ask').check();
			await page.getByTestId('make-predict-question').fill(lang === 'ko' ? KO_QUESTION : QUESTION);
			await page.getByTestId('make-predict-add').click();
			const cs = lang === 'ko' ? KO_CHOICES : CHOICES;
			for (const [i, c] of cs.entries()) await page.getByTestId('make-predict-choice').nth(i).fill(c);
			await page.getByTestId('make-predict-answer').nth(1).check();
			await page.getByTestId('make-predict-why').fill(lang === 'ko' ? KO_WHY : WHY);
			const fieldset = page.getByTestId('make-predict');
			await expect(fieldset.locator('legend')).toHaveText(m['make.predictLegend']);
			await fieldset.scrollIntoViewIfNeeded();
			// nothing in the prediction's box is wider than the box
			const overflow = await fieldset.evaluate((el) => {
				const box = el.getBoundingClientRect();
				return [...el.querySelectorAll('*')].filter((c) => {
					const r = c.getBoundingClientRect();
					return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
				}).length;
			});
			expect(overflow).toBe(0);
			await page.screenshot({ path: `tests/artifacts/predict-builder-${screen.width}x${screen.height}-${lang}-${scheme}.png` });
			await page.getByTestId('make-link').click();
			await expect(page.getByTestId('make-errors')).toHaveCount(0);
			const link = await page.getByTestId('make-result').inputValue();
			expect(link).toMatch(/#q6\./);

			const student = await context.newPage();
			const studentErrors = watchErrors(student);
			await student.goto(link);
			const predict = student.getByTestId('predict');
			await expect(predict).toBeVisible();
			await expect(predict.locator('legend')).toHaveText(m.predictHeading);
			await expect(student.getByTestId('predict-lock')).toHaveText(m.predictLock);
			await expect(student.getByTestId('predict-question')).toHaveText(lang === 'ko' ? KO_QUESTION : QUESTION);
			// on every screen the question is on the first screen, its choices inside the page's width
			const box = await predict.boundingBox();
			expect(box).not.toBeNull();
			expect(box!.x).toBeGreaterThanOrEqual(0);
			expect(box!.x + box!.width).toBeLessThanOrEqual(screen.width);
			expect(box!.y).toBeLessThan(screen.height);
			// and its button is shown whole, not cut off by the exercise's box nor by the screen
			const lock = await student.getByTestId('predict-lock').boundingBox();
			const panel = await student.locator('section.exercise').boundingBox();
			expect(lock && panel).toBeTruthy();
			expect(lock!.y + lock!.height).toBeLessThanOrEqual(Math.min(panel!.y + panel!.height, screen.height));
			await student.screenshot({ path: `tests/artifacts/predict-student-${screen.width}x${screen.height}-${lang}-${scheme}.png` });
			expect(errors).toEqual([]);
			expect(studentErrors).toEqual([]);
			await context.close();
		});
	}
}
