/**
 * JSON syntax errors worded the same in every engine: our own RFC 8259 scanner finds the first
 * error and its line and column (V8 often gives no position at all).
 */
import { ScenarioError } from './fields';


export function jsonError(text: string, err: unknown): ScenarioError {
	// Engines word (and locate) syntax errors differently, and V8 often gives no position at all,
	// so find the first error with our own scanner: the same message in every browser and in Node.
	const found = locateJsonError(text);
	if (found !== null) {
		const { line, column } = lineColumn(text, found.pos);
		return new ScenarioError(
			'(json)',
			`not valid JSON (${found.reason} at position ${found.pos}, line ${line} column ${column})`
		);
	}
	// The text is valid JSON, yet the engine gave up: nesting too deep for it, or out of memory.
	const name = err instanceof Error ? err.name : 'error';
	return new ScenarioError(
		'(json)',
		name === 'RangeError' ? 'could not be read (nested too deeply)' : `could not be read (${name})`
	);
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < pos && i < text.length; i++) {
		if (text.charCodeAt(i) === 0x0a) {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: pos - lineStart + 1 };
}

function describeChar(text: string, pos: number): string {
	const cp = text.codePointAt(pos) ?? 0;
	if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) {
		return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
	}
	return `'${String.fromCodePoint(cp)}'`;
}

/** The first JSON syntax error in `text` (RFC 8259), or null if it is valid. Iterative: no depth limit. */
export function locateJsonError(text: string): { pos: number; reason: string } | null {
	const n = text.length;
	const stack: number[] = []; // 0x5b '[' or 0x7b '{'
	let i = 0;
	type Mode = 'value' | 'key' | 'after';
	let mode: Mode = 'value';
	const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
	const isHex = (c: number): boolean =>
		isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
	const skipWs = (): void => {
		while (i < n) {
			const c = text.charCodeAt(i);
			if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
			i++;
		}
	};
	const fail = (reason: string): { pos: number; reason: string } =>
		i >= n ? { pos: n, reason: 'unexpected end of input' } : { pos: i, reason };
	// Each scanner returns null on success (with i past the token) or the error.
	const scanString = (): { pos: number; reason: string } | null => {
		i++; // opening quote
		while (i < n) {
			const c = text.charCodeAt(i);
			if (c === 0x22) {
				i++;
				return null;
			}
			if (c < 0x20) return fail(`bad control character (${describeChar(text, i)}) in a string`);
			if (c === 0x5c) {
				i++;
				if (i >= n) return fail('');
				const e = text.charCodeAt(i);
				if (e === 0x75) {
					for (let k = 1; k <= 4; k++) {
						if (i + k >= n) {
							i = n;
							return fail('');
						}
						if (!isHex(text.charCodeAt(i + k))) {
							i += k;
							return fail('bad \\u escape in a string');
						}
					}
					i += 5;
				} else if ('"\\/bfnrt'.includes(text.charAt(i))) {
					i++;
				} else {
					return fail('bad escape in a string');
				}
				continue;
			}
			i++;
		}
		return fail('');
	};
	const digits = (what: string): { pos: number; reason: string } | null => {
		if (i >= n || !isDigit(text.charCodeAt(i))) return fail(`expected a digit ${what}`);
		while (i < n && isDigit(text.charCodeAt(i))) i++;
		return null;
	};
	const scanNumber = (): { pos: number; reason: string } | null => {
		if (text.charCodeAt(i) === 0x2d) i++;
		if (i < n && text.charCodeAt(i) === 0x30) i++;
		else {
			const e = digits('in a number');
			if (e) return e;
		}
		if (i < n && text.charCodeAt(i) === 0x2e) {
			i++;
			const e = digits("after '.' in a number");
			if (e) return e;
		}
		if (i < n && (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45)) {
			i++;
			if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
			const e = digits('in an exponent');
			if (e) return e;
		}
		return null;
	};

	for (;;) {
		skipWs();
		if (mode === 'value') {
			if (i >= n) return fail('');
			const c = text.charCodeAt(i);
			if (c === 0x7b || c === 0x5b) {
				i++;
				skipWs();
				if (i < n && text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
					i++;
					mode = 'after';
				} else {
					stack.push(c);
					mode = c === 0x7b ? 'key' : 'value';
				}
			} else if (c === 0x22) {
				const e = scanString();
				if (e) return e;
				mode = 'after';
			} else if (c === 0x2d || isDigit(c)) {
				const e = scanNumber();
				if (e) return e;
				mode = 'after';
			} else {
				const word = ['true', 'false', 'null'].find((w) => w.charCodeAt(0) === c);
				if (word === undefined) return fail(`unexpected ${describeChar(text, i)}`);
				for (let k = 0; k < word.length; k++) {
					if (i >= n) return fail('');
					if (text.charCodeAt(i) !== word.charCodeAt(k)) return fail(`unexpected ${describeChar(text, i)}`);
					i++;
				}
				mode = 'after';
			}
		} else if (mode === 'key') {
			if (i >= n) return fail('');
			if (text.charCodeAt(i) !== 0x22) {
				return fail(`expected a property name in double quotes, found ${describeChar(text, i)}`);
			}
			const e = scanString();
			if (e) return e;
			skipWs();
			if (i >= n) return fail('');
			if (text.charCodeAt(i) !== 0x3a) return fail(`expected ':', found ${describeChar(text, i)}`);
			i++;
			mode = 'value';
		} else {
			const top = stack.at(-1);
			if (top === undefined) {
				return i < n ? { pos: i, reason: `unexpected ${describeChar(text, i)} after the JSON value` } : null;
			}
			if (i >= n) return fail('');
			const c = text.charCodeAt(i);
			const close = top === 0x7b ? 0x7d : 0x5d;
			if (c === 0x2c) {
				i++;
				mode = top === 0x7b ? 'key' : 'value';
			} else if (c === close) {
				i++;
				stack.pop();
			} else {
				return fail(`expected ',' or '${String.fromCharCode(close)}', found ${describeChar(text, i)}`);
			}
		}
	}
}
