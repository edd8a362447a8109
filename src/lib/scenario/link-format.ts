/**
 * The link format's frozen tables: defaults, step codes, panel names, exercise ids, goal params and
 * flag bits. Frozen per version: never edit a table (a new name is written as a string; a new
 * field needs a new version, or a new bit that older versions refuse).
 */

// ---------------------------------------------------------------------------------------------
// Frozen v1 tables

export const V1_DEFAULTS = Object.freeze({
	seed: 0,
	preVote: true,
	checkQuorum: true,
	heartbeatMs: 100,
	electionMs: 1000,
	latencyMs: 0.5,
	jitterMs: 0.1,
	lossRate: 0,
	fsyncMs: 1,
	timeoutMs: 5000,
	/** the playground's open-ended run */
	untilMs: 3_600_000
});

export const V1_STEP_CODES = Object.freeze([
	'kill',
	'restart',
	'partition',
	'cut',
	'heal',
	'disk',
	'put',
	'get',
	'getSerializable',
	'delete',
	'watch',
	'transfer',
	'load'
] as const);

/** q3: the v1 codes, then the membership steps */
export const V3_STEP_CODES = Object.freeze([...V1_STEP_CODES, 'memberAdd', 'memberPromote', 'memberRemove'] as const);

/** q4: the q3 codes, then a disk change that carries the disk's p99 (a device's spread) */
export const V4_STEP_CODES = Object.freeze([...V3_STEP_CODES, 'diskTail'] as const);

export const V1_PANELS: readonly string[] = Object.freeze(['time', 'cluster', 'quorum', 'monitor', 'narration', 'console', 'network', 'settings', 'history', 'log']);

/** The built-in exercises' ids when v1 was made (later ones are written as strings). */
export const V1_EXERCISE_IDS: readonly string[] = Object.freeze([
	'quorum-of-five',
	'four-no-better-than-three',
	'time-to-new-leader',
	'leader-in-minority',
	'timed-out-write',
	'stale-serializable-read',
	'slow-leader-disk',
	'rejoin-with-prevote',
	'rejoin-without-prevote',
	'watch-without-leader'
]);

/** Goal kinds and the order of their params when v1 was made (later kinds are written by name). */
export const V1_GOALS: readonly (readonly [string, readonly string[]])[] = Object.freeze([
	['putRefusedWithAliveMembers', ['min']],
	['putSucceededWithMembersDown', ['down']],
	['putRefusedWithMembersDown', ['down']],
	['putSucceededAfterFailure', []],
	['leaderElectedAfterLeaderKilled', ['withinMs']],
	['minorityLeaderCannotCommit', []],
	['twoBelievedLeadersOneCommits', []],
	['timedOutWriteLaterVisible', []],
	['staleSerializableRead', []],
	['leadershipLostToSlowDisk', ['minFsyncMs']],
	['termUnchangedOnRejoin', []],
	['leaderDeposedOnRejoin', []],
	['watchCanceledNoLeader', []],
	['clusterSizeIs', ['n']]
] as const);

export const LANGS = [undefined, 'en', 'ko'] as const;
export const THEMES = [undefined, 'light', 'dark', 'auto'] as const;

export const F_ACTIONS = 1 << 4;
export const F_AT = 1 << 5;
export const F_SPEED = 1 << 6;
export const F_PANELS = 1 << 7;
export const F_EXERCISE = 1 << 8;
export const F_CUSTOM = 1 << 9;
export const F_ALL = (1 << 10) - 1;
/** scenario mask bits (see link.ts): 0 seed, 1-2 flipped booleans, 3-10 numbers, 11 steps (q1); 12 disk.jitterMs, 13 actions (q2) */
export const S_STEPS = 1 << 11;
export const S_DISK_JITTER = 1 << 12;
export const S_ACTIONS = 1 << 13;
/** q3: disk.p99Ms, disk.walFsyncMs, disk.walP99Ms */
export const S_DISK_P99 = 1 << 14;
export const S_DISK_WAL = 1 << 15;
export const S_DISK_WAL_P99 = 1 << 16;
/** the scenario mask bits each link version knows: a link setting others is refused */
/** q5: the disks' write bandwidth (disk.writeMBps) */
export const S_DISK_MBPS = 1 << 17;
export const S_ALL_BY_VERSION: Readonly<Record<number, number>> = Object.freeze({ 1: (1 << 12) - 1, 2: (1 << 14) - 1, 3: (1 << 17) - 1, 4: (1 << 17) - 1, 5: (1 << 18) - 1, 6: (1 << 18) - 1 });
