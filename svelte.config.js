import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR: a second build (e.g. under a sub-path, in a test) that leaves build/ and .svelte-kit/ alone
		outDir: process.env.BUILD_DIR ? `${process.env.BUILD_DIR}.kit` : '.svelte-kit',
		adapter: adapter({
			pages: process.env.BUILD_DIR ?? 'build',
			assets: process.env.BUILD_DIR ?? 'build',
			fallback: undefined,
			precompress: false,
			strict: true
		}),
		paths: {
			// e.g. BASE_PATH=/quorum for a GitHub Pages project site; must start with '/' and not end with it.
			base: /** @type {'' | `/${string}`} */ (process.env.BASE_PATH ?? '')
		},
		prerender: {
			entries: ['*']
		}
	}
};

export default config;
