/**
 * The cluster picture's pure parts: the teaching pace (how much simulated time a frame advances),
 * election-timer fractions from the engine's own randomized timeout, sides and their quorum
 * verdicts, leaders' claims, partitions made by dragging; and the engine's read-only view fields.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/lib/cluster/cluster';
import type { MemberView } from '../../src/lib/cluster/types';
import { paceReadout, QUIET_RATE, TEACH_WALL_MS, teachingStep, type Flight } from '../../src/lib/ui/pace';
import { leaderClaims, linkOpen, moveToSide, sideVerdicts, timerLeft } from '../../src/lib/ui/playground/scene';

/** Plays frames of frameMs until the message arrives; returns the wall ms it was on screen. */
function wallOnScreen(flightMs: number, frameMs = 16, others: { sendMs: number; deliverMs: number }[] = []): number {
	let now = 0;
	let wall = 0;
	const flights: (Flight & { shownAt: number })[] = [{ sendMs: 0, deliverMs: flightMs, shownWallMs: 0, shownAt: 0 }, ...others.map((o) => ({ ...o, shownWallMs: 0, shownAt: 0 }))];
	while (now < flightMs && wall < 60_000) {
		for (const f of flights) f.shownWallMs = wall - f.shownAt;
		now += teachingStep(flights, now, frameMs);
		wall += frameMs;
	}
	return wall;
}

describe('teaching pace', () => {
	it('runs at the quiet rate with nothing in flight', () => {
		expect(teachingStep([], 100, 16)).toBeCloseTo(16 * QUIET_RATE, 9);
		expect(teachingStep([], 100, 0)).toBe(0);
	});

	it('keeps a message on screen about TEACH_WALL_MS of wall time, whatever its simulated flight', () => {
		for (const flight of [0.5, 2, 5, 20, 100, 400]) {
			const w = wallOnScreen(flight);
			expect(w, `flight ${flight} ms`).toBeGreaterThanOrEqual(300);
			expect(w, `flight ${flight} ms`).toBeLessThanOrEqual(600);
		}
		expect(wallOnScreen(5, 33)).toBeGreaterThanOrEqual(300);
		expect(wallOnScreen(5, 33)).toBeLessThanOrEqual(600);
	});

	it('slows to the message in flight: 5 ms of flight over 450 ms of wall', () => {
		const sim = teachingStep([{ sendMs: 0, deliverMs: 5, shownWallMs: 0 }], 0, 16);
		expect(sim).toBeCloseTo((16 * 5) / TEACH_WALL_MS, 9);
	});

	it('the message with the least time left sets the pace; finished or future ones do not', () => {
		const a = { sendMs: 0, deliverMs: 10, shownWallMs: 0 };
		const b = { sendMs: 0, deliverMs: 2, shownWallMs: 0 };
		expect(teachingStep([a, b], 0, 16)).toBeCloseTo(teachingStep([b], 0, 16), 9);
		const done = { sendMs: 0, deliverMs: 1, shownWallMs: 500 };
		const future = { sendMs: 50, deliverMs: 51, shownWallMs: 0 };
		expect(teachingStep([done, future], 5, 16)).toBeCloseTo(16 * QUIET_RATE, 9);
	});

	it('a message past its time on screen finishes within the frame', () => {
		const sim = teachingStep([{ sendMs: 0, deliverMs: 5, shownWallMs: 700 }], 4, 16);
		expect(sim).toBeCloseTo(1, 9);
	});

	it('overlapping messages each stay on screen at least about 300 ms', () => {
		expect(wallOnScreen(5, 16, [{ sendMs: 0, deliverMs: 3 }])).toBeGreaterThanOrEqual(300);
	});

	it('reads the pace as a person would: times slower or faster than real time, sensibly rounded', () => {
		// 7 members under load at the teaching pace: 0.0052 simulated s per wall s was shown "now 0.0052x", and 6e-4 "6e-4x"
		expect(paceReadout(0.0052)).toEqual({ kind: 'slower', x: '190' });
		expect(paceReadout(6e-4)).toEqual({ kind: 'slower', x: '1,700' });
		expect(paceReadout(0.00005)).toEqual({ kind: 'slower', x: '20,000' });
		expect(paceReadout(0.4)).toEqual({ kind: 'slower', x: '2.5' });
		expect(paceReadout(0.5)).toEqual({ kind: 'slower', x: '2' });
		expect(paceReadout(0.0123)).toEqual({ kind: 'slower', x: '81' });
		expect(paceReadout(1.04)).toEqual({ kind: 'real' });
		expect(paceReadout(0.96)).toEqual({ kind: 'real' });
		expect(paceReadout(3.24)).toEqual({ kind: 'faster', x: '3.2' });
		expect(paceReadout(9.97)).toEqual({ kind: 'faster', x: '10' });
		expect(paceReadout(0)).toEqual({ kind: 'none' });
		expect(paceReadout(Number.NaN)).toEqual({ kind: 'none' });
	});
});

