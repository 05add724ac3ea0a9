import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from './harness.js';

const SMALL = 'test/fixtures/scenarios/small-inference.yaml';
const runners: Array<[string, (args: string[], opts?: { stdin?: string; env?: Record<string, string> }) => Promise<CliRun> | CliRun]> = [
  ['in-process', runInProcess],
  ['binary', runBinary],
];

describe.each(runners)('capsim run (%s)', (_name, run) => {
  it('prints the table report on stdout and nothing on stderr', async () => {
    const r = await run(['run', SMALL], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Small inference');
    expect(r.stdout).toMatch(/Cost {2}\$[\d,]+\.\d\d over the horizon/);
    expect(r.stdout).toMatch(/web\s+inference\s+\$[\d,.]+\s+p50 [\d.]+ ms · p99 [\d.]+ ms\s+p99 ≤ 200 ms/);
    expect(r.stdout).toMatch(/Verdict\n {2}[✓✗] web: p99 ≤ 200 ms/);
    expect(r.stdout).not.toContain('\u001b['); // NO_COLOR
  });

  it('--format json follows the result contract (PRODUCT.md §5)', async () => {
    const r = await run(['run', SMALL, '--format', 'json', '--runs', '3']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.capsimReport).toBe(1);
    expect(Object.keys(j.scenario)).toEqual(expect.arrayContaining(['name', 'horizonHours', 'stepSeconds', 'seed', 'runs']));
    expect(j.scenario).toMatchObject({ name: 'Small inference', horizonHours: 24, stepSeconds: 60, seed: 3, runs: 3 });
    expect(Object.keys(j.summary.cost)).toEqual(expect.arrayContaining(['total', 'currency', 'byPurchase', 'byCategory', 'byWorkload']));
    expect(Object.keys(j.summary.cost.byPurchase)).toEqual(['onDemand', 'spot', 'committed', 'onPrem']);
    expect(Object.keys(j.summary.cost.byCategory)).toEqual(['compute', 'storage', 'network', 'featureStore']);
    const w = j.summary.workloads[0];
    expect(Object.keys(w)).toEqual(expect.arrayContaining(['name', 'kind', 'cost', 'latencyMs', 'requests', 'sloAttainment', 'instanceHours', 'peakInstances', 'interruptions']));
    expect(Object.keys(w.latencyMs)).toEqual(expect.arrayContaining(['p50', 'p95', 'p99']));
    expect(Object.keys(w.requests)).toEqual(expect.arrayContaining(['arrived', 'served', 'dropped']));
    expect(j.monteCarlo.runs).toBe(3);
    for (const key of ['cost', 'sloAttainment']) {
      expect(j.monteCarlo[key].p5).toBeLessThanOrEqual(j.monteCarlo[key].p50);
      expect(j.monteCarlo[key].p50).toBeLessThanOrEqual(j.monteCarlo[key].p95);
    }
  });

  it('the same seed gives byte-identical JSON; another seed gives a different result', async () => {
    const a = await run(['run', SMALL, '--format', 'json', '--runs', '4', '--seed', '9']);
    const b = await run(['run', SMALL, '--format', 'json', '--runs', '4', '--seed', '9']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).scenario.seed).toBe(9);
  });

  it('runs a variant', async () => {
    const r = await run(['run', SMALL, '--variant', 'on-demand', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.scenario.variant).toBe('on-demand');
    expect(j.summary.cost.byPurchase.spot).toBe(0);
  });

  it('--format md and csv', async () => {
    const md = await run(['run', SMALL, '--format', 'md']);
    expect(md.stdout).toMatch(/^# Small inference\n/);
    expect(md.stdout).toContain('| workload | kind | cost | performance | SLO | attained | verdict |');
    expect(md.stdout).toMatch(/scenario sha256 `[0-9a-f]{64}`/);
    const csv = await run(['run', SMALL, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^scenario,workload,kind,pool,cost_usd,/);
    expect(lines).toHaveLength(3);
    const series = await run(['run', SMALL, '--format', 'csv', '--series', 'hourly']);
    expect(series.stdout.trim().split('\n')).toHaveLength(1 + 24);
  });

  it('usage errors exit 2 with a message on stderr', async () => {
    for (const [args, message] of [
      [['run', SMALL, '--format', 'xml'], 'unknown --format "xml" (expected table, json, md, csv, html, focus)'],
      [['run', SMALL, '--granularity', 'weekly', '--format', 'focus'], 'unknown --granularity "weekly" (expected hourly, daily)'],
      [['run', SMALL, '--granularity', 'daily'], '--granularity applies to --format focus only (got --format table)'],
      [['run', SMALL, '--runs', '0'], '--runs must be a whole number from 1 to 100000 (got "0")'],
      [['run', SMALL, '--seed', '-1'], '--seed must be a whole number'],
      [['run', SMALL, '--variant', 'nope'], 'unknown variant "nope" (expected one of: on-demand)'],
      [['run', SMALL, '--series', 'daily'], 'unknown --series "daily" (expected hourly)'],
      [['run'], "error: missing required argument 'scenario'"],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    }
  });

  it('an invalid scenario or an unknown instance type exits 2 with file:line:col', async () => {
    const bad = 'schemaVersion: 1\nname: x\nhorizon: 1d\npools:\n  api: {instance: m5.lrge, count: 1}\n';
    const r = await run(['run', '-'], { stdin: bad });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<stdin>:5:19 pools.api.instance: unknown instance type m5.lrge in aws/us-east-1; did you mean m5.large');
  });

  it('a missing trace file is reported against the scenario, not as a crash', async () => {
    const text = 'schemaVersion: 1\nname: x\nhorizon: 1d\npools:\n  api: {instance: m5.large, count: 1}\nworkloads:\n  - {name: w, kind: inference, pool: api, load: {trace: {file: nowhere.csv}}, service: {time: 10ms}}\n';
    const r = await run(['run', '-'], { stdin: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:7:\d+ workloads\.0\.load\.trace\.file: trace file not found/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
