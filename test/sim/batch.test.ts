import { describe, expect, it } from 'vitest';
import { AWS_PER_SECOND } from '../../src/model/billing/index.js';
import { streamFor } from '../../src/model/prng.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../src/model/time.js';
import { scheduleArrivals, simulateBatchPool, type BatchJobStream } from '../../src/sim/batch.js';
import { CloudCapacity, OnPremCapacity } from '../../src/sim/capacity.js';
import { createScaler } from '../../src/sim/scaler.js';
import { HourlySeries } from '../../src/sim/series.js';
import type { AutoscalingSpec, CloudPoolSpec } from '../../src/sim/spec.js';

const STATIC: AutoscalingSpec = {
  policy: 'static',
  min: 0,
  max: 1000,
  syncPeriodSeconds: 60,
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
};

interface PoolOptions {
  vcpu?: number;
  count?: number;
  autoscaling?: Partial<AutoscalingSpec>;
  spotShare?: number;
  interruptionsPerMonth?: number;
  bootTimeSeconds?: number;
}

function pool(o: PoolOptions = {}): CloudPoolSpec {
  return {
    kind: 'cloud',
    name: 'spark',
    instance: { label: 'custom', provider: 'aws', region: 'us-east-1', family: 'custom', vcpu: o.vcpu ?? 10, memoryGiB: 32, gpus: 0, onDemandUsdPerHour: 0.4, spotUsdPerHour: 0.12 },
    billing: AWS_PER_SECOND,
    count: o.count ?? 1,
    autoscaling: { ...STATIC, ...o.autoscaling },
    bootTimeSeconds: o.bootTimeSeconds ?? 60,
    purchase: { onDemandBase: 0, spotShare: o.spotShare ?? 0, spotFallback: 'on-demand' },
    commitments: [],
    spot: { interruptionsPerMonth: o.interruptionsPerMonth ?? 0, noticeSeconds: 120, correlation: 0.5, rebalanceAfterSeconds: 3600 },
  };
}

function job(o: Partial<BatchJobStream> = {}): BatchJobStream {
  return {
    name: 'job',
    source: 'workload',
    schedule: { kind: 'every', everySeconds: 1e12, offsetSeconds: 0 },
    workVcpuHours: 100,
    parallelFraction: 1,
    maxParallelism: undefined,
    checkpointIntervalSeconds: undefined,
    deadlineSeconds: undefined,
    copies: 1,
    ...o,
  };
}

function run(streams: BatchJobStream[], spec: CloudPoolSpec, horizonSeconds: number, opts: { stepSeconds?: number; seed?: number; series?: boolean } = {}) {
  const stepSeconds = opts.stepSeconds ?? 60;
  const capacity = new CloudCapacity(spec, horizonSeconds, streamFor(opts.seed ?? 1, 0, `spot:${spec.name}`));
  const scaler = createScaler(spec.autoscaling, spec.count, spec.bootTimeSeconds);
  const series = opts.series ? new HourlySeries(horizonSeconds) : undefined;
  const grid = { steps: Math.round(horizonSeconds / stepSeconds), stepSeconds, horizonSeconds };
  const result = simulateBatchPool(streams, capacity, scaler, grid, series);
  const totals = capacity.finish(horizonSeconds);
  return { result, totals, series, capacity };
}

const DAY = SECONDS_PER_DAY;

describe('batch kernel: closed forms', () => {
  it('100 vCPU-h, fully parallel, on 10 vCPUs runs 10 h and misses an 8 h deadline', () => {
    const { result } = run([job({ workVcpuHours: 100, deadlineSeconds: 8 * SECONDS_PER_HOUR })], pool({ vcpu: 10, count: 1 }), DAY);
    const r = result.streams[0]!;
    expect(r.arrived).toBe(1);
    expect(r.completed).toBe(1);
    expect(r.runtimesHours[0]).toBe(10);
    expect(r.meanRuntimeHours).toBe(10);
    expect(r.missedDeadline).toBe(1);
    expect(r.sloAttainment).toBe(0);
    expect(r.vcpuSeconds).toBeCloseTo(100 * SECONDS_PER_HOUR, 6);
    expect(r.unfinishedAtEnd).toBe(0);
  });

  it('meets a 12 h deadline, and the runtime does not depend on the step', () => {
    for (const stepSeconds of [7, 60, 600]) {
      const { result } = run([job({ workVcpuHours: 100, deadlineSeconds: 12 * SECONDS_PER_HOUR })], pool({ vcpu: 10 }), DAY, { stepSeconds });
      expect(result.streams[0]!.runtimesHours[0]).toBeCloseTo(10, 9);
      expect(result.streams[0]!.sloAttainment).toBe(1);
    }
  });

  it('Amdahl: p = 0.9 on 4 vCPUs takes T1·(0.1 + 0.9/4)', () => {
    const { result } = run([job({ workVcpuHours: 10, parallelFraction: 0.9 })], pool({ vcpu: 4 }), DAY);
    const r = result.streams[0]!;
    expect(r.runtimesHours[0]).toBeCloseTo(10 * (0.1 + 0.9 / 4), 9);
    // It held 4 vCPUs the whole time.
    expect(r.vcpuSeconds / SECONDS_PER_HOUR).toBeCloseTo(4 * 10 * (0.1 + 0.9 / 4), 6);
  });

  it('maxParallelism caps the vCPUs a job uses', () => {
    const { result } = run([job({ workVcpuHours: 20, maxParallelism: 4 })], pool({ vcpu: 10 }), DAY);
    expect(result.streams[0]!.runtimesHours[0]).toBeCloseTo(5, 9);
  });
});

