/**
 * Raft protocol tests after the Raft paper (Ongaro & Ousterhout) and etcd-io/raft's
 * raft_paper_test.go / raft_test.go, run against the engine's RaftState + xstate role machine
 * through a synchronous test network (raft-harness.ts). The harness asserts after every event that
 * the machine's state and raft.role agree.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../../src/lib/cluster/cluster';
import { quorumMatchIndex, quorumSize, voteResult } from '../../src/lib/raft/quorum';
import type { Message } from '../../src/lib/raft/types';
import { RaftNet, entriesOfTerms } from './raft-harness';

const ELECTION = 10;

// ---------------------------------------------------------------------------------------------
// 1. Figure 7: the leader repairs every possible follower log
// ---------------------------------------------------------------------------------------------

describe('log repair (Raft section 5.3, Figure 7)', () => {
	const LEADER = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
	const FOLLOWERS: [string, number[], number][] = [
		// name, follower log terms, how many of its entries conflict and must go
		['a', [1, 1, 1, 4, 4, 5, 5, 6, 6], 0],
		['b', [1, 1, 1, 4], 0],
		['c', [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], 1],
		['d', [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], 2],
		['e', [1, 1, 1, 4, 4, 4, 4], 2],
		['f', [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], 8]
	];

	it.each(FOLLOWERS)('follower (%s) ends with exactly the term-8 leader log', (_name, follower, conflicting) => {
		// As etcd's TestLeaderSyncFollowerLog: the leader needs a third member's vote because the
		// follower may have a log at least as up to date (c, d). Member 3 holds the leader's log.
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false }, {
			1: { term: 7, commit: 3, terms: LEADER },
			2: { term: 7, commit: 3, terms: follower },
			3: { term: 7, commit: 3, terms: LEADER }
		});
		net.campaign(1);
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(8);

		const pid = net.propose(1, 'k', 'v');
		net.deliverAll();

		expect(net.termsOf(1)).toEqual([...LEADER, 8, 8]);
		expect(net.logOf(1)[11].id).toBe(pid);
		expect(net.logOf(2)).toEqual(net.logOf(1));
		expect(net.logOf(3)).toEqual(net.logOf(1));
		// the follower's durable log was repaired too (not just memory)
		expect(net.durable(2).entries.map((e) => e.term)).toEqual([...LEADER, 8, 8]);

		// the follower's conflicting (uncommitted) entries are gone
		const own = entriesOfTerms(follower).filter((e) => !LEADER.some((t, i) => i + 1 === e.index && t === e.term));
		expect(own.length).toBe(conflicting);
		const ids = new Set(net.logOf(2).map((e) => e.id));
		for (const e of own) expect(ids.has(e.id)).toBe(false);

		// and everything, the old-term prefix included, is committed with the term-8 entries
		expect(net.raft(1).log.committed).toBe(12);
		expect(net.raft(2).log.committed).toBe(12);
	});
});

// ---------------------------------------------------------------------------------------------
// 2. Figure 8: only current-term entries are committed by counting replicas
// ---------------------------------------------------------------------------------------------

describe('commitment rule (Raft section 5.4.2, Figure 8)', () => {
	/**
	 * Figure 8 (c): S1 is elected for term 4 with log [1:t1, 2:t2]; S2 already holds index 2;
	 * S3 and S4 hold only index 1; S5 holds [1:t1, 2:t3] and is down. S1 appends its
	 * term-4 entry at index 3. A lossy network delivers every message except appends of
	 * term-4 entries that the follower would accept, and one entry per append
	 * (maxEntriesPerMsg 1), so S3 and S4 acknowledge index 2 but not index 3.
	 */
	function figure8(): RaftNet {
		const net = new RaftNet({ size: 5, preVote: false, checkQuorum: false, maxEntriesPerMsg: 1 }, {
			1: { term: 3, commit: 1, terms: [1, 2] },
			2: { term: 3, commit: 1, terms: [1, 2] },
			3: { term: 3, vote: 5, commit: 1, terms: [1] },
			4: { term: 3, vote: 5, commit: 1, terms: [1] },
			5: { term: 3, vote: 5, commit: 1, terms: [1, 3] }
		});
		net.isolate(5); // S5 is down in Figure 8 (c)
		net.dropIf = (m: Message) =>
			m.type === 'app' && m.entries.some((e) => e.term === 4) && net.raft(m.to).log.matchTerm(m.index, m.logTerm);
		net.campaign(1);
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(4);
		return net;
	}

	it('a term-2 entry stored on a majority is not committed by the term-4 leader', () => {
		const net = figure8();
		const r1 = net.raft(1);
		expect(net.termsOf(1)).toEqual([1, 2, 4]);
		// the leader knows index 2 is on S1, S3 and S4 (a majority of 5) ...
		expect(r1.prs[3].match).toBe(2);
		expect(r1.prs[4].match).toBe(2);
		expect(quorumMatchIndex(net.ids.map((id) => r1.prs[id].match))).toBe(2);
		for (const id of [1, 2, 3, 4]) expect(net.raft(id).log.term(2)).toBe(2);
		// ... but must not commit it: its term is 2, not 4
		net.tickAll(3 * ELECTION);
		expect(r1.role).toBe('leader');
		expect(r1.log.committed).toBe(1);
		for (const id of net.ids) expect(net.raft(id).log.committed).toBe(1);
	});

	it('Figure 8 (d): that entry could indeed be overwritten, so committing it would have been unsafe', () => {
		const net = figure8();
		expect(net.raft(1).log.committed).toBe(1);
		// S1 crashes; S5 (last term 3) can win votes from S2, S3, S4 (last term 2)
		net.heal();
		net.isolate(1);
		for (let i = 0; i < 5 && net.raft(5).role !== 'leader'; i++) net.campaign(5);
		expect(net.raft(5).role).toBe('leader');
		expect(net.raft(5).term).toBe(5);
		for (const id of [2, 3, 4]) {
			expect(net.raft(id).log.term(2)).toBe(3);
			expect(net.raft(id).log.committed).toBe(3);
		}
	});

	it('Figure 8 (e): once a term-4 entry is on a majority, both commit and S5 can never win', () => {
		const net = figure8();
		const r1 = net.raft(1);
		net.dropIf = null;
		net.tickAll(1);
		// commit jumps from 1 to 3 at once: the old entry commits together with the term-4 entry
		expect(r1.log.committed).toBe(3);
		expect(r1.log.term(2)).toBe(2);
		net.heal();
		net.isolate(1);
		for (let i = 0; i < 5; i++) net.campaign(5);
		expect(net.raft(5).role).not.toBe('leader');
		for (const id of [2, 3, 4]) expect(net.raft(id).log.term(2)).toBe(2);
	});
});

