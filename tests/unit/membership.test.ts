/**
 * Membership changes as etcd 3.5 makes them (one member at a time, through raft, effective on
 * apply): every rule the engine implements, through the public scenario format, over several seeds.
 * Texts are etcd's own (api/v3rpc/rpctypes); the 1 -> 2 trap and promote-before-caught-up included.
 */
import { describe, expect, it } from 'vitest';
import { ERR } from '../../src/lib/cluster/cluster';
import { runScenario } from '../../src/lib/scenario/run';
import type { MemberOpReport, OpReport, Report, Step } from '../../src/lib/scenario/types';
import { validateScenario, ScenarioError } from '../../src/lib/scenario/validate';

const SEEDS = [1, 2, 3, 4, 5];

function run(seed: number, size: number, steps: Step[], untilMs: number, more: Record<string, unknown> = {}): ReturnType<typeof runScenario> {
	return runScenario(validateScenario({ version: 1, seed, cluster: { size }, steps, untilMs, ...more }));
}

type AnyOp = OpReport | MemberOpReport;
function op(r: Report, pred: (o: AnyOp) => boolean, what: string): AnyOp {
	const found = r.ops.filter(pred);
	expect(found, `exactly one op for ${what}`).toHaveLength(1);
	return found[0];
}
const at = (ms: number, d: string) => (o: AnyOp): boolean => o.callMs === ms && o.do === d;

describe('member add', () => {
	it('a learner joins, catches up, never votes nor counts toward quorum; promoted, it counts', () => {
		for (const seed of SEEDS) {
			const ctx = `seed ${seed}`;
			const { report, cluster } = run(seed, 3, [
				{ atMs: 1000, do: 'put', node: 1, key: 'a', value: '1' },
				{ atMs: 2000, do: 'memberAdd', learner: true, start: true },
				{ atMs: 4000, do: 'put', node: 1, key: 'b', value: '2' },
				{ atMs: 5000, do: 'memberPromote', node: 4 },
				{ atMs: 7000, do: 'put', node: 1, key: 'c', value: '3' }
			], 9000);
			const add = op(report, at(2000, 'memberAdd'), 'add');
			expect(add, ctx).toMatchObject({ status: 'ok', error: null, node: 4, learner: true });
			expect(op(report, at(5000, 'memberPromote'), 'promote'), ctx).toMatchObject({ status: 'ok', error: null, node: 4 });
			const n4 = report.nodes[3];
			expect(n4, ctx).toMatchObject({ id: 4, alive: true, member: true, learner: false, kv: { a: '1', b: '2', c: '3' } });
			expect(report.nodes.slice(0, 3).every((n) => n.member && !n.learner), ctx).toBe(true);
			// every member's raft now has four voters
			for (let id = 1; id <= 4; id++) expect(cluster.raftOf(id).voters, ctx).toEqual([1, 2, 3, 4]);
			expect(report.violations, ctx).toEqual([]);
			expect(report.linearizable, ctx).toBe(true);
		}
	});

	it('a learner does not count toward quorum: 2 of 3 voters down, writes stop although the learner is up', () => {
		for (const seed of SEEDS) {
			const { report, cluster } = run(seed, 3, [
				{ atMs: 1000, do: 'memberAdd', learner: true, start: true },
				{ atMs: 3000, do: 'kill', node: 2 },
				{ atMs: 3000, do: 'kill', node: 3 },
				{ atMs: 3100, do: 'put', node: 1, key: 'k', value: 'v' },
				{ atMs: 9000, do: 'kill', node: 1 }
			], 20_000);
			expect(op(report, at(3100, 'put'), 'put').status, `seed ${seed}`).toBe('timeout');
			// and the learner never campaigns, even with every voter gone
			expect(cluster.roleOf(4)).toBe('follower');
			expect(cluster.raftOf(4).term).toBe(cluster.raftOf(4).term); // stays at the term it learned
			expect(report.leaders.every((l) => l.node !== 4), `seed ${seed}`).toBe(true);
		}
	});

	it('etcd allows one learner: a second is refused with etcd’s text', () => {
		const { report } = run(1, 3, [
			{ atMs: 1000, do: 'memberAdd', learner: true, start: true },
			{ atMs: 2000, do: 'memberAdd', learner: true, start: true }
		], 4000);
		expect(op(report, at(2000, 'memberAdd'), 'second learner')).toMatchObject({ status: 'fail', error: 'Error: etcdserver: too many learner members in cluster', node: 5 });
		expect(report.nodes[4]).toMatchObject({ id: 5, member: false, alive: false });
	});

	it('the 1 -> 2 trap: an unstarted second voter raises the quorum at once; writes stop until it starts', () => {
		for (const seed of SEEDS) {
			const ctx = `seed ${seed}`;
			const { report, cluster } = run(seed, 1, [
				{ atMs: 1000, do: 'put', node: 1, key: 'k', value: 'before' },
				{ atMs: 2000, do: 'memberAdd', learner: false, start: false },
				{ atMs: 3000, do: 'put', node: 1, key: 'k', value: 'stuck' },
				{ atMs: 9000, do: 'restart', node: 2 },
				{ atMs: 12_000, do: 'put', node: 1, key: 'k', value: 'after' }
			], 15_000);
			expect(op(report, at(1000, 'put'), 'first put').status, ctx).toBe('ok');
			// etcd lets the add through (IsReadyToAddVotingMember: 1 started of 2) and it commits with one voter
			expect(op(report, at(2000, 'memberAdd'), 'add'), ctx).toMatchObject({ status: 'ok', node: 2, learner: false });
			const stuck = op(report, at(3000, 'put'), 'put during the trap');
			expect(stuck.status, ctx).toBe('timeout');
			expect(stuck.error, ctx).toBe(ERR.deadline);
			expect(op(report, at(12_000, 'put'), 'put once n2 runs').status, ctx).toBe('ok');
			expect(report.nodes.map((n) => [n.id, n.member, n.learner, n.alive]), ctx).toEqual([[1, true, false, true], [2, true, false, true]]);
			expect(cluster.raftOf(2).voters, ctx).toEqual([1, 2]);
			expect(report.violations, ctx).toEqual([]);
		}
	});

	it('a third voter while the second has never started is refused (not enough started members)', () => {
		const { report } = run(1, 1, [
			{ atMs: 1000, do: 'memberAdd', learner: false, start: false },
			{ atMs: 2000, do: 'memberAdd', learner: false, start: true }
		], 6000);
		expect(op(report, at(2000, 'memberAdd'), 'third')).toMatchObject({ status: 'fail', error: 'Error: etcdserver: re-configuration failed due to not enough started members' });
	});

	it('a learner added safely to 1 member keeps writes going (the way around the trap)', () => {
		const { report } = run(2, 1, [
			{ atMs: 1000, do: 'memberAdd', learner: true, start: false },
			{ atMs: 2000, do: 'put', node: 1, key: 'k', value: 'v' }
		], 4000);
		expect(op(report, at(2000, 'put'), 'put').status).toBe('ok');
	});
});

