/**
 * Scenario-file validator (format version 1, see /work/shared/scenario-format.md and ./types).
 *
 * - `parseScenarioText` takes the file's text; `validateScenario` takes an already-parsed value.
 * - Both return a fresh `Scenario` holding only the known fields, every default filled in, steps in
 *   file order; unknown fields anywhere are ignored (the format says "add fields freely").
 * - Both throw only `ScenarioError` (message `field: expected`), for the first problem found.
 *   Checks run in the order of the format document: version, seed, cluster, network, disk, client,
 *   steps (each step: atMs, do, then its fields in the order listed), untilMs. A step's `atMs` is
 *   compared with `untilMs` only when `untilMs` itself is valid.
 * - Only own data properties are read (never getters, never the prototype chain), so keys such as
 *   "__proto__" or "constructor" are ordinary unknown fields. Work is bounded by the input's size.
 */
import {
	MAX_CLUSTER_SIZE,
	MAX_SCENARIO_BYTES,
	MAX_STEPS,
	SCENARIO_VERSION,
	type ClusterSettings,
	type NetworkSettings,
	type Scenario,
	type Step,
	type StepKind
} from './types';

export class ScenarioError extends Error {
	/** the field's path in the file, e.g. `steps[3].node`; `file`, `(json)` or `(top level)` otherwise */
	readonly field: string;
	/** what was expected there (and usually what was found) */
	readonly expected: string;

	constructor(field: string, expected: string) {
		super(`${field}: ${expected}`);
		this.name = 'ScenarioError';
		this.field = field;
		this.expected = expected;
	}
}

/** The defaults filled in for omitted optional fields (etcd's defaults where etcd has one). */
export const DEFAULTS = Object.freeze({
	seed: 0,
	cluster: Object.freeze({ preVote: true, checkQuorum: true, heartbeatMs: 100, electionMs: 1000 }),
	network: Object.freeze({ latencyMs: 0.5, jitterMs: 0.1, lossRate: 0 }),
	disk: Object.freeze({ fsyncMs: 1 }),
	client: Object.freeze({ timeoutMs: 5000 }),
	steps: Object.freeze([] as Step[]),
	get: Object.freeze({ serializable: false })
});

/** The limits enforced, for tools and UI that want to show them. */
export const LIMITS = Object.freeze({
	maxBytes: MAX_SCENARIO_BYTES,
	maxSteps: MAX_STEPS,
	maxClusterSize: MAX_CLUSTER_SIZE,
	maxSeed: 0xffff_ffff,
	maxHeartbeatMs: 10_000,
	/** etcd's maxElectionMs: `--election-timeout[..] is too long, and should be set less than 50000ms` */
	maxElectionMs: 50_000,
	/** etcd: `--election-timeout[..] should be at least as 5 times as --heartbeat-interval[..]` */
	minElectionHeartbeatRatio: 5,
	maxLatencyMs: 10_000,
	maxJitterMs: 10_000,
	maxFsyncMs: 60_000,
	maxClientTimeoutMs: 600_000,
	maxUntilMs: 24 * 3600 * 1000,
	maxKeyLength: 1500,
	maxWritesPerSec: 10_000,
	maxLoadKeys: 100_000
});

export const STEP_KINDS: readonly StepKind[] = Object.freeze([
	'kill',
	'restart',
	'partition',
	'cut',
	'heal',
	'disk',
	'put',
	'get',
	'delete',
	'watch',
	'transfer',
	'load'
] as const);

const PREVIEW_CHARS = 40;

// ---------------------------------------------------------------------------------------------
// Entry points

export function parseScenarioText(text: string): Scenario {
	if (typeof text !== 'string') {
		throw new ScenarioError('file', `expected the file's text as a string (got ${preview(text)})`);
	}
	const bytes = utf8Length(text);
	if (bytes > MAX_SCENARIO_BYTES) {
		throw new ScenarioError('file', `larger than 1 MiB (${bytes} bytes)`);
	}
	// A byte-order mark (as some Windows editors write) is not JSON; accept and drop it.
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch (err) {
		throw jsonError(body, err);
	}
	return validateScenario(value);
}

