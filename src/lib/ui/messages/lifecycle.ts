/**
 * The role-lifecycle diagram's words. Event and state names drawn on the diagram are the machine's
 * own identifiers (the diagram is the code); these glosses say what each means.
 */
import type { MessageSet } from '../i18n.svelte';

const en = {
	lcTitle: 'Role lifecycle (the xstate machine)',
	lcIntro: 'Each member’s role is this state machine, drawn from its own definition. A lit state holds members; a transition just taken flashes with its event.',
	lcFigure: 'Role lifecycle: follower, pre-candidate, candidate, leader inside up; down outside. {members}',
	lcMembersIn: '{state}: {members}',
	lcNone: 'none',
	lcLatest: 'Latest: n{n} {from} → {to} on {event}',
	lcNoTransition: 'No transition yet: press Play.',
	lcTransitions: 'Every transition in the machine',
	lcGuard: 'if {guard}',
	lcUp: 'up (running)',
	lcLatestGloss: '({gloss})',
	guard_preVoteOn: 'pre-vote is on',
	guard_quorumOfVotes: 'has a quorum of votes',
	evn_election_timeout: 'election.timeout',
	evn_preVote_won: 'preVote.won',
	evn_preVote_lost: 'preVote.lost',
	evn_vote_won: 'vote.won',
	evn_vote_lost: 'vote.lost',
	evn_term_newer: 'term.newer',
	evn_leader_heard: 'leader.heard',
	evn_quorum_lost: 'quorum.lost',
	evn_transfer_timeoutNow: 'transfer.timeoutNow',
	evn_member_removed: 'member.removed',
	evn_member_crash: 'member.crash',
	evn_member_restart: 'member.restart',
	evn_always: 'always',
	ev_election_timeout: 'no leader heard for an election timeout',
	ev_preVote_won: 'a quorum granted the pre-vote',
	ev_preVote_lost: 'a quorum can no longer grant the pre-vote',
	ev_vote_won: 'a quorum granted the vote',
	ev_vote_lost: 'a quorum can no longer grant the vote',
	ev_term_newer: 'a message carried a newer term',
	ev_leader_heard: 'heard from the leader of its term',
	ev_quorum_lost: 'CheckQuorum: no quorum heard for an election timeout',
	ev_transfer_timeoutNow: 'the leader hands leadership over (TimeoutNow)',
	ev_member_removed: 'the leader applied its own removal from the cluster',
	ev_member_crash: 'the process was killed',
	ev_member_restart: 'the process restarted from its disk',
	ev_always: 'at once, when the guard holds'
};

export const lifecycle: MessageSet<typeof en> = {
	en,
	ko: {
		lcTitle: '역할 생명주기 (xstate 상태 기계)',
		lcIntro: '멤버의 역할은 이 상태 기계가 정하고, 그림은 기계의 정의에서 바로 그렸습니다. 멤버가 있는 상태는 밝게, 방금 일어난 전이는 이벤트와 함께 깜빡입니다.',
		lcFigure: '역할 생명주기: 실행 중(up) 안에 팔로워, 사전 후보, 후보, 리더가 있고 밖에 다운이 있습니다. {members}',
		lcMembersIn: '{state}: {members}',
		lcNone: '없음',
		lcLatest: '방금: n{n} {from} → {to}, {event}',
		lcNoTransition: '아직 전이가 없습니다. 재생을 누르세요.',
		lcTransitions: '기계의 모든 전이',
		lcGuard: '조건: {guard}',
		lcUp: '실행 중 (up)',
		lcLatestGloss: '({event}: {gloss})',
		guard_preVoteOn: '사전 투표를 쓰는 경우',
		guard_quorumOfVotes: '쿼럼만큼 표를 얻은 경우',
		evn_election_timeout: '선거 타임아웃',
		evn_preVote_won: '사전 투표 승리',
		evn_preVote_lost: '사전 투표 패배',
		evn_vote_won: '투표 승리',
		evn_vote_lost: '투표 패배',
		evn_term_newer: '더 높은 텀',
		evn_leader_heard: '리더 메시지 수신',
		evn_quorum_lost: '쿼럼 상실',
		evn_transfer_timeoutNow: '리더십 이전',
		evn_member_removed: '멤버에서 제거됨',
		evn_member_crash: '강제 종료',
		evn_member_restart: '재시작',
		evn_always: '즉시',
		ev_election_timeout: '선거 타임아웃 동안 리더 소식이 없음',
		ev_preVote_won: '쿼럼이 사전 투표에 찬성함',
		ev_preVote_lost: '사전 투표에서 쿼럼을 더는 얻을 수 없음',
		ev_vote_won: '쿼럼이 투표에 찬성함',
		ev_vote_lost: '투표에서 쿼럼을 더는 얻을 수 없음',
		ev_term_newer: '더 새로운 텀의 메시지를 받음',
		ev_leader_heard: '현재 텀의 리더에게서 메시지를 받음',
		ev_quorum_lost: 'CheckQuorum: 선거 타임아웃 동안 쿼럼과 연락이 끊김',
		ev_transfer_timeoutNow: '리더가 리더십을 넘겨줌 (TimeoutNow)',
		ev_member_removed: '리더가 자기를 클러스터에서 빼는 변경을 적용함',
		ev_member_crash: '프로세스가 강제 종료됨',
		ev_member_restart: '프로세스가 디스크 내용으로 다시 시작함',
		ev_always: '조건이 맞으면 바로'
	}
};

/** The gloss key of an event name ('election.timeout' -> 'ev_election_timeout'). */
export function eventKey(event: string): keyof typeof en {
	return `ev_${event.replace('.', '_')}` as keyof typeof en;
}

/** The key of an event's name as the diagram shows it ('election.timeout' -> 'evn_election_timeout': the machine's own name in English, what an instructor calls it in Korean), or null for an event this file does not know. */
export function eventNameKey(event: string): keyof typeof en | null {
	const k = `evn_${event.replace('.', '_')}`;
	return k in en ? (k as keyof typeof en) : null;
}

/** The key of a guard's words, or null for a guard this file does not know. */
export function guardKey(guard: string): keyof typeof en | null {
	return guard === 'pre-vote is on' ? 'guard_preVoteOn' : guard === 'has a quorum of votes' ? 'guard_quorumOfVotes' : null;
}
