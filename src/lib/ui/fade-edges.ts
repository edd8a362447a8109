/**
 * A box whose words scroll inside it says where more lies: `data-more` on it is "below", "above"
 * or "both" (absent when all of it shows), and its stylesheet fades that edge (a mask), so
 * a line at the edge reads as "scroll for more" rather than as words cut in half.
 * A Svelte action: `<div use:fadeEdges>`.
 *
 * Every box that changed is measured at once, after the next frame is painted, all reads before any
 * write: a box measuring itself in a frame of its own forced a layout per box once the box before
 * it had written its `data-more` (a drag on the time bar changes them all at once).
 */
type More = 'below' | 'above' | 'both' | null;

const queued = new Set<HTMLElement>();
let frame = 0;

function measure(node: HTMLElement): More {
	const below = node.scrollHeight - node.clientHeight - node.scrollTop > 1;
	const above = node.scrollTop > 1;
	return below && above ? 'both' : below ? 'below' : above ? 'above' : null;
}

function mark(node: HTMLElement, more: More): void {
	if (more === null) {
		if (node.dataset.more !== undefined) delete node.dataset.more;
	} else if (node.dataset.more !== more) node.dataset.more = more;
}

function flush(): void {
	frame = 0;
	const nodes = [...queued];
	queued.clear();
	const found = nodes.map((n) => (n.isConnected ? measure(n) : null));
	nodes.forEach((n, i) => mark(n, found[i]));
}

/**
 * Measured once the frame is painted (a task after it): its layout is done then, and the reads cost
 * nothing. Read in the frame's own callbacks, before the page's tick wrote the new moment, they
 * forced a layout of the page as the last task had left it, and the frame laid it out again after
 * the tick: two layouts a frame while the time bar was dragged (18.8 and 12.3 ms, in a task of 52).
 */
function afterPaint(): void {
	setTimeout(flush, 0);
}

function later(node: HTMLElement): void {
	queued.add(node);
	if (frame === 0) frame = requestAnimationFrame(afterPaint);
}

export function fadeEdges(node: HTMLElement): { destroy: () => void } {
	const changed = (): void => later(node);
	const resize = new ResizeObserver(changed);
	resize.observe(node);
	// its own data-more changing is no reason to measure again
	const mutate = new MutationObserver((records) => {
		if (records.some((r) => r.target !== node || r.attributeName !== 'data-more')) later(node);
	});
	mutate.observe(node, { childList: true, subtree: true, characterData: true, attributes: true });
	node.addEventListener('scroll', changed, { passive: true });
	// measured with the others in the next frame, not now: read as the box is made (while the page
	// hydrates, its layout not done yet) it forced a layout of the whole page, 20-26 ms of a link's
	// first task
	later(node);
	return {
		destroy() {
			queued.delete(node);
			resize.disconnect();
			mutate.disconnect();
			node.removeEventListener('scroll', changed);
		}
	};
}
