import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// Playwright resolves relative paths (and webServer.cwd) from this file's directory, tests/.
const root = fileURLToPath(new URL('..', import.meta.url));
// E2E_PORT lets several checkouts run their browser tests side by side on one machine.
const port = Number(process.env.E2E_PORT ?? 4173);
const base = process.env.BASE_PATH ?? '';

// Prefer Debian's Chromium (nothing may download a browser here); fall back to Playwright's own.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const systemChromium = existsSync(chromiumPath)
	? {
			executablePath: chromiumPath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	: {};

export default defineConfig({
	testDir: `${root}tests/e2e`,
	outputDir: `${root}tests/artifacts/test-results`,
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	workers: 2,
	retries: 0,
	reporter: 'list',
	use: {
		// Trailing slash so page.goto('./') lands on the (possibly BASE_PATH-prefixed) home page.
		baseURL: `http://127.0.0.1:${port}${base}/`,
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: { ...devices['Desktop Chrome'], launchOptions: systemChromium }
		}
	],
	// Serves the production build (npm run test:e2e builds first). node runs vite directly so
	// the spawned PID is the server's own.
	webServer: {
		command: `node node_modules/vite/bin/vite.js preview --config src/vite.config.ts --host 127.0.0.1 --port ${port} --strictPort`,
		cwd: root,
		url: `http://127.0.0.1:${port}${base}/`,
		// Playwright sets FORCE_COLOR=1 for the server; with NO_COLOR also set Node prints a warning.
		env: { NO_COLOR: '', FORCE_COLOR: '0' },
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
