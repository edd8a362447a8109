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
			// unknown paths: static hosts (GitHub Pages, Netlify, nginx's error_page) send 404.html, which
			// draws +error.svelte in the viewer's language
			fallback: '404.html',
			precompress: false,
			strict: true
		}),
		paths: {
			// e.g. BASE_PATH=/quorum for a GitHub Pages project site; must start with '/' and not end with it.
			base: /** @type {'' | `/${string}`} */ (process.env.BASE_PATH ?? '')
		},
		prerender: {
			entries: ['*']
		},
		// Content-Security-Policy on every page (a <meta> tag in prerendered pages, with a hash of
		// SvelteKit's inline start-up script): scripts only from this origin plus those hashes, never
		// 'unsafe-inline' for scripts. style-src allows inline styles deliberately: components set
		// positions and sizes of SVG shapes and chart canvases through style attributes and
		// style: directives, and styles cannot run code. A <meta> CSP cannot set frame-ancestors, so
		// the embed stays embeddable in any slide deck (a host that serves headers may add it).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
