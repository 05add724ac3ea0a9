import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minServersForResponseQuantile, serviceTime } from '../../src/model/queueing.js';
import { batchDemand } from '../../src/plan/batch-demand.js';
import { capacityOn } from '../../src/plan/instance-capacity.js';
import { inferenceDemand } from '../../src/plan/inference-demand.js';
import { costLowerBoundUsd, staticCostLowerBoundUsd } from '../../src/plan/purchase-price.js';
import { streamingDemand } from '../../src/plan/streaming-demand.js';
import { TrackingFloor } from '../../src/plan/tracking-floor.js';
import { selectTypes } from '../../src/plan/type-option.js';
import { entry } from './helpers.js';

const S40 = serviceTime(0.04);

describe('inference demand (Erlang C, models.md §5)', () => {
  it('a constant load needs what the Erlang sizing sweep says, give or take the slack', () => {
    const d = inferenceDemand({ ratePerStep: new Float64Array(1440).fill(100), stepSeconds: 60, service: S40, quantile: 0.99, latencySeconds: 0.25 });
    const erlang = minServersForResponseQuantile(100, S40, 0.99, 0.25);
    expect(d.staticMinUnits).toBeLessThanOrEqual(erlang);
    expect(d.staticMinUnits).toBeGreaterThanOrEqual(erlang - 1);
    expect(d.staticUnitsEstimate).toBe(erlang);
    // Any fleet needs at least the work (q of the requests × E[S]) and at most a static fleet.
    expect(d.minUnitSeconds).toBeGreaterThanOrEqual(0.99 * 100 * 0.04 * 1440 * 60 * 0.99);
    expect(d.minUnitSeconds).toBeLessThanOrEqual(erlang * 1440 * 60);
    expect(d.impossible).toBeUndefined();
  });

  it('a peaky load: the month may miss at the peak, so the static bound is below the peak size', () => {
    const load = new Float64Array(1440).map((_, i) => (i >= 600 && i < 610 ? 1000 : 100));
    const d = inferenceDemand({ ratePerStep: load, stepSeconds: 60, service: S40, quantile: 0.99, latencySeconds: 0.25 });
    expect(d.staticMinUnits).toBeLessThan(minServersForResponseQuantile(1000, S40, 0.99, 0.25));
    expect(d.peakUnits).toBeCloseTo(40, 9);
  });

  it('says so when the service time alone misses the SLO', () => {
    const d = inferenceDemand({ ratePerStep: new Float64Array(10).fill(5), stepSeconds: 60, service: S40, quantile: 0.99, latencySeconds: 0.1 });
    expect(d.impossible).toMatch(/service time alone misses the SLO/);
  });
});

describe('streaming and batch demand', () => {
  it('streaming: the least constant capacity keeping lag within the SLO, and the backlog bound', () => {
    const load = new Float64Array(120).fill(100);
    for (let i = 60; i < 65; i++) load[i] = 400;
    const d = streamingDemand({ ratePerStepMBps: load, stepSeconds: 60, maxLagSeconds: 30 });
    expect(d.staticMinUnits).toBeGreaterThan(100);
    expect(d.staticMinUnits).toBeLessThanOrEqual(400);
    expect(d.staticUnitsEstimate).toBeGreaterThanOrEqual(d.staticMinUnits);
    const ingested = load.reduce((a, b) => a + b * 60, 0);
    expect(d.minUnitSeconds).toBeCloseTo(ingested - 30 * 400, 6);
  });

  it('batch: Amdahl N* = p·T1 / (D − (1 − p)·T1), and an impossible deadline', () => {
    const d = batchDemand({
      horizonSeconds: 86_400,
      jobs: [{ name: 'etl', workVcpuHours: 60, parallelFraction: 0.98, maxParallelism: undefined, deadlineSeconds: 3 * 3600, arrivalsSeconds: [3600, 13 * 3600] }],
    });
    const nStar = (0.98 * 60) / (3 - 0.02 * 60);
    expect(d.staticMinUnits).toBeCloseTo(nStar, 9);
    expect(d.minUnitSeconds).toBeCloseTo(2 * nStar * 3 * 3600, 6);
    const bad = batchDemand({ horizonSeconds: 86_400, jobs: [{ name: 'etl', workVcpuHours: 120, parallelFraction: 0.95, maxParallelism: undefined, deadlineSeconds: 3 * 3600, arrivalsSeconds: [0] }] });
    expect(bad.impossible).toMatch(/serial part alone/);
    const capped = batchDemand({ horizonSeconds: 86_400, jobs: [{ name: 'etl', workVcpuHours: 60, parallelFraction: 0.98, maxParallelism: 16, deadlineSeconds: 3 * 3600, arrivalsSeconds: [0] }] });
    expect(capped.impossible).toMatch(/maxParallelism is 16/);
  });
});