function member(id: number, over: Partial<MemberView> = {}): MemberView {
	return {
		id, alive: true, learner: false, member: true, started: true, role: 'follower', term: 2, votedFor: null, lead: null, commitIndex: 0, appliedIndex: 0, lastIndex: 0, stableIndex: 0,
		fsyncMs: 1, fsyncP99Ms: 1, diskBusy: false, fsyncs: 0, kv: {}, revision: 0,
		electionElapsedTicks: 0, electionTimeoutTicks: 14, tickMs: 100, nextTickMs: 1050, fsyncStartMs: null, fsyncEndMs: null,
		...over
	};
}

describe('election timer', () => {
	it('runs down from the randomized timeout to the tick that fires it', () => {
		// 14 ticks of 100 ms; 4 elapsed; next tick at 1050: it fires at 1050 + 9 * 100 = 1950
		const m = member(1, { electionElapsedTicks: 4 });
		const at1000 = timerLeft(m, 1000)!;
		expect(at1000.totalMs).toBe(1400);
		expect(at1000.leftMs).toBeCloseTo(950, 9);
		expect(timerLeft(m, 1950)!.fraction).toBe(0);
		expect(timerLeft(m, 1500)!.fraction).toBeLessThan(at1000.fraction);
	});
	it('leaders and down members have none', () => {
		expect(timerLeft(member(1, { role: 'leader' }), 0)).toBeNull();
		expect(timerLeft(member(1, { alive: false, role: 'down', nextTickMs: null }), 0)).toBeNull();
	});
	it('matches the engine: a follower cut off campaigns when its timer runs out', () => {
		const c = new Cluster({ size: 3, seed: 5, preVote: false, checkQuorum: false, heartbeatMs: 100, electionMs: 1000, latencyMs: 2, jitterMs: 0, lossRate: 0, fsyncMs: 1, clientTimeoutMs: 5000 });
		c.runUntil(3000);
		const leader = c.currentLeader()!;
		const f = leader === 1 ? 2 : 1;
		c.partition([[f], [1, 2, 3].filter((x) => x !== f)]);
		c.runUntil(3001);
		const v = c.view(f);
		const left = timerLeft(v, c.nowMs)!;
		expect(v.electionTimeoutTicks).toBeGreaterThanOrEqual(10);
		expect(v.electionTimeoutTicks).toBeLessThan(20);
		// just before the deadline it is still a follower; just after, a candidate in a new term
		c.runUntil(c.nowMs + left.leftMs - 1);
		expect(c.view(f).role).toBe('follower');
		c.runUntil(c.nowMs + 2);
		expect(['candidate', 'preCandidate']).toContain(c.view(f).role);
	});
});

describe('sides, claims and dragging', () => {
	const five = [1, 2, 3, 4, 5].map((id) => member(id));
	it('gives each side its quorum verdict', () => {
		const v = sideVerdicts([[1, 2, 3], [4, 5]], five);
		expect(v.map((s) => [s.members.length, s.canCommit])).toEqual([[3, true], [2, false]]);
		const withDown = sideVerdicts([[1, 2, 3], [4, 5]], five.map((m) => (m.id === 1 ? { ...m, alive: false } : m)));
		expect(withDown[0]).toMatchObject({ alive: 2, canCommit: false });
	});
	it('knows which links are open, one way cuts included', () => {
		expect(linkOpen(1, 4, [[1, 2, 3], [4, 5]], [])).toBe(false);
		expect(linkOpen(1, 2, [[1, 2, 3], [4, 5]], [])).toBe(true);
		expect(linkOpen(1, 2, [[1, 2, 3, 4, 5]], [{ from: 1, to: 2 }])).toBe(false);
		expect(linkOpen(2, 1, [[1, 2, 3, 4, 5]], [{ from: 1, to: 2 }])).toBe(true);
	});
	it('says which of two leaders can commit', () => {
		const ms = five.map((m) => (m.id === 1 ? { ...m, role: 'leader' as const, term: 2 } : m.id === 4 ? { ...m, role: 'leader' as const, term: 3 } : m));
		const claims = leaderClaims(ms, [[1, 2], [3, 4, 5]], []);
		expect(claims.map((c) => [c.node, c.term, c.reaches, c.canCommit])).toEqual([
			[4, 3, 3, true],
			[1, 2, 2, false]
		]);
	});
	it('moves a dragged member to a side, makes a new side, or heals', () => {
		expect(moveToSide(5, [[1, 2, 3, 4, 5]], 5, 1)).toEqual([[1, 2, 3, 4], [5]]);
		expect(moveToSide(5, [[1, 2, 3], [4, 5]], 3, 1)).toEqual([[1, 2], [3, 4, 5]]);
		expect(moveToSide(5, [[1, 2, 3], [4, 5]], 1, 2)).toEqual([[2, 3], [4, 5], [1]]);
		expect(moveToSide(3, [[1, 2], [3]], 3, 0)).toBeNull();
	});
});