export function validateScenario(value: unknown): Scenario {
	try {
		return readScenario(value);
	} catch (err) {
		if (err instanceof ScenarioError) throw err;
		// Only reachable for hostile JS values (proxies with throwing traps and the like).
		throw new ScenarioError('(top level)', 'could not be read as a plain JSON value');
	}
}

// ---------------------------------------------------------------------------------------------
// The scenario

function readScenario(value: unknown): Scenario {
	const top = asObject(value, '(top level)', 'a JSON object');

	const version = own(top, 'version');
	if (version === undefined) throw missing('version', `${SCENARIO_VERSION}`);
	if (version !== SCENARIO_VERSION) {
		if (typeof version === 'number' && Number.isInteger(version) && version > SCENARIO_VERSION) {
			throw new ScenarioError(
				'version',
				`${version} is newer than this program understands (expected ${SCENARIO_VERSION})`
			);
		}
		throw wrong('version', `${SCENARIO_VERSION}`, version);
	}

	const seed = optInteger(top, 'seed', 'seed', 0, LIMITS.maxSeed, DEFAULTS.seed);
	const cluster = readCluster(top);
	const network = readNetwork(top);
	const disk = readDisk(top);
	const client = readClient(top);

	// untilMs comes last in the format; read it quietly first so steps can be checked against it.
	const untilRaw = own(top, 'untilMs');
	const until = isUntilValid(untilRaw) ? untilRaw : undefined;
	const steps = readSteps(top, cluster.size, until);
	const actions = readActions(top, cluster.size, until, steps.length);
	const untilMs = readUntil(untilRaw);

	const scenario: Scenario = { version: SCENARIO_VERSION, seed, cluster, network, disk, client, steps, untilMs };
	if (actions !== undefined) scenario.actions = actions;
	return scenario;
}

/**
 * `actions` (optional): what a user did in the playground, replayed the way it was taken (each runs
 * when the clock reaches its atMs, after every engine event due by then). In time order.
 */
function readActions(top: object, size: number, untilMs: number | undefined, stepCount: number): Step[] | undefined {
	const raw = own(top, 'actions');
	if (raw === undefined) return undefined;
	if (!Array.isArray(raw)) throw wrong('actions', 'an array of steps', raw);
	const list: readonly unknown[] = raw;
	if (list.length + stepCount > MAX_STEPS) {
		throw new ScenarioError('actions', `at most ${MAX_STEPS} steps and actions together (got ${list.length + stepCount})`);
	}
	const actions: Step[] = [];
	let prev = 0;
	for (let i = 0; i < list.length; i++) {
		const a = readStep(ownIndex(list, i), `actions[${i}]`, size, untilMs);
		if (a.atMs < prev) throw wrong(`actions[${i}].atMs`, `at least ${prev} (actions are in time order)`, a.atMs);
		prev = a.atMs;
		actions.push(a);
	}
	return actions;
}

function readCluster(top: object): ClusterSettings {
	const raw = own(top, 'cluster');
	if (raw === undefined) throw missing('cluster', 'an object such as {"size": 3}');
	const c = asObject(raw, 'cluster', 'an object such as {"size": 3}');
	const sizeRaw = own(c, 'size');
	const sizeText = `an integer 1..${MAX_CLUSTER_SIZE}`;
	if (sizeRaw === undefined) throw missing('cluster.size', sizeText);
	const size = integer(sizeRaw, 'cluster.size', 1, MAX_CLUSTER_SIZE);
	const preVote = optBoolean(c, 'preVote', 'cluster.preVote', DEFAULTS.cluster.preVote);
	const checkQuorum = optBoolean(c, 'checkQuorum', 'cluster.checkQuorum', DEFAULTS.cluster.checkQuorum);
	const heartbeatMs = optNumber(c, 'heartbeatMs', 'cluster.heartbeatMs', false, LIMITS.maxHeartbeatMs, DEFAULTS.cluster.heartbeatMs);

	const electionRaw = own(c, 'electionMs');
	const electionMs = optNumber(c, 'electionMs', 'cluster.electionMs', false, LIMITS.maxElectionMs, DEFAULTS.cluster.electionMs);
	const minElection = LIMITS.minElectionHeartbeatRatio * heartbeatMs;
	if (electionMs < minElection) {
		const got = electionRaw === undefined ? `${electionMs}, the default` : preview(electionMs);
		throw new ScenarioError(
			'cluster.electionMs',
			`expected at least 5 x heartbeatMs = ${minElection} (got ${got}); etcd refuses an ` +
				'--election-timeout below 5 times the --heartbeat-interval'
		);
	}
	return { size, preVote, checkQuorum, heartbeatMs, electionMs };
}

