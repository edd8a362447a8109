import { runScenario } from '../lib/scenario/run';
import { validateScenario } from '../lib/scenario/validate';
const min = Number(process.argv[2] ?? 1);
const s = validateScenario({ version: 1, seed: 1, cluster: { size: 5 }, untilMs: min * 60000 + 1000,
  steps: [{ atMs: 1000, do: 'load', node: 1, writesPerSec: 100, durationMs: min * 60000, keys: 100 }] });
const t0 = performance.now();
const { report, cluster } = runScenario(s, { historyLimit: 1000 });
const dt = (performance.now() - t0) / 1000;
console.log({ wallS: dt, simPerWall: (min * 60 + 1) / dt, events: cluster.events, evPerS: cluster.events / dt, heapMB: process.memoryUsage().heapUsed / 1e6, summary: report.summary, viol: report.violations.length, leaders: report.leaders.length });
