import { describe, expect, it } from 'vitest';
import { AWS_PER_SECOND } from '../../src/model/billing/index.js';
import { streamFor } from '../../src/model/prng.js';
import type { ServiceDistribution } from '../../src/model/queueing.js';
import { eventTraceTimes, poissonArrivals } from '../../src/sim/reference/arrivals.js';
import { EventQueue } from '../../src/sim/reference/event-queue.js';
import { billInstanceRuns, ON_DEMAND, SPOT } from '../../src/sim/reference/instance-bill.js';
import { simulateReference } from '../../src/sim/reference/reference.js';
import { gammaUnitScale } from '../../src/sim/reference/service-sampler.js';
import { simulateRun } from '../../src/sim/run.js';
import type { AutoscalingSpec, CloudPoolSpec, SimSpec } from '../../src/sim/spec.js';

/** The request-level reference simulator on its own: ordering, exactness, conservation, billing. */

interface SpecOptions {
  readonly count: number;
  readonly serviceSeconds: number;
  readonly distribution?: ServiceDistribution;
  readonly serversPerInstance?: number;
  readonly horizonSeconds?: number;
  readonly stepSeconds?: number;
  readonly maxWaitSeconds?: number;
  readonly autoscaling?: Partial<AutoscalingSpec>;
  readonly spot?: { readonly share: number; readonly perMonth: number; readonly correlation: number; readonly fallback?: 'on-demand' | 'none' };
  readonly seed?: number;
}

function makeSpec(o: SpecOptions): SimSpec {
  const horizonSeconds = o.horizonSeconds ?? 3600;
  const stepSeconds = o.stepSeconds ?? 60;
  const autoscaling: AutoscalingSpec = {
    policy: 'static',
    min: o.count,
    max: o.count,
    syncPeriodSeconds: 15,
    tolerance: 0.1,
    scaleDownStabilizationSeconds: 300,
    scaleUpStabilizationSeconds: 0,
    targetUtilization: undefined,
    targetLagSeconds: undefined,
    targetBacklogPerInstance: undefined,
    cooldownSeconds: 300,
    step: undefined,
    schedule: undefined,
    forecast: undefined,
    ...o.autoscaling,
  };
  const pool: CloudPoolSpec = {
    kind: 'cloud',
    name: 'pool',
    instance: { label: 't.node', provider: 'aws', region: 'us-east-1', family: 't', vcpu: 2, memoryGiB: 8, gpus: 0, onDemandUsdPerHour: 0.1, spotUsdPerHour: 0.04 },
    billing: AWS_PER_SECOND,
    count: o.count,
    autoscaling,
    bootTimeSeconds: 90,
    purchase: { onDemandBase: 0, spotShare: o.spot?.share ?? 0, spotFallback: o.spot?.fallback ?? 'on-demand' },
    commitments: [],
    spot: { interruptionsPerMonth: o.spot?.perMonth ?? 0, noticeSeconds: 120, correlation: o.spot?.correlation ?? 1, rebalanceAfterSeconds: 3600 },
  };
  return {
    name: 'test',
    horizonSeconds,
    stepSeconds,
    steps: horizonSeconds / stepSeconds,
    seed: o.seed ?? 3,
    pools: [pool],
    workloads: [
      {
        kind: 'inference',
        name: 'api',
        pool: 'pool',
        load: { kind: 'shape', shape: { base: 0 } },
        noiseCv: 0,
        serversPerInstance: o.serversPerInstance ?? 1,
        route: { kind: 'single', model: { name: 'm', serviceSeconds: o.serviceSeconds, distribution: o.distribution ?? 'exponential', accuracy: undefined } },
        maxWaitSeconds: o.maxWaitSeconds ?? 30,
        egressGBPerRequest: 0,
        slo: undefined,
      },
    ],
    features: undefined,
  };
}

const constant = (spec: SimSpec, rate: number) => new Map([['api', new Float64Array(spec.steps).fill(rate)]]);