// ---------------------------------------------------------------------------------------------
// 3. A leader in a minority cannot commit; its entries are dropped when it rejoins
// ---------------------------------------------------------------------------------------------

describe('stale leader in a minority (Raft section 5.3 / 5.4)', () => {
	it('cannot commit, and its uncommitted entries are replaced after the heal', () => {
		const net = new RaftNet({ size: 5, preVote: false, checkQuorum: false });
		net.campaign(1);
		expect(net.raft(1).role).toBe('leader');
		const t1 = net.raft(1).term;
		const a = net.propose(1, 'a', '1');
		net.deliverAll();
		const committedBefore = net.raft(1).log.committed;
		expect(committedBefore).toBe(2);

		net.partition([[1, 2], [3, 4, 5]]);
		const x = net.propose(1, 'x', 'old');
		const y = net.propose(1, 'y', 'old');
		net.deliverAll();
		expect(net.logOf(2).map((e) => e.id)).toContain(x);
		// the old leader keeps leading and heartbeating, but never commits x or y
		for (let i = 0; i < 5 * ELECTION; i++) {
			net.tick(1);
			net.tick(2);
			net.deliverAll();
			expect(net.raft(1).role).toBe('leader');
			expect(net.raft(1).log.committed).toBe(committedBefore);
			expect(net.raft(2).log.committed).toBe(committedBefore);
		}

		net.campaign(3);
		expect(net.raft(3).role).toBe('leader');
		const t2 = net.raft(3).term;
		expect(t2).toBeGreaterThan(t1);
		const z = net.propose(3, 'z', 'new');
		net.deliverAll();
		expect(net.raft(3).log.committed).toBe(4);

		net.heal();
		net.tickAll(3);
		expect(net.leader()).toBe(3);
		expect(net.raft(1).role).toBe('follower');
		expect(net.raft(1).term).toBe(t2);
		for (const id of net.ids) {
			expect(net.logOf(id)).toEqual(net.logOf(3));
			expect(net.raft(id).log.committed).toBe(4);
		}
		const ids = net.logOf(1).map((e) => e.id);
		expect(ids).toContain(a);
		expect(ids).toContain(z);
		expect(ids).not.toContain(x);
		expect(ids).not.toContain(y);
		expect(net.durable(1).entries.map((e) => e.id)).not.toContain(x);
	});
});

