import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Pure TypeScript unit tests; no SvelteKit plugin. Paths resolve from the project root.
export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		passWithNoTests: true
	}
});
