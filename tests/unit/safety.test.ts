import { describe, expect, it } from 'vitest';
import { CHECKS, SafetyChecker, type Observation } from '../../src/lib/check/safety';
import { Cluster } from '../../src/lib/cluster/cluster';

// ---------------------------------------------------------------------------------------------
// Helpers: small observation builders and a trace runner

/** A log given as the terms of entries offset+1, offset+2, ... (term(offset) = offsetTerm). */
function logTerms(terms: readonly number[], offset = 0, offsetTerm = 0): (i: number) => number {
	return (i: number): number => {
		if (i === offset) return offsetTerm;
		if (i < offset || i > offset + terms.length) return -1;
		return terms[i - offset - 1];
	};
}

const leader = (node: number, term: number, terms: readonly number[] = [], offset = 0, offsetTerm = 0): Observation => ({
	kind: 'leader',
	node,
	term,
	logTermAt: logTerms(terms, offset, offsetTerm),
	logOffset: offset
});
const append = (node: number, index: number, term: number, id: number, prevTerm: number): Observation => ({
	kind: 'append',
	node,
	index,
	term,
	id,
	prevTerm
});
const commit = (node: number, index: number, term: number): Observation => ({ kind: 'commit', node, index, term });
const apply = (node: number, index: number, term: number, id: number): Observation => ({ kind: 'apply', node, index, term, id });
const term = (node: number, t: number): Observation => ({ kind: 'term', node, term: t });
const vote = (node: number, t: number, candidate: number): Observation => ({ kind: 'voteSent', node, term: t, candidate });
const crash = (node: number): Observation => ({ kind: 'crash', node });
const restart = (node: number, t: number, v: number): Observation => ({ kind: 'restart', node, term: t, vote: v });

function run(trace: readonly Observation[]): SafetyChecker {
	const c = new SafetyChecker();
	trace.forEach((o, i) => c.observe(o, i * 10));
	return c;
}

/** Expects exactly one violation, of the given check, at the given trace position. */
function expectOnly(trace: readonly Observation[], check: (typeof CHECKS)[number], at: number): void {
	const c = run(trace);
	expect(c.violations.map((v) => v.check)).toEqual([check]);
	expect(c.count).toBe(1);
	expect(c.ok).toBe(false);
	expect(c.failedChecks()).toEqual(new Set([check]));
	expect(c.violations[0].atMs).toBe(at * 10);
	expect(c.violations[0].detail.length).toBeGreaterThan(0);
}

function expectClean(trace: readonly Observation[]): void {
	const c = run(trace);
	expect(c.violations).toEqual([]);
	expect(c.count).toBe(0);
	expect(c.ok).toBe(true);
	expect(c.failedChecks().size).toBe(0);
}

/** A plausible, healthy 3-member history: election, replication, commit, apply, a crash and a restart. */
const HEALTHY: Observation[] = [
	term(1, 1),
	term(2, 1),
	term(3, 1),
	vote(2, 1, 1),
	vote(3, 1, 1),
	leader(1, 1, [1]),
	append(1, 1, 1, 0, 0),
	append(2, 1, 1, 0, 0),
	append(3, 1, 1, 0, 0),
	append(1, 2, 1, 101, 1),
	append(2, 2, 1, 101, 1),
	commit(1, 2, 1),
	apply(1, 1, 1, 0),
	apply(1, 2, 1, 101),
	commit(2, 2, 1),
	apply(2, 1, 1, 0),
	apply(2, 2, 1, 101),
	crash(1),
	restart(1, 1, 1),
	term(2, 2),
	term(3, 2),
	vote(3, 2, 2),
	vote(2, 2, 2),
	leader(2, 2, [1, 1, 2]),
	append(2, 3, 2, 0, 1),
	append(3, 2, 1, 101, 1),
	append(3, 3, 2, 0, 1),
	commit(2, 3, 2),
	apply(2, 3, 2, 0),
	term(1, 2),
	append(1, 3, 2, 0, 1),
	apply(1, 1, 1, 0),
	apply(1, 2, 1, 101),
	apply(1, 3, 2, 0),
	apply(3, 1, 1, 0),
	apply(3, 2, 1, 101),
	apply(3, 3, 2, 0)
];

