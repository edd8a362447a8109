/**
 * Share links (src/lib/scenario/link.ts): round trips, frozen v1 payloads that must decode forever,
 * a fuzzed set of broken links that must all fail with the right LinkError, size limits, and the
 * link's moment reached by the CLI path with the same traceHash.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/lib/cluster/cluster';
import { MAX_RUN_EVENTS, overBudget } from '../../src/lib/scenario/budget';
import { GOAL_KINDS, GOAL_SPECS, type Goal } from '../../src/lib/scenario/goals';
import {
	LinkError,
	MAX_LINK_ACTIONS,
	MAX_LINK_CHARS,
	V1_EXERCISE_IDS,
	checkLinkState,
	decodeLink,
	encodeLink,
	replayLink,
	toScenarioFile,
	traceHashOf,
	type CustomExercise,
	type CustomPrediction,
	type LinkErrorCode,
	type LinkState
} from '../../src/lib/scenario/link';
import { Recording } from '../../src/lib/scenario/recording';
import { runScenario } from '../../src/lib/scenario/run';
import type { Scenario, Step } from '../../src/lib/scenario/types';
import { LIMITS } from '../../src/lib/scenario/limits';
import { validateScenario } from '../../src/lib/scenario/validate';

// ---------------------------------------------------------------------------------------------
// helpers

function codeOf(payload: string): LinkErrorCode | 'ok' {
	try {
		decodeLink(payload);
		return 'ok';
	} catch (e) {
		if (!(e instanceof LinkError)) throw new Error(`not a LinkError for ${JSON.stringify(payload.slice(0, 80))}: ${String(e)}`);
		expect(e.message.length).toBeGreaterThan(20);
		expect(e.message).not.toMatch(/[\n\r]/);
		expect(e.message).toMatch(/[.)]$/);
		return e.code;
	}
}

function errorOf(payload: string): LinkError {
	try {
		decodeLink(payload);
	} catch (e) {
		if (e instanceof LinkError) return e;
		throw e;
	}
	throw new Error('decoded');
}

/** An independent writer of v1 bodies (following the layout documented in link.ts) with a valid checksum. */
class Body {
	bytes: number[] = [];
	uint(v: number): this {
		let x = v;
		while (x >= 0x80) {
			this.bytes.push((x % 0x80) | 0x80);
			x = Math.floor(x / 0x80);
		}
		this.bytes.push(x);
		return this;
	}
	f64(v: number): this {
		const b = Buffer.alloc(8);
		b.writeDoubleBE(v, 0);
		this.bytes.push(...b);
		return this;
	}
	str(s: string): this {
		const b = Buffer.from(s, 'utf8');
		this.uint(b.length);
		this.bytes.push(...b);
		return this;
	}
	payload(version = 1): string {
		const body = Uint8Array.from(this.bytes);
		return `q${version}.${withChecksum(body, version)}~`;
	}
}

function fnv1a(bytes: Uint8Array, h0 = 0x811c9dc5): number {
	let h = h0;
	for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
	return h >>> 0;
}

/** q1: FNV-1a of the body; q2: of the version's byte, then the body. */
function withChecksum(body: Uint8Array, version = 1): string {
	const all = Buffer.alloc(body.length + 4);
	all.writeUInt32BE(version === 1 ? fnv1a(body) : fnv1a(body, fnv1a(Uint8Array.of(version))), 0);
	Buffer.from(body).copy(all, 4);
	return all.toString('base64url');
}

/** The body bytes of a real payload (checksum stripped). */
function bodyOf(payload: string): Uint8Array {
	const b = Buffer.from(payload.slice(3, -1), 'base64url');
	return new Uint8Array(b.subarray(4));
}

const scenario = (raw: unknown): Scenario => validateScenario(raw);

/** An instructor's prediction (q6): 2-4 different choices, any text (Korean, emoji, markup-like) kept as written. */
const predictionArb: fc.Arbitrary<CustomPrediction> = fc
	.record({
		question: fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }).filter((q) => q.trim().length > 0),
		choices: fc.uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('<b>OK</b>', '리더가 없습니다', 'n2에 남습니다 ✓')), {
			minLength: 2,
			maxLength: 4,
			selector: (c) => c.trim()
		}).filter((cs) => cs.every((c) => c.trim().length > 0)),
		answerAt: fc.nat(),
		explanation: fc.option(fc.string({ minLength: 1, maxLength: 60, unit: 'binary' }).filter((x) => x.trim().length > 0), { nil: undefined })
	})
	.map(({ question, choices, answerAt, explanation }) => {
		const p: CustomPrediction = { question, choices, answer: 1 + (answerAt % choices.length) };
		if (explanation !== undefined) p.explanation = explanation;
		return p;
	});

/** The typical exercise link of the brief: 5 members, a seed, a few settings, 10 actions taken live. */
const TYPICAL: LinkState = checkLinkState({
	scenario: scenario({ version: 1, seed: 1234567, cluster: { size: 5, preVote: false }, network: { latencyMs: 2 }, untilMs: 3_600_000 }),
	actions: [
		{ atMs: 1523.117, do: 'kill', node: 3 },
		{ atMs: 2811.402, do: 'put', node: 1, key: 'foo', value: 'bar' },
		{ atMs: 3320.5, do: 'partition', groups: [[1, 2], [3, 4, 5]] },
		{ atMs: 4100.75, do: 'put', node: 4, key: 'foo', value: 'baz' },
		{ atMs: 5002.001, do: 'get', node: 2, key: 'foo', serializable: true },
		{ atMs: 6000, do: 'heal' },
		{ atMs: 6500.333, do: 'restart', node: 3 },
		{ atMs: 7100.25, do: 'disk', node: 2, fsyncMs: 200 },
		{ atMs: 8200.9, do: 'watch', node: 1, key: 'foo' },
		{ atMs: 9300.125, do: 'transfer', to: 2 }
	],
	atMs: 10234.567,
	view: { lang: 'ko', speed: 2 },
	exercise: 'quorum-of-five'
});

// ---------------------------------------------------------------------------------------------
// arbitraries: valid link states

const text = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }));
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12, unit: 'binary' }));
/** times as the clock makes them (µs), round ms, and arbitrary doubles */
const time = (max: number): fc.Arbitrary<number> =>
	fc.oneof(
		fc.integer({ min: 0, max: Math.floor(Math.min(max * 1000, 1e12)) }).map((us) => Math.min(max, us / 1000)),
		fc.integer({ min: 0, max: Math.floor(max) }),
		fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0)
	);
