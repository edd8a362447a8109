import type { Prng } from './prng';

/**
 * The simulated network between members 1..n: per-link one-way latency with jitter, loss,
 * partitions into groups, one-way cuts, heal. Links are FIFO (etcd's peer streams run over TCP).
 * A message is lost if its link is cut at any moment between send and delivery: every cut bumps
 * the link's epoch, and a message only arrives if the epoch it was sent in is still current.
 */
export interface NetworkParams {
	latencyUs: number;
	jitterUs: number;
	lossRate: number;
}

/**
 * Who can talk to whom: members split into groups (only members of one group talk) and one-way
 * cuts. The one model of reachability: the network carries messages by it, and the exercise goals
 * replay the fault timeline through it.
 */
export class Topology {
	/** members 1..size (grows when a member is added; the arrays hold `capacity`) */
	size: number;
	readonly capacity: number;
	/** group id per member (index 1..n); members in different groups cannot talk */
	private readonly group: number[];
	/** one-way cuts, cut[from][to] */
	private readonly cutLinks: boolean[][];

	constructor(size: number, capacity = size) {
		this.size = size;
		this.capacity = Math.max(size, capacity);
		this.group = new Array<number>(this.capacity + 1).fill(0);
		this.cutLinks = Array.from({ length: this.capacity + 1 }, () => new Array<boolean>(this.capacity + 1).fill(false));
	}

	/** A member joins (etcdctl member add): it shares member 1's side of any partition. */
	grow(size: number): void {
		for (let m = this.size + 1; m <= size && m <= this.capacity; m++) this.group[m] = this.group[1];
		this.size = Math.min(size, this.capacity);
	}

	/** Whether from -> to carries messages. */
	connected(from: number, to: number): boolean {
		return from === to || (this.group[from] === this.group[to] && !this.cutLinks[from][to]);
	}

	/** Whether a and b talk both ways. */
	linked(a: number, b: number): boolean {
		return this.connected(a, b) && this.connected(b, a);
	}

	/** Splits the members into groups. Replaces any earlier partition (one-way cuts stay). */
	partition(groups: readonly (readonly number[])[]): void {
		groups.forEach((g, i) => g.forEach((m) => (this.group[m] = i + 1)));
	}

	cut(from: number, to: number): void {
		this.cutLinks[from][to] = true;
	}

	heal(): void {
		this.group.fill(0);
		for (const row of this.cutLinks) row.fill(false);
	}

	/** Whether every member reaches every other both ways. */
	whole(): boolean {
		for (let a = 1; a <= this.size; a++) for (let b = 1; b <= this.size; b++) if (!this.connected(a, b)) return false;
		return true;
	}

	clone(): Topology {
		const t = new Topology(this.size, this.capacity);
		for (let m = 0; m <= this.capacity; m++) t.group[m] = this.group[m];
		for (let a = 0; a <= this.capacity; a++) for (let b = 0; b <= this.capacity; b++) t.cutLinks[a][b] = this.cutLinks[a][b];
		return t;
	}

	/** The groups as they stand (members that share a group id), in group-id order. */
	groups(): number[][] {
		const byGroup = new Map<number, number[]>();
		for (let m = 1; m <= this.size; m++) {
			const g = this.group[m];
			const list = byGroup.get(g) ?? [];
			list.push(m);
			byGroup.set(g, list);
		}
		return [...byGroup.keys()].sort((a, b) => a - b).map((g) => byGroup.get(g) as number[]);
	}

	cuts(): { from: number; to: number }[] {
		const out: { from: number; to: number }[] = [];
		for (let a = 1; a <= this.size; a++) for (let b = 1; b <= this.size; b++) if (this.cutLinks[a][b]) out.push({ from: a, to: b });
		return out;
	}
}

export class Network {
	get size(): number {
		return this.topology.size;
	}
	params: NetworkParams;
	private readonly prng: Prng;
	/** who can talk to whom now */
	readonly topology: Topology;
	private epoch: number[][];
	private lastDeliveryUs: number[][];
	/** when each link last went down (for etcd's "connection lost" diagnosis) */
	private downSinceUs: number[][];

