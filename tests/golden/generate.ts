/**
 * Writes the random golden scenarios (tests/golden/scenarios/random-NNN.json) from one fixed seed.
 * Run by hand only when the set itself should change:  npx tsx tests/golden/generate.ts
 * The files it writes are committed; the golden test reads the files, not this generator, so a
 * change here never silently changes what the goldens pin.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Prng } from '../../src/lib/sim/prng';

const COUNT = 100;
const dir = fileURLToPath(new URL('./scenarios/', import.meta.url));
const r = new Prng(20261202);

const int = (lo: number, hi: number): number => lo + (r.nextUint32() % (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[r.nextUint32() % xs.length];
const chance = (p: number): boolean => r.nextUint32() / 2 ** 32 < p;

type Json = Record<string, unknown>;

function groups(size: number): number[][] {
	for (;;) {
		const sides: number[][] = [[], [], []];
		for (let m = 1; m <= size; m++) sides[int(0, 2)].push(m);
		const out = sides.filter((g) => g.length > 0);
		if (out.length > 1) return out;
		if (size === 1) return [[1]];
	}
}

function fault(size: number, atMs: number): Json {
	const m = int(1, size);
	switch (pick(['kill', 'restart', 'partition', 'cut', 'heal', 'disk', 'load', 'transfer', 'kill', 'restart'] as const)) {
		case 'kill':
			return { atMs, do: 'kill', node: m };
		case 'restart':
			return { atMs, do: 'restart', node: m };
		case 'partition':
			return size > 1 ? { atMs, do: 'partition', groups: groups(size) } : { atMs, do: 'heal' };
		case 'cut': {
			if (size === 1) return { atMs, do: 'heal' };
			const to = ((m - 1 + int(1, size - 1)) % size) + 1;
			return { atMs, do: 'cut', from: m, to };
		}
		case 'heal':
			return { atMs, do: 'heal' };
		case 'disk':
			return { atMs, do: 'disk', node: m, fsyncMs: pick([0.5, 1, 2, 10, 50, 300, 1500]) };
		case 'load':
			return { atMs, do: 'load', node: m, writesPerSec: pick([5, 20, 50, 100]), durationMs: int(200, 3000), keys: int(1, 3) };
		case 'transfer':
			return { atMs, do: 'transfer', to: m };
	}
}

function client(size: number, atMs: number, n: number): Json {
	const node = int(1, size);
	const key = pick(['a', 'b', 'c']);
	switch (pick(['put', 'put', 'put', 'get', 'get', 'delete', 'watch'] as const)) {
		case 'put':
			return { atMs, do: 'put', node, key, value: `v${n}` };
		case 'get':
			return { atMs, do: 'get', node, key, serializable: chance(0.3) };
		case 'delete':
			return { atMs, do: 'delete', node, key };
		case 'watch':
			return { atMs, do: 'watch', node, key };
	}
}

function scenario(i: number): Json {
	const size = pick([1, 2, 3, 3, 3, 4, 5, 5, 6, 7]);
	const untilMs = int(4000, 20000);
	const steps: Json[] = [];
	const actions: Json[] = [];
	const faults = int(0, 10);
	const clients = int(0, 25);
	for (let k = 0; k < faults; k++) steps.push(fault(size, int(0, untilMs - 1000)));
	for (let k = 0; k < clients; k++) steps.push(client(size, int(0, untilMs - 500), k));
	steps.sort((a, b) => (a.atMs as number) - (b.atMs as number));
	// a third also carry playground actions (replayed after the engine's events at their time)
	if (i % 3 === 0) {
		const n = int(1, 6);
		for (let k = 0; k < n; k++) actions.push(chance(0.5) ? fault(size, int(0, untilMs - 500)) : client(size, int(0, untilMs - 500), 100 + k));
		actions.sort((a, b) => (a.atMs as number) - (b.atMs as number));
	}
	const s: Json = {
		version: 1,
		seed: r.nextUint32(),
		title: `random golden ${i}`,
		cluster: {
			size,
			preVote: chance(0.8),
			checkQuorum: chance(0.85),
			heartbeatMs: pick([50, 100, 100]),
			electionMs: pick([500, 1000, 1000, 1500])
		},
		network: { latencyMs: pick([0.1, 0.5, 2, 10]), jitterMs: pick([0, 0.1, 1]), lossRate: pick([0, 0, 0, 0.01, 0.1]) },
		disk: chance(0.3) ? { fsyncMs: pick([0.5, 1, 5]), jitterMs: pick([0.2, 1, 5]) } : { fsyncMs: pick([0.5, 1, 5]) },
		client: { timeoutMs: pick([1000, 5000, 5000, 10000]) },
		steps,
		untilMs
	};
	if (actions.length > 0) s.actions = actions;
	return s;
}

mkdirSync(dir, { recursive: true });
for (let i = 0; i < COUNT; i++) {
	const name = `random-${String(i).padStart(3, '0')}.json`;
	writeFileSync(dir + name, JSON.stringify(scenario(i), null, 1) + '\n');
}
console.log(`wrote ${COUNT} scenarios to ${dir}`);