describe('the event queue', () => {
  it('pops by time, then priority, then insertion order (SimPy\'s rule), whatever the push order', () => {
    const q = new EventQueue(2);
    const pushes: Array<[number, number, number]> = [
      [5, 1, 0],
      [1, 3, 1],
      [5, 0, 2],
      [1, 3, 3],
      [0.5, 9, 4],
      [5, 1, 5],
      [1, 2, 6],
    ];
    for (const [t, p, id] of pushes) q.push(t, p, 0, id);
    const order: number[] = [];
    while (q.length > 0) order.push(q.a(q.pop()));
    expect(order).toEqual([4, 6, 1, 3, 2, 0, 5]);
  });

  it('stays ordered through interleaved pushes and pops and growth', () => {
    const q = new EventQueue(4);
    const rng = streamFor(1, 0, 'heap');
    let last = -Infinity;
    let popped = 0;
    let now = 0;
    for (let i = 0; i < 20_000; i++) {
      q.push(now + rng.nextFloat() * 10, rng.nextUint32() % 4, 0, i);
      if (i % 3 === 2) {
        const s = q.pop();
        const t = q.time(s);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
        now = t;
        popped++;
      }
    }
    while (q.length > 0) {
      const t = q.time(q.pop());
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      popped++;
    }
    expect(popped).toBe(20_000);
  });
});

describe('arrivals and service times', () => {
  it('non-homogeneous Poisson arrivals follow each step\'s rate and produce nothing in a zero-rate step', () => {
    const rates = Float64Array.from([0, 200, 0, 50]);
    const arrivals = poissonArrivals(rates, 60, 240, streamFor(1, 0, 'arrivals'));
    const counts = [0, 0, 0, 0];
    for (let t = arrivals.next(0); t < 240; t = arrivals.next(t)) counts[Math.floor(t / 60)]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    // Poisson counts: mean 12,000 and 3,000, sd ≈ 110 and 55; 5 sd either way.
    expect(Math.abs(counts[1]! - 12_000)).toBeLessThan(550);
    expect(Math.abs(counts[3]! - 3_000)).toBeLessThan(275);
  });

  it('gamma service times have the requested mean and cv', () => {
    const rng = streamFor(1, 0, 'gamma');
    for (const cv of [0.5, 2]) {
      const shape = 1 / (cv * cv);
      let sum = 0;
      let sq = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const x = gammaUnitScale(shape, rng) / shape;
        sum += x;
        sq += x * x;
      }
      const mean = sum / n;
      const measuredCv = Math.sqrt(sq / n - mean * mean) / mean;
      expect(mean).toBeCloseTo(1, 1);
      expect(Math.abs(measuredCv - cv) / cv).toBeLessThan(0.03);
    }
  });

  it('an event trace is laid over the horizon as the engine resamples it, looping every span', () => {
    const times = eventTraceTimes({ kind: 'events', timesSeconds: Float64Array.from([100, 100, 130, 160]), weights: undefined }, 200, true);
    // Span 60 s (first to last event, plus a hair): 0, 0, 30, 60, then again from 60 s on.
    expect(Array.from(times, (t) => Math.round(t))).toEqual([0, 0, 30, 60, 60, 60, 90, 120, 120, 120, 150, 180, 180, 180]);
    expect(eventTraceTimes({ kind: 'events', timesSeconds: Float64Array.from([5, 15]), weights: undefined }, 100, false).length).toBe(2);
  });
});

