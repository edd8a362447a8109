/**
 * The scenario's steps (and a playground's recorded `actions`), validated one by one in file order:
 * atMs, do, then the kind's fields in the order the format lists them.
 */
import { MAX_MEMBER_IDS, MAX_STEPS, type Step, type StepKind } from './types';
import { DEFAULTS, LIMITS, STEP_KINDS } from './limits';
import { ScenarioError, asObject, integer, isFiniteNumber, missing, optBoolean, own, ownIndex, preview, reqNumber, wrong } from './fields';

/**
 * `actions` (optional): what a user did in the playground, replayed the way it was taken (each runs
 * when the clock reaches its atMs, after every engine event due by then). In time order.
 */
export function readActions(top: object, size: number, untilMs: number | undefined, stepCount: number, maxSize = size): Step[] | undefined {
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
		const a = readStep(ownIndex(list, i), `actions[${i}]`, size, untilMs, maxSize);
		if (a.atMs < prev) throw wrong(`actions[${i}].atMs`, `at least ${prev} (actions are in time order)`, a.atMs);
		prev = a.atMs;
		actions.push(a);
	}
	return actions;
}

export function readSteps(top: object, size: number, untilMs: number | undefined, maxSize = size): Step[] {
	const raw = own(top, 'steps');
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) throw wrong('steps', 'an array of steps', raw);
	const list: readonly unknown[] = raw;
	if (list.length > MAX_STEPS) {
		throw new ScenarioError('steps', `at most ${MAX_STEPS} steps (got ${list.length})`);
	}
	const steps: Step[] = [];
	for (let i = 0; i < list.length; i++) {
		steps.push(readStep(ownIndex(list, i), `steps[${i}]`, size, untilMs, maxSize));
	}
	return steps;
}

/**
 * How many memberAdd steps the raw steps and actions hold (each adds the next member number), so
 * the member numbers later steps may name are known before they are read. Refuses more adds than
 * member numbers allow.
 */
export function countMemberAdds(top: object, size: number): number {
	let n = 0;
	for (const name of ['steps', 'actions']) {
		const raw = own(top, name);
		if (!Array.isArray(raw)) continue;
		const list: readonly unknown[] = raw;
		for (let i = 0; i < list.length && i <= MAX_STEPS; i++) {
			const st = ownIndex(list, i);
			if (typeof st !== 'object' || st === null || own(st, 'do') !== 'memberAdd') continue;
			n++;
			if (size + n > MAX_MEMBER_IDS) {
				throw new ScenarioError(`${name}[${i}].do`, `at most ${MAX_MEMBER_IDS} member numbers in a run (${size} members and ${n} memberAdd steps would need ${size + n})`);
			}
		}
	}
	return n;
}

/**
 * Every member a step names must exist when it runs: members 1..size, then one more for every
 * memberAdd that runs before it (steps run in time order, steps before actions at the same time,
 * each list in its order), and a partition lists every member that exists then.
 */
export function checkMembersInTime(steps: readonly Step[], actions: readonly Step[], size: number): void {
	const all = [...steps.map((st, i) => ({ st, path: `steps[${i}]`, k: 0, i })), ...actions.map((st, i) => ({ st, path: `actions[${i}]`, k: 1, i }))];
	all.sort((a, b) => a.st.atMs - b.st.atMs || a.k - b.k || a.i - b.i);
	let n = size;
	const check = (v: number, field: string, atMs: number): void => {
		if (v > n) throw new ScenarioError(field, `member ${v} does not exist yet at ${atMs} ms (members 1..${n} by then: each memberAdd adds the next)`);
	};
	for (const { st, path } of all) {
		switch (st.do) {
			case 'memberAdd':
				if (st.endpoint !== undefined) check(st.endpoint, `${path}.endpoint`, st.atMs);
				n++;
				break;
			case 'partition': {
				st.groups.forEach((g, gi) => g.forEach((m, mi) => check(m, `${path}.groups[${gi}][${mi}]`, st.atMs)));
				const seen = new Set(st.groups.flat());
				for (let id = 1; id <= n; id++) {
					if (!seen.has(id)) throw new ScenarioError(`${path}.groups`, `member ${id} is in no group (every member must be in exactly one group)`);
				}
				break;
			}
			case 'cut':
				check(st.from, `${path}.from`, st.atMs);
				check(st.to, `${path}.to`, st.atMs);
				break;
			case 'transfer':
				check(st.to, `${path}.to`, st.atMs);
				break;
			case 'heal':
				break;
			default:
				check(st.node, `${path}.node`, st.atMs);
				if ((st.do === 'memberPromote' || st.do === 'memberRemove') && st.endpoint !== undefined) check(st.endpoint, `${path}.endpoint`, st.atMs);
		}
	}
}

