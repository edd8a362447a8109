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
	/** where it was lost: cut at the sender, on the wire, or its receiver was down */
	lostAt: 'send' | 'wire' | 'receiver' | null;
	index: number;
	logTerm: number;
	commit: number;
	reject: boolean;
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
	/** the moment a replay heads for (µs): a send no longer visible by then is not kept */
	#targetUs = 0;
	/** playback (teaching pace): told of each new send, to stop the clock at it */
	onSend: ((type: string) => void) | null = null;

	/**
	 * Listens to a fresh cluster. During a replay toward targetMs, a send that will have arrived and
	 * been shown for RETAIN_MS before targetMs is not kept (nobody will see it).
	 */
	attach(c: Cluster, targetMs: number): void {
		this.detach();
		this.#inflight.clear();
		this.#targetUs = Math.round(targetMs * 1000);
		const retainUs = RETAIN_MS * 1000;
		const sent = new WeakMap<object, InFlight>();
		this.#unsubscribe = c.onWire((e) => {
			if (e.kind === 'deliver') return;
			const was = sent.get(e.ref);
			if (e.kind === 'drop' && was) {
				// lost on arrival (its link was cut while it travelled, or its receiver died): the
				// message already drawn dies where it was lost
				if (this.#inflight.has(was.id)) this.#inflight.set(was.id, { ...was, dropped: true, lostAt: e.lostAt });
				return;
			}
			const dropped = e.kind === 'drop';
			// (its delivery, not its send: on a slow network a message sent long before the moment
			// may still be on its way there)
			if (Math.max(dropped ? e.atUs : e.deliverUs, e.atUs + retainUs) < this.#targetUs) return;
			if (this.#inflight.size >= MAX_INFLIGHT) {
				// full: what has arrived and been shown by now goes first (a replay from 0 to 20 s
				// filled it with the first second's messages and then kept none of the last ones)
				this.#forget(e.atUs / 1000);
				if (this.#inflight.size >= MAX_INFLIGHT) return;
			}
			const id = this.#nextId++;
			const m: InFlight = {
				id, from: e.from, to: e.to, type: e.type, term: e.term, entries: e.entries, sendMs: e.atUs / 1000,
				deliverMs: dropped ? e.atUs / 1000 : e.deliverUs / 1000, dropped, lostAt: e.lostAt,
				index: e.index, logTerm: e.logTerm, commit: e.commit, reject: e.reject
			};
			this.#inflight.set(id, m);
			sent.set(e.ref, m);
			this.onSend?.(e.type);
		});
	}

	/**
	 * The run heads for targetMs: the sends on the way that will be gone by then are not kept (a
	 * restore or a rebuild says so through attach). Playing or stepping heads for the clock's moment:
	 * every send from then on is kept.
	 */
	heading(targetMs: number): void {
		this.#targetUs = Math.round(targetMs * 1000);
	}

	/** Forgets the messages that have arrived and been shown by nowMs. */
	#forget(nowMs: number): void {
		for (const [id, f] of this.#inflight) if (Math.max(f.deliverMs, f.sendMs + RETAIN_MS) < nowMs) this.#inflight.delete(id);
	}

	detach(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = null;
	}

	/** The messages to draw at nowMs (those long arrived are forgotten). */
	visible(nowMs: number): InFlight[] {
		this.#forget(nowMs);
		return [...this.#inflight.values()];
	}
}