function readNetwork(top: object): NetworkSettings {
	const n = optObject(top, 'network');
	const d = DEFAULTS.network;
	if (n === undefined) return { latencyMs: d.latencyMs, jitterMs: d.jitterMs, lossRate: d.lossRate };
	return {
		latencyMs: optNumber(n, 'latencyMs', 'network.latencyMs', true, LIMITS.maxLatencyMs, d.latencyMs),
		jitterMs: optNumber(n, 'jitterMs', 'network.jitterMs', true, LIMITS.maxJitterMs, d.jitterMs),
		lossRate: optNumber(n, 'lossRate', 'network.lossRate', true, 1, d.lossRate)
	};
}

function readDisk(top: object): Scenario['disk'] {
	const d = optObject(top, 'disk');
	if (d === undefined) return { fsyncMs: DEFAULTS.disk.fsyncMs };
	const out: Scenario['disk'] = { fsyncMs: optNumber(d, 'fsyncMs', 'disk.fsyncMs', false, LIMITS.maxFsyncMs, DEFAULTS.disk.fsyncMs) };
	// optional (added in the same version): present in the result only when the file gives it
	if (own(d, 'jitterMs') !== undefined) out.jitterMs = optNumber(d, 'jitterMs', 'disk.jitterMs', true, LIMITS.maxFsyncMs, 0);
	return out;
}

function readClient(top: object): { timeoutMs: number } {
	const c = optObject(top, 'client');
	if (c === undefined) return { timeoutMs: DEFAULTS.client.timeoutMs };
	return {
		timeoutMs: optNumber(c, 'timeoutMs', 'client.timeoutMs', false, LIMITS.maxClientTimeoutMs, DEFAULTS.client.timeoutMs)
	};
}

function isUntilValid(v: unknown): v is number {
	return isFiniteNumber(v) && v > 0 && v <= LIMITS.maxUntilMs;
}

function readUntil(v: unknown): number {
	const text = 'a finite number > 0';
	if (v === undefined) throw missing('untilMs', text);
	if (!isFiniteNumber(v) || !(v > 0)) throw wrong('untilMs', text, v);
	if (v > LIMITS.maxUntilMs) {
		throw wrong('untilMs', `at most ${LIMITS.maxUntilMs} (24 h of simulated time)`, v);
	}
	return v;
}

// ---------------------------------------------------------------------------------------------
// Steps

function readSteps(top: object, size: number, untilMs: number | undefined): Step[] {
	const raw = own(top, 'steps');
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) throw wrong('steps', 'an array of steps', raw);
	const list: readonly unknown[] = raw;
	if (list.length > MAX_STEPS) {
		throw new ScenarioError('steps', `at most ${MAX_STEPS} steps (got ${list.length})`);
	}
	const steps: Step[] = [];
	for (let i = 0; i < list.length; i++) {
		steps.push(readStep(ownIndex(list, i), `steps[${i}]`, size, untilMs));
	}
	return steps;
}