describe('member promote', () => {
	it('is refused until the learner has caught up, with etcd’s text; accepted once it has', () => {
		for (const seed of SEEDS) {
			const ctx = `seed ${seed}`;
			const { report } = run(seed, 3, [
				{ atMs: 500, do: 'load', node: 1, writesPerSec: 50, durationMs: 1000, keys: 5 },
				{ atMs: 2000, do: 'memberAdd', learner: true, start: false },
				{ atMs: 3000, do: 'memberPromote', node: 4 },
				{ atMs: 4000, do: 'restart', node: 4 },
				{ atMs: 6000, do: 'memberPromote', node: 4 }
			], 8000);
			expect(op(report, at(3000, 'memberPromote'), 'early promote'), ctx).toMatchObject({
				status: 'fail',
				error: 'Error: etcdserver: can only promote a learner member which is in sync with leader'
			});
			expect(op(report, at(6000, 'memberPromote'), 'promote').status, ctx).toBe('ok');
			expect(report.nodes[3], ctx).toMatchObject({ learner: false, member: true });
		}
	});

	it('a voter cannot be promoted; an unknown member is not found', () => {
		const { report } = run(1, 3, [
			{ atMs: 1000, do: 'memberPromote', node: 2 },
			{ atMs: 1000, do: 'memberAdd', learner: true, start: false },
			{ atMs: 3000, do: 'memberRemove', node: 4 },
			{ atMs: 5000, do: 'memberPromote', node: 4 },
			{ atMs: 5000, do: 'memberRemove', node: 4 }
		], 7000);
		expect(op(report, at(1000, 'memberPromote'), 'voter').error).toBe('Error: etcdserver: can only promote a learner member');
		expect(op(report, at(3000, 'memberRemove'), 'remove learner').status).toBe('ok');
		expect(op(report, at(5000, 'memberPromote'), 'removed').error).toBe('Error: etcdserver: member not found');
		expect(op(report, at(5000, 'memberRemove'), 'removed twice').error).toBe('Error: etcdserver: member not found');
	});
});