const positive = (max: number): fc.Arbitrary<number> =>
	fc.oneof(fc.constantFrom(0.05, 0.5, 1, 10, 200), fc.double({ min: 1e-6, max, noNaN: true, noDefaultInfinity: true }));

function stepArb(size: number, at: fc.Arbitrary<number>): fc.Arbitrary<Step> {
	const node = fc.integer({ min: 1, max: size });
	const kinds: fc.Arbitrary<Step>[] = [
		fc.record({ atMs: at, do: fc.constant('kill' as const), node }),
		fc.record({ atMs: at, do: fc.constant('restart' as const), node }),
		fc.record({ atMs: at, do: fc.constant('heal' as const) }),
		fc.record({ atMs: at, do: fc.constant('disk' as const), node, fsyncMs: positive(60_000) }),
		positive(30_000).chain((fsyncMs) => fc.record({ atMs: at, do: fc.constant('disk' as const), node, fsyncMs: fc.constant(fsyncMs), p99Ms: fc.double({ min: fsyncMs, max: 60_000, noNaN: true }) })),
		fc.record({ atMs: at, do: fc.constant('put' as const), node, key: text, value }),
		fc.record({ atMs: at, do: fc.constant('get' as const), node, key: text, serializable: fc.boolean() }),
		fc.record({ atMs: at, do: fc.constant('delete' as const), node, key: text }),
		fc.record({ atMs: at, do: fc.constant('watch' as const), node, key: text }),
		fc.record({ atMs: at, do: fc.constant('watch' as const), node, key: text, fromRevision: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }),
		fc.record({ atMs: at, do: fc.constant('transfer' as const), to: node }),
		fc.record({ atMs: at, do: fc.constant('memberAdd' as const), learner: fc.boolean(), start: fc.boolean() }),
		fc.record({ atMs: at, do: fc.constant('memberAdd' as const), learner: fc.boolean(), start: fc.boolean(), endpoint: node }),
		fc.record({ atMs: at, do: fc.constant('memberPromote' as const), node }),
		fc.record({ atMs: at, do: fc.constant('memberPromote' as const), node, endpoint: node }),
		fc.record({ atMs: at, do: fc.constant('memberRemove' as const), node }),
		fc.record({ atMs: at, do: fc.constant('memberRemove' as const), node, endpoint: node }),
		fc.record({
			atMs: at,
			do: fc.constant('load' as const),
			node,
			writesPerSec: positive(10_000),
			durationMs: positive(1e6),
			keys: fc.integer({ min: 1, max: 100_000 })
		}),
		fc.record({
			atMs: at,
			do: fc.constant('load' as const),
			node,
			writesPerSec: positive(10_000),
			durationMs: positive(1e6),
			keys: fc.integer({ min: 1, max: 100_000 }),
			valueBytes: fc.integer({ min: 0, max: LIMITS.maxValueBytes })
		}),
		fc
			.shuffledSubarray(
				Array.from({ length: size }, (_, i) => i + 1),
				{ minLength: size, maxLength: size }
			)
			.chain((members) =>
				fc.array(fc.integer({ min: 1, max: size }), { maxLength: size }).map((cuts) => {
					const points = [...new Set(cuts)].sort((a, b) => a - b).filter((p) => p < size);
					const groups: number[][] = [];
					let from = 0;
					for (const p of [...points, size]) {
						if (p > from) groups.push(members.slice(from, p));
						from = p;
					}
					return groups;
				})
			)
			.chain((groups) => at.map((atMs) => ({ atMs, do: 'partition' as const, groups })))
	];
	if (size > 1) {
		kinds.push(
			fc
				.tuple(node, node)
				.filter(([a, b]) => a !== b)
				.chain(([from, to]) => at.map((atMs) => ({ atMs, do: 'cut' as const, from, to })))
		);
	}
	return fc.oneof(...kinds);
}

const goalArb: fc.Arbitrary<Goal> = fc.constantFrom(...GOAL_KINDS).chain((kind) => {
	const spec = GOAL_SPECS[kind];
	const params: Record<string, fc.Arbitrary<number>> = {};
	for (const [name, p] of Object.entries(spec.params)) {
		params[name] = p.integer ? fc.integer({ min: p.min, max: p.max }) : fc.double({ min: p.min, max: p.max, noNaN: true }).map((v) => v + 0);
	}
	return fc.record(params).map((ps) => ({ kind, params: ps }));
});