function readStep(raw: unknown, path: string, size: number, untilMs: number | undefined): Step {
	const s = asObject(raw, path, 'an object such as {"atMs": 0, "do": "heal"}');

	const atField = `${path}.atMs`;
	const atRaw = own(s, 'atMs');
	const atText = 'a finite number >= 0';
	if (atRaw === undefined) throw missing(atField, atText);
	if (!isFiniteNumber(atRaw) || !(atRaw >= 0)) throw wrong(atField, atText, atRaw);
	if (untilMs !== undefined && atRaw > untilMs) {
		throw wrong(atField, `at most untilMs (${untilMs})`, atRaw);
	}
	const atMs = atRaw + 0; // -0 -> 0

	const kind = readKind(own(s, 'do'), `${path}.do`);
	const f = (name: string): string => `${path}.${name}`;
	const node = (): number => member(own(s, 'node'), f('node'), size);

	switch (kind) {
		case 'kill':
			return { atMs, do: 'kill', node: node() };
		case 'restart':
			return { atMs, do: 'restart', node: node() };
		case 'partition':
			return { atMs, do: 'partition', groups: readGroups(own(s, 'groups'), f('groups'), size) };
		case 'cut': {
			const from = member(own(s, 'from'), f('from'), size);
			const to = member(own(s, 'to'), f('to'), size);
			if (from === to) {
				throw new ScenarioError(f('to'), `expected a member other than "from" (both are ${to})`);
			}
			return { atMs, do: 'cut', from, to };
		}
		case 'heal':
			return { atMs, do: 'heal' };
		case 'disk': {
			const n = node();
			const fsyncMs = reqNumber(s, 'fsyncMs', f('fsyncMs'), false, LIMITS.maxFsyncMs);
			return { atMs, do: 'disk', node: n, fsyncMs };
		}
		case 'put': {
			const n = node();
			const key = readKey(own(s, 'key'), f('key'));
			const value = own(s, 'value');
			if (value === undefined) throw missing(f('value'), 'a string');
			if (typeof value !== 'string') throw wrong(f('value'), 'a string', value);
			return { atMs, do: 'put', node: n, key, value };
		}
		case 'get': {
			const n = node();
			const key = readKey(own(s, 'key'), f('key'));
			const serializable = optBoolean(s, 'serializable', f('serializable'), DEFAULTS.get.serializable);
			return { atMs, do: 'get', node: n, key, serializable };
		}
		case 'delete': {
			const n = node();
			return { atMs, do: 'delete', node: n, key: readKey(own(s, 'key'), f('key')) };
		}
		case 'watch': {
			const n = node();
			const key = readKey(own(s, 'key'), f('key'));
			const revRaw = own(s, 'fromRevision');
			if (revRaw === undefined) return { atMs, do: 'watch', node: n, key };
			if (!Number.isSafeInteger(revRaw) || !(Number(revRaw) >= 1)) {
				throw wrong(f('fromRevision'), 'an integer >= 1', revRaw);
			}
			return { atMs, do: 'watch', node: n, key, fromRevision: Number(revRaw) };
		}
		case 'transfer':
			return { atMs, do: 'transfer', to: member(own(s, 'to'), f('to'), size) };
		case 'load': {
			const n = node();
			const writesPerSec = reqNumber(s, 'writesPerSec', f('writesPerSec'), false, LIMITS.maxWritesPerSec);
			const durationMs = reqNumber(s, 'durationMs', f('durationMs'), false, Infinity);
			const keysRaw = own(s, 'keys');
			const keysText = `an integer 1..${LIMITS.maxLoadKeys}`;
			if (keysRaw === undefined) throw missing(f('keys'), keysText);
			const keys = integer(keysRaw, f('keys'), 1, LIMITS.maxLoadKeys);
			return { atMs, do: 'load', node: n, writesPerSec, durationMs, keys };
		}
	}
}

function readKind(v: unknown, field: string): StepKind {
	const list = STEP_KINDS.join(', ');
	if (v === undefined) throw missing(field, `one of: ${list}`);
	if (typeof v !== 'string') throw wrong(field, `one of: ${list}`, v);
	const kind = STEP_KINDS.find((k) => k === v);
	if (kind === undefined) {
		throw new ScenarioError(field, `unknown step ${preview(v)} (expected one of: ${list})`);
	}
	return kind;
}

function readKey(v: unknown, field: string): string {
	const text = `a non-empty string of at most ${LIMITS.maxKeyLength} characters`;
	if (v === undefined) throw missing(field, text);
	if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.maxKeyLength) throw wrong(field, text, v);
	return v;
}