// ---------------------------------------------------------------------------------------------
// 4. PreVote (Raft thesis 9.6): a rejoining member does not disrupt the leader
// ---------------------------------------------------------------------------------------------

describe('PreVote when a cut-off member rejoins', () => {
	function setup(preVote: boolean): { net: RaftNet; term: number } {
		const net = new RaftNet({ size: 3, preVote, checkQuorum: false });
		net.campaign(1);
		expect(net.raft(1).role).toBe('leader');
		net.propose(1, 'a', '1');
		net.deliverAll();
		const term = net.raft(1).term;
		net.isolate(3);
		// the majority keeps working while 3 is away
		net.propose(1, 'b', '2');
		net.deliverAll();
		expect(net.raft(1).log.committed).toBe(3);
		expect(net.raft(3).log.lastIndex()).toBe(2);
		return { net, term };
	}

	it('on: the isolated member stays at its term; on rejoin the leader keeps leading at the same term', () => {
		const { net, term } = setup(true);
		net.tickAll(10 * ELECTION, () => {
			expect(net.raft(3).term).toBe(term);
			expect(net.raft(1).role).toBe('leader');
		});
		expect(net.raft(3).role).toBe('preCandidate');
		expect(net.raft(3).term).toBe(term);

		net.heal();
		// 3 times out again before any heartbeat reaches it: its pre-vote is refused and the
		// leader and follower 2 do not even learn of a higher term
		net.clearTraffic();
		net.campaign(3);
		expect(net.delivered.some((m) => m.type === 'preVote' && m.from === 3 && m.to === 1 && m.term === term + 1)).toBe(true);
		expect(net.delivered.some((m) => m.type === 'vote')).toBe(false);
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(term);
		expect(net.raft(2).term).toBe(term);
		net.tickAll(5 * ELECTION, () => {
			expect(net.raft(1).role).toBe('leader');
			expect(net.raft(1).term).toBe(term);
		});
		expect(net.raft(3).role).toBe('follower');
		expect(net.raft(3).lead).toBe(1);
		expect(net.raft(3).term).toBe(term);
		expect(net.logOf(3)).toEqual(net.logOf(1));
	});

	it('off: the isolated member inflates its term and its return deposes the leader', () => {
		const { net, term } = setup(false);
		net.tickAll(10 * ELECTION);
		expect(net.raft(3).term).toBeGreaterThanOrEqual(term + 3);
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(term);

		net.heal();
		// 3 times out again before any heartbeat reaches it: its vote request deposes the leader
		net.campaign(3);
		// deposed at once, by the vote request alone, into the isolated member's inflated term
		expect(net.raft(1).role).toBe('follower');
		expect(net.raft(1).term).toBe(net.raft(3).term);
		expect(net.raft(1).term).toBeGreaterThanOrEqual(term + 3);
		net.tickAll(5 * ELECTION);
		// 3 may keep disrupting for a while (its log is behind, it cannot win); a leader emerges
		for (let i = 0; i < 100 * ELECTION && net.leader() === null; i++) net.tickAll(1);
		const lead = net.leader();
		expect(lead).not.toBeNull();
		expect(lead).not.toBe(3); // its log is behind: it disrupts but cannot win
		expect(net.raft(lead ?? 0).term).toBeGreaterThan(term);
	});
});

// ---------------------------------------------------------------------------------------------
// 5. CheckQuorum and the leader lease
// ---------------------------------------------------------------------------------------------

