/**
 * A box whose words scroll inside it says where more lies: `data-more` on it is "below", "above"
 * or "both" (absent when all of it shows), and its stylesheet fades that edge (a mask), so
 * a line at the edge reads as "scroll for more" rather than as words cut in half.
 * A Svelte action: `<div use:fadeEdges>`.
 */
export function fadeEdges(node: HTMLElement): { destroy: () => void } {
	let queued = 0;
	const update = (): void => {
		queued = 0;
		const below = node.scrollHeight - node.clientHeight - node.scrollTop > 1;
		const above = node.scrollTop > 1;
		const more = below && above ? 'both' : below ? 'below' : above ? 'above' : null;
		if (more === null) delete node.dataset.more;
		else if (node.dataset.more !== more) node.dataset.more = more;
	};
	// measured once a frame at most (the narration grows by a line at a time while the run plays)
	const later = (): void => {
		if (queued === 0) queued = requestAnimationFrame(update);
	};
	const resize = new ResizeObserver(later);
	resize.observe(node);
	const mutate = new MutationObserver(later);
	mutate.observe(node, { childList: true, subtree: true, characterData: true, attributes: true });
	node.addEventListener('scroll', later, { passive: true });
	update();
	return {
		destroy() {
			if (queued !== 0) cancelAnimationFrame(queued);
			resize.disconnect();
			mutate.disconnect();
			node.removeEventListener('scroll', later);
		}
	};
}
