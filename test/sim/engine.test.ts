import { describe, expect, it } from 'vitest';
import { mmcMeanResponseSeconds, mmcResponseQuantileSeconds } from '../../src/model/queueing.js';
import { roundCents } from '../../src/model/money.js';
import { runText } from './helpers.js';

const staticPool = (count: number, horizon = '30d', step = '1m', extra = '') => `schemaVersion: 1
name: static
horizon: ${horizon}
step: ${step}
pools:
  api: {instance: m5.large, count: ${count}${extra}}
`;

describe('closed forms through the whole engine', () => {
  it('a static pool of 10 × m5.large on-demand for 30 days costs $691.20 exactly', async () => {
    const r = await runText(staticPool(10));
    expect(roundCents(r.cost.total)).toBe(691.2);
    expect(Math.abs(r.cost.total - 691.2)).toBeLessThan(1e-9);
    expect(r.cost.byPurchase.onDemand).toBeCloseTo(691.2, 9);
    expect(r.pools[0]!.totals.onDemandInstanceHours).toBeCloseTo(7200, 9);
  });

  it('a static bill does not depend on the step', async () => {
    const costs = await Promise.all(['1m', '5m', '1h', '1d'].map(async (step) => (await runText(staticPool(7, '30d', step))).cost.total));
    for (const c of costs) expect(c).toBeCloseTo(7 * 0.096 * 720, 9);
  });

  it('Erlang C: λ = 100/s, 50 ms exponential service, 6 servers → mean 79.4 ms, p99 307 ms (±1%)', async () => {
    const r = await runText(`schemaVersion: 1
name: erlang
horizon: 1d
pools:
  api: {instance: m5.large, count: 3}
workloads:
  - name: w
    kind: inference
    pool: api
    load: {base: 100}
    service: {time: 50ms, serversPerInstance: 2}
    slo: {p99: 307ms}
`);
    const w = r.workloads[0]!.inference!;
    expect(mmcMeanResponseSeconds(100, 0.05, 6)).toBeCloseTo(0.0794, 3);
    expect(w.latencySeconds.mean).toBeCloseTo(0.079375, 5); // exact M/M/c, up to the Erlang cache error
    expect(Math.abs(w.latencySeconds.mean / 0.0794 - 1)).toBeLessThan(0.01);
    expect(Math.abs(w.latencySeconds.p99 / 0.307 - 1)).toBeLessThan(0.01);
    expect(Math.abs(w.latencySeconds.p99 / mmcResponseQuantileSeconds(100, 0.05, 6, 0.99) - 1)).toBeLessThan(0.005);
    // Everything is served at constant load below capacity; attainment sits right at 99%.
    expect(w.dropped).toBe(0);
    expect(w.sloAttainment).toBeCloseTo(0.99, 2);
  });

  it('streaming: 1000 MB/s in, 6 × 150 MB/s → the lag after 1 h is 400 s', async () => {
    const r = await runText(`schemaVersion: 1
name: lag
horizon: 1h
pools:
  brokers: {instance: m5.2xlarge, count: 6}
workloads:
  - {name: s, kind: streaming, pool: brokers, load: {base: 1000 MB/s}, throughputPerInstance: 150 MB/s}
`);
    const s = r.workloads[0]!.streaming!;
    expect(s.lagSeconds.max).toBeCloseTo(400, 9);
    expect(s.backlogAtEndMB).toBeCloseTo(360_000, 6);
  });
});

describe('properties', () => {
  const inference = `schemaVersion: 1
name: prop
horizon: 2d
seed: 7
pools:
  api:
    instance: m5.large
    purchase: {onDemandBase: 1, spotShare: 0.8}
    spot: {interruptionsPerMonth: 40}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 40}
workloads:
  - name: w
    kind: inference
    pool: api
    load: {base: 300, diurnal: {amplitude: 0.6, peakHour: 18}, noise: {cv: 0.2}, spikes: [{at: 20h, duration: 1h, factor: 4}]}
    service: {time: 40ms, serversPerInstance: 2}
    slo: {p99: 200ms}
`;

  it('the same seed and run give byte-identical results', async () => {
    const a = await runText(inference, 3);
    const b = await runText(inference, 3);
    expect(JSON.stringify(a.cost)).toBe(JSON.stringify(b.cost));
    expect(JSON.stringify(a.workloads.map((w) => ({ ...w, series: undefined, inference: { ...w.inference, histogram: undefined } })))).toBe(
      JSON.stringify(b.workloads.map((w) => ({ ...w, series: undefined, inference: { ...w.inference, histogram: undefined } }))),
    );
  });

  it('different runs draw different spot interruptions', async () => {
    const costs = new Set<number>();
    let events = 0;
    for (let run = 0; run < 6; run++) {
      const r = await runText(inference, run);
      costs.add(r.cost.total);
      events += r.pools[0]!.totals.interruptionEvents;
    }
    expect(events).toBeGreaterThan(0);
    expect(costs.size).toBeGreaterThan(1);
  });

  it('requests are conserved: arrived = served + dropped + still queued', async () => {
    for (let run = 0; run < 4; run++) {
      const w = (await runText(inference, run)).workloads[0]!.inference!;
      expect(w.served + w.dropped + w.queuedAtEnd).toBeCloseTo(w.arrived, 6);
      expect(w.dropped).toBeGreaterThanOrEqual(0);
    }
  });

  it('the ledger adds up: purchase options and categories both sum to the total, cost ≥ 0', async () => {
    const r = await runText(inference, 1);
    const p = r.cost.byPurchase;
    const k = r.cost.byCategory;
    expect(p.onDemand + p.spot + p.committed + p.onPrem).toBeCloseTo(k.compute + k.featureStore - (r.featureStore?.storeCostUsd ?? 0), 9);
    expect(k.compute + k.storage + k.network + k.featureStore).toBeCloseTo(r.cost.total, 9);
    expect(Object.values(r.cost.byWorkload).reduce((a, b) => a + b, 0)).toBeCloseTo(r.cost.total - k.featureStore, 9);
    for (const v of [...Object.values(p), ...Object.values(k), r.cost.total]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('more load never lowers the cost of a static pool', async () => {
    const text = (base: number) => `${staticPool(4, '1d')}workloads:\n  - {name: w, kind: inference, pool: api, load: {base: ${base}}, service: {time: 10ms}}\n`;
    let last = -Infinity;
    for (const base of [0, 10, 100, 1000, 10000]) {
      const c = (await runText(text(base))).cost.total;
      expect(c).toBeGreaterThanOrEqual(last);
      last = c;
    }
  });
});
