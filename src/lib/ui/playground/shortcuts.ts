/**
 * The playground's keyboard shortcuts: Space play/pause, ← / → one event back / forward, [ / ]
 * slower / faster, ? help. Keys are never taken from what owns them: text fields, selects, sliders,
 * tab lists and toolbars (their arrows), the cluster picture (its arrows move between members),
 * buttons and links (Space and Enter press them), or any key with a modifier.
 */
export type Shortcut = 'playPause' | 'back' | 'forward' | 'slower' | 'faster' | 'help';

export interface KeyLike {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
}

/** Minimal element surface used here (so the rule can be tested without a DOM). */
export interface ElementLike {
	tagName: string;
	isContentEditable?: boolean;
	closest(selector: string): unknown;
	getAttribute(name: string): string | null;
}

const TYPING = 'input, select, textarea, [contenteditable=""], [contenteditable="true"]';
/** the cluster picture's members are drawn in svg: there arrows move between members */
const OWN_ARROWS = '[role="tablist"], [role="toolbar"], [role="slider"], [role="listbox"], [role="menu"], [role="radiogroup"], svg, [data-owns-arrows]';
const PRESSABLE = 'button, a[href], summary, [role="button"], [role="tab"]';

export function shortcutOf(e: KeyLike, target: ElementLike | null): Shortcut | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	if (target && (target.isContentEditable || target.closest(TYPING) !== null)) return null;
	switch (e.key) {
		case ' ':
		case 'Spacebar':
			return target && target.closest(PRESSABLE) !== null ? null : 'playPause';
		case 'ArrowLeft':
		case 'ArrowRight':
			if (target && target.closest(OWN_ARROWS) !== null) return null;
			return e.key === 'ArrowLeft' ? 'back' : 'forward';
		case '[':
			return 'slower';
		case ']':
			return 'faster';
		case '?':
			return 'help';
		default:
			return null;
	}
}
