/** Sharing helpers: the site's root URL, the current moment as link state, copying text. */
import { resolve } from '$app/paths';
import type { ActiveExercise } from '../../scenario/exercises';
import type { LinkState, LinkTheme, LinkView } from '../../scenario/link';
import { i18n } from '../i18n.svelte';
import type { Session } from '../session.svelte';
import { PANELS, type PanelName } from './text';

/** The absolute URL of the site's home page (ends with '/'), under the base path. */
export function siteRoot(): string {
	return new URL(resolve('/'), location.origin).href;
}

export function currentTheme(): LinkTheme {
	const th = document.documentElement.dataset.theme;
	return th === 'light' || th === 'dark' ? th : 'auto';
}

/**
 * The view part of a link: speed, theme and (when not all) panels shown, and the language only when
 * the sender pins it (otherwise a link opens in the viewer's own language).
 */
export function currentView(session: Session, panels: readonly PanelName[], pinLang = false): LinkView {
	const view: LinkView = { theme: currentTheme() };
	if (pinLang) view.lang = i18n.locale;
	if (!session.playback.teaching) view.speed = session.speed;
	if (panels.length !== PANELS.length || panels.some((p, i) => p !== PANELS[i])) view.panels = [...panels];
	return view;
}

/** This moment of the session as link state (with the exercise being done, if any). */
export function currentState(session: Session, view: LinkView, exercise: ActiveExercise | null): LinkState {
	const state: LinkState = { scenario: session.scenario, actions: session.actions.slice(), atMs: session.nowMs, view };
	if (exercise?.custom) state.custom = exercise.custom;
	else if (exercise?.builtin) state.exercise = exercise.builtin.id;
	return state;
}

/** Copies text (the clipboard API, then the selected field's copy command); false when neither worked. */
export async function copyText(text: string, field: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
	try {
		if (navigator.clipboard) {
			await navigator.clipboard.writeText(text);
			return true;
		}
	} catch {
		// fall through to selecting the text
	}
	if (!field) return false;
	field.focus();
	field.select();
	try {
		return document.execCommand('copy');
	} catch {
		return false;
	}
}
