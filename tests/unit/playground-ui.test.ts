/** The playground's pure UI rules: keyboard shortcuts, speed steps, latency figures, op text. */
import { describe, expect, it } from 'vitest';
import { shortcutOf, type ElementLike } from '../../src/lib/ui/playground/shortcuts';
import { FIXED_SPEEDS as SPEEDS } from '../../src/lib/ui/pace';
import { nextSpeed } from '../../src/lib/ui/playground/speeds';
import { msText, opText, percentile } from '../../src/lib/ui/playground/stats';

/** An element that matches the selectors it is told it is inside of. */
function el(tagName: string, inside: string[] = []): ElementLike {
	return {
		tagName,
		closest: (selector: string) => (selector.split(',').some((s) => inside.some((i) => s.includes(i))) ? {} : null),
		getAttribute: () => null
	};
}
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
	it('maps the keys on the page body', () => {
		const body = el('BODY');
		expect(shortcutOf(key(' '), body)).toBe('playPause');
		expect(shortcutOf(key('ArrowLeft'), body)).toBe('back');
		expect(shortcutOf(key('ArrowRight'), body)).toBe('forward');
		expect(shortcutOf(key('['), body)).toBe('slower');
		expect(shortcutOf(key(']'), body)).toBe('faster');
		expect(shortcutOf(key('?'), body)).toBe('help');
		expect(shortcutOf(key('a'), body)).toBeNull();
		expect(shortcutOf(key('Enter'), body)).toBeNull();
	});

	it('never takes keys from text fields, selects, or keys with modifiers', () => {
		for (const k of [' ', 'ArrowLeft', 'ArrowRight', '[', ']', '?']) {
			expect(shortcutOf(key(k), el('INPUT', ['input']))).toBeNull();
			expect(shortcutOf(key(k), el('SELECT', ['select']))).toBeNull();
			expect(shortcutOf(key(k), el('TEXTAREA', ['textarea']))).toBeNull();
			expect(shortcutOf(key(k, { ctrlKey: true }), el('BODY'))).toBeNull();
			expect(shortcutOf(key(k, { metaKey: true }), el('BODY'))).toBeNull();
			expect(shortcutOf(key(k, { altKey: true }), el('BODY'))).toBeNull();
		}
		expect(shortcutOf(key('?'), { ...el('DIV'), isContentEditable: true })).toBeNull();
	});

	it('leaves arrows to tab lists, toolbars and the picture, and Space to buttons', () => {
		expect(shortcutOf(key('ArrowRight'), el('BUTTON', ['[role="tablist"]', 'button']))).toBeNull();
		expect(shortcutOf(key('ArrowLeft'), el('BUTTON', ['[role="toolbar"]', 'button']))).toBeNull();
		expect(shortcutOf(key('ArrowLeft'), el('g', ['svg']))).toBeNull();
		expect(shortcutOf(key(' '), el('BUTTON', ['button']))).toBeNull();
		expect(shortcutOf(key(' '), el('A', ['a[href]']))).toBeNull();
		// but a button outside those still lets arrows step
		expect(shortcutOf(key('ArrowRight'), el('BUTTON', ['button']))).toBe('forward');
	});

	it('steps the speed along the fixed list and stops at its ends', () => {
		expect(nextSpeed(SPEEDS, 1, 1)).toBe(2);
		expect(nextSpeed(SPEEDS, 1, -1)).toBe(0.5);
		expect(nextSpeed(SPEEDS, SPEEDS[SPEEDS.length - 1], 1)).toBe(SPEEDS[SPEEDS.length - 1]);
		expect(nextSpeed(SPEEDS, SPEEDS[0], -1)).toBe(SPEEDS[0]);
		// a speed between the steps (a link may carry any) goes to the neighbours
		expect(nextSpeed(SPEEDS, 3, 1)).toBe(5);
		expect(nextSpeed(SPEEDS, 3, -1)).toBe(2);
	});
});

describe('latency figures and op text', () => {
	it('takes nearest-rank percentiles', () => {
		expect(percentile([], 50)).toBe(0);
		expect(percentile([7], 99)).toBe(7);
		expect(percentile([4, 1, 3, 2], 50)).toBe(2);
		expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
		expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
	});

	it('writes milliseconds with a precision that fits them', () => {
		expect(msText(0.05)).toBe('0.05');
		expect(msText(4.234)).toBe('4.2');
		expect(msText(42.4)).toBe('42');
	});

	it('names the value a put wrote, so two puts to one key read differently', () => {
		expect(opText({ kind: 'put', key: 'foo', value: 'v2' })).toBe('put foo=v2');
		expect(opText({ kind: 'put', key: 'foo', value: 'v3' })).not.toBe(opText({ kind: 'put', key: 'foo', value: 'v2' }));
		expect(opText({ kind: 'delete', key: 'foo', value: null })).toBe('del foo');
	});
});

describe('message formatting', () => {
	it('fills placeholders and picks English singular or plural by the number', async () => {
		const { format } = await import('../../src/lib/ui/format');
		expect(format('{n} {n|member|members}', { n: 1 })).toBe('1 member');
		expect(format('{n} {n|member|members}', { n: 2 })).toBe('2 members');
		expect(format('{n} {n|member|members}', { n: 0 })).toBe('0 members');
		expect(format('only {h} of {n} members {h|has|have} it', { h: 1, n: 3 })).toBe('only 1 of 3 members has it');
		expect(format('{x} and {y}', { x: 'a' })).toBe('a and {y}');
		expect(format('{n|a|b}')).toBe('{n|a|b}');
	});
});
