/**
 * The course's lessons played through the page, as a student would: kill members of 3 and watch a
 * write refused and recovered; cut the leader of 5 off into a minority and watch the majority carry
 * on with one committed history. Each runs on a phone and on a projector-sized screen, in English
 * and in Korean (the browser's language, which the page follows); screenshots
 * go to tests/artifacts/ (gitignored). Time runs at 10x; waits are for UI state, not for the clock.
 */
import { expect, test, withoutApp, type Page } from './live';
import { closeMember, dragMember, kill, leaderOf, openMember, openTab, pause, play, restart, run, setEndpoint, showSheet } from './helpers';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

// a lesson plays tens of simulated seconds through the UI: give it room on a busy machine
test.describe.configure({ timeout: 120_000 });

const SIZES = [
	{ name: 'phone', viewport: { width: 390, height: 844 } },
	{ name: 'laptop', viewport: { width: 1440, height: 900 } }
] as const;

/** What the page says, in the student's language (the browser's: the page follows it). */
const WORDS = {
	'en-US': {
		notCommitted31: 'put k2=v2 was not committed: only 1 of 3 members has the entry; 2 are needed',
		notCommitted52: 'only 2 of 5 members have the entry; 3 are needed',
		sideNo: '2 of 5: cannot commit',
		sideOk: '3 of 5: can elect and commit',
		doomed: 'put foo=old can never commit now',
		dropped: (n: number) => `n${n} dropped the uncommitted put foo`
	},
	'ko-KR': {
		notCommitted31: 'put k2=v2: 커밋되지 않았습니다. 멤버 3개 중 1개만 엔트리를 가지고 있고 2개가 필요합니다',
		notCommitted52: '멤버 5개 중 2개만 엔트리를 가지고 있고 3개가 필요합니다',
		sideNo: '5개 중 2개: 커밋 불가',
		sideOk: '5개 중 3개: 선출과 커밋 가능',
		doomed: 'put foo=old: 이제 절대 커밋될 수 없습니다',
		dropped: (n: number) => `n${n}: 커밋되지 않은 put foo`
	}
} as const;

async function start(page: Page, size: number): Promise<void> {
	await page.goto('./');
	// the page starts playing once hydrated (the prerendered HTML shows Play until then)
	await expect(page.getByTestId('pause')).toBeVisible();
	await pause(page);
	if (size !== 3) {
		await openTab(page, 'settings');
		await page.getByTestId('size').selectOption(String(size));
		await expect(page.locator('[data-testid^="member-"]')).toHaveCount(size);
	}
	await page.getByTestId('speed').selectOption('10');
	await play(page);
}

