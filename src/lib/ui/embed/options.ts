/**
 * The embed's URL: `embed/?autoplay=0&controls=minimal&lang=ko&theme=dark&panels=cluster,quorum#q2.…`
 * Options live in the query (readable without decoding the state), the state in the hash (the same
 * payload as a playground link). Anything from a URL is data: unknown values fall back to defaults
 * and are reported, never executed or rendered as markup.
 */
import { PANELS, type PanelName } from '../playground/text';

export type Controls = 'none' | 'minimal' | 'full';
export type Theme = 'light' | 'dark' | 'auto';

export interface EmbedOptions {
	autoplay: boolean;
	controls: Controls;
	lang: 'en' | 'ko' | null;
	theme: Theme;
	/** null: the default set for the chosen controls */
	panels: PanelName[] | null;
}

export const DEFAULT_EMBED: EmbedOptions = { autoplay: false, controls: 'minimal', lang: null, theme: 'auto', panels: null };

const MAX_QUERY = 2000;

/** Reads embed options; problems are returned as field names (shown as text), never thrown. */
export function parseEmbedOptions(search: string): { options: EmbedOptions; problems: string[] } {
	const options: EmbedOptions = { ...DEFAULT_EMBED };
	const problems: string[] = [];
	if (search.length > MAX_QUERY) return { options, problems: ['query'] };
	const q = new URLSearchParams(search);
	const autoplay = q.get('autoplay');
	if (autoplay !== null) {
		// a bare `?autoplay` (as HTML writes a flag) turns it on
		if (autoplay === '' || autoplay === '1' || autoplay === 'true') options.autoplay = true;
		else if (autoplay === '0' || autoplay === 'false') options.autoplay = false;
		else problems.push('autoplay');
	}
	const controls = q.get('controls');
	if (controls !== null) {
		if (controls === 'none' || controls === 'minimal' || controls === 'full') options.controls = controls;
		else problems.push('controls');
	}
	const lang = q.get('lang');
	if (lang !== null) {
		if (lang === 'en' || lang === 'ko') options.lang = lang;
		else problems.push('lang');
	}
	const theme = q.get('theme');
	if (theme !== null) {
		if (theme === 'light' || theme === 'dark' || theme === 'auto') options.theme = theme;
		else problems.push('theme');
	}
	const panels = q.get('panels');
	if (panels !== null) {
		const names = panels.split(',').filter((p) => p.length > 0);
		const known = names.filter((p): p is PanelName => (PANELS as readonly string[]).includes(p));
		if (known.length !== names.length) problems.push('panels');
		options.panels = known.length > 0 ? [...new Set(known)] : null;
	}
	return { options, problems };
}

/** The query string for options that differ from the defaults (no leading '?', may be empty). */
export function embedQuery(options: Partial<EmbedOptions>): string {
	const o = { ...DEFAULT_EMBED, ...options };
	const q = new URLSearchParams();
	if (o.autoplay !== DEFAULT_EMBED.autoplay) q.set('autoplay', o.autoplay ? '1' : '0');
	if (o.controls !== DEFAULT_EMBED.controls) q.set('controls', o.controls);
	if (o.lang) q.set('lang', o.lang);
	if (o.theme !== DEFAULT_EMBED.theme) q.set('theme', o.theme);
	if (o.panels && o.panels.length > 0) q.set('panels', o.panels.join(','));
	return q.toString();
}

/** The embed's URL for a state payload: `${siteRoot}embed/?…#payload` (siteRoot ends with '/'). */
export function embedUrl(siteRoot: string, payload: string, options: Partial<EmbedOptions> = {}): string {
	const query = embedQuery(options);
	return `${siteRoot}embed/${query ? `?${query}` : ''}${payload ? `#${payload}` : ''}`;
}

/** The full playground's URL for the same state. */
export function playgroundUrl(siteRoot: string, payload: string): string {
	return `${siteRoot}${payload ? `#${payload}` : ''}`;
}

function escapeAttr(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The iframe snippet to paste into a slide (Marp, reveal.js, any HTML). */
export function embedSnippet(url: string, title: string, width = 960, height = 540): string {
	return `<iframe src="${escapeAttr(url)}" title="${escapeAttr(title)}" width="${width}" height="${height}" style="display:block;margin:0 auto;border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>`;
}

/** The panels an embed shows when the URL does not name them. */
export function defaultPanels(controls: Controls): PanelName[] {
	// a slide shows the verdict and the last narration line over the picture
	if (controls === 'none') return ['cluster', 'quorum', 'narration'];
	if (controls === 'minimal') return ['time', 'cluster', 'quorum', 'narration', 'console'];
	return [...PANELS];
}