describe('batch kernel: arrivals and queueing', () => {
  it('cron "0 2 * * *" over 3 days submits jobs at 2 h, 26 h and 50 h', () => {
    const schedule = { kind: 'cron', cron: '0 2 * * *' } as const;
    expect(scheduleArrivals(schedule, 3 * DAY)).toEqual([2, 26, 50].map((h) => h * SECONDS_PER_HOUR));
    const { result, series } = run([job({ schedule, workVcpuHours: 10 })], pool({ vcpu: 10 }), 3 * DAY, { series: true });
    const r = result.streams[0]!;
    expect(r.arrived).toBe(3);
    expect(r.completed).toBe(3);
    expect([...r.runtimesHours]).toEqual([1, 1, 1]);
    const running = series!.values('jobsRunning');
    for (let h = 0; h < running.length; h++) expect(running[h]).toBe([2, 26, 50].includes(h) ? 1 : 0);
  });

  it('every with an offset starts at the offset', () => {
    expect(scheduleArrivals({ kind: 'every', everySeconds: 6 * SECONDS_PER_HOUR, offsetSeconds: 90 }, DAY)).toEqual([0, 1, 2, 3].map((k) => 90 + k * 6 * SECONDS_PER_HOUR));
  });

  it('two streams share the pool first come, first served', () => {
    const a = job({ name: 'a', workVcpuHours: 80, maxParallelism: 8 });
    const b = job({ name: 'b', workVcpuHours: 8, maxParallelism: 8 });
    // 8 vCPUs: b waits for a (10 h), then runs 1 h.
    const serial = run([a, b], pool({ vcpu: 8 }), DAY).result.streams;
    expect(serial[0]!.runtimesHours[0]).toBeCloseTo(10, 9);
    expect(serial[1]!.runtimesHours[0]).toBeCloseTo(11, 9);
    // 12 vCPUs: a takes its 8, b runs beside it on the 4 left (8 vCPU-h / 4 = 2 h).
    const shared = run([a, b], pool({ vcpu: 12 }), DAY).result.streams;
    expect(shared[0]!.runtimesHours[0]).toBeCloseTo(10, 9);
    expect(shared[1]!.runtimesHours[0]).toBeCloseTo(2, 9);
    // A younger job does not overtake: wide takes all 12 vCPUs for 2 h; late, arriving at 1 h, waits for it.
    const wide = job({ name: 'wide', workVcpuHours: 24 });
    const late = job({ name: 'late', schedule: { kind: 'every', everySeconds: 1e12, offsetSeconds: SECONDS_PER_HOUR }, workVcpuHours: 8, maxParallelism: 8 });
    const ordered = run([late, wide], pool({ vcpu: 12 }), DAY).result.streams;
    expect(ordered[1]!.runtimesHours[0]).toBeCloseTo(2, 9);
    expect(ordered[0]!.runtimesHours[0]).toBeCloseTo(2, 9); // starts at 2 h, done at 3 h
  });

  it('freed vCPUs go to the next job at the moment of a completion, not at the next substep', () => {
    // a: 4.1 vCPU-h on 8 vCPUs ends at 30.75 min, mid-substep; b then gets all 8 for its 1 h.
    const a = job({ name: 'a', workVcpuHours: 4.1 });
    const b = job({ name: 'b', workVcpuHours: 8 });
    const r = run([a, b], pool({ vcpu: 8 }), DAY, { stepSeconds: 3600 }).result.streams;
    expect(r[0]!.runtimesHours[0]).toBeCloseTo(4.1 / 8, 9);
    expect(r[1]!.runtimesHours[0]).toBeCloseTo(4.1 / 8 + 1, 9);
  });

  it('copies submit several jobs per arrival', () => {
    const r = run([job({ workVcpuHours: 10, copies: 3 })], pool({ vcpu: 10 }), DAY).result.streams[0]!;
    expect(r.arrived).toBe(3);
    expect([...r.runtimesHours].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 2, 3]);
  });
});

