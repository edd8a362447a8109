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
		expect(parse('put foo bar').command).toEqual({ kind: 'put', key: 'foo', value: 'bar' });
		expect(parse('etcdctl get foo').command).toEqual({ kind: 'get', key: 'foo', serializable: false });
		expect(parse('get foo --consistency=s').command).toEqual({ kind: 'get', key: 'foo', serializable: true });
		expect(parse('get --consistency s foo').command).toEqual({ kind: 'get', key: 'foo', serializable: true });
		expect(parse('del foo').command).toEqual({ kind: 'del', key: 'foo' });
		expect(parse('watch foo').command).toEqual({ kind: 'watch', key: 'foo' });
		expect(parse('endpoint status').command).toEqual({ kind: 'status', table: true });
		expect(parse('endpoint status -w simple').command).toEqual({ kind: 'status', table: false });
		expect(parse('endpoint health').command).toEqual({ kind: 'health' });
		expect(parse('help').command).toEqual({ kind: 'help' });
		expect(parse('--help').command).toEqual({ kind: 'help' });
		expect(parse('   ').command).toEqual({ kind: 'empty' });
		expect(parse('--endpoints=127.0.0.1:12379 put a b')).toEqual({ command: { kind: 'put', key: 'a', value: 'b' }, endpoint: '127.0.0.1:12379' });
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
		const flag = parse('get foo --rev=3').command;
		expect(flag.kind === 'usage' && flag.lines[0]).toBe('Error: unknown flag: --rev');
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
