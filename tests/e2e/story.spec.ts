/**
 * Stories that travel (issue 9): a link retells what its sender saw (the console lines, the
 * narration, the markers on the time bar) in the viewer's own language unless the sender pinned
 * one; Restart goes back to the link's start with its setup, and a separate control starts blank;
 * a marker on the time bar reads itself and jumps to its moment.
 */
import { expect, test } from './live';
import { encodeLink, type LinkState } from '../../src/lib/scenario/link';
import { STORY } from './fixtures/story';

test.describe.configure({ timeout: 90_000 });


function simMs(text: string | null): number {
	return Math.round(Number((text ?? '').replace(/[^\d.]/g, '')) * 1000);
}

for (const [locale, lang, killed] of [
	['ko-KR', 'ko', /n3: 종료되었습니다/],
	['en-US', 'en', /n3 was killed/]
] as const) {
	test.describe(`a link opened by a ${locale} viewer`, () => {
		test.use({ locale });

		test('retells the story: console lines, narration and markers, in the viewer’s language', async ({ page }) => {
			await page.goto(`./#${encodeLink(STORY)}`);
			await expect(page.getByTestId('sim-time').first()).toContainText('9.000');
			await expect(page.locator('html')).toHaveAttribute('lang', lang);

			// the console: the lines the sender typed, each with what etcdctl printed
			const entries = page.getByTestId('console-output').getByTestId('entry');
			await expect(entries).toHaveCount(3);
			await expect(entries.nth(0)).toContainText('put foo bar');
			await expect(entries.nth(0).getByTestId('entry-output')).toHaveText('OK');
			await expect(entries.nth(1)).toContainText('get foo --consistency=s');
			await expect(entries.nth(1).getByTestId('entry-output')).toHaveText('foo\nbar');
			await expect(entries.nth(2)).toContainText('put greeting "hello world"');
			await expect(entries.nth(2).getByTestId('entry-output')).toHaveText('OK');

			// the narration: the kill and the election, not "nothing yet"
			await expect(page.getByTestId('narration')).toContainText(killed);

			// the time bar: a marker per action that shapes the cluster, and the elections
			const marks = page.getByTestId('timeline-marks');
			await expect(marks.getByTestId('mark-kill')).toHaveCount(1);
			await expect(marks.getByTestId('mark-partition')).toHaveCount(1);
			expect(await marks.getByTestId('mark-leader').count()).toBeGreaterThanOrEqual(1);
			expect(await marks.getByTestId('term-band').count()).toBeGreaterThanOrEqual(1);
		});
	});
}

test('a marker reads itself on focus and jumps to its moment; arrows go from marker to marker', async ({ page }) => {
	await page.goto(`./#${encodeLink(STORY)}`);
	await expect(page.getByTestId('sim-time').first()).toContainText('9.000');
	const kill = page.getByTestId('mark-kill');
	await kill.focus();
	await expect(page.getByTestId('mark-tip')).toContainText('n3');
	await kill.click();
	await expect.poll(async () => simMs(await page.getByTestId('sim-time').first().textContent())).toBe(3000);
	await expect(page.getByTestId('member-3')).toHaveAttribute('data-role', 'down');
	await page.keyboard.press('ArrowRight');
	await expect.poll(async () => simMs(await page.getByTestId('sim-time').first().textContent())).toBe(4000);
	await expect(page.getByTestId('mark-tip')).toContainText('n3 | n1 n2');
});

test.describe('markers close together', () => {
	test.use({ locale: 'en-US' });
test('markers drawn over each other on the bar are read together; a marker alone reads itself', async ({ page }) => {
	// two kills 10 ms apart: on a bar of 9 s they are a pixel apart, the later drawn over the earlier
	const twoKills: LinkState = { ...STORY, actions: [{ atMs: 3000, do: 'kill', node: 2 }, { atMs: 3010, do: 'kill', node: 3 }] };
	await page.goto(`./#${encodeLink(twoKills)}`);
	await expect(page.getByTestId('sim-time').first()).toContainText('9.000');
	const kills = page.getByTestId('mark-kill');
	await expect(kills).toHaveCount(2);
	await kills.nth(1).focus();
	const tip = page.getByTestId('mark-tip');
	await expect(tip).toContainText('n2 killed');
	await expect(tip).toContainText('n3 killed');
	// the first election, seconds before them, is read alone
	await page.getByTestId('mark-leader').first().focus();
	await expect(tip).toContainText('elected leader');
	await expect(tip).not.toContainText('killed');
});
});