describe('batch kernel: the horizon', () => {
  it('an unfinished job misses its deadline only if the deadline has passed', () => {
    const late = run([job({ workVcpuHours: 100, deadlineSeconds: 2 * SECONDS_PER_HOUR })], pool({ vcpu: 10 }), 5 * SECONDS_PER_HOUR).result.streams[0]!;
    expect(late).toMatchObject({ arrived: 1, completed: 0, unfinishedAtEnd: 1, missedDeadline: 1, sloAttainment: 0 });
    expect(late.meanRuntimeHours).toBeNaN();
    expect(late.vcpuSeconds).toBeCloseTo(10 * 5 * SECONDS_PER_HOUR, 6);
    const undecided = run([job({ workVcpuHours: 100, deadlineSeconds: 8 * SECONDS_PER_HOUR })], pool({ vcpu: 10 }), 5 * SECONDS_PER_HOUR).result.streams[0]!;
    expect(undecided).toMatchObject({ unfinishedAtEnd: 1, missedDeadline: 0, sloAttainment: 1 });
    const noSlo = run([job({ workVcpuHours: 1 })], pool({ vcpu: 10 }), SECONDS_PER_HOUR).result.streams[0]!;
    expect(noSlo.sloAttainment).toBeNaN();
  });

  it('runs on an on-prem pool (fixed nodes, no interruptions)', () => {
    const horizon = DAY;
    const capacity = new OnPremCapacity({ kind: 'on-prem', name: 'dc', nodes: 2, vcpuPerNode: 16, cost: { capexUsd: 100_000, amortizationHours: 3 * 8760, monthlyOpexUsd: 1000 } }, horizon);
    const scaler = createScaler({ ...STATIC, policy: 'static' }, 2, 0);
    const r = simulateBatchPool([job({ workVcpuHours: 64, checkpointIntervalSeconds: 600 })], capacity, scaler, { steps: 1440, stepSeconds: 60, horizonSeconds: horizon }, undefined).streams[0]!;
    expect(r.runtimesHours[0]).toBeCloseTo(2, 9);
    expect(r.lostWorkVcpuHours).toBe(0);
  });
});

describe('batch kernel: conservation', () => {
  it('completed work ≤ vCPU-time held, and completed + unfinished = arrived', () => {
    const streams = [
      job({ name: 'etl', schedule: { kind: 'every', everySeconds: 3 * SECONDS_PER_HOUR, offsetSeconds: 600 }, workVcpuHours: 30, parallelFraction: 0.8, maxParallelism: 16, deadlineSeconds: 2 * SECONDS_PER_HOUR }),
      job({ name: 'train', schedule: { kind: 'cron', cron: '30 */6 * * *' }, workVcpuHours: 120, parallelFraction: 0.97, deadlineSeconds: 4 * SECONDS_PER_HOUR }),
    ];
    const { result } = run(streams, pool({ vcpu: 8, count: 3 }), 2 * DAY);
    let work = 0;
    let held = 0;
    let unfinished = 0;
    streams.forEach((s, i) => {
      const r = result.streams[i]!;
      expect(r.completed + r.unfinishedAtEnd).toBe(r.arrived);
      expect(r.missedDeadline).toBeLessThanOrEqual(r.arrived);
      work += r.completed * s.workVcpuHours;
      held += r.vcpuSeconds / SECONDS_PER_HOUR;
      unfinished += r.unfinishedAtEnd;
    });
    expect(unfinished).toBeGreaterThan(0); // the pool is too small: the queue grows
    expect(work).toBeLessThanOrEqual(held * (1 + 1e-12));
    // vCPU-time held never exceeds what the pool had ready.
    expect(held).toBeLessThanOrEqual(24 * 48 + 1e-9);
  });

  it('with p = 1 and no interruptions, held vCPU-time equals completed work exactly', () => {
    const s = job({ schedule: { kind: 'every', everySeconds: 4 * SECONDS_PER_HOUR, offsetSeconds: 0 }, workVcpuHours: 25, maxParallelism: 7 });
    const r = run([s], pool({ vcpu: 4, count: 2 }), DAY).result.streams[0]!;
    expect(r.completed).toBe(6);
    expect(r.vcpuSeconds / SECONDS_PER_HOUR).toBeCloseTo(6 * 25, 6);
  });
});

