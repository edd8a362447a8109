/** Bytes for links: strict base64url, WTF-8 (every JS string round-trips), 32-bit FNV-1a. */
import { LinkError, malformed, tampered } from './link-types';

export const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const B64_INDEX: Int16Array = (() => {
	const t = new Int16Array(128).fill(-1);
	for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
	return t;
})();

export function base64url(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
		out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
	}
	const left = bytes.length - i;
	if (left === 1) {
		const v = bytes[i] << 16;
		out += B64[v >> 18] + B64[(v >> 12) & 63];
	} else if (left === 2) {
		const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
		out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63];
	}
	return out;
}

/** Strict base64url without padding: bad characters are 'corrupt', a non-canonical ending 'tampered'. */
export function unbase64url(s: string, offset: number): Uint8Array {
	const vals = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		const v = c < 128 ? B64_INDEX[c] : -1;
		if (v < 0) {
			const shown = c >= 0x21 && c < 0x7f ? `"${s[i]}"` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
			throw new LinkError('corrupt', `This link is damaged: it holds a character that cannot be in it (${shown} at character ${offset + i + 1}).`);
		}
		vals[i] = v;
	}
	if (s.length % 4 === 1) throw tampered();
	const out = new Uint8Array(Math.floor((s.length * 3) / 4));
	let o = 0;
	let i = 0;
	for (; i + 3 < s.length; i += 4) {
		const v = (vals[i] << 18) | (vals[i + 1] << 12) | (vals[i + 2] << 6) | vals[i + 3];
		out[o++] = v >> 16;
		out[o++] = (v >> 8) & 0xff;
		out[o++] = v & 0xff;
	}
	const left = s.length - i;
	if (left === 2) {
		if (vals[i + 1] & 15) throw tampered();
		out[o++] = (vals[i] << 2) | (vals[i + 1] >> 4);
	} else if (left === 3) {
		if (vals[i + 2] & 3) throw tampered();
		const v = (vals[i] << 18) | (vals[i + 1] << 12) | (vals[i + 2] << 6);
		out[o++] = v >> 16;
		out[o++] = (v >> 8) & 0xff;
	}
	return out;
}

/** UTF-8 that also carries lone surrogates (WTF-8), so every JS string round-trips. */
export function wtf8Encode(s: string): Uint8Array {
	const out: number[] = [];
	for (let i = 0; i < s.length; i++) {
		let c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
			}
		}
		if (c < 0x80) out.push(c);
		else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
		else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
		else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
	}
	return Uint8Array.from(out);
}

export function wtf8Decode(b: Uint8Array, from: number, to: number): string {
	const units: number[] = [];
	let i = from;
	const cont = (k: number): number => {
		const x = i + k < to ? b[i + k] : -1;
		if ((x & 0xc0) !== 0x80) throw malformed('bad text');
		return x & 63;
	};
	while (i < to) {
		const a = b[i];
		let cp: number;
		if (a < 0x80) {
			cp = a;
			i += 1;
		} else if (a >= 0xc2 && a <= 0xdf) {
			cp = ((a & 31) << 6) | cont(1);
			i += 2;
		} else if (a >= 0xe0 && a <= 0xef) {
			cp = ((a & 15) << 12) | (cont(1) << 6) | cont(2);
			if (cp < 0x800) throw malformed('bad text');
			i += 3;
		} else if (a >= 0xf0 && a <= 0xf4) {
			cp = ((a & 7) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
			if (cp < 0x10000 || cp > 0x10ffff) throw malformed('bad text');
			i += 4;
		} else {
			throw malformed('bad text');
		}
		if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
		else units.push(cp);
	}
	let s = '';
	for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode(...units.slice(k, k + 4096));
	return s;
}

/** 32-bit FNV-1a, optionally continuing from an earlier state. */
export function fnv1a(bytes: Uint8Array, h0 = 0x811c9dc5): number {
	let h = h0;
	for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
	return h >>> 0;
}

/**
 * A link's checksum: FNV-1a of the body; from q2 on, of the version number's byte and then the body,
 * so a link whose version digit was changed is told apart as 'tampered'.
 */
export function linkChecksum(version: number, body: Uint8Array): number {
	return version === 1 ? fnv1a(body) : fnv1a(body, fnv1a(Uint8Array.of(version)));
}
