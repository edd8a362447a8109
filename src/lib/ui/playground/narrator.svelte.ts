/**
 * The narration feed: plain sentences made by comparing successive frames (and, for client
 * requests, looking up where their entries landed). Items hold message keys and parameters, not
 * text, so switching the language re-words the whole feed. Going back in time drops the items after
 * the new moment; running forward again tells them again (the run is deterministic). A seek far
 * ahead restores a checkpoint: the feed goes on from there (the stretch jumped over is not told).
 *
 * Routine news is grouped so it never pushes the rare news out: committed writes in a row become
 * one item ("20 puts committed, p50 4 ms"), and the same sentence told again right after itself
 * counts up ("×5") instead of repeating.
 */
import { isKvOp } from '../../kv/ops';
import type { ClientOp } from '../../cluster/types';
import type { PlaygroundKey } from '../messages/playground';
import type { Frame, Session, SessionAction } from '../session.svelte';
import { entryFate, locateOp } from './entries';
import { insertSorted, msText, opText, percentileSorted } from './stats';

export type Tone = 'info' | 'good' | 'bad';
export type Params = Record<string, string | number>;

export interface NarrationItem {
	id: number;
	atMs: number;
	key: PlaygroundKey;
	params: Params;
	tone: Tone;
	/** a message nested into {why} */
	sub?: { key: PlaygroundKey; params: Params };
	/** told this many times in a row (shown as ×n when more than 1) */
	count: number;
}

const KEEP = 150;

interface Open {
	op: ClientOp;
	index: number;
	term: number;
	/** members still holding the entry */
	holders: number[];
	/** a different entry was committed at its index: it can never commit */
	doomed: boolean;
}

export function reasonOf(q: Frame['quorum']): { key: PlaygroundKey; params: Params } {
	const params = { n: q.size, q: q.quorum, alive: q.alive, r: q.reachable, l: q.leader ?? 0 };
	const key: PlaygroundKey =
		q.reason === 'tooFewAlive' ? 'reason_tooFewAlive' : q.reason === 'electing' ? 'reason_electing' : q.reason === 'noLeader' ? 'reason_noLeader' : 'reason_leaderCutOff';
	return { key, params };
}

export function groupsText(groups: number[][]): string {
	return groups.map((g) => g.map((n) => `n${n}`).join(' ')).join(' | ');
}

export class Narrator {
	items: NarrationItem[] = $state.raw([]);

	#session: Session;
	#nextId = 1;
	#leadersSeenUs = -1;
	#opStatus = new Map<number, string>();
	/** writes whose entry sits uncommitted in some log: we tell what becomes of them */
	#open = new Map<number, Open>();
	#everLed = false;
	#violations = 0;
	#warnSeenUs = -1;
	/** whom each pending write's endpoint believed led when the write was first seen */
	#believed = new Map<number, number | null>();
	/**
	 * The grouped "puts committed" item now at the end of the feed: its latencies (kept sorted, so
	 * a write joining costs a binary search, not a sort of the whole group) and what the item will
	 * say. Writes joining within one frame are written into the feed once (flushGroup), not per write.
	 */
	#group: { id: number; sorted: number[]; max: number; atMs: number; last: string; dirty: boolean } | null = null;
	#unsubscribe: () => void;
	#unsubscribeTruncate: () => void;
	/** the last frame this narrator compared (see #onFrame) */
	#last: Frame | null = null;

