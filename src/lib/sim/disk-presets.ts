/**
 * The kinds of disk a student can give a member, each with the spread of one sync (its fsync p50
 * and p99) for that kind of device. A real device's fsync is never one fixed time: its p99 is
 * several times its median (src/lib/sim/disk.ts draws every sync from that spread, seeded).
 *
 * Where the numbers come from:
 * - ssd: measured. etcd's WAL fsync on this project's reference machine (ext4 on a virtio disk,
 *   the kind of volume a cloud VM or a laptop SSD gives): p50 1.2 ms, p99 11.9 ms
 *   (/work/shared/etcd-disk-facts.md). Rounded to p50 1 ms, p99 10 ms: etcd's own guidance
 *   ("WAL fsync p99 under 10 ms") sits exactly at this disk's tail.
 * - nvme: a data-centre NVMe drive with power-loss protection acknowledges a flush from its
 *   capacitor-backed cache: tens of microseconds; its tail is garbage collection and queueing,
 *   a few times the median. p50 0.05 ms, p99 0.2 ms (4x).
 * - hdd: a 7200 rpm disk turns once in 8.3 ms; an fsync waits on average half a turn plus a seek
 *   (about 4 + 8 ms), and ext4 makes it two writes (data, then journal commit). The worst case is
 *   two full-stroke seeks and full turns, about 50 ms. p50 10 ms, p99 50 ms (5x).
 * - degraded: a disk that is failing or a shared volume out of burst credits: every sync slow,
 *   some very slow. p50 200 ms, p99 1000 ms (5x): the range where etcd's leader loses its place.
 *
 * The spread adds to an injected delay, as measured (slowing every fsync by D moved p50 and p99 by
 * about D): a custom fsync keeps the member's device and its spread and moves the median.
 */
export interface DiskPreset {
	id: 'nvme' | 'ssd' | 'hdd' | 'degraded';
	/** one sync's median */
	fsyncMs: number;
	/** one sync's p99 */
	p99Ms: number;
}

export const DISK_PRESETS: readonly DiskPreset[] = Object.freeze([
	{ id: 'nvme', fsyncMs: 0.05, p99Ms: 0.2 },
	{ id: 'ssd', fsyncMs: 1, p99Ms: 10 },
	{ id: 'hdd', fsyncMs: 10, p99Ms: 50 },
	{ id: 'degraded', fsyncMs: 200, p99Ms: 1000 }
]);

/** The preset a disk matches (same median and p99), if any. */
export function presetOf(fsyncMs: number, p99Ms: number): DiskPreset | undefined {
	return DISK_PRESETS.find((p) => p.fsyncMs === fsyncMs && Math.abs(p.p99Ms - p99Ms) < 1e-9);
}