function readGroups(v: unknown, field: string, size: number): number[][] {
	const text = 'an array of groups, each a non-empty array of member numbers, such as [[1, 2], [3]]';
	if (v === undefined) throw missing(field, text);
	if (!Array.isArray(v)) throw wrong(field, text, v);
	const list: readonly unknown[] = v;
	if (list.length === 0) throw wrong(field, 'at least one group', v);
	const seen = new Set<number>();
	const groups: number[][] = [];
	// Every group is non-empty and no member repeats, so this loop fails by index `size` at the
	// latest, however long (or sparse) the array claims to be.
	for (let g = 0; g < list.length; g++) {
		const groupField = `${field}[${g}]`;
		const raw = ownIndex(list, g);
		if (!Array.isArray(raw) || raw.length === 0) {
			throw wrong(groupField, 'a non-empty array of member numbers', raw);
		}
		const members: readonly unknown[] = raw;
		const group: number[] = [];
		for (let m = 0; m < members.length; m++) {
			const id = member(ownIndex(members, m), `${groupField}[${m}]`, size);
			if (group.includes(id)) {
				throw new ScenarioError(groupField, `member ${id} is listed twice in the same group`);
			}
			if (seen.has(id)) {
				throw new ScenarioError(
					field,
					`member ${id} is in more than one group (every member must be in exactly one group)`
				);
			}
			seen.add(id);
			group.push(id);
		}
		groups.push(group);
	}
	for (let id = 1; id <= size; id++) {
		if (!seen.has(id)) {
			throw new ScenarioError(
				field,
				`member ${id} is in no group (every member must be in exactly one group)`
			);
		}
	}
	return groups;
}

function member(v: unknown, field: string, size: number): number {
	if (v === undefined) throw missing(field, `a member number 1..${size}`);
	if (typeof v !== 'number' || !Number.isInteger(v)) throw wrong(field, `a member number 1..${size}`, v);
	if (v < 1 || v > size) {
		throw new ScenarioError(field, `member ${preview(v)} does not exist in a ${size}-member cluster`);
	}
	return v;
}

// ---------------------------------------------------------------------------------------------
// Field readers

/** An own data property, or undefined (getters and inherited properties are never consulted). */
function own(obj: object, key: string): unknown {
	const d = Object.getOwnPropertyDescriptor(obj, key);
	return d !== undefined && 'value' in d ? d.value : undefined;
}

function ownIndex(list: readonly unknown[], i: number): unknown {
	return own(list, String(i));
}

function isFiniteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

function isObject(v: unknown): v is object {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown, field: string, text: string): object {
	if (!isObject(v)) throw wrong(field, text, v);
	return v;
}

function optObject(obj: object, key: string): object | undefined {
	const v = own(obj, key);
	if (v === undefined) return undefined;
	return asObject(v, key, 'an object');
}

function optBoolean(obj: object, key: string, field: string, fallback: boolean): boolean {
	const v = own(obj, key);
	if (v === undefined) return fallback;
	if (typeof v !== 'boolean') throw wrong(field, 'true or false', v);
	return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		throw wrong(field, `an integer ${min}..${max}`, v);
	}
	return v + 0;
}

function optInteger(obj: object, key: string, field: string, min: number, max: number, fallback: number): number {
	const v = own(obj, key);
	return v === undefined ? fallback : integer(v, field, min, max);
}

function numberText(zeroAllowed: boolean, max: number): string {
	const low = zeroAllowed ? '>= 0' : '> 0';
	return max === Infinity ? `a finite number ${low}` : `a finite number ${low} and <= ${max}`;
}

function number(v: unknown, field: string, zeroAllowed: boolean, max: number): number {
	if (!isFiniteNumber(v) || (zeroAllowed ? !(v >= 0) : !(v > 0)) || v > max) {
		throw wrong(field, numberText(zeroAllowed, max), v);
	}
	return v + 0;
}

function optNumber(
	obj: object,
	key: string,
	field: string,
	zeroAllowed: boolean,
	max: number,
	fallback: number
): number {
	const v = own(obj, key);
	return v === undefined ? fallback : number(v, field, zeroAllowed, max);
}

function reqNumber(obj: object, key: string, field: string, zeroAllowed: boolean, max: number): number {
	const v = own(obj, key);
	if (v === undefined) throw missing(field, numberText(zeroAllowed, max));
	return number(v, field, zeroAllowed, max);
}

