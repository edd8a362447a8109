import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({
			pages: 'build',
			assets: 'build',
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
