/**
 * Messages on the wire, kept for views to draw: every send (and loss) the cluster reports, held
 * until it has arrived and been visible for RETAIN_MS. Plain TypeScript (no runes, no DOM).
 */
import type { Cluster } from '../../cluster/cluster';

export interface InFlight {
	id: number;
	from: number;
	to: number;
	type: string;
	term: number;
	entries: number;
	sendMs: number;
	deliverMs: number;
	/** lost: the link was cut (at send, or while the message travelled) */
	dropped: boolean;
}

const MAX_INFLIGHT = 400;
/**
 * Messages stay in `inflight` at least this long (simulated ms) after they were sent: a message on
 * loopback takes 0.5 ms, far too short to see, so views draw it over this window (and say so).
 */
export const RETAIN_MS = 40;

export class WireWatch {
	#inflight = new Map<number, InFlight>();
	#nextId = 1;
	#unsubscribe: (() => void) | null = null;

	/**
	 * Listens to a fresh cluster. During a replay toward targetMs, sends before targetMs - RETAIN_MS
	 * are not kept (nobody will see them).
	 */
	attach(c: Cluster, targetMs: number): void {
		this.detach();
		this.#inflight.clear();
		const fromUs = Math.round((targetMs - RETAIN_MS) * 1000);
		this.#unsubscribe = c.onWire((e) => {
			if (e.kind === 'deliver' || e.atUs < fromUs) return;
			if (this.#inflight.size >= MAX_INFLIGHT) return;
			const id = this.#nextId++;
			const dropped = e.kind === 'drop';
			// a message lost in flight is drawn from where it was sent, so it starts at its send time
			// (not known here): it is shown as lost at the moment the loss is noticed
			this.#inflight.set(id, { id, from: e.from, to: e.to, type: e.type, term: e.term, entries: e.entries, sendMs: e.atUs / 1000, deliverMs: dropped ? e.atUs / 1000 : e.deliverUs / 1000, dropped });
		});
	}

	detach(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = null;
	}

	/** The messages to draw at nowMs (those long arrived are forgotten). */
	visible(nowMs: number): InFlight[] {
		for (const [id, f] of this.#inflight) if (Math.max(f.deliverMs, f.sendMs + RETAIN_MS) < nowMs) this.#inflight.delete(id);
		return [...this.#inflight.values()];
	}
}
