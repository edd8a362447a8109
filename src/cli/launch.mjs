// Runs a CLI entry (src/cli/NAME.ts) from a prebuilt bundle, so start-up costs node alone, not a
// TypeScript loader: `node src/cli/launch.mjs sim FILE.json`. The bundle (dist/NAME.mjs, git-ignored)
// is built with esbuild (installed with vite and tsx) when it is missing or older than any source
// file under src/cli or src/lib; then it is imported in this same process.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const name = process.argv[2];
if (!name || !/^[a-z-]+$/.test(name)) {
	process.stderr.write('usage: node src/cli/launch.mjs NAME [ARGS...]   (runs src/cli/NAME.ts)\n');
	process.exit(2);
}
const entry = join(root, 'src', 'cli', `${name}.ts`);
const bundle = join(root, 'dist', `${name}.mjs`);

/** The newest modification time of any file under dir (ms). */
function newest(dir) {
	let t = 0;
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
	}
	return t;
}

function builtAt() {
	try {
		return statSync(bundle).mtimeMs;
	} catch {
		return -1;
	}
}

if (builtAt() < Math.max(newest(join(root, 'src', 'lib')), newest(join(root, 'src', 'cli')))) {
	const { buildSync } = await import('esbuild');
	mkdirSync(dirname(bundle), { recursive: true });
	// built aside and renamed into place: processes started together never read half a file
	const tmp = `${bundle}.${process.pid}.tmp`;
	buildSync({
		entryPoints: [entry],
		outfile: tmp,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'error',
		banner: { js: '// built by src/cli/launch.mjs from src/cli; do not edit' }
	});
	renameSync(tmp, bundle);
}
// the entry reads its own arguments from process.argv.slice(2)
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
