/**
 * Share links: any moment of the playground (scenario, the user's actions, the time shown, the
 * view, an exercise) as a URL fragment, and back.
 *
 *     payload := "q" VERSION "." base64url(checksum body) "~"
 *
 * - VERSION is 1 here. A reader keeps every older version's decoder (decodeLink of a v1 payload
 *   must work forever; tests/unit/link.test.ts holds frozen v1 payloads) and refuses a newer one
 *   with code 'future'.
 * - checksum: 32-bit FNV-1a of the body bytes, big-endian, so changed or damaged links are told
 *   apart ('tampered') from cut ones: the closing "~" is missing from any proper prefix
 *   ('truncated').
 * - body: a compact binary form (layout below): defaults omitted, numbers as varints (times in ms
 *   or µs when exact, float64 otherwise), action times as deltas, small tables for known names.
 *   A typical exercise link (5 members, a seed, a few settings, 10 actions) is about 140 characters.
 *
 * Decoding never throws anything but LinkError, never evaluates anything, builds objects only with
 * fixed keys (no "__proto__" can reach a prototype), checks the size before any work and bounds every
 * count by the bytes left. Every decoded scenario goes through validateScenario, and the actions
 * through the same step rules, so a well-formed but meaningless link fails as 'invalid' naming the
 * field. Everything here is synchronous and dependency-free (Node 20 and browsers alike).
 *
 * v1 body layout (uint: unsigned LEB128 varint, at most 2^53-1; str: uint byte length + WTF-8;
 * num: uint u, and with q = floor(u/4): u%4 = 0: q, 1: q/1000, 2: a big-endian float64 follows (u = 2)):
 *
 *     body     := flags:uint scenario [actions] [atMs:num] [speed:num] [panels] [exercise] [custom]
 *     flags    := lang (bits 0-1: none|en|ko) theme (bits 2-3: none|light|dark|auto) and presence bits:
 *                 4 actions, 5 atMs (absent = 0), 6 speed, 7 panels, 8 exercise, 9 custom
 *     scenario := size:uint mask:uint then, for each mask bit set, in bit order: 0 seed:uint,
 *                 1 preVote flipped, 2 checkQuorum flipped (no value), 3 heartbeatMs, 4 electionMs,
 *                 5 latencyMs, 6 jitterMs, 7 lossRate, 8 fsyncMs, 9 timeoutMs, 10 untilMs (num each),
 *                 11 steps: count:uint (head:uint atMs:num fields)*
 *     actions  := count:uint (head:uint time fields)*   time: uint u, q = floor(u/4), u%4 = 0: previous
 *                 atMs + q, 1: (round(previous*1000) + q) / 1000, 2: a float64 follows (absolute)
 *     head     := code*8 + member (member: node; from for cut; to for transfer; 0 otherwise), code in
 *                 kill restart partition cut heal disk put get(linearizable) get(serializable)
 *                 delete watch transfer load
 *     fields   := partition: count:uint (member*2 + endOfGroup:uint)*; cut: to:uint; disk: fsyncMs:num;
 *                 put: key:str value:str; get/delete: key:str; watch: key:str fromRevision:uint (0 none);
 *                 load: writesPerSec:num durationMs:num keys:uint
 *     panels   := count:uint name*      exercise := name      name := uint i (0: str follows, else TABLE[i-1])
 *     custom   := title:str langs:uint (bit 0 en, bit 1 ko) [en:str] [ko:str] sinceMs:num count:uint goal*
 *     goal     := uint i (0: kind:str count:uint (param:str value:num)*, else V1_GOALS[i-1] then its params:num)
 *
 * Defaults and tables below are frozen for v1: never edit them (a new name is written as a string;
 * a new field needs a new version).
 */
import type { Cluster } from '../cluster/cluster';
import { GOAL_KINDS, validateGoals, type Goal } from './goals';
import { record } from './recording';
import { msToUs } from '../sim/time';
import type { Scenario, Step } from './types';
import { LIMITS, ScenarioError, validateScenario } from './validate';

export const LINK_VERSION = 1;
/** A link's payload (what follows the #) may not be longer than this. */
export const MAX_LINK_CHARS = 16 * 1024;
export const MAX_LINK_ACTIONS = 2000;
export const MAX_PANELS = 32;
export const MAX_TITLE_CHARS = 200;
export const MAX_INSTRUCTIONS_CHARS = 4000;
export const MAX_SPEED = 1000;

export type LinkErrorCode = 'empty' | 'truncated' | 'corrupt' | 'tampered' | 'future' | 'tooLarge' | 'invalid';

export class LinkError extends Error {
	readonly code: LinkErrorCode;
	/** for 'invalid': the field at fault (e.g. `actions[3].node`), when known */
	readonly field: string | null;

	constructor(code: LinkErrorCode, message: string, field: string | null = null) {
		super(message);
		this.name = 'LinkError';
		this.code = code;
		this.field = field;
	}
}

