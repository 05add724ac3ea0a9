/**
 * The fidelity grid: the cases `capsim verify` runs without a scenario and test/fidelity
 * asserts. Each is a SimSpec built here directly (src/sim may not import the scenario layer),
 * with an illustrative instance at $0.10/h on-demand and $0.04/h spot, AWS per-second billing.
 *
 * Steady cases are static pools under a constant load, sized by server count c and offered
 * utilization ρ; their service time is chosen so that a run has about `requests` requests in
 * `horizon`, which fixes the reference's sampling error, not the queueing. Dynamic cases cover
 * what the engine approximates over time: a load step, an overload transient with maxWait
 * drops, HPA target tracking with a boot delay, and spot interruptions.
 *
 * `limits` records, per metric, the honest bound a case is held to where the step engine is
 * known to deviate by more than the target, with the reason; test/fidelity asserts the
 * bound and docs/FIDELITY.md explains it. Everything else is held to the targets.
 */
import { AWS_PER_SECOND } from '../../model/billing/index.js';
import type { ServiceDistribution } from '../../model/queueing.js';
import type { Loads } from '../run.js';
import type { AutoscalerMetric } from './pool-simulation.js';
import type { AutoscalingSpec, CloudPoolSpec, InferenceSpec, SimSpec } from '../spec.js';

export type FidelityMetric = 'mean' | 'p95' | 'p99' | 'dropped' | 'cost';

export interface KnownLimit {
  /** Largest |relative error| (dropped: |difference in dropped share|) the case is held to. */
  readonly bound: number;
  readonly why: string;
}

export interface FidelityCase {
  readonly id: string;
  readonly title: string;
  /** What the case exercises, in one line. */
  readonly group: 'steady' | 'load step' | 'overload' | 'autoscaling' | 'spot';
  /** Offered utilization ρ (peak steady value for dynamic cases); p99's target applies when ≤ 0.9. */
  readonly utilization: number;
  /** Servers c (at the start, for autoscaled cases). */
  readonly servers: number;
  readonly service: ServiceDistribution;
  readonly spec: SimSpec;
  readonly loads: Loads;
  readonly limits: Partial<Record<FidelityMetric, KnownLimit>>;
  /** The reference's autoscaler metric for this case (default measured). */
  readonly autoscalerMetric?: AutoscalerMetric;
  /** Run this many times the usual seeds: results that hinge on one transient vary a lot between seeds. */
  readonly seedFactor?: number;
}

const NOISY_METRIC_COST: KnownLimit = {
  bound: 0.13,
  why:
    "the engine's autoscaler sees the noise-free utilization λ/cμ; a real one (and the reference) sees busy time sampled over each 15 s sync, and the HPA turns that noise into extra replicas (it scales up at once but down only to the highest recommendation of the last 5 minutes), so the engine understates the cost of small autoscaled pools",
};

const INSTANCE = {
  label: 'ref.node',
  provider: 'aws' as const,
  region: 'us-east-1',
  family: 'ref',
  vcpu: 2,
  memoryGiB: 8,
  gpus: 0,
  onDemandUsdPerHour: 0.1,
  spotUsdPerHour: 0.04,
};

const HOUR_SECONDS = 3600;
const MINUTE_SECONDS = 60;

function autoscaling(overrides: Partial<AutoscalingSpec> = {}): AutoscalingSpec {
  return {
    policy: 'static',
    min: 0,
    max: 0,
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
    ...overrides,
  };
}

interface PoolOptions {
  readonly count: number;
  readonly autoscaling?: AutoscalingSpec;
  readonly bootTimeSeconds?: number;
  readonly spotShare?: number;
  readonly onDemandBase?: number;
  readonly interruptionsPerMonth?: number;
  readonly correlation?: number;
  readonly spotFallback?: 'on-demand' | 'none';
}

function pool(o: PoolOptions): CloudPoolSpec {
  const as = o.autoscaling ?? autoscaling({ min: o.count, max: o.count });
  return {
    kind: 'cloud',
    name: 'pool',
    instance: INSTANCE,
    billing: AWS_PER_SECOND,
    count: o.count,
    autoscaling: as,
    bootTimeSeconds: o.bootTimeSeconds ?? 90,
    purchase: { onDemandBase: o.onDemandBase ?? 0, spotShare: o.spotShare ?? 0, spotFallback: o.spotFallback ?? 'on-demand' },
    commitments: [],
    spot: { interruptionsPerMonth: o.interruptionsPerMonth ?? 0, noticeSeconds: 120, correlation: o.correlation ?? 1, rebalanceAfterSeconds: 3600 },
  };
}

