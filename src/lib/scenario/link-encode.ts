/** Encoding a link state (the layout is documented in link.ts). */
import type { Scenario, Step } from './types';
import { base64url, linkChecksum, wtf8Encode } from './link-bytes';
import { guard, normalise } from './link-check';
import { F_ACTIONS, F_AT, F_CUSTOM, F_EXERCISE, F_PANELS, F_SPEED, LANGS, S_ACTIONS, S_DISK_JITTER, S_DISK_P99, S_DISK_WAL, S_DISK_MBPS, S_DISK_WAL_P99, S_STEPS, THEMES, V1_DEFAULTS, V1_EXERCISE_IDS, V1_GOALS, V1_PANELS, V4_STEP_CODES } from './link-format';
import { LINK_VERSION, LinkError, MAX_LINK_CHARS, type CustomExercise, type CustomPrediction, type LinkState } from './link-types';


/** The URL fragment for a state (URL-safe, without the '#'). Throws LinkError ('invalid', 'tooLarge'). */
export function encodeLink(state: LinkState): string {
	return guard(() => {
		const s = normalise(state);
		const w = new Writer();
		// q4 unless the state uses what only q5 or q6 carries: links that did not change keep their text
		const version = s.custom?.predict !== undefined ? LINK_VERSION : needsQ5(s) ? 5 : 4;
		writeBody(w, s, version);
		const body = w.bytes();
		const all = new Uint8Array(body.length + 4);
		const sum = linkChecksum(version, body);
		all[0] = sum >>> 24;
		all[1] = (sum >>> 16) & 0xff;
		all[2] = (sum >>> 8) & 0xff;
		all[3] = sum & 0xff;
		all.set(body, 4);
		const payload = `q${version}.${base64url(all)}~`;
		if (payload.length > MAX_LINK_CHARS) {
			throw new LinkError(
				'tooLarge',
				`This moment is too large to share as a link (${payload.length} characters; the limit is ${MAX_LINK_CHARS}). Go back to an earlier moment or take fewer actions.`
			);
		}
		return payload;
	});
}

/** Whether a state needs link format 5: a disk bandwidth, or a load with valueBytes. */
function needsQ5(s: LinkState): boolean {
	const big = (steps: readonly Step[] | undefined): boolean => (steps ?? []).some((st) => st.do === 'load' && st.valueBytes !== undefined);
	return s.scenario.disk.writeMBps !== undefined || big(s.scenario.steps) || big(s.scenario.actions) || big(s.actions);
}

