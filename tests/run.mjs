// `npm test`: works as the very first command on a fresh clone. Installs what is missing (npm ci),
// syncs SvelteKit's generated files, runs the unit tests, then builds and runs the browser tests
// on a Chromium it finds (CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own), or
// says in one line how to get one. Plain Node, no dependencies: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, env = {}) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : -1);

// 1. dependencies: missing, or older than the lockfile
if (mtime(join(root, 'node_modules', '.package-lock.json')) < mtime(join(root, 'package-lock.json'))) {
	console.log('npm test: installing dependencies (npm ci)');
	run(npm, ['ci', '--no-audit', '--no-fund'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
}
// 2. SvelteKit's generated tsconfig and types (npm ci's prepare does this too)
run(process.execPath, [join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync']);

// 3. a browser for the e2e tests, before spending minutes on anything
async function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	for (const p of candidates) if (p && existsSync(p)) return p;
	try {
		const { chromium } = await import('@playwright/test');
		const own = chromium.executablePath();
		if (own && existsSync(own)) return own;
	} catch {
		// no Playwright browser either
	}
	return null;
}
const browser = await findChromium();

// 4. unit tests, then (with a browser) the build and the browser tests
run(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'tests/vitest.config.ts']);
if (browser === null) {
	console.error('npm test: no Chromium for the browser tests: apt-get install chromium (Debian/Ubuntu), or npx playwright install chromium, or set CHROMIUM_PATH.');
	process.exit(1);
}
run(npm, ['run', 'build']);
run(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--config', 'tests/playwright.config.ts'], { CHROMIUM_PATH: browser });