// ---------------------------------------------------------------------------------------------

describe('SafetyChecker: valid traces', () => {
	it('a fresh checker is ok', () => {
		const c = new SafetyChecker();
		expect(c.ok).toBe(true);
		expect(c.violations).toEqual([]);
		expect(c.count).toBe(0);
	});

	it('the check names are the six Figure 3 properties', () => {
		expect([...CHECKS]).toEqual([
			'election safety',
			'log matching',
			'leader completeness',
			'state machine safety',
			'term monotonic',
			'one vote per term'
		]);
	});

	it('a healthy election / replication / crash / restart history has no violations', () => {
		expectClean(HEALTHY);
	});

	it('the same member re-becoming leader of the same term is not two leaders', () => {
		expectClean([leader(1, 3, [3]), leader(1, 3, [3]), leader(2, 4, [3, 4])]);
	});

	it('different members leading different terms is fine', () => {
		expectClean([leader(1, 1), leader(2, 2), leader(3, 3), leader(1, 4)]);
	});

	it('re-applying the same entry after a restart is fine', () => {
		expectClean([
			apply(1, 1, 1, 7),
			apply(1, 2, 1, 8),
			crash(1),
			restart(1, 1, 0),
			apply(1, 1, 1, 7),
			apply(1, 2, 1, 8),
			apply(2, 2, 1, 8)
		]);
	});

	it('the same entry appended by every member (and again after a restart) is fine', () => {
		expectClean([
			append(1, 5, 2, 44, 1),
			append(2, 5, 2, 44, 1),
			crash(2),
			restart(2, 2, 0),
			append(2, 5, 2, 44, 1)
		]);
	});

	it('different entries at one index in different terms are fine (an uncommitted suffix overwritten)', () => {
		expectClean([append(1, 3, 2, 10, 1), append(2, 3, 3, 11, 1), append(1, 3, 3, 11, 1)]);
	});

	it('a vote in a later term for another candidate is fine', () => {
		expectClean([vote(1, 1, 2), vote(1, 2, 3), vote(1, 3, 1), vote(1, 3, 1)]);
	});

	it('repeating the same vote in one term is fine (a retransmitted vote request)', () => {
		expectClean([vote(1, 4, 2), vote(1, 4, 2)]);
	});

	it('a restart showing the same vote, or no vote, is fine', () => {
		expectClean([vote(1, 4, 2), crash(1), restart(1, 4, 2), crash(1), restart(1, 4, 0)]);
	});

	it('a restart in a later term with another vote is fine', () => {
		expectClean([vote(1, 4, 2), crash(1), restart(1, 5, 3)]);
	});

	it('a term staying the same, or a restart with the same term, is fine', () => {
		expectClean([term(1, 3), term(1, 3), crash(1), restart(1, 3, 0), term(1, 3), term(1, 4)]);
	});

	it("a leader whose log was compacted past the committed index is fine (logTermAt isn't consulted there)", () => {
		const c = new SafetyChecker();
		c.observe(commit(1, 5, 2), 0);
		let asked = false;
		c.observe(
			{
				kind: 'leader',
				node: 2,
				term: 3,
				logOffset: 10,
				logTermAt: () => {
					asked = true;
					return -1;
				}
			},
			1
		);
		expect(c.violations).toEqual([]);
		expect(asked).toBe(false);
	});

	it('a leader compacted exactly up to the committed index is fine', () => {
		expectClean([commit(1, 5, 2), leader(2, 3, [], 5, 2)]);
	});

	it('a new leader holding the highest committed entry is fine', () => {
		expectClean([commit(1, 3, 2), apply(2, 4, 2, 9), leader(3, 3, [1, 2, 2, 2, 3])]);
	});

	it('a later, lower commit observation does not lower the committed index', () => {
		// member 3 is behind and reports commit 1; the leader check must still use index 3
		expectClean([commit(1, 3, 2), commit(3, 1, 1), leader(2, 3, [1, 2, 2])]);
		expectOnly([commit(1, 3, 2), commit(3, 1, 1), leader(2, 3, [1])], 'leader completeness', 2);
	});

	it('a distinct (index, term) never collides with another one, even for large terms', () => {
		// (index 2, term 1) and (index 1, term 2^20 + 1) are different entries
		expectClean([append(1, 2, 1, 10, 1), append(2, 1, 1048577, 11, 0)]);
	});

	it('crash observations alone never fail anything', () => {
		expectClean([crash(1), crash(1), crash(2)]);
	});
});

