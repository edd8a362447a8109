/** Steps a student takes on the playground, shared by the specs. */
import { expect, type Locator, type Page } from '@playwright/test';
import { encodeLink } from '../../src/lib/scenario/link';
import type { Step } from '../../src/lib/scenario/types';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

export async function pause(page: Page): Promise<void> {
	const btn = page.getByTestId('pause');
	// the prerendered page shows a disabled Play; the live page enables it and, with autoplay, turns it
	// into Pause at once: wait for the live button before deciding whether to press it
	await expect(btn.or(page.getByTestId('play'))).toBeEnabled();
	if (await btn.isVisible()) await btn.click();
	await expect(page.getByTestId('play')).toBeVisible();
}

export async function play(page: Page): Promise<void> {
	await page.getByTestId('play').click();
	await expect(page.getByTestId('pause')).toBeVisible();
}

/** The leader the quorum verdict names, once a write can commit. */
export async function leaderOf(page: Page): Promise<number> {
	await expect(page.getByTestId('q-verdict')).toHaveAttribute('data-can-commit', 'true', { timeout: 15_000 });
	const text = (await page.getByTestId('q-leader').textContent()) ?? '';
	const m = /n(\d)/.exec(text);
	expect(m, `leader in "${text}"`).not.toBeNull();
	return Number(m![1]);
}

/** Opens a member's inspector by clicking the member in the picture (unless it is open already). */
export async function openMember(page: Page, n: number): Promise<Locator> {
	const inspector = page.getByTestId('inspector');
	// the picture may still be settling (a card just closed gives it its room back, and the members
	// move to their new places): measure and click again until the click lands on the member
	await expect(async () => {
		if ((await inspector.count()) === 0 || (await inspector.getAttribute('data-member')) !== String(n)) {
			const box = await page.getByTestId(`node-${n}`).locator('circle.body').boundingBox();
			expect(box, `n${n} is drawn`).not.toBeNull();
			await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
		}
		await expect(inspector).toHaveAttribute('data-member', String(n), { timeout: 2_000 });
	}).toPass({ timeout: 15_000 });
	return inspector;
}

/** Kills a member through its inspector. */
export async function kill(page: Page, n: number): Promise<void> {
	const inspector = await openMember(page, n);
	await inspector.getByTestId(`kill-${n}`).click();
	await expect(inspector.getByTestId(`restart-${n}`)).toBeVisible();
}

/** Restarts a member through its inspector. */
export async function restart(page: Page, n: number): Promise<void> {
	const inspector = await openMember(page, n);
	await inspector.getByTestId(`restart-${n}`).click();
	await expect(inspector.getByTestId(`kill-${n}`)).toBeVisible();
}

/** Closes the inspector (its close button). */
export async function closeMember(page: Page): Promise<void> {
	const inspector = page.getByTestId('inspector');
	if ((await inspector.count()) > 0) await inspector.getByTestId('inspector-close').click();
	await expect(inspector).toHaveCount(0);
}

/** On a phone the console lives in the bottom sheet: show it (a no-op on wide screens). */
export async function showSheet(page: Page, tab: 'console' | 'narration' | 'member' | 'guide' | 'more'): Promise<void> {
	const t = page.getByTestId(`sheet-${tab}`);
	if (await t.isVisible()) await t.click();
}

/** Types an etcdctl command into the console; returns the entry it made. */
export async function run(page: Page, command: string): Promise<Locator> {
	await showSheet(page, 'console');
	const before = await page.getByTestId('entry').count();
	const input = page.getByTestId('console-input');
	await input.fill(command);
	await input.press('Enter');
	await expect(page.getByTestId('entry')).toHaveCount(before + 1);
	return page.getByTestId('entry').nth(before);
}

