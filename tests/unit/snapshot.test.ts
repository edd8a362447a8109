import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/lib/cluster/cluster';
import type { ClusterOptions } from '../../src/lib/cluster/types';

const base: ClusterOptions = {
	size: 3,
	seed: 2,
	preVote: true,
	checkQuorum: true,
	heartbeatMs: 100,
	electionMs: 1000,
	latencyMs: 0.5,
	jitterMs: 0.1,
	lossRate: 0,
	fsyncMs: 1,
	clientTimeoutMs: 5000,
	snapshotCount: 50,
	catchUpEntries: 10
};

describe('log compaction and snapshots', () => {
	for (const seed of [1, 2, 3, 4]) {
		it(`a member down while the log is compacted catches up from a snapshot (seed ${seed})`, () => {
			const c = new Cluster({ ...base, seed });
			c.runUntil(1000);
			const leader = c.currentLeader();
			expect(leader).not.toBeNull();
			const victim = [1, 2, 3].find((i) => i !== leader) as number;
			c.kill(victim);
			for (let i = 0; i < 300; i++) c.at(1000 + i * 10, () => c.put(leader as number, 'k' + (i % 7), 'v' + i));
			c.runUntil(5000);
			// the live members compacted past what the dead one has
			const raft = c.raftOf(leader as number);
			expect(raft.log.offset).toBeGreaterThan(c.view(victim).lastIndex);
			c.restart(victim);
			c.runUntil(8000);
			const views = [1, 2, 3].map((i) => c.view(i));
			expect(views[victim - 1].appliedIndex).toBe(views[leader as number - 1].appliedIndex);
			expect(views[victim - 1].kv).toEqual(views[leader as number - 1].kv);
			expect(views[victim - 1].kv.k6).toBeDefined();
			expect(c.ops.filter((o) => o.status === 'ok')).toHaveLength(300);
			expect(c.checker.violations).toEqual([]);
		});
	}

	it('a restarted member recovers its store from its own snapshot and log', () => {
		const c = new Cluster({ ...base, seed: 5 });
		c.runUntil(1000);
		const leader = c.currentLeader() as number;
		for (let i = 0; i < 120; i++) c.at(1000 + i * 5, () => c.put(leader, 'key', 'v' + i));
		c.runUntil(3000);
		const follower = [1, 2, 3].find((i) => i !== leader) as number;
		const before = c.view(follower).kv;
		expect(before.key).toBe('v119');
		c.kill(follower);
		c.restart(follower);
		c.runUntil(4000);
		expect(c.view(follower).kv).toEqual(before);
		expect(c.checker.violations).toEqual([]);
	});
});
