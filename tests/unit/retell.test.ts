/**
 * A link retells its sender's console: each recorded put, get, delete and watch becomes the line
 * that makes it (src/lib/ui/playground/console.svelte.ts `retold`), and the line parses back to the
 * same request, so what the viewer reads is what the sender typed.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/lib/scenario/types';
import { retold } from '../../src/lib/ui/playground/console.svelte';

const ACTIONS: Step[] = [
	{ atMs: 1000, do: 'put', node: 1, key: 'foo', value: 'bar' },
	{ atMs: 1000, do: 'put', node: 1, key: 'foo', value: 'bar' },
	{ atMs: 1500, do: 'kill', node: 3 },
	{ atMs: 2000, do: 'put', node: 2, key: 'a key', value: 'say "hi"' },
	{ atMs: 2500, do: 'get', node: 2, key: 'foo', serializable: true },
	{ atMs: 2600, do: 'get', node: 1, key: 'health', serializable: false },
	{ atMs: 3000, do: 'delete', node: 1, key: 'foo' },
	{ atMs: 3500, do: 'watch', node: 3, key: 'w', fromRevision: 4 },
	{ atMs: 4000, do: 'get', node: 9, key: 'foo', serializable: false }
];

describe('retold console lines', () => {
	const entries = retold(ACTIONS, 3);

	it('one line per request, none for faults or members that do not exist', () => {
		expect(entries.map((e) => e.line)).toEqual([
			'put foo bar',
			'put foo bar',
			'put "a key" "say \\"hi\\""',
			'get foo --consistency=s',
			'endpoint health',
			'del foo',
			'watch w --rev=4'
		]);
		expect(entries.map((e) => e.endpoint)).toEqual([1, 1, 2, 2, 1, 1, 3]);
	});

	it('each line parses back to the request it stands for', () => {
		// (the console's parser has no --rev: a watch from a revision comes only from scenario files)
		const [p1, , p2, g, h, d] = entries.map((e) => e.command);
		expect(p1).toMatchObject({ kind: 'put', key: 'foo', value: 'bar' });
		expect(p2).toMatchObject({ kind: 'put', key: 'a key', value: 'say "hi"' });
		expect(g).toMatchObject({ kind: 'get', key: 'foo', serializable: true });
		expect(h).toMatchObject({ kind: 'health' });
		expect(d).toMatchObject({ kind: 'del', key: 'foo' });
		expect(entries[4].health).toEqual([{ label: '127.0.0.1:2379', opId: null }]);
	});

	it('two identical requests at one instant are told apart by their order', () => {
		expect(entries[0].match).toMatchObject({ kind: 'put', callUs: 1_000_000, nth: 0 });
		expect(entries[1].match).toMatchObject({ kind: 'put', callUs: 1_000_000, nth: 1 });
	});
});
