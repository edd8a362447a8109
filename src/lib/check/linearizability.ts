/**
 * Linearizability checker for a key-value client history.
 *
 * Algorithm: Wing & Gong's search over an "entry list" of call/return events,
 * with Lowe's memoization (a cache of (set of linearized ops, model state)
 * pairs already explored), applied one key at a time (P-compositionality: the
 * register of each key is an independent object, so the whole history is
 * linearizable iff every per-key sub-history is).
 *
 * Unknown-outcome writes: such a write W may be delayed arbitrarily, so any
 * linearization can be made "canonical" by dropping every unknown write that
 * is not immediately followed by a get (a write right after W overwrites it;
 * nothing after W means W had no visible effect). The search therefore only
 * lets a get follow an unknown write. Without this, every unknown write that
 * never took effect would be tried at every point of the history, which is
 * exponential in the number of such writes.
 *
 * The search is iterative (explicit stack) so long histories cannot overflow
 * the call stack. Pure and deterministic: no randomness, no clocks.
 */

export interface HistoryOp {
  id: number; // unique
  kind: 'put' | 'get' | 'delete';
  key: string;
  value: string | null; // put: value written; get: value read (null = key absent); delete: null
  callMs: number; // invocation time
  returnMs: number | null; // response time; null = outcome unknown (a timed-out write): it may have taken effect at ANY time after callMs, or never
}

export type LinearizableResult = true | false | 'unknown';

export interface LinearizabilityReport {
  result: LinearizableResult;
  /** when false: the key whose sub-history is not linearizable, and the ids of its ops */
  key?: string;
  opIds?: number[];
  /** how many search steps were used in total */
  steps: number;
}

export const DEFAULT_BUDGET_STEPS = 2_000_000;

const KIND_GET = 0;
const KIND_WRITE = 1; // put or delete: sets the register to `arg`

/** Model states / values are interned per key: 0 = absent (null), 1.. = strings. */
const ABSENT = 0;

interface KeyResult {
  outcome: 'ok' | 'fail' | 'budget';
  steps: number;
}

/** A deterministic 32-bit mixer (murmur3 finalizer) used for the memo hash. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

interface MemoEntry {
  state: number;
  /** words [0, full) of the required region are all ones */
  full: number;
  /** required-region words [full, rEnd) are stored; words in [rEnd, reqWords) are zero */
  rEnd: number;
  /** unknown-region words [uStart, uEnd) are stored; all others are zero */
  uStart: number;
  uEnd: number;
  data: Uint32Array;
}

/**
 * Memo of explored configurations: (bitset of linearized ops, state).
 * Hash buckets keyed by an incrementally maintained 32-bit hash; collisions
 * are resolved by an exact comparison. Bitsets are stored trimmed (leading
 * all-ones words and trailing zero words of each region are implied) so that a
 * long, mostly sequential history uses O(1) words per entry, not O(n).
 */
class Memo {
  private readonly buckets = new Map<number, MemoEntry[]>();

  /** Adds the configuration; returns false if it was already present. */
  add(
    hash: number,
    bits: Uint32Array,
    state: number,
    full: number,
    rEnd: number,
    uStart: number,
    uEnd: number,
  ): boolean {
    const rLen = rEnd - full;
    const bucket = this.buckets.get(hash);
    if (bucket !== undefined) {
      for (const e of bucket) {
        if (e.state !== state || e.full !== full || e.rEnd !== rEnd || e.uStart !== uStart || e.uEnd !== uEnd) {
          continue;
        }
        const d = e.data;
        let same = true;
        for (let i = 0; i < rLen; i++) {
          if (d[i] !== bits[full + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          for (let i = 0, len = uEnd - uStart; i < len; i++) {
            if (d[rLen + i] !== bits[uStart + i]) {
              same = false;
              break;
            }
          }
        }
        if (same) return false;
      }
    }
    const data = new Uint32Array(rLen + uEnd - uStart);
    data.set(bits.subarray(full, rEnd), 0);
    data.set(bits.subarray(uStart, uEnd), rLen);
    const entry: MemoEntry = { state, full, rEnd, uStart, uEnd, data };
    if (bucket === undefined) this.buckets.set(hash, [entry]);
    else bucket.push(entry);
    return true;
  }
}

/**
 * Checks one key's sub-history. `keyOps` excludes ignored ops (gets with
 * unknown outcome). Returns 'budget' if more than `budget` steps would be needed.
 */
function checkKey(keyOps: readonly HistoryOp[], initial: string | null, budget: number): KeyResult {
  const n = keyOps.length;
  if (n === 0) return { outcome: 'ok', steps: 0 };

  // Op layout: required (completed) ops first, then unknown-outcome writes;
  // each group ordered by call time. Bit positions follow the same order, with
  // the unknown region starting on a fresh word. Ordering by call time keeps
  // the linearized set of a mostly sequential history "all ones up to a
  // frontier", which the memo stores compactly.
  const order = keyOps.map((_, i) => i);
  const isReq = (i: number): number => (keyOps[i]!.returnMs !== null ? 0 : 1);
  order.sort((a, b) => isReq(a) - isReq(b) || keyOps[a]!.callMs - keyOps[b]!.callMs || a - b);
  const ops = order.map((i) => keyOps[i]!);
  let requiredCount = 0;
  while (requiredCount < n && ops[requiredCount]!.returnMs !== null) requiredCount++;
  const reqWords = (requiredCount + 31) >>> 5;
  const totalWords = reqWords + ((n - requiredCount + 31) >>> 5);
  const wordOf = new Int32Array(n);
  const maskOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i < requiredCount ? i : reqWords * 32 + (i - requiredCount);
    wordOf[i] = pos >>> 5;
    maskOf[i] = 1 << (pos & 31);
  }

  // Intern values.
  const valueIds = new Map<string, number>();
  const intern = (v: string | null): number => {
    if (v === null) return ABSENT;
    let id = valueIds.get(v);
    if (id === undefined) {
      id = valueIds.size + 1;
      valueIds.set(v, id);
    }
    return id;
  };
  const kind = new Uint8Array(n);
  const arg = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    kind[i] = op.kind === 'get' ? KIND_GET : KIND_WRITE;
    arg[i] = op.kind === 'delete' ? ABSENT : intern(op.value);
  }
  const initialState = intern(initial);

