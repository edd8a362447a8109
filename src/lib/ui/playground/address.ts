/**
 * The link in the page's address (`/#q1.…~`, `/#q2.…`), read once: the state it holds, or why it
 * cannot be opened; null when the address holds none (no fragment, or an in-page anchor such as a
 * skip link's).
 */
import { decodeLink, type LinkState } from '../../scenario/link';

export type AddressLink = { readonly state: LinkState } | { readonly failure: unknown };

export function linkInAddress(hash: string, isAnchor: (id: string) => boolean): AddressLink | null {
	const raw = hash.startsWith('#') ? hash.slice(1) : hash;
	if (raw === '' || isAnchor(raw)) return null;
	try {
		let payload = raw;
		if (payload.includes('%')) payload = decodeURIComponent(payload);
		return { state: decodeLink(payload) };
	} catch (e) {
		return { failure: e };
	}
}