	constructor(session: Session) {
		this.#session = session;
		this.#baseline(session.frame);
		this.#unsubscribe = session.onFrame((next, prev, rebuilt) => this.#onFrame(next, prev, rebuilt));
		this.#unsubscribeTruncate = session.onTruncate((restarted) => {
			if (restarted) this.items = [];
		});
	}

	destroy(): void {
		this.#unsubscribe();
		this.#unsubscribeTruncate();
	}

	#baseline(f: Frame): void {
		this.#last = f;
		this.#leadersSeenUs = f.leaders.length > 0 ? f.leaders[f.leaders.length - 1].atUs : -1;
		this.#opStatus = new Map(f.ops.map((o) => [o.id, o.status]));
		this.#believed.clear();
		this.#group = null;
		this.#open.clear();
		this.#everLed = f.leaders.length > 0;
		this.#violations = f.violations.length;
		const warn = f.logs.filter((l) => l.level === 'warn');
		this.#warnSeenUs = warn.length > 0 ? warn[warn.length - 1].atUs : -1;
	}

	#say(atMs: number, key: PlaygroundKey, params: Params, tone: Tone = 'info', sub?: NarrationItem['sub']): void {
		this.#flushGroup();
		const last = this.items[this.items.length - 1];
		if (last && last.key === key && sameParams(last.params, params) && sameParams(last.sub?.params ?? {}, sub?.params ?? {}) && last.sub?.key === sub?.key) {
			this.#replaceLast({ ...last, count: last.count + 1 });
			return;
		}
		this.#push({ id: this.#nextId++, atMs, key, params, tone, sub, count: 1 });
	}

	#push(item: NarrationItem): void {
		this.#flushGroup();
		const items = this.items.length >= KEEP ? this.items.slice(this.items.length - KEEP + 1) : this.items.slice();
		items.push(item);
		this.items = items;
	}

	#replaceLast(item: NarrationItem): void {
		const items = this.items.slice();
		items[items.length - 1] = item;
		this.items = items;
	}

	/** A committed write: joins the group at the end of the feed, or starts one. */
	#committed(atMs: number, what: string, ms: number, q: number): void {
		const last = this.items[this.items.length - 1];
		const g = this.#group;
		if (last && g && last.id === g.id) {
			insertSorted(g.sorted, ms);
			if (ms > g.max) g.max = ms;
			g.atMs = atMs;
			g.last = what;
			g.dirty = true;
			return;
		}
		const id = this.#nextId++;
		this.#push({ id, atMs, key: 'n_putOk', params: { what, ms: msText(ms), q }, tone: 'good', count: 1 });
		this.#group = { id, sorted: [ms], max: ms, atMs, last: what, dirty: false };
	}

	/** Writes the grouped item as it now stands (once per frame, or before anything else is told). */
	#flushGroup(): void {
		const g = this.#group;
		if (!g || !g.dirty) return;
		g.dirty = false;
		const last = this.items[this.items.length - 1];
		if (!last || last.id !== g.id) return;
		this.#replaceLast({ ...last, atMs: g.atMs, key: 'n_putsOk', params: { n: g.sorted.length, p50: msText(percentileSorted(g.sorted, 50)), max: msText(g.max), last: g.last } });
	}

	#onFrame(next: Frame, given: Frame | null, rebuilt: boolean): void {
		// compare with the last frame this narrator saw (a replay may have told frames before it
		// listened: those changes are told now, against the baseline it started from)
		const prev = this.#last ?? given;
		this.#last = next;
		this.#tell(next, prev, rebuilt);
		this.#flushGroup();
	}

	#tell(next: Frame, prev: Frame | null, rebuilt: boolean): void {
		if (rebuilt || prev === null || prev.members.length !== next.members.length) {
			if (prev !== null && (rebuilt || prev.members.length !== next.members.length)) {
				const keep = prev.members.length === next.members.length ? this.items.filter((i) => i.atMs <= next.nowMs) : [];
				if (keep.length !== this.items.length) this.items = keep;
			}
			this.#baseline(next);
			return;
		}
		const now = next.nowMs;
		// members: killed, restarted, campaigns, stepping down
		for (let i = 0; i < next.members.length; i++) {
			const a = prev.members[i];
			const b = next.members[i];
			if (a.alive && !b.alive) this.#say(this.#stepAt(prev, next, (s) => s.do === 'kill' && s.node === b.id), 'n_killed', { n: b.id }, 'bad');
			else if (!a.alive && b.alive) {
				if (a.started === false) this.#say(now, 'n_started', { n: b.id });
				else this.#say(this.#stepAt(prev, next, (s) => s.do === 'restart' && s.node === b.id), 'n_restarted', { n: b.id, t: b.term, i: b.lastIndex });
			}
			else if (a.alive && b.alive) {
				if (a.role === 'leader' && b.role !== 'leader') {
					if (b.term === a.term) this.#say(now, 'n_steppedDownQuorum', { n: b.id, t: b.term }, 'bad');
					else this.#say(now, 'n_steppedDownTerm', { n: b.id, t: b.term });
				}
				if (b.role === 'candidate' && (a.role !== 'candidate' || a.term !== b.term)) this.#say(now, 'n_campaign', { n: b.id, t: b.term });
				if (b.role === 'preCandidate' && a.role !== 'preCandidate') this.#say(now, 'n_preCampaign', { n: b.id, t: b.term });
			}
		}
		// new leaders (the engine lists every election, even two within one frame)
		for (const l of next.leaders) {
			if (l.atUs <= this.#leadersSeenUs) continue;
			this.#leadersSeenUs = l.atUs;
			this.#say(l.atUs / 1000, 'n_becameLeader', { n: l.node, t: l.term }, 'good');
		}
		// quorum
		const qa = prev.quorum;
		const qb = next.quorum;
		if (qb.canCommit) this.#everLed = true;
		if (qa.canCommit && !qb.canCommit) this.#say(now, 'n_quorumLost', {}, 'bad', reasonOf(qb));
		else if (!qa.canCommit && qb.canCommit && this.#everLed && next.leaders.length > 1) {
			this.#say(now, 'n_quorumRegained', { l: qb.leader ?? 0, r: qb.reachable, n: qb.size }, 'good');
		}
		// network
		const splitA = prev.groups.length > 1;
		const splitB = next.groups.length > 1;
		if (splitB && groupsText(prev.groups) !== groupsText(next.groups)) this.#say(this.#stepAt(prev, next, (s) => s.do === 'partition'), 'n_partitioned', { groups: groupsText(next.groups) });
		for (const cut of next.cuts) {
			if (!prev.cuts.some((p) => p.from === cut.from && p.to === cut.to)) this.#say(this.#stepAt(prev, next, (s) => s.do === 'cut' && s.from === cut.from && s.to === cut.to), 'n_cut', { from: cut.from, to: cut.to });
		}
		if ((splitA || prev.cuts.length > 0) && !splitB && next.cuts.length === 0) this.#say(this.#stepAt(prev, next, (s) => s.do === 'heal'), 'n_healed', {}, 'good');
		// client requests
		this.#ops(next);
		// slow disks: etcd's warnings say who was stuck (a late leader, or a slow fsync on any member)
		for (const l of next.logs) {
			if (l.level !== 'warn' || l.atUs <= this.#warnSeenUs) continue;
			this.#warnSeenUs = l.atUs;
			const slowSync = /^slow fdatasync \(took ([\d.]+) ms/.exec(l.text);
			if (slowSync) this.#say(l.atUs / 1000, 'n_slowFsync', { n: l.node, ms: slowSync[1] }, 'bad');
			else this.#say(l.atUs / 1000, 'n_leaderLateHeartbeat', { n: l.node }, 'bad');
		}
		if (next.violations.length > this.#violations) {
			for (const v of next.violations.slice(this.#violations)) this.#say(v.atMs, 'n_violation', { check: `${v.check}: ${v.detail}` }, 'bad');
			this.#violations = next.violations.length;
		}
	}

	#ops(next: Frame): void {
		const c = this.#session.cluster;
		const q = next.quorum.quorum;
		for (const op of next.ops) {
			const was = this.#opStatus.get(op.id);
			if (was === op.status) continue;
			this.#opStatus.set(op.id, op.status);
			if (op.status === 'pending') {
				// whom the endpoint believed led when the request reached it (it forwards writes there)
				this.#believed.set(op.id, next.members[op.node - 1]?.lead ?? null);
				continue;
			}
			const believed = this.#believed.get(op.id) ?? null;
			this.#believed.delete(op.id);
			const at = (op.returnUs ?? c.nowUs) / 1000;
			if (!isKvOp(op)) {
				// a membership change: said on its own, never grouped with the writes
				const change = `member ${op.kind.slice(6).toLowerCase()} n${op.target ?? '?'}${op.kind === 'memberAdd' && op.learner ? ' --learner' : ''}`;
				if (op.status === 'ok') this.#say(at, 'n_memberOk', { what: change }, 'good');
				else this.#say(at, 'n_memberRefused', { what: change, error: op.error ?? '' }, 'bad');
				continue;
			}
			const what = opText(op);
			// the endpoint down now, or when the request was sent (restarted before it failed, it was
			// still the down endpoint that failed it, not a leader it did not know)
			if (op.status === 'fail' && (!c.isAlive(op.node) || this.#downAt(op.node, op.callUs / 1000))) {
				this.#say(at, 'n_putEndpointDown', { what, node: op.node }, 'bad');
				continue;
			}
			if (op.kind === 'get') {
				if (op.status !== 'ok' && !op.serializable) this.#say(at, 'n_getTimeout', { key: op.key }, 'bad');
				continue;
			}
			if (op.status === 'ok') {
				this.#committed(at, what, (op.returnUs ?? op.callUs) / 1000 - op.callUs / 1000, q);
				continue;
			}
			const loc = locateOp(c, op);
			if (!loc) {
				this.#notProposed(at, op, what, believed);
				continue;
			}
			const fate = entryFate(c, loc.index, loc.term);
			if (fate.state === 'committed') {
				this.#say(at, 'n_lateCommit', { what }, 'good');
				continue;
			}
			this.#say(at, 'n_putNotCommitted', { what, have: loc.holders.length, n: next.quorum.size, q }, 'bad');
			this.#open.set(op.id, { op, index: loc.index, term: loc.term, holders: loc.holders, doomed: false });
		}
		// what became of the writes left uncommitted
		for (const [id, o] of this.#open) {
			const fate = entryFate(c, o.index, o.term);
			const what = opText(o.op);
			if (fate.state === 'committed') {
				this.#open.delete(id);
				this.#say(next.nowMs, 'n_lateCommit', { what }, 'good');
				continue;
			}
			if (fate.state === 'replaced' && !o.doomed) {
				o.doomed = true;
				this.#say(next.nowMs, 'n_doomed', { what, by: fate.by, i: o.index });
			}
			for (const h of this.#droppedBy(o)) this.#say(next.nowMs, 'n_dropped', { what, n: h, i: o.index });
			if (o.holders.length === 0) this.#open.delete(id);
		}
	}

	/**
	 * When the step that made a change seen between two frames was taken: its own time, as the
	 * time bar's marker says (frames told during a link's replay lie farther apart than a running
	 * page's: a kill at 3.350 s was told at 3.400 s); the frame's time if no step matches (the
	 * last matching step wins: two in one frame are told once).
	 */
	#stepAt(prev: Frame, next: Frame, match: (s: SessionAction) => boolean): number {
		let at = next.nowMs;
		const pick = (steps: readonly SessionAction[]): void => {
			for (const s of steps) if (s.atMs > prev.nowMs && s.atMs <= next.nowMs && match(s)) at = s.atMs;
		};
		pick(this.#session.scenario.steps);
		pick(this.#session.actions);
		return at;
	}

	/** Whether the last step to kill or restart a member before a moment killed it. */
	#downAt(node: number, atMs: number): boolean {
		let down = false;
		let lastMs = -1;
		for (const steps of [this.#session.scenario.steps, this.#session.actions])
			for (const s of steps)
				if ((s.do === 'kill' || s.do === 'restart') && s.node === node && s.atMs <= atMs && s.atMs >= lastMs) {
					lastMs = s.atMs;
					down = s.do === 'kill';
				}
		return down;
	}

	/**
	 * A write no member ever stored: say why, from what the endpoint believed. It knew no leader;
	 * or it forwarded the write to the member it believed led, and that member was down, cut off
	 * from it, or no longer the leader (etcd drops a proposal it cannot place).
	 */
	#notProposed(at: number, op: ClientOp, what: string, believed: number | null): void {
		const c = this.#session.cluster;
		if (believed === null) {
			this.#say(at, 'n_putNotProposed', { what, node: op.node }, 'bad');
			return;
		}
		let why: PlaygroundKey = 'why_notLeader';
		if (!c.isAlive(believed)) why = 'why_down';
		else if (!c.network.connected(op.node, believed)) why = 'why_cutOff';
		else if (c.roleOf(believed) === 'leader') why = 'why_lost';
		this.#say(at, 'n_putForwardLost', { what, node: op.node, lead: believed }, 'bad', { key: why, params: { node: op.node, lead: believed } });
	}

	/** Holders (up now) that no longer have the entry: they dropped it for the leader's. */
	#droppedBy(o: Open): number[] {
		const c = this.#session.cluster;
		const dropped: number[] = [];
		for (const id of o.holders) {
			if (!c.isAlive(id)) continue;
			const [e] = c.entries(id, o.index, o.index);
			if (!e || e.term !== o.term) dropped.push(id);
		}
		if (dropped.length > 0) o.holders = o.holders.filter((h) => !dropped.includes(h));
		return dropped;
	}
}

function sameParams(a: Params, b: Params): boolean {
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	for (const k of ka) if (a[k] !== b[k]) return false;
	return true;
}