  // Build the entry list. Node 0 is the head sentinel; nodes 1..: events.
  // Events sorted by time; at equal times calls precede returns (closed
  // intervals: A precedes B only if A.returnMs < B.callMs); then by op index.
  // Unknown-outcome writes have no return event (they never bound the
  // "earliest return" and need not be linearized).
  interface Ev {
    t: number;
    isReturn: number;
    op: number;
  }
  const evs: Ev[] = [];
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    evs.push({ t: op.callMs, isReturn: 0, op: i });
    if (op.returnMs !== null) {
      // A malformed interval (return before call) is treated as instantaneous.
      evs.push({ t: Math.max(op.callMs, op.returnMs), isReturn: 1, op: i });
    }
  }
  evs.sort((a, b) => a.t - b.t || a.isReturn - b.isReturn || a.op - b.op);
  const nodeCount = evs.length + 1;
  const next = new Int32Array(nodeCount);
  const prev = new Int32Array(nodeCount);
  const nodeOp = new Int32Array(nodeCount); // op index of the event
  const nodeIsCall = new Uint8Array(nodeCount);
  const callNode = new Int32Array(n);
  const returnNode = new Int32Array(n).fill(-1);
  nodeOp[0] = -1;
  for (let k = 0; k < evs.length; k++) {
    const node = k + 1;
    const ev = evs[k]!;
    nodeOp[node] = ev.op;
    if (ev.isReturn) {
      returnNode[ev.op] = node;
    } else {
      nodeIsCall[node] = 1;
      callNode[ev.op] = node;
    }
    prev[node] = node - 1;
    next[node] = node + 1 < nodeCount ? node + 1 : -1;
  }
  next[0] = nodeCount > 1 ? 1 : -1;
  prev[0] = -1;

  // Dancing-links removal / LIFO re-insertion.
  const unlinkNode = (node: number): void => {
    const p = prev[node]!;
    const q = next[node]!;
    next[p] = q;
    if (q !== -1) prev[q] = p;
  };
  const relinkNode = (node: number): void => {
    const p = prev[node]!;
    const q = next[node]!;
    next[p] = node;
    if (q !== -1) prev[q] = node;
  };

  // Per-op hash contributions for the incremental memo hash.
  const opHash = new Uint32Array(n);
  for (let i = 0; i < n; i++) opHash[i] = mix32(Math.imul(i + 1, 0x9e3779b9));
  const stateHash = (s: number): number => mix32(Math.imul(s + 0x51ed27, 0x27d4eb2f) ^ 0x165667b1);

  // Current configuration: bitset of linearized ops plus summary of its
  // shape (for compact memo storage), all restored from the stack on undo.
  const bits = new Uint32Array(totalWords);
  let bitsHash = 0;
  let full = 0; // required words [0, full) are all ones
  let rEnd = 0; // 1 + highest required word with a set bit (0 if none)
  let uStart = 0; // lowest / 1 + highest unknown word with a set bit (0, 0 if none)
  let uEnd = 0;
  const memo = new Memo();

  // Explicit stack of linearized ops and the configuration before each.
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackFull = new Int32Array(n);
  const stackREnd = new Int32Array(n);
  const stackUStart = new Int32Array(n);
  const stackUEnd = new Int32Array(n);
  let sp = 0;

  let state = initialState;
  let linearizedRequired = 0;
  let steps = 0;
  let entry = next[0]!;

  while (linearizedRequired < requiredCount) {
    if (steps >= budget) return { outcome: 'budget', steps };
    steps++;

    if (entry !== -1 && nodeIsCall[entry] === 1) {
      const op = nodeOp[entry]!;
      let ok: boolean;
      let newState: number;
      if (kind[op] === KIND_GET) {
        ok = arg[op] === state;
        newState = state;
      } else {
        // Right after an unknown-outcome write only a get may follow (see
        // "canonical linearizations" above).
        ok = sp === 0 || stackOp[sp - 1]! < requiredCount;
        newState = arg[op]!;
      }
      if (ok) {
        const w = wordOf[op]!;
        const m = maskOf[op]!;
        bits[w] = bits[w]! | m;
        let nFull = full;
        let nREnd = rEnd;
        let nUStart = uStart;
        let nUEnd = uEnd;
        if (op < requiredCount) {
          if (w >= nREnd) nREnd = w + 1;
          while (nFull < reqWords && bits[nFull] === 0xffffffff) nFull++;
        } else if (nUEnd === 0) {
          nUStart = w;
          nUEnd = w + 1;
        } else {
          if (w < nUStart) nUStart = w;
          if (w >= nUEnd) nUEnd = w + 1;
        }
        const h = bitsHash ^ opHash[op]!;
        // Memo state also records whether `op` is an unknown write (which
        // restricts the next step), so a restricted configuration never prunes
        // an unrestricted one.
        const memoState = newState * 2 + (op < requiredCount ? 0 : 1);
        if (memo.add((h ^ stateHash(memoState)) >>> 0, bits, memoState, nFull, nREnd, nUStart, nUEnd)) {
          // Linearize `op`: lift its call and return entries out of the list.
          stackOp[sp] = op;
          stackState[sp] = state;
          stackFull[sp] = full;
          stackREnd[sp] = rEnd;
          stackUStart[sp] = uStart;
          stackUEnd[sp] = uEnd;
          sp++;
          bitsHash = h;
          state = newState;
          full = nFull;
          rEnd = nREnd;
          uStart = nUStart;
          uEnd = nUEnd;
          if (op < requiredCount) linearizedRequired++;
          unlinkNode(entry);
          const r = returnNode[op]!;
          if (r !== -1) unlinkNode(r);
          entry = next[0]!;
          continue;
        }
        bits[w] = bits[w]! & ~m;
      }
      entry = next[entry]!;
      continue;
    }

    // Reached the return of a not-yet-linearized op (or the end of the list):
    // no minimal op left to try from this configuration -> backtrack.
    if (sp === 0) return { outcome: 'fail', steps };
    sp--;
    const op = stackOp[sp]!;
    state = stackState[sp]!;
    full = stackFull[sp]!;
    rEnd = stackREnd[sp]!;
    uStart = stackUStart[sp]!;
    uEnd = stackUEnd[sp]!;
    if (op < requiredCount) linearizedRequired--;
    bits[wordOf[op]!] = bits[wordOf[op]!]! & ~maskOf[op]!;
    bitsHash ^= opHash[op]!;
    const r = returnNode[op]!;
    if (r !== -1) relinkNode(r);
    const c = callNode[op]!;
    relinkNode(c);
    entry = next[c]!;
  }
  return { outcome: 'ok', steps };
}