describe('CheckQuorum', () => {
	it('a leader cut off from all followers steps down within two election timeouts, same term', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: true });
		net.campaign(1);
		const term = net.raft(1).term;
		net.isolate(1);
		let steppedAt = -1;
		for (let t = 1; t <= 2 * ELECTION && steppedAt < 0; t++) {
			net.tick(1);
			net.deliverAll();
			if (net.raft(1).role !== 'leader') steppedAt = t;
		}
		expect(steppedAt).toBeGreaterThanOrEqual(ELECTION);
		expect(steppedAt).toBeLessThanOrEqual(2 * ELECTION);
		expect(net.raft(1).role).toBe('follower');
		expect(net.raft(1).term).toBe(term);
		expect(net.raft(1).lead).toBe(0);
		expect(net.notices(1)).toContainEqual({ kind: 'steppedDown', term, reason: 'lostQuorum' });
	});

	it('with checkQuorum off the isolated leader stays leader', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false });
		net.campaign(1);
		const term = net.raft(1).term;
		net.isolate(1);
		for (let t = 0; t < 10 * ELECTION; t++) {
			net.tick(1);
			net.deliverAll();
		}
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(term);
	});

	it('lease: a follower that hears the leader ignores a higher-term vote request', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: true });
		net.campaign(1);
		const term = net.raft(1).term;
		net.sever(1, 3);
		net.clearTraffic();
		net.tickAll(5 * ELECTION, () => {
			expect(net.raft(1).role).toBe('leader');
			expect(net.raft(1).term).toBe(term);
			expect(net.raft(2).term).toBe(term);
			expect(net.raft(2).lead).toBe(1);
		});
		// 3 did campaign, and its requests did reach 2
		expect(net.raft(3).term).toBeGreaterThan(term);
		expect(net.delivered.some((m) => m.type === 'vote' && m.from === 3 && m.to === 2 && m.term > term)).toBe(true);
		expect(net.delivered.some((m) => m.type === 'voteResp' && m.from === 2 && m.to === 3)).toBe(false);
	});

	it('control: without checkQuorum the same vote request moves the follower to the new term', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false });
		net.campaign(1);
		const term = net.raft(1).term;
		net.sever(1, 3);
		net.tickAll(5 * ELECTION);
		expect(net.raft(2).term).toBeGreaterThan(term);
	});
});

// ---------------------------------------------------------------------------------------------
// 6. Restart keeps term, vote and log (Raft Figure 2: persistent state)
// ---------------------------------------------------------------------------------------------

