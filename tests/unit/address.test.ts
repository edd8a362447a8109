/** The link in the page's address (ui/playground/address.ts): read before the page hydrates. */
import { describe, expect, it } from 'vitest';
import { encodeLink, LinkError } from '../../src/lib/scenario/link';
import { linkInAddress } from '../../src/lib/ui/playground/address';
import { playgroundScenario } from '../../src/lib/ui/playground/scenario';

const noAnchors = (): boolean => false;

describe('linkInAddress', () => {
	const scenario = playgroundScenario({ size: 5, seed: 7 });
	const link = encodeLink({ scenario, actions: [{ atMs: 1_200, do: 'kill', node: 2 }], atMs: 3_000, view: { lang: 'ko' } });

	it('no fragment, or an in-page anchor (a skip link): no link', () => {
		expect(linkInAddress('', noAnchors)).toBeNull();
		expect(linkInAddress('#', noAnchors)).toBeNull();
		expect(linkInAddress('#main', (id) => id === 'main')).toBeNull();
	});

	it('a link, as written or percent-encoded by a chat app: the state it holds', () => {
		for (const hash of [`#${link}`, `#${encodeURIComponent(link).replace(/~/g, '%7E')}`]) {
			const got = linkInAddress(hash, noAnchors);
			expect(got !== null && 'state' in got, hash.slice(0, 12)).toBe(true);
			if (got === null || !('state' in got)) continue;
			expect(got.state.scenario.cluster.size).toBe(5);
			expect(got.state.atMs).toBe(3_000);
			expect(got.state.actions).toEqual([{ atMs: 1_200, do: 'kill', node: 2 }]);
			expect(got.state.view.lang).toBe('ko');
		}
	});

	it('a mangled link: why, as the decoder says it (not a throw)', () => {
		const got = linkInAddress(`#${link.slice(0, link.length - 9)}`, noAnchors);
		expect(got !== null && 'failure' in got).toBe(true);
		if (got !== null && 'failure' in got) expect(got.failure).toBeInstanceOf(LinkError);
		const bad = linkInAddress('#q1.%E0%A4%A', noAnchors);
		expect(bad !== null && 'failure' in bad).toBe(true);
	});
});
