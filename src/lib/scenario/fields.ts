/**
 * Reading untrusted JSON-like values field by field: the one error type (`ScenarioError`, message
 * `field: expected`), readers that consult only own data properties (never getters, never the
 * prototype chain, so "__proto__" is an ordinary key) and `preview`, a bounded rendering of what
 * was found. Shared by the scenario validator, the goal validator and the link decoder.
 */

export class ScenarioError extends Error {
	/** the field's path in the file, e.g. `steps[3].node`; `file`, `(json)` or `(top level)` otherwise */
	readonly field: string;
	/** what was expected there (and usually what was found) */
	readonly expected: string;

	constructor(field: string, expected: string) {
		super(`${field}: ${expected}`);
		this.name = 'ScenarioError';
		this.field = field;
		this.expected = expected;
	}
}

const PREVIEW_CHARS = 40;

// ---------------------------------------------------------------------------------------------
// Field readers

/** An own data property, or undefined (getters and inherited properties are never consulted). */
export function own(obj: object, key: string): unknown {
	const d = Object.getOwnPropertyDescriptor(obj, key);
	return d !== undefined && 'value' in d ? d.value : undefined;
}

export function ownIndex(list: readonly unknown[], i: number): unknown {
	return own(list, String(i));
}

export function isFiniteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

export function isObject(v: unknown): v is object {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown, field: string, text: string): object {
	if (!isObject(v)) throw wrong(field, text, v);
	return v;
}

export function optObject(obj: object, key: string): object | undefined {
	const v = own(obj, key);
	if (v === undefined) return undefined;
	return asObject(v, key, 'an object');
}

export function optBoolean(obj: object, key: string, field: string, fallback: boolean): boolean {
	const v = own(obj, key);
	if (v === undefined) return fallback;
	if (typeof v !== 'boolean') throw wrong(field, 'true or false', v);
	return v;
}

export function integer(v: unknown, field: string, min: number, max: number): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		throw wrong(field, `an integer ${min}..${max}`, v);
	}
	return v + 0;
}

export function optInteger(obj: object, key: string, field: string, min: number, max: number, fallback: number): number {
	const v = own(obj, key);
	return v === undefined ? fallback : integer(v, field, min, max);
}

export function numberText(zeroAllowed: boolean, max: number): string {
	const low = zeroAllowed ? '>= 0' : '> 0';
	return max === Infinity ? `a finite number ${low}` : `a finite number ${low} and <= ${max}`;
}

export function number(v: unknown, field: string, zeroAllowed: boolean, max: number): number {
	if (!isFiniteNumber(v) || (zeroAllowed ? !(v >= 0) : !(v > 0)) || v > max) {
		throw wrong(field, numberText(zeroAllowed, max), v);
	}
	return v + 0;
}

export function optNumber(
	obj: object,
	key: string,
	field: string,
	zeroAllowed: boolean,
	max: number,
	fallback: number
): number {
	const v = own(obj, key);
	return v === undefined ? fallback : number(v, field, zeroAllowed, max);
}

export function reqNumber(obj: object, key: string, field: string, zeroAllowed: boolean, max: number): number {
	const v = own(obj, key);
	if (v === undefined) throw missing(field, numberText(zeroAllowed, max));
	return number(v, field, zeroAllowed, max);
}

export function missing(field: string, text: string): ScenarioError {
	return new ScenarioError(field, `missing (expected ${text})`);
}

export function wrong(field: string, text: string, got: unknown): ScenarioError {
	return new ScenarioError(field, `expected ${text} (got ${preview(got)})`);
}

// ---------------------------------------------------------------------------------------------
// Showing what was found

/**
 * A JSON-like rendering of `v`, at most PREVIEW_CHARS characters (cut with "…"). Never throws on
 * JSON values and does work proportional to the budget, not to the value's size or depth.
 */
export function preview(v: unknown): string {
	const out: string[] = [];
	let length = 0;
	const budget = PREVIEW_CHARS + 1;
	const emit = (s: string): boolean => {
		out.push(s);
		length += s.length;
		return length < budget;
	};
	const walk = (x: unknown): boolean => {
		if (x === null) return emit('null');
		switch (typeof x) {
			case 'string':
				return emit(JSON.stringify(x.slice(0, budget)));
			case 'number':
				return emit(Object.is(x, -0) ? '-0' : String(x));
			case 'boolean':
				return emit(String(x));
			case 'bigint':
				return emit(`${x.toString()}n`);
			case 'undefined':
				return emit('undefined');
			case 'symbol':
				return emit('a symbol');
			case 'function':
				return emit('a function');
			default:
				break;
		}
		if (Array.isArray(x)) {
			const list: readonly unknown[] = x;
			if (!emit('[')) return false;
			for (let i = 0; i < list.length; i++) {
				if (i > 0 && !emit(',')) return false;
				const item = ownIndex(list, i);
				if (!walk(item === undefined ? null : item)) return false;
			}
			return emit(']');
		}
		if (typeof x !== 'object') return emit('?');
		if (!emit('{')) return false;
		let first = true;
		for (const key in x) {
			if (!Object.hasOwn(x, key)) continue;
			if (!first && !emit(',')) return false;
			first = false;
			if (!emit(`${JSON.stringify(key.slice(0, budget))}:`)) return false;
			if (!walk(own(x, key))) return false;
		}
		return emit('}');
	};
	let text: string;
	try {
		walk(v);
		text = out.join('');
	} catch {
		text = out.join('') + '…';
	}
	return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** UTF-8 length of a string (lone surrogates count 3 bytes, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
	let bytes = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}