describe('the request-level simulation', () => {
  it('is deterministic: the same spec, loads and run index give the same result', () => {
    const spec = makeSpec({ count: 4, serviceSeconds: 0.05, horizonSeconds: 1200, spot: { share: 1, perMonth: 20_000, correlation: 0.5 } });
    const loads = constant(spec, 60);
    const strip = (r: ReturnType<typeof simulateReference>) => r.workloads.map(({ histogram: _h, ...w }) => w);
    const a = simulateReference(spec, loads, { runIndex: 2 });
    const b = simulateReference(spec, loads, { runIndex: 2 });
    expect(strip(a)).toEqual(strip(b));
    expect(a.pools).toEqual(b.pools);
    expect(strip(simulateReference(spec, loads, { runIndex: 3 }))).not.toEqual(strip(a));
  });

  it('matches the M/M/c worked example of models.md §5.2 (λ 100/s, 50 ms, c = 6: W 79.4 ms, p99 307 ms)', () => {
    const spec = makeSpec({ count: 6, serviceSeconds: 0.05, horizonSeconds: 2 * 3600 });
    const loads = constant(spec, 100);
    let latency = 0;
    let served = 0;
    const p99s: number[] = [];
    for (let k = 0; k < 2; k++) {
      const w = simulateReference(spec, loads, { runIndex: k }).workloads[0]!;
      latency += w.latencySeconds.mean * w.served;
      served += w.served;
      p99s.push(w.latencySeconds.p99);
    }
    expect(latency / served).toBeGreaterThan(0.0794 * 0.98);
    expect(latency / served).toBeLessThan(0.0794 * 1.02);
    const p99 = (p99s[0]! + p99s[1]!) / 2;
    expect(Math.abs(p99 / 0.307 - 1)).toBeLessThan(0.04);
  });

  it('conserves requests: every arrival is served, dropped or still queued at the end', () => {
    const spec = makeSpec({ count: 1, serviceSeconds: 1, distribution: 'deterministic', maxWaitSeconds: 5, horizonSeconds: 600 });
    const w = simulateReference(spec, constant(spec, 2), { runIndex: 0 }).workloads[0]!;
    expect(w.served + w.dropped + w.queuedAtEnd).toBe(w.arrived);
    // One server of 1 req/s under 2 req/s: about half is dropped, and nobody served waited past maxWait.
    expect(w.dropped / w.arrived).toBeGreaterThan(0.4);
    expect(w.histogram.quantileSeconds(1)).toBeLessThanOrEqual((5 + 1) * 1.01);
  });

  it('replays exact arrival times: spaced requests on deterministic service never wait', () => {
    const spec = makeSpec({ count: 1, serviceSeconds: 0.5, distribution: 'deterministic', horizonSeconds: 600 });
    const times = Float64Array.from({ length: 500 }, (_, i) => i + 0.25);
    const w = simulateReference(spec, constant(spec, 1), { runIndex: 0, arrivalTimesSeconds: new Map([['api', times]]) }).workloads[0]!;
    expect(w.arrived).toBe(500);
    expect(w.served).toBe(500);
    expect(w.latencySeconds.mean).toBeCloseTo(0.5, 12);
  });

  it('scale-in never kills a busy server: with no spot, no request is ever lost or retried', () => {
    // Long requests and a load that falls by 4×: the HPA removes instances while they serve.
    const spec = makeSpec({
      count: 10,
      serviceSeconds: 20,
      serversPerInstance: 2,
      horizonSeconds: 3 * 3600,
      maxWaitSeconds: 3600, // nothing may leave except by being served
      autoscaling: { policy: 'target-tracking', min: 1, max: 40, targetUtilization: 0.6, scaleDownStabilizationSeconds: 60 },
    });
    const rate = new Float64Array(spec.steps).map((_, i) => (i < 60 ? 0.6 : 0.15));
    const r = simulateReference(spec, new Map([['api', rate]]), { runIndex: 0 });
    const w = r.workloads[0]!;
    expect(r.pools[0]!.peakInstances).toBeGreaterThan(3);
    expect(w.retried).toBe(0);
    expect(w.dropped).toBe(0);
    expect(w.served + w.queuedAtEnd).toBe(w.arrived);
  });

  it('spot losses kill in-flight work, which is retried and still counted once', () => {
    const spec = makeSpec({ count: 10, serviceSeconds: 5, serversPerInstance: 2, horizonSeconds: 6 * 3600, spot: { share: 1, perMonth: 500, correlation: 0.5 } });
    const r = simulateReference(spec, constant(spec, 2), { runIndex: 0 });
    const w = r.workloads[0]!;
    expect(r.pools[0]!.interruptionEvents).toBeGreaterThan(0);
    expect(w.retried).toBeGreaterThan(0);
    expect(w.served + w.dropped + w.queuedAtEnd).toBe(w.arrived);
  });

  it('draws spot interruptions from the engine\'s own stream: paired runs see the same events', () => {
    // Spot replaced by spot: both fleets then keep the same exposure, hence the same hazard.
    const spec = makeSpec({ count: 10, serviceSeconds: 5, serversPerInstance: 2, horizonSeconds: 6 * 3600, spot: { share: 1, perMonth: 500, correlation: 0.5, fallback: 'none' } });
    for (let k = 0; k < 3; k++) {
      const engine = simulateRun(spec, constant(spec, 2), { runIndex: k, series: false });
      const reference = simulateReference(spec, constant(spec, 2), { runIndex: k });
      expect(reference.pools[0]!.interruptionEvents).toBe(engine.pools[0]!.totals.interruptionEvents);
    }
  });
});

