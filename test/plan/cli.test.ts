import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from '../cli/harness.js';

const SMALL = 'test/plan/fixtures/small-plan.yaml';
const UNREACHABLE = 'test/plan/fixtures/unreachable-slo.yaml';
/** A few families keep the CLI tests quick; the full catalog is the benchmark's job. */
const NARROW = ['--providers', 'aws', '--families', 'm5,c6g,c7g', '--runs', '4'];

const runners: Array<[string, (args: string[], opts?: { env?: Record<string, string> }) => Promise<CliRun> | CliRun]> = [
  ['in-process', runInProcess],
  ['binary', runBinary],
];

describe.each(runners)('capsim plan (%s)', (_name, run) => {
  it('prints the cheapest configuration, its patch, the frontier and the search counts', async () => {
    const r = await run(['plan', SMALL, ...NARROW], { env: { NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('capsim plan · Small plan');
    expect(r.stdout).toMatch(/✓ \S+ /);
    expect(r.stdout).toMatch(/cost \$[\d,.]+/);
    expect(r.stdout).toContain('Pareto frontier: cost vs p99 latency');
    expect(r.stdout).toMatch(/pruned by bound \d+ · searched \d+/);
    expect(r.stdout).toMatch(/simulated \d+ configurations/);
    expect(r.stdout).toMatch(/variants:\n {4}plan-web:\n {6}pools\.api\.instance: /);
    expect(r.stdout).toContain('re-checked through the scenario');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--format json is versioned and its patch re-checks', async () => {
    const a = await run(['plan', SMALL, ...NARROW, '--format', 'json']);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.stdout);
    expect(j.capsimPlan).toBe(1);
    expect(j.plans).toHaveLength(1);
    const p = j.plans[0];
    expect(p).toMatchObject({ workload: 'web', pool: 'api', kind: 'inference', slo: { requiredAttainment: 0.99 } });
    expect(p.best.meetsSlo).toBe(true);
    expect(p.best.sloAttainment).toBeGreaterThanOrEqual(0.99);
    expect(p.search.simulations).toBeGreaterThan(0);
    expect(p.search.prunedByBound + p.search.searched + p.search.skippedByBudget + p.search.unusable).toBeLessThanOrEqual(p.search.candidates);
    expect(j.variant.name).toBe('plan-web');
    expect(j.variant.patch['pools.api.instance']).toBe(p.best.instanceType);
    expect(j.recheck).toEqual([expect.objectContaining({ workload: 'web', matches: true })]);
  });

  it('exits 3 with the closest miss when nothing meets the SLO', async () => {
    const r = await run(['plan', UNREACHABLE, '--providers', 'aws', '--families', 'm5'], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('no configuration meets the SLO');
    expect(r.stdout).toMatch(/closest miss: m5\.\S+ .*SLO missed by [\d.]+ points/);
    expect(r.stderr).toMatch(/no configuration meets web's SLO \(p99 ≤ 182 ms\); closest miss: /);
  });

  it('rejects a bad flag with exit 2', async () => {
    const r = await run(['plan', SMALL, '--spot', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/capsim plan: --spot takes shares from 0 to 1/);
  });
});

describe('capsim plan options (in-process)', () => {
  it('rejects bad flags and names with exit 2', async () => {
    for (const args of [
      ['--workload', 'nope'],
      ['--spot', '0.5', '--spot-shares', '0,0.5'],
      ['--format', 'csv'],
      ['--families', 'zz9'],
      ['--providers', 'ibm'],
      ['--objective', 'fast'],
      ['--commitments', '5y'],
      ['--targets', '1.5'],
      ['--budget', '0'],
    ]) {
      const r = await runInProcess(['plan', SMALL, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/capsim plan: |must be/);
    }
  });

  it('--format md and --objective p99 within --max-cost', async () => {
    const md = await runInProcess(['plan', SMALL, ...NARROW, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Capacity plan: Small plan\n/);
    expect(md.stdout).toContain('```yaml\nvariants:\n  plan-web:\n');
    const cost = JSON.parse((await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json'])).stdout).plans[0].best;
    const p99 = JSON.parse((await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json', '--objective', 'p99', '--max-cost', String(cost.costUsd * 2)])).stdout).plans[0].best;
    expect(p99.metric).toBeLessThanOrEqual(cost.metric);
    expect(p99.costUsd).toBeLessThanOrEqual(cost.costUsd * 2 + 1e-9);
  });

  it('the same scenario gives byte-identical JSON, whatever the thread count', async () => {
    const a = await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json', '--threads', '1']);
    const b = await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json', '--threads', '2', '--runs', '8']);
    const c = await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json', '--threads', '1', '--runs', '8']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(c.stdout);
  });

  it('--spot 0 searches on-demand only; --commitments none adds no savings plan', async () => {
    const j = JSON.parse((await runInProcess(['plan', SMALL, ...NARROW, '--format', 'json', '--spot', '0', '--commitments', 'none'])).stdout);
    const p = j.plans[0];
    expect(p.search.spotShares).toEqual([0]);
    expect(p.best.spotShare).toBe(0);
    expect(p.best.commitment).toBeNull();
    expect(p.best.monteCarlo).toBeNull();
    expect(p.search.monteCarloRuns).toBe(0);
  });
});
