/**
 * Share links: any moment of the playground (scenario, the user's actions, the time shown, the
 * view, an exercise) as a URL fragment, and back.
 *
 *     payload := "q" VERSION "." base64url(checksum body) "~"
 *
 * - VERSION is 4 for new links (5 or 6 when they carry what only those hold) (q3 is q2 plus the membership steps and members above 7, below; q4
 *   is q3 plus a disk change carrying the disk's p99, step code diskTail: fsyncMs:num p99Ms:num; q5 is
 *   q4 plus the disks' bandwidth and a load's valueBytes, written only by a state that uses them,
 *   any other is still written as q4; q6 is q5 plus an instructor's prediction in a custom exercise,
 *   written only by an exercise that has one). A reader keeps every older version's decoder (decodeLink of a v1
 *   payload must work forever; tests/unit/link.test.ts holds frozen v1 payloads) and refuses a
 *   newer one with code 'future'. q2 is q1 plus two scenario mask bits (below), so a link carries
 *   every scenario field (an exhaustiveness test, built from the Scenario type, keeps it so).
 * - checksum: 32-bit FNV-1a of the body bytes (from q2 on, of the version's byte then the body), big-endian, so changed or damaged links are told
 *   apart ('tampered') from cut ones: the closing "~" is missing from any proper prefix
 *   ('truncated').
 * - body: a compact binary form (layout below): defaults omitted, numbers as varints (times in ms
 *   or µs when exact, float64 otherwise), action times as deltas, small tables for known names.
 *   A typical exercise link (5 members, a seed, a few settings, 10 actions) is about 140 characters.
 *
 * Decoding never throws anything but LinkError, never evaluates anything, builds objects only with
 * fixed keys (no "__proto__" can reach a prototype), checks the size before any work and bounds every
 * count by the bytes left. Every decoded scenario goes through validateScenario, and the actions
 * through the same step rules, so a well-formed but meaningless link fails as 'invalid' naming the
 * field. Everything here is synchronous and dependency-free (Node 20 and browsers alike).
 *
 * Body layout, q1 and q2 (uint: unsigned LEB128 varint, at most 2^53-1; str: uint byte length + WTF-8;
 * num: uint u, and with q = floor(u/4): u%4 = 0: q, 1: q/1000, 2: a big-endian float64 follows (u = 2)):
 *
 *     body     := flags:uint scenario [actions] [atMs:num] [speed:num] [panels] [exercise] [custom]
 *     flags    := lang (bits 0-1: none|en|ko) theme (bits 2-3: none|light|dark|auto) and presence bits:
 *                 4 actions, 5 atMs (absent = 0), 6 speed, 7 panels, 8 exercise, 9 custom
 *     scenario := size:uint mask:uint then, for each mask bit set, in bit order: 0 seed:uint,
 *                 1 preVote flipped, 2 checkQuorum flipped (no value), 3 heartbeatMs, 4 electionMs,
 *                 5 latencyMs, 6 jitterMs, 7 lossRate, 8 fsyncMs, 9 timeoutMs, 10 untilMs (num each),
 *                 11 steps: count:uint (head:uint atMs:num fields)*; q2 only: 12 disk.jitterMs (num),
 *                 13 the scenario's own actions (as steps); a q1 link setting bit 12 or 13 is refused;
 *                 q3: 14 disk.p99Ms, 15 disk.walFsyncMs, 16 disk.walP99Ms; q5: 17 disk.writeMBps (num each).
 *     actions  := count:uint (head:uint time fields)*   time: uint u, q = floor(u/4), u%4 = 0: previous
 *                 atMs + q, 1: (round(previous*1000) + q) / 1000, 2: a float64 follows (absolute)
 *     head     := code*8 + member (member: node; from for cut; to for transfer; 0 otherwise), code in
 *                 kill restart partition cut heal disk put get(linearizable) get(serializable)
 *                 delete watch transfer load, and from q3 on memberAdd memberPromote memberRemove;
 *                 q3: a member above 7 is written as 0 in the head and as member:uint first among the fields
 *     fields   := partition: count:uint (member*2 + endOfGroup:uint)*; cut: to:uint; disk: fsyncMs:num;
 *                 put: key:str value:str; get/delete: key:str; watch: key:str fromRevision:uint (0 none);
 *                 load: writesPerSec:num durationMs:num keys:uint; q3: memberAdd: flags:uint (bit 0 learner,
 *                 bit 1 start) endpoint:uint (0 none); memberPromote/memberRemove: endpoint:uint (0 none);
 *                 q5: load ends with valueBytes+1:uint (0: none)
 *     panels   := count:uint name*      exercise := name      name := uint i (0: str follows, else TABLE[i-1])
 *     custom   := title:str langs:uint (bit 0 en, bit 1 ko) [en:str] [ko:str] sinceMs:num count:uint goal*
 *     goal     := uint i (0: kind:str count:uint (param:str value:num)*, else V1_GOALS[i-1] then its params:num)
 *     q6: custom ends with predict := n:uint (0: none, else its number of choices) [question:str
 *                 choice:str * n answer:uint (1-based) explanation:str (empty: none)]
 *
 * Defaults and tables (link-format.ts) are frozen: never edit them (a new name is written as a
 * string; a new field needs a new version).
 *
 * Files: link-types.ts (the state, limits, LinkError), link-format.ts (frozen tables), link-check.ts
 * (checking a state), link-encode.ts, link-decode.ts, link-bytes.ts (base64url, WTF-8, FNV-1a),
 * link-file.ts (replaying a link's moment; the same moment as a scenario file).
 */
export * from './link-types';
export { V1_EXERCISE_IDS } from './link-format';
export { checkLinkState } from './link-check';
export { encodeLink } from './link-encode';
export { decodeLink } from './link-decode';
export { replayLink, toScenarioFile, traceHashOf, type ScenarioFile } from './link-file';