describe('member remove', () => {
	it('removing the leader: it steps down once the removal commits, leaves, and the rest elect a leader', () => {
		for (const seed of SEEDS) {
			const ctx = `seed ${seed}`;
			const probe = run(seed, 3, [], 2000).cluster;
			const leader = probe.currentLeader() as number;
			const { report, cluster } = run(seed, 3, [
				{ atMs: 2000, do: 'memberRemove', node: leader },
				{ atMs: 6000, do: 'put', node: leader === 1 ? 2 : 1, key: 'k', value: 'v' }
			], 8000);
			expect(op(report, at(2000, 'memberRemove'), 'remove leader'), ctx).toMatchObject({ status: 'ok', node: leader, endpoint: leader });
			const n = report.nodes[leader - 1];
			expect(n, ctx).toMatchObject({ member: false, alive: false, role: 'down' });
			const after = report.leaders.filter((l) => l.atMs > 2000);
			expect(after.length, ctx).toBeGreaterThan(0);
			expect(after.every((l) => l.node !== leader), ctx).toBe(true);
			expect(op(report, at(6000, 'put'), 'put after').status, ctx).toBe('ok');
			const rest = [1, 2, 3].filter((x) => x !== leader);
			for (const id of rest) expect(cluster.raftOf(id).voters, ctx).toEqual(rest);
			expect(cluster.logs.some((l) => l.node === leader && l.text.includes('stepped down: it applied its own removal')), ctx).toBe(true);
			expect(report.violations, ctx).toEqual([]);
		}
	});

	it('replace a dead member: remove it (unreachable is safe), add a new one, tolerate a failure again', () => {
		for (const seed of SEEDS) {
			const ctx = `seed ${seed}`;
			const { report } = run(seed, 3, [
				{ atMs: 1500, do: 'kill', node: 3 },
				{ atMs: 4000, do: 'memberRemove', node: 3 },
				{ atMs: 5000, do: 'memberAdd', learner: false, start: true },
				{ atMs: 8000, do: 'kill', node: 2 },
				{ atMs: 11_000, do: 'put', node: 1, key: 'k', value: 'v' }
			], 17_000);
			expect(op(report, at(4000, 'memberRemove'), 'remove dead').status, ctx).toBe('ok');
			expect(op(report, at(5000, 'memberAdd'), 'add').status, ctx).toBe('ok');
			// three voters again (1, 2, 4): with 2 down, 1 and 4 still commit
			expect(op(report, at(11_000, 'put'), 'put with one down').status, ctx).toBe('ok');
			expect(report.nodes.map((x) => x.member), ctx).toEqual([true, true, false, true]);
		}
	});

	it('removing a live voter that would break the active quorum is refused (unhealthy cluster)', () => {
		const { report } = run(1, 3, [
			{ atMs: 1500, do: 'kill', node: 3 },
			{ atMs: 2000, do: 'memberRemove', node: 2, endpoint: 1 }
		], 4000);
		expect(op(report, at(2000, 'memberRemove'), 'remove')).toMatchObject({ status: 'fail', error: 'Error: etcdserver: unhealthy cluster' });
	});

	it('a removed member never starts again', () => {
		const { report } = run(1, 3, [
			{ atMs: 1000, do: 'memberRemove', node: 3 },
			{ atMs: 3000, do: 'restart', node: 3 }
		], 4000);
		expect(report.nodes[2]).toMatchObject({ member: false, alive: false });
	});
});

describe('one conf change at a time', () => {
	it('a second conf change while the first is not applied goes in empty (raft pendingConfIndex): its client times out', () => {
		const { report, cluster } = run(1, 3, [
			{ atMs: 2000, do: 'memberAdd', learner: true, start: false },
			{ atMs: 2000, do: 'memberRemove', node: 3 }
		], 9000);
		expect(op(report, at(2000, 'memberAdd'), 'add').status).toBe('ok');
		expect(op(report, at(2000, 'memberRemove'), 'remove')).toMatchObject({ status: 'timeout', error: ERR.deadline });
		expect(cluster.logs.some((l) => l.text.includes('ignoring conf change removeNode n3: possible unapplied conf change'))).toBe(true);
		expect(report.nodes[2].member).toBe(true);
	});
});

describe('scenario format', () => {
	it('steps may name a member only once a memberAdd has made it', () => {
		expect(() => validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 0, do: 'kill', node: 4 }], untilMs: 10 })).toThrow(
			'steps[0].node: member 4 does not exist in a 3-member cluster'
		);
		expect(() =>
			validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 5, do: 'memberAdd' }, { atMs: 1, do: 'kill', node: 4 }], untilMs: 10 })
		).toThrow('steps[1].node: member 4 does not exist yet at 1 ms (members 1..3 by then: each memberAdd adds the next)');
		const s = validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 1, do: 'memberAdd' }, { atMs: 5, do: 'memberPromote', node: 4 }], untilMs: 10 });
		expect(s.steps[0]).toEqual({ atMs: 1, do: 'memberAdd', learner: false, start: true });
		expect(() =>
			validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 1, do: 'memberAdd' }, { atMs: 5, do: 'partition', groups: [[1, 2], [3]] }], untilMs: 10 })
		).toThrow('steps[1].groups: member 4 is in no group');
		expect(() => validateScenario({ version: 1, cluster: { size: 7 }, steps: [{ atMs: 1, do: 'memberAdd' }, { atMs: 1, do: 'memberAdd' }, { atMs: 1, do: 'memberAdd' }], untilMs: 10 })).toThrow(
			ScenarioError
		);
		expect(() => validateScenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 1, do: 'memberAdd', learner: 'yes' }], untilMs: 10 })).toThrow('steps[0].learner');
	});

	it('old scenarios report learner: false and member: true for every member, and nothing else changes', () => {
		const { report } = run(7, 3, [{ atMs: 1000, do: 'put', node: 1, key: 'k', value: 'v' }], 3000);
		expect(report.nodes.map((n) => [n.learner, n.member])).toEqual([[false, true], [false, true], [false, true]]);
	});
});
