import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkLinearizable, type HistoryOp } from '../../src/lib/check/linearizability';

let nextId = 1;
function put(key: string, value: string, callMs: number, returnMs: number | null): HistoryOp {
  return { id: nextId++, kind: 'put', key, value, callMs, returnMs };
}
function get(key: string, value: string | null, callMs: number, returnMs: number | null): HistoryOp {
  return { id: nextId++, kind: 'get', key, value, callMs, returnMs };
}
function del(key: string, callMs: number, returnMs: number | null): HistoryOp {
  return { id: nextId++, kind: 'delete', key, value: null, callMs, returnMs };
}

describe('checkLinearizable: valid hand-written histories', () => {
  it('empty history', () => {
    expect(checkLinearizable([]).result).toBe(true);
  });

  it('sequential put/get/put/get', () => {
    const h = [put('a', '1', 0, 1), get('a', '1', 2, 3), put('a', '2', 4, 5), get('a', '2', 6, 7)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('get before any put reads null', () => {
    expect(checkLinearizable([get('a', null, 0, 1), put('a', 'x', 2, 3)]).result).toBe(true);
  });

  it('concurrent overlapping writes may be read in either order', () => {
    for (const [first, second] of [
      ['x', 'y'],
      ['y', 'x'],
    ] as const) {
      const h = [put('k', 'x', 0, 10), put('k', 'y', 1, 9), get('k', first, 11, 12), get('k', first, 13, 14)];
      expect(checkLinearizable(h).result).toBe(true);
      const h2 = [put('k', 'x', 0, 10), put('k', 'y', 1, 9), get('k', second, 11, 12)];
      expect(checkLinearizable(h2).result).toBe(true);
    }
  });

  it('reads concurrent with a write may return old or new value', () => {
    const base = [put('k', 'old', 0, 1), put('k', 'new', 5, 15)];
    expect(checkLinearizable([...base, get('k', 'old', 6, 8)]).result).toBe(true);
    expect(checkLinearizable([...base, get('k', 'new', 6, 8)]).result).toBe(true);
    // old then new across two sequential reads, both concurrent with the write
    expect(checkLinearizable([...base, get('k', 'old', 6, 8), get('k', 'new', 9, 10)]).result).toBe(true);
  });

  it('touching intervals (return == call) are concurrent', () => {
    // get called exactly when the put returns: may be ordered either way
    expect(checkLinearizable([put('k', 'v', 0, 5), get('k', null, 5, 6)]).result).toBe(true);
    expect(checkLinearizable([put('k', 'v', 0, 5), get('k', 'v', 5, 6)]).result).toBe(true);
    // but strictly after the return it must see the write
    expect(checkLinearizable([put('k', 'v', 0, 5), get('k', null, 5.5, 6)]).result).toBe(false);
  });

  it('delete then get null', () => {
    const h = [put('k', 'v', 0, 1), get('k', 'v', 2, 3), del('k', 4, 5), get('k', null, 6, 7)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('initial values', () => {
    const initial = new Map([['k', 'init']]);
    expect(checkLinearizable([get('k', 'init', 0, 1)], { initial }).result).toBe(true);
    expect(checkLinearizable([get('k', 'init', 0, 1)]).result).toBe(false);
    expect(checkLinearizable([get('k', null, 0, 1)], { initial }).result).toBe(false);
    expect(
      checkLinearizable([get('k', 'init', 0, 1), put('k', 'n', 2, 3), get('k', 'n', 4, 5)], { initial }).result,
    ).toBe(true);
  });

  it('ignores gets with unknown outcome', () => {
    expect(checkLinearizable([put('k', 'a', 0, 1), get('k', 'zzz', 2, null)]).result).toBe(true);
  });
});

describe('checkLinearizable: invalid hand-written histories', () => {
  it('stale read after a completed write', () => {
    const h = [put('k', 'a', 0, 1), put('k', 'b', 2, 3), get('k', 'a', 4, 5)];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
    expect(r.opIds).toEqual(h.map((o) => o.id));
  });

  it('sequential reads see new then old while a write is concurrent with both', () => {
    const h = [put('k', 'old', 0, 1), put('k', 'new', 2, 20), get('k', 'new', 3, 4), get('k', 'old', 5, 6)];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });

  it('read of a value never written', () => {
    const r = checkLinearizable([put('k', 'a', 0, 1), get('k', 'ghost', 2, 3)]);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });

  it('read sees a value before its put was called', () => {
    const r = checkLinearizable([get('k', 'v', 0, 1), put('k', 'v', 2, 3)]);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });

  it('lost update: completed write, later read sees the previous value', () => {
    const h = [put('k', 'v1', 0, 1), get('k', 'v1', 2, 3), put('k', 'v2', 4, 5), get('k', 'v1', 6, 7)];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });

  it('read null after a completed put with no delete', () => {
    expect(checkLinearizable([put('k', 'v', 0, 1), get('k', null, 2, 3)]).result).toBe(false);
  });
});

describe('checkLinearizable: unknown-outcome writes', () => {
  it('timed-out put whose value is read later is valid', () => {
    const h = [put('k', 'a', 0, 1), put('k', 't', 2, null), get('k', 't', 10, 11)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('timed-out put read much later, after other reads saw the old value, is valid', () => {
    const h = [put('k', 'a', 0, 1), put('k', 't', 2, null), get('k', 'a', 10, 11), get('k', 't', 100, 101)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('timed-out put never read is valid', () => {
    const h = [put('k', 'a', 0, 1), put('k', 't', 2, null), get('k', 'a', 10, 11), get('k', 'a', 12, 13)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('timed-out delete may or may not take effect', () => {
    const base = [put('k', 'a', 0, 1), del('k', 2, null)];
    expect(checkLinearizable([...base, get('k', 'a', 3, 4)]).result).toBe(true);
    expect(checkLinearizable([...base, get('k', null, 3, 4)]).result).toBe(true);
    expect(checkLinearizable([...base, get('k', null, 3, 4), get('k', 'a', 5, 6)]).result).toBe(false);
  });

  it('timed-out put read before its call time is invalid', () => {
    const h = [put('k', 'a', 0, 1), get('k', 't', 2, 3), put('k', 't', 5, null)];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });

  it('reading the timed-out value then later the older value (no other write) is invalid', () => {
    const h = [put('k', 'a', 0, 1), put('k', 't', 2, null), get('k', 't', 5, 6), get('k', 'a', 7, 8)];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('k');
  });
});

describe('checkLinearizable: per-key independence', () => {
  it('invalid key b with a fine key a -> false naming b', () => {
    const h = [
      put('a', '1', 0, 1),
      put('b', '1', 0, 1),
      get('a', '1', 2, 3),
      put('b', '2', 2, 3),
      get('b', '1', 4, 5), // stale
      get('a', '1', 4, 5),
    ];
    const r = checkLinearizable(h);
    expect(r.result).toBe(false);
    expect(r.key).toBe('b');
    expect(r.opIds).toEqual(h.filter((o) => o.key === 'b').map((o) => o.id));
  });

  it('interleaving across keys does not matter (a read of a may be "stale" w.r.t. b)', () => {
    const h = [put('a', '1', 0, 1), put('b', '1', 2, 3), get('a', '1', 4, 5), get('b', '1', 4, 5)];
    expect(checkLinearizable(h).result).toBe(true);
  });

  it('first failing key in sorted order is reported', () => {
    const h = [get('z', 'bad', 0, 1), get('m', 'bad', 0, 1)];
    expect(checkLinearizable(h).key).toBe('m');
  });
});

describe('checkLinearizable: budget', () => {
  function pathological(n: number): HistoryOp[] {
    // n fully concurrent puts of distinct values and a concurrent read of a value
    // never written: the search must exhaust a huge space before failing.
    const h: HistoryOp[] = [];
    for (let i = 0; i < n; i++) h.push(put('k', `v${i}`, 0, 100));
    for (let i = 0; i < n; i++) h.push(get('k', `v${(i * 7) % n}`, 1, 99));
    h.push(get('k', 'never', 1, 99));
    return h;
  }

  it('tiny budget returns unknown', () => {
    const r = checkLinearizable(pathological(24), { budgetSteps: 1000 });
    expect(r.result).toBe('unknown');
    expect(r.steps).toBeLessThanOrEqual(1000);
  });

  it('false from an earlier key wins over later budget exhaustion', () => {
    const h = [get('a', 'bad', 0, 1), ...pathological(24)];
    const r = checkLinearizable(h, { budgetSteps: 1000 });
    expect(r.result).toBe(false);
    expect(r.key).toBe('a');
  });

  it('steps are reported', () => {
    const r = checkLinearizable([put('k', 'a', 0, 1), get('k', 'a', 2, 3)]);
    expect(r.result).toBe(true);
    expect(r.steps).toBeGreaterThan(0);
  });
});

describe('checkLinearizable: many unknown-outcome writes', () => {
  function timedOut(k: number): HistoryOp[] {
    const h: HistoryOp[] = [put('x', 'orig', 0, 1)];
    for (let i = 0; i < k; i++) h.push(put('x', `t${i}`, 2 + i, null));
    for (let i = 0; i < 50; i++) h.push(get('x', 'orig', 100 + 2 * i, 101 + 2 * i));
    return h;
  }

  it('30 timed-out writes that never took effect do not blow up the search', () => {
    const h = timedOut(30);
    const ok = checkLinearizable(h);
    expect(ok.result).toBe(true);
    expect(ok.steps).toBeLessThan(100_000);
    const bad = checkLinearizable([...h, get('x', 'bogus', 1000, 1001)]);
    expect(bad.result).toBe(false);
    expect(bad.steps).toBeLessThan(100_000);
  });

  it('one of many timed-out writes observed late is accepted; observed then reverted is not', () => {
    const h = [...timedOut(30), get('x', 't17', 1000, 1001), get('x', 't17', 1002, 1003)];
    expect(checkLinearizable(h).result).toBe(true);
    expect(checkLinearizable([...h, get('x', 'orig', 1004, 1005)]).result).toBe(false);
    // ...unless another timed-out write of the same value could explain it
    expect(checkLinearizable([...h, put('x', 'orig', 500, null), get('x', 'orig', 1004, 1005)]).result).toBe(true);
  });
});

describe('checkLinearizable: long histories', () => {
  it('a long sequential history does not overflow the stack', () => {
    const h: HistoryOp[] = [];
    let t = 0;
    for (let i = 0; i < 20_000; i++) {
      h.push(put('k', `v${i}`, t, t + 1));
      h.push(get('k', `v${i}`, t + 2, t + 3));
      t += 4;
    }
    expect(checkLinearizable(h).result).toBe(true);
    h.push(get('k', 'v0', t, t + 1));
    expect(checkLinearizable(h).result).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------

/** Brute-force twin: try every permutation of every allowed subset of ops. */
function bruteForce(ops: readonly HistoryOp[], initial: string | null): boolean {
  const relevant = ops.filter((o) => !(o.kind === 'get' && o.returnMs === null));
  const required = relevant.filter((o) => o.returnMs !== null);
  const optional = relevant.filter((o) => o.returnMs === null);
  const ret = (o: HistoryOp): number => (o.returnMs === null ? Infinity : o.returnMs);

  const tryPerms = (chosen: HistoryOp[]): boolean => {
    const used = new Array<boolean>(chosen.length).fill(false);
    const seq: HistoryOp[] = [];
    const rec = (): boolean => {
      if (seq.length === chosen.length) {
        // real-time order: if a returns before b is called, a must come first
        for (let i = 0; i < seq.length; i++) {
          for (let j = i + 1; j < seq.length; j++) {
            if (ret(seq[j]!) < seq[i]!.callMs) return false;
          }
        }
        let state = initial;
        for (const o of seq) {
          if (o.kind === 'get') {
            if (o.value !== state) return false;
          } else if (o.kind === 'put') {
            state = o.value;
          } else {
            state = null;
          }
        }
        return true;
      }
      for (let i = 0; i < chosen.length; i++) {
        if (used[i]) continue;
        used[i] = true;
        seq.push(chosen[i]!);
        const ok = rec();
        seq.pop();
        used[i] = false;
        if (ok) return true;
      }
      return false;
    };
    return rec();
  };

  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const chosen = [...required, ...optional.filter((_, i) => (mask >> i) & 1)];
    if (tryPerms(chosen)) return true;
  }
  return false;
}

const VALUES = ['a', 'b', 'c'] as const;

const opArb = fc.record({
  kind: fc.constantFrom<'put' | 'get' | 'delete'>('put', 'put', 'get', 'get', 'delete'),
  value: fc.constantFrom<string | null>(null, ...VALUES),
  callMs: fc.integer({ min: 0, max: 12 }),
  dur: fc.integer({ min: 0, max: 6 }),
  unknown: fc.boolean(),
});

const smallHistoryArb = fc.array(opArb, { minLength: 0, maxLength: 6 }).map((raw) =>
  raw.map((r, i): HistoryOp => {
    const kind = r.kind;
    const value = kind === 'delete' ? null : kind === 'put' ? (r.value ?? 'a') : r.value;
    const returnMs = r.unknown && kind !== 'get' ? null : r.callMs + r.dur;
    return { id: i, kind, key: 'k', value, callMs: r.callMs, returnMs };
  }),
);

describe('checkLinearizable: properties', () => {
  it('agrees with a brute-force checker on small single-key histories', () => {
    fc.assert(
      fc.property(smallHistoryArb, fc.constantFrom<string | null>(null, 'a'), (h, init) => {
        const initial = init === null ? undefined : new Map([['k', init]]);
        const expected = bruteForce(h, init);
        const r = checkLinearizable(h, { initial });
        expect(r.result).toBe(expected);
        if (!expected) expect(r.key).toBe('k');
      }),
      { numRuns: 2000, seed: 0x5eed },
    );
  });

  it('agrees with brute force when unknown-outcome gets are included (and ignored)', () => {
    const arb = fc.array(
      fc.record({ callMs: fc.integer({ min: 0, max: 12 }), value: fc.constantFrom<string | null>(null, 'a', 'z') }),
      { maxLength: 2 },
    );
    fc.assert(
      fc.property(smallHistoryArb, arb, (h, extras) => {
        const all = [
          ...h,
          ...extras.map((e, i): HistoryOp => ({ id: 100 + i, kind: 'get', key: 'k', value: e.value, callMs: e.callMs, returnMs: null })),
        ];
        expect(checkLinearizable(all).result).toBe(bruteForce(h, null));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('agrees with brute force behind a long sequential prefix with many pending unknown writes', () => {
    // The prefix makes the linearized set span many bitset words (and the 40
    // timed-out writes with never-read values fill two words of the unknown
    // region), exercising the compact memo representation.
    fc.assert(
      fc.property(smallHistoryArb, fc.constantFrom<string | null>(null, 'a', 'b'), fc.integer({ min: 30, max: 120 }), (h, init, len) => {
        const prefix: HistoryOp[] = [];
        let t = 0;
        for (let i = 0; i < len; i++) {
          const v = i === len - 1 ? init : `p${i}`;
          prefix.push(v === null ? { id: 1000 + 2 * i, kind: 'delete', key: 'k', value: null, callMs: t, returnMs: t + 1 } : { id: 1000 + 2 * i, kind: 'put', key: 'k', value: v, callMs: t, returnMs: t + 1 });
          prefix.push({ id: 1001 + 2 * i, kind: 'get', key: 'k', value: v, callMs: t + 2, returnMs: t + 3 });
          if (i % 3 === 0) prefix.push({ id: 5000 + i, kind: 'put', key: 'k', value: `u${i}`, callMs: t + 1, returnMs: null });
          t += 4;
        }
        const shifted = h.map((o) => ({ ...o, callMs: o.callMs + t, returnMs: o.returnMs === null ? null : o.returnMs + t }));
        expect(checkLinearizable([...prefix, ...shifted]).result).toBe(bruteForce(h, init));
      }),
      { numRuns: 400, seed: 99 },
    );
  });

  const execArb = fc.array(
    fc.record({
      key: fc.constantFrom('k1', 'k2', 'k3'),
      kind: fc.constantFrom<'put' | 'get' | 'delete'>('put', 'put', 'get', 'get', 'get', 'delete'),
      value: fc.constantFrom(...VALUES, 'd', 'e'),
      callMs: fc.integer({ min: 0, max: 200 }),
      dur: fc.integer({ min: 0, max: 40 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      unknown: fc.integer({ min: 0, max: 9 }), // 0: unknown & applied, 1: unknown & never applied
    }),
    { maxLength: 60 },
  );

  it('histories produced by really executing ops at instants inside their intervals are linearizable', () => {
    fc.assert(
      fc.property(execArb, (raw) => {
        interface Planned {
          idx: number;
          instant: number | null; // null: never takes effect
        }
        const ops: HistoryOp[] = raw.map((r, i) => {
          const isWrite = r.kind !== 'get';
          const unknown = isWrite && r.unknown <= 1;
          return {
            id: i,
            kind: r.kind,
            key: r.key,
            value: r.kind === 'put' ? r.value : null,
            callMs: r.callMs,
            returnMs: unknown ? null : r.callMs + r.dur,
          };
        });
        const plan: Planned[] = raw.map((r, i) => {
          const op = ops[i]!;
          if (op.returnMs === null) {
            // unknown write: applied at some instant after its call (possibly far later), or never
            return { idx: i, instant: r.unknown === 0 ? r.callMs + r.at * 300 : null };
          }
          return { idx: i, instant: r.callMs + r.at * r.dur };
        });
        const timeline = plan
          .filter((p): p is { idx: number; instant: number } => p.instant !== null)
          .sort((a, b) => a.instant - b.instant || a.idx - b.idx);
        const store = new Map<string, string | null>();
        for (const p of timeline) {
          const op = ops[p.idx]!;
          if (op.kind === 'get') op.value = store.get(op.key) ?? null;
          else if (op.kind === 'put') store.set(op.key, op.value);
          else store.set(op.key, null);
        }
        expect(checkLinearizable(ops).result).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