describe('persistent state across a crash', () => {
	/** 1 wins term 6 with 2's vote; its appends to 2 are lost; 3 cannot hear 1 (still term 5). */
	function voted(): RaftNet {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false }, {
			1: { term: 5, commit: 3, terms: [1, 1, 2, 5] },
			2: { term: 5, commit: 3, terms: [1, 1, 2, 5] },
			3: { term: 5, commit: 3, terms: [1, 1, 2, 5] }
		});
		net.sever(1, 3);
		net.dropIf = (m) => m.from === 1 && m.type !== 'vote';
		net.campaign(1);
		expect(net.raft(1).role).toBe('leader');
		expect(net.raft(1).term).toBe(6);
		expect(net.raft(2).vote).toBe(1);
		expect(net.raft(3).term).toBe(5);
		return net;
	}

	it('a restarted member keeps term, vote and log and does not vote twice in a term', () => {
		const net = voted();
		const logBefore = net.logOf(2);
		net.crash(2);
		net.restart(2);
		const r2 = net.raft(2);
		expect(r2.term).toBe(6);
		expect(r2.vote).toBe(1);
		expect(r2.log.committed).toBe(3);
		expect(net.logOf(2)).toEqual(logBefore);

		net.clearTraffic();
		net.campaign(3);
		expect(net.raft(3).term).toBe(6);
		expect(net.delivered).toContainEqual(expect.objectContaining({ type: 'voteResp', from: 2, to: 3, term: 6, reject: true }));
		expect(net.raft(3).role).not.toBe('leader');
		expect(net.raft(2).vote).toBe(1);
	});

	it('control: a member that forgot its vote would elect a second leader in term 6', () => {
		const net = voted();
		net.crash(2);
		net.restart(2, (d) => ({ hard: { ...d.hard, vote: 0 }, entries: d.entries }));
		net.campaign(3);
		expect(net.raft(3).role).toBe('leader');
		expect(net.raft(3).term).toBe(6);
		expect(net.raft(1).term).toBe(6);
		expect(net.raft(1).role).toBe('leader'); // two leaders in one term: what persisting the vote prevents
	});

	it('through the Cluster: kill and restart keep term, vote and log', () => {
		const c = new Cluster({
			size: 3,
			seed: 11,
			preVote: true,
			checkQuorum: true,
			heartbeatMs: 100,
			electionMs: 1000,
			latencyMs: 1,
			jitterMs: 0,
			lossRate: 0,
			fsyncMs: 1,
			clientTimeoutMs: 5000
		});
		c.runUntil(3000);
		const leader = c.currentLeader();
		expect(leader).not.toBeNull();
		for (let i = 0; i < 5; i++) c.put(leader ?? 1, `k${i}`, `v${i}`);
		c.runUntil(4000);
		const f = leader === 1 ? 2 : 1;
		const r = c.raftOf(f);
		const before = { term: r.term, vote: r.vote, last: r.log.lastIndex(), entries: c.entries(f, 1, r.log.lastIndex()) };
		expect(before.last).toBeGreaterThanOrEqual(6);

		c.kill(f);
		expect(c.machineState(f)).toBe('down');
		expect(c.view(f).term).toBe(before.term);
		c.restart(f);
		const r2 = c.raftOf(f);
		expect(c.machineState(f)).toEqual({ up: r2.role });
		expect(r2.term).toBe(before.term);
		expect(r2.vote).toBe(before.vote);
		expect(c.entries(f, 1, before.last)).toEqual(before.entries);
		c.runUntil(8000);
		expect(c.checker.violations).toEqual([]);
		expect(c.view(f).kv).toEqual(c.view(leader ?? 1).kv);
	});

	it('through the Cluster: a crash before a new term is durable loses only that unsynced term, and is no violation', () => {
		// Raft needs currentTerm on stable storage before a member answers at that term; a term that
		// was adopted in memory, never fsynced and never sent may be lost by kill -9 (as in etcd).
		const c = new Cluster({
			size: 3,
			seed: 5,
			preVote: false,
			checkQuorum: false,
			heartbeatMs: 100,
			electionMs: 1000,
			latencyMs: 1,
			jitterMs: 0,
			lossRate: 0,
			fsyncMs: 20,
			clientTimeoutMs: 5000
		});
		c.runUntil(3000);
		const leader = c.currentLeader() ?? 0;
		expect(leader).toBeGreaterThan(0);
		const term = c.raftOf(leader).term;
		const [to, x] = [1, 2, 3].filter((i) => i !== leader);
		const sentByX: { type: string; term: number }[] = [];
		c.onWire((e) => {
			if (e.kind === 'send' && e.from === x) sentByX.push({ type: e.type, term: e.term });
		});
		// the transfer's vote request makes x adopt term+1 in memory; kill x while that write is in flight
		expect(c.transfer(to)).toBe(true);
		for (let n = 0; !(c.raftOf(x).term > term && c.view(x).diskBusy); n++) {
			if (!c.step() || n > 100_000) throw new Error('x never adopted the new term');
		}
		c.kill(x);
		expect(sentByX.filter((m) => m.term > term)).toEqual([]);
		c.restart(x);
		expect(c.raftOf(x).term).toBe(term);
		c.runUntil(c.nowMs + 3000);
		expect(c.checker.violations).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// 7. Leadership transfer (Raft thesis 3.10)
// ---------------------------------------------------------------------------------------------

describe('leader transfer', () => {
	it('the target leads at term+1 without a single tick, with pre-vote on and inside the lease', () => {
		const net = new RaftNet({ size: 3, preVote: true, checkQuorum: true });
		net.campaign(1);
		net.propose(1, 'a', '1');
		net.deliverAll();
		const term = net.raft(1).term;
		// member 3 is inside the lease: it would ignore an ordinary vote request
		expect(net.raft(3).lead).toBe(1);
		expect(net.raft(3).electionElapsed).toBeLessThan(ELECTION);
		const ticks = net.ticks;
		net.transferLeader(1, 2);
		net.deliverAll();
		expect(net.ticks).toBe(ticks);
		expect(net.raft(2).role).toBe('leader');
		expect(net.raft(2).term).toBe(term + 1);
		expect(net.raft(1).role).toBe('follower');
		expect(net.raft(1).lead).toBe(2);
		expect(net.raft(3).lead).toBe(2);
		for (const id of net.ids) expect(net.logOf(id)).toEqual(net.logOf(2));
	});

	it('a lagging target is caught up first, then takes over', () => {
		const net = new RaftNet({ size: 3, preVote: true, checkQuorum: true });
		net.campaign(1);
		const term = net.raft(1).term;
		net.cut(1, 2);
		const ids = [net.propose(1, 'a', '1'), net.propose(1, 'b', '2'), net.propose(1, 'c', '3')];
		net.deliverAll();
		expect(net.raft(1).log.committed).toBe(4);
		expect(net.raft(2).log.lastIndex()).toBe(1);
		net.heal();
		const ticks = net.ticks;
		net.transferLeader(1, 2);
		net.deliverAll();
		expect(net.ticks).toBe(ticks);
		expect(net.raft(2).role).toBe('leader');
		expect(net.raft(2).term).toBe(term + 1);
		const log2 = net.logOf(2).map((e) => e.id);
		for (const id of ids) expect(log2).toContain(id);
	});
});

// ---------------------------------------------------------------------------------------------
// 8. ReadIndex (Raft thesis 6.4)
// ---------------------------------------------------------------------------------------------

describe('ReadIndex', () => {
	it('the leader answers only after a heartbeat round confirms a quorum', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: true });
		net.campaign(1);
		net.propose(1, 'a', '1');
		net.deliverAll();
		const r1 = net.raft(1);
		const committed = r1.log.committed;
		expect(committed).toBe(2);

		net.readIndex(1, 42);
		expect(net.readStates(1)).toEqual([]);
		expect(r1.pendingMessages().filter((m) => m.type === 'heartbeat' && m.context === 42).length).toBe(2);
		net.deliverAll();
		expect(net.readStates(1)).toEqual([{ context: 42, index: committed }]);
		net.readStates(1).length = 0;

		// cut off: no acks, no answer; after the heal a heartbeat round confirms it
		net.isolate(1);
		net.readIndex(1, 43);
		net.deliverAll();
		net.tick(1, 3);
		net.deliverAll();
		expect(net.readStates(1)).toEqual([]);
		net.heal();
		net.tick(1);
		net.deliverAll();
		expect(net.readStates(1)).toEqual([{ context: 43, index: committed }]);
	});

	it('one ack short of a quorum is not enough (5 members, leader hears only one follower)', () => {
		const net = new RaftNet({ size: 5, preVote: false, checkQuorum: false });
		net.campaign(1);
		net.deliverAll();
		const r1 = net.raft(1);
		const committed = r1.log.committed;
		expect(committed).toBe(1);
		net.partition([[1, 2], [3, 4, 5]]);
		net.clearTraffic();
		net.readIndex(1, 77);
		net.deliverAll();
		net.tick(1, 2);
		net.deliverAll();
		expect(net.delivered.some((m) => m.type === 'heartbeatResp' && m.from === 2 && m.context === 77)).toBe(true);
		expect(net.readStates(1)).toEqual([]);
		net.heal();
		net.tick(1);
		net.deliverAll();
		expect(net.readStates(1)).toEqual([{ context: 77, index: committed }]);
	});

	it('a follower forwards the read and gets the leader\'s confirmed index', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: true });
		net.campaign(1);
		net.propose(1, 'a', '1');
		net.deliverAll();
		net.readIndex(2, 9);
		net.deliverAll();
		expect(net.readStates(2)).toEqual([{ context: 9, index: 2 }]);
		expect(net.readStates(1)).toEqual([]);
	});

	it('a new leader defers reads until an entry of its own term commits', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false }, {
			1: { term: 2, commit: 2, terms: [1, 2] },
			2: { term: 2, commit: 2, terms: [1, 2] },
			3: { term: 2, commit: 2, terms: [1, 2] }
		});
		net.dropIf = (m) => m.type === 'app' && m.from === 1;
		net.campaign(1);
		const r1 = net.raft(1);
		expect(r1.role).toBe('leader');
		expect(r1.term).toBe(3);
		expect(r1.log.committed).toBe(2);

		net.clearTraffic();
		net.readIndex(1, 5);
		net.deliverAll();
		net.tick(1, 2);
		net.deliverAll();
		expect(net.readStates(1)).toEqual([]);
		expect(net.delivered.some((m) => m.type === 'heartbeatResp' && m.context === 5)).toBe(false);

		net.dropIf = null;
		net.tick(1);
		net.deliverAll();
		expect(r1.log.committed).toBe(3);
		expect(r1.log.term(3)).toBe(3);
		expect(net.readStates(1)).toEqual([{ context: 5, index: 3 }]);
	});
});