describe('engine view fields', () => {
	it('pairs a message send with its loss, and says where it was lost', () => {
		const c = new Cluster({ size: 3, seed: 1, preVote: false, checkQuorum: false, heartbeatMs: 100, electionMs: 1000, latencyMs: 2, jitterMs: 0, lossRate: 0, fsyncMs: 1, clientTimeoutMs: 5000 });
		c.runUntil(3000);
		const leader = c.currentLeader()!;
		const other = leader === 1 ? 2 : 1;
		const seen: { kind: string; lostAt: string | null; ref: object; from: number; to: number }[] = [];
		c.onWire((e) => seen.push({ kind: e.kind, lostAt: e.lostAt, ref: e.ref, from: e.from, to: e.to }));
		c.runUntil(3101); // heartbeats in flight
		c.cut(leader, other);
		c.runUntil(3300);
		const sendsToOther = seen.filter((e) => e.from === leader && e.to === other);
		expect(sendsToOther.some((e) => e.kind === 'drop' && e.lostAt === 'send')).toBe(true);
		const inFlightLoss = sendsToOther.find((e) => e.kind === 'drop' && e.lostAt === 'wire');
		if (inFlightLoss) expect(sendsToOther.some((e) => e.kind === 'send' && e.ref === inFlightLoss.ref)).toBe(true);
		expect(c.lastStep).not.toBeNull();
	});
	it('names a deadline that falls due: the step that times a stuck put out is the client\'s deadline, then the member\'s', () => {
		const c = new Cluster({ size: 3, seed: 4, preVote: false, checkQuorum: false, heartbeatMs: 100, electionMs: 1000, latencyMs: 2, jitterMs: 0, lossRate: 0, fsyncMs: 1, clientTimeoutMs: 2000 });
		c.runUntil(3000);
		const leader = c.currentLeader()!;
		for (let id = 1; id <= 3; id++) if (id !== leader) c.kill(id);
		const put = c.put(leader, 'k', 'v');
		const steps: { atMs: number; step: NonNullable<typeof c.lastStep> }[] = [];
		while (c.nowMs < 12_000 && c.step()) {
			const s = c.lastStep!;
			if (s.k === 'deadline') steps.push({ atMs: c.nowMs, step: s });
		}
		expect(put.status).toBe('timeout');
		expect(steps[0]).toEqual({ atMs: 5000, step: { k: 'deadline', side: 'client', ms: 2000 } });
		expect(put.returnUs).toBe(5_000_000);
		// the leader still holds the put: its own request timeout (5 s + 2 x 1 s) falls due 7 s after the put arrived
		const server = steps.find((s) => s.step.k === 'deadline' && s.step.side === 'server');
		expect(server?.step).toEqual({ k: 'deadline', side: 'server', ms: 7000 });
		expect(server!.atMs).toBeGreaterThanOrEqual(10_000);
		expect(server!.atMs).toBeLessThan(10_010);
		expect(steps.length, 'one deadline event each, nothing else was due').toBe(2);
	});
	it('shows an fsync in flight on a slow disk', () => {
		const c = new Cluster({ size: 3, seed: 2, preVote: false, checkQuorum: false, heartbeatMs: 100, electionMs: 1000, latencyMs: 2, jitterMs: 0, lossRate: 0, fsyncMs: 400, clientTimeoutMs: 5000 });
		let busy: MemberView | null = null;
		for (let t = 0; t < 4000 && !busy; t += 5) {
			c.runUntil(t);
			for (let id = 1; id <= 3; id++) if (c.view(id).fsyncStartMs !== null) busy = c.view(id);
		}
		expect(busy).not.toBeNull();
		expect(busy!.diskBusy).toBe(true);
		expect(busy!.fsyncEndMs! - busy!.fsyncStartMs!).toBeGreaterThanOrEqual(400);
	});
});
