/** Decoding a link's payload (the layout is documented in link.ts): every older version, forever. */
import type { Goal } from './goals';
import { GOAL_KINDS } from './goals';
import type { Scenario, Step } from './types';
import { linkChecksum, unbase64url, wtf8Decode } from './link-bytes';
import { guard, normalise } from './link-check';
import { F_ALL, F_ACTIONS, F_AT, F_CUSTOM, F_EXERCISE, F_PANELS, F_SPEED, LANGS, S_ACTIONS, S_ALL_BY_VERSION, S_DISK_JITTER, S_DISK_P99, S_DISK_WAL, S_DISK_MBPS, S_DISK_WAL_P99, S_STEPS, THEMES, V1_DEFAULTS, V1_EXERCISE_IDS, V1_GOALS, V1_PANELS, V1_STEP_CODES, V3_STEP_CODES, V4_STEP_CODES } from './link-format';
import { LINK_VERSION, LinkError, MAX_LINK_ACTIONS, MAX_LINK_CHARS, MAX_PANELS, MAX_PREDICT_CHOICES, MIN_PREDICT_CHOICES, invalid, malformed, tampered, tooLarge, truncated, type CustomExercise, type LinkState, type LinkView } from './link-types';


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
		throw new LinkError('corrupt', `This is not a Quorum Playground link (after the # a link starts with its format, "q1." to "q${LINK_VERSION}.").`);
	}
	const version = Number(tag[1]);
	if (version > LINK_VERSION) {
		throw new LinkError(
			'future',
			`This link was made by a newer version of Quorum Playground (link format ${version}; this page reads format ${LINK_VERSION} and older). Open it on the current site.`
		);
	}
	if (S_ALL_BY_VERSION[version] === undefined || tag[1] !== String(version)) {
		throw new LinkError('corrupt', `This is not a Quorum Playground link (unknown link format "${tag[1]}").`);
	}
	return decodeBody(p.slice(tag[0].length), tag[0].length, version);
}

/** q1 and q2 share one layout; q2 adds scenario mask bits (disk.jitterMs, the scenario's actions). */
function decodeBody(rest: string, offset: number, version: number): LinkState {
	const end = rest.indexOf('~');
	if (end < 0) throw truncated();
	if (end !== rest.length - 1) {
		throw new LinkError('corrupt', `This link is damaged: unexpected text after its end, at character ${offset + end + 2}.`);
	}
	const bytes = unbase64url(rest.slice(0, end), offset);
	if (bytes.length < 4) throw tampered();
	const body = bytes.subarray(4);
	const sum = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
	if (linkChecksum(version, body) !== sum) throw tampered();
	return readBody(new Reader(body), version);
}