// ---------------------------------------------------------------------------------------------
// 9. Machine / raft.role agreement under random schedules, with Raft's safety properties
// ---------------------------------------------------------------------------------------------

type Action =
	| { k: 'tick'; id: number; n: number }
	| { k: 'tickAll'; n: number }
	| { k: 'propose'; id: number }
	| { k: 'isolate'; id: number }
	| { k: 'cut'; a: number; b: number }
	| { k: 'heal' }
	| { k: 'crash'; id: number }
	| { k: 'restart'; id: number }
	| { k: 'transfer'; to: number }
	| { k: 'read'; id: number };

function actionArb(size: number): fc.Arbitrary<Action> {
	const id = fc.integer({ min: 1, max: size });
	return fc.oneof(
		{ weight: 4, arbitrary: fc.record({ k: fc.constant('tick' as const), id, n: fc.integer({ min: 1, max: 25 }) }) },
		{ weight: 4, arbitrary: fc.record({ k: fc.constant('tickAll' as const), n: fc.integer({ min: 1, max: 15 }) }) },
		{ weight: 4, arbitrary: fc.record({ k: fc.constant('propose' as const), id }) },
		{ weight: 1, arbitrary: fc.record({ k: fc.constant('isolate' as const), id }) },
		{ weight: 1, arbitrary: fc.record({ k: fc.constant('cut' as const), a: id, b: id }) },
		{ weight: 2, arbitrary: fc.record({ k: fc.constant('heal' as const) }) },
		{ weight: 1, arbitrary: fc.record({ k: fc.constant('crash' as const), id }) },
		{ weight: 2, arbitrary: fc.record({ k: fc.constant('restart' as const), id }) },
		{ weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), to: id }) },
		{ weight: 1, arbitrary: fc.record({ k: fc.constant('read' as const), id }) }
	);
}