for (const { name, viewport } of SIZES) for (const locale of ['en-US', 'ko-KR'] as const) {
	const w = WORDS[locale];
	test.describe(`on a ${name} (${locale})`, () => {
		test.use({ viewport, locale });

		test('3 members: kill 2, a put times out; restart one, writes work and nothing was lost', async ({ page }) => {
			await start(page, 3);
			const leader = await leaderOf(page);
			await setEndpoint(page, leader);

			const first = await run(page, 'put foo bar');
			await expect(first.getByTestId('entry-output')).toHaveText('OK');

			// kill the two others (paused, so both die at one moment): one member of three is left, a quorum needs two
			await pause(page);
			const others = [1, 2, 3].filter((n) => n !== leader);
			for (const n of others) await kill(page, n);
			for (const n of others) await expect(page.getByTestId(`member-${n}`)).toHaveAttribute('data-role', 'down');
			await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'false');

			// the put waits (visible with its countdown) and gets etcd's error after the client timeout
			const lost = await run(page, 'put k2 v2');
			await showSheet(page, 'console');
			await expect(page.getByTestId('pending')).toContainText('put k2 v2');
			await play(page);
			await expect(lost.getByTestId('entry-output')).toHaveText('Error: context deadline exceeded', { timeout: 15_000 });
			await expect(page.getByTestId('pending')).toHaveCount(0);
			await showSheet(page, 'narration');
			await expect(page.getByTestId('narration')).toContainText(w.notCommitted31);

			// bring one back: two of three make a quorum again
			await restart(page, others[0]);
			await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
			const again = await run(page, 'put k3 v3');
			await expect(again.getByTestId('entry-output')).toHaveText('OK', { timeout: 15_000 });

			// the value written before the failure is still there
			const read = await run(page, 'get foo');
			await expect(read.getByTestId('entry-output')).toHaveText(/^foo\s+bar$/, { timeout: 15_000 });

			await openTab(page, 'safety');
			await expect(page.getByTestId('one-history')).toHaveAttribute('data-agree', 'true');
			await expect(page.locator('[data-testid="checks"] li[data-ok="false"]')).toHaveCount(0);
			await pause(page);
			await page.screenshot({ path: `${artifacts}playground-kill-two-of-three-${name}-${locale}.png` });
		});

		test('5 members: the leader cut off into a minority cannot commit; the majority elects; one history', async ({ page }) => {
			await start(page, 5);
			const old = await leaderOf(page);
			await setEndpoint(page, old);
			const first = await run(page, 'put foo v1');
			await expect(first.getByTestId('entry-output')).toHaveText('OK');

			// split: the leader and one follower on side B, the other three on side A
			await pause(page);
			const buddy = [1, 2, 3, 4, 5].find((n) => n !== old)!;
			if (name === 'laptop') {
				// on the picture: drag the leader, then its buddy, to a second side
				await dragMember(page, old, 1, 2);
				await expect(page.locator('[data-testid^="region-"][data-verdict]')).toHaveCount(2);
				await dragMember(page, buddy, 1, 3); // two sides and room for a third: the middle one is the leader's
				await expect(page.getByTestId('region-1')).toHaveAttribute('data-verdict', w.sideNo);
				await expect(page.getByTestId('region-0')).toHaveAttribute('data-verdict', w.sideOk);
			} else {
				// on a phone, the Network tab's side editor (a finger drag is covered by scene.spec)
				await openTab(page, 'network');
				await page.getByTestId(`chip-${old}`).click(); // pressing moves a member to the next side (A -> B)
				await page.getByTestId(`chip-${buddy}`).click();
				await expect(page.getByTestId('side-B').getByRole('button')).toHaveCount(2);
				await page.getByTestId('apply-partition').click();
			}
			await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'false');

			// a write to the old leader: it stores it and sends it to the one member it still reaches
			const lost = await run(page, 'put foo old');
			await play(page);

			// the three elect a new leader at a higher term
			await expect
				.poll(async () => {
					const text = (await page.getByTestId('q-leader').textContent()) ?? '';
					const m = /n(\d)/.exec(text);
					return m ? Number(m[1]) : 0;
				}, { timeout: 15_000 })
				.not.toBe(0);
			const fresh = await leaderOf(page);
			expect(fresh).not.toBe(old);
			expect(fresh).not.toBe(buddy);
			await expect(page.getByTestId(`member-${old}`)).not.toHaveAttribute('data-role', 'leader', { timeout: 15_000 });

			// the old leader's write never commits: the client gets etcd's error, the entry stays open
			await expect(lost.getByTestId('entry-output')).toHaveText('Error: context deadline exceeded', { timeout: 15_000 });
			await showSheet(page, 'narration');
			await expect(page.getByTestId('narration')).toContainText(w.notCommitted52);
			await openMember(page, old);
			await expect(page.getByTestId(`log-${old}`).locator('li[data-committed="false"]').first()).toBeAttached();
			await closeMember(page);
			await openTab(page, 'safety');
			await expect(page.getByTestId('one-history')).toHaveAttribute('data-agree', 'true');

			// heal: the old leader drops its uncommitted entry and takes the majority's history
			await showSheet(page, 'narration');
			await expect(page.getByTestId('narration')).toContainText(w.doomed);
			if (name === 'laptop') await page.getByTestId('scene-heal').click();
			else {
				await openTab(page, 'network');
				await page.getByTestId('heal').click();
			}
			await showSheet(page, 'narration');
			await expect(page.getByTestId('narration')).toContainText(w.dropped(old), { timeout: 15_000 });
			const read = await run(page, 'get foo');
			await expect(read.getByTestId('entry-output')).toHaveText(/^foo\s+v1$/, { timeout: 15_000 });
			await openTab(page, 'safety');
			await expect(page.getByTestId('one-history')).toHaveAttribute('data-agree', 'true');
			await expect(page.locator('[data-testid="checks"] li[data-ok="false"]')).toHaveCount(0);
			await expect(page.getByTestId('linearizable')).toHaveAttribute('data-value', 'true');
			await pause(page);
			await page.screenshot({ path: `${artifacts}playground-leader-in-minority-${name}-${locale}.png` });
		});
	});
}

test('the latency readout: figures from the first write, its sparkline once there are a few', async ({ page }) => {
	await start(page, 3);
	await setEndpoint(page, await leaderOf(page));
	const latency = page.getByTestId('latency');
	await expect(await run(page, 'put k0 v')).toContainText('OK');
	await expect(latency).toHaveAttribute('data-n', '1');
	await expect(latency).toContainText(/p50/);
	// one or two points drew a lone slanted stroke, no chart at all
	await expect(page.getByTestId('latency-spark')).toHaveCount(0);
	for (let i = 1; i < 5; i++) await expect((await run(page, `put k${i} v`)).getByTestId('entry-output')).toHaveText('OK');
	await expect(latency).toHaveAttribute('data-n', '5');
	await expect(page.getByTestId('latency-spark')).toHaveCount(1);
});

