/** etcd's error texts and the timings and limits the cluster takes from etcd. */

/** etcdctl --dial-timeout: a request to a dead endpoint fails after this. */
export const DIAL_TIMEOUT_MS = 2000;
/** etcd's linearizable read loop resends its ReadIndex request this often. */
export const READ_INDEX_RETRY_MS = 500;
/** etcd cancels watch streams after this many election timeouts without a leader. */
export const WATCH_NO_LEADER_LIMIT = 3;
export const LOG_LIMIT = 2000;
/** etcd's WAL warns "slow fdatasync" when one takes longer than this (warnSyncDuration). */
export const SLOW_FDATASYNC_US = 1_000_000;
export const LEADERS_LIMIT = 10_000;

export const ERR = {
	deadline: 'Error: context deadline exceeded',
	timeout: 'Error: etcdserver: request timed out',
	timeoutLeaderFail: 'Error: etcdserver: request timed out, possibly due to previous leader failure',
	timeoutConnLost: 'Error: etcdserver: request timed out, possibly due to connection lost',
	leaderChanged: 'Error: etcdserver: leader changed',
	proposalDropped: 'Error: raft proposal dropped',
	watchNoLeader: 'watch was canceled (etcdserver: no leader)',
	// membership (etcd 3.5 api/v3rpc/rpctypes, as etcdctl prints them)
	memberNotFound: 'Error: etcdserver: member not found',
	memberNotLearner: 'Error: etcdserver: can only promote a learner member',
	learnerNotReady: 'Error: etcdserver: can only promote a learner member which is in sync with leader',
	tooManyLearners: 'Error: etcdserver: too many learner members in cluster',
	notEnoughStarted: 'Error: etcdserver: re-configuration failed due to not enough started members',
	unhealthy: 'Error: etcdserver: unhealthy cluster',
	peerURLExists: 'Error: etcdserver: Peer URLs already exists',
	tooManyVoters: 'Error: this playground runs at most 7 voting members',
	watchCompacted: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)'
} as const;
/** lifecycle transitions kept for views */
export const TRANSITIONS_LIMIT = 200;

/** Member ids a run may use: the first members and the ones added later (etcdctl member add). */
export const MAX_MEMBER_IDS = 9;
/** The most voting members the playground runs (learners come on top). */
export const MAX_VOTERS = 7;
/** etcd 3.5 maxLearners: one learner at a time. */
export const MAX_LEARNERS = 1;
/** etcd 3.5 readyPercent: a learner may be promoted once its match index is 90% of the leader's. */
export const LEARNER_READY_PERCENT = 0.9;
/** after applying its own removal etcd stops the member with a short delay (stopWithDelay, 10 ticks) */
export const REMOVED_STOP_TICKS = 10;

/** Member ids as etcd prints them (16 hex digits); fixed so screenshots and tests stay stable. */
const MEMBER_IDS = [
	'8e9e05c52164694d', '91bc3c398fb3c146', 'fd422379fda50e48', 'a8266ecf031671f3', '2d3c9c4b2a6d1e07',
	'c7ac3f5e8d2b4a19', '5e1f0c9b7d3a2e64', 'b4e7d2a91c5f3806', '3f8a6c1e9d4b7250'
];
export function memberHexId(n: number): string {
	return MEMBER_IDS[(n - 1) % MEMBER_IDS.length];
}
export const CLUSTER_HEX_ID = 'cdf818194e3a8c32';

/** Member n listens for clients on 127.0.0.1:2379, 12379, ... 62379, then 3379, 4379 (ports stay below 65536). */
export function clientPort(n: number): number {
	return n <= 7 ? 2379 + (n - 1) * 10000 : 2379 + (n - 7) * 1000;
}
export function peerURLOf(n: number): string {
	return `http://127.0.0.1:${clientPort(n) + 1}`;
}
export function clientURLOf(n: number): string {
	return `http://127.0.0.1:${clientPort(n)}`;
}
/** The member's name (etcd --name). */
export function memberName(n: number): string {
	return `n${n}`;
}