describe('random schedules', () => {
	it('keep machine and role in agreement, one leader per term, and committed prefixes equal', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(3, 5),
				fc.boolean(),
				fc.boolean(),
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.array(actionArb(5), { minLength: 1, maxLength: 80 }),
				(size, preVote, checkQuorum, seed, actions) => {
					const net = new RaftNet({ size, preVote, checkQuorum, seed });
					const leaderOfTerm = new Map<number, number>();
					const committed = new Map<number, { term: number; id: number }>();
					const lastTerm = new Map<number, number>();
					let ctx = 100;
					const check = (): void => {
						for (const id of net.ids) {
							if (!net.isUp(id)) continue;
							const r = net.raft(id);
							net.checkAgreement(id);
							expect(r.term).toBeGreaterThanOrEqual(lastTerm.get(id) ?? 0);
							lastTerm.set(id, r.term);
							if (r.role === 'leader') {
								const l = leaderOfTerm.get(r.term);
								if (l !== undefined) expect(l).toBe(id);
								leaderOfTerm.set(r.term, id);
							}
							for (let i = 1; i <= r.log.committed; i++) {
								const e = r.log.entry(i);
								expect(e).toBeDefined();
								if (!e) continue;
								const seen = committed.get(i);
								if (seen) expect({ term: e.term, id: e.id }).toEqual(seen);
								else committed.set(i, { term: e.term, id: e.id });
							}
						}
					};
					for (const a of actions) {
						const live = (id: number): boolean => id <= size && net.isUp(id);
						switch (a.k) {
							case 'tick':
								if (live(a.id)) net.tick(a.id, a.n);
								break;
							case 'tickAll':
								net.tickAll(a.n);
								break;
							case 'propose':
								if (live(a.id)) net.propose(a.id, 'k', String(a.id));
								break;
							case 'isolate':
								if (a.id <= size) net.isolate(a.id);
								break;
							case 'cut':
								if (a.a <= size && a.b <= size && a.a !== a.b) net.cut(a.a, a.b);
								break;
							case 'heal':
								net.heal();
								break;
							case 'crash':
								if (live(a.id)) net.crash(a.id);
								break;
							case 'restart':
								if (a.id <= size && !net.isUp(a.id)) net.restart(a.id);
								break;
							case 'transfer': {
								const l = net.leader();
								if (l !== null && a.to <= size) net.transferLeader(l, a.to);
								break;
							}
							case 'read':
								if (live(a.id)) net.readIndex(a.id, ctx++);
								break;
						}
						net.deliverAll();
						check();
					}
					// liveness smoke check: healed and all up, the cluster converges: one leader, a new
					// proposal committed, every member at the leader's term with the leader's commit.
					// (Without pre-vote / check-quorum a rejoining member may depose the leader first, and
					// stale members can win the timeout race a few times: the bound is generous.)
					for (const id of net.ids) if (!net.isUp(id)) net.restart(id);
					net.heal();
					let converged = false;
					for (let i = 0; i < 100 * ELECTION && !converged; i++) {
						const l = net.leader();
						if (l !== null) {
							const r = net.raft(l);
							const final = r.log.entries.find((e) => e.cmd?.key === 'final');
							if (!final) net.propose(l, 'final', 'x');
							converged =
								final !== undefined &&
								r.log.committed === r.log.lastIndex() &&
								final.index <= r.log.committed &&
								net.ids.every((id) => net.raft(id).term === r.term && net.raft(id).log.committed === r.log.committed);
						}
						if (!converged) net.tickAll(1);
						check();
					}
					expect(converged).toBe(true);
				}
			),
			{ numRuns: 150, seed: 378119 }
		);
	}, 60_000);

	it('the role has one owner: raft.role is read from the machine and cannot be set', () => {
		const net = new RaftNet({ size: 3, preVote: false, checkQuorum: false });
		net.campaign(1);
		expect(net.node(1).stateValue).toEqual({ up: 'leader' });
		expect(net.raft(1).role).toBe('leader');
		expect(net.node(2).stateValue).toEqual({ up: 'follower' });
		// no second copy to corrupt: assigning the role fails and changes nothing
		expect(() => {
			(net.raft(2) as unknown as { role: string }).role = 'candidate';
		}).toThrow(TypeError);
		expect(net.raft(2).role).toBe('follower');
		// the machine took the lifecycle events, with their names
		expect(net.transitions(1).map((t) => `${t.from}-${t.event}->${t.to}`)).toEqual(['follower-election.timeout->candidate', 'candidate-vote.won->leader']);
	});
});

