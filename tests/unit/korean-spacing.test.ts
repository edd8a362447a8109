/**
 * Korean text attaches the copula and particles to the word before them, a number, a unit, a
 * placeholder or an English word alike: "10 ms일 때", "p99입니다", "{ms} ms부터", "fsync들이",
 * "put하면", never "10 ms 일 때". Every Korean message of every set is read.
 */
import { describe, expect, it } from 'vitest';
import { common } from '../../src/lib/ui/messages/common';
import { exercises } from '../../src/lib/ui/messages/exercises';
import { lab } from '../../src/lib/ui/messages/lab';
import { lifecycle } from '../../src/lib/ui/messages/lifecycle';
import { playground } from '../../src/lib/ui/messages/playground';
import { scene } from '../../src/lib/ui/messages/scene';

const sets = { common, exercises, lab, lifecycle, playground, scene } as Record<string, { ko: Record<string, string> }>;

/** A space between a Latin letter, digit, closing brace or parenthesis and what must attach to it. */
const DETACHED = /[A-Za-z0-9})] (?:(?:입니다|입니까|일 때|일 뿐|부터|까지|하면|해서|여도|이어도|들이|들을|들은|들의|에서|으로|에게|에는)|(?:이면|을|를|은|는|이|가|의|에|와|과|도|만)(?=[\s.,:;!?)”"'’]|$))/u;

describe('Korean spacing', () => {
	it('no message puts a space before a copula or particle after a number, unit, placeholder or English word', () => {
		const found: string[] = [];
		for (const [set, m] of Object.entries(sets))
			for (const [key, text] of Object.entries(m.ko)) {
				const hit = DETACHED.exec(text);
				if (hit) found.push(`${set}.${key}: …${text.slice(Math.max(0, hit.index - 20), hit.index + hit[0].length + 5)}…`);
			}
		expect(found).toEqual([]);
	});

	it('the check finds what it looks for', () => {
		for (const bad of ['10 ms 일 때', 'p99 입니다.', '{ms} ms 부터는', 'fsync 들이 ', 'put 하면 ']) expect(DETACHED.test(bad), bad).toBe(true);
		for (const good of ['10 ms일 때', 'p99입니다.', '{ms} ms부터는', 'fsync들이 ', 'put하면 ', '⌊n/2⌋ + 1 개의 멤버', 'put 한 번에']) expect(DETACHED.test(good), good).toBe(false);
	});
});