function workload(serviceSeconds: number, distribution: ServiceDistribution, serversPerInstance: number, maxWaitSeconds = 30): InferenceSpec {
  return {
    kind: 'inference',
    name: 'api',
    pool: 'pool',
    load: { kind: 'shape', shape: { base: 0 } }, // the evaluated load is passed separately
    noiseCv: 0,
    serversPerInstance,
    route: { kind: 'single', model: { name: 'default', serviceSeconds, distribution, accuracy: undefined } },
    maxWaitSeconds,
    egressGBPerRequest: 0,
    slo: undefined,
  };
}

function spec(id: string, horizonSeconds: number, stepSeconds: number, p: CloudPoolSpec, w: InferenceSpec, seed: number): SimSpec {
  return { name: id, horizonSeconds, stepSeconds, steps: Math.round(horizonSeconds / stepSeconds), seed, pools: [p], workloads: [w], features: undefined };
}

function distributionLabel(d: ServiceDistribution): string {
  return d === 'exponential' ? 'exp' : d === 'deterministic' ? 'det' : `gamma cv ${d.cv}`;
}

/**
 * A static pool of c servers (c instances × 1 server, or c/4 × 4 from c = 32) under constant
 * Poisson load at utilization ρ, with about `requests` arrivals in one hour.
 */
function steady(c: number, rho: number, service: ServiceDistribution, requests: number, limits: FidelityCase['limits'] = {}): FidelityCase {
  const horizon = HOUR_SECONDS;
  // Waits at high load and few servers are strongly autocorrelated (relaxation time ≈
  // ρ/(1 − √ρ)² arrivals), so those cases need more requests for the same confidence.
  const scale = rho >= 0.9 && c <= 2 ? 4 : (rho >= 0.9 && c <= 32) || (rho >= 0.8 && c <= 2) ? 2 : 1;
  const lambda = (requests * scale) / horizon;
  const meanServiceSeconds = (rho * c) / lambda;
  const spi = c >= 32 && c % 4 === 0 ? 4 : 1;
  const id = `steady c=${c} ρ=${rho} ${distributionLabel(service)}`;
  return {
    id,
    title: `M/${service === 'deterministic' ? 'D' : service === 'exponential' ? 'M' : 'G'}/${c} at ρ = ${rho}`,
    group: 'steady',
    utilization: rho,
    servers: c,
    service,
    spec: spec(id, horizon, MINUTE_SECONDS, pool({ count: c / spi }), workload(meanServiceSeconds, service, spi), 7),
    loads: new Map([['api', new Float64Array(horizon / MINUTE_SECONDS).fill(lambda)]]),
    limits,
  };
}

/** Per-step loads from (duration, rate) pieces. */
function piecewise(stepSeconds: number, pieces: ReadonlyArray<readonly [number, number]>): Float64Array {
  const steps = pieces.reduce((n, [d]) => n + Math.round(d / stepSeconds), 0);
  const out = new Float64Array(steps);
  let i = 0;
  for (const [d, rate] of pieces) for (let k = 0; k < Math.round(d / stepSeconds); k++) out[i++] = rate;
  return out;
}

/** The 1-day autoscaled, spot-heavy scenario the bench times (and `verify` includes). */
export function dayCase(metric: AutoscalerMetric = 'measured'): FidelityCase {
  const stepSeconds = MINUTE_SECONDS;
  const steps = (24 * HOUR_SECONDS) / stepSeconds;
  const load = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const hours = ((i + 0.5) * stepSeconds) / HOUR_SECONDS;
    load[i] = 12 * (1 + 0.5 * Math.cos((2 * Math.PI * (hours - 20)) / 24));
  }
  const as = autoscaling({ policy: 'target-tracking', min: 2, max: 60, targetUtilization: 0.6 });
  const id = `day: target tracking + 70% spot (${metric} metric)`;
  return {
    id,
    title: `1 day, diurnal load, HPA target 0.6 on ${metric} utilization, 70% spot above 2 on-demand, 90 s boot`,
    group: 'autoscaling',
    utilization: 0.6,
    servers: 10,
    service: 'exponential',
    spec: spec(id, 24 * HOUR_SECONDS, stepSeconds, pool({ count: 2, autoscaling: as, onDemandBase: 2, spotShare: 0.7, interruptionsPerMonth: 20, correlation: 0.3 }), workload(0.4, 'exponential', 2), 11),
    loads: new Map([['api', load]]),
    limits:
      metric === 'measured'
        ? { cost: NOISY_METRIC_COST, mean: { bound: 0.05, why: 'the same extra replicas lower the reference\'s latency: the engine, with fewer, is ~3% slower on the mean' } }
        : {},
    autoscalerMetric: metric,
  };
}

