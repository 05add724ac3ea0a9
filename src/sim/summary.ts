/**
 * Monte Carlo summaries: percentiles over runs, computed the same way whatever order the runs
 * finished in (they are sorted by value), so thread count never changes a reported number.
 */
import type { RunResult } from './run.js';

/**
 * The part of a run the Monte Carlo summary needs. A structural subset of RunResult (so a full
 * result is accepted too), small enough to post back from a worker thread by the thousand.
 */
export interface RunSummary {
  readonly runIndex: number;
  readonly cost: { readonly total: number; readonly byWorkload: Readonly<Record<string, number>> };
  readonly workloads: ReadonlyArray<{ readonly name: string; readonly sloAttainment: number; readonly peakInstances: number }>;
}

/** A compact copy: drops histograms, series and pools so nothing large crosses threads. */
export function toRunSummary(run: RunResult): RunSummary {
  return {
    runIndex: run.runIndex,
    cost: { total: run.cost.total, byWorkload: { ...run.cost.byWorkload } },
    workloads: run.workloads.map((w) => ({ name: w.name, sloAttainment: w.sloAttainment, peakInstances: w.peakInstances })),
  };
}

export interface Percentiles {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

/** Linear interpolation between order statistics (R type 7, numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  return { p5: quantile(sorted, 0.05), p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** A run's overall SLO attainment: its worst workload (NaN when no workload has an SLO). */
export function worstAttainment(run: RunSummary): number {
  let worst = NaN;
  for (const w of run.workloads) {
    if (Number.isNaN(w.sloAttainment)) continue;
    worst = Number.isNaN(worst) ? w.sloAttainment : Math.min(worst, w.sloAttainment);
  }
  return worst;
}

export interface MonteCarloSummary {
  readonly runs: number;
  readonly cost: Percentiles;
  readonly sloAttainment: Percentiles;
  readonly byWorkload: ReadonlyMap<string, { readonly cost: Percentiles; readonly sloAttainment: Percentiles }>;
}

export function summarizeRuns(runs: readonly RunSummary[]): MonteCarloSummary {
  const byWorkload = new Map<string, { cost: Percentiles; sloAttainment: Percentiles }>();
  const names = runs[0]?.workloads.map((w) => w.name) ?? [];
  for (const name of names) {
    const costs = runs.map((r) => r.cost.byWorkload[name] ?? NaN);
    const slo = runs.map((r) => r.workloads.find((w) => w.name === name)?.sloAttainment ?? NaN);
    byWorkload.set(name, { cost: percentiles(costs), sloAttainment: percentiles(slo) });
  }
  return {
    runs: runs.length,
    cost: percentiles(runs.map((r) => r.cost.total)),
    sloAttainment: percentiles(runs.map(worstAttainment)),
    byWorkload,
  };
}
