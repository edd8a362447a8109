/**
 * Real etcd against disk speed, as data (the project's shared etcd-disk-facts.md, measured on etcd
 * 3.4.23 from Debian on a 2-vCPU machine, every member on one ext4 virtio disk, loopback network,
 * every fdatasync/fsync slowed by D with strace fault injection), and the engine settings that
 * stand for that machine. No engine here: the lab page imports this; etcd-facts.ts runs the engine.
 */

// ------------------------------------------------------------------ the measured figures

export const FACTS_MACHINE = {
	etcd: 'etcd 3.4.23 (Debian etcd-server), --pre-vote=true, heartbeat 100 ms, election 1000 ms',
	machine: '2 vCPU, every member on one ext4 virtio disk, loopback network',
	method: 'every fdatasync/fsync delayed by D with strace fault injection; one client, 300 sequential puts (256-byte values) over HTTP to the leader, 3 runs pooled'
} as const;

export interface FactsPoint {
	delayMs: number;
	p50Ms: number;
	p99Ms: number;
}

/** E1: every member's disk slowed by D, closed loop (one client, sequential puts to the leader). */
export const E1_CLOSED: Record<1 | 3 | 5, readonly FactsPoint[]> = {
	3: [
		{ delayMs: 0, p50Ms: 2.83, p99Ms: 20.4 },
		{ delayMs: 0.5, p50Ms: 3.1, p99Ms: 21.5 },
		{ delayMs: 1, p50Ms: 3.66, p99Ms: 16.2 },
		{ delayMs: 2, p50Ms: 5.26, p99Ms: 21.9 },
		{ delayMs: 5, p50Ms: 8.38, p99Ms: 30.4 },
		{ delayMs: 10, p50Ms: 13.8, p99Ms: 70.9 },
		{ delayMs: 20, p50Ms: 24.9, p99Ms: 122.2 },
		{ delayMs: 50, p50Ms: 113.6, p99Ms: 193.8 },
		{ delayMs: 100, p50Ms: 303.1, p99Ms: 449.7 }
	],
	1: [
		{ delayMs: 0, p50Ms: 1.44, p99Ms: 35.5 },
		{ delayMs: 2, p50Ms: 4.07, p99Ms: 104.5 },
		{ delayMs: 10, p50Ms: 13.6, p99Ms: 92.2 },
		{ delayMs: 50, p50Ms: 123.3, p99Ms: 286.9 }
	],
	5: [
		{ delayMs: 0, p50Ms: 5.58, p99Ms: 25.0 },
		{ delayMs: 2, p50Ms: 6.38, p99Ms: 36.1 },
		{ delayMs: 10, p50Ms: 15.8, p99Ms: 121.0 },
		{ delayMs: 50, p50Ms: 110.6, p99Ms: 271.7 }
	]
};

/** E1, open loop at 20 puts/s for 15 s, 3 members. */
export const E1_OPEN_20: readonly FactsPoint[] = [
	{ delayMs: 0, p50Ms: 4.39, p99Ms: 10.2 },
	{ delayMs: 10, p50Ms: 14.0, p99Ms: 34.4 },
	{ delayMs: 50, p50Ms: 146.9, p99Ms: 241.3 },
	{ delayMs: 100, p50Ms: 323.9, p99Ms: 487.0 }
];

/** Only the WAL's syncs slowed (bbolt's left fast), 3 members, closed loop: p50 is D + 1-3 ms. */
export const E1_WAL_ONLY: readonly { delayMs: number; p50Ms: number }[] = [
	{ delayMs: 2, p50Ms: 3.76 },
	{ delayMs: 10, p50Ms: 12.0 },
	{ delayMs: 20, p50Ms: 22.8 },
	{ delayMs: 50, p50Ms: 53.0 },
	{ delayMs: 100, p50Ms: 103.0 }
];

/** E2: only the leader's disk slowed, 10 puts/s for 30 s to it (3 members). */
export const E2_SLOW_LEADER: readonly { delayMs: number; lost: number; runs: number; p50Ms: number }[] = [
	{ delayMs: 100, lost: 0, runs: 1, p50Ms: 191 },
	{ delayMs: 200, lost: 0, runs: 1, p50Ms: 445 },
	{ delayMs: 400, lost: 0, runs: 1, p50Ms: 923 },
	{ delayMs: 600, lost: 0, runs: 1, p50Ms: 1384 },
	{ delayMs: 800, lost: 0, runs: 3, p50Ms: 1906 },
	{ delayMs: 1000, lost: 1, runs: 4, p50Ms: 2355 },
	{ delayMs: 1200, lost: 2, runs: 3, p50Ms: 3535 },
	{ delayMs: 1500, lost: 2, runs: 3, p50Ms: 4886 },
	{ delayMs: 2000, lost: 3, runs: 3, p50Ms: 5604 }
];

/** "leader failed to send out heartbeat on time" appeared from a leader fsync delay of 100 ms. */
export const E2_HEARTBEAT_LATE_FROM_MS = 100;
/** Leadership first lost at 1000 ms (1 run of 4), always at 2000 ms. */
export const E2_LOST_FROM_MS = 1000;
export const E2_LOST_ALWAYS_MS = 2000;

/** Backend commit mean on the leader (etcd_disk_backend_commit_duration_seconds), ms. */
export const BACKEND_COMMIT_MS: readonly { delayMs: number; loMs: number; hiMs: number }[] = [
	{ delayMs: 10, loMs: 22, hiMs: 33 },
	{ delayMs: 20, loMs: 44, hiMs: 50 },
	{ delayMs: 50, loMs: 102, hiMs: 110 },
	{ delayMs: 100, loMs: 203, hiMs: 216 }
];

// ------------------------------------------------------------------ the machine, in engine settings

/**
 * The facts' machine as engine settings. Measured there, not fitted: the disk's own fsync with no
 * delay (p50 about 1.2 ms and p99 about 10x it, for 3 members sharing it; the leader's mean was
 * 0.93 / 1.74 / 3.31 ms for 1 / 3 / 5 members, so the shared disk gets slower with each member),
 * etcd's backend (100 ms, 10,000 writes, two syncs per commit). Chosen for the loopback machine:
 * member-to-member latency 0.05 ms one way; the client's hop (HTTP through etcd's JSON gateway)
 * 0.25 ms one way. Fitted, one number each: the CPU time a member spends per message it sends
 * (members share 2 vCPUs), so 5 members are slower than 3 at D = 0.
 */
export const MACHINE = {
	latencyMs: 0.05,
	jitterMs: 0.01,
	clientLatencyMs: 0.25,
	applyMs: 0.1,
	/** the shared disk's own sync with no delay: median and p99 by member count (the mean ratio measured) */
	diskBySize: {
		1: { p50Ms: 0.65, p99Ms: 6.5 },
		2: { p50Ms: 0.9, p99Ms: 9 },
		3: { p50Ms: 1.2, p99Ms: 11.9 },
		4: { p50Ms: 1.75, p99Ms: 17 },
		5: { p50Ms: 2.3, p99Ms: 22.5 },
		6: { p50Ms: 2.9, p99Ms: 28 },
		7: { p50Ms: 3.5, p99Ms: 34 }
	} as Record<number, { p50Ms: number; p99Ms: number }>,
	cpuUsPerMsg: 200,
	cpuStallChance: 0.01,
	cpuStallMaxUs: 10_000,
	diskSerial: false,
	backendExtraSyncsPerWrite: 0.1,
	loopWorkFirst: 0.2
} as const;
