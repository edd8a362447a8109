/** The client history drawn: rows per key and client, effect order, stale serializable reads. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/lib/scenario/run';
import { validateScenario } from '../../src/lib/scenario/validate';
import { historyLanes } from '../../src/lib/ui/playground/history-lanes';

function run(steps: unknown[]) {
	const s = validateScenario({ version: 1, seed: 7, cluster: { size: 3 }, steps, untilMs: 12_000 });
	return runScenario(s).cluster;
}

describe('history lanes', () => {
	it('one row per key and client; writes ordered by revision, a read after the write it saw', () => {
		const c = run([
			{ atMs: 3000, do: 'put', node: 1, key: 'a', value: '1' },
			{ atMs: 3100, do: 'put', node: 2, key: 'a', value: '2' },
			{ atMs: 3200, do: 'get', node: 3, key: 'a' },
			{ atMs: 3300, do: 'put', node: 1, key: 'b', value: 'x' }
		]);
		const l = historyLanes(c.ops, c.nowUs);
		expect(l.lanes.map((x) => `${x.key}|n${x.node}`)).toEqual(['a|n1', 'a|n2', 'a|n3', 'b|n1']);
		const bars = l.lanes.flatMap((x) => x.bars);
		const order = (kind: string, node: number) => bars.find((b) => b.op.kind === kind && b.op.node === node && b.op.key === 'a')?.order;
		expect(order('put', 1)).toBe(1);
		expect(order('put', 2)).toBe(2);
		expect(order('get', 3)).toBe(3);
		expect(bars.find((b) => b.op.key === 'b')?.order).toBe(1);
		expect(l.stale).toBe(0);
		expect(bars.every((b) => !b.open)).toBe(true);
	});

	it('a serializable read from a member cut off from a write that already came back is stale; a timed-out put is open-ended', () => {
		const c = run([
			{ atMs: 3000, do: 'partition', groups: [[1, 2], [3]] },
			{ atMs: 3500, do: 'put', node: 1, key: 'k', value: 'new' },
			{ atMs: 4000, do: 'get', node: 3, key: 'k', serializable: true },
			{ atMs: 4000, do: 'put', node: 3, key: 'k', value: 'lost' }
		]);
		const l = historyLanes(c.ops, c.nowUs);
		const bars = l.lanes.flatMap((x) => x.bars);
		const read = bars.find((b) => b.op.kind === 'get');
		expect(read?.op.value).toBeNull();
		expect(read?.stale).toBe(true);
		expect(l.stale).toBe(1);
		const lost = bars.find((b) => b.op.value === 'lost');
		expect(lost?.open).toBe(true);
		expect(lost?.order).toBeNull();
	});

	it('requests to one endpoint that overlap take rows of their own; one sent after the last came back shares its row', () => {
		const c = run([
			{ atMs: 3000, do: 'put', node: 1, key: 'k', value: 'a' },
			{ atMs: 3500, do: 'put', node: 1, key: 'k', value: 'b' },
			{ atMs: 4000, do: 'kill', node: 2 },
			{ atMs: 4000, do: 'kill', node: 3 },
			{ atMs: 4500, do: 'put', node: 1, key: 'k', value: 'c' },
			{ atMs: 4600, do: 'put', node: 1, key: 'k', value: 'd' }
		]);
		const l = historyLanes(c.ops, c.nowUs);
		const rowOf = (v: string) => l.lanes.find((x) => x.bars.some((b) => b.op.value === v));
		// a and b each came back before the next was sent: one row
		expect(rowOf('a')).toBe(rowOf('b'));
		expect(rowOf('a')?.row).toBe(0);
		// c never commits (2 of 3 down) and runs on: d, sent while c waits, has a row of its own
		expect(rowOf('c')?.bars.find((b) => b.op.value === 'c')?.open).toBe(true);
		expect(rowOf('d')).not.toBe(rowOf('c'));
		expect(l.lanes.map((x) => `${x.key}|n${x.node}|${x.row}`)).toEqual(['k|n1|0', 'k|n1|1']);
		// no two bars of a row overlap in time
		for (const lane of l.lanes)
			for (let i = 1; i < lane.bars.length; i++) expect(lane.bars[i - 1].op.returnUs ?? Infinity).toBeLessThan(lane.bars[i].op.callUs);
	});
});
