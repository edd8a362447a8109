/**
 * One narrator and one console per session, made anew when the session is replaced and destroyed
 * with it: the playground and the embed's slide share this wiring. Call it while a component is
 * being set up (it makes effects). The constructors run untracked: they read the session's frame.
 */
import { untrack } from 'svelte';
import type { Session } from '../session.svelte';
import { ConsoleState } from './console.svelte';
import { Narrator } from './narrator.svelte';

export interface StoryViews {
	readonly narrator: Narrator;
	readonly con: ConsoleState;
}

export function storyViews(session: () => Session): StoryViews {
	const narrator = $derived.by(() => {
		const s = session();
		return untrack(() => new Narrator(s));
	});
	const con = $derived.by(() => {
		const s = session();
		return untrack(() => new ConsoleState(s));
	});
	$effect(() => {
		const n = narrator;
		return () => n.destroy();
	});
	$effect(() => {
		const c = con;
		return () => c.destroy();
	});
	return {
		get narrator() {
			return narrator;
		},
		get con() {
			return con;
		}
	};
}

/**
 * Plays a session only while its page is shown: a hidden tab runs nothing (it pauses, and picks up
 * again when shown), and autoplay starts only in a visible one. Call from onMount; returns the
 * clean-up, which also pauses.
 */
export function playWhileVisible(session: () => Session, autoplay: boolean): () => void {
	let resume = false;
	const onVisibility = (): void => {
		if (document.visibilityState === 'hidden') {
			resume = session().playing;
			session().pause();
		} else if (resume) {
			resume = false;
			session().play();
		}
	};
	document.addEventListener('visibilitychange', onVisibility);
	if (autoplay && document.visibilityState === 'visible') session().play();
	return () => {
		document.removeEventListener('visibilitychange', onVisibility);
		session().pause();
	};
}