const stateArb: fc.Arbitrary<LinkState> = fc.integer({ min: 1, max: 7 }).chain((size) =>
	fc
		.record({
			seed: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff_ffff })),
			preVote: fc.boolean(),
			checkQuorum: fc.boolean(),
			heartbeatMs: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 2000 })),
			latencyMs: fc.oneof(fc.constant(0.5), time(10_000)),
			jitterMs: fc.oneof(fc.constant(0.1), time(10_000)),
			lossRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }).map((v) => v + 0)),
			fsyncMs: positive(60_000),
			diskJitterMs: fc.option(fc.oneof(fc.constant(0), time(60_000)), { nil: undefined }),
			diskP99Factor: fc.option(fc.double({ min: 1, max: 20, noNaN: true }), { nil: undefined }),
			walFsyncMs: fc.option(positive(60_000), { nil: undefined }),
			walP99Factor: fc.option(fc.double({ min: 1, max: 20, noNaN: true }), { nil: undefined }),
			writeMBps: fc.option(fc.double({ min: 0.001, max: 100_000, noNaN: true }), { nil: undefined }),
			timeoutMs: fc.oneof(fc.constant(5000), positive(600_000)),
			untilMs: fc.oneof(fc.constant(3_600_000), fc.constant(60_000), fc.double({ min: 1, max: 86_400_000, noNaN: true }))
		})
		// the ticks alone must leave room in the work budget, or no choice of steps below could pass
		// its filter and fast-check would draw forever
		.filter(
			(s) =>
				overBudget(
					scenario({ version: 1, cluster: { size, heartbeatMs: s.heartbeatMs, electionMs: Math.max(1000, 5 * s.heartbeatMs) }, untilMs: s.untilMs }),
					MAX_RUN_EVENTS / 2
				) === null
		)
		.chain((s) => {
			const electionMin = 5 * s.heartbeatMs;
			return fc
				.record({
					electionMs: fc.oneof(fc.constant(Math.max(1000, electionMin)), fc.integer({ min: electionMin, max: Math.min(50_000, 1000 * s.heartbeatMs) })),
					steps: fc.array(stepArb(size, time(s.untilMs)), { maxLength: 6 }),
					actions: fc
						.array(fc.tuple(stepArb(size, fc.constant(0)), time(50_000)), { maxLength: 12 })
						.map((list) => {
							let t = 0;
							return list.map(([step, dt]) => {
								t = Math.min(t + dt, 86_400_000);
								return { ...step, atMs: t };
							});
						}),
					scenarioActions: fc.option(
						fc.array(stepArb(size, time(Math.min(s.untilMs, 50_000))), { maxLength: 4 }).map((list) => list.sort((a, b) => a.atMs - b.atMs)),
						{ nil: undefined }
					),
					atMs: fc.oneof(fc.constant(0), time(86_400_000)),
					lang: fc.constantFrom(undefined, 'en', 'ko'),
					theme: fc.constantFrom(undefined, 'light', 'dark', 'auto'),
					speed: fc.option(fc.constantFrom(0.1, 0.25, 1, 2, 10, 3.3), { nil: undefined }),
					panels: fc.option(fc.array(fc.oneof(fc.constantFrom('time', 'cluster', 'log', 'console'), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)), { maxLength: 6 }), {
						nil: undefined
					}),
					exercise: fc.oneof(
						fc.constant({}),
						fc.constantFrom(...V1_EXERCISE_IDS).map((id) => ({ exercise: id })),
						fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/).map((id) => ({ exercise: id })),
						fc
							.record({
								title: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim().length > 0),
								en: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
								ko: fc.option(fc.string({ maxLength: 60, unit: 'binary' }), { nil: undefined }),
								goals: fc.array(goalArb, { minLength: 1, maxLength: 4 }).filter((g) => g.some((x) => x.kind !== 'clusterSizeIs')),
								sinceMs: time(100_000),
								predict: fc.option(predictionArb, { nil: undefined })
							})
							.map((c) => {
								const instructions: { en?: string; ko?: string } = {};
								if (c.en !== undefined) instructions.en = c.en;
								if (c.ko !== undefined) instructions.ko = c.ko;
								const custom: CustomExercise = { title: c.title, instructions, goals: c.goals, sinceMs: c.sinceMs };
								if (c.predict !== undefined) custom.predict = c.predict;
								return { custom };
							})
					)
				})
				// member numbers are bounded (9), and a partition after a memberAdd must list the new member: keep them apart
				.filter((r) => {
					const all = [...r.steps, ...r.actions, ...(r.scenarioActions ?? [])];
					const adds = all.filter((x) => x.do === 'memberAdd').length;
					return adds === 0 || (size + adds <= 9 && !all.some((x) => x.do === 'partition'));
				})
				.map((r) => {
					const view: LinkState['view'] = {};
					if (r.lang) view.lang = r.lang;
					if (r.theme) view.theme = r.theme;
					if (r.speed !== undefined) view.speed = r.speed;
					if (r.panels !== undefined) view.panels = r.panels;
					const raw: LinkState = {
						scenario: scenario({
							version: 1,
							seed: s.seed,
							cluster: { size, preVote: s.preVote, checkQuorum: s.checkQuorum, heartbeatMs: s.heartbeatMs, electionMs: r.electionMs },
							network: { latencyMs: s.latencyMs, jitterMs: s.jitterMs, lossRate: s.lossRate },
							disk: {
								fsyncMs: s.fsyncMs,
								...(s.diskJitterMs === undefined ? {} : { jitterMs: s.diskJitterMs }),
								...(s.diskP99Factor === undefined ? {} : { p99Ms: Math.min(LIMITS.maxFsyncMs, s.fsyncMs * s.diskP99Factor) }),
								...(s.walFsyncMs === undefined ? {} : { walFsyncMs: s.walFsyncMs }),
								...(s.walFsyncMs === undefined || s.walP99Factor === undefined ? {} : { walP99Ms: Math.min(LIMITS.maxFsyncMs, s.walFsyncMs * s.walP99Factor) }),
								...(s.writeMBps === undefined ? {} : { writeMBps: s.writeMBps })
							},
							client: { timeoutMs: s.timeoutMs },
							steps: r.steps,
							...(r.scenarioActions === undefined ? {} : { actions: r.scenarioActions }),
							untilMs: s.untilMs
						}),
						actions: r.actions,
						atMs: r.atMs,
						view,
						...r.exercise
					};
					return raw;
				})
				// the work budget refuses the heaviest states (tests/unit/budget.test.ts)
				.filter((raw) => overBudget({ ...raw.scenario, actions: raw.actions }) === null)
				.map((raw) => checkLinkState(raw));
		})
);

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// every scenario field travels: a map of the Scenario type's fields, checked by the compiler