test('Play and Step are disabled until the app is live: a press on the prerendered page is not lost', async ({ browser }) => {
	// the prerendered page, as a browser shows it before the app starts (no script run yet)
	const still = await browser.newContext({ javaScriptEnabled: false });
	const before = withoutApp(await still.newPage());
	await before.goto('./');
	await expect(before.getByTestId('play')).toBeVisible();
	await expect(before.getByTestId('play')).toBeDisabled();
	await expect(before.getByTestId('step')).toBeDisabled();
	await still.close();
	// once it runs, they answer
	const live = await browser.newContext();
	const page = await live.newPage();
	await page.goto('./');
	await expect(page.getByTestId('pause')).toBeEnabled();
	await expect(page.getByTestId('step')).toBeEnabled();
	await live.close();
});

test('console: usage help for mistyped commands, endpoint status table, health, serializable read', async ({ page }) => {
	await start(page, 3);
	await leaderOf(page);
	await page.getByTestId('speed').selectOption('1'); // requests take milliseconds: no need to hurry the clock
	await setEndpoint(page, 1);

	const typo = await run(page, 'pt foo bar');
	await expect(typo.getByTestId('entry-output')).toContainText('Error: unknown command "pt" for "etcdctl"');
	await expect(typo.getByTestId('entry-output')).toContainText('put');

	const bad = await run(page, 'put foo');
	await expect(bad.getByTestId('entry-output')).toContainText('Error: put command needs 1 argument and input from stdin or 2 arguments');

	const quoted = await run(page, `put greeting "hello world"`);
	await expect(quoted.getByTestId('entry-output')).toHaveText('OK');
	// the command echoed as a shell shows it, to copy ("$etcdctl" lost its space to Svelte's trim)
	await expect(quoted.locator('.cmd')).toHaveText('$ etcdctl --endpoints=127.0.0.1:2379 put greeting "hello world"', { useInnerText: true });
	const s = await run(page, 'get greeting --consistency=s');
	await expect(s.getByTestId('entry-output')).toHaveText(/^greeting\s+hello world$/);

	// etcdctl prints simple by default; -w table draws the table
	const simple = await run(page, 'endpoint status');
	await expect(simple.getByTestId('entry-output')).toHaveText(/^127\.0\.0\.1:2379, 8e9e05c52164694d, 3\.5\.17, /);
	const status = await run(page, 'endpoint status -w table');
	for (const h of ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS']) {
		await expect(status.getByTestId('entry-output')).toContainText(h);
	}
	await expect(status.getByTestId('entry-output')).toContainText('127.0.0.1:2379');

	const health = await run(page, 'endpoint health');
	await expect(health.getByTestId('entry-output')).toContainText(/127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = [\d.]+(ms|µs)/, { timeout: 15_000 });

	const del = await run(page, 'del greeting');
	await expect(del.getByTestId('entry-output')).toHaveText('1');

	// a watch prints each change
	const watch = await run(page, 'watch k');
	const put = await run(page, 'put k v');
	await expect(put.getByTestId('entry-output')).toHaveText('OK');
	await expect(watch.getByTestId('entry-output')).toHaveText(/^PUT\s+k\s+v$/, { timeout: 15_000 });

	// going back in time hides what had not happened yet; forward again replays it, identically
	await pause(page);
	const total = await page.getByTestId('entry').count();
	const watched = await watch.getByTestId('entry-output').textContent();
	await page.getByTestId('timeline').fill('0');
	await expect(page.getByTestId('entry')).toHaveCount(0);
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'false');
	// said under the time, where the engine's count was (on a row of its own it moved the picture),
	// the whole sentence in its title
	await expect(page.getByTestId('future-ahead').locator('[aria-hidden="true"]')).toHaveText(/^\d+ recorded actions ahead$/);
	await expect(page.getByTestId('future-ahead')).toContainText(/\d+ recorded actions ahead \(play to replay them/);
	await expect(page.getByTestId('future-ahead')).toHaveAttribute('title', /recorded actions ahead \(play to replay them; a new action starts a new branch\)/);
	await page.getByTestId('speed').selectOption('10');
	await play(page);
	await expect(page.getByTestId('entry')).toHaveCount(total, { timeout: 15_000 });
	await expect(page.getByTestId('entry').nth(total - 2).getByTestId('entry-output')).toHaveText(watched ?? '', { timeout: 15_000 });
	await expect(page.getByTestId('entry').nth(total - 1).getByTestId('entry-output')).toHaveText('OK', { timeout: 15_000 });
	await expect(page.getByTestId('future-ahead')).toHaveCount(0);
	await expect(page.getByTestId('future-actions')).toHaveCount(0);
});