describe('SafetyChecker: invalid traces name the right check', () => {
	it('two leaders in one term: election safety', () => {
		expectOnly([leader(1, 2), leader(2, 2)], 'election safety', 1);
		expectOnly([leader(1, 2), leader(3, 3), leader(2, 2)], 'election safety', 2);
	});

	it('one (index, term) with different proposal ids: log matching', () => {
		expectOnly([append(1, 4, 2, 10, 1), append(2, 4, 2, 11, 1)], 'log matching', 1);
	});

	it('one (index, term) with different previous terms: log matching', () => {
		expectOnly([append(1, 4, 2, 10, 1), append(2, 4, 2, 10, 2)], 'log matching', 1);
		const c = run([append(1, 4, 2, 10, 1), append(2, 4, 2, 10, 2)]);
		expect(c.violations[0].detail).toContain('previous terms');
	});

	it('a new leader whose log lacks the highest committed entry: leader completeness', () => {
		// its log ends before the committed index
		expectOnly([commit(1, 3, 2), leader(2, 3, [1, 2])], 'leader completeness', 1);
		// it has an entry there, but from another term
		expectOnly([commit(1, 3, 2), leader(2, 3, [1, 2, 1])], 'leader completeness', 1);
		// the committed index also comes from apply observations
		expectOnly([apply(1, 3, 2, 5), leader(2, 3, [1, 1])], 'leader completeness', 1);
	});

	it('the leader completeness check asks the leader log about the committed index', () => {
		const c = new SafetyChecker();
		c.observe(commit(1, 7, 4), 0);
		const asked: number[] = [];
		c.observe(
			{
				kind: 'leader',
				node: 2,
				term: 5,
				logOffset: 0,
				logTermAt: (i) => {
					asked.push(i);
					return i <= 7 ? 4 : -1;
				}
			},
			1
		);
		expect(asked).toContain(7);
		expect(c.ok).toBe(true);
	});

	it('two members applying different entries at one index: state machine safety', () => {
		expectOnly([apply(1, 3, 2, 10), apply(2, 3, 2, 11)], 'state machine safety', 1);
		expectOnly([apply(1, 3, 2, 10), apply(2, 3, 3, 10)], 'state machine safety', 1);
	});

	it('one member applying a different entry at an index after a restart: state machine safety', () => {
		expectOnly([apply(1, 3, 2, 10), crash(1), restart(1, 2, 0), apply(1, 3, 2, 12)], 'state machine safety', 3);
	});

	it("a member's term going down: term monotonic", () => {
		expectOnly([term(1, 5), term(1, 4)], 'term monotonic', 1);
	});

	it("a member's term going down across a restart: term monotonic", () => {
		expectOnly([term(1, 5), crash(1), restart(1, 3, 0)], 'term monotonic', 2);
		expectOnly([term(1, 5), crash(1), restart(1, 5, 0), term(1, 4)], 'term monotonic', 3);
	});

	it('terms are tracked per member', () => {
		expectClean([term(1, 5), term(2, 3), term(3, 1)]);
	});

	it('a member voting for two candidates in one term: one vote per term', () => {
		expectOnly([vote(1, 3, 2), vote(1, 3, 3)], 'one vote per term', 1);
	});

	it('a restart that shows a different vote in the same term: one vote per term', () => {
		expectOnly([term(1, 3), vote(1, 3, 2), crash(1), restart(1, 3, 3)], 'one vote per term', 3);
	});

	it('a vote for another candidate after a restart that showed a vote in that term: one vote per term', () => {
		// the restart shows the member's durable vote (n2 in term 3); granting n3 a vote in term 3 is a second vote
		expectOnly([term(1, 3), crash(1), restart(1, 3, 2), vote(1, 3, 3)], 'one vote per term', 3);
	});

	it('violations record atMs, the check and a detail naming the members', () => {
		const c = new SafetyChecker();
		c.observe(leader(1, 9), 12.5);
		c.observe(leader(3, 9), 13.5);
		expect(c.violations).toHaveLength(1);
		expect(c.violations[0].atMs).toBe(13.5);
		expect(c.violations[0].check).toBe('election safety');
		expect(c.violations[0].detail).toContain('n1');
		expect(c.violations[0].detail).toContain('n3');
	});

	it('several different problems are all reported', () => {
		const c = run([
			leader(1, 2),
			leader(2, 2),
			term(3, 4),
			term(3, 1),
			vote(3, 4, 1),
			vote(3, 4, 2),
			apply(1, 1, 1, 1),
			apply(2, 1, 1, 2)
		]);
		expect(c.failedChecks()).toEqual(new Set(['election safety', 'term monotonic', 'one vote per term', 'state machine safety']));
		expect(c.count).toBe(4);
	});

	it('keeps at most 100 violations but counts them all', () => {
		const c = new SafetyChecker();
		for (let t = 1; t <= 250; t++) {
			c.observe(leader(1, t), t);
			c.observe(leader(2, t), t);
		}
		expect(c.count).toBe(250);
		expect(c.violations).toHaveLength(100);
		expect(c.ok).toBe(false);
	});

	it('every hand-made bad trace reports only its own check', () => {
		const bad: [(typeof CHECKS)[number], Observation[]][] = [
			['election safety', [leader(1, 1), leader(2, 1)]],
			['log matching', [append(1, 1, 1, 1, 0), append(2, 1, 1, 2, 0)]],
			['leader completeness', [commit(1, 2, 1), leader(2, 2, [1])]],
			['state machine safety', [apply(1, 1, 1, 1), apply(2, 1, 1, 2)]],
			['term monotonic', [term(1, 2), term(1, 1)]],
			['one vote per term', [vote(1, 1, 2), vote(1, 1, 3)]]
		];
		expect(new Set(bad.map(([name]) => name))).toEqual(new Set(CHECKS));
		for (const [name, trace] of bad) {
			const c = run(trace);
			expect(c.violations.map((v) => v.check), name).toEqual([name]);
		}
	});
});

