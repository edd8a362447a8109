import { browser } from '$app/environment';
import { playgroundScenario } from '$lib/ui/playground/scenario';
import { Session } from '$lib/ui/session.svelte';
import { nextTask } from '$lib/ui/staged.svelte';

/**
 * The playground's first cluster, built before the page hydrates and in a task of its own: start-up
 * is three tasks (this, the picture, the rest; see staged.svelte.ts), none of them long.
 */
export async function load(): Promise<{ session: Session }> {
	const session = new Session(playgroundScenario());
	if (browser) await nextTask();
	return { session };
}