function missing(field: string, text: string): ScenarioError {
	return new ScenarioError(field, `missing (expected ${text})`);
}

function wrong(field: string, text: string, got: unknown): ScenarioError {
	return new ScenarioError(field, `expected ${text} (got ${preview(got)})`);
}

// ---------------------------------------------------------------------------------------------
// Showing what was found

/**
 * A JSON-like rendering of `v`, at most PREVIEW_CHARS characters (cut with "…"). Never throws on
 * JSON values and does work proportional to the budget, not to the value's size or depth.
 */
export function preview(v: unknown): string {
	const out: string[] = [];
	let length = 0;
	const budget = PREVIEW_CHARS + 1;
	const emit = (s: string): boolean => {
		out.push(s);
		length += s.length;
		return length < budget;
	};
	const walk = (x: unknown): boolean => {
		if (x === null) return emit('null');
		switch (typeof x) {
			case 'string':
				return emit(JSON.stringify(x.slice(0, budget)));
			case 'number':
				return emit(Object.is(x, -0) ? '-0' : String(x));
			case 'boolean':
				return emit(String(x));
			case 'bigint':
				return emit(`${x.toString()}n`);
			case 'undefined':
				return emit('undefined');
			case 'symbol':
				return emit('a symbol');
			case 'function':
				return emit('a function');
			default:
				break;
		}
		if (Array.isArray(x)) {
			const list: readonly unknown[] = x;
			if (!emit('[')) return false;
			for (let i = 0; i < list.length; i++) {
				if (i > 0 && !emit(',')) return false;
				const item = ownIndex(list, i);
				if (!walk(item === undefined ? null : item)) return false;
			}
			return emit(']');
		}
		if (typeof x !== 'object') return emit('?');
		if (!emit('{')) return false;
		let first = true;
		for (const key in x) {
			if (!Object.hasOwn(x, key)) continue;
			if (!first && !emit(',')) return false;
			first = false;
			if (!emit(`${JSON.stringify(key.slice(0, budget))}:`)) return false;
			if (!walk(own(x, key))) return false;
		}
		return emit('}');
	};
	let text: string;
	try {
		walk(v);
		text = out.join('');
	} catch {
		text = out.join('') + '…';
	}
	return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** UTF-8 length of a string (lone surrogates count 3 bytes, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
	let bytes = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}

// ---------------------------------------------------------------------------------------------
// JSON syntax errors

function jsonError(text: string, err: unknown): ScenarioError {
	// Engines word (and locate) syntax errors differently, and V8 often gives no position at all,
	// so find the first error with our own scanner: the same message in every browser and in Node.
	const found = locateJsonError(text);
	if (found !== null) {
		const { line, column } = lineColumn(text, found.pos);
		return new ScenarioError(
			'(json)',
			`not valid JSON (${found.reason} at position ${found.pos}, line ${line} column ${column})`
		);
	}
	// The text is valid JSON, yet the engine gave up: nesting too deep for it, or out of memory.
	const name = err instanceof Error ? err.name : 'error';
	return new ScenarioError(
		'(json)',
		name === 'RangeError' ? 'could not be read (nested too deeply)' : `could not be read (${name})`
	);
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < pos && i < text.length; i++) {
		if (text.charCodeAt(i) === 0x0a) {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: pos - lineStart + 1 };
}

function describeChar(text: string, pos: number): string {
	const cp = text.codePointAt(pos) ?? 0;
	if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) {
		return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
	}
	return `'${String.fromCodePoint(cp)}'`;
}

