import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// This file lives in src/ to keep the top level small, but the project root (one level up) must
// stay Vite's root and SvelteKit's working directory: SvelteKit reads svelte.config.js and
// resolves src/routes etc. from process.cwd(), captured when '@sveltejs/kit/vite' is first imported,
// and sets Vite's root to it. npm scripts run from the root, so for them this is a no-op. Tools
// that load this file from src/ (svelte-check and the Svelte editor extension chdir into the
// config's directory and pass root: 'src') would otherwise get SvelteKit's defaults instead of
// svelte.config.js, so switch to the root before importing the plugin and pin Vite's root to it.
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
if (process.cwd() !== root) process.chdir(root);
const { sveltekit } = await import('@sveltejs/kit/vite');

const projectRoot: Plugin = {
	name: 'quorum:project-root',
	enforce: 'pre',
	config: { order: 'pre', handler: () => ({ root }) }
};

export default defineConfig({
	plugins: [projectRoot, sveltekit()],
	preview: {
		port: 4173,
		strictPort: true
	}
});
