/**
 * One member's raft, as its host sees it (etcd-io/raft RawNode): feed it ticks, messages and
 * client requests; take a Ready of what to persist, send and apply; advance it once durable. Inside,
 * the protocol (RaftState, core.ts) handles every message and tick, and the role lifecycle is an
 * xstate actor (machine.ts), the single owner of the role.
 */
import { createActor, type Snapshot } from 'xstate';
import type { Lifecycle, RaftRole, RaftState } from './core';
import { memberMachine, RaftSlot, type MemberActor, type MemberEvent } from './machine';
import type { LifecycleEvent, Ready } from './ready';
import type { Command, Message } from './types';

/** A lifecycle transition, for views: the event taken and the states before and after. */
export interface Transition {
	event: MemberEvent['type'];
	from: RaftRole | 'down';
	to: RaftRole | 'down';
}

/** A member machine's persisted snapshot, its context left out (plain data). */
export type PersistedLifecycle = Record<string, unknown> & { context: null };

export type TransitionListener = (t: Transition) => void;

export class RaftNode {
	/**
	 * What a member's raft holds of its machine: the role, and where lifecycle events go. One class
	 * for every member, so the raft's calls through it (`send` on every lifecycle event) meet one
	 * method; a literal of arrow functions gave each member's calls a function of its own, and the
	 * compiled step code was thrown away at each new cluster ("wrong call target").
	 */
	private static readonly Lifecycle = class NodeLifecycle implements Lifecycle {
		constructor(private readonly node: RaftNode) {}

		role(): RaftRole {
			const r = this.node.role;
			return r === 'down' ? 'follower' : r;
		}

		send(e: LifecycleEvent): void {
			this.node.send(e);
		}
	};

	private readonly actor: MemberActor;
	#raft: RaftState;
	#role: RaftRole | 'down' = 'follower';
	private readonly lifecycle: Lifecycle = new RaftNode.Lifecycle(this);
	/** called after every lifecycle event the machine took (set by the host; views listen) */
	onTransition: TransitionListener | null = null;

	/**
	 * A member's raft with its machine starting as a follower; or, given `lifecycle` (what
	 * `persistLifecycle` returned), the machine restored where it was (xstate's createActor with a
	 * snapshot: no entry action runs again) around `raft`, the protocol state restored by the host.
	 */
	constructor(raft: RaftState, lifecycle: PersistedLifecycle | null = null) {
		this.actor =
			lifecycle === null
				? createActor(memberMachine, { input: { raft } })
				: createActor(memberMachine, { input: { raft }, snapshot: { ...lifecycle, context: { slot: new RaftSlot(raft) } } as unknown as Snapshot<unknown> });
		this.#raft = this.readMachine();
		raft.attach(this.lifecycle);
		this.actor.start();
		this.#raft = this.readMachine();
	}

	/**
	 * Reads the machine's context and role after it took an event (or started): the only moments
	 * they change. The engine asks for both on nearly every step.
	 */
	private readMachine(): RaftState {
		const snapshot = this.actor.getSnapshot();
		const v = snapshot.value;
		this.#role = typeof v === 'string' ? 'down' : v.up;
		return snapshot.context.slot.raft;
	}

	/**
	 * The machine's state as plain data (xstate's getPersistedSnapshot), without its context: the
	 * context holds only the protocol state, which the host persists on its own.
	 */
	persistLifecycle(): PersistedLifecycle {
		const p = this.actor.getPersistedSnapshot() as unknown as Record<string, unknown>;
		return { ...p, context: null };
	}

	/**
	 * The protocol state (replaced on restart by the one rebuilt from disk): the machine's context
	 * holds it; read once per lifecycle event (the only way the context changes), as every engine
	 * event asks for it.
	 */
	get raft(): RaftState {
		return this.#raft;
	}

	/** The role, from the machine's state (read once per lifecycle event, see readMachine). */
	get role(): RaftRole | 'down' {
		return this.#role;
	}

	/** The machine's state value, e.g. { up: 'leader' } or 'down'. */
	get stateValue(): unknown {
		return this.actor.getSnapshot().value;
	}

	tick(): void {
		this.raft.tick();
	}

	step(m: Message): void {
		this.raft.step(m);
	}

	propose(id: number, cmd: Command): void {
		this.raft.propose(id, cmd);
	}

	readIndex(context: number): void {
		this.raft.requestReadIndex(context);
	}

	transferLeader(to: number): void {
		this.raft.transferLeader(to);
	}

	crash(): void {
		this.send({ type: 'member.crash' });
	}

	/** Starts again as a follower with `recovered`, the state rebuilt from what the disk holds. */
	restart(recovered: RaftState): void {
		recovered.attach(this.lifecycle);
		this.send({ type: 'member.restart', recovered });
	}

	/** What to do now; `work: false` takes only what happened (see RaftState.ready). */
	ready(opts?: { work: boolean }): Ready {
		return this.raft.ready(opts);
	}

	advance(rd: Ready): void {
		this.raft.advance(rd);
	}

	private send(e: MemberEvent): void {
		if (this.onTransition === null) {
			this.actor.send(e);
			this.#raft = this.readMachine();
			return;
		}
		// lifecycle events are rare: asking the machine whether it takes this one costs nothing
		const taken = this.actor.getSnapshot().can(e);
		const from = this.role;
		this.actor.send(e);
		this.#raft = this.readMachine();
		if (taken) this.onTransition({ event: e.type, from, to: this.role });
	}
}
