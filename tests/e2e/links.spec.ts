/**
 * Share links in Chromium: a link opens the playground at the very state the CLI reaches for the
 * same scenario (the page's trace digest equals the CLI report's traceHash), with the link's view;
 * every broken link (cut, flipped, random, future version, oversized) shows the clear message and a
 * working cluster, with no error in the console; text from a link is never markup.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './live';
import { decodeLink, encodeLink, LinkError, toScenarioFile, traceHashOf, type LinkState } from '../../src/lib/scenario/link';
import { validateScenario } from '../../src/lib/scenario/validate';
import { exercises as messages } from '../../src/lib/ui/messages/exercises';

const root = fileURLToPath(new URL('../..', import.meta.url));

test.describe.configure({ timeout: 60_000 });

const STATE: LinkState = {
	scenario: validateScenario({ version: 1, seed: 7, cluster: { size: 5 }, untilMs: 3_600_000 }),
	actions: [
		{ atMs: 1500, do: 'put', node: 1, key: 'foo', value: 'bar' },
		{ atMs: 2200, do: 'kill', node: 2 },
		{ atMs: 2200, do: 'kill', node: 3 },
		{
			atMs: 3000.5,
			do: 'partition',
			groups: [
				[1, 2, 3, 4],
				[5]
			]
		},
		{ atMs: 3500, do: 'put', node: 4, key: 'k', value: 'v' },
		{ atMs: 5000, do: 'heal' },
		{ atMs: 5200, do: 'restart', node: 2 },
		{ atMs: 6000, do: 'get', node: 2, key: 'foo', serializable: true }
	],
	atMs: 7250,
	view: { lang: 'ko', speed: 5, theme: 'dark' }
};

/** Fails the test on any console error or uncaught page error. */
function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(e.message));
	return errors;
}

function cliTraceHash(state: LinkState): string {
	const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/sim.ts', '-'], {
		cwd: root,
		input: JSON.stringify(toScenarioFile(state)),
		encoding: 'utf8'
	});
	return (JSON.parse(out) as { traceHash: string }).traceHash;
}