export type LinkLang = 'en' | 'ko';
export type LinkTheme = 'light' | 'dark' | 'auto';

export interface LinkView {
	lang?: LinkLang;
	panels?: string[];
	/** simulated seconds per wall second */
	speed?: number;
	theme?: LinkTheme;
}

/** An exercise an instructor made: carried whole by the link. */
export interface CustomExercise {
	title: string;
	instructions: { en?: string; ko?: string };
	goals: Goal[];
	/** the moment the student starts: only what happens from then on counts toward the goals */
	sinceMs: number;
}

export interface LinkState {
	scenario: Scenario;
	/** the user's actions, in the order taken (atMs never decreases); those after atMs are the recorded future */
	actions: Step[];
	/** the moment shown */
	atMs: number;
	view: LinkView;
	/** a built-in exercise's id */
	exercise?: string;
	custom?: CustomExercise;
}

// ---------------------------------------------------------------------------------------------
// Frozen v1 tables

const V1_DEFAULTS = Object.freeze({
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

const V1_STEP_CODES = Object.freeze([
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

const V1_PANELS: readonly string[] = Object.freeze(['time', 'cluster', 'quorum', 'monitor', 'narration', 'console', 'network', 'settings', 'history', 'log']);

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
const V1_GOALS: readonly (readonly [string, readonly string[]])[] = Object.freeze([
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

const LANGS = [undefined, 'en', 'ko'] as const;
const THEMES = [undefined, 'light', 'dark', 'auto'] as const;

const F_ACTIONS = 1 << 4;
const F_AT = 1 << 5;
const F_SPEED = 1 << 6;
const F_PANELS = 1 << 7;
const F_EXERCISE = 1 << 8;
const F_CUSTOM = 1 << 9;
const F_ALL = (1 << 10) - 1;
const S_ALL = (1 << 12) - 1;

// ---------------------------------------------------------------------------------------------
// Checking a state (both ways)

/**
 * Checks and normalises a link state: the scenario through validateScenario, the actions through the
 * same step rules, the view and exercise against the limits. Throws LinkError('invalid').
 */
export function checkLinkState(state: LinkState): LinkState {
	return guard(() => normalise(state));
}

function invalid(field: string, expected: string): LinkError {
	return new LinkError('invalid', `This link's content is not valid: ${field}: ${expected}.`, field);
}

function normalise(state: LinkState): LinkState {
	if (typeof state !== 'object' || state === null) throw invalid('(link)', 'expected a link state object');
	let scenario: Scenario;
	try {
		scenario = validateScenario(state.scenario);
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(`scenario.${e.field}`, e.expected);
		throw e;
	}
	const actions = checkActions(state.actions, scenario.cluster.size);
	const atMs = checkTime(state.atMs, 'atMs');
	const out: LinkState = { scenario, actions, atMs, view: checkView(state.view) };
	if (state.exercise !== undefined) {
		if (typeof state.exercise !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(state.exercise)) {
			throw invalid('exercise', 'expected an exercise id (lower-case letters, digits and -, at most 64)');
		}
		out.exercise = state.exercise;
	}
	if (state.custom !== undefined) {
		if (out.exercise !== undefined) throw invalid('custom', 'a link names a built-in exercise or carries its own, not both');
		out.custom = checkCustom(state.custom);
	}
	return out;
}

function checkActions(value: unknown, size: number): Step[] {
	if (!Array.isArray(value)) throw invalid('actions', 'expected a list of steps');
	if (value.length > MAX_LINK_ACTIONS) {
		throw invalid('actions', `at most ${MAX_LINK_ACTIONS} actions (got ${value.length})`);
	}
	if (value.length === 0) return [];
	let steps: Step[];
	try {
		steps = validateScenario({ version: 1, cluster: { size }, steps: value, untilMs: LIMITS.maxUntilMs }).steps;
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(e.field.replace(/^steps/, 'actions'), e.expected);
		throw e;
	}
	for (let i = 1; i < steps.length; i++) {
		if (steps[i].atMs < steps[i - 1].atMs) {
			throw invalid(`actions[${i}].atMs`, `expected at least ${steps[i - 1].atMs}, the time of the action before (got ${steps[i].atMs})`);
		}
	}
	return steps;
}

function checkTime(v: unknown, field: string): number {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > LIMITS.maxUntilMs) {
		throw invalid(field, `expected a time in ms from 0 to ${LIMITS.maxUntilMs}`);
	}
	return v + 0;
}

function checkView(v: unknown): LinkView {
	if (v === undefined) return {};
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('view', 'expected an object');
	const src = v as LinkView;
	const out: LinkView = {};
	if (src.lang !== undefined) {
		if (src.lang !== 'en' && src.lang !== 'ko') throw invalid('view.lang', 'expected "en" or "ko"');
		out.lang = src.lang;
	}
	if (src.panels !== undefined) {
		const p: unknown = src.panels;
		if (!Array.isArray(p) || p.length > MAX_PANELS) throw invalid('view.panels', `expected a list of at most ${MAX_PANELS} panel names`);
		out.panels = p.map((name: unknown, i) => {
			if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(name)) {
				throw invalid(`view.panels[${i}]`, 'expected a panel name (letters, digits, _ and -, at most 40)');
			}
			return name;
		});
	}
	if (src.speed !== undefined) {
		if (typeof src.speed !== 'number' || !Number.isFinite(src.speed) || !(src.speed > 0) || src.speed > MAX_SPEED) {
			throw invalid('view.speed', `expected a number above 0 and at most ${MAX_SPEED}`);
		}
		out.speed = src.speed;
	}
	if (src.theme !== undefined) {
		if (src.theme !== 'light' && src.theme !== 'dark' && src.theme !== 'auto') throw invalid('view.theme', 'expected "light", "dark" or "auto"');
		out.theme = src.theme;
	}
	return out;
}

function checkText(v: unknown, field: string, max: number, required: boolean): string {
	if (typeof v !== 'string' || v.length > max || (required && v.trim().length === 0)) {
		throw invalid(field, `expected ${required ? 'a non-empty' : 'a'} text of at most ${max} characters`);
	}
	return v;
}

function checkCustom(v: unknown): CustomExercise {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('custom', 'expected an object');
	const src = v as CustomExercise;
	const title = checkText(src.title, 'custom.title', MAX_TITLE_CHARS, true);
	const ins: unknown = src.instructions;
	if (typeof ins !== 'object' || ins === null || Array.isArray(ins)) throw invalid('custom.instructions', 'expected an object such as {"en": "..."}');
	const instructions: { en?: string; ko?: string } = {};
	const { en, ko } = ins as { en?: unknown; ko?: unknown };
	if (en !== undefined) instructions.en = checkText(en, 'custom.instructions.en', MAX_INSTRUCTIONS_CHARS, false);
	if (ko !== undefined) instructions.ko = checkText(ko, 'custom.instructions.ko', MAX_INSTRUCTIONS_CHARS, false);
	let goals: Goal[];
	try {
		goals = validateGoals(src.goals, 'custom.goals');
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(e.field, e.expected);
		throw e;
	}
	return { title, instructions, goals, sinceMs: checkTime(src.sinceMs, 'custom.sinceMs') };
}

/** Runs fn; anything but a LinkError becomes one (a hostile value must not escape as another error). */
function guard<T>(fn: () => T): T {
	try {
		return fn();
	} catch (e) {
		if (e instanceof LinkError) throw e;
		if (e instanceof ScenarioError) throw invalid(e.field, e.expected);
		throw new LinkError('corrupt', 'This link could not be read: it is damaged or was not made by Quorum Playground.');
	}
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** The URL fragment for a state (URL-safe, without the '#'). Throws LinkError ('invalid', 'tooLarge'). */
export function encodeLink(state: LinkState): string {
	return guard(() => {
		const s = normalise(state);
		const w = new Writer();
		writeBody(w, s);
		const body = w.bytes();
		const all = new Uint8Array(body.length + 4);
		const sum = fnv1a(body);
		all[0] = sum >>> 24;
		all[1] = (sum >>> 16) & 0xff;
		all[2] = (sum >>> 8) & 0xff;
		all[3] = sum & 0xff;
		all.set(body, 4);
		const payload = `q${LINK_VERSION}.${base64url(all)}~`;
		if (payload.length > MAX_LINK_CHARS) {
			throw new LinkError(
				'tooLarge',
				`This moment is too large to share as a link (${payload.length} characters; the limit is ${MAX_LINK_CHARS}). Go back to an earlier moment or take fewer actions.`
			);
		}
		return payload;
	});
}

function writeBody(w: Writer, s: LinkState): void {
	let flags = LANGS.indexOf(s.view.lang) | (THEMES.indexOf(s.view.theme) << 2);
	if (s.actions.length > 0) flags |= F_ACTIONS;
	if (s.atMs !== 0) flags |= F_AT;
	if (s.view.speed !== undefined) flags |= F_SPEED;
	if (s.view.panels !== undefined) flags |= F_PANELS;
	if (s.exercise !== undefined) flags |= F_EXERCISE;
	if (s.custom !== undefined) flags |= F_CUSTOM;
	w.uint(flags);
	writeScenario(w, s.scenario);
	if (s.actions.length > 0) {
		w.uint(s.actions.length);
		let prev = 0;
		for (const a of s.actions) {
			w.uint(stepHead(a));
			writeActionTime(w, prev, a.atMs);
			writeStepFields(w, a);
			prev = a.atMs;
		}
	}
	if (s.atMs !== 0) w.num(s.atMs);
	if (s.view.speed !== undefined) w.num(s.view.speed);
	if (s.view.panels !== undefined) {
		w.uint(s.view.panels.length);
		for (const p of s.view.panels) w.name(p, V1_PANELS);
	}
	if (s.exercise !== undefined) w.name(s.exercise, V1_EXERCISE_IDS);
	if (s.custom !== undefined) writeCustom(w, s.custom);
}

function writeScenario(w: Writer, s: Scenario): void {
	const d = V1_DEFAULTS;
	const nums: [number, number][] = [
		[s.cluster.heartbeatMs, d.heartbeatMs],
		[s.cluster.electionMs, d.electionMs],
		[s.network.latencyMs, d.latencyMs],
		[s.network.jitterMs, d.jitterMs],
		[s.network.lossRate, d.lossRate],
		[s.disk.fsyncMs, d.fsyncMs],
		[s.client.timeoutMs, d.timeoutMs],
		[s.untilMs, d.untilMs]
	];
	let mask = 0;
	if (s.seed !== d.seed) mask |= 1;
	if (s.cluster.preVote !== d.preVote) mask |= 2;
	if (s.cluster.checkQuorum !== d.checkQuorum) mask |= 4;
	nums.forEach(([v, def], i) => {
		if (v !== def) mask |= 1 << (3 + i);
	});
	if (s.steps.length > 0) mask |= 1 << 11;
	w.uint(s.cluster.size);
	w.uint(mask);
	if (mask & 1) w.uint(s.seed);
	nums.forEach(([v], i) => {
		if (mask & (1 << (3 + i))) w.num(v);
	});
	if (s.steps.length > 0) {
		w.uint(s.steps.length);
		for (const st of s.steps) {
			w.uint(stepHead(st));
			w.num(st.atMs);
			writeStepFields(w, st);
		}
	}
}

function stepHead(s: Step): number {
	const code = s.do === 'get' && s.serializable ? V1_STEP_CODES.indexOf('getSerializable') : V1_STEP_CODES.indexOf(s.do);
	let member = 0;
	switch (s.do) {
		case 'partition':
		case 'heal':
			break;
		case 'cut':
			member = s.from;
			break;
		case 'transfer':
			member = s.to;
			break;
		default:
			member = s.node;
	}
	return code * 8 + member;
}

function writeStepFields(w: Writer, s: Step): void {
	switch (s.do) {
		case 'partition': {
			const total = s.groups.reduce((n, g) => n + g.length, 0);
			w.uint(total);
			for (const g of s.groups) g.forEach((m, i) => w.uint(m * 2 + (i === g.length - 1 ? 1 : 0)));
			return;
		}
		case 'cut':
			return w.uint(s.to);
		case 'disk':
			return w.num(s.fsyncMs);
		case 'put':
			w.str(s.key);
			return w.str(s.value);
		case 'get':
		case 'delete':
			return w.str(s.key);
		case 'watch':
			w.str(s.key);
			return w.uint(s.fromRevision ?? 0);
		case 'load':
			w.num(s.writesPerSec);
			w.num(s.durationMs);
			return w.uint(s.keys);
		default:
			return;
	}
}

function writeActionTime(w: Writer, prev: number, at: number): void {
	const d = at - prev;
	if (Number.isSafeInteger(d) && d >= 0 && d <= MAX_Q && prev + d === at) return w.uint(d * 4);
	const prevUs = Math.round(prev * 1000);
	const dUs = Math.round(at * 1000) - prevUs;
	if (Number.isSafeInteger(dUs) && dUs >= 0 && dUs <= MAX_Q && (prevUs + dUs) / 1000 === at) return w.uint(dUs * 4 + 1);
	w.uint(2);
	w.f64(at);
}

function writeCustom(w: Writer, c: CustomExercise): void {
	w.str(c.title);
	const langs = (c.instructions.en !== undefined ? 1 : 0) | (c.instructions.ko !== undefined ? 2 : 0);
	w.uint(langs);
	if (c.instructions.en !== undefined) w.str(c.instructions.en);
	if (c.instructions.ko !== undefined) w.str(c.instructions.ko);
	w.num(c.sinceMs);
	w.uint(c.goals.length);
	for (const g of c.goals) {
		const i = V1_GOALS.findIndex(([kind]) => kind === g.kind);
		const known = i >= 0 ? V1_GOALS[i] : null;
		const names = Object.keys(g.params);
		if (known && names.length === known[1].length && names.every((p) => known[1].includes(p))) {
			w.uint(i + 1);
			for (const p of known[1]) w.num(g.params[p]);
		} else {
			w.uint(0);
			w.str(g.kind);
			w.uint(names.length);
			for (const p of names) {
				w.str(p);
				w.num(g.params[p]);
			}
		}
	}
}

/** The largest varint payload that still leaves room for a 2-bit tag below 2^53. */
const MAX_Q = Math.floor(Number.MAX_SAFE_INTEGER / 4);

class Writer {
	private buf = new Uint8Array(256);
	private n = 0;

	private grow(k: number): void {
		if (this.n + k <= this.buf.length) return;
		const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
		next.set(this.buf.subarray(0, this.n));
		this.buf = next;
	}

	byte(b: number): void {
		this.grow(1);
		this.buf[this.n++] = b;
	}

	uint(v: number): void {
		let x = v;
		while (x >= 0x80) {
			this.byte((x % 0x80) | 0x80);
			x = Math.floor(x / 0x80);
		}
		this.byte(x);
	}

	num(v: number): void {
		if (Number.isSafeInteger(v) && v >= 0 && v <= MAX_Q) return this.uint(v * 4);
		const m = Math.round(v * 1000);
		if (Number.isSafeInteger(m) && m >= 0 && m <= MAX_Q && m / 1000 === v) return this.uint(m * 4 + 1);
		this.uint(2);
		this.f64(v);
	}

	f64(v: number): void {
		const dv = new DataView(new ArrayBuffer(8));
		dv.setFloat64(0, v);
		for (let i = 0; i < 8; i++) this.byte(dv.getUint8(i));
	}

	str(s: string): void {
		const bytes = wtf8Encode(s);
		this.uint(bytes.length);
		this.grow(bytes.length);
		this.buf.set(bytes, this.n);
		this.n += bytes.length;
	}

	name(s: string, table: readonly string[]): void {
		const i = table.indexOf(s);
		if (i >= 0) return this.uint(i + 1);
		this.uint(0);
		this.str(s);
	}

	bytes(): Uint8Array {
		return this.buf.slice(0, this.n);
	}
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Reads a link's payload (what follows the '#'; a leading '#' and surrounding spaces are allowed). */
export function decodeLink(payload: string): LinkState {
	return guard(() => decode(payload));
}

function decode(input: string): LinkState {
	if (typeof input !== 'string') throw new LinkError('corrupt', 'This link could not be read: it is not text.');
	if (input.length > MAX_LINK_CHARS + 64) throw tooLarge(input.length);
	let p = input.trim();
	if (p.startsWith('#')) p = p.slice(1);
	if (p.length === 0) throw new LinkError('empty', 'This link holds no playground state: there is nothing after the #.');
	if (p.length > MAX_LINK_CHARS) throw tooLarge(p.length);

	const tag = /^q([0-9]{1,6})\./.exec(p);
	if (tag === null) {
		if (/^q[0-9]{0,6}$/.test(p)) throw truncated();
		throw new LinkError('corrupt', 'This is not a Quorum Playground link (it does not start with "q1.").');
	}
	const version = Number(tag[1]);
	if (version > LINK_VERSION) {
		throw new LinkError(
			'future',
			`This link was made by a newer version of Quorum Playground (link format ${version}; this page reads format ${LINK_VERSION} and older). Open it on the current site.`
		);
	}
	if (version !== 1 || tag[1] !== '1') throw new LinkError('corrupt', `This is not a Quorum Playground link (unknown link format "${tag[1]}").`);
	return decodeV1(p.slice(tag[0].length), tag[0].length);
}

function tooLarge(n: number): LinkError {
	return new LinkError('tooLarge', `This link is too large to open (${n} characters; the limit is ${MAX_LINK_CHARS}).`);
}

function truncated(): LinkError {
	return new LinkError('truncated', 'This link is incomplete: it was cut off when it was copied. Copy the whole link again.');
}

function tampered(): LinkError {
	return new LinkError('tampered', 'This link was changed or damaged after it was made (its checksum does not match). Ask for the link again.');
}

function decodeV1(rest: string, offset: number): LinkState {
	const end = rest.indexOf('~');
	if (end < 0) throw truncated();
	if (end !== rest.length - 1) {
		throw new LinkError('corrupt', `This link is damaged: unexpected text after its end, at character ${offset + end + 2}.`);
	}
	const bytes = unbase64url(rest.slice(0, end), offset);
	if (bytes.length < 4) throw tampered();
	const body = bytes.subarray(4);
	const sum = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
	if (fnv1a(body) !== sum) throw tampered();
	return readBody(new Reader(body));
}

function malformed(what: string): LinkError {
	return new LinkError('corrupt', `This link could not be read: ${what}. It was not made by Quorum Playground.`);
}

function readBody(r: Reader): LinkState {
	const flags = r.uint();
	if (flags > F_ALL || (flags & 3) === 3) throw malformed('unknown settings');
	const scenarioRaw = readScenario(r);
	const actions: unknown[] = [];
	if (flags & F_ACTIONS) {
		const n = r.uint();
		if (n > MAX_LINK_ACTIONS) throw invalid('actions', `at most ${MAX_LINK_ACTIONS} actions (got ${n})`);
		r.need(n * 2);
		let prev = 0;
		for (let i = 0; i < n; i++) {
			const head = r.uint();
			const at = readActionTime(r, prev);
			actions.push(readStep(r, head, at));
			prev = at;
		}
	}
	const atMs = flags & F_AT ? r.num() : 0;
	const view: LinkView = {};
	const lang = LANGS[flags & 3];
	if (lang !== undefined) view.lang = lang;
	const theme = THEMES[(flags >> 2) & 3];
	if (theme !== undefined) view.theme = theme;
	if (flags & F_SPEED) view.speed = r.num();
	if (flags & F_PANELS) {
		const n = r.uint();
		if (n > MAX_PANELS) throw invalid('view.panels', `expected at most ${MAX_PANELS} panel names (got ${n})`);
		const panels: string[] = [];
		for (let i = 0; i < n; i++) panels.push(r.name(V1_PANELS));
		view.panels = panels;
	}
	const state: LinkState = { scenario: scenarioRaw as unknown as Scenario, actions: actions as Step[], atMs, view };
	if (flags & F_EXERCISE) state.exercise = r.name(V1_EXERCISE_IDS);
	if (flags & F_CUSTOM) state.custom = readCustom(r);
	if (!r.done()) throw malformed('unexpected data at its end');
	return normalise(state);
}

interface RawScenario {
	version: 1;
	seed: number;
	cluster: { size: number; preVote: boolean; checkQuorum: boolean; heartbeatMs: number; electionMs: number };
	network: { latencyMs: number; jitterMs: number; lossRate: number };
	disk: { fsyncMs: number };
	client: { timeoutMs: number };
	steps: unknown[];
	untilMs: number;
}

function readScenario(r: Reader): RawScenario {
	const d = V1_DEFAULTS;
	const size = r.uint();
	const mask = r.uint();
	if (mask > S_ALL) throw malformed('unknown scenario settings');
	const seed = mask & 1 ? r.uint() : d.seed;
	const v = (bit: number, def: number): number => (mask & (1 << bit) ? r.num() : def);
	const heartbeatMs = v(3, d.heartbeatMs);
	const electionMs = v(4, d.electionMs);
	const latencyMs = v(5, d.latencyMs);
	const jitterMs = v(6, d.jitterMs);
	const lossRate = v(7, d.lossRate);
	const fsyncMs = v(8, d.fsyncMs);
	const timeoutMs = v(9, d.timeoutMs);
	const untilMs = v(10, d.untilMs);
	const steps: unknown[] = [];
	if (mask & (1 << 11)) {
		const n = r.uint();
		r.need(n * 2);
		for (let i = 0; i < n; i++) {
			const head = r.uint();
			steps.push(readStep(r, head, r.num()));
		}
	}
	return {
		version: 1,
		seed,
		cluster: { size, preVote: mask & 2 ? !d.preVote : d.preVote, checkQuorum: mask & 4 ? !d.checkQuorum : d.checkQuorum, heartbeatMs, electionMs },
		network: { latencyMs, jitterMs, lossRate },
		disk: { fsyncMs },
		client: { timeoutMs },
		steps,
		untilMs
	};
}

function readActionTime(r: Reader, prev: number): number {
	const u = r.uint();
	const q = Math.floor(u / 4);
	switch (u % 4) {
		case 0:
			return prev + q;
		case 1:
			return (Math.round(prev * 1000) + q) / 1000;
		case 2:
			if (q !== 0) throw malformed('a bad time');
			return r.f64();
		default:
			throw malformed('a bad time');
	}
}

/** A step as plain data (validated later by the scenario rules). */
function readStep(r: Reader, head: number, atMs: number): Record<string, unknown> {
	const code = V1_STEP_CODES[Math.floor(head / 8)];
	const member = head % 8;
	switch (code) {
		case 'kill':
		case 'restart':
			return { atMs, do: code, node: member };
		case 'partition': {
			const n = r.uint();
			r.need(n);
			const groups: number[][] = [];
			let group: number[] = [];
			for (let i = 0; i < n; i++) {
				const v = r.uint();
				group.push(Math.floor(v / 2));
				if (v % 2 === 1) {
					groups.push(group);
					group = [];
				}
			}
			if (group.length > 0) throw malformed('a partition without its end');
			return { atMs, do: 'partition', groups };
		}
		case 'cut':
			return { atMs, do: 'cut', from: member, to: r.uint() };
		case 'heal':
			return { atMs, do: 'heal' };
		case 'disk':
			return { atMs, do: 'disk', node: member, fsyncMs: r.num() };
		case 'put': {
			const key = r.str();
			return { atMs, do: 'put', node: member, key, value: r.str() };
		}
		case 'get':
		case 'getSerializable':
			return { atMs, do: 'get', node: member, key: r.str(), serializable: code === 'getSerializable' };
		case 'delete':
			return { atMs, do: 'delete', node: member, key: r.str() };
		case 'watch': {
			const key = r.str();
			const rev = r.uint();
			return rev === 0 ? { atMs, do: 'watch', node: member, key } : { atMs, do: 'watch', node: member, key, fromRevision: rev };
		}
		case 'transfer':
			return { atMs, do: 'transfer', to: member };
		case 'load': {
			const writesPerSec = r.num();
			const durationMs = r.num();
			return { atMs, do: 'load', node: member, writesPerSec, durationMs, keys: r.uint() };
		}
		default:
			throw malformed('an unknown kind of step');
	}
}

function readCustom(r: Reader): CustomExercise {
	const title = r.str();
	const langs = r.uint();
	if (langs > 3) throw malformed('unknown instruction languages');
	const instructions: { en?: string; ko?: string } = {};
	if (langs & 1) instructions.en = r.str();
	if (langs & 2) instructions.ko = r.str();
	const sinceMs = r.num();
	const n = r.uint();
	r.need(n);
	const goals: unknown[] = [];
	for (let i = 0; i < n; i++) {
		const code = r.uint();
		// params keyed by names from the link: a prototype-less record, so "__proto__" is a plain key
		const params: Record<string, number> = Object.create(null) as Record<string, number>;
		let kind: string;
		if (code === 0) {
			kind = r.str();
			const k = r.uint();
			r.need(k * 2);
			for (let j = 0; j < k; j++) {
				const name = r.str();
				params[name] = r.num();
			}
			if (!(GOAL_KINDS as readonly string[]).includes(kind)) {
				throw new LinkError(
					'future',
					'This link was made by a newer version of Quorum Playground: it uses an exercise goal this page does not know. Open it on the current site.'
				);
			}
		} else {
			const known = V1_GOALS[code - 1];
			if (known === undefined) throw malformed('an unknown goal');
			kind = known[0];
			for (const p of known[1]) params[p] = r.num();
		}
		goals.push({ kind, params });
	}
	return { title, instructions, goals: goals as Goal[], sinceMs };
}

class Reader {
	private i = 0;
	constructor(private readonly b: Uint8Array) {}

	done(): boolean {
		return this.i === this.b.length;
	}

	/** Fails early when a count claims more items than the bytes left could hold. */
	need(k: number): void {
		if (k > this.b.length - this.i) throw malformed('a count larger than its data');
	}

	byte(): number {
		if (this.i >= this.b.length) throw malformed('it ends too early');
		return this.b[this.i++];
	}

	uint(): number {
		let v = 0;
		let scale = 1;
		for (let k = 0; k < 8; k++) {
			const b = this.byte();
			v += (b & 0x7f) * scale;
			if ((b & 0x80) === 0) {
				if (!Number.isSafeInteger(v)) break;
				return v;
			}
			scale *= 0x80;
		}
		throw malformed('a number too large');
	}

	num(): number {
		const u = this.uint();
		const q = Math.floor(u / 4);
		switch (u % 4) {
			case 0:
				return q;
			case 1:
				return q / 1000;
			case 2:
				if (q !== 0) throw malformed('a bad number');
				return this.f64();
			default:
				throw malformed('a bad number');
		}
	}

	f64(): number {
		this.need(8);
		const dv = new DataView(this.b.buffer, this.b.byteOffset + this.i, 8);
		this.i += 8;
		return dv.getFloat64(0);
	}

	str(): string {
		const n = this.uint();
		this.need(n);
		const s = wtf8Decode(this.b, this.i, this.i + n);
		this.i += n;
		return s;
	}

	name(table: readonly string[]): string {
		const i = this.uint();
		if (i === 0) return this.str();
		const s = table[i - 1];
		if (s === undefined) throw malformed('an unknown name');
		return s;
	}
}

// ---------------------------------------------------------------------------------------------
// Bytes: base64url, WTF-8, FNV-1a

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX: Int16Array = (() => {
	const t = new Int16Array(128).fill(-1);
	for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
	return t;
})();

function base64url(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
		out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
	}
	const left = bytes.length - i;
	if (left === 1) {
		const v = bytes[i] << 16;
		out += B64[v >> 18] + B64[(v >> 12) & 63];
	} else if (left === 2) {
		const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
		out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63];
	}
	return out;
}

/** Strict base64url without padding: bad characters are 'corrupt', a non-canonical ending 'tampered'. */
function unbase64url(s: string, offset: number): Uint8Array {
	const vals = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		const v = c < 128 ? B64_INDEX[c] : -1;
		if (v < 0) {
			const shown = c >= 0x21 && c < 0x7f ? `"${s[i]}"` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
			throw new LinkError('corrupt', `This link is damaged: it holds a character that cannot be in it (${shown} at character ${offset + i + 1}).`);
		}
		vals[i] = v;
	}
	if (s.length % 4 === 1) throw tampered();
	const out = new Uint8Array(Math.floor((s.length * 3) / 4));
	let o = 0;
	let i = 0;
	for (; i + 3 < s.length; i += 4) {
		const v = (vals[i] << 18) | (vals[i + 1] << 12) | (vals[i + 2] << 6) | vals[i + 3];
		out[o++] = v >> 16;
		out[o++] = (v >> 8) & 0xff;
		out[o++] = v & 0xff;
	}
	const left = s.length - i;
	if (left === 2) {
		if (vals[i + 1] & 15) throw tampered();
		out[o++] = (vals[i] << 2) | (vals[i + 1] >> 4);
	} else if (left === 3) {
		if (vals[i + 2] & 3) throw tampered();
		const v = (vals[i] << 18) | (vals[i + 1] << 12) | (vals[i + 2] << 6);
		out[o++] = v >> 16;
		out[o++] = (v >> 8) & 0xff;
	}
	return out;
}

/** UTF-8 that also carries lone surrogates (WTF-8), so every JS string round-trips. */
function wtf8Encode(s: string): Uint8Array {
	const out: number[] = [];
	for (let i = 0; i < s.length; i++) {
		let c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
			}
		}
		if (c < 0x80) out.push(c);
		else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
		else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
		else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
	}
	return Uint8Array.from(out);
}

function wtf8Decode(b: Uint8Array, from: number, to: number): string {
	const units: number[] = [];
	let i = from;
	const cont = (k: number): number => {
		const x = i + k < to ? b[i + k] : -1;
		if ((x & 0xc0) !== 0x80) throw malformed('bad text');
		return x & 63;
	};
	while (i < to) {
		const a = b[i];
		let cp: number;
		if (a < 0x80) {
			cp = a;
			i += 1;
		} else if (a >= 0xc2 && a <= 0xdf) {
			cp = ((a & 31) << 6) | cont(1);
			i += 2;
		} else if (a >= 0xe0 && a <= 0xef) {
			cp = ((a & 15) << 12) | (cont(1) << 6) | cont(2);
			if (cp < 0x800) throw malformed('bad text');
			i += 3;
		} else if (a >= 0xf0 && a <= 0xf4) {
			cp = ((a & 7) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
			if (cp < 0x10000 || cp > 0x10ffff) throw malformed('bad text');
			i += 4;
		} else {
			throw malformed('bad text');
		}
		if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
		else units.push(cp);
	}
	let s = '';
	for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode(...units.slice(k, k + 4096));
	return s;
}

/** 32-bit FNV-1a. */
function fnv1a(bytes: Uint8Array): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
	return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Replaying a link, and the same moment as a scenario file

/** The cluster at the link's moment: the link's recording played to its atMs. */
export function replayLink(state: LinkState): Cluster {
	return record(state.scenario, state.actions, state.atMs).cluster;
}

/** The digest of the engine's trace at the link's moment: equal to the CLI report's traceHash for toScenarioFile(state). */
export function traceHashOf(state: LinkState): string {
	return replayLink(state).trace.hex();
}

/** A scenario file (format version 1), as JSON-ready data. `actions` is present only when needed. */
export interface ScenarioFile {
	version: 1;
	seed: number;
	cluster: Scenario['cluster'];
	network: Scenario['network'];
	disk: Scenario['disk'];
	client: Scenario['client'];
	steps: Step[];
	/** user actions replayed as the playground does (see toScenarioFile) */
	actions?: Step[];
	untilMs: number;
}

/**
 * The link's moment as a scenario file the CLI runs to the same state (same traceHash), with
 * untilMs = the link's atMs.
 *
 * Without a `load` step among the steps and actions that run, the actions simply become steps:
 * the engine runs an outside call after every engine event due at its instant, and calls at one
 * instant in the order they were scheduled, so an action scheduled up front (after the scripted
 * steps) runs exactly when, and in the order, the playground ran it. A load generator, though,
 * schedules its next put while running, so an action at the same microsecond as one of those puts
 * would run before it instead of after: then the actions go in the optional top-level `actions`
 * field, which the runner replays the playground's way (recording.ts).
 */
export function toScenarioFile(state: LinkState): ScenarioFile {
	const s = checkLinkState(state);
	const at = s.atMs;
	// the engine keeps time in whole microseconds: a scripted step runs if its microsecond is due,
	// while the playground carries out an action only once the clock (in ms) has reached it
	const atUs = msToUs(at);
	const steps = s.scenario.steps.filter((st) => msToUs(st.atMs) <= atUs);
	const actions = s.actions.filter((a) => a.atMs <= at);
	const base = {
		version: 1 as const,
		seed: s.scenario.seed,
		cluster: { ...s.scenario.cluster },
		network: { ...s.scenario.network },
		disk: { ...s.scenario.disk },
		client: { ...s.scenario.client }
	};
	// untilMs must be > 0 and not before a kept step; anything in the same microsecond as atMs runs
	// the clock to the same point (0.0001 ms is 0 µs)
	const untilMs = Math.max(at, 0.0001, ...steps.map((st) => st.atMs));
	const hasLoad = steps.some((st) => st.do === 'load') || actions.some((a) => a.do === 'load');
	if (hasLoad && actions.length > 0) return { ...base, steps, actions, untilMs };
	// by the engine's microsecond; within one, scripted steps in file order, then the actions as taken
	const merged = [...steps, ...actions]
		.map((st, i) => ({ st, i, us: msToUs(st.atMs) }))
		.sort((a, b) => a.us - b.us || a.i - b.i)
		.map((x) => x.st);
	return { ...base, steps: merged, untilMs };
}