function readBody(r: Reader, version: number): LinkState {
	const flags = r.uint();
	if (flags > F_ALL || (flags & 3) === 3) throw malformed('unknown settings');
	const scenarioRaw = readScenario(r, version);
	const actions: unknown[] = [];
	if (flags & F_ACTIONS) {
		const n = r.uint();
		if (n > MAX_LINK_ACTIONS) throw invalid('actions', `at most ${MAX_LINK_ACTIONS} actions (got ${n})`);
		r.need(n * 2);
		let prev = 0;
		for (let i = 0; i < n; i++) {
			const head = r.uint();
			const at = readActionTime(r, prev);
			actions.push(readStep(r, head, at, version));
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
	if (flags & F_CUSTOM) state.custom = readCustom(r, version);
	if (!r.done()) throw malformed('unexpected data at its end');
	return normalise(state);
}

interface RawScenario {
	version: 1;
	seed: number;
	cluster: { size: number; preVote: boolean; checkQuorum: boolean; heartbeatMs: number; electionMs: number };
	network: { latencyMs: number; jitterMs: number; lossRate: number };
	disk: { fsyncMs: number; jitterMs?: number; p99Ms?: number; walFsyncMs?: number; walP99Ms?: number; writeMBps?: number };
	client: { timeoutMs: number };
	steps: unknown[];
	actions?: unknown[];
	untilMs: number;
}

function readScenario(r: Reader, version: number): RawScenario {
	const d = V1_DEFAULTS;
	const size = r.uint();
	const mask = r.uint();
	if (mask > S_ALL_BY_VERSION[version]) throw malformed('unknown scenario settings');
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
	const steps = mask & S_STEPS ? readSteps(r, version) : [];
	const raw: RawScenario = {
		version: 1,
		seed,
		cluster: { size, preVote: mask & 2 ? !d.preVote : d.preVote, checkQuorum: mask & 4 ? !d.checkQuorum : d.checkQuorum, heartbeatMs, electionMs },
		network: { latencyMs, jitterMs, lossRate },
		disk: { fsyncMs },
		client: { timeoutMs },
		steps,
		untilMs
	};
	if (mask & S_DISK_JITTER) raw.disk.jitterMs = r.num();
	if (mask & S_ACTIONS) raw.actions = readSteps(r, version);
	if (mask & S_DISK_P99) raw.disk.p99Ms = r.num();
	if (mask & S_DISK_WAL) raw.disk.walFsyncMs = r.num();
	if (mask & S_DISK_WAL_P99) raw.disk.walP99Ms = r.num();
	if (mask & S_DISK_MBPS) raw.disk.writeMBps = r.num();
	return raw;
}

function readSteps(r: Reader, version: number): unknown[] {
	const steps: unknown[] = [];
	const n = r.uint();
	r.need(n * 2);
	for (let i = 0; i < n; i++) {
		const head = r.uint();
		steps.push(readStep(r, head, r.num(), version));
	}
	return steps;
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
function readStep(r: Reader, head: number, atMs: number, version: number): Record<string, unknown> {
	const table: readonly string[] = version >= 4 ? V4_STEP_CODES : version >= 3 ? V3_STEP_CODES : V1_STEP_CODES;
	const code = table[Math.floor(head / 8)];
	let member = head % 8;
	// q3: a step that names a member but carries 0 in its head has it first among its fields (members above 7)
	if (version >= 3 && member === 0 && code !== undefined && code !== 'partition' && code !== 'heal' && code !== 'memberAdd') member = r.uint();
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
		case 'diskTail': {
			const fsyncMs = r.num();
			return { atMs, do: 'disk', node: member, fsyncMs, p99Ms: r.num() };
		}
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
			const keys = r.uint();
			const step: Record<string, unknown> = { atMs, do: 'load', node: member, writesPerSec, durationMs, keys };
			if (version >= 5) {
				const vb = r.uint();
				if (vb !== 0) step.valueBytes = vb - 1;
			}
			return step;
		}
		case 'memberAdd': {
			const flags = r.uint();
			if (flags > 3) throw malformed('unknown member add settings');
			const endpoint = r.uint();
			const step: Record<string, unknown> = { atMs, do: 'memberAdd', learner: (flags & 1) === 1, start: (flags & 2) === 2 };
			if (endpoint !== 0) step.endpoint = endpoint;
			return step;
		}
		case 'memberPromote':
		case 'memberRemove': {
			const endpoint = r.uint();
			return endpoint === 0 ? { atMs, do: code, node: member } : { atMs, do: code, node: member, endpoint };
		}
		default:
			throw malformed('an unknown kind of step');
	}
}

function readCustom(r: Reader, version: number): CustomExercise {
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
	const custom: CustomExercise = { title, instructions, goals: goals as Goal[], sinceMs };
	// q6: the prediction (validated with the rest: checkPrediction)
	if (version >= 6) {
		const n = r.uint();
		if (n > MAX_PREDICT_CHOICES) throw invalid('custom.predict.choices', `expected a list of ${MIN_PREDICT_CHOICES} to ${MAX_PREDICT_CHOICES} choices`);
		if (n > 0) {
			const question = r.str();
			const choices: string[] = [];
			for (let i = 0; i < n; i++) choices.push(r.str());
			const answer = r.uint();
			const explanation = r.str();
			custom.predict = explanation === '' ? { question, choices, answer } : { question, choices, answer, explanation };
		}
	}
	return custom;
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