	constructor(size: number, params: NetworkParams, prng: Prng, capacity = size) {
		this.params = params;
		this.prng = prng;
		this.topology = new Topology(size, capacity);
		const n = this.topology.capacity;
		const grid = <T>(v: T): T[][] => Array.from({ length: n + 1 }, () => new Array<T>(n + 1).fill(v));
		this.epoch = grid(0);
		this.lastDeliveryUs = grid(0);
		this.downSinceUs = grid(-1);
	}

	/** Whether from -> to currently carries messages. */
	connected(from: number, to: number): boolean {
		return this.topology.connected(from, to);
	}

	/** Members up to `size` exist now (a member was added). */
	grow(size: number, nowUs: number): void {
		this.topology.grow(size);
		this.refresh(nowUs);
	}

	/** The time the link went down, or -1 if it is up. */
	downSince(from: number, to: number): number {
		return this.downSinceUs[from][to];
	}

	/**
	 * Sends one message at nowUs. Returns its delivery time and the link epoch it travels in, or
	 * null if it is dropped right away (link cut, or lost).
	 */
	send(from: number, to: number, nowUs: number): { atUs: number; epoch: number } | null {
		const atUs = this.sendAt(from, to, nowUs);
		return atUs < 0 ? null : { atUs, epoch: this.epoch[from][to] };
	}

	/**
	 * `send` without building its answer (the engine sends every message through here): the
	 * delivery time, or -1 if the message is dropped right away; its epoch is `epochOf(from, to)`.
	 */
	sendAt(from: number, to: number, nowUs: number): number {
		if (!this.connected(from, to)) return -1;
		if (this.params.lossRate > 0 && this.prng.chance(this.params.lossRate)) return -1;
		return this.deliveryTime(from, to, nowUs);
	}

	/** The link's epoch now (it bumps each time the link is cut). */
	epochOf(from: number, to: number): number {
		return this.epoch[from][to];
	}

	/** One-way delay with jitter, never overtaking the previous message on the same link. */
	deliveryTime(from: number, to: number, nowUs: number): number {
		const { latencyUs, jitterUs } = this.params;
		const jitter = jitterUs > 0 ? Math.round((this.prng.next() * 2 - 1) * jitterUs) : 0;
		let at = nowUs + Math.max(0, latencyUs + jitter);
		const last = this.lastDeliveryUs[from][to];
		if (at < last) at = last;
		this.lastDeliveryUs[from][to] = at;
		return at;
	}

	/** Whether a message sent in `epoch` still arrives (its link was not cut meanwhile). */
	arrives(from: number, to: number, epoch: number): boolean {
		return this.epoch[from][to] === epoch && this.connected(from, to);
	}

	private setLink(from: number, to: number, up: boolean, nowUs: number): void {
		const wasUp = this.downSinceUs[from][to] < 0;
		if (wasUp && !up) {
			this.epoch[from][to]++;
			this.downSinceUs[from][to] = nowUs;
		} else if (!wasUp && up) {
			this.downSinceUs[from][to] = -1;
		}
	}

	private refresh(nowUs: number): void {
		for (let a = 1; a <= this.size; a++)
			for (let b = 1; b <= this.size; b++) if (a !== b) this.setLink(a, b, this.connected(a, b), nowUs);
	}

	/** Splits the members into groups; only members of the same group can talk. Replaces any earlier partition. */
	partition(groups: readonly (readonly number[])[], nowUs: number): void {
		this.topology.partition(groups);
		this.refresh(nowUs);
	}

	/** Cuts one direction of one link: messages from -> to are lost. */
	cut(from: number, to: number, nowUs: number): void {
		this.topology.cut(from, to);
		this.refresh(nowUs);
	}

	/** Restores every link. */
	heal(nowUs: number): void {
		this.topology.heal();
		this.refresh(nowUs);
	}

	/** Whether anything is cut right now. */
	isDivided(): boolean {
		return !this.topology.whole();
	}

	/** The groups as they stand (members that can all reach each other both ways share a group). */
	groups(): number[][] {
		return this.topology.groups();
	}

	cuts(): { from: number; to: number }[] {
		return this.topology.cuts();
	}
}