export function writeBody(w: Writer, s: LinkState, version: number = LINK_VERSION): void {
	let flags = LANGS.indexOf(s.view.lang) | (THEMES.indexOf(s.view.theme) << 2);
	if (s.actions.length > 0) flags |= F_ACTIONS;
	if (s.atMs !== 0) flags |= F_AT;
	if (s.view.speed !== undefined) flags |= F_SPEED;
	if (s.view.panels !== undefined) flags |= F_PANELS;
	if (s.exercise !== undefined) flags |= F_EXERCISE;
	if (s.custom !== undefined) flags |= F_CUSTOM;
	w.uint(flags);
	writeScenario(w, s.scenario, version);
	if (s.actions.length > 0) {
		w.uint(s.actions.length);
		let prev = 0;
		for (const a of s.actions) {
			w.uint(stepHead(a));
			writeActionTime(w, prev, a.atMs);
			writeStepFields(w, a, version);
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
	if (s.custom !== undefined) writeCustom(w, s.custom, version);
}

export function writeScenario(w: Writer, s: Scenario, version: number = LINK_VERSION): void {
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
	if (s.steps.length > 0) mask |= S_STEPS;
	if (s.disk.jitterMs !== undefined) mask |= S_DISK_JITTER;
	if (s.actions !== undefined) mask |= S_ACTIONS;
	if (s.disk.p99Ms !== undefined) mask |= S_DISK_P99;
	if (s.disk.walFsyncMs !== undefined) mask |= S_DISK_WAL;
	if (s.disk.walP99Ms !== undefined) mask |= S_DISK_WAL_P99;
	if (s.disk.writeMBps !== undefined) {
		if (version < 5) throw new LinkError('invalid', 'disk.writeMBps needs link format 5');
		mask |= S_DISK_MBPS;
	}
	w.uint(s.cluster.size);
	w.uint(mask);
	if (mask & 1) w.uint(s.seed);
	nums.forEach(([v], i) => {
		if (mask & (1 << (3 + i))) w.num(v);
	});
	if (s.steps.length > 0) writeSteps(w, s.steps, version);
	if (s.disk.jitterMs !== undefined) w.num(s.disk.jitterMs);
	if (s.actions !== undefined) writeSteps(w, s.actions, version);
	if (s.disk.p99Ms !== undefined) w.num(s.disk.p99Ms);
	if (s.disk.walFsyncMs !== undefined) w.num(s.disk.walFsyncMs);
	if (s.disk.walP99Ms !== undefined) w.num(s.disk.walP99Ms);
	if (s.disk.writeMBps !== undefined) w.num(s.disk.writeMBps);
}

function writeSteps(w: Writer, steps: readonly Step[], version: number): void {
	w.uint(steps.length);
	for (const st of steps) {
		w.uint(stepHead(st));
		w.num(st.atMs);
		writeStepFields(w, st, version);
	}
}

/** The member a step's head carries (0: none): node; from for cut; to for transfer. */
function headMember(s: Step): number {
	switch (s.do) {
		case 'partition':
		case 'heal':
		case 'memberAdd':
			return 0;
		case 'cut':
			return s.from;
		case 'transfer':
			return s.to;
		default:
			return s.node;
	}
}

export function stepHead(s: Step): number {
	const name = s.do === 'get' && s.serializable ? 'getSerializable' : s.do === 'disk' && s.p99Ms !== undefined ? 'diskTail' : s.do;
	const code = V4_STEP_CODES.indexOf(name);
	// q3: a member above 7 does not fit the head: 0 there, the member first among the fields
	const member = headMember(s) > 7 ? 0 : headMember(s);
	return code * 8 + member;
}

export function writeStepFields(w: Writer, s: Step, version: number = LINK_VERSION): void {
	if (headMember(s) > 7) w.uint(headMember(s));
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
			w.num(s.fsyncMs);
			if (s.p99Ms !== undefined) w.num(s.p99Ms);
			return;
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
			w.uint(s.keys);
			// q5: valueBytes + 1 (0: none)
			if (version >= 5) w.uint(s.valueBytes === undefined ? 0 : s.valueBytes + 1);
			else if (s.valueBytes !== undefined) throw new LinkError('invalid', 'a load\'s valueBytes needs link format 5');
			return;
		case 'memberAdd':
			w.uint((s.learner ? 1 : 0) | (s.start ? 2 : 0));
			return w.uint(s.endpoint ?? 0);
		case 'memberPromote':
		case 'memberRemove':
			return w.uint(s.endpoint ?? 0);
		default:
			return;
	}
}

export function writeActionTime(w: Writer, prev: number, at: number): void {
	const d = at - prev;
	if (Number.isSafeInteger(d) && d >= 0 && d <= MAX_Q && prev + d === at) return w.uint(d * 4);
	const prevUs = Math.round(prev * 1000);
	const dUs = Math.round(at * 1000) - prevUs;
	if (Number.isSafeInteger(dUs) && dUs >= 0 && dUs <= MAX_Q && (prevUs + dUs) / 1000 === at) return w.uint(dUs * 4 + 1);
	w.uint(2);
	w.f64(at);
}

export function writeCustom(w: Writer, c: CustomExercise, version: number = LINK_VERSION): void {
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
	// q6: the prediction (0: none, else its number of choices)
	if (version >= 6) writePrediction(w, c.predict);
	else if (c.predict !== undefined) throw new LinkError('invalid', 'an exercise\'s prediction needs link format 6');
}

function writePrediction(w: Writer, p: CustomPrediction | undefined): void {
	if (p === undefined) return w.uint(0);
	w.uint(p.choices.length);
	w.str(p.question);
	for (const c of p.choices) w.str(c);
	w.uint(p.answer);
	w.str(p.explanation ?? '');
}

/** The largest varint payload that still leaves room for a 2-bit tag below 2^53. */
export const MAX_Q = Math.floor(Number.MAX_SAFE_INTEGER / 4);

export class Writer {
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