describe('SafetyChecker: memory stays bounded', () => {
	it('300,000 append/apply observations complete without violations', () => {
		const c = new SafetyChecker();
		const n = 150_000;
		for (let i = 1; i <= n; i++) {
			const t = 1 + Math.floor(i / 1000);
			const prevTerm = i === 1 ? 0 : 1 + Math.floor((i - 1) / 1000);
			c.observe({ kind: 'append', node: 1 + (i % 3), index: i, term: t, id: i, prevTerm }, i);
			c.observe({ kind: 'apply', node: 1 + (i % 3), index: i, term: t, id: i }, i);
		}
		expect(c.violations).toEqual([]);
		expect(c.ok).toBe(true);
		// still checking after all that: a conflicting entry at a recent index is caught
		c.observe({ kind: 'apply', node: 2, index: n, term: 999, id: -1 }, n + 1);
		expect(c.failedChecks()).toEqual(new Set(['state machine safety']));
	});
});

describe('SafetyChecker on a real cluster run', () => {
	it('a healthy 3-member cluster run for 5 s has no violations', () => {
		const c = new Cluster({
			size: 3,
			seed: 1,
			preVote: true,
			checkQuorum: true,
			heartbeatMs: 100,
			electionMs: 1000,
			latencyMs: 0.5,
			jitterMs: 0.1,
			lossRate: 0,
			fsyncMs: 1,
			clientTimeoutMs: 5000
		});
		c.runUntil(5000);
		expect(c.leaders.length).toBeGreaterThan(0);
		expect(c.checker.violations).toEqual([]);
		expect(c.checker.ok).toBe(true);
	});

	it('a run with writes, a leader crash and a partition has no violations', () => {
		const c = new Cluster({
			size: 3,
			seed: 1,
			preVote: true,
			checkQuorum: true,
			heartbeatMs: 100,
			electionMs: 1000,
			latencyMs: 0.5,
			jitterMs: 0.1,
			lossRate: 0,
			fsyncMs: 1,
			clientTimeoutMs: 5000
		});
		c.runUntil(3000);
		const first = c.currentLeader();
		expect(first).not.toBeNull();
		for (let i = 0; i < 20; i++) c.put(1 + (i % 3), `k${i % 4}`, `v${i}`);
		c.runUntil(3500);
		c.kill(first as number);
		c.runUntil(6000);
		c.restart(first as number);
		c.runUntil(7000);
		c.partition([[1], [2, 3]]);
		for (let i = 0; i < 10; i++) c.put(2, `k${i % 4}`, `w${i}`);
		c.runUntil(10_000);
		c.heal();
		c.runUntil(14_000);
		expect(c.leaders.length).toBeGreaterThan(1);
		expect(c.ops.some((op) => op.status === 'ok')).toBe(true);
		expect(c.checker.violations).toEqual([]);
		expect(c.checker.ok).toBe(true);
	});

	it('leader completeness binds only leaders of later terms than the commit', () => {
		const late = (): Observation[] => [
			{ kind: 'commit', node: 1, index: 1, term: 5, leaderTerm: 5 },
			{ kind: 'leader', node: 2, term: 4, logTermAt: (i) => (i === 1 ? 4 : i === 0 ? 0 : -1), logOffset: 0 }
		];
		expectClean(late());
		expectOnly(
			[
				{ kind: 'commit', node: 1, index: 1, term: 5, leaderTerm: 5 },
				{ kind: 'leader', node: 2, term: 6, logTermAt: (i) => (i === 1 ? 4 : i === 0 ? 0 : -1), logOffset: 0 }
			],
			'leader completeness',
			1
		);
	});
});

