import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from './harness.js';

const runners: Array<[string, (args: string[]) => Promise<CliRun> | CliRun]> = [
  ['in-process', (a) => runInProcess(a, { env: { NO_COLOR: '1' } })],
  ['binary', (a) => runBinary(a, { env: { NO_COLOR: '1' } })],
];

describe.each(runners)('capsim compare (%s)', (_name, run) => {
  it('compares variants side by side with a waterfall that adds up', async () => {
    const r = await run(['compare', 'test/fixtures/scenarios/small-inference.yaml', '--variants', 'on-demand', '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.capsimCompare).toBe(1);
    expect(j.sides.map((s: { label: string }) => s.label)).toEqual(['base', 'on-demand']);
    const w = j.waterfalls[0].waterfall;
    const sum = w.steps.reduce((a: number, s: { usd: number }) => a + s.usd, 0);
    expect(sum).toBeCloseTo(w.toUsd - w.fromUsd, 6);
    expect(w.steps.find((s: { driver: string }) => s.driver === 'spot mix').usd).toBeGreaterThan(0);
  });

  it('migration TCO between two files: break-even month and cumulative curves', async () => {
    const r = await run(['compare', 'test/fixtures/scenarios/spark-onprem.yaml', 'test/fixtures/scenarios/spark-cloud.yaml', '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout).tco[0];
    expect(t.from).toBe('Spark on-prem');
    expect(t.to).toBe('Spark on cloud');
    expect(t.migrationUsd).toBe(40000);
    expect(t.dualRunningMonths).toBe(2);
    expect(t.result.months).toBe(24);
    // On-prem costs the same every month: capex/36 + opex.
    expect(t.currentMonthlyUsd[0]).toBeCloseTo(600000 / 36 + 9000, 2);
    expect(t.currentMonthlyUsd[23]).toBeCloseTo(600000 / 36 + 9000, 2);
    // Break-even is where the cumulative curves cross.
    const m = t.result.breakEvenMonth;
    expect(m).not.toBeNull();
    expect(t.result.targetCumulativeUsd[m - 1]).toBeLessThanOrEqual(t.result.currentCumulativeUsd[m - 1]);
    if (m > 1) expect(t.result.targetCumulativeUsd[m - 2]).toBeGreaterThan(t.result.currentCumulativeUsd[m - 2]);
  });

  it('the table shows the sides, the waterfall, and the break-even month', async () => {
    const r = await run(['compare', 'test/fixtures/scenarios/spark-onprem.yaml', 'test/fixtures/scenarios/spark-cloud.yaml', '--threads', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Compare: Spark on-prem vs Spark on cloud');
    expect(r.stdout).toContain('Why Spark on cloud differs from Spark on-prem');
    expect(r.stdout).toMatch(/Migration TCO over 24 months: Spark on-prem → Spark on cloud\n {2}migration \$40,000\.00 one-time · 2 months of dual running\n {2}break-even in month \d+/);
  });

  it('analyses model choice and feature reuse when the scenario has them', async () => {
    const r = await run(['compare', 'test/fixtures/scenarios/product-spec.yaml', '--variants', 'small-model', '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const m = j.models[0];
    expect(m.workload).toBe('recs-api');
    expect(m.options.map((o: { label: string }) => o.label)).toEqual(['large', 'small']);
    const [large, small] = m.options;
    expect(small.costUsd).toBeLessThan(large.costUsd);
    expect(large.usdPerAccuracyPointOverCheapest).toBeCloseTo((large.costUsd - small.costUsd) / ((0.921 - 0.905) * 100), 6);
    expect(j.featureReuse.savingsUsd).toBeCloseTo(j.featureReuse.withoutReuseUsd - j.featureReuse.withReuseUsd, 6);
  });

  it('usage errors exit 2', async () => {
    for (const args of [
      ['compare', 'test/fixtures/scenarios/small-inference.yaml'],
      ['compare', 'test/fixtures/scenarios/small-inference.yaml', '--variants', 'nope'],
      ['compare', 'a.yaml', 'b.yaml', '--format', 'xml'],
      ['compare', 'test/fixtures/scenarios/small-inference.yaml', 'x.yaml', '--months', '0'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe.each(runners)('capsim sweep (%s)', (_name, run) => {
  it('sweeps a grid and marks the Pareto set', async () => {
    const r = await run(['sweep', 'test/fixtures/scenarios/small-inference.yaml', '--set', 'pools.api.purchase.spotShare=0..1:0.5', '--set', 'pools.api.autoscaling.target=0.5,0.8', '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.results).toHaveLength(6);
    expect(j.results.map((x: { patch: Record<string, number> }) => x.patch['pools.api.purchase.spotShare'])).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    const front = j.results.filter((x: { pareto: boolean }) => x.pareto);
    expect(front.length).toBeGreaterThan(0);
    // No Pareto point is beaten on both cost and SLO by another result.
    for (const p of front) for (const q of j.results) expect(!(q.cost < p.cost && q.sloAttainment > p.sloAttainment)).toBe(true);
  });

  it('refuses a grid over the budget and a bad value before simulating anything', async () => {
    const over = await run(['sweep', 'test/fixtures/scenarios/small-inference.yaml', '--set', 'pools.api.autoscaling.max=1..1000', '--budget', '50']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('the sweep has 1000 candidates, over the budget of 50');
    const bad = await run(['sweep', 'test/fixtures/scenarios/small-inference.yaml', '--set', 'pools.api.purchase.spotShare=0,2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('pools.api.purchase.spotShare: too large (got 2; expected at most 1)');
    const path = await run(['sweep', 'test/fixtures/scenarios/small-inference.yaml', '--set', 'pools.api.purchse.spotShare=0,1']);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('did you mean "purchase"?');
  });

  it('ranks inputs by their cost impact with --sensitivity', async () => {
    const r = await run(['sweep', 'test/fixtures/scenarios/small-inference.yaml', '--sensitivity', '20', '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const impact = (x: { costLow: number | null; costHigh: number | null }) => Math.max(Math.abs((x.costLow ?? j.baseCost) - j.baseCost), Math.abs((x.costHigh ?? j.baseCost) - j.baseCost));
    const impacts = j.inputs.map(impact);
    expect(impacts).toEqual([...impacts].sort((a: number, b: number) => b - a));
    expect(j.inputs.map((x: { path: string }) => x.path)).toContain('workloads.web.load.base');
    const base = j.inputs.find((x: { path: string }) => x.path === 'workloads.web.load.base');
    expect(base.costHigh).toBeGreaterThan(j.baseCost);
  });
});