/** Every field of T (optional ones too), down to the leaves, each marked `true`. */
type Fields<T> = { [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[] ? true : NonNullable<T[K]> extends object ? Fields<NonNullable<T[K]>> : true };
/** Every field of every kind of step. */
type StepFields = { [K in Step['do']]: Fields<Extract<Step, { do: K }>> };

// `npm run check` fails here when a field is added to Scenario or Step and not listed: list it, make
// stateArb produce it and the link codec carry it (a new link version if it needs new bits).
const SCENARIO_FIELDS: Fields<Scenario> = {
	version: true,
	seed: true,
	cluster: { size: true, preVote: true, checkQuorum: true, heartbeatMs: true, electionMs: true },
	network: { latencyMs: true, jitterMs: true, lossRate: true },
	disk: { fsyncMs: true, jitterMs: true, p99Ms: true, walFsyncMs: true, walP99Ms: true, writeMBps: true },
	client: { timeoutMs: true },
	steps: true,
	actions: true,
	untilMs: true
};
const STEP_FIELDS: StepFields = {
	kill: { atMs: true, do: true, node: true },
	restart: { atMs: true, do: true, node: true },
	partition: { atMs: true, do: true, groups: true },
	cut: { atMs: true, do: true, from: true, to: true },
	heal: { atMs: true, do: true },
	disk: { atMs: true, do: true, node: true, fsyncMs: true, p99Ms: true },
	put: { atMs: true, do: true, node: true, key: true, value: true },
	get: { atMs: true, do: true, node: true, key: true, serializable: true },
	delete: { atMs: true, do: true, node: true, key: true },
	watch: { atMs: true, do: true, node: true, key: true, fromRevision: true },
	transfer: { atMs: true, do: true, to: true },
	load: { atMs: true, do: true, node: true, writesPerSec: true, durationMs: true, keys: true, valueBytes: true },
	memberAdd: { atMs: true, do: true, learner: true, start: true, endpoint: true },
	memberPromote: { atMs: true, do: true, node: true, endpoint: true },
	memberRemove: { atMs: true, do: true, node: true, endpoint: true }
};

// the same for an instructor's exercise: a field added to CustomExercise must be listed here, produced
// by stateArb and carried by the link codec
const CUSTOM_FIELDS: Fields<CustomExercise> = {
	title: true,
	instructions: { en: true, ko: true },
	goals: true,
	sinceMs: true,
	predict: { question: true, choices: true, answer: true, explanation: true }
};

/** The dotted paths of a field map's leaves. */
function leaves(map: object, prefix = ''): string[] {
	return Object.entries(map).flatMap(([k, v]) => (v === true ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));
}

/** The dotted paths a value holds (arrays are leaves). */
function present(value: object, prefix = ''): string[] {
	return Object.entries(value).flatMap(([k, v]) =>
		typeof v === 'object' && v !== null && !Array.isArray(v) ? present(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]
	);
}

describe('links carry every scenario field', () => {
	it('the generator produces every field of the Scenario type and of every kind of step', () => {
		const states = fc.sample(stateArb, { numRuns: 400, seed: 7 });
		const seen = new Set<string>();
		for (const st of states) {
			for (const p of present(st.scenario)) seen.add(p);
			for (const step of [...st.scenario.steps, ...st.actions, ...(st.scenario.actions ?? [])]) for (const p of present(step)) seen.add(`${step.do}:${p}`);
		}
		for (const p of leaves(SCENARIO_FIELDS)) expect(seen, p).toContain(p);
		const seenCustom = new Set(states.flatMap((st) => (st.custom ? present(st.custom) : [])));
		for (const p of leaves(CUSTOM_FIELDS)) expect(seenCustom, `custom.${p}`).toContain(p);
		for (const [kind, fields] of Object.entries(STEP_FIELDS)) for (const p of leaves(fields)) expect(seen, `${kind}:${p}`).toContain(`${kind}:${p}`);
	});

	it('disk.jitterMs and the scenario’s own actions survive a link (the v1 format dropped them)', () => {
		const s = scenario({ version: 1, cluster: { size: 3 }, disk: { fsyncMs: 2, jitterMs: 0.7 }, actions: [{ atMs: 5, do: 'kill', node: 2 }], untilMs: 60_000 });
		const back = decodeLink(encodeLink({ scenario: s, actions: [], atMs: 0, view: {} }));
		expect(back.scenario.disk).toEqual({ fsyncMs: 2, jitterMs: 0.7 });
		expect(back.scenario.actions).toEqual([{ atMs: 5, do: 'kill', node: 2 }]);
		expect(back.scenario).toEqual(s);
	});

	it('disk.writeMBps and a load\'s valueBytes travel as q5; a link without them stays q4', () => {
		const s = scenario({
			version: 1,
			cluster: { size: 3 },
			disk: { fsyncMs: 2, writeMBps: 150 },
			steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 2000, keys: 10, valueBytes: 15_000 }],
			untilMs: 60_000
		});
		const payload = encodeLink({ scenario: s, actions: [], atMs: 0, view: {} });
		expect(payload.startsWith('q5.')).toBe(true);
		expect(decodeLink(payload).scenario).toEqual(s);
		const plain = scenario({ version: 1, cluster: { size: 3 }, steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 2000, keys: 10 }], untilMs: 60_000 });
		expect(encodeLink({ scenario: plain, actions: [], atMs: 0, view: {} }).startsWith('q4.')).toBe(true);
	});

	it('a q1 body that sets a q2-only scenario bit is refused', () => {
		expect(codeOf(new Body().uint(0).uint(3).uint(1 << 12).uint(4).payload(1))).toBe('corrupt');
		expect(decodeLink(new Body().uint(0).uint(3).uint(1 << 12).uint(4).payload(2)).scenario.disk).toEqual({ fsyncMs: 1, jitterMs: 1 });
	});
});