describe('the checker fed without Observation objects (as the engine feeds it)', () => {
	it('observeAppend / observeApply / observeTerm / observeCommit find exactly what observe finds', () => {
		// a seeded stream of small, clashing observations: some agree, many contradict each other
		let s = 12345;
		const rnd = (n: number): number => {
			s = (Math.imul(s, 1103515245) + 12345) >>> 0;
			return (s >>> 16) % n;
		};
		const obs: Observation[] = [];
		for (let i = 0; i < 3000; i++) {
			const node = 1 + rnd(3);
			const index = 1 + rnd(40);
			const term = 1 + rnd(4);
			const k = rnd(4);
			if (k === 0) obs.push({ kind: 'append', node, index, term, id: rnd(3), prevTerm: rnd(3) });
			else if (k === 1) obs.push({ kind: 'apply', node, index, term, id: rnd(3) });
			else if (k === 2) obs.push({ kind: 'term', node, term: rnd(6) });
			else obs.push({ kind: 'commit', node, index, term, leaderTerm: term + rnd(2) });
		}
		const slow = new SafetyChecker();
		const fast = new SafetyChecker();
		obs.forEach((o, i) => {
			slow.observe(o, i);
			if (o.kind === 'append') fast.observeAppend(o.node, o.index, o.term, o.id, o.prevTerm, i);
			else if (o.kind === 'apply') fast.observeApply(o.node, o.index, o.term, o.id, i);
			else if (o.kind === 'term') fast.observeTerm(o.node, o.term, i);
			else if (o.kind === 'commit') fast.observeCommit(o.index, o.term, o.leaderTerm ?? o.term);
		});
		expect(slow.count).toBeGreaterThan(10);
		expect(fast.count).toBe(slow.count);
		expect(fast.violations).toEqual(slow.violations);
	});
});
