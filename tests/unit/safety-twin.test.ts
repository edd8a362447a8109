/**
 * A simple twin for the safety checker (src/lib/check/safety.ts): each property of Raft's Figure 3
 * written the plain way, over the whole list of observations, compared with the incremental
 * checker on generated histories. Both must find the first violation of each check at the same
 * observation (after its first failure a check's count may differ: the checker keeps only the
 * first value it saw, the twin compares with every earlier one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKS, SafetyChecker, type Observation } from '../../src/lib/check/safety';

/** A leader's log in a generated history: terms by index (1-based), from the offset on. */
interface Log {
	offset: number;
	terms: number[];
}

type Obs =
	| { kind: 'leader'; node: number; term: number; log: Log }
	| Exclude<Observation, { kind: 'leader' }>;

const termAt = (log: Log, index: number): number => (index > log.offset && index <= log.offset + log.terms.length ? log.terms[index - log.offset - 1] : -1);

/** For each check, the position of the first observation that breaks it (or -1). The plain definitions. */
function twin(history: readonly Obs[]): Record<string, number> {
	const first: Record<string, number> = Object.fromEntries(CHECKS.map((c) => [c, -1]));
	const fail = (check: string, i: number): void => {
		if (first[check] === -1) first[check] = i;
	};
	history.forEach((o, i) => {
		const before = history.slice(0, i);
		switch (o.kind) {
			case 'leader': {
				// election safety: at most one leader per term
				if (before.some((p) => p.kind === 'leader' && p.term === o.term && p.node !== o.node)) fail('election safety', i);
				// leader completeness: every entry committed while an earlier term led is in its log
				for (const p of before) {
					if (p.kind !== 'commit' || (p.leaderTerm ?? p.term) >= o.term || p.index <= o.log.offset) continue;
					if (termAt(o.log, p.index) !== p.term) fail('leader completeness', i);
				}
				break;
			}
			case 'append':
				// log matching: one (index, term) is one entry with one previous term
				if (before.some((p) => p.kind === 'append' && p.index === o.index && p.term === o.term && (p.id !== o.id || p.prevTerm !== o.prevTerm))) fail('log matching', i);
				break;
			case 'apply':
				// state machine safety: one entry applied per index
				if (before.some((p) => p.kind === 'apply' && p.index === o.index && (p.term !== o.term || p.id !== o.id))) fail('state machine safety', i);
				break;
			case 'term':
			case 'restart': {
				// a member's term never goes down
				const earlier = before.filter((p) => (p.kind === 'term' || p.kind === 'restart') && p.node === o.node).map((p) => (p as { term: number }).term);
				if (earlier.some((t) => t > o.term)) fail('term monotonic', i);
				if (o.kind === 'restart' && o.vote !== 0 && votesOf(before, o.node, o.term).some((c) => c !== o.vote)) fail('one vote per term', i);
				break;
			}
			case 'voteSent':
				// one vote per term, across crashes
				if (votesOf(before, o.node, o.term).some((c) => c !== o.candidate)) fail('one vote per term', i);
				break;
			default:
				break;
		}
	});
	return first;
}

/** The candidates a member voted for (or restarted bound to) in a term. */
function votesOf(history: readonly Obs[], node: number, term: number): number[] {
	const out: number[] = [];
	for (const p of history) {
		if (p.node !== node) continue;
		if (p.kind === 'voteSent' && p.term === term) out.push(p.candidate);
		if (p.kind === 'restart' && p.term === term && p.vote !== 0) out.push(p.vote);
	}
	return out;
}

function checker(history: readonly Obs[]): Record<string, number> {
	const c = new SafetyChecker();
	const first: Record<string, number> = Object.fromEntries(CHECKS.map((k) => [k, -1]));
	history.forEach((o, i) => {
		const seen = c.count;
		const obs: Observation = o.kind === 'leader' ? { kind: 'leader', node: o.node, term: o.term, logOffset: o.log.offset, logTermAt: (x) => termAt(o.log, x) } : o;
		c.observe(obs, i);
		for (const v of c.violations.slice(seen)) if (first[v.check] === -1) first[v.check] = i;
	});
	return first;
}

// ---------------------------------------------------------------------------------------------
// histories: small worlds (3 members, terms 1-4, indexes 1-5) where collisions are likely.
// The committed log is one line of terms; a leader's log follows it up to some index and then
// holds terms that line never has (so "the highest committed entry is present" means "all are",
// as log matching makes it in a real log). Entries are applied only once a commit covered them.

const node = fc.integer({ min: 1, max: 3 });
const term = fc.integer({ min: 1, max: 4 });
const index = fc.integer({ min: 1, max: 5 });

const historyArb = fc
	.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 })
	.map((ts) => ts.sort((a, b) => a - b))
	.chain((line) => {
		const obs = fc.oneof(
			fc.record({ kind: fc.constant('leader' as const), node, term, keep: fc.integer({ min: 0, max: 5 }), extra: fc.integer({ min: 0, max: 2 }), offset: fc.integer({ min: 0, max: 3 }) }).map(
				({ kind, node: n, term: t, keep, extra, offset }): Obs => {
					const terms = [...line.slice(0, keep), ...Array.from({ length: extra }, (_, k) => 100 + k)].slice(Math.min(offset, keep));
					return { kind, node: n, term: t, log: { offset: Math.min(offset, keep), terms } };
				}
			),
			fc.record({ kind: fc.constant('append' as const), node, index, term, id: fc.integer({ min: 1, max: 3 }), prevTerm: term }),
			index.chain((i) => fc.record({ kind: fc.constant('commit' as const), node, index: fc.constant(i), term: fc.constant(line[i - 1]), leaderTerm: fc.integer({ min: line[i - 1], max: 5 }) })),
			fc.record({ kind: fc.constant('apply' as const), node, index, term, id: fc.integer({ min: 1, max: 2 }) }),
			fc.record({ kind: fc.constant('term' as const), node, term }),
			fc.record({ kind: fc.constant('voteSent' as const), node, term, candidate: node }),
			fc.record({ kind: fc.constant('crash' as const), node }),
			fc.record({ kind: fc.constant('restart' as const), node, term, vote: fc.integer({ min: 0, max: 3 }) })
		);
		return fc.array(obs, { maxLength: 30 });
	})
	.map((h) => {
		// apply only what a commit already covered
		let committed = 0;
		return h.filter((o) => {
			if (o.kind === 'commit') committed = Math.max(committed, o.index);
			return o.kind !== 'apply' || o.index <= committed;
		});
	});

describe('the safety checker and its simple twin', () => {
	it('property: both find the first violation of every check at the same observation', () => {
		fc.assert(
			fc.property(historyArb, (h) => {
				expect(checker(h)).toEqual(twin(h));
			}),
			{ numRuns: 3000, seed: 1302 }
		);
	});

	it('the generated histories break every check now and then (the comparison is not vacuous)', () => {
		const broken = new Set<string>();
		for (const h of fc.sample(historyArb, { numRuns: 2000, seed: 1303 })) for (const [k, v] of Object.entries(twin(h))) if (v >= 0) broken.add(k);
		expect([...broken].sort()).toEqual([...CHECKS].sort());
	});
});
