import type { Attachment } from 'svelte/attachments';

/** The box sizes an element's bind:clientWidth and kin read, by name. */
export type SizeKind = 'clientWidth' | 'clientHeight' | 'offsetWidth' | 'offsetHeight';

const watched = new WeakMap<Element, Map<SizeKind, (px: number, el: HTMLElement) => void>>();
let observer: ResizeObserver | null = null;

function report(entries: ResizeObserverEntry[]): void {
	for (const e of entries) {
		const sets = watched.get(e.target);
		if (sets === undefined) continue;
		const el = e.target as HTMLElement;
		for (const [kind, set] of sets) set(el[kind], el);
	}
}

/**
 * An element's size as the browser lays it out, into `set`: like `bind:clientWidth`, but read only
 * in a ResizeObserver's moment (after the browser's own layout, before it paints), never when the
 * element is made. Svelte's binding reads the size at once, in the effect that hydrates it, which
 * forced a layout of the whole page in the middle of the link's first task (20-26 ms of it for
 * the picture's five sizes); here the first size arrives with the first frame, before that frame
 * is painted, so the picture is never seen unsized. One observer serves every element.
 * Use: `<svg {@attach sized({ clientWidth: (w) => (svgW = w), clientHeight: (h) => (svgH = h) })}>`.
 */
export function sized(sets: Partial<Record<SizeKind, (px: number, el: HTMLElement) => void>>): Attachment<Element> {
	return (node) => {
		const map = new Map(Object.entries(sets) as [SizeKind, (px: number, el: HTMLElement) => void][]);
		watched.set(node, map);
		observer ??= new ResizeObserver(report);
		// the border box: it changes whenever any of the sizes read here does (padding and border included)
		observer.observe(node, { box: 'border-box' });
		return () => {
			observer?.unobserve(node);
			watched.delete(node);
		};
	};
}
