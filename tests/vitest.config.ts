import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests: TypeScript, and the UI's rune modules (.svelte.ts) through Svelte's compiler (no
// SvelteKit plugin). Paths resolve from the project root.
export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	plugins: [svelte({ configFile: false })],
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		passWithNoTests: true,
		// no test asserts speed (benchmarks do); a shared, busy machine must not fail a test by its clock
		testTimeout: 120_000
	}
});
