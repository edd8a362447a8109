import { browser } from '$app/environment';
import { onMount } from 'svelte';

/**
 * Start-up in two tasks. Hydrating the whole playground in one task took 70-130 ms of main-thread
 * CPU; the first task now brings the picture to life and the rest (panels, time bar, dialogs) is
 * built in the task after, so neither blocks input for long.
 *
 * `ready` is true on the server (the prerendered page shows everything) and false on the client
 * until the task after mount. Svelte's hydration meets the mismatch the way it is built to: an
 * `{#if}` that the server rendered and the client does not yet is removed, then built anew.
 * Construct it while a component initialises (it registers onMount).
 */
export class Staged {
	ready = $state(!browser);

	constructor() {
		onMount(() => {
			if (this.ready) return;
			let live = true;
			void nextTask().then(() => {
				if (live) this.ready = true;
			});
			return () => {
				live = false;
			};
		});
	}
}

/** Resolves in a later task (a message to itself: no timer clamping), after the browser could paint and take input. */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}