describe('types, capacity and prices', () => {
  it('scales servers with vCPUs (GPUs for GPU workloads) and streaming throughput with network capped by vCPUs', () => {
    const base = { vcpu: 2, gpus: 0, networkGbps: 10 };
    expect(capacityOn({ kind: 'inference', serversPerInstance: 2 }, base, entry({ instanceType: 'a.xlarge', vcpu: 4, onDemandUsdPerHour: 1 }))?.serversPerInstance).toBe(4);
    expect(capacityOn({ kind: 'inference', serversPerInstance: 3 }, base, entry({ instanceType: 'a.medium', vcpu: 1, onDemandUsdPerHour: 1 }))?.serversPerInstance).toBe(1);
    const gpuBase = { vcpu: 8, gpus: 1, networkGbps: null };
    expect(capacityOn({ kind: 'inference', serversPerInstance: 4 }, gpuBase, entry({ instanceType: 'c.large', vcpu: 64, onDemandUsdPerHour: 1 }))).toBeUndefined();
    expect(capacityOn({ kind: 'inference', serversPerInstance: 4 }, gpuBase, entry({ instanceType: 'g.12xlarge', vcpu: 48, gpus: 4, onDemandUsdPerHour: 1 }))?.serversPerInstance).toBe(16);
    const stream = { kind: 'streaming' as const, throughputPerInstanceMBps: 100, replication: 3 };
    expect(capacityOn(stream, base, entry({ instanceType: 'n.xlarge', vcpu: 4, networkGbps: 12.5, onDemandUsdPerHour: 1 }))?.throughputPerInstanceMBps).toBe(125);
    expect(capacityOn(stream, base, entry({ instanceType: 'n.8xlarge', vcpu: 4, networkGbps: 100, onDemandUsdPerHour: 1 }))?.throughputPerInstanceMBps).toBe(200);
  });

  it('leaves out burstable and unpriced types and drops dominated ones; carries the on-demand base over as capacity', () => {
    const sel = selectTypes(
      [
        entry({ instanceType: 't3.large', vcpu: 2, onDemandUsdPerHour: 0.08 }),
        entry({ instanceType: 'c.large', vcpu: 2, onDemandUsdPerHour: 0.085 }),
        entry({ instanceType: 'r.large', vcpu: 2, onDemandUsdPerHour: 0.13 }),
        entry({ instanceType: 'c.4xlarge', vcpu: 16, onDemandUsdPerHour: 0.68 }),
        entry({ instanceType: 'z.large', vcpu: 2, onDemandUsdPerHour: 0 }),
      ],
      { kind: 'inference', serversPerInstance: 2 },
      { vcpu: 2, gpus: 0, networkGbps: null },
      { includeBurstable: false, spot: false, commitments: [], interruptionsOverride: undefined, onDemandBase: 2, baseUnitsPerInstance: 2, queueTarget: undefined },
    );
    expect(sel.excluded).toEqual({ unpriced: 1, burstable: 1, unfit: 0, dominated: 1 });
    expect(sel.kept.map((t) => [t.entry.instanceType, t.onDemandBase])).toEqual([
      ['c.4xlarge', 1],
      ['c.large', 2],
    ]);
  });

  it('cost bounds: exact for a static on-demand fleet, spot rounding and the on-demand base respected', () => {
    const e = entry({ instanceType: 'c.large', vcpu: 2, onDemandUsdPerHour: 0.1, spotUsdPerHour: 0.03 });
    expect(staticCostLowerBoundUsd(e, { spotShare: 0, onDemandBase: 0 }, [], 5, 3600 * 10)).toBeCloseTo(5, 12);
    // 5 instances, 1 on-demand base, 70% of 4 = 2.8 → 3 spot.
    expect(staticCostLowerBoundUsd(e, { spotShare: 0.7, onDemandBase: 1 }, [], 5, 3600 * 10)).toBeCloseTo(10 * (2 * 0.1 + 3 * 0.03), 12);
    const floor = { instanceSeconds: 5 * 36_000, baseSeconds: 36_000 };
    const bound = costLowerBoundUsd(e, { spotShare: 0.7, onDemandBase: 1 }, [], floor, 36_000);
    expect(bound).toBeLessThanOrEqual(10 * (2 * 0.1 + 3 * 0.03) + 1e-12);
    expect(bound).toBeGreaterThan(10 * 5 * 0.03);
  });

  it('the cost bound is below the bill of any fleet trajectory it floors (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 48 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (counts, onDemandBase, spotShare, od, spotFraction, floorFraction) => {
          const e = entry({ instanceType: 'c.large', vcpu: 2, onDemandUsdPerHour: od, spotUsdPerHour: od * spotFraction });
          // The fleet's own split, hour by hour: the first `onDemandBase` on-demand, then round((n − base) × share) spot.
          let bill = 0;
          let instanceHours = 0;
          let baseHours = 0;
          for (const n of counts) {
            const spotCount = Math.round(Math.max(0, n - onDemandBase) * spotShare);
            bill += (n - spotCount) * od + spotCount * od * spotFraction;
            instanceHours += n;
            baseHours += Math.min(n, onDemandBase);
          }
          const floor = { instanceSeconds: instanceHours * 3600 * floorFraction, baseSeconds: baseHours * 3600 * floorFraction };
          expect(costLowerBoundUsd(e, { spotShare, onDemandBase }, [], floor, counts.length * 3600)).toBeLessThanOrEqual(bill + 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the tracking floor follows the least load of its trailing window', () => {
    const units = new Float64Array(100).fill(10);
    units[50] = 100; // a one-step spike: the window's least load ignores it
    const policy = { policy: 'target-tracking', min: 1, max: 100, syncPeriodSeconds: 15, scaleUpStabilizationSeconds: 0, tolerance: 0.1, targetUtilization: 0.5 } as unknown as ConstructorParameters<typeof TrackingFloor>[2];
    const floor = new TrackingFloor(units, 60, policy, 90).floor(1, 0.5, 100, 0);
    // ceil(0.97 × 10 / (0.5 × 1.1)) = 18 instances at every step.
    expect(floor.instanceSeconds).toBe(18 * 100 * 60);
  });
});