function readStep(raw: unknown, path: string, size: number, untilMs: number | undefined, maxSize = size): Step {
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
	const node = (): number => member(own(s, 'node'), f('node'), maxSize);
	const endpoint = (): number | undefined => (own(s, 'endpoint') === undefined ? undefined : member(own(s, 'endpoint'), f('endpoint'), maxSize));

	switch (kind) {
		case 'kill':
			return { atMs, do: 'kill', node: node() };
		case 'restart':
			return { atMs, do: 'restart', node: node() };
		case 'partition':
			return { atMs, do: 'partition', groups: readGroups(own(s, 'groups'), f('groups'), size, maxSize) };
		case 'cut': {
			const from = member(own(s, 'from'), f('from'), maxSize);
			const to = member(own(s, 'to'), f('to'), maxSize);
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
			if (own(s, 'p99Ms') === undefined) return { atMs, do: 'disk', node: n, fsyncMs };
			const p99Ms = reqNumber(s, 'p99Ms', f('p99Ms'), false, LIMITS.maxFsyncMs);
			if (p99Ms < fsyncMs) throw wrong(f('p99Ms'), `at least fsyncMs (${fsyncMs}): a p99 is not below the median`, p99Ms);
			return { atMs, do: 'disk', node: n, fsyncMs, p99Ms };
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
			return { atMs, do: 'transfer', to: member(own(s, 'to'), f('to'), maxSize) };
		case 'load': {
			const n = node();
			const writesPerSec = reqNumber(s, 'writesPerSec', f('writesPerSec'), false, LIMITS.maxWritesPerSec);
			const durationMs = reqNumber(s, 'durationMs', f('durationMs'), false, LIMITS.maxUntilMs);
			const keysRaw = own(s, 'keys');
					// the format: every field but version, cluster.size and untilMs has a default (keys: 1)
			const keys = keysRaw === undefined ? DEFAULTS.load.keys : integer(keysRaw, f('keys'), 1, LIMITS.maxLoadKeys);
			// optional (added within version 1): present in the result only when the file gives it
			const vbRaw = own(s, 'valueBytes');
			if (vbRaw === undefined) return { atMs, do: 'load', node: n, writesPerSec, durationMs, keys };
			if (typeof vbRaw !== 'number' || !Number.isInteger(vbRaw) || vbRaw < 0 || vbRaw > LIMITS.maxValueBytes)
				throw wrong(
					f('valueBytes'),
					`a whole number of bytes 0..${LIMITS.maxValueBytes.toLocaleString('en-US')} (etcd refuses a request over its --max-request-bytes, 1.5 MiB)`,
					vbRaw
				);
			return { atMs, do: 'load', node: n, writesPerSec, durationMs, keys, valueBytes: vbRaw + 0 };
		}
		case 'memberAdd': {
			const learner = optBoolean(s, 'learner', f('learner'), DEFAULTS.memberAdd.learner);
			const start = optBoolean(s, 'start', f('start'), DEFAULTS.memberAdd.start);
			const ep = endpoint();
			return ep === undefined ? { atMs, do: 'memberAdd', learner, start } : { atMs, do: 'memberAdd', learner, start, endpoint: ep };
		}
		case 'memberPromote':
		case 'memberRemove': {
			const n = node();
			const ep = endpoint();
			return ep === undefined ? { atMs, do: kind, node: n } : { atMs, do: kind, node: n, endpoint: ep };
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

function readGroups(v: unknown, field: string, size: number, maxSize = size): number[][] {
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
			const id = member(ownIndex(members, m), `${groupField}[${m}]`, maxSize);
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
