/**
 * Engine versus reference on one workload, over several seeds (run indices): the errors
 * `capsim verify` reports and test/fidelity asserts.
 *
 * - Both sides are pooled over the seeds: latency quantiles come from the merged histograms
 *   (every request of every seed), the mean from total latency ÷ total served, drops as the
 *   share of arrivals, cost as the sum of the pool bills.
 * - Errors are relative, (engine − reference) / reference, except dropped requests: the
 *   difference of the dropped shares, in percentage points of arrivals (a relative error is
 *   meaningless when the reference drops nothing).
 * - `errorSe` is one standard error of that error, from its spread over the seeds (runs are
 *   paired: engine and reference share each seed's spot and noise draws, so what is left is the
 *   reference's sampling noise plus any seed-dependent disagreement). NaN with one seed.
 * - Targets (issue "Fidelity and speed"): cost within 0.5%, mean latency within 3%, p99 within
 *   10% when utilization ≤ 0.9. p95 and drops have no target; they are reported.
 */
import { LatencyHistogram } from '../../model/histogram.js';
import type { FidelityMetric, KnownLimit } from './grid.js';

export const FIDELITY_TARGETS: Readonly<Partial<Record<FidelityMetric, number>>> = { cost: 0.005, mean: 0.03, p99: 0.1 };
/** p99's target applies only up to this utilization: above it, tails are dominated by rare long queues. */
export const P99_TARGET_MAX_UTILIZATION = 0.9;
export const FIDELITY_METRICS: readonly FidelityMetric[] = ['mean', 'p95', 'p99', 'dropped', 'cost'];
/** Bounds for metrics without a target, unless a case documents its own: drops within 0.1 percentage point. */
export const DEFAULT_BOUNDS: Readonly<Partial<Record<FidelityMetric, number>>> = { dropped: 0.001 };

/** What one simulator produced for one workload in one seed. */
export interface WorkloadSample {
  readonly histogram: LatencyHistogram;
  readonly meanLatencySeconds: number;
  readonly served: number;
  readonly dropped: number;
  readonly arrived: number;
  readonly costUsd: number;
}

export interface SideEstimate {
  readonly meanSeconds: number;
  readonly p95Seconds: number;
  readonly p99Seconds: number;
  /** Dropped ÷ arrived. */
  readonly droppedShare: number;
  readonly costUsd: number;
  /** Arrivals per seed, on average. */
  readonly arrivedPerSeed: number;
}

export type MetricStatus = 'PASS' | 'MISS' | 'n/a';

export interface MetricComparison {
  readonly metric: FidelityMetric;
  readonly engine: number;
  readonly reference: number;
  /** Relative error; for `dropped`, the difference of shares (0.01 = 1 percentage point). */
  readonly error: number;
  readonly errorSe: number;
  /** The target for |error|, when one applies to this case. */
  readonly target: number | undefined;
  readonly status: MetricStatus;
  /** The documented bound where the engine is known to deviate (test/fidelity asserts it). */
  readonly limit: KnownLimit | undefined;
}

export interface CaseMeta {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  /** Offered utilization (or the reference's measured mean utilization for a scenario). */
  readonly utilization: number;
  readonly servers: number;
  readonly service: string;
  readonly limits: Partial<Record<FidelityMetric, KnownLimit>>;
}

export interface CaseComparison extends CaseMeta {
  readonly seeds: number;
  readonly engine: SideEstimate;
  readonly reference: SideEstimate;
  readonly metrics: readonly MetricComparison[];
}

export function compareSamples(meta: CaseMeta, engine: readonly WorkloadSample[], reference: readonly WorkloadSample[], histogramMaxSeconds: number): CaseComparison {
  if (engine.length === 0 || engine.length !== reference.length) {
    throw new RangeError(`need the same number (≥ 1) of engine and reference runs (got ${engine.length} and ${reference.length})`);
  }
  const e = pooled(engine, histogramMaxSeconds);
  const r = pooled(reference, histogramMaxSeconds);
  const seeds = engine.length;
  const metric = (m: FidelityMetric, ev: number, rv: number, perSeed: (s: WorkloadSample) => number): MetricComparison => {
    const isShare = m === 'dropped';
    const error = isShare ? ev - rv : relative(ev, rv);
    const errors = engine.map((s, k) => (isShare ? perSeed(s) - perSeed(reference[k]!) : relative(perSeed(s), perSeed(reference[k]!))));
    const target = targetFor(m, meta.utilization);
    const status: MetricStatus = target === undefined || !Number.isFinite(error) ? 'n/a' : Math.abs(error) <= target ? 'PASS' : 'MISS';
    return { metric: m, engine: ev, reference: rv, error, errorSe: standardError(errors), target, status, limit: meta.limits[m] };
  };
  return {
    ...meta,
    seeds,
    engine: e,
    reference: r,
    metrics: [
      metric('mean', e.meanSeconds, r.meanSeconds, (s) => s.meanLatencySeconds),
      metric('p95', e.p95Seconds, r.p95Seconds, (s) => s.histogram.quantileSeconds(0.95)),
      metric('p99', e.p99Seconds, r.p99Seconds, (s) => s.histogram.quantileSeconds(0.99)),
      metric('dropped', e.droppedShare, r.droppedShare, (s) => (s.arrived > 0 ? s.dropped / s.arrived : 0)),
      metric('cost', e.costUsd, r.costUsd, (s) => s.costUsd),
    ],
  };
}

export function targetFor(metric: FidelityMetric, utilization: number): number | undefined {
  if (metric === 'p99' && !(utilization <= P99_TARGET_MAX_UTILIZATION)) return undefined;
  return FIDELITY_TARGETS[metric];
}

/** Whether a metric is within what the case is held to: its known limit if any, else its target (or default bound). */
export function withinBound(m: MetricComparison): boolean | undefined {
  const bound = m.limit?.bound ?? m.target ?? DEFAULT_BOUNDS[m.metric];
  if (bound === undefined) return undefined;
  return Math.abs(m.error) <= bound;
}

function pooled(samples: readonly WorkloadSample[], maxSeconds: number): SideEstimate {
  const histogram = new LatencyHistogram({ maxSeconds });
  let latency = 0;
  let served = 0;
  let dropped = 0;
  let arrived = 0;
  let cost = 0;
  for (const s of samples) {
    histogram.merge(s.histogram); // leaves the seed's own histogram as it was
    if (s.served > 0) latency += s.meanLatencySeconds * s.served;
    served += s.served;
    dropped += s.dropped;
    arrived += s.arrived;
    cost += s.costUsd;
  }
  return {
    meanSeconds: served > 0 ? latency / served : NaN,
    p95Seconds: histogram.quantileSeconds(0.95),
    p99Seconds: histogram.quantileSeconds(0.99),
    droppedShare: arrived > 0 ? dropped / arrived : 0,
    costUsd: cost / samples.length,
    arrivedPerSeed: arrived / samples.length,
  };
}

function relative(engine: number, reference: number): number {
  if (reference === 0) return engine === 0 ? 0 : Infinity;
  return (engine - reference) / reference;
}

function standardError(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || !xs.every(Number.isFinite)) return NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1);
  return Math.sqrt(variance / n);
}
