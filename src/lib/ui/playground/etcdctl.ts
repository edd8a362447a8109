/**
 * A small etcdctl: a shell-like tokenizer, the command parser and etcdctl's output formats. Pure
 * functions (no Svelte, no DOM): the console state turns parsed commands into session actions.
 * Error texts are etcdctl v3.5's own (cobra's for unknown commands).
 */

import { CLUSTER_HEX_ID, clientPort, memberHexId } from '../../cluster/etcd';
import { CHECK_PERF_ALIASES, type CheckPerfLoadId } from '../../scenario/check-perf';

/** Member n listens on 127.0.0.1:2379, 12379, 22379, ... (one port block per member). */
export function endpointOf(n: number): string {
	return `127.0.0.1:${clientPort(n)}`;
}

export function memberOfEndpoint(ep: string, size: number): number | null {
	const bare = ep.replace(/^https?:\/\//, '');
	for (let n = 1; n <= size; n++) if (endpointOf(n) === bare || `localhost:${clientPort(n)}` === bare) return n;
	return null;
}

/** Member ids as etcd prints them (16 hex digits); fixed so screenshots and tests stay stable. */
export function memberIdOf(n: number): string {
	return memberHexId(n);
}
export const CLUSTER_ID = CLUSTER_HEX_ID;

/** A 16-hex-digit id as Go's encoding/json prints a uint64 (decimal). */
export function idDecimal(hex: string): string {
	return BigInt(`0x${hex}`).toString(10);
}

export const ETCD_VERSION = '3.5.17';

export type Tokenized = { ok: true; tokens: string[] } | { ok: false; error: 'unterminated' };

/** Splits a line like a POSIX shell: whitespace separates, '...' is literal, "..." allows \" and \\. */
export function tokenize(line: string): Tokenized {
	const tokens: string[] = [];
	let cur = '';
	let has = false;
	let i = 0;
	while (i < line.length) {
		const ch = line[i];
		if (ch === "'") {
			const end = line.indexOf("'", i + 1);
			if (end < 0) return { ok: false, error: 'unterminated' };
			cur += line.slice(i + 1, end);
			has = true;
			i = end + 1;
		} else if (ch === '"') {
			i++;
			let closed = false;
			while (i < line.length) {
				const c = line[i];
				if (c === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\' || line[i + 1] === '$' || line[i + 1] === '`')) {
					cur += line[i + 1];
					i += 2;
				} else if (c === '"') {
					closed = true;
					i++;
					break;
				} else {
					cur += c;
					i++;
				}
			}
			if (!closed) return { ok: false, error: 'unterminated' };
			has = true;
		} else if (ch === '\\' && i + 1 < line.length) {
			cur += line[i + 1];
			has = true;
			i += 2;
		} else if (/\s/.test(ch)) {
			if (has) tokens.push(cur);
			cur = '';
			has = false;
			i++;
		} else {
			cur += ch;
			has = true;
			i++;
		}
	}
	if (has) tokens.push(cur);
	return { ok: true, tokens };
}

/** etcdctl -w: the formats the console prints (protobuf and fields are refused). */
export type Format = 'simple' | 'table' | 'json';

export type Command =
	| { kind: 'put'; key: string; value: string; format: Format }
	| { kind: 'get'; key: string; serializable: boolean; prefix: boolean; keysOnly: boolean; rev: number; format: Format }
	| { kind: 'del'; key: string; format: Format }
	| { kind: 'watch'; key: string }
	| { kind: 'status'; format: Format; cluster: boolean }
	| { kind: 'health'; format: Format; cluster: boolean }
	| { kind: 'memberAdd'; name: string; peerURLs: string; learner: boolean }
	| { kind: 'memberPromote'; id: string }
	| { kind: 'memberRemove'; id: string }
	| { kind: 'memberList'; format: Format }
	| { kind: 'moveLeader'; id: string }
	/** etcdctl check perf [--load=s|m|l|xl] */
	| { kind: 'checkPerf'; load: CheckPerfLoadId }
	| { kind: 'help' }
	| { kind: 'clear' }
	| { kind: 'empty' }
	/** a usage error: the lines etcdctl prints */
	| { kind: 'usage'; lines: string[] }
	| { kind: 'unterminated' };

export interface Parsed {
	command: Command;
	/** --endpoints=..., when given: the first (raw text) */
	endpoint: string | null;
	/** every endpoint given (--endpoints=a,b,c), or null */
	endpoints: string[] | null;
}

const TOP = ['put', 'get', 'del', 'watch', 'endpoint', 'member', 'move-leader', 'check', 'help', 'clear'];
const CHECK_SUBS = ['datascale', 'perf'];
const MEMBER_SUBS = ['add', 'list', 'promote', 'remove'];

const USAGE: Record<string, string> = {
	put: 'etcdctl put [options] <key> <value> (<value> can also be given from stdin) [flags]',
	get: 'etcdctl get [options] <key> [range_end] [flags]',
	del: 'etcdctl del [options] <key> [range_end] [flags]',
	watch: 'etcdctl watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...] [flags]',
	endpoint: 'etcdctl endpoint <subcommand> [flags]',
	'endpoint status': 'etcdctl endpoint status [flags]',
	'endpoint health': 'etcdctl endpoint health [flags]',
	member: 'etcdctl member <subcommand> [flags]',
	'member add': 'etcdctl member add <memberName> [options] [flags]',
	'member list': 'etcdctl member list [flags]',
	'member promote': 'etcdctl member promote <memberID> [flags]',
	'member remove': 'etcdctl member remove <memberID> [flags]',
	'move-leader': 'etcdctl move-leader <transferee-member-id> [flags]',
	check: 'etcdctl check <subcommand> [flags]',
	'check perf': 'etcdctl check perf [options] [flags]',
	'check datascale': 'etcdctl check datascale [options] [flags]'
};

const SHORT: Record<string, string> = {
	put: 'Puts the given key into the store',
	get: 'Gets the key or a range of keys',
	del: 'Removes the specified key or range of keys [key, range_end)',
	watch: 'Watches events stream on keys or prefixes',
	endpoint: 'Endpoint related commands',
	'endpoint status': 'Prints out the status of endpoints specified in `--endpoints` flag',
	'endpoint health': 'Checks the healthiness of endpoints specified in `--endpoints` flag',
	member: 'Membership related commands',
	'member add': 'Adds a member into the cluster',
	'member list': 'Lists all members in the cluster',
	'member promote': 'Promotes a non-voting member in the cluster',
	'member remove': 'Removes a member from the cluster',
	'move-leader': 'Transfers leadership to another etcd cluster member.',
	check: 'commands for checking properties of the etcd cluster',
	'check perf': 'Check the performance of the etcd cluster',
	'check datascale': 'Check the memory usage of holding data for different workloads on a given server endpoint.'
};

function usage(cmd: string): string[] {
	return ['', 'NAME:', `\t${cmd} - ${SHORT[cmd]}`, '', 'USAGE:', `\t${USAGE[cmd]}`];
}

/** Levenshtein distance (cobra suggests commands within 2 edits). */
export function editDistance(a: string, b: string): number {
	const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = d[0];
		d[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const tmp = d[j];
			d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = tmp;
		}
	}
	return d[b.length];
}

function unknownCommand(word: string, parent: string, choices: readonly string[]): string[] {
	const near = choices.filter((c) => editDistance(word.toLowerCase(), c) <= 2 || c.startsWith(word.toLowerCase()));
	const lines = [`Error: unknown command "${word}" for "${parent}"`];
	if (near.length > 0) lines.push('', 'Did you mean this?', ...near.map((c) => `\t${c}`));
	lines.push('', `Run '${parent} --help' for usage.`);
	return lines;
}

/** Flags that take a value, and the boolean ones, per command (cobra refuses the others). */
const VALUE_FLAGS = new Set(['--endpoints', '--consistency', '-w', '--write-out', '--peer-urls', '--rev', '--load']);
const BOOL_FLAGS = new Set(['--prefix', '--keys-only', '--learner', '--cluster', '--auto-compact', '--auto-defrag', '-h', '--help']);
const FLAGS_OF: Record<string, readonly string[]> = {
	get: ['--consistency', '--prefix', '--keys-only', '--rev'],
	'endpoint status': ['--cluster'],
	'endpoint health': ['--cluster'],
	'member add': ['--peer-urls', '--learner'],
	'check perf': ['--load', '--auto-compact', '--auto-defrag']
};
const GLOBAL_FLAGS = ['--endpoints', '-w', '--write-out', '-h', '--help'];

/** Parses one console line. `etcdctl` in front is optional. */
export function parse(line: string): Parsed {
	const t = tokenize(line.trim());
	if (!t.ok) return { command: { kind: 'unterminated' }, endpoint: null, endpoints: null };
	let tokens = t.tokens;
	if (tokens[0] === 'etcdctl') tokens = tokens.slice(1);
	const values = new Map<string, string>();
	const bools = new Set<string>();
	const args: string[] = [];
	const given: string[] = [];
	const badBool: string[] = [];
	for (let i = 0; i < tokens.length; i++) {
		const tok = tokens[i];
		const [name, inline] = tok.startsWith('--') && tok.includes('=') ? [tok.slice(0, tok.indexOf('=')), tok.slice(tok.indexOf('=') + 1)] : [tok, null];
		if (tok === '--') {
			args.push(...tokens.slice(i + 1));
			break;
		} else if (VALUE_FLAGS.has(name)) {
			given.push(name);
			values.set(name === '-w' ? '--write-out' : name, inline !== null ? inline : i + 1 < tokens.length ? tokens[++i] : '');
		} else if (BOOL_FLAGS.has(name)) {
			given.push(name);
			if (inline === null || inline === 'true') bools.add(name === '-h' ? '--help' : name);
			else if (inline !== 'false') badBool.push(`invalid argument "${inline}" for "${name}" flag: strconv.ParseBool: parsing "${inline}": invalid syntax`);
		} else if (tok.startsWith('-') && tok.length > 1) given.push(name);
		else args.push(tok);
	}
	const epText = values.get('--endpoints');
	const endpoints = epText === undefined ? null : epText.split(',').filter((e) => e.length > 0);
	const done = (command: Command): Parsed => ({ command, endpoint: endpoints && endpoints.length > 0 ? endpoints[0] : null, endpoints });
	const help = bools.has('--help');
	if (args.length === 0) return done(help ? { kind: 'help' } : { kind: 'empty' });
	const [verb, ...rest0] = args;
	if (verb === 'help') return done({ kind: 'help' });
	if (verb === 'clear') return done({ kind: 'clear' });
	if (!TOP.includes(verb)) return done({ kind: 'usage', lines: unknownCommand(verb, 'etcdctl', TOP.filter((c) => c !== 'clear')) });
	// the command's full name: "endpoint status", "member add", or the verb alone
	const sub = (verb === 'endpoint' || verb === 'member' || verb === 'check') && rest0[0] !== undefined ? rest0[0] : null;
	const full = sub !== null && `${verb} ${sub}` in USAGE ? `${verb} ${sub}` : verb;
	const rest = full === verb ? rest0 : rest0.slice(1);
	if (help) return done({ kind: 'usage', lines: usage(full).slice(1) });
	const allowed = [...GLOBAL_FLAGS, ...(FLAGS_OF[full] ?? [])];
	const unknown = given.find((f) => !allowed.includes(f));
	if (unknown !== undefined) return done({ kind: 'usage', lines: [`Error: unknown flag: ${unknown}`, ...usage(full)] });
	if (badBool.length > 0) return done({ kind: 'usage', lines: [`Error: ${badBool[0]}`, ...usage(full)] });
	const out = values.get('--write-out') ?? 'simple';
	if (!['simple', 'table', 'json', 'fields', 'protobuf'].includes(out)) return done({ kind: 'usage', lines: ['Error: unsupported output format'] });
	if (out === 'fields' || out === 'protobuf') return done({ kind: 'usage', lines: [`Error: this playground prints simple, table and json (not ${out})`] });
	const format = out as Format;
	switch (verb) {
		case 'put':
			if (rest.length !== 2) return done({ kind: 'usage', lines: ['Error: put command needs 1 argument and input from stdin or 2 arguments', ...usage('put')] });
			return done({ kind: 'put', key: rest[0], value: rest[1], format });
		case 'get': {
			const prefix = bools.has('--prefix');
			if (rest.length < 1) return done({ kind: 'usage', lines: ['Error: get command needs arguments', ...usage('get')] });
			if (rest.length > 1 && prefix) return done({ kind: 'usage', lines: ['Error: too many arguments, only accept one argument when `--prefix` or `--from-key` is set', ...usage('get')] });
			if (rest.length > 2) return done({ kind: 'usage', lines: ['Error: get command needs one argument as key and an optional argument as range_end', ...usage('get')] });
			if (rest.length > 1) return done({ kind: 'usage', lines: ['Error: this playground reads one key or a prefix (no range_end)', ...usage('get')] });
			const consistency = values.get('--consistency') ?? 'l';
			if (consistency !== 'l' && consistency !== 's') return done({ kind: 'usage', lines: [`Error: unknown consistency flag "${consistency}"`, ...usage('get')] });
			const revText = values.get('--rev') ?? '0';
			if (!/^-?[0-9]+$/.test(revText)) return done({ kind: 'usage', lines: [`Error: invalid argument "${revText}" for "--rev" flag: strconv.ParseInt: parsing "${revText}": invalid syntax`, ...usage('get')] });
			return done({ kind: 'get', key: rest[0], serializable: consistency === 's', prefix, keysOnly: bools.has('--keys-only'), rev: Number(revText), format });
		}
		case 'del':
			if (rest.length < 1) return done({ kind: 'usage', lines: ['Error: del command needs arguments', ...usage('del')] });
			if (rest.length > 1) return done({ kind: 'usage', lines: ['Error: this playground deletes one key at a time (no range_end)', ...usage('del')] });
			return done({ kind: 'del', key: rest[0], format });
		case 'watch':
			if (rest.length !== 1) return done({ kind: 'usage', lines: ['Error: bad number of arguments', ...usage('watch')] });
			return done({ kind: 'watch', key: rest[0] });
		case 'endpoint': {
			if (sub === null) return done({ kind: 'usage', lines: usage('endpoint').slice(1).concat(['', 'COMMANDS:', '\thealth\tChecks the healthiness of endpoints specified in `--endpoints` flag', '\tstatus\tPrints out the status of endpoints specified in `--endpoints` flag']) });
			const cluster = bools.has('--cluster');
			if (sub === 'status') return done({ kind: 'status', format, cluster });
			if (sub === 'health') return done({ kind: 'health', format, cluster });
			return done({ kind: 'usage', lines: unknownCommand(sub, 'etcdctl endpoint', ['health', 'status']) });
		}
		case 'member': {
			if (sub === null) return done({ kind: 'usage', lines: usage('member').slice(1).concat(['', 'COMMANDS:', ...MEMBER_SUBS.map((c) => `\t${c}\t${SHORT[`member ${c}`]}`)]) });
			switch (sub) {
				case 'add': {
					if (rest.length < 1) return done({ kind: 'usage', lines: ['Error: member name not provided'] });
					if (rest.length > 1) {
						let ev = 'too many arguments';
						for (const a of rest) if (a.toLowerCase().startsWith('http')) ev += `, did you mean --peer-urls=${a}`;
						return done({ kind: 'usage', lines: [`Error: ${ev}`] });
					}
					const peerURLs = values.get('--peer-urls') ?? '';
					if (peerURLs === '') return done({ kind: 'usage', lines: ['Error: member peer urls not provided'] });
					return done({ kind: 'memberAdd', name: rest[0], peerURLs, learner: bools.has('--learner') });
				}
				case 'list':
					return done({ kind: 'memberList', format });
				case 'promote':
				case 'remove': {
					const bad = memberIdError(rest);
					if (bad !== null) return done({ kind: 'usage', lines: [bad] });
					return done(sub === 'promote' ? { kind: 'memberPromote', id: rest[0].toLowerCase() } : { kind: 'memberRemove', id: rest[0].toLowerCase() });
				}
			}
			return done({ kind: 'usage', lines: unknownCommand(sub, 'etcdctl member', MEMBER_SUBS) });
		}
		case 'check': {
			if (sub === null) return done({ kind: 'usage', lines: usage('check').slice(1).concat(['', 'COMMANDS:', ...CHECK_SUBS.map((c) => `\t${c}\t${SHORT[`check ${c}`]}`)]) });
			if (sub === 'datascale') return done({ kind: 'usage', lines: ['Error: this playground runs check perf (not check datascale: the simulated members have no process memory to measure)'] });
			if (sub !== 'perf') return done({ kind: 'usage', lines: unknownCommand(sub, 'etcdctl check', CHECK_SUBS) });
			const loadText = values.get('--load') ?? 's';
			const load = Object.prototype.hasOwnProperty.call(CHECK_PERF_ALIASES, loadText) ? CHECK_PERF_ALIASES[loadText] : undefined;
			// etcdctl: ExitWithError(ExitBadFeature, fmt.Errorf("unknown load option %v", checkPerfLoad))
			if (load === undefined) return done({ kind: 'usage', lines: [`Error: unknown load option ${loadText}`] });
			return done({ kind: 'checkPerf', load });
		}
		case 'move-leader': {
			if (rest.length !== 1) return done({ kind: 'usage', lines: ['Error: move-leader command needs 1 argument'] });
			if (!/^[0-9a-fA-F]{1,16}$/.test(rest[0])) return done({ kind: 'usage', lines: [`Error: strconv.ParseUint: parsing "${rest[0]}": invalid syntax`] });
			return done({ kind: 'moveLeader', id: rest[0].toLowerCase() });
		}
	}
	return done({ kind: 'usage', lines: unknownCommand(verb, 'etcdctl', TOP) });
}

/** etcdctl member promote/remove: the ID argument must be hex (strconv.ParseUint base 16). */
function memberIdError(rest: readonly string[]): string | null {
	if (rest.length !== 1) return 'Error: member ID is not provided';
	if (!/^[0-9a-fA-F]{1,16}$/.test(rest[0])) return `Error: bad member ID arg (strconv.ParseUint: parsing "${rest[0]}": invalid syntax), expecting ID in Hex`;
	return null;
}

/** A hex member ID as etcd compares it (leading zeros do not matter). */
export function sameId(a: string, b: string): boolean {
	return BigInt(`0x${a}`) === BigInt(`0x${b}`);
}

/** A Go time.Duration as etcdctl prints it: 834.5µs, 2.1ms, 1.5s. */
export function goDuration(ms: number): string {
	const trim = (x: number): string => String(Number(x.toFixed(6)));
	if (ms < 1) return `${trim(ms * 1000)}µs`;
	if (ms < 1000) return `${trim(ms)}ms`;
	return `${trim(ms / 1000)}s`;
}

export interface StatusRow {
	endpoint: string;
	id: string;
	version: string;
	dbSize: string;
	isLeader: boolean;
	isLearner: boolean;
	raftTerm: number;
	raftIndex: number;
	raftAppliedIndex: number;
	errors: string;
}

const STATUS_HEADERS = ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'];

function statusCells(r: StatusRow): string[] {
	return [r.endpoint, r.id, r.version, r.dbSize, String(r.isLeader), String(r.isLearner), String(r.raftTerm), String(r.raftIndex), String(r.raftAppliedIndex), r.errors];
}

/**
 * etcdctl -w table (olekukonko/tablewriter as etcdctl sets it up): headers upper-cased and centred,
 * cells right-aligned.
 */
export function goTable(headers: readonly string[], cells: readonly (readonly string[])[]): string[] {
	const head = headers.map((h) => h.toUpperCase());
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
	const centre = (s: string, w: number): string => {
		const left = Math.floor((w - s.length) / 2);
		return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
	};
	const top = '|' + head.map((h, i) => ` ${centre(h, widths[i])} `).join('|') + '|';
	const body = cells.map((c) => '|' + c.map((s, i) => ` ${s.padStart(widths[i])} `).join('|') + '|');
	return [rule, top, rule, ...body, rule];
}

/** etcdctl endpoint status -w table. */
export function statusTable(rows: StatusRow[]): string[] {
	return goTable(STATUS_HEADERS, rows.map(statusCells));
}

/** etcdctl's default (simple) output: comma separated. */
export function statusSimple(rows: StatusRow[]): string[] {
	return rows.map((r) => statusCells(r).join(', '));
}

/** go-humanize Bytes, as etcdctl prints DB SIZE. */
export function humanBytes(b: number): string {
	if (b < 1000) return `${b} B`;
	const units = ['kB', 'MB', 'GB'];
	let v = b;
	let u = -1;
	while (v >= 1000 && u < units.length - 1) {
		v /= 1000;
		u++;
	}
	return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}
