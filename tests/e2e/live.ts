/**
 * The specs' `test`: Playwright's, with every page's `goto` and `reload` waiting until the app is
 * live. A page of this site is prerendered: its buttons and tabs are drawn before the app starts,
 * and a press in that moment is lost (a test that clicked the quorum tab then waited for a table
 * that never came). The root layout marks `<html data-live>` once the app runs; pages that are not
 * the app (a Marp or reveal.js deck, a blank page) are not waited on.
 */
import { test as base, type Page } from '@playwright/test';

export * from '@playwright/test';

type Goto = Page['goto'];
type Reload = Page['reload'];

/** True once the page is not a SvelteKit page, or its app has started. */
function appStarted(): boolean {
	const kit = Array.from(document.scripts).some((s) => (s.textContent ?? '').includes('__sveltekit'));
	return !kit || document.documentElement.dataset.live === 'true';
}

const patched = new WeakSet<object>();
const notWaited = new WeakSet<Page>();

/** A page whose app is never to start (its context has JavaScript off): goto does not wait on it. */
export function withoutApp(page: Page): Page {
	notWaited.add(page);
	return page;
}

function patch(proto: Page): void {
	if (patched.has(proto)) return;
	patched.add(proto);
	const goto: Goto = proto.goto;
	const reload: Reload = proto.reload;
	proto.goto = async function (this: Page, ...args: Parameters<Goto>) {
		const res = await goto.apply(this, args);
		if (!notWaited.has(this)) await this.waitForFunction(appStarted);
		return res;
	};
	proto.reload = async function (this: Page, ...args: Parameters<Reload>) {
		const res = await reload.apply(this, args);
		if (!notWaited.has(this)) await this.waitForFunction(appStarted);
		return res;
	};
}

export const test = base.extend<object, { liveGoto: void }>({
	// once per worker, before any test: every page made in it (by the page fixture or by a
	// spec's own browser.newContext) shares the prototype patched here
	liveGoto: [
		async ({ browser }, use) => {
			const context = await browser.newContext();
			const page = await context.newPage();
			patch(Object.getPrototypeOf(page) as Page);
			await context.close();
			await use();
		},
		{ scope: 'worker', auto: true }
	]
});
