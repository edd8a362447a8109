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
	/** playback (teaching pace): told of each new send, to stop the clock at it */
	onSend: ((type: string) => void) | null = null;

	/**
	 * Listens to a fresh cluster. During a replay toward targetMs, sends before targetMs - RETAIN_MS
	 * are not kept (nobody will see them).
	 */
	attach(c: Cluster, targetMs: number): void {
		this.detach();
		this.#inflight.clear();
		const fromUs = Math.round((targetMs - RETAIN_MS) * 1000);
		const sent = new WeakMap<object, InFlight>();
		this.#unsubscribe = c.onWire((e) => {
			if (e.kind === 'deliver' || e.atUs < fromUs) return;
			const was = sent.get(e.ref);
			if (e.kind === 'drop' && was) {
				// lost on arrival (its link was cut while it travelled, or its receiver died): the
				// message already drawn dies where it was lost
				if (this.#inflight.has(was.id)) this.#inflight.set(was.id, { ...was, dropped: true, lostAt: e.lostAt });
				return;
			}
			if (this.#inflight.size >= MAX_INFLIGHT) return;
			const id = this.#nextId++;
			const dropped = e.kind === 'drop';
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
