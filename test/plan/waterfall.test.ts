import { describe, expect, it } from 'vitest';
import { costFactors, waterfall, waterfallSum } from '../../src/plan/waterfall.js';
import { simulateRun } from '../../src/sim/run.js';
import { resolveText } from '../sim/helpers.js';

const base = `schemaVersion: 1
name: w
horizon: 3d
seed: 5
pools:
  api:
    instance: m5.large
    purchase: {onDemandBase: 2, spotShare: 0.6, commitment: {type: savings-plan, term: 1y, hourly: 0.1}}
    spot: {interruptionsPerMonth: 20}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 40}
  brokers: {instance: m5.xlarge, count: 4}
  dc: {onPrem: {nodes: 4, vcpuPerNode: 16, capex: 100000, amortization: 3y, monthlyOpex: 2000}}
workloads:
  - {name: web, kind: inference, pool: api, load: {base: 300, diurnal: {amplitude: 0.5, peakHour: 12}}, service: {time: 40ms, serversPerInstance: 2}, egress: {perRequest: 0.00001}, slo: {p99: 200ms}}
  - {name: s, kind: streaming, pool: brokers, load: {base: 100 MB/s}, throughputPerInstance: 120 MB/s, replication: 3, retention: 1d}
  - {name: etl, kind: batch, pool: dc, schedule: {every: 12h}, job: {work: 64 vCPU-h}}
features: {reuse: true, pipelines: [{name: f, work: 8 vCPU-h, refresh: 1d, pool: dc, consumers: [a, b, c], onlineStore: {sizeGB: 20, readsPerSecond: 500}}]}
`;

async function result(text: string) {
  const r = await resolveText(text);
  const run = simulateRun(r.spec, r.loads, { runIndex: 0, series: false });
  return costFactors(r.spec, run);
}

describe('cost waterfall', () => {
  it.each([
    ['a bigger instance type', (t: string) => t.replace('instance: m5.large', 'instance: m5.2xlarge')],
    ['no spot', (t: string) => t.replace('spotShare: 0.6', 'spotShare: 0')],
    ['a bigger commitment', (t: string) => t.replace('hourly: 0.1', 'hourly: 0.4')],
    ['static sizing', (t: string) => t.replace('autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 40}', 'count: 20')],
    ['no feature reuse', (t: string) => t.replace('reuse: true', 'reuse: false')],
    ['more egress and storage', (t: string) => t.replace('perRequest: 0.00001', 'perRequest: 0.0001').replace('retention: 1d', 'retention: 2d')],
    ['everything at once', (t: string) => t.replace('instance: m5.large', 'instance: c5.xlarge').replace('spotShare: 0.6', 'spotShare: 0.9').replace('reuse: true', 'reuse: false').replace('base: 300', 'base: 450')],
  ])('adds up exactly to the total difference: %s', async (_label, change) => {
    const a = await result(base);
    const b = await result(change(base));
    const w = waterfall(a, b);
    expect(Math.abs(waterfallSum(w) - (b.totalUsd - a.totalUsd))).toBeLessThan(1e-6);
    expect(w.fromUsd).toBe(a.totalUsd);
    expect(w.toUsd).toBe(b.totalUsd);
  });

  it('attributes a pure spot change to the spot mix and a pure reuse change to feature reuse', async () => {
    const a = await result(base);
    const noSpot = waterfall(a, await result(base.replace('spotShare: 0.6', 'spotShare: 0')));
    const spot = noSpot.steps.find((s) => s.driver === 'spot mix')!.usd;
    expect(spot).toBeGreaterThan(0);
    const reuse = waterfall(a, await result(base.replace('reuse: true', 'reuse: false')));
    expect(Math.abs(reuse.steps.find((s) => s.driver === 'feature reuse')!.usd)).toBeGreaterThan(0);
    expect(reuse.steps.find((s) => s.driver === 'spot mix')!.usd).toBe(0);
  });
});