describe('round trip', () => {
	it('random valid link states encode and decode to equal states (and re-encode to the same payload)', () => {
		fc.assert(
			fc.property(stateArb, (state) => {
				const payload = encodeLink(state);
				// q4 unless the state carries what only q5 can (a disk bandwidth, a load's valueBytes) or q6 (a prediction)
				expect(payload).toMatch(/^q[456]\.[A-Za-z0-9_-]+~$/);
				expect(payload.startsWith('q6.')).toBe(state.custom?.predict !== undefined);
				expect(payload.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
				const back = decodeLink(payload);
				expect(back).toEqual(state);
				expect(encodeLink(back)).toBe(payload);
			}),
			{ numRuns: 300, seed: 225083 }
		);
	}, 120_000);

	it('accepts a leading # and surrounding spaces', () => {
		const p = encodeLink(TYPICAL);
		expect(decodeLink(`#${p}`)).toEqual(TYPICAL);
		expect(decodeLink(`  ${p}\n`)).toEqual(TYPICAL);
	});

	it('keys such as __proto__ stay plain data', () => {
		const s = checkLinkState({
			...TYPICAL,
			actions: [{ atMs: 1, do: 'put', node: 1, key: '__proto__', value: '{"polluted":true}' }],
			exercise: undefined,
			custom: { title: 'constructor', instructions: { en: '__proto__' }, goals: [{ kind: 'watchCanceledNoLeader', params: {} }], sinceMs: 0 }
		});
		const back = decodeLink(encodeLink(s));
		expect(back).toEqual(s);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('compact', () => {
	it(`a typical exercise link fits in a chat message (< 300 characters)`, () => {
		const p = encodeLink(TYPICAL);
		console.log(`typical exercise link (${p.length} characters): https://example.org/#${p}`);
		expect(p.length).toBeLessThan(300);
	});

	it('a fresh playground link is tiny', () => {
		const p = encodeLink({ scenario: scenario({ version: 1, seed: 1, cluster: { size: 3 }, untilMs: 3_600_000 }), actions: [], atMs: 0, view: {} });
		expect(p.length).toBeLessThan(20);
	});
});

describe('frozen v1 payloads decode forever', () => {
	// Made by the first v1 encoder. Never edit these: a later version must still read them as written.
	const FIXTURES: { payload: string; state: unknown }[] = [
		{
			payload: 'q1.s-RUCgADAQE~',
			state: {
				scenario: {
					version: 1,
					seed: 1,
					cluster: { size: 3, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
					network: { latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 },
					disk: { fsyncMs: 1 },
					client: { timeoutMs: 5000 },
					steps: [],
					untilMs: 3600000
				},
				actions: [],
				atMs: 0,
				view: {}
			}
		},
		{
			payload:
				'q1.md06QvICBSOHrUsICgO17fMCMfXCugIDZm9vA2JhchCppXwFAgUGCAs06b6-AQNmb28DYmF6Qo2E3AEDZm9vIL3T8wELtZN6KrW7kgGgBlGp24wCA2ZvbwBa5a6MAp3WwhMIAQ~',
			state: {
				scenario: {
					version: 1,
					seed: 1234567,
					cluster: { size: 5, preVote: false, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
					network: { latencyMs: 2, jitterMs: 0.1, lossRate: 0 },
					disk: { fsyncMs: 1 },
					client: { timeoutMs: 5000 },
					steps: [],
					untilMs: 3600000
				},
				actions: [
					{ atMs: 1523.117, do: 'kill', node: 3 },
					{ atMs: 2811.402, do: 'put', node: 1, key: 'foo', value: 'bar' },
					{ atMs: 3320.5, do: 'partition', groups: [[1, 2], [3, 4, 5]] },
					{ atMs: 4100.75, do: 'put', node: 4, key: 'foo', value: 'baz' },
					{ atMs: 5002.001, do: 'get', node: 2, key: 'foo', serializable: true },
					{ atMs: 6000, do: 'heal' },
					{ atMs: 6500.333, do: 'restart', node: 3 },
					{ atMs: 7100.25, do: 'disk', node: 2, fsyncMs: 200 },
					{ atMs: 8200.9, do: 'watch', node: 1, key: 'foo' },
					{ atMs: 9300.125, do: 'transfer', to: 2 }
				],
				atMs: 10234.567,
				view: { lang: 'ko', speed: 2 },
				exercise: 'quorum-of-five'
			}
		},
		{
			payload: 'q1.m9oW2IACA4EYAYDTDgFhoB9Q4LMOCgc~',
			state: {
				scenario: {
					version: 1,
					seed: 1,
					cluster: { size: 3, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
					network: { latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 },
					disk: { fsyncMs: 1 },
					client: { timeoutMs: 5000 },
					steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 20, durationMs: 59000, keys: 10 }],
					untilMs: 60000
				},
				actions: [],
				atMs: 0,
				view: {},
				exercise: 'slow-leader-disk'
			}
		},
		{
			payload:
				'q1.rlYJV7kFBYEQKgFi0A_RhgPgXQcGUqAfA2EvYgMZAARLAkCTSkWE-3zkA2EvYi3h77oByQFh0A-QA9APAyDQD7BtAwIGAAtlbWJlZC1leHRyYSTrpqzrjZTrpbwg6rOg66a97Iuc7LycIOuztOyEuOyalCDinJMDH0N1dCB0aGUgbGVhZGVyIG9mZi4KVGhlbiB3cml0ZS4266as642U66W8IOyGjOyImCDsqr3sl5Ag65GQ6rOgIOyTsOq4sOulvCDrs7TrgrTshLjsmpQusG0DBgIEBcC4Ag~',
			state: {
				scenario: {
					version: 1,
					seed: 42,
					cluster: { size: 5, preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 },
					network: { latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 },
					disk: { fsyncMs: 1 },
					client: { timeoutMs: 5000 },
					steps: [{ atMs: 500, do: 'load', node: 2, writesPerSec: 12.5, durationMs: 3000, keys: 7 }],
					untilMs: 3600000
				},
				actions: [
					{ atMs: 1000, do: 'watch', node: 2, key: 'a/b', fromRevision: 3 },
					{ atMs: 1000, do: 'cut', from: 1, to: 4 },
					{ atMs: 1234.5678901, do: 'delete', node: 3, key: 'a/b' },
					{ atMs: 2000, do: 'disk', node: 5, fsyncMs: 0.05 },
					{ atMs: 2500, do: 'load', node: 1, writesPerSec: 100, durationMs: 500, keys: 3 },
					{ atMs: 3000, do: 'heal' }
				],
				atMs: 3500,
				view: { lang: 'en', panels: ['cluster', 'console', 'embed-extra'], theme: 'dark' },
				custom: {
					title: '리더를 고립시켜 보세요 ✓',
					instructions: { en: 'Cut the leader off.\nThen write.', ko: '리더를 소수 쪽에 두고 쓰기를 보내세요.' },
					goals: [
						{ kind: 'minorityLeaderCannotCommit', params: {} },
						{ kind: 'putSucceededWithMembersDown', params: { down: 1 } },
						{ kind: 'leaderElectedAfterLeaderKilled', params: { withinMs: 10000 } }
					],
					sinceMs: 3500
				}
			}
		},
		{
			payload: 'q1.uAGhXvwCB_0f_____w_IAdAP6QcAKckB4NoBgPEEAj8AAWsQ0cQYBw8CBAcICg0BMQUJX19wcm90b19fB3siYSI6MX3RD-kHAA9teS1vd24tZXhlcmNpc2U~',
			state: {
				scenario: {
					version: 1,
					seed: 4294967295,
					cluster: { size: 7, preVote: true, checkQuorum: false, heartbeatMs: 50, electionMs: 500 },
					network: { latencyMs: 0.25, jitterMs: 0, lossRate: 0.01 },
					disk: { fsyncMs: 0.05 },
					client: { timeoutMs: 7000 },
					steps: [
						{ atMs: 0, do: 'get', node: 7, key: 'k', serializable: false },
						{ atMs: 100.5, do: 'partition', groups: [[7], [1, 2, 3], [4, 5, 6]] }
					],
					untilMs: 20000
				},
				actions: [{ atMs: 0.001, do: 'put', node: 1, key: '__proto__', value: '{"a":1}' }],
				atMs: 0.5,
				view: { speed: 0.25, theme: 'auto' },
				exercise: 'my-own-exercise'
			}
		}
	];

	it.each(FIXTURES.map((f, i) => [i, f] as const))('fixture %i', (_i, f) => {
		expect(decodeLink(f.payload)).toEqual(f.state);
	});

	it('a goal written by name (as a later v1 writer may) decodes, and an unknown one is "future"', () => {
		const known = new Body().uint(1 << 9).uint(3).uint(0).str('t').uint(0).uint(0).uint(1).uint(0).str('watchCanceledNoLeader').uint(0).payload();
		expect(decodeLink(known).custom?.goals).toEqual([{ kind: 'watchCanceledNoLeader', params: {} }]);
		const withParam = new Body().uint(1 << 9).uint(3).uint(0).str('t').uint(0).uint(0).uint(1).uint(0).str('clusterSizeIs').uint(1).str('n').uint(3 * 4).payload();
		expect(codeOf(withParam)).toBe('invalid'); // clusterSizeIs alone needs no action
		const future = new Body().uint(1 << 9).uint(3).uint(0).str('t').uint(0).uint(0).uint(1).uint(0).str('quorumLostForever').uint(0).payload();
		expect(codeOf(future)).toBe('future');
	});
});

describe("an instructor's prediction (link format q6)", () => {
	const base = (predict?: unknown): LinkState =>
		({
			scenario: scenario({ version: 1, seed: 5, cluster: { size: 3 }, untilMs: 3_600_000 }),
			actions: [{ atMs: 1500, do: 'kill', node: 2 }],
			atMs: 1500,
			view: {},
			custom: {
				title: 'Two down',
				instructions: { en: 'Stop n3 too, then put to n1.' },
				goals: [{ kind: 'putRefusedWithAliveMembers', params: { min: 1 } }],
				sinceMs: 1500,
				...(predict === undefined ? {} : { predict })
			}
		}) as LinkState;
	const GOOD = { question: 'What does etcdctl put print?', choices: ['OK', 'a timeout', 'no leader'], answer: 2, explanation: 'Quorum is 2 of 3.' };

	it('travels as q6, as written; the same exercise without one stays q4', () => {
		const payload = encodeLink(base(GOOD));
		expect(payload.startsWith('q6.')).toBe(true);
		expect(decodeLink(payload).custom?.predict).toEqual(GOOD);
		expect(encodeLink(base()).startsWith('q4.')).toBe(true);
		expect(decodeLink(encodeLink(base())).custom?.predict).toBeUndefined();
		// no explanation, or a blank one: none
		const { explanation: _drop, ...bare } = GOOD;
		expect(decodeLink(encodeLink(base(bare))).custom?.predict).toEqual(bare);
		expect(checkLinkState(base({ ...GOOD, explanation: '  \n' })).custom?.predict).toEqual(bare);
	});

	it('a frozen q6 payload decodes forever (markup stays text)', () => {
		const FROZEN =
			'q6.PT_Yg7IEAwEFAQLwLvAuE-qzvOuwmOydtCDrgqjsnLzrqbQCLm4z64-EIOupiOy2mCDrkqQgbjHsl5Ag7JOw6riw66W8IOuztOuCtOyEuOyalC7wLgEBBAM065GY7J20IOupiOy2lOuptCBldGNkY3RsIHB1dOydgCDslrTrlrvqsowg65Cg6rmM7JqUPwJPSw48Yj50aW1lb3V0PC9iPhbrpqzrjZTqsIAg7JeG7Iq164uI64ukAhFRdW9ydW0gaXMgMiBvZiAzLg~';
		const st = decodeLink(FROZEN);
		expect(st.view).toEqual({ lang: 'ko' });
		expect(st.custom).toEqual({
			title: '과반이 남으면',
			instructions: { ko: 'n3도 멈춘 뒤 n1에 쓰기를 보내세요.' },
			goals: [{ kind: 'putRefusedWithAliveMembers', params: { min: 1 } }],
			sinceMs: 1500,
			predict: { question: '둘이 멈추면 etcdctl put은 어떻게 될까요?', choices: ['OK', '<b>timeout</b>', '리더가 없습니다'], answer: 2, explanation: 'Quorum is 2 of 3.' }
		});
		expect(encodeLink(st)).toBe(FROZEN);
	});

	it('bad predictions are refused, naming the field', () => {
		const field = (predict: unknown): string | null => {
			try {
				checkLinkState(base(predict));
			} catch (e) {
				if (!(e instanceof LinkError)) throw e;
				expect(e.code).toBe('invalid');
				expect(e.message).toContain(e.field ?? '?');
				return e.field;
			}
			return null;
		};
		expect(field(GOOD)).toBeNull();
		expect(field('a question')).toBe('custom.predict');
		expect(field(['a', 'b'])).toBe('custom.predict');
		expect(field({ ...GOOD, question: '   ' })).toBe('custom.predict.question');
		expect(field({ ...GOOD, question: 'x'.repeat(501) })).toBe('custom.predict.question');
		expect(field({ ...GOOD, question: 7 })).toBe('custom.predict.question');
		expect(field({ ...GOOD, choices: ['only one'], answer: 1 })).toBe('custom.predict.choices');
		expect(field({ ...GOOD, choices: ['a', 'b', 'c', 'd', 'e'] })).toBe('custom.predict.choices');
		expect(field({ ...GOOD, choices: 'a, b' })).toBe('custom.predict.choices');
		expect(field({ ...GOOD, choices: ['a', ' '] })).toBe('custom.predict.choices[1]');
		expect(field({ ...GOOD, choices: ['a', 'b', 'y'.repeat(201)] })).toBe('custom.predict.choices[2]');
		expect(field({ ...GOOD, choices: ['OK', 'no leader', ' OK '] })).toBe('custom.predict.choices[2]');
		for (const answer of [0, 4, 1.5, '2', -1, null]) expect(field({ ...GOOD, answer }), String(answer)).toBe('custom.predict.answer');
		expect(field({ ...GOOD, explanation: 'z'.repeat(2001) })).toBe('custom.predict.explanation');
		expect(field({ ...GOOD, explanation: 5 })).toBe('custom.predict.explanation');
		expect(() => encodeLink(base({ ...GOOD, answer: 9 }))).toThrow(/custom\.predict\.answer: expected the number of the right choice, from 1 to 3/);
	});

	/** A q6 body (written by hand, per the layout in link.ts): a custom exercise with a prediction. */
	const handMade = (version: number, predict: (b: Body) => Body): string =>
		predict(new Body().uint(1 << 9).uint(3).uint(0).str('t').uint(1).str('Do it.').uint(0).uint(1).uint(13)).payload(version);

	it('a link with a bad prediction fails as invalid, naming the field; older formats carry none', () => {
		expect(decodeLink(handMade(6, (b) => b.uint(2).str('Q?').str('yes').str('no').uint(1).str(''))).custom?.predict).toEqual({ question: 'Q?', choices: ['yes', 'no'], answer: 1 });
		expect(decodeLink(handMade(6, (b) => b.uint(0))).custom?.predict).toBeUndefined();
		let e = errorOf(handMade(6, (b) => b.uint(3).str('Q?').str('a').str('b').str('c').uint(5).str('')));
		expect([e.code, e.field]).toEqual(['invalid', 'custom.predict.answer']);
		e = errorOf(handMade(6, (b) => b.uint(1).str('Q?').str('a').uint(1).str('')));
		expect([e.code, e.field]).toEqual(['invalid', 'custom.predict.choices']);
		e = errorOf(handMade(6, (b) => b.uint(9).str('Q?')));
		expect([e.code, e.field]).toEqual(['invalid', 'custom.predict.choices']);
		e = errorOf(handMade(6, (b) => b.uint(2).str('').str('a').str('b').uint(1).str('')));
		expect([e.code, e.field]).toEqual(['invalid', 'custom.predict.question']);
		// cut inside the prediction, and a q5 link with prediction bytes after its end
		expect(codeOf(handMade(6, (b) => b.uint(2).str('Q?').str('a')))).toBe('corrupt');
		expect(codeOf(handMade(5, (b) => b.uint(2).str('Q?').str('a').str('b').uint(1).str('')))).toBe('corrupt');
		expect(decodeLink(handMade(5, (b) => b)).custom?.predict).toBeUndefined();
	});
});

describe('broken links', () => {
	const real = encodeLink(TYPICAL);
	const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

	it('empty', () => {
		expect(codeOf('')).toBe('empty');
		expect(codeOf('#')).toBe('empty');
		expect(codeOf('   ')).toBe('empty');
	});

	it('truncated at every position', () => {
		for (let k = 1; k < real.length; k++) expect(codeOf(real.slice(0, k)), `cut at ${k}`).toBe('truncated');
		expect(errorOf(real.slice(0, 40)).message).toMatch(/incomplete/);
	});

	it('one character changed, at every position', () => {
		const others = [...B64, '~', '.', '!', '%', ' ', '한', '\u0000'];
		for (let i = 0; i < real.length; i++) {
			for (const c of others) {
				if (c === real[i]) continue;
				const changed = real.slice(0, i) + c + real.slice(i + 1);
				let want: LinkErrorCode;
				if (i === 0) want = 'corrupt';
				else if (i === 1) want = c >= '7' && c <= '9' ? 'future' : c === '1' || c === '2' || c === '3' || c === '5' || c === '6' ? 'tampered' : 'corrupt';
				else if (i === 2) want = 'corrupt';
				else if (i === real.length - 1) want = 'truncated';
				else want = B64.includes(c) ? 'tampered' : 'corrupt';
				if (c === ' ' && (i === 0 || i === real.length - 1)) continue; // trimmed away: cut or not a link
				expect(codeOf(changed), `position ${i} -> ${JSON.stringify(c)}`).toBe(want);
			}
		}
	});

	it('random byte flips in the decoded bytes are caught by the checksum', () => {
		const bytes = Buffer.from(real.slice(3, -1), 'base64url');
		fc.assert(
			fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
				const b = Buffer.from(bytes);
				b[i] ^= x;
				expect(codeOf(`q2.${b.toString('base64url')}~`)).toBe('tampered');
			}),
			{ numRuns: 500, seed: 854785 }
		);
	});

	it('random strings never escape as another exception', () => {
		const codes = new Set<string>(['empty', 'truncated', 'corrupt', 'tampered', 'future', 'tooLarge', 'invalid']);
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map((s) => `q1.${s}`), fc.string().map((s) => `q1.${s}~`)), (s) => {
				expect(codes.has(codeOf(s))).toBe(true);
			}),
			{ numRuns: 2000, seed: 253911 }
		);
	});

	it('random bodies with a valid checksum fail as corrupt, invalid or future, never otherwise', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
				const code = codeOf(`q1.${withChecksum(body)}~`);
				expect(['corrupt', 'invalid', 'future', 'ok']).toContain(code);
			}),
			{ numRuns: 3000, seed: 530228 }
		);
	});

	it('future versions', () => {
		expect(codeOf(`q7.${real.slice(3)}`)).toBe('future');
		expect(codeOf('q10.AAAA~')).toBe('future');
		expect(codeOf('q999999.x')).toBe('future');
		expect(errorOf('q7.AAAA~').message).toMatch(/newer version of Quorum Playground/);
		expect(codeOf('q0.AAAA~')).toBe('corrupt');
		expect(codeOf('q01.AAAA~')).toBe('corrupt');
	});

	it('oversized payloads are refused before any work', () => {
		expect(codeOf(`q1.${'A'.repeat(MAX_LINK_CHARS)}~`)).toBe('tooLarge');
		expect(codeOf('x'.repeat(10_000_000))).toBe('tooLarge');
		expect(errorOf(`q1.${'A'.repeat(MAX_LINK_CHARS)}~`).message).toMatch(/too large/);
	});

	it('a state too large for a link is refused when encoding', () => {
		const actions: Step[] = Array.from({ length: 200 }, (_, i) => ({ atMs: i, do: 'put', node: 1, key: `k${i}`, value: 'v'.repeat(100) }));
		expect(() => encodeLink({ ...TYPICAL, actions })).toThrow(expect.objectContaining({ code: 'tooLarge' }));
	});

	it('more than 2,000 actions are refused before they are read', () => {
		const p = new Body()
			.uint(1 << 4)
			.uint(3)
			.uint(0)
			.uint(MAX_LINK_ACTIONS + 1)
			.payload();
		const e = errorOf(p);
		expect(e.code).toBe('invalid');
		expect(e.message).toMatch(/2000 actions/);
		const tooMany: Step[] = Array.from({ length: MAX_LINK_ACTIONS + 1 }, () => ({ atMs: 1, do: 'heal' }));
		expect(() => encodeLink({ ...TYPICAL, actions: tooMany })).toThrow(expect.objectContaining({ code: 'invalid' }));
		const max: Step[] = Array.from({ length: MAX_LINK_ACTIONS }, () => ({ atMs: 1, do: 'heal' }));
		expect(decodeLink(encodeLink({ ...TYPICAL, actions: max })).actions).toHaveLength(MAX_LINK_ACTIONS);
	});

	it('well-formed but meaningless content with a valid checksum is "invalid", naming the field', () => {
		// member 5 in a 3-member cluster
		let e = errorOf(new Body().uint(1 << 4).uint(3).uint(0).uint(1).uint(0 * 8 + 5).uint(4000).payload());
		expect(e.code).toBe('invalid');
		expect(e.field).toBe('actions[0].node');
		expect(e.message).toMatch(/member 5 does not exist in a 3-member cluster/);
		// the scenario's size byte changed to 9 (checksum recomputed)
		const body = bodyOf(encodeLink({ ...TYPICAL, exercise: undefined }));
		expect(body[1]).toBe(5);
		body[1] = 9;
		e = errorOf(`q1.${withChecksum(body)}~`);
		expect(e.code).toBe('invalid');
		expect(e.field).toBe('scenario.cluster.size');
		// actions going back in time (the second one's time written as an absolute float64)
		e = errorOf(new Body().uint(1 << 4).uint(3).uint(0).uint(2).uint(4 * 8).uint(400 * 4).uint(4 * 8).uint(2).f64(100).payload());
		expect(e.code).toBe('invalid');
		expect(e.field).toBe('actions[1].atMs');
		// a float64 cut short
		expect(codeOf(new Body().uint(1 << 4).uint(3).uint(0).uint(1).uint(4 * 8).uint(2).payload())).toBe('corrupt');
		// an election timeout below 5 heartbeats
		e = errorOf(new Body().uint(0).uint(3).uint(1 << 4).uint(100 * 4).payload());
		expect(e.code).toBe('invalid');
		expect(e.field).toBe('scenario.cluster.electionMs');
		// a built-in exercise and a custom one together
		const both = new Body()
			.uint((1 << 8) | (1 << 9))
			.uint(3)
			.uint(0)
			.uint(1)
			.str('t')
			.uint(0)
			.uint(0)
			.uint(1)
			.uint(13)
			.payload();
		expect(codeOf(both)).toBe('invalid');
		// trailing bytes after a complete body
		expect(codeOf(new Body().uint(0).uint(3).uint(0).uint(0).payload())).toBe('corrupt');
		// unknown flag bits
		expect(codeOf(new Body().uint(1 << 12).uint(3).uint(0).payload())).toBe('corrupt');
	});
});