describe('spot fallback and rebalancing', () => {
  it('swaps fallback on-demand back to spot an hour after the interruption, once the new spot is ready', () => {
    const spec = makeSpec({ count: 8, serviceSeconds: 1, horizonSeconds: 6 * 3600, spot: { share: 1, perMonth: 150, correlation: 0.5 } });
    const loads = constant(spec, 4);
    // The first run with exactly one interruption event (deterministic: seeds are fixed).
    const run = [...Array(20).keys()].map((k) => simulateReference(spec, loads, { runIndex: k })).find((r) => r.pools[0]!.interruptionEvents === 1)!;
    expect(run).toBeDefined();
    const pool = run.pools[0]!;
    expect(pool.interruptedInstances).toBe(4);
    // 4 on-demand bridge the gap from the notice until the swapped-in spot is ready: 1 h
    // (rebalanceAfter) + at most one sync + the 90 s boot, not the rest of the horizon.
    expect(pool.bill.onDemandInstanceHours).toBeGreaterThan(4 * 1);
    expect(pool.bill.onDemandInstanceHours).toBeLessThan(4 * (3600 + 60 + 90 + 1) / 3600);
  });
});

describe('the reference bill', () => {
  const pool = makeSpec({ count: 1, serviceSeconds: 1 }).pools[0] as CloudPoolSpec;
  const runs = (rows: Array<[option: number, launched: number, ended: number, preexisting: number, byProvider: number]>) => ({
    count: rows.length,
    option: Uint8Array.from(rows.map((r) => r[0])),
    launchedAtSeconds: Float64Array.from(rows.map((r) => r[1])),
    endedAtSeconds: Float64Array.from(rows.map((r) => r[2])),
    preexisting: Uint8Array.from(rows.map((r) => r[3])),
    endedByProvider: Uint8Array.from(rows.map((r) => r[4])),
  });

  it('bills a static pool as size × hours × rate, exactly as the engine does', () => {
    const spec = makeSpec({ count: 3, serviceSeconds: 0.05, horizonSeconds: 2 * 3600 });
    const loads = constant(spec, 10);
    const reference = simulateReference(spec, loads, { runIndex: 0 }).pools[0]!.bill.totalUsd;
    const engine = simulateRun(spec, loads, { runIndex: 0, series: false }).pools[0]!.totals.totalUsd;
    expect(reference).toBeCloseTo(3 * 2 * 0.1, 12);
    expect(reference).toBeCloseTo(engine, 12);
  });

  it('applies the rule per run: 60 s minimum, AWS\'s free interrupted spot hour, nothing for runs that predate the horizon', () => {
    const bill = billInstanceRuns(
      pool,
      runs([
        [ON_DEMAND, 100, 120, 0, 0], // 20 s run, customer-ended: billed 60 s
        [SPOT, 200, 1400, 0, 1], // interrupted by the provider within its first hour: free
        [ON_DEMAND, 0, 30, 1, 0], // running before t = 0: its 30 s only
      ]),
      3600,
    );
    expect(bill.onDemandInstanceHours * 3600).toBeCloseTo(60 + 30, 9);
    expect(bill.spotInstanceHours).toBeCloseTo(0, 12);
    expect(bill.totalUsd).toBeCloseTo((90 / 3600) * 0.1, 12);
  });
});
