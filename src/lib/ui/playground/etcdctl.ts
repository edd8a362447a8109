/**
 * A small etcdctl: a shell-like tokenizer, the command parser and etcdctl's output formats. Pure
 * functions (no Svelte, no DOM): the console state turns parsed commands into session actions.
 * Error texts are etcdctl v3.5's own (cobra's for unknown commands).
 */

/** Member n listens on 127.0.0.1:2379, 12379, 22379, ... (one port block per member). */
export function endpointOf(n: number): string {
	return `127.0.0.1:${2379 + (n - 1) * 10000}`;
}

export function memberOfEndpoint(ep: string, size: number): number | null {
	const bare = ep.replace(/^https?:\/\//, '');
	for (let n = 1; n <= size; n++) if (endpointOf(n) === bare || `localhost:${2379 + (n - 1) * 10000}` === bare) return n;
	return null;
}

/** Member ids as etcd prints them (16 hex digits); fixed so screenshots and tests stay stable. */
const MEMBER_IDS = ['8e9e05c52164694d', '91bc3c398fb3c146', 'fd422379fda50e48', 'a8266ecf031671f3', '2d3c9c4b2a6d1e07', 'c7ac3f5e8d2b4a19', '5e1f0c9b7d3a2e64'];
export function memberIdOf(n: number): string {
	return MEMBER_IDS[(n - 1) % MEMBER_IDS.length];
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

export type Command =
	| { kind: 'put'; key: string; value: string }
	| { kind: 'get'; key: string; serializable: boolean }
	| { kind: 'del'; key: string }
	| { kind: 'watch'; key: string }
	| { kind: 'status'; table: boolean }
	| { kind: 'health' }
	| { kind: 'help' }
	| { kind: 'clear' }
	| { kind: 'empty' }
	/** a usage error: the lines etcdctl prints */
	| { kind: 'usage'; lines: string[] }
	| { kind: 'unterminated' };

export interface Parsed {
	command: Command;
	/** --endpoints=..., when given (raw text) */
	endpoint: string | null;
}

const TOP = ['put', 'get', 'del', 'watch', 'endpoint', 'help', 'clear'];

const USAGE: Record<string, string> = {
	put: 'etcdctl put [options] <key> <value> (<value> can also be given from stdin) [flags]',
	get: 'etcdctl get [options] <key> [range_end] [flags]',
	del: 'etcdctl del [options] <key> [range_end] [flags]',
	watch: 'etcdctl watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...] [flags]',
	endpoint: 'etcdctl endpoint <subcommand> [flags]',
	'endpoint status': 'etcdctl endpoint status [flags]',
	'endpoint health': 'etcdctl endpoint health [flags]'
};

const SHORT: Record<string, string> = {
	put: 'Puts the given key into the store',
	get: 'Gets the key or a range of keys',
	del: 'Removes the specified key or range of keys [key, range_end)',
	watch: 'Watches events stream on keys or prefixes',
	endpoint: 'Endpoint related commands',
	'endpoint status': 'Prints out the status of endpoints specified in `--endpoints` flag',
	'endpoint health': 'Checks the healthiness of endpoints specified in `--endpoints` flag'
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

/** Parses one console line. `etcdctl` in front is optional. */
export function parse(line: string): Parsed {
	const t = tokenize(line.trim());
	if (!t.ok) return { command: { kind: 'unterminated' }, endpoint: null };
	let tokens = t.tokens;
	if (tokens[0] === 'etcdctl') tokens = tokens.slice(1);
	let endpoint: string | null = null;
	let table: boolean | null = null;
	let consistency: string | null = null;
	const args: string[] = [];
	const unknownFlags: string[] = [];
	let help = false;
	for (let i = 0; i < tokens.length; i++) {
		const tok = tokens[i];
		const [name, inline] = tok.startsWith('--') && tok.includes('=') ? [tok.slice(0, tok.indexOf('=')), tok.slice(tok.indexOf('=') + 1)] : [tok, null];
		const value = (): string | null => (inline !== null ? inline : i + 1 < tokens.length ? tokens[++i] : null);
		if (tok === '--') {
			args.push(...tokens.slice(i + 1));
			break;
		} else if (name === '--endpoints') endpoint = value();
		else if (name === '--consistency') consistency = value();
		else if (name === '-w' || name === '--write-out') table = (value() ?? 'simple') === 'table';
		else if (name === '-h' || name === '--help') help = true;
		else if (tok.startsWith('-') && tok.length > 1) unknownFlags.push(name);
		else args.push(tok);
	}
	const done = (command: Command): Parsed => ({ command, endpoint });
	if (args.length === 0) return done(help ? { kind: 'help' } : { kind: 'empty' });
	const [verb, ...rest] = args;
	if (verb === 'help') return done({ kind: 'help' });
	if (verb === 'clear') return done({ kind: 'clear' });
	if (!TOP.includes(verb)) return done({ kind: 'usage', lines: unknownCommand(verb, 'etcdctl', TOP.filter((c) => c !== 'clear')) });
	if (help) return done({ kind: 'usage', lines: usage(verb === 'endpoint' && rest[0] ? `endpoint ${rest[0]}` in USAGE ? `endpoint ${rest[0]}` : 'endpoint' : verb).slice(1) });
	if (unknownFlags.length > 0) return done({ kind: 'usage', lines: [`Error: unknown flag: ${unknownFlags[0]}`, ...usage(verb)] });
	switch (verb) {
		case 'put':
			if (rest.length !== 2) return done({ kind: 'usage', lines: ['Error: put command needs 1 argument and input from stdin or 2 arguments', ...usage('put')] });
			return done({ kind: 'put', key: rest[0], value: rest[1] });
		case 'get': {
			if (rest.length < 1) return done({ kind: 'usage', lines: ['Error: get command needs arguments', ...usage('get')] });
			if (rest.length > 1) return done({ kind: 'usage', lines: ['Error: this playground reads one key at a time (no range_end)', ...usage('get')] });
			if (consistency !== null && consistency !== 'l' && consistency !== 's') return done({ kind: 'usage', lines: [`Error: unknown consistency flag "${consistency}"`, ...usage('get')] });
			return done({ kind: 'get', key: rest[0], serializable: consistency === 's' });
		}
		case 'del':
			if (rest.length < 1) return done({ kind: 'usage', lines: ['Error: del command needs arguments', ...usage('del')] });
			if (rest.length > 1) return done({ kind: 'usage', lines: ['Error: this playground deletes one key at a time (no range_end)', ...usage('del')] });
			return done({ kind: 'del', key: rest[0] });
		case 'watch':
			if (rest.length !== 1) return done({ kind: 'usage', lines: ['Error: bad number of arguments', ...usage('watch')] });
			return done({ kind: 'watch', key: rest[0] });
		case 'endpoint': {
			const sub = rest[0];
			if (sub === undefined) return done({ kind: 'usage', lines: usage('endpoint').slice(1).concat(['', 'COMMANDS:', '\thealth\tChecks the healthiness of endpoints specified in `--endpoints` flag', '\tstatus\tPrints out the status of endpoints specified in `--endpoints` flag']) });
			if (sub === 'status') return done({ kind: 'status', table: table ?? true });
			if (sub === 'health') return done({ kind: 'health' });
			return done({ kind: 'usage', lines: unknownCommand(sub, 'etcdctl endpoint', ['health', 'status']) });
		}
	}
	return done({ kind: 'usage', lines: unknownCommand(verb, 'etcdctl', TOP) });
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

/** etcdctl -w table (tablewriter: centred headers, right-aligned cells). */
export function statusTable(rows: StatusRow[]): string[] {
	const cells = rows.map(statusCells);
	const widths = STATUS_HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
	const centre = (s: string, w: number): string => {
		const left = Math.floor((w - s.length) / 2);
		return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
	};
	const head = '|' + STATUS_HEADERS.map((h, i) => ` ${centre(h, widths[i])} `).join('|') + '|';
	const body = cells.map((c) => '|' + c.map((s, i) => ` ${s.padStart(widths[i])} `).join('|') + '|');
	return [rule, head, rule, ...body, rule];
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
