/**
 * Scenario-file validator (format version 1, see /work/shared/scenario-format.md and ./types).
 *
 * - `parseScenarioText` takes the file's text; `validateScenario` takes an already-parsed value.
 * - Both return a fresh `Scenario` holding only the known fields, every default filled in, steps in
 *   file order; unknown fields anywhere are ignored (the format says "add fields freely").
 * - Both throw only `ScenarioError` (message `field: expected`), for the first problem found.
 *   Checks run in the order of the format document: version, seed, cluster, network, disk, client,
 *   steps (each step: atMs, do, then its fields in the order listed), untilMs. A step's `atMs` is
 *   compared with `untilMs` only when `untilMs` itself is valid.
 * - Only own data properties are read (never getters, never the prototype chain), so keys such as
 *   "__proto__" or "constructor" are ordinary unknown fields. Work is bounded by the input's size.
 */
import { MAX_CLUSTER_SIZE, MAX_SCENARIO_BYTES, SCENARIO_VERSION, type ClusterSettings, type NetworkSettings, type Scenario } from './types';
import { ScenarioError, asObject, integer, isFiniteNumber, missing, optBoolean, optInteger, optNumber, optObject, own, preview, utf8Length, wrong } from './fields';
import { jsonError } from './json-error';
import { DEFAULTS, LIMITS } from './limits';
import { checkMembersInTime, countMemberAdds, readActions, readSteps } from './validate-steps';

export { ScenarioError, preview, utf8Length } from './fields';
export { locateJsonError } from './json-error';
export { DEFAULTS, LIMITS, STEP_KINDS } from './limits';

// ---------------------------------------------------------------------------------------------
// Entry points

export function parseScenarioText(text: string): Scenario {
	if (typeof text !== 'string') {
		throw new ScenarioError('file', `expected the file's text as a string (got ${preview(text)})`);
	}
	const bytes = utf8Length(text);
	if (bytes > MAX_SCENARIO_BYTES) {
		throw new ScenarioError('file', `larger than 1 MiB (${bytes} bytes)`);
	}
	// A byte-order mark (as some Windows editors write) is not JSON; accept and drop it.
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch (err) {
		throw jsonError(body, err);
	}
	return validateScenario(value);
}

export function validateScenario(value: unknown): Scenario {
	try {
		return readScenario(value);
	} catch (err) {
		if (err instanceof ScenarioError) throw err;
		// Only reachable for hostile JS values (proxies with throwing traps and the like).
		throw new ScenarioError('(top level)', 'could not be read as a plain JSON value');
	}
}

// ---------------------------------------------------------------------------------------------
// The scenario

function readScenario(value: unknown): Scenario {
	const top = asObject(value, '(top level)', 'a JSON object');

	const version = own(top, 'version');
	if (version === undefined) throw missing('version', `${SCENARIO_VERSION}`);
	if (version !== SCENARIO_VERSION) {
		if (typeof version === 'number' && Number.isInteger(version) && version > SCENARIO_VERSION) {
			throw new ScenarioError(
				'version',
				`${version} is newer than this program understands (expected ${SCENARIO_VERSION})`
			);
		}
		throw wrong('version', `${SCENARIO_VERSION}`, version);
	}

	const seed = optInteger(top, 'seed', 'seed', 0, LIMITS.maxSeed, DEFAULTS.seed);
	const cluster = readCluster(top);
	const network = readNetwork(top);
	const disk = readDisk(top);
	const client = readClient(top);

	// untilMs comes last in the format; read it quietly first so steps can be checked against it.
	const untilRaw = own(top, 'untilMs');
	const until = isUntilValid(untilRaw) ? untilRaw : undefined;
	const adds = countMemberAdds(top, cluster.size);
	const steps = readSteps(top, cluster.size, until, cluster.size + adds);
	const actions = readActions(top, cluster.size, until, steps.length, cluster.size + adds);
	if (adds > 0) checkMembersInTime(steps, actions ?? [], cluster.size);
	const untilMs = readUntil(untilRaw);

	const scenario: Scenario = { version: SCENARIO_VERSION, seed, cluster, network, disk, client, steps, untilMs };
	if (actions !== undefined) scenario.actions = actions;
	return scenario;
}

