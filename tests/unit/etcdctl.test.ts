/** The playground console's etcdctl: tokenizer, parser, output formats. */
import { describe, expect, it } from 'vitest';
import { editDistance, endpointOf, goDuration, humanBytes, memberOfEndpoint, parse, statusTable, tokenize } from '../../src/lib/ui/playground/etcdctl';

describe('tokenize', () => {
	it('splits like a shell, with quotes and escapes', () => {
		expect(tokenize(`put  foo "hello world"`)).toEqual({ ok: true, tokens: ['put', 'foo', 'hello world'] });
		expect(tokenize(`put k 'a "b" c'`)).toEqual({ ok: true, tokens: ['put', 'k', 'a "b" c'] });
		expect(tokenize(`put k "say \\"hi\\""`)).toEqual({ ok: true, tokens: ['put', 'k', 'say "hi"'] });
		expect(tokenize(`put k a\\ b`)).toEqual({ ok: true, tokens: ['put', 'k', 'a b'] });
		expect(tokenize(`put k ""`)).toEqual({ ok: true, tokens: ['put', 'k', ''] });
		expect(tokenize(`put k "open`)).toEqual({ ok: false, error: 'unterminated' });
	});
});

describe('parse', () => {
	it('reads the commands the console knows', () => {
		const get = { kind: 'get', prefix: false, keysOnly: false, rev: 0, format: 'simple' };
		expect(parse('put foo bar').command).toEqual({ kind: 'put', key: 'foo', value: 'bar', format: 'simple' });
		expect(parse('etcdctl get foo').command).toEqual({ ...get, key: 'foo', serializable: false });
		expect(parse('get foo --consistency=s').command).toEqual({ ...get, key: 'foo', serializable: true });
		expect(parse('get --consistency s foo').command).toEqual({ ...get, key: 'foo', serializable: true });
		expect(parse('get foo --prefix --keys-only --rev=3 -w json').command).toEqual({ ...get, key: 'foo', serializable: false, prefix: true, keysOnly: true, rev: 3, format: 'json' });
		expect(parse('del foo').command).toEqual({ kind: 'del', key: 'foo', format: 'simple' });
		expect(parse('watch foo').command).toEqual({ kind: 'watch', key: 'foo' });
		// etcdctl's default output is simple
		expect(parse('endpoint status').command).toEqual({ kind: 'status', format: 'simple', cluster: false });
		expect(parse('endpoint status -w table --cluster').command).toEqual({ kind: 'status', format: 'table', cluster: true });
		expect(parse('endpoint status --write-out=json').command).toEqual({ kind: 'status', format: 'json', cluster: false });
		expect(parse('endpoint health --cluster').command).toEqual({ kind: 'health', format: 'simple', cluster: true });
		expect(parse('member add n4 --peer-urls=http://127.0.0.1:32380 --learner').command).toEqual({ kind: 'memberAdd', name: 'n4', peerURLs: 'http://127.0.0.1:32380', learner: true });
		expect(parse('member add n4 --peer-urls http://127.0.0.1:32380').command).toEqual({ kind: 'memberAdd', name: 'n4', peerURLs: 'http://127.0.0.1:32380', learner: false });
		expect(parse('member promote A8266ECF031671F3').command).toEqual({ kind: 'memberPromote', id: 'a8266ecf031671f3' });
		expect(parse('member remove fd422379fda50e48').command).toEqual({ kind: 'memberRemove', id: 'fd422379fda50e48' });
		expect(parse('member list -w table').command).toEqual({ kind: 'memberList', format: 'table' });
		expect(parse('move-leader 91bc3c398fb3c146').command).toEqual({ kind: 'moveLeader', id: '91bc3c398fb3c146' });
		expect(parse('help').command).toEqual({ kind: 'help' });
		expect(parse('--help').command).toEqual({ kind: 'help' });
		expect(parse('   ').command).toEqual({ kind: 'empty' });
		expect(parse('--endpoints=127.0.0.1:12379 put a b')).toEqual({ command: { kind: 'put', key: 'a', value: 'b', format: 'simple' }, endpoint: '127.0.0.1:12379', endpoints: ['127.0.0.1:12379'] });
		expect(parse('--endpoints=127.0.0.1:2379,127.0.0.1:12379 endpoint status').endpoints).toEqual(['127.0.0.1:2379', '127.0.0.1:12379']);
	});

	it('answers mistakes with etcdctl-style usage help', () => {
		const typo = parse('pt foo bar').command;
		expect(typo.kind).toBe('usage');
		if (typo.kind !== 'usage') return;
		expect(typo.lines[0]).toBe('Error: unknown command "pt" for "etcdctl"');
		expect(typo.lines).toContain('\tput');
		const missing = parse('put foo').command;
		expect(missing.kind === 'usage' && missing.lines[0]).toBe('Error: put command needs 1 argument and input from stdin or 2 arguments');
		const get = parse('get').command;
		expect(get.kind === 'usage' && get.lines[0]).toBe('Error: get command needs arguments');
		const flag = parse('put foo bar --prefix').command;
		expect(flag.kind === 'usage' && flag.lines[0]).toBe('Error: unknown flag: --prefix');
		const lines = (l: string): string[] => {
			const c = parse(l).command;
			return c.kind === 'usage' ? c.lines : [];
		};
		// etcdctl 3.5's own texts (member_command.go, move_leader_command.go, get_command.go, global.go)
		expect(lines('member add')[0]).toBe('Error: member name not provided');
		expect(lines('member add n4')[0]).toBe('Error: member peer urls not provided');
		expect(lines('member add n4 http://127.0.0.1:32380')[0]).toBe('Error: too many arguments, did you mean --peer-urls=http://127.0.0.1:32380');
		expect(lines('member promote')[0]).toBe('Error: member ID is not provided');
		expect(lines('member remove xyz')[0]).toBe('Error: bad member ID arg (strconv.ParseUint: parsing "xyz": invalid syntax), expecting ID in Hex');
		expect(lines('move-leader')[0]).toBe('Error: move-leader command needs 1 argument');
		expect(lines('get a b --prefix')[0]).toBe('Error: too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
		expect(lines('endpoint status -w yaml')[0]).toBe('Error: unsupported output format');
		expect(lines('member lst')[0]).toBe('Error: unknown command "lst" for "etcdctl member"');
		const sub = parse('endpoint stat').command;
		expect(sub.kind === 'usage' && sub.lines[0]).toBe('Error: unknown command "stat" for "etcdctl endpoint"');
		expect(parse('get foo "bar').command).toEqual({ kind: 'unterminated' });
	});
});

describe('formats', () => {
	it('maps members to endpoints and back', () => {
		expect([1, 2, 7].map(endpointOf)).toEqual(['127.0.0.1:2379', '127.0.0.1:12379', '127.0.0.1:62379']);
		expect(memberOfEndpoint('http://127.0.0.1:22379', 3)).toBe(3);
		expect(memberOfEndpoint('127.0.0.1:32379', 3)).toBeNull();
	});

	it('prints durations and sizes as Go and go-humanize do', () => {
		expect(goDuration(2.1)).toBe('2.1ms');
		expect(goDuration(0.8345)).toBe('834.5µs');
		expect(goDuration(1500)).toBe('1.5s');
		expect(humanBytes(20480)).toBe('20 kB');
		expect(humanBytes(999)).toBe('999 B');
	});

	it('draws the status table with every column', () => {
		const lines = statusTable([
			{ endpoint: '127.0.0.1:2379', id: '8e9e05c52164694d', version: '3.5.17', dbSize: '20 kB', isLeader: true, isLearner: false, raftTerm: 2, raftIndex: 8, raftAppliedIndex: 8, errors: '' }
		]);
		expect(lines).toHaveLength(5);
		expect(lines[1]).toMatch(/\|\s+ENDPOINT\s+\|\s+ID\s+\|\s+VERSION\s+\|\s+DB SIZE\s+\|\s+IS LEADER\s+\|\s+IS LEARNER\s+\|\s+RAFT TERM\s+\|\s+RAFT INDEX\s+\|\s+RAFT APPLIED INDEX\s+\|\s+ERRORS\s+\|/);
		expect(new Set(lines.map((l) => l.length)).size).toBe(1);
	});

	it('measures edit distance for suggestions', () => {
		expect(editDistance('pt', 'put')).toBe(1);
		expect(editDistance('watch', 'wacth')).toBe(2);
	});
});