/** Opens a tab under the picture (on a phone: the sheet's More first). */
export async function openTab(page: Page, id: string): Promise<void> {
	await showSheet(page, 'more');
	const tab = page.getByTestId(`tab-${id}`);
	if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
	await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Points the console at a member (on a phone, in the console sheet). */
export async function setEndpoint(page: Page, n: number): Promise<void> {
	await showSheet(page, 'console');
	await page.getByTestId('endpoint').selectOption(String(n));
}

/** Client coordinates of a point in the picture's own units. */
async function clientPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
	return page.getByTestId('cluster-svg').evaluate(
		(svg, p) => {
			const q = new DOMPoint(p.x, p.y).matrixTransform((svg as SVGSVGElement).getScreenCTM()!);
			return { x: q.x, y: q.y };
		},
		{ x, y }
	);
}

/** Drags a member on the picture to the middle of side `col` of `cols` (the picture is 400 units wide). */
export async function dragMember(page: Page, member: number, col: number, cols: number): Promise<void> {
	const b = (await page.getByTestId(`node-${member}`).locator('circle.body').boundingBox())!;
	const from = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move(from.x + 12, from.y + 4, { steps: 3 });
	// the picture makes room for a new side once the drag starts: aim at the side then
	const to = await clientPoint(page, (400 / cols) * (col + 0.5), 150);
	await page.mouse.move(to.x, to.y, { steps: 8 });
	await page.mouse.up();
}

/** Any member's words over another member's words, crown or circle. */
export async function wordsOver(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const out: string[] = [];
		const nodes = [...document.querySelectorAll('[data-testid="cluster-svg"] [data-testid^="node-"]')].map((g) => ({
			id: g.getAttribute('data-testid'),
			parts: [...g.querySelectorAll('text, .crown path, circle.body')]
				.filter((e) => e.getClientRects().length > 0 && !e.closest('[display="none"]') && (e.tagName !== 'text' || e.textContent?.trim()))
				.map((e) => ({ what: e.tagName === 'text' ? e.textContent!.trim() : e.getAttribute('class')!.split(' ')[0] || 'crown', text: e.tagName === 'text', r: e.getBoundingClientRect() }))
		}));
		for (const a of nodes)
			for (const b of nodes)
				if (a.id !== b.id)
					for (const p of a.parts) for (const q of b.parts) if (p.text && p.r.left < q.r.right - 0.5 && q.r.left < p.r.right - 0.5 && p.r.top < q.r.bottom - 0.5 && q.r.top < p.r.bottom - 0.5) out.push(`${a.id} "${p.what}" over ${b.id} ${q.what}`);
		return out;
	});
}

/** The tabs under the picture: how many, and the names of those not whole inside their row. */
export async function tabsUnderPicture(page: Page): Promise<{ count: number; cut: string[] }> {
	const tabs = await page.locator('.more [role="tab"]').evaluateAll((els) =>
		els.map((e) => {
			const list = e.parentElement!.getBoundingClientRect();
			const r = e.getBoundingClientRect();
			return { name: e.textContent?.trim() ?? '', whole: r.left >= list.left - 0.5 && r.right <= list.right + 0.5 };
		})
	);
	return { count: tabs.length, cut: tabs.filter((x) => !x.whole).map((x) => x.name) };
}

/** A link to 5 members split 3 | 2 at 3 s, a client writing, opened paused at 3.4 s (heartbeats lost at the wall). */
export function splitLink(lang: 'en' | 'ko', theme: 'light' | 'dark'): string {
	const scenario = playgroundScenario({ size: 5 });
	const actions: Step[] = [
		{ do: 'partition', groups: [[1, 2, 3], [4, 5]], atMs: 3000 },
		{ do: 'load', node: 1, writesPerSec: 20, durationMs: 60_000, keys: 4, atMs: 3000 }
	];
	return `./#${encodeLink({ scenario, actions, atMs: 3400, view: { lang, theme } })}`;
}

/** The smallest on-screen font size (px) among the visible elements matching `selector` that hold words of their own. */
export async function smallestFont(page: Page, selector: string): Promise<{ px: number; text: string }> {
	return page.evaluate((selector) => {
		let min = { px: Infinity, text: '' };
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
			if (!own || el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
			const px = parseFloat(getComputedStyle(el).fontSize);
			if (px < min.px) min = { px, text: el.textContent!.trim() };
		}
		return min;
	}, selector);
}