test('Restart goes back to the link’s start with its setup; a blank cluster is a separate control', async ({ page }) => {
	await page.goto(`./#${encodeLink(STORY)}`);
	await expect(page.getByTestId('sim-time').first()).toContainText('9.000');
	await page.getByTestId('play').first().click();
	await expect.poll(async () => simMs(await page.getByTestId('sim-time').first().textContent())).toBeGreaterThan(9000);
	await page.getByTestId('reset').click();
	await expect(page.getByTestId('sim-time').first()).toContainText('9.000');
	await expect(page.getByTestId('member-3')).toHaveAttribute('data-role', 'down');
	await expect(page.getByTestId('console-output').getByTestId('entry')).toHaveCount(3);

	await page.getByTestId('blank').click();
	await expect(page.getByTestId('member-3')).not.toHaveAttribute('data-role', 'down');
	await expect(page.getByTestId('console-output').getByTestId('entry')).toHaveCount(0);
	await expect(page.getByTestId('blank')).toHaveCount(0);
	expect(new URL(page.url()).hash).toBe('');
});

// a link's narration tells each step at its own time, as its marker does (frames told during the
// replay lie farther apart than a running page's: a kill at 3.350 s was told at 3.400 s, a split
// at 1.069 s at 1.100 s, beside markers that said 3.350 and 1.069)
test('a link’s narration tells a kill and a split at the moments their markers name', async ({ page }) => {
	const state: LinkState = {
		...STORY,
		actions: [
			{ atMs: 1069, do: 'partition', groups: [[3], [1, 2]] },
			{ atMs: 2017, do: 'heal' },
			{ atMs: 3350, do: 'kill', node: 3 },
			{ atMs: 4123, do: 'restart', node: 3 }
		],
		atMs: 6000
	};
	await page.goto(`./#${encodeLink(state)}`);
	await expect(page.getByTestId('sim-time').first()).toContainText('6.000');
	const feed = page.getByTestId('narration');
	const at = async (key: string): Promise<number> => simMs(await feed.locator(`li[data-key="${key}"] .at`).first().textContent());
	await expect(feed.locator('li[data-key="n_killed"]')).toHaveCount(1);
	expect(await at('n_partitioned')).toBe(1069);
	expect(await at('n_healed')).toBe(2017);
	expect(await at('n_killed')).toBe(3350);
	expect(await at('n_restarted')).toBe(4123);
});

// a put sent to a member that was down fails for that reason, even when the member is back by the
// time it fails (it was told "n1 knew no leader to send it to", beside a leader n1 knew)
test('a put to a down member that is restarted before it fails is told as the endpoint being down', async ({ page }) => {
	const state: LinkState = {
		...STORY,
		actions: [
			{ atMs: 1000, do: 'kill', node: 1 },
			{ atMs: 1100, do: 'put', node: 1, key: 'foo', value: 'bar' },
			{ atMs: 1269, do: 'restart', node: 1 }
		],
		atMs: 8000
	};
	await page.goto(`./#${encodeLink(state)}`);
	await expect(page.getByTestId('sim-time').first()).toContainText('8.000');
	const feed = page.getByTestId('narration');
	await expect(feed.locator('li[data-key="n_putEndpointDown"]')).toHaveCount(1);
	await expect(feed.locator('li[data-key="n_putNotProposed"]')).toHaveCount(0);
	await expect(feed.locator('li[data-key="n_putEndpointDown"]')).toContainText('n1 is down');
});
