import { browser } from '$app/environment';
import { linkInAddress, type AddressLink } from '$lib/ui/playground/address';
import { playgroundScenario } from '$lib/ui/playground/scenario';
import { Session } from '$lib/ui/session.svelte';
import { nextTask } from '$lib/ui/staged.svelte';

/**
 * The playground's first cluster, built before the page hydrates and in a task of its own (not the
 * one that evaluated the scripts, nor the hydration's, whose steps are in staged.svelte.ts), so no
 * task of start-up is long. A link in the address is read here, so the page hydrates once, with the
 * link's cluster (a playground built for the default cluster and then again for the link took two
 * start-ups: 56 + 40 ms of CPU more).
 */
export async function load(): Promise<{ session: Session; link: AddressLink | null }> {
	// the scripts' evaluation ran in this task: the cluster gets one of its own
	if (browser) await nextTask();
	const link = browser ? linkInAddress(location.hash, (id) => document.getElementById(id) !== null) : null;
	// at 0: the page goes to the link's moment once it is mounted (+page.svelte), so the narration
	// and the console hear the replay from its first slice, however fast this machine loads the page
	const session = link !== null && 'state' in link ? new Session(link.state.scenario, link.state.actions) : new Session(playgroundScenario());
	if (browser) await nextTask();
	return { session, link };
}