describe('batch kernel: spot interruptions and checkpoints', () => {
  const spotPool = pool({ vcpu: 4, count: 4, spotShare: 1, interruptionsPerMonth: 300 });
  const horizon = 2 * DAY;
  const daily = { kind: 'every', everySeconds: DAY, offsetSeconds: 0 } as const;

  it('loses work on interruptions, less with frequent checkpoints (same seed, same events)', () => {
    const without = run([job({ schedule: daily, workVcpuHours: 96 })], spotPool, horizon, { seed: 7 });
    const withCheckpoints = run([job({ schedule: daily, workVcpuHours: 96, checkpointIntervalSeconds: 300 })], spotPool, horizon, { seed: 7 });
    expect(without.totals.interruptedInstances).toBeGreaterThan(0);
    expect(withCheckpoints.totals.interruptionEvents).toBe(without.totals.interruptionEvents);
    const lostWithout = without.result.streams[0]!.lostWorkVcpuHours;
    const lostWith = withCheckpoints.result.streams[0]!.lostWorkVcpuHours;
    expect(lostWithout).toBeGreaterThan(0);
    expect(lostWith).toBeGreaterThan(0);
    expect(lostWith).toBeLessThan(lostWithout);
    // A 5-minute checkpoint loses at most 5 minutes of running time per loss, at the most vCPUs
    // the pool ever had (replacements overlap the instances under notice).
    const peakVcpus = withCheckpoints.totals.peakInstances * 4;
    expect(lostWith).toBeLessThanOrEqual(withCheckpoints.totals.interruptionEvents * (300 / SECONDS_PER_HOUR) * peakVcpus + 1e-9);
    // Lost work is redone, so runtimes get longer than the interruption-free 6 h.
    const r = withCheckpoints.result.streams[0]!;
    if (r.completed > 0) expect(r.runtimesHours[0]).toBeGreaterThan(6);
  });

  it('held vCPU-time covers completed work plus what was redone', () => {
    const { result } = run([job({ schedule: daily, workVcpuHours: 96, checkpointIntervalSeconds: 600 })], spotPool, horizon, { seed: 3 });
    const r = result.streams[0]!;
    expect(r.completed + r.unfinishedAtEnd).toBe(r.arrived);
    expect(r.completed * 96 + r.lostWorkVcpuHours).toBeLessThanOrEqual(r.vcpuSeconds / SECONDS_PER_HOUR + 1e-6);
  });
});

describe('batch kernel: autoscaling', () => {
  it('a queue-policy pool with min 0 sits at 0 between nightly jobs and costs far less than an always-on pool', () => {
    const nightly = job({ schedule: { kind: 'cron', cron: '0 2 * * *' }, workVcpuHours: 32, deadlineSeconds: 4 * SECONDS_PER_HOUR });
    const horizon = 3 * DAY;
    const queue = pool({ vcpu: 8, count: 0, bootTimeSeconds: 60, autoscaling: { policy: 'queue', min: 0, max: 8, syncPeriodSeconds: 30, targetBacklogPerInstance: 8, cooldownSeconds: 300 } });
    const elastic = run([nightly], queue, horizon, { series: true });
    const r = elastic.result.streams[0]!;
    expect(r.completed).toBe(3);
    expect(r.missedDeadline).toBe(0);
    const instances = elastic.series!.values('instancesOnDemand');
    expect(instances[0]).toBe(0);
    for (const h of [6, 12, 20, 30, 45]) expect(instances[h]).toBe(0);
    expect(instances[2]).toBeGreaterThan(0);
    expect(elastic.totals.peakInstances).toBeGreaterThanOrEqual(2);

    const alwaysOn = run([nightly], pool({ vcpu: 8, count: 4 }), horizon);
    expect(alwaysOn.result.streams[0]!.completed).toBe(3);
    expect(elastic.totals.totalUsd).toBeGreaterThan(0);
    expect(elastic.totals.totalUsd).toBeLessThan(alwaysOn.totals.totalUsd * 0.25);
  });

  it('target tracking scales out on waiting jobs and back to min', () => {
    const tracked = pool({ vcpu: 4, count: 1, autoscaling: { policy: 'target-tracking', min: 1, max: 10, syncPeriodSeconds: 15, targetUtilization: 0.8, scaleDownStabilizationSeconds: 300 } });
    const { result, totals, capacity } = run([job({ workVcpuHours: 40, maxParallelism: 40 })], tracked, DAY);
    const r = result.streams[0]!;
    expect(r.completed).toBe(1);
    expect(totals.peakInstances).toBeGreaterThan(1);
    expect(r.runtimesHours[0]).toBeLessThan(10); // faster than the single 4-vCPU instance
    expect(capacity.current).toBe(1);
  });

  it('series report vCPU demand, ready vCPUs and utilization per hour', () => {
    const { series } = run([job({ workVcpuHours: 5, maxParallelism: 5 })], pool({ vcpu: 10 }), 3 * SECONDS_PER_HOUR, { series: true });
    expect(series!.values('load')[0]).toBeCloseTo(5, 9);
    expect(series!.values('capacity')[0]).toBe(10);
    expect(series!.values('utilization')[0]).toBeCloseTo(0.5, 9);
    expect(series!.values('jobsRunning')[1]).toBe(0);
  });
});
