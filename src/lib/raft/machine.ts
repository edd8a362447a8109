/**
 * A member's role lifecycle as an xstate v5 machine: follower, preCandidate, candidate, leader and
 * down. It owns the role (RaftState reads its role from this machine's state) and receives only
 * lifecycle events, which are rare: per-role step functions (core.ts) handle every message and
 * tick and raise these when the role must change. Entry actions call becomeFollower / campaign /
 * becomeLeader, as etcd-io/raft's role changes do.
 *
 * Events:
 *   election.timeout      an election timeout passed without a leader (a tick raises it)
 *   preVote.won|lost      a quorum granted the pre-vote, or can no longer
 *   vote.won|lost         a quorum granted the vote, or can no longer
 *   term.newer            a message carried a newer term
 *   leader.heard          a (pre-)candidate heard from the leader of its term
 *   quorum.lost           CheckQuorum: the leader heard from no quorum for an election timeout
 *   member.removed        the leader applied its own removal from the membership (it steps down)
 *   transfer.timeoutNow   the leader hands leadership over (etcdctl move-leader)
 *   member.crash          the process dies (kill -9)
 *   member.restart        the process starts again from what its disk holds
 */
import { assign, setup, type ActorRefFrom } from 'xstate';
import type { RaftRole, RaftState } from './core';
import type { LifecycleEvent } from './ready';
import { NONE } from './types';

export type MemberEvent = LifecycleEvent | { type: 'member.crash' } | { type: 'member.restart'; recovered: RaftState };

/**
 * Holds the member's protocol state for the machine. The state sits in a private field, out of
 * sight of xstate's persistence (getPersistedSnapshot and a restore walk the context's enumerable
 * fields, which would be every log entry): the host persists the protocol state itself.
 */
export class RaftSlot {
	readonly #raft: RaftState;
	constructor(raft: RaftState) {
		this.#raft = raft;
	}
	get raft(): RaftState {
		return this.#raft;
	}
}

export interface MemberContext {
	slot: RaftSlot;
}

/** The roles of a live member, in the order a diagram lays them out. */
export const ROLES: readonly RaftRole[] = ['follower', 'preCandidate', 'candidate', 'leader'];

export const memberMachine = setup({
	types: {
		context: {} as MemberContext,
		events: {} as MemberEvent,
		input: {} as { raft: RaftState }
	},
	guards: {
		'pre-vote is on': ({ context }) => context.slot.raft.cfg.preVote,
		'has a quorum of votes': ({ context }) => context.slot.raft.tally() === 'won'
	},
	actions: {
		'become follower': ({ context, event }) => {
			const r = context.slot.raft;
			switch (event.type) {
				case 'term.newer':
					r.becomeFollower(event.term, event.lead);
					break;
				case 'leader.heard':
					r.becomeFollower(r.term, event.lead);
					break;
				case 'vote.lost':
				case 'preVote.lost':
				case 'quorum.lost':
				case 'member.removed':
					r.becomeFollower(r.term, NONE);
					break;
				default:
					break; // a start or a restart: the state was just built as a follower (etcd newRaft)
			}
		},
		'announce the step-down': ({ context, event }) => {
			if (event.type === 'term.newer') context.slot.raft.announceStepDown(event.term, 'newerTerm');
			else if (event.type === 'quorum.lost') context.slot.raft.announceStepDown(context.slot.raft.term, 'lostQuorum');
			else if (event.type === 'member.removed') context.slot.raft.announceStepDown(context.slot.raft.term, 'removed');
		},
		'ask for pre-votes': ({ context }) => context.slot.raft.campaign(true),
		'ask for votes': ({ context }) => context.slot.raft.campaign(false),
		'mark the campaign as a leadership transfer': ({ context }) => context.slot.raft.markCampaignAsTransfer(),
		'become leader and append an empty entry': ({ context }) => context.slot.raft.becomeLeader(),
		'recover persisted state': assign({
			slot: ({ context, event }) => (event.type === 'member.restart' ? new RaftSlot(event.recovered) : context.slot)
		})
	}
}).createMachine({
	id: 'member',
	initial: 'up',
	context: ({ input }) => ({ slot: new RaftSlot(input.raft) }),
	states: {
		up: {
			initial: 'follower',
			on: {
				'member.crash': { target: 'down' }
			},
			states: {
				follower: {
					entry: 'become follower',
					on: {
						'election.timeout': [{ guard: 'pre-vote is on', target: 'preCandidate' }, { target: 'candidate' }],
						'transfer.timeoutNow': { target: 'candidate', actions: 'mark the campaign as a leadership transfer' },
						'term.newer': { target: 'follower', reenter: true }
					}
				},
				preCandidate: {
					entry: 'ask for pre-votes',
					always: { guard: 'has a quorum of votes', target: 'candidate' },
					on: {
						'election.timeout': { target: 'preCandidate', reenter: true },
						'preVote.won': { target: 'candidate' },
						'preVote.lost': { target: 'follower' },
						'leader.heard': { target: 'follower' },
						'term.newer': { target: 'follower' }
					}
				},
				candidate: {
					entry: 'ask for votes',
					always: { guard: 'has a quorum of votes', target: 'leader' },
					on: {
						'election.timeout': [{ guard: 'pre-vote is on', target: 'preCandidate' }, { target: 'candidate', reenter: true }],
						'vote.won': { target: 'leader' },
						'vote.lost': { target: 'follower' },
						'leader.heard': { target: 'follower' },
						'term.newer': { target: 'follower' }
					}
				},
				leader: {
					entry: 'become leader and append an empty entry',
					exit: 'announce the step-down',
					on: {
						'quorum.lost': { target: 'follower' },
						'member.removed': { target: 'follower' },
						'term.newer': { target: 'follower' }
					}
				}
			}
		},
		down: {
			on: {
				'member.restart': { target: 'up', actions: 'recover persisted state' }
			}
		}
	}
});

export type MemberActor = ActorRefFrom<typeof memberMachine>;
