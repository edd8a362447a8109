/**
 * npm run calibrate:etcd — holds the engine against a real etcd on this machine.
 *
 * When Debian's etcd (`apt-get install etcd-server`) and strace are installed, it starts a real
 * 3-member cluster on loopback with the method of the project's etcd-disk-facts.md: every member
 * runs under strace fault injection, so each fdatasync/fsync it makes is delayed by D. It measures
 *   E1: every disk slowed by D (0, 2, 10, 50, 100 ms), one client putting sequentially to the
 *       leader over one keep-alive HTTP connection to etcd's JSON gateway (256-byte values);
 *   E2: only the leader's disk slowed, 10 puts/s to it: whether leadership is lost, and at which D
 *       first (the threshold);
 * then runs the engine on the same settings (src/lib/lab/etcd-facts.ts) and prints both side by
 * side with the engine's error in percent. Not part of CI: it takes a few minutes of wall time.
 *
 * Environment: CAL_PUTS (puts per E1 point, default 100), CAL_DELAYS (E1's D list, ms),
 * CAL_E2_DELAYS (default 1000,1500,2000), CAL_E2_SECONDS (default 15), CAL_PORT_BASE (23790).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { E1_CLOSED, E2_SLOW_LEADER, closedLoopPooled, errorPct, quantile, slowLeader } from '../lib/lab/etcd-facts';

const PUTS = Number(process.env.CAL_PUTS ?? 100);
const WARMUP = 10;
const DELAYS = (process.env.CAL_DELAYS ?? '0,2,10,50,100').split(',').map(Number);
const E2_DELAYS = (process.env.CAL_E2_DELAYS ?? '1000,1500,2000').split(',').map(Number);
const E2_SECONDS = Number(process.env.CAL_E2_SECONDS ?? 15);
const PORT_BASE = Number(process.env.CAL_PORT_BASE ?? 23790);
const HEARTBEAT_WARNING = 'leader failed to send out heartbeat on time';

function which(cmd: string): string | null {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(port: number, path: string, body: unknown, timeoutMs = 10_000): Promise<{ status: number; json: Record<string, unknown> }> {
	const data = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: timeoutMs },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => {
					try {
						resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') as Record<string, unknown> });
					} catch {
						resolve({ status: res.statusCode ?? 0, json: { error: text } });
					}
				});
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(data);
	});
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Member {
	name: string;
	clientPort: number;
	peerPort: number;
	proc: ChildProcess | null;
	stderr: string[];
}

interface Cluster {
	dir: string;
	members: Member[];
}

/** Starts three etcd members, each under strace delaying every fdatasync/fsync by its own delay (µs). */
function startCluster(delaysUs: number[]): Cluster {
	const dir = mkdtempSync(join(tmpdir(), 'calibrate-etcd-'));
	const members: Member[] = [1, 2, 3].map((i) => ({ name: `m${i}`, clientPort: PORT_BASE + i, peerPort: PORT_BASE + 10 + i, proc: null, stderr: [] }));
	const initial = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(',');
	members.forEach((m, i) => {
		const us = Math.max(1, Math.round(delaysUs[i]));
		const args = [
			'-f', '--seccomp-bpf', '-qq', '-o', '/dev/null', '-e', 'trace=fdatasync,fsync',
			'-e', `inject=fdatasync:delay_enter=${us}us`, '-e', `inject=fsync:delay_enter=${us}us`,
			'etcd', '--name', m.name, '--data-dir', join(dir, m.name),
			'--listen-client-urls', `http://127.0.0.1:${m.clientPort}`, '--advertise-client-urls', `http://127.0.0.1:${m.clientPort}`,
			'--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`,
			'--initial-cluster', initial, '--initial-cluster-state', 'new', '--initial-cluster-token', 'calibrate',
			'--heartbeat-interval', '100', '--election-timeout', '1000', '--pre-vote=true',
			'--logger', 'zap', '--log-outputs', 'stderr'
		];
		// its own process group: stopping the run kills strace and etcd together
		const proc = spawn('strace', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
		proc.stderr?.setEncoding('utf8');
		proc.stderr?.on('data', (c: string) => {
			for (const line of c.split('\n')) if (line.includes(HEARTBEAT_WARNING) || line.includes('became leader')) m.stderr.push(line);
		});
		m.proc = proc;
	});
	return { dir, members };
}

function stopCluster(c: Cluster): void {
	for (const m of c.members) {
		if (m.proc?.pid !== undefined) {
			try {
				process.kill(-m.proc.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
	rmSync(c.dir, { recursive: true, force: true });
}

interface Status {
	memberId: string;
	leader: string;
}

async function status(m: Member): Promise<Status | null> {
	try {
		const r = await post(m.clientPort, '/v3/maintenance/status', {}, 2000);
		const header = r.json.header as { member_id?: string } | undefined;
		if (typeof r.json.leader !== 'string' || !header?.member_id) return null;
		return { memberId: header.member_id, leader: r.json.leader };
	} catch {
		return null;
	}
}

/** Waits for a leader every member agrees on; returns the leader's index. */
async function waitLeader(c: Cluster, limitMs = 30_000): Promise<{ leader: number; ids: string[] }> {
	const t0 = Date.now();
	while (Date.now() - t0 < limitMs) {
		const st = await Promise.all(c.members.map(status));
		if (st.every((s) => s !== null && s.leader !== '0' && s.leader === st[0]?.leader)) {
			const ids = st.map((s) => (s as Status).memberId);
			const leader = ids.indexOf((st[0] as Status).leader);
			if (leader >= 0) return { leader, ids };
		}
		await sleep(200);
	}
	throw new Error('no leader within 30 s');
}

const VALUE = Buffer.alloc(256, 'v').toString('base64');

async function put(port: number, i: number, timeoutMs = 20_000): Promise<{ ms: number; ok: boolean }> {
	const key = Buffer.from(`k${String(i % 10_000_000).padStart(7, '0')}`).toString('base64');
	const t0 = process.hrtime.bigint();
	try {
		const r = await post(port, '/v3/kv/put', { key, value: VALUE }, timeoutMs);
		return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ok: r.status === 200 && !('error' in r.json) };
	} catch {
		return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ok: false };
	}
}

/** Interpolated quantile (numpy's default), as the engine's side uses. */
function q(xs: number[], p: number): number {
	return quantile(xs.slice().sort((a, b) => a - b), p);
}

async function e1(d: number): Promise<{ p50: number; p99: number; n: number }> {
	const c = startCluster([d * 1000, d * 1000, d * 1000]);
	try {
		const { leader } = await waitLeader(c);
		const port = c.members[leader].clientPort;
		const lat: number[] = [];
		for (let i = 0; i < WARMUP + PUTS; i++) {
			const r = await put(port, i);
			if (i >= WARMUP) lat.push(r.ms);
		}
		if (process.env.CAL_DUMP) console.log(`D=${d}: ${lat.map((x) => x.toFixed(0)).join(' ')}`);
		return { p50: q(lat, 0.5), p99: q(lat, 0.99), n: lat.length };
	} finally {
		stopCluster(c);
		await sleep(300);
	}
}

async function e2(d: number): Promise<{ lost: boolean; p50: number; warnings: number }> {
	const c = startCluster([d * 1000, 1, 1]);
	try {
		let { leader, ids } = await waitLeader(c);
		if (leader !== 0) {
			// move leadership to the slow member (etcdctl move-leader)
			await post(c.members[leader].clientPort, '/v3/maintenance/transfer-leadership', { targetID: ids[0] }, 20_000).catch(() => null);
			for (let i = 0; i < 100 && leader !== 0; i++) {
				await sleep(200);
				const st = await status(c.members[1]);
				if (st) leader = ids.indexOf(st.leader);
			}
		}
		if (leader !== 0) throw new Error('could not move leadership to the slow member');
		const slow = c.members[0];
		slow.stderr.length = 0;
		let lost = false;
		const lat: number[] = [];
		const pending: Promise<void>[] = [];
		const t0 = Date.now();
		let i = 0;
		const watcher = (async () => {
			while (Date.now() - t0 < E2_SECONDS * 1000) {
				const st = await status(c.members[1]);
				if (st && st.leader !== '0' && st.leader !== ids[0]) lost = true;
				await sleep(200);
			}
		})();
		// one connection per request here: an open loop must not queue behind a slow answer
		while (Date.now() - t0 < E2_SECONDS * 1000) {
			const n = i++;
			pending.push(
				(async () => {
					const key = Buffer.from(`e2-${n}`).toString('base64');
					const s = process.hrtime.bigint();
					await new Promise<void>((resolve) => {
						const data = JSON.stringify({ key, value: VALUE });
						const req = http.request({ host: '127.0.0.1', port: slow.clientPort, path: '/v3/kv/put', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: 20_000 }, (res) => {
							res.resume();
							res.on('end', () => resolve());
						});
						req.on('timeout', () => req.destroy());
						req.on('error', () => resolve());
						req.end(data);
					});
					lat.push(Number(process.hrtime.bigint() - s) / 1e6);
				})()
			);
			await sleep(100);
		}
		await watcher;
		await Promise.race([Promise.all(pending), sleep(10_000)]);
		const warnings = slow.stderr.filter((l) => l.includes(HEARTBEAT_WARNING)).length;
		return { lost, p50: q(lat, 0.5), warnings };
	} finally {
		stopCluster(c);
		await sleep(300);
	}
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');
const pct = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(0)}%`;

async function main(): Promise<void> {
	const etcd = which('etcd');
	const strace = which('strace');
	if (!etcd || !strace) {
		console.log(`calibrate:etcd needs real etcd and strace on this machine; missing: ${[etcd ? null : 'etcd (apt-get install etcd-server)', strace ? null : 'strace (apt-get install strace)'].filter(Boolean).join(', ')}.`);
		console.log('Nothing was measured. The engine alone against the recorded facts: npx vitest run --config tests/vitest.config.ts tests/unit/etcd-facts.test.ts');
		process.exitCode = 1;
		return;
	}
	const version = spawnSync(etcd, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
	console.log(`real ${version} (${etcd}), every fdatasync/fsync delayed by D with strace; 3 members on loopback, heartbeat 100 ms, election 1000 ms, --pre-vote`);
	// a loaded machine slows real etcd where the disk does not dominate (small D); the engine does not know the load
	console.log(`this machine: load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
	console.log(`E1: ${PUTS} sequential puts (after ${WARMUP} warm-up) to the leader, 256-byte values, JSON gateway; engine: the same, 3 seeds x ${PUTS} puts pooled`);
	console.log('');
	console.log('E1   D ms | etcd p50 | engine p50 |  err | etcd p99 | engine p99 |  err | facts p50 / p99');
	for (const d of DELAYS) {
		const real = await e1(d);
		const eng = closedLoopPooled({ size: 3, delayMs: d, puts: PUTS }, 3);
		const fact = E1_CLOSED[3].find((x) => x.delayMs === d);
		console.log(
			`${String(d).padStart(10)} | ${f1(real.p50).padStart(8)} | ${f1(eng.p50Ms).padStart(10)} | ${pct(errorPct(eng.p50Ms, real.p50)).padStart(4)} | ${f1(real.p99).padStart(8)} | ${f1(eng.p99Ms).padStart(10)} | ${pct(errorPct(eng.p99Ms, real.p99)).padStart(4)} | ${fact ? `${fact.p50Ms} / ${fact.p99Ms}` : '-'}`
		);
	}
	console.log('');
	console.log(`E2: only the leader's disk slowed by D, 10 puts/s for ${E2_SECONDS} s to it (engine: 30 s as the facts)`);
	console.log('E2   D ms | etcd lost | engine lost | etcd p50 | engine p50 |  err | etcd late-heartbeat warnings | facts lost, p50');
	let realFirst: number | null = null;
	let engFirst: number | null = null;
	for (const d of E2_DELAYS) {
		const real = await e2(d);
		const eng = slowLeader(d);
		const fact = E2_SLOW_LEADER.find((x) => x.delayMs === d);
		if (real.lost && realFirst === null) realFirst = d;
		if (eng.elections > 0 && engFirst === null) engFirst = d;
		console.log(
			`${String(d).padStart(10)} | ${(real.lost ? 'yes' : 'no').padStart(9)} | ${(eng.elections > 0 ? 'yes' : 'no').padStart(11)} | ${f1(real.p50).padStart(8)} | ${f1(eng.p50Ms).padStart(10)} | ${pct(errorPct(eng.p50Ms, real.p50)).padStart(4)} | ${String(real.warnings).padStart(28)} | ${fact ? `${fact.lost}/${fact.runs}, ${fact.p50Ms}` : '-'}`
		);
	}
	console.log('');
	console.log(`E2 threshold (first D on this list that lost leadership): etcd ${realFirst ?? 'none'} ms, engine ${engFirst ?? 'none'} ms (facts: first at 1000, always at 2000)`);
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : String(e));
	process.exitCode = 1;
});
