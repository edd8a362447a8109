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
	watchCompacted: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)'
} as const;
/** lifecycle transitions kept for views */
export const TRANSITIONS_LIMIT = 200;
