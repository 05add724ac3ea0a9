/**
 * The step engine on one inference workload-year at 1-minute steps (525,600 steps) with
 * target-tracking autoscaling (15 s syncs) and 70% spot, through the real resolve and run path,
 * against a tight typed-array loop measured in the same process (ecosystem.md §B.2 kernel B:
 * utilization, EWMA autoscaler, cost, breach count), which is the physical floor. Also the
 * peak RSS of the same year with hourly series, measured in a child process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadBundledCatalogs } from '../../src/catalog/bundled.js';
import { validateSource } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { formatIssue } from '../../src/scenario/issue.js';
import { simulateRun } from '../../src/sim/run.js';
import { consume, medianMs, type BenchCase, type BenchRow } from '../harness.js';

export const YEAR_SCENARIO = `schemaVersion: 1
name: bench year
horizon: 365d
step: 1m
pools:
  api:
    instance: m5.large
    purchase: {onDemandBase: 2, spotShare: 0.7}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 80, syncPeriod: 15s}
workloads:
  - name: api
    kind: inference
    pool: api
    load: {base: 400, diurnal: {amplitude: 0.5, peakHour: 20}, weekly: {weekendFactor: 0.7}, growth: {perMonth: 0.03}, spikes: [{at: 100d, duration: 6h, factor: 3}]}
    service: {time: 40ms, serversPerInstance: 2}
    slo: {p99: 250ms}
`;

export async function resolveYear(text = YEAR_SCENARIO) {
  const loaded = validateSource({ label: 'bench.yaml', absolutePath: undefined, text });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  const r = await resolveScenario(loaded.loaded.scenario, { parsed: loaded.loaded.parsed, catalogs: await loadBundledCatalogs(), cwd: process.cwd() });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.resolved;
}

function referenceLoop(load: Float64Array): number {
  let ewma = 0;
  let cost = 0;
  let breaches = 0;
  let servers = 10;
  for (let i = 0; i < load.length; i++) {
    const utilization = (load[i]! * 0.04) / servers;
    ewma += 0.1 * (utilization - ewma);
    if (ewma > 0.7) servers++;
    else if (ewma < 0.5 && servers > 1) servers--;
    cost += servers * 0.0016;
    if (utilization > 0.9) breaches++;
  }
  return cost + breaches;
}

const bench: BenchCase = {
  name: 'engine',
  async run(): Promise<BenchRow[]> {
    const { spec, loads } = await resolveYear();
    const load = loads.get('api')!;
    const steps = spec.steps;
    let run = 0;
    const engineMs = medianMs(() => consume(simulateRun(spec, loads, { runIndex: run++, series: false }).cost.total), 7, 2);
    const floorMs = medianMs(() => consume(referenceLoop(load)), 15, 3);
    const nsEngine = (engineMs * 1e6) / steps;
    const nsFloor = (floorMs * 1e6) / steps;
    const rssMiB = peakRssWithSeries();
    return [
      { name: 'inference year, TT + spot: time', value: engineMs, unit: 'ms', target: '<= 50 ms', met: engineMs <= 50, detail: `${steps} steps, 4 syncs/step` },
      { name: 'inference year: ns per workload-step', value: nsEngine, unit: 'ns', target: '~100 ns', met: nsEngine <= 100, detail: `floor ${nsFloor.toFixed(1)} ns/step` },
      { name: 'engine / typed-array floor', value: nsEngine / nsFloor, unit: 'x', detail: `same process, same load array` },
      { name: 'peak RSS, year with hourly series', value: rssMiB, unit: 'MiB', target: '<= 300 MiB', met: rssMiB <= 300, detail: 'child process: resolve + run + JSON report' },
    ];
  },
};

/** Peak RSS of a child that resolves the year, runs it with hourly series and renders JSON. */
function peakRssWithSeries(): number {
  const child = fileURLToPath(new URL('./engine-rss-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return Number(out.trim());
}

export default bench;
