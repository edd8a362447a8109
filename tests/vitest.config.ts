import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Pure TypeScript unit tests; no SvelteKit plugin. Paths resolve from the project root.
export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		passWithNoTests: true,
		// no test asserts speed (benchmarks do); a shared, busy machine must not fail a test by its clock
		testTimeout: 120_000
	}
});