const MEASURED_TRANSIENT: FidelityCase['limits'] = {
  cost: NOISY_METRIC_COST,
  mean: {
    bound: 0.25,
    why: 'latency here hinges on whether the noisy HPA happened to hold a spare instance when the load doubled: the reference\'s mean varies ±25% and its p99 from 1 s to 7 s between seeds; the engine gives one value inside that range',
  },
  p99: { bound: 3, why: 'sanity bound only: p99 lies inside the one overload transient and varies 7× between seeds (see mean)' },
};

const OFFERED_TRANSIENT: FidelityCase['limits'] = {
  mean: {
    bound: 0.15,
    why: 'overload transient: the engine evaluates each 1-minute step with its time-averaged servers and a linear fluid backlog, so a boot that completes mid-step is spread over the whole step, the backlog drains too early and its delay is understated (−8% on the mean at 1-minute steps; within ±3% at 15–30 s steps)',
  },
  p99: { bound: 0.3, why: 'p99 lies inside the one overload transient and varies ±25% between seeds' },
};

/**
 * HPA target tracking with a 90 s boot: the load doubles, then falls back. With the `offered`
 * metric the reference's autoscaler sees what the engine's does (λ / cμ), which isolates the
 * engine's time-step and fluid-backlog error from the autoscaler's sampling noise.
 */
function targetTrackingCase(metric: AutoscalerMetric): FidelityCase {
  const mean = 0.2;
  const id = `target tracking, boot 90 s, load ×2 (${metric} metric)`;
  const as = autoscaling({ policy: 'target-tracking', min: 2, max: 100, targetUtilization: 0.6 });
  return {
    id,
    title: `HPA target 0.6 on ${metric} utilization, 2 servers per instance, 40 → 80 → 40 req/s over 3 h`,
    group: 'autoscaling',
    utilization: 0.6,
    servers: 14,
    service: 'exponential',
    spec: spec(id, 3 * HOUR_SECONDS, MINUTE_SECONDS, pool({ count: 2, autoscaling: as }), workload(mean, 'exponential', 2), 7),
    loads: new Map([['api', piecewise(MINUTE_SECONDS, [[HOUR_SECONDS, 40], [HOUR_SECONDS, 80], [HOUR_SECONDS, 40]])]]),
    limits: metric === 'measured' ? MEASURED_TRANSIENT : OFFERED_TRANSIENT,
    autoscalerMetric: metric,
    seedFactor: 2,
  };
}

/**
 * A static all-spot pool with frequent, correlated interruptions (~1 event an hour taking a
 * quarter of the pool, 2 min notice) whose lost requests are retried. With fallback `none` the
 * pool replaces lost spot with spot; with `on-demand` it bridges with on-demand and swaps back
 * to spot an hour after the last interruption.
 */
function spotCase(fallback: 'none' | 'on-demand'): FidelityCase {
  const c = 40;
  const mean = 1;
  const id = `spot interruptions, fallback ${fallback}`;
  return {
    id,
    title: `20 spot instances × 2 servers at ρ 0.7, correlation 0.25, ${fallback === 'none' ? 'replaced by spot' : 'on-demand fallback, rebalanced after 1 h'}`,
    group: 'spot',
    utilization: 0.7,
    servers: c,
    service: 'exponential',
    spec: spec(id, 6 * HOUR_SECONDS, MINUTE_SECONDS, pool({ count: 20, spotShare: 1, interruptionsPerMonth: 150, correlation: 0.25, spotFallback: fallback }), workload(mean, 'exponential', 2), 7),
    loads: new Map([['api', new Float64Array((6 * HOUR_SECONDS) / MINUTE_SECONDS).fill((0.7 * c) / mean)]]),
    // Both fallbacks now meet the cost target (a cancelled-swap bug in the fleet's rebalancing
    // once made the on-demand fallback case 30% too expensive; the fidelity grid caught it).
    limits: {},
  };
}

