import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/sim/monte-carlo/runs.js';
import type { Loads } from '../../src/sim/run.js';
import { summarizeRuns } from '../../src/sim/summary.js';
import { runBinary, runInProcess } from '../cli/harness.js';
import { resolveText } from './helpers.js';

/** Spot interruptions several times a day and noisy load: every run draws differently. */
const SCENARIO = `schemaVersion: 1
name: monte-carlo
horizon: 2d
seed: 11
pools:
  api:
    instance: m5.large
    purchase: {onDemandBase: 1, spotShare: 0.8, spotFallback: on-demand}
    spot: {interruptionsPerMonth: 60}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 40, bootTime: 90s}
workloads:
  - name: w
    kind: inference
    pool: api
    load: {base: 300, diurnal: {amplitude: 0.6, peakHour: 18}, noise: {cv: 0.3}, spikes: [{at: 20h, duration: 1h, factor: 4}]}
    service: {time: 40ms, serversPerInstance: 2}
    slo: {p99: 120ms}
`;
const RUNS = 40;

/** A loads map that answers `get` but shares nothing: workers then miss the load and throw. */
function hidingLoads(loads: Loads): Loads {
  const hiding = new Map(loads);
  hiding[Symbol.iterator] = () => new Map<string, Float64Array>().entries();
  return hiding;
}

describe('Monte Carlo over worker threads', () => {
  it('gives byte-identical summaries for 1, 2 and 3 threads', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const outputs: string[] = [];
    for (const threads of [1, 2, 3]) {
      const { first, summaries } = await runMonteCarlo(spec, loads, { runs: RUNS, threads });
      expect(summaries.map((s) => s.runIndex)).toEqual([...Array(RUNS).keys()]);
      expect(summaries[0]!.cost.total).toBe(first.cost.total);
      const summary = summarizeRuns(summaries);
      outputs.push(JSON.stringify({ summaries, summary: { ...summary, byWorkload: Object.fromEntries(summary.byWorkload) } }));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('summarises runs that really differ, with ordered percentiles', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const { first, summaries } = await runMonteCarlo(spec, loads, { runs: RUNS, threads: 2 });
    expect(first.pools[0]!.totals.interruptionEvents).toBeGreaterThan(0);
    expect(new Set(summaries.map((s) => s.cost.total)).size).toBeGreaterThan(RUNS / 2);
    expect(new Set(summaries.map((s) => s.workloads[0]!.sloAttainment)).size).toBeGreaterThan(RUNS / 2);
    const mc = summarizeRuns(summaries);
    expect(mc.runs).toBe(RUNS);
    for (const p of [mc.cost, mc.sloAttainment, mc.byWorkload.get('w')!.cost, mc.byWorkload.get('w')!.sloAttainment]) {
      expect(p.p5).toBeLessThanOrEqual(p.p50);
      expect(p.p50).toBeLessThanOrEqual(p.p95);
      expect(p.p5).toBeLessThan(p.p95);
    }
  });

  it('keeps the summary identical to one computed from full run results', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const { summaries } = await runMonteCarlo(spec, loads, { runs: 10, threads: 2 });
    const { simulateRun } = await import('../../src/sim/run.js');
    const full = [...Array(10).keys()].map((runIndex) => simulateRun(spec, loads, { runIndex, series: false }));
    const a = summarizeRuns(summaries);
    const b = summarizeRuns(full);
    expect(JSON.stringify({ ...a, byWorkload: [...a.byWorkload] })).toBe(JSON.stringify({ ...b, byWorkload: [...b.byWorkload] }));
  });

  it('reports progress once per run, ending at the total', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const seen: Array<[number, number]> = [];
    await runMonteCarlo(spec, loads, { runs: 12, threads: 2, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([...Array(12).keys()].map((i) => [i + 1, 12]));
  });

  it('rejects with the worker\'s message when a run throws in a worker', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const failing = runMonteCarlo(spec, hidingLoads(loads), { runs: 20, threads: 2 });
    await expect(failing).rejects.toThrow(/Monte Carlo worker failed on run \d+: .*(undefined|length)/);
  });

  it('starts no worker for one thread or a handful of runs', async () => {
    // Workers would see no loads (see hidingLoads) and fail; in-process runs read them fine.
    const { spec, loads } = await resolveText(SCENARIO);
    await expect(runMonteCarlo(spec, hidingLoads(loads), { runs: 20, threads: 1 })).resolves.toBeDefined();
    await expect(runMonteCarlo(spec, hidingLoads(loads), { runs: 7, threads: 4 })).resolves.toBeDefined();
  });

  it('rejects a thread or run count that is not a whole number ≥ 1 (instead of hanging)', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    await expect(runMonteCarlo(spec, loads, { runs: 10, threads: Number.NaN })).rejects.toThrow(RangeError);
    await expect(runMonteCarlo(spec, loads, { runs: 0, threads: 2 })).rejects.toThrow(RangeError);
  });

  it('rejects a spec that cannot cross to a worker unchanged', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const odd = { ...spec, features: new (class Features {})() as never };
    await expect(runMonteCarlo(odd, loads, { runs: 20, threads: 2 })).rejects.toThrow(/spec\.features is a class instance/);
  });
});

describe('capsim run --threads', () => {
  it('writes the same JSON report in-process for --threads 1 and 2', async () => {
    const args = (threads: number) => ['run', '-', '--runs', String(RUNS), '--threads', String(threads), '--format', 'json'];
    const one = await runInProcess(args(1), { stdin: SCENARIO });
    const two = await runInProcess(args(2), { stdin: SCENARIO });
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const mc = JSON.parse(one.stdout).monteCarlo;
    expect(mc.runs).toBe(RUNS);
    expect(mc.cost.p5).toBeLessThanOrEqual(mc.cost.p50);
    expect(mc.cost.p50).toBeLessThanOrEqual(mc.cost.p95);
  });

  it('the built binary exits after its workers are done, with the same report as one thread', () => {
    const args = (threads: number) => ['run', '-', '--runs', '24', '--threads', String(threads), '--format', 'json'];
    const one = runBinary(args(1), { stdin: SCENARIO });
    const two = runBinary(args(2), { stdin: SCENARIO });
    expect(one.code).toBe(0);
    // A worker left running would keep the process alive until runBinary's timeout (status null).
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  it('rejects a bad --threads', async () => {
    const r = await runInProcess(['run', '-', '--threads', '0'], { stdin: SCENARIO });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--threads must be a whole number/);
  });
});

describe('no workers left running', () => {
  it('a process using the TypeScript sources exits by itself after success and after a worker error', () => {
    const script = `
      import { runMonteCarlo } from './src/sim/monte-carlo/runs.ts';
      import { resolveText } from './test/sim/helpers.ts';
      const { spec, loads } = await resolveText(${JSON.stringify(SCENARIO)});
      const ok = await runMonteCarlo(spec, loads, { runs: 10, threads: 2 });
      const hiding = new Map(loads);
      hiding[Symbol.iterator] = function* () {};
      const failed = await runMonteCarlo(spec, hiding, { runs: 10, threads: 2 }).then(() => 'resolved', (e) => e.message);
      console.log(JSON.stringify({ runs: ok.summaries.length, failed }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs).toBe(10);
    expect(out.failed).toMatch(/Monte Carlo worker failed on run/);
  }, 90_000);
});