// ---------------------------------------------------------------------------------------------
// quorum helpers vs a naive twin
// ---------------------------------------------------------------------------------------------

describe('quorum helpers', () => {
	it('quorumMatchIndex is the largest x that floor(n/2)+1 members have reached', () => {
		fc.assert(
			fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 7 }), (matches) => {
				const q = Math.floor(matches.length / 2) + 1;
				let best = 0;
				for (let x = 0; x <= 30; x++) if (matches.filter((m) => m >= x).length >= q) best = x;
				expect(quorumMatchIndex(matches)).toBe(best);
			}),
			{ numRuns: 2000, seed: 722941 }
		);
	});

	it('quorumSize is floor(n/2)+1', () => {
		for (let n = 1; n <= 9; n++) expect(quorumSize(n)).toBe(Math.floor(n / 2) + 1);
	});

	it('voteResult matches a naive count', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 7 }).chain((n) =>
					fc.tuple(fc.constant(n), fc.array(fc.option(fc.boolean(), { nil: undefined }), { minLength: n, maxLength: n }))
				),
				([n, answers]) => {
					const votes = new Map<number, boolean>();
					answers.forEach((v, i) => {
						if (v !== undefined) votes.set(i + 1, v);
					});
					const yes = answers.filter((v) => v === true).length;
					const no = answers.filter((v) => v === false).length;
					const unknown = n - yes - no;
					const need = Math.floor(n / 2) + 1;
					const want = yes >= need ? 'won' : yes + unknown < need ? 'lost' : 'pending';
					expect(voteResult(n, votes)).toBe(want);
				}
			),
			{ numRuns: 2000, seed: 970731 }
		);
	});
});