/**
 * Checks whether a key-value history is linearizable with respect to a map of
 * independent registers (one per key).
 *
 * - A completed op (returnMs !== null) takes effect exactly once within
 *   [callMs, returnMs] (closed interval).
 * - A write with returnMs === null may take effect once at any time after
 *   callMs, or never. A get with returnMs === null is ignored.
 * - Keys are checked in sorted order; the first non-linearizable key makes the
 *   result false. If the step budget runs out first, the result is 'unknown'.
 */
export function checkLinearizable(
  ops: readonly HistoryOp[],
  options?: { budgetSteps?: number; initial?: ReadonlyMap<string, string> },
): LinearizabilityReport {
  const budget = options?.budgetSteps ?? DEFAULT_BUDGET_STEPS;
  const initial = options?.initial;

  const byKey = new Map<string, HistoryOp[]>();
  for (const op of ops) {
    if (op.kind === 'get' && op.returnMs === null) continue;
    let list = byKey.get(op.key);
    if (list === undefined) {
      list = [];
      byKey.set(op.key, list);
    }
    list.push(op);
  }
  const keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  let steps = 0;
  for (const key of keys) {
    const keyOps = byKey.get(key)!;
    const r = checkKey(keyOps, initial?.get(key) ?? null, budget - steps);
    steps += r.steps;
    if (r.outcome === 'fail') {
      return { result: false, key, opIds: keyOps.map((o) => o.id), steps };
    }
    if (r.outcome === 'budget') return { result: 'unknown', steps };
  }
  return { result: true, steps };
}