// ---------------------------------------------------------------------------------------------

/** A session's way to reach a moment: the recording run to it in uneven frames. */
function sessionLike(state: LinkState, frames: readonly number[]): Cluster {
	const rec = new Recording(state.scenario, state.actions);
	for (const f of frames) if (f < state.atMs) rec.runTo(f);
	rec.runTo(state.atMs);
	return rec.cluster;
}

/** What the CLI prints as traceHash for a scenario file. */
function runFileWithActions(file: ReturnType<typeof toScenarioFile>): string {
	return runScenario(validateScenario(JSON.parse(JSON.stringify(file)))).report.traceHash;
}

describe('a link reaches the same state as the CLI', () => {
	const withLoad = checkLinkState({
		...TYPICAL,
		scenario: scenario({ version: 1, seed: 3, cluster: { size: 3 }, steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: 3000, keys: 5 }], untilMs: 60_000 }),
		actions: [
			{ atMs: 1500, do: 'kill', node: 2 },
			{ atMs: 1750, do: 'put', node: 1, key: 'x', value: 'y' },
			{ atMs: 2000, do: 'load', node: 3, writesPerSec: 50, durationMs: 1000, keys: 2 },
			{ atMs: 2500, do: 'restart', node: 2 }
		],
		atMs: 5000
	});

	it('the typical link: traceHashOf equals runScenario on the equivalent scenario file', () => {
		const file = toScenarioFile(TYPICAL);
		expect(file.actions).toBeUndefined();
		expect(file.untilMs).toBe(TYPICAL.atMs);
		const report = runScenario(validateScenario(JSON.parse(JSON.stringify(file)))).report;
		expect(report.traceHash).toBe(traceHashOf(TYPICAL));
		expect(sessionLike(TYPICAL, [100, 1523.117, 2000.5, 4100.75, 9000]).trace.hex()).toBe(traceHashOf(TYPICAL));
	});

	it('random states without load: merged steps give the same traceHash', () => {
		fc.assert(
			fc.property(
				stateArb.filter(
					(s) => s.scenario.cluster.size <= 5 && s.scenario.cluster.heartbeatMs >= 50 && ![...s.scenario.steps, ...s.actions].some((x) => x.do === 'load')
				),
				fc.double({ min: 0, max: 8000, noNaN: true }),
				(raw, at) => {
					const state = { ...raw, atMs: at };
					const file = toScenarioFile(state);
					expect(file.actions).toBeUndefined();
					expect(runScenario(validateScenario(file)).report.traceHash).toBe(traceHashOf(state));
				}
			),
			{ numRuns: 40, seed: 594530 }
		);
	}, 120_000);

	it('with load generators the actions are kept apart and replay the Session way', () => {
		const file = toScenarioFile(withLoad);
		expect(file.actions).toHaveLength(4);
		expect(runFileWithActions(file)).toBe(traceHashOf(withLoad));
		expect(sessionLike(withLoad, [900, 1499, 1750, 2001, 4000]).trace.hex()).toBe(traceHashOf(withLoad));
		expect(replayLink(withLoad).nowMs).toBe(5000);
	});

	it('a link at time 0 maps to a file that runs the clock to 0', () => {
		const at0 = checkLinkState({ ...TYPICAL, atMs: 0 });
		const file = toScenarioFile(at0);
		expect(file.untilMs).toBeGreaterThan(0);
		expect(runScenario(validateScenario(file)).report.traceHash).toBe(traceHashOf(at0));
	});

	it('the real CLI process prints the same traceHash', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'qp-link-'));
		try {
			const path = join(dir, 'link.json');
			writeFileSync(path, JSON.stringify(toScenarioFile(TYPICAL), null, 2));
			const ROOT = fileURLToPath(new URL('../..', import.meta.url));
			const out = await new Promise<string>((resolve, reject) => {
				const child = spawn(process.execPath, [join(ROOT, 'src', 'cli', 'launch.mjs'), 'sim', path], {
					cwd: ROOT,
					stdio: ['ignore', 'pipe', 'pipe'],
					env: { ...process.env, NODE_OPTIONS: '' }
				});
				const chunks: Buffer[] = [];
				child.stdout.on('data', (b: Buffer) => chunks.push(b));
				child.on('error', reject);
				child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`exit ${code}`))));
			});
			expect((JSON.parse(out) as { traceHash: string }).traceHash).toBe(traceHashOf(TYPICAL));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 30_000);
});