/** The whole grid, in report order. `requests` scales every steady case (default 400k per run). */
export function fidelityGrid(requests = 400_000): FidelityCase[] {
  const beyondTarget: KnownLimit = {
    bound: 0.1,
    why: 'no p99 target above ρ = 0.9; held to 10% all the same (Erlang C is exact for M/M/c, so only the reference\'s sampling error is left)',
  };
  const cases: FidelityCase[] = [
    steady(1, 0.3, 'exponential', requests),
    steady(1, 0.7, 'exponential', requests),
    steady(1, 0.9, 'exponential', requests),
    steady(2, 0.8, 'exponential', requests),
    steady(8, 0.5, 'exponential', requests),
    steady(8, 0.9, 'exponential', requests),
    steady(32, 0.7, 'exponential', requests),
    steady(32, 0.95, 'exponential', requests, { p99: beyondTarget }),
    steady(200, 0.9, 'exponential', requests),
    steady(200, 0.95, 'exponential', requests, { p99: beyondTarget }),
    steady(1, 0.5, 'deterministic', requests, {
      p99: {
        bound: 0.16,
        why: 'M/D/1: Allen–Cunneen halves the M/M/1 mean wait (exact for c = 1) but keeps an exponential wait tail; the true M/D/1 tail is lighter, so the engine overstates p95 (~8%) and p99 (~14%) at moderate load',
      },
    }),
    steady(1, 0.9, 'deterministic', requests),
    steady(8, 0.8, 'deterministic', requests),
    steady(50, 0.9, 'deterministic', requests),
    steady(200, 0.95, 'deterministic', requests, { p99: { ...beyondTarget, why: 'no p99 target above ρ = 0.9; held to 10%' } }),
    steady(8, 0.8, { cv: 2 }, requests),
  ];

  // A load step from ρ 0.4 to 0.8 on 20 servers and back: steady on each side, a short transient.
  {
    const c = 20;
    const mean = 0.1;
    const rate = (rho: number) => (rho * c) / mean;
    const id = 'load step ρ 0.4→0.8→0.4';
    cases.push({
      id,
      title: 'static 20 servers, load doubles for 20 min and halves back',
      group: 'load step',
      utilization: 0.8,
      servers: c,
      service: 'exponential',
      spec: spec(id, HOUR_SECONDS, MINUTE_SECONDS, pool({ count: c }), workload(mean, 'exponential', 1), 7),
      loads: new Map([['api', piecewise(MINUTE_SECONDS, [[20 * MINUTE_SECONDS, rate(0.4)], [20 * MINUTE_SECONDS, rate(0.8)], [20 * MINUTE_SECONDS, rate(0.4)]])]]),
      limits: {},
    });
  }

  // Overload: ρ 1.1 for 10 minutes; the backlog hits maxWait (10 s) and requests are dropped.
  {
    const c = 20;
    const mean = 0.1;
    const rate = (rho: number) => (rho * c) / mean;
    const id = 'overload ρ 0.6→1.1→0.6, maxWait 10 s';
    cases.push({
      id,
      title: 'static 20 servers, 10 min at 110% of capacity',
      group: 'overload',
      utilization: 1.1,
      servers: c,
      service: 'exponential',
      spec: spec(id, HOUR_SECONDS, MINUTE_SECONDS, pool({ count: c }), workload(mean, 'exponential', 1, 10), 7),
      loads: new Map([['api', piecewise(MINUTE_SECONDS, [[20 * MINUTE_SECONDS, rate(0.6)], [10 * MINUTE_SECONDS, rate(1.1)], [30 * MINUTE_SECONDS, rate(0.6)]])]]),
      limits: {
        p99: { bound: 0.05, why: 'no p99 target in overload; the fluid backlog capped at cμ·maxWait puts the tail at maxWait, as the request-level queue does' },
        dropped: { bound: 0.002, why: 'the fluid backlog drops what exceeds cμ·maxWait; held to 0.2 percentage points of arrivals' },
      },
    });
  }

  cases.push(targetTrackingCase('measured'), targetTrackingCase('offered'));

  cases.push(spotCase('none'), spotCase('on-demand'));
  cases.push(dayCase('measured'), dayCase('offered'));
  return cases;
}
