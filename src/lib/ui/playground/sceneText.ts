/** The cluster picture's words: message labels, side verdicts, leaders' claims and Step. */
import type { StepView } from '../../cluster/types';
import { i18n } from '../i18n.svelte';
import { scene } from '../messages/scene';
import type { InFlight } from '../session.svelte';
import type { LeaderClaim, SideVerdict } from './scene';

export const st = i18n.use(scene);

const KIND_KEY: Record<string, 'msgPreVote' | 'msgVote' | 'msgApp' | 'msgHeartbeat' | 'msgReadIndex' | 'msgProp' | 'msgTimeoutNow' | 'msgSnapshot'> = {
	preVote: 'msgPreVote',
	preVoteResp: 'msgPreVote',
	vote: 'msgVote',
	voteResp: 'msgVote',
	app: 'msgApp',
	appResp: 'msgApp',
	heartbeat: 'msgHeartbeat',
	heartbeatResp: 'msgHeartbeat',
	readIndex: 'msgReadIndex',
	readIndexResp: 'msgReadIndex',
	prop: 'msgProp',
	timeoutNow: 'msgTimeoutNow',
	snap: 'msgSnapshot'
};

export type MessageFields = Pick<InFlight, 'type' | 'term' | 'entries' | 'index' | 'reject' | 'dropped'>;
/**
 * "PreVote t2", "Vote t3 granted", "Append t3 [idx 7-8]", "Append t3 ok", "Heartbeat", "Proposal".
 * A message a follower forwards to its leader (a proposal, a ReadIndex) carries no term (raft
 * sends it with term 0, as etcd's local messages): its label names none, where "t0" read as a term.
 */
export function messageLabel(m: MessageFields): string {
	const key = KIND_KEY[m.type];
	const name = key ? st(key) : st('msgOther', { type: m.type });
	const resp = m.type.endsWith('Resp');
	if (m.type === 'heartbeat' || m.type === 'heartbeatResp') return name;
	let s = m.term === 0 ? name : `${name} t${m.term}`;
	if (m.type === 'app' && m.entries > 0) s += ` [${m.entries === 1 ? st('msgIndex1', { i: m.index + 1 }) : st('msgIndexN', { a: m.index + 1, b: m.index + m.entries })}]`;
	if (resp) {
		if (m.type === 'voteResp' || m.type === 'preVoteResp') s += ` ${m.reject ? st('rejected') : st('granted')}`;
		else s += ` ${m.reject ? st('rejected') : st('ok')}`;
	}
	return s;
}

/** Step's words for the event that just ran (paired with its message when it was one). */
export function stepText(step: StepView, msg: MessageFields | null): string {
	switch (step.k) {
		case 'tick':
			return st('stepTick', { n: step.node });
		case 'deliver':
		case 'drop': {
			const label = msg ? messageLabel(msg) : messageLabel({ type: step.type, term: step.term, entries: 0, index: 0, reject: false, dropped: false });
			return st(step.k === 'drop' ? 'stepDrop' : 'stepDeliver', { from: step.from, to: step.to, msg: label });
		}
		case 'diskDone':
			return st('stepDisk', { n: step.node, i: step.lastIndex });
		case 'client':
			return st('stepClient', { n: step.node, op: step.op, key: step.key });
		case 'reply':
			return st('stepReply', { n: step.node, op: step.op, key: step.key, status: step.status });
		case 'call':
			return st('stepCall');
		case 'deadline':
			return st(step.side === 'client' ? 'stepClientDeadline' : 'stepServerDeadline', { s: String(step.ms / 1000) });
		default:
			return st('stepOther', { what: step.what });
	}
}

export function verdictText(v: SideVerdict): string {
	if (v.canCommit) return st('sideVerdictOk', { n: v.members.length, size: v.size });
	if (v.alive < v.members.length) return st('sideVerdictNoAlive', { n: v.members.length, size: v.size, alive: v.alive });
	return st('sideVerdictNo', { n: v.members.length, size: v.size });
}

export function claimText(c: LeaderClaim, short = false): string {
	const key = c.canCommit ? (short ? 'leaderCanShort' : 'leaderCan') : short ? 'leaderCannotShort' : 'leaderCannot';
	return st(key, { n: c.node, t: c.term, r: c.reaches, size: c.size, q: c.quorum });
}
