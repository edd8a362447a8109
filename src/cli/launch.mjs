// Runs a CLI entry (src/cli/NAME.ts) from a prebuilt bundle, so start-up costs node alone, not a
// TypeScript loader: `node src/cli/launch.mjs sim FILE.json`. The bundle (dist/NAME.cjs, git-ignored)
// is built with esbuild (installed with vite and tsx) when it is missing or older than any source
// file it was built from; then it runs in this same process.
//
// The bundle is compiled with V8's code cache (what Node 22's module.enableCompileCache does, done by
// hand for Node 20): after a successful run the compiled code, the functions the run compiled lazily
// included, is kept beside the bundle (dist/NAME.<mtime>-<size>.v8cache), and the next start takes
// it instead of parsing and compiling again. V8 rejects a cache made by another V8 version or other
// flags; the launcher then compiles from source and writes a fresh one.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const name = process.argv[2];
if (!name || !/^[a-z-]+$/.test(name)) {
	process.stderr.write('usage: node src/cli/launch.mjs NAME [ARGS...]   (runs src/cli/NAME.ts)\n');
	process.exit(2);
}
const entry = join(root, 'src', 'cli', `${name}.ts`);
const dist = join(root, 'dist');
const bundle = join(dist, `${name}.cjs`);

/**
 * Whether the bundle must be built: it is missing, or one of the source files it was built from
 * (listed beside it at build time, dist/NAME.inputs.json) is gone or newer. A file added to the tree
 * matters only once an input imports it, and that input is then newer.
 */
function stale(inputsFile) {
	let built;
	let inputs;
	try {
		built = statSync(bundle).mtimeMs;
		inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
	} catch {
		return true;
	}
	if (!Array.isArray(inputs) || inputs.length === 0) return true;
	for (const f of inputs) {
		const s = statSync(join(root, String(f)), { throwIfNoEntry: false });
		if (s === undefined || s.mtimeMs > built) return true;
	}
	return false;
}

/** Write to a file aside, then rename it into place: processes started together never read half a file. */
function writeWhole(path, write) {
	const tmp = `${path}.${process.pid}.tmp`;
	write(tmp);
	renameSync(tmp, path);
}

const inputsFile = join(dist, `${name}.inputs.json`);
if (stale(inputsFile)) {
	const { buildSync } = await import('esbuild');
	mkdirSync(dist, { recursive: true });
	// the caches of earlier builds of this entry go (their names hold the build they fit)
	for (const f of readdirSync(dist)) if (f.startsWith(`${name}.`) && f.endsWith('.v8cache')) rmSync(join(dist, f), { force: true });
	const inputs = [];
	writeWhole(bundle, (tmp) => {
		const { metafile } = buildSync({
			entryPoints: [entry],
			outfile: tmp,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			// less to read and parse at every start (names are kept: messages and stacks stay readable)
			minifyWhitespace: true,
			minifySyntax: true,
			metafile: true,
			logLevel: 'error',
			banner: { js: '// built by src/cli/launch.mjs from src/cli; do not edit' }
		});
		// the project's own sources (esbuild names them relative to the working directory)
		for (const f of Object.keys(metafile.inputs)) if (!f.includes('node_modules')) inputs.push(relative(root, resolve(f)));
		// and this file, which says how the bundle is built
		inputs.push(relative(root, fileURLToPath(import.meta.url)));
	});
	writeWhole(inputsFile, (tmp) => writeFileSync(tmp, JSON.stringify(inputs)));
}

const source = readFileSync(bundle, 'utf8');
const built = statSync(bundle);
const cacheFile = join(dist, `${name}.${Math.round(built.mtimeMs)}-${built.size}.v8cache`);
let cachedData;
try {
	cachedData = readFileSync(cacheFile);
} catch {
	cachedData = undefined;
}
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
	// at the end of a run that went well, so the functions it compiled on the way are in the cache
	process.once('exit', (code) => {
		if (code !== 0) return;
		try {
			writeWhole(cacheFile, (tmp) => writeFileSync(tmp, script.createCachedData()));
		} catch {
			// a read-only checkout runs without a cache
		}
	});
}
// the entry reads its own arguments from process.argv.slice(2)
process.argv.splice(2, 1);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dist);