test('a link opens the same state as the CLI running the same scenario, with its view', async ({ page }) => {
	const errors = watchErrors(page);
	const expected = traceHashOf(STATE);
	expect(cliTraceHash(STATE)).toBe(expected);
	const payload = encodeLink(STATE);
	expect(payload.length).toBeLessThan(300);

	await page.goto(`./#${payload}`);
	await expect(page.getByTestId('state-digest')).toHaveAttribute('data-trace-hash', expected);
	await expect(page.getByTestId('link-notice')).toBeVisible();
	await expect(page.getByTestId('link-error')).toHaveCount(0);
	// opened paused at the link's moment, in its language, theme and speed
	await expect(page.getByTestId('play')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(page.getByTestId('speed')).toHaveValue('5');
	await expect(page.getByTestId('member-2')).not.toHaveAttribute('data-role', 'down');
	await expect(page.getByTestId('member-3')).toHaveAttribute('data-role', 'down');
	// "press Play to go on": once it plays, the notice has said its word and gives its row back
	await page.getByTestId('play').click();
	await expect(page.getByTestId('link-notice')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('the Share dialog gives a link that reopens the same state, and the embed code', async ({ page }) => {
	const errors = watchErrors(page);
	await page.goto(`./#${encodeLink(STATE)}`);
	const digest = page.getByTestId('state-digest');
	await expect(digest).toHaveAttribute('data-trace-hash', traceHashOf(STATE));
	// take two more steps, then share
	await page.getByTestId('step').click();
	await page.getByTestId('step').click();
	const hash = await digest.getAttribute('data-trace-hash');
	await page.getByTestId('share').click();
	const link = await page.getByTestId('share-link').inputValue();
	expect(link).toMatch(/#q4\./);
	const shared = decodeLink(link.slice(link.indexOf('#') + 1));
	expect(traceHashOf(shared)).toBe(hash);
	// the language travels only when pinned: otherwise each viewer reads the link in their own
	expect(shared.view.lang).toBeUndefined();
	await page.getByTestId('pin-lang').check();
	const pinned = await page.getByTestId('share-link').inputValue();
	expect(decodeLink(pinned.slice(pinned.indexOf('#') + 1)).view.lang).toBe('ko');
	await page.getByTestId('embed-controls').selectOption('full');
	const code = await page.getByTestId('embed-code').inputValue();
	expect(code).toContain('<iframe src="');
	expect(code).toContain('embed/?controls=full#q4.');
	await page.getByTestId('share-close').click();

	// a new link in the same page (hashchange) opens too
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeVisible();
	await page.evaluate((p) => (location.hash = p), link.slice(link.indexOf('#') + 1));
	await expect(digest).toHaveAttribute('data-trace-hash', hash!);
	expect(errors).toEqual([]);
});

// ------------------------------------------------------------------------------- broken links

const GOOD = encodeLink(STATE);
const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
const BROKEN: Record<string, string> = {
	'cut after the version': GOOD.slice(0, 3),
	'cut after 10 chars': GOOD.slice(0, 10),
	'cut in the middle': GOOD.slice(0, Math.floor(GOOD.length / 2)),
	'cut before the end': GOOD.slice(0, -1),
	'a flipped char near the start': flip(GOOD, 5),
	'a flipped char in the middle': flip(GOOD, Math.floor(GOOD.length / 2)),
	'a flipped char near the end': flip(GOOD, GOOD.length - 3),
	'a random word': 'hello-world',
	'random base64': 'q1.Zm9vYmFyYmF6cXV4~',
	'garbage after the version': 'q1.!!!!~',
	'a future version': `q9.${GOOD.slice(3)}`,
	oversized: `q1.${'A'.repeat(20_000)}~`,
	'markup instead of a link': encodeURIComponent('<img src=x onerror="window.__pwned=1">')
};

test('a mangled link at 1280x720: the detail names the link format of today, and the console keeps its prompt on screen', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en' });
	const page = await context.newPage();
	await page.goto('./#Q4.garbage');
	await expect(page.getByTestId('link-error')).toBeVisible();
	// it pointed to "q1." while every link made today starts with "q4."
	const detail = (await page.getByTestId('link-error-detail').textContent()) ?? '';
	const newest = Number(/"q1\." to "q(\d+)\."/.exec(detail)?.[1]);
	expect(newest, detail).toBeGreaterThanOrEqual(Number(GOOD.slice(1, GOOD.indexOf('.'))));
	const prompt = (await page.getByTestId('console-input').boundingBox())!;
	expect(prompt.y + prompt.height, "the console's prompt under the banner (it was at 727 px)").toBeLessThanOrEqual(720);
	await page.screenshot({ path: fileURLToPath(new URL('../artifacts/link-error-1280x720.png', import.meta.url)) });
	await context.close();
});

for (const [name, bad] of Object.entries(BROKEN)) {
	test(`broken link (${name}): a clear message and a working cluster`, async ({ page }) => {
		const errors = watchErrors(page);
		let code: string;
		try {
			decodeLink(bad.includes('%') ? decodeURIComponent(bad) : bad);
			throw new Error(`"${name}" decoded`);
		} catch (e) {
			expect(e).toBeInstanceOf(LinkError);
			code = (e as LinkError).code;
		}
		await page.goto(`./#${bad}`);
		const banner = page.getByTestId('link-error');
		await expect(banner).toBeVisible();
		await expect(page.getByTestId('link-error-reason')).toHaveText(messages.en[`linkError.${code}` as keyof typeof messages.en]);
		// a working default cluster: it plays and elects a leader
		await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
		await expect(page.locator('[data-testid^="member-"]')).toHaveCount(3);
		// dismissible
		await page.getByTestId('link-error-dismiss').click();
		await expect(banner).toHaveCount(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(errors).toEqual([]);
	});
}

test('markup in a custom exercise is shown as text, never as elements', async ({ page }) => {
	const errors = watchErrors(page);
	const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b id="injected">bold</b>';
	const payload = encodeLink({
		scenario: validateScenario({ version: 1, seed: 1, cluster: { size: 3 }, untilMs: 3_600_000 }),
		actions: [],
		atMs: 0,
		view: {},
		custom: { title: evil, instructions: { en: evil }, goals: [{ kind: 'putSucceededAfterFailure', params: {} }], sinceMs: 0 }
	});
	await page.goto(`./#${payload}`);
	await expect(page.getByTestId('exercise-title')).toHaveText(evil);
	await expect(page.getByTestId('exercise-instructions')).toHaveText(evil);
	await expect(page.locator('#injected')).toHaveCount(0);
	await expect(page.locator('[data-testid="exercise"] img, [data-testid="exercise"] script')).toHaveCount(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	expect(errors).toEqual([]);
});

// a broken link's message never says a sentence twice, and in Korean it has no English (the decoder's
// own sentences are English: Korean read '자세한 내용: This link could not be read...', the embed
// '(This link is incomplete...)' after the same reason in Korean, and English said it twice)
const sentences = (text: string): string[] =>
	text
		.split(/(?<=[.!?])\s+|[()]/)
		.map((x) => x.trim().toLowerCase().replace(/^(this|the) link/, 'link').replace(/[.!?\s]+$/, ''))
		.filter((x) => x.length > 0);
const WORDS_ALLOWED_IN_KOREAN = /Quorum Playground|etcd/g;
for (const locale of ['en-US', 'ko-KR'] as const)
	test.describe(`broken links in ${locale}`, () => {
		test.use({ locale, viewport: { width: 960, height: 540 } });
		for (const [name, bad] of Object.entries({ ...BROKEN, 'q4 and garbage': 'q4.garbage' })) {
			test(`${name}: each sentence once${locale === 'ko-KR' ? ', no English' : ''} (page and embed)`, async ({ page }) => {
				for (const where of ['./', 'embed/'] as const) {
					await page.goto(`${where}#${bad}`);
					const box = page.getByTestId(where === './' ? 'link-error' : 'embed-problem');
					await expect(box).toBeVisible();
					if (name === 'q4 and garbage') await page.screenshot({ path: `${root}tests/artifacts/screens/badlink-${where === './' ? 'page' : 'embed'}-${locale}.png` });
					const text = (await box.innerText()).replace(/\s+/g, ' ');
					const said = sentences(text);
					expect(said.filter((x, i) => said.indexOf(x) !== i), `${where}: ${text}`).toEqual([]);
					if (locale === 'ko-KR') expect(text.replace(WORDS_ALLOWED_IN_KOREAN, ''), `${where}: ${text}`).not.toMatch(/[A-Za-z]{3,}/);
				}
			});
		}
	});