/** The first JSON syntax error in `text` (RFC 8259), or null if it is valid. Iterative: no depth limit. */
export function locateJsonError(text: string): { pos: number; reason: string } | null {
	const n = text.length;
	const stack: number[] = []; // 0x5b '[' or 0x7b '{'
	let i = 0;
	type Mode = 'value' | 'key' | 'after';
	let mode: Mode = 'value';
	const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
	const isHex = (c: number): boolean =>
		isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
	const skipWs = (): void => {
		while (i < n) {
			const c = text.charCodeAt(i);
			if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
			i++;
		}
	};
	const fail = (reason: string): { pos: number; reason: string } =>
		i >= n ? { pos: n, reason: 'unexpected end of input' } : { pos: i, reason };
	// Each scanner returns null on success (with i past the token) or the error.
	const scanString = (): { pos: number; reason: string } | null => {
		i++; // opening quote
		while (i < n) {
			const c = text.charCodeAt(i);
			if (c === 0x22) {
				i++;
				return null;
			}
			if (c < 0x20) return fail(`bad control character (${describeChar(text, i)}) in a string`);
			if (c === 0x5c) {
				i++;
				if (i >= n) return fail('');
				const e = text.charCodeAt(i);
				if (e === 0x75) {
					for (let k = 1; k <= 4; k++) {
						if (i + k >= n) {
							i = n;
							return fail('');
						}
						if (!isHex(text.charCodeAt(i + k))) {
							i += k;
							return fail('bad \\u escape in a string');
						}
					}
					i += 5;
				} else if ('"\\/bfnrt'.includes(text.charAt(i))) {
					i++;
				} else {
					return fail('bad escape in a string');
				}
				continue;
			}
			i++;
		}
		return fail('');
	};
	const digits = (what: string): { pos: number; reason: string } | null => {
		if (i >= n || !isDigit(text.charCodeAt(i))) return fail(`expected a digit ${what}`);
		while (i < n && isDigit(text.charCodeAt(i))) i++;
		return null;
	};
	const scanNumber = (): { pos: number; reason: string } | null => {
		if (text.charCodeAt(i) === 0x2d) i++;
		if (i < n && text.charCodeAt(i) === 0x30) i++;
		else {
			const e = digits('in a number');
			if (e) return e;
		}
		if (i < n && text.charCodeAt(i) === 0x2e) {
			i++;
			const e = digits("after '.' in a number");
			if (e) return e;
		}
		if (i < n && (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45)) {
			i++;
			if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
			const e = digits('in an exponent');
			if (e) return e;
		}
		return null;
	};

	for (;;) {
		skipWs();
		if (mode === 'value') {
			if (i >= n) return fail('');
			const c = text.charCodeAt(i);
			if (c === 0x7b || c === 0x5b) {
				i++;
				skipWs();
				if (i < n && text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
					i++;
					mode = 'after';
				} else {
					stack.push(c);
					mode = c === 0x7b ? 'key' : 'value';
				}
			} else if (c === 0x22) {
				const e = scanString();
				if (e) return e;
				mode = 'after';
			} else if (c === 0x2d || isDigit(c)) {
				const e = scanNumber();
				if (e) return e;
				mode = 'after';
			} else {
				const word = ['true', 'false', 'null'].find((w) => w.charCodeAt(0) === c);
				if (word === undefined) return fail(`unexpected ${describeChar(text, i)}`);
				for (let k = 0; k < word.length; k++) {
					if (i >= n) return fail('');
					if (text.charCodeAt(i) !== word.charCodeAt(k)) return fail(`unexpected ${describeChar(text, i)}`);
					i++;
				}
				mode = 'after';
			}
		} else if (mode === 'key') {
			if (i >= n) return fail('');
			if (text.charCodeAt(i) !== 0x22) {
				return fail(`expected a property name in double quotes, found ${describeChar(text, i)}`);
			}
			const e = scanString();
			if (e) return e;
			skipWs();
			if (i >= n) return fail('');
			if (text.charCodeAt(i) !== 0x3a) return fail(`expected ':', found ${describeChar(text, i)}`);
			i++;
			mode = 'value';
		} else {
			const top = stack.at(-1);
			if (top === undefined) {
				return i < n ? { pos: i, reason: `unexpected ${describeChar(text, i)} after the JSON value` } : null;
			}
			if (i >= n) return fail('');
			const c = text.charCodeAt(i);
			const close = top === 0x7b ? 0x7d : 0x5d;
			if (c === 0x2c) {
				i++;
				mode = top === 0x7b ? 'key' : 'value';
			} else if (c === close) {
				i++;
				stack.pop();
			} else {
				return fail(`expected ',' or '${String.fromCharCode(close)}', found ${describeChar(text, i)}`);
			}
		}
	}
}
