/**
 * The console's output against etcdctl 3.5's exact formats (etcdctl/ctlv3/command printer_simple.go,
 * printer_table.go, printer_json.go, member_command.go, ep_command.go), read from a real run.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';
import { FrameBuilder } from '../../src/lib/ui/session/frame';
import { healthLines, memberAddLines, memberListLines, statusLines } from '../../src/lib/ui/playground/etcdctl-output';
import { goTable, idDecimal, parse } from '../../src/lib/ui/playground/etcdctl';
import type { Step } from '../../src/lib/scenario/types';

function cluster(steps: Step[], untilMs: number, size = 3) {
	return runScenario(validateScenario({ version: 1, seed: 7, cluster: { size }, steps, untilMs })).cluster;
}
const text = (lines: { text: string }[]): string[] => lines.map((l) => l.text);

describe('member list', () => {
	const c = cluster([{ atMs: 2000, do: 'memberAdd', learner: true, start: false }], 4000);
	it('simple: ID, STATUS, NAME, PEER ADDRS, CLIENT ADDRS, IS LEARNER, comma separated, ordered by ID; an unstarted member has no name', () => {
		expect(text(memberListLines(c.registry, 'simple', 1, 2))).toEqual([
			'8e9e05c52164694d, started, n1, http://127.0.0.1:2380, http://127.0.0.1:2379, false',
			'91bc3c398fb3c146, started, n2, http://127.0.0.1:12380, http://127.0.0.1:12379, false',
			'a8266ecf031671f3, unstarted, , http://127.0.0.1:32380, , true',
			'fd422379fda50e48, started, n3, http://127.0.0.1:22380, http://127.0.0.1:22379, false'
		]);
	});
	it('table: upper-case centred headers, right-aligned cells', () => {
		expect(text(memberListLines(c.registry, 'table', 1, 2))).toEqual([
			'+------------------+-----------+------+------------------------+------------------------+------------+',
			'|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
			'+------------------+-----------+------+------------------------+------------------------+------------+',
			'| 8e9e05c52164694d |   started |   n1 |  http://127.0.0.1:2380 |  http://127.0.0.1:2379 |      false |',
			'| 91bc3c398fb3c146 |   started |   n2 | http://127.0.0.1:12380 | http://127.0.0.1:12379 |      false |',
			'| a8266ecf031671f3 | unstarted |      | http://127.0.0.1:32380 |                        |       true |',
			'| fd422379fda50e48 |   started |   n3 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |',
			'+------------------+-----------+------+------------------------+------------------------+------------+'
		]);
	});
	it('json: the MemberListResponse as Go marshals it (uint64 ids in decimal, empty fields left out)', () => {
		const json = text(memberListLines(c.registry, 'json', 1, 2))[0];
		expect(json.startsWith(`{"header":{"cluster_id":${idDecimal('cdf818194e3a8c32')},"member_id":${idDecimal('8e9e05c52164694d')},"raft_term":2},"members":[{"ID":${idDecimal('8e9e05c52164694d')},"name":"n1","peerURLs":["http://127.0.0.1:2380"],"clientURLs":["http://127.0.0.1:2379"]}`)).toBe(true);
		expect(json).toContain(`{"ID":${idDecimal('a8266ecf031671f3')},"peerURLs":["http://127.0.0.1:32380"],"isLearner":true}`);
		expect(idDecimal('8e9e05c52164694d')).toBe('10276657743932975437');
	});
});

describe('member add', () => {
	it('prints the added line and the new member’s environment (unstarted members have no name)', () => {
		const c = cluster([{ atMs: 2000, do: 'memberAdd', learner: true, start: false }], 4000);
		const op = c.ops[0];
		expect(op.status).toBe('ok');
		const cmd = parse('member add infra4 --peer-urls=http://127.0.0.1:32380 --learner').command;
		expect(text(memberAddLines(cmd, op, c.registry))).toEqual([
			'Member a8266ecf031671f3 added to cluster cdf818194e3a8c32',
			'',
			'ETCD_NAME="infra4"',
			'ETCD_INITIAL_CLUSTER="n1=http://127.0.0.1:2380,n2=http://127.0.0.1:12380,infra4=http://127.0.0.1:32380,n3=http://127.0.0.1:22380"',
			'ETCD_INITIAL_ADVERTISE_PEER_URLS="http://127.0.0.1:32380"',
			'ETCD_INITIAL_CLUSTER_STATE="existing"'
		]);
	});
});

describe('endpoint status and health', () => {
	const c = cluster([{ atMs: 1000, do: 'put', node: 1, key: 'foo', value: 'bar' }, { atMs: 2000, do: 'kill', node: 3 }], 3000);
	const frame = new FrameBuilder().build(c, null, []);
	const leader = c.currentLeader() as number;
	it('simple by default, one line per endpoint; an unreachable endpoint is reported first, on stderr', () => {
		const lines = statusLines(frame, ['127.0.0.1:2379', '127.0.0.1:12379', '127.0.0.1:22379'], 'simple');
		expect(lines[0]).toEqual({ text: 'Failed to get the status of endpoint 127.0.0.1:22379 (context deadline exceeded)', kind: 'err' });
		expect(lines).toHaveLength(3);
		expect(lines[1].text).toMatch(/^127\.0\.0\.1:2379, 8e9e05c52164694d, 3\.5\.17, \d+ kB, (true|false), false, \d+, \d+, \d+, $/);
		expect(lines[leader].text).toContain(', true, false, ');
	});
	it('table: every endpoint a row', () => {
		const lines = statusLines(frame, ['127.0.0.1:2379', '127.0.0.1:12379'], 'table');
		expect(lines).toHaveLength(6);
		expect(lines[1].text).toMatch(/^\|\s+ENDPOINT\s+\|\s+ID\s+\|\s+VERSION\s+\|\s+DB SIZE\s+\|\s+IS LEADER\s+\|\s+IS LEARNER\s+\|\s+RAFT TERM\s+\|\s+RAFT INDEX\s+\|\s+RAFT APPLIED INDEX\s+\|\s+ERRORS\s+\|$/);
	});
	it('json: Endpoint and Status with etcd’s field names', () => {
		const [line] = statusLines(frame, ['127.0.0.1:2379'], 'json');
		const v = JSON.parse(line.text.replace(/:(\d{16,})/g, ':"$1"')) as [{ Endpoint: string; Status: Record<string, unknown> }];
		expect(v[0].Endpoint).toBe('127.0.0.1:2379');
		expect(Object.keys(v[0].Status)).toEqual(['header', 'version', 'dbSize', 'leader', 'raftIndex', 'raftTerm', 'raftAppliedIndex', 'dbSizeInUse']);
		expect(Object.keys(v[0].Status.header as object)).toEqual(['cluster_id', 'member_id', 'revision', 'raft_term']);
	});
	it('health: simple lines, table, json; "unhealthy cluster" when one failed', () => {
		const rows = [
			{ ep: '127.0.0.1:2379', health: true, took: '2.1ms', error: '' },
			{ ep: '127.0.0.1:22379', health: false, took: '', error: 'context deadline exceeded' }
		];
		expect(text(healthLines(rows, 'simple'))).toEqual([
			'127.0.0.1:2379 is healthy: successfully committed proposal: took = 2.1ms',
			'127.0.0.1:22379 is unhealthy: failed to commit proposal: context deadline exceeded',
			'Error: unhealthy cluster'
		]);
		expect(text(healthLines(rows, 'json'))[0]).toBe('[{"endpoint":"127.0.0.1:2379","health":true,"took":"2.1ms"},{"endpoint":"127.0.0.1:22379","health":false,"took":"","error":"context deadline exceeded"}]');
		expect(text(healthLines(rows.slice(0, 1), 'table'))).toEqual(goTable(['endpoint', 'health', 'took', 'error'], [['127.0.0.1:2379', 'true', '2.1ms', '']]));
	});
});

describe('get --prefix, --keys-only, --rev', () => {
	it('reads ranges and past revisions from the member’s store, with etcd’s errors', () => {
		const c = cluster([
			{ atMs: 1000, do: 'put', node: 1, key: 'a/1', value: 'x' },
			{ atMs: 1100, do: 'put', node: 1, key: 'a/2', value: 'y' },
			{ atMs: 1200, do: 'put', node: 1, key: 'a/1', value: 'z' },
			{ atMs: 1300, do: 'put', node: 1, key: 'b', value: 'w' }
		], 2000);
		const now = c.readRange(1, 'a/', true, 0);
		expect('kvs' in now && now.kvs.map((k) => [k.key, k.value, k.version])).toEqual([['a/1', 'z', 2], ['a/2', 'y', 1]]);
		const past = c.readRange(1, 'a/', true, 3);
		expect('kvs' in past && past.kvs.map((k) => [k.key, k.value, k.modRevision])).toEqual([['a/1', 'x', 2], ['a/2', 'y', 3]]);
		expect(c.readRange(1, 'a/1', false, 99)).toEqual({ error: 'Error: etcdserver: mvcc: required revision is a future revision' });
	});
});