function readCluster(top: object): ClusterSettings {
	const raw = own(top, 'cluster');
	if (raw === undefined) throw missing('cluster', 'an object such as {"size": 3}');
	const c = asObject(raw, 'cluster', 'an object such as {"size": 3}');
	const sizeRaw = own(c, 'size');
	const sizeText = `an integer 1..${MAX_CLUSTER_SIZE}`;
	if (sizeRaw === undefined) throw missing('cluster.size', sizeText);
	const size = integer(sizeRaw, 'cluster.size', 1, MAX_CLUSTER_SIZE);
	const preVote = optBoolean(c, 'preVote', 'cluster.preVote', DEFAULTS.cluster.preVote);
	const checkQuorum = optBoolean(c, 'checkQuorum', 'cluster.checkQuorum', DEFAULTS.cluster.checkQuorum);
	// etcd takes both in whole milliseconds (its flags are integers) and a tick of 0 ms is no tick
	const heartbeatMs = optWholeMs(c, 'heartbeatMs', 'cluster.heartbeatMs', LIMITS.minHeartbeatMs, LIMITS.maxHeartbeatMs, DEFAULTS.cluster.heartbeatMs);

	const electionRaw = own(c, 'electionMs');
	const electionMs = optWholeMs(c, 'electionMs', 'cluster.electionMs', 1, LIMITS.maxElectionMs, DEFAULTS.cluster.electionMs);
	const minElection = LIMITS.minElectionHeartbeatRatio * heartbeatMs;
	if (electionMs < minElection) {
		const got = electionRaw === undefined ? `${electionMs}, the default` : preview(electionMs);
		throw new ScenarioError(
			'cluster.electionMs',
			`expected at least 5 x heartbeatMs = ${minElection} (got ${got}); etcd refuses an ` +
				'--election-timeout below 5 times the --heartbeat-interval'
		);
	}
	const maxElection = LIMITS.maxElectionHeartbeatRatio * heartbeatMs;
	if (electionMs > maxElection) {
		// every start and restart fast-forwards electionMs / heartbeatMs ticks at once (etcd's
		// adjustTicks): a bounded ratio keeps that a short piece of work
		throw new ScenarioError(
			'cluster.electionMs',
			`expected at most ${LIMITS.maxElectionHeartbeatRatio} x heartbeatMs = ${maxElection} (got ${preview(electionMs)}); ` +
				'raise heartbeatMs or lower electionMs'
		);
	}
	return { size, preVote, checkQuorum, heartbeatMs, electionMs };
}

function readNetwork(top: object): NetworkSettings {
	const n = optObject(top, 'network');
	const d = DEFAULTS.network;
	if (n === undefined) return { latencyMs: d.latencyMs, jitterMs: d.jitterMs, lossRate: d.lossRate };
	return {
		latencyMs: optNumber(n, 'latencyMs', 'network.latencyMs', true, LIMITS.maxLatencyMs, d.latencyMs),
		jitterMs: optNumber(n, 'jitterMs', 'network.jitterMs', true, LIMITS.maxJitterMs, d.jitterMs),
		lossRate: optNumber(n, 'lossRate', 'network.lossRate', true, 1, d.lossRate)
	};
}

function readDisk(top: object): Scenario['disk'] {
	const d = optObject(top, 'disk');
	if (d === undefined) return { fsyncMs: DEFAULTS.disk.fsyncMs };
	const out: Scenario['disk'] = { fsyncMs: optNumber(d, 'fsyncMs', 'disk.fsyncMs', false, LIMITS.maxFsyncMs, DEFAULTS.disk.fsyncMs) };
	// optional (added in the same version): present in the result only when the file gives it
	if (own(d, 'jitterMs') !== undefined) out.jitterMs = optNumber(d, 'jitterMs', 'disk.jitterMs', true, LIMITS.maxFsyncMs, 0);
	if (own(d, 'p99Ms') !== undefined) {
		out.p99Ms = optNumber(d, 'p99Ms', 'disk.p99Ms', false, LIMITS.maxFsyncMs, out.fsyncMs);
		if (out.p99Ms < out.fsyncMs) throw wrong('disk.p99Ms', `at least disk.fsyncMs (${out.fsyncMs}): a p99 is not below the median`, out.p99Ms);
	}
	if (own(d, 'walFsyncMs') !== undefined) out.walFsyncMs = optNumber(d, 'walFsyncMs', 'disk.walFsyncMs', false, LIMITS.maxFsyncMs, out.fsyncMs);
	if (own(d, 'walP99Ms') !== undefined) {
		if (out.walFsyncMs === undefined) throw new ScenarioError('disk.walP99Ms', 'needs disk.walFsyncMs (the WAL\'s own disk)');
		out.walP99Ms = optNumber(d, 'walP99Ms', 'disk.walP99Ms', false, LIMITS.maxFsyncMs, out.walFsyncMs);
		if (out.walP99Ms < out.walFsyncMs) throw wrong('disk.walP99Ms', `at least disk.walFsyncMs (${out.walFsyncMs}): a p99 is not below the median`, out.walP99Ms);
	}
	if (own(d, 'writeMBps') !== undefined) out.writeMBps = optNumber(d, 'writeMBps', 'disk.writeMBps', false, LIMITS.maxWriteMBps, 0);
	return out;
}

function readClient(top: object): { timeoutMs: number } {
	const c = optObject(top, 'client');
	if (c === undefined) return { timeoutMs: DEFAULTS.client.timeoutMs };
	return {
		timeoutMs: optNumber(c, 'timeoutMs', 'client.timeoutMs', false, LIMITS.maxClientTimeoutMs, DEFAULTS.client.timeoutMs)
	};
}

function isUntilValid(v: unknown): v is number {
	return isFiniteNumber(v) && v > 0 && v <= LIMITS.maxUntilMs;
}

function readUntil(v: unknown): number {
	const text = 'a finite number > 0';
	if (v === undefined) throw missing('untilMs', text);
	if (!isFiniteNumber(v) || !(v > 0)) throw wrong('untilMs', text, v);
	if (v > LIMITS.maxUntilMs) {
		throw wrong('untilMs', `at most ${LIMITS.maxUntilMs} (24 h of simulated time)`, v);
	}
	return v;
}

/** A whole number of milliseconds, as etcd's --heartbeat-interval and --election-timeout take. */
function optWholeMs(obj: object, key: string, field: string, min: number, max: number, fallback: number): number {
	const v = own(obj, key);
	if (v === undefined) return fallback;
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		throw wrong(field, `a whole number of milliseconds ${min}..${max}, as etcd takes it`, v);
	}
	return v + 0;
}
