/**
 * The one report model every format renders (table, json, md, csv, html, focus). Built from the
 * engine's run results; numbers are kept at full precision and rounded only by the renderers.
 * Its JSON form is the versioned result contract of PRODUCT.md §5 (`capsimReport: 1`).
 */
import { formatDuration } from '../model/duration.js';
import type { RunResult, WorkloadRun } from '../sim/run.js';
import type { SimSpec } from '../sim/spec.js';
import { SERIES_CHANNELS } from '../sim/series.js';
import type { MonteCarloSummary, Percentiles } from '../sim/summary.js';
import { buildBill, type BillReport } from './bill.js';

export interface SloReport {
  /** e.g. "p99 ≤ 250 ms", "lag ≤ 30 s", "deadline 4 h". */
  readonly label: string;
  /** Attainment needed to pass: 0.99 for a p99 target, 0.99 of the time for lag, every job for deadlines. */
  readonly required: number;
  readonly attainment: number;
  readonly met: boolean;
  /** The target in seconds: the latency bound, the maximum lag, or the deadline (charts draw it). */
  readonly thresholdSeconds?: number;
}

export interface WorkloadReport {
  readonly name: string;
  readonly kind: 'inference' | 'streaming' | 'batch';
  readonly pool: string;
  readonly cost: number;
  readonly latencyMs?: { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number };
  readonly requests?: { readonly arrived: number; readonly served: number; readonly dropped: number; readonly queuedAtEnd: number };
  readonly lagSeconds?: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number };
  readonly jobs?: { readonly arrived: number; readonly completed: number; readonly missedDeadline: number; readonly unfinished: number; readonly meanRuntimeHours: number };
  readonly sloAttainment: number;
  readonly slo?: SloReport;
  readonly instanceHours: number;
  readonly peakInstances: number;
  readonly interruptions: number;
  /** USD per 1M requests, per job, or per TB ingested. */
  readonly unitCost?: { readonly usd: number; readonly per: '1M requests' | 'job' | 'TB' };
}

export interface RunReport {
  readonly capsimReport: 1;
  readonly toolVersion: string;
  readonly scenario: {
    readonly name: string;
    readonly description?: string;
    readonly horizonHours: number;
    readonly stepSeconds: number;
    readonly seed: number;
    readonly runs: number;
    /** sha256 of the scenario text: identifies exactly what was simulated. */
    readonly hash: string;
    readonly variant?: string;
  };
  readonly summary: {
    readonly cost: {
      readonly total: number;
      readonly currency: 'USD';
      readonly perMonth: number;
      readonly byPurchase: { readonly onDemand: number; readonly spot: number; readonly committed: number; readonly onPrem: number };
      readonly byCategory: { readonly compute: number; readonly storage: number; readonly network: number; readonly featureStore: number };
      readonly byWorkload: Readonly<Record<string, number>>;
    };
    readonly workloads: readonly WorkloadReport[];
    readonly pools: ReadonlyArray<{ readonly name: string; readonly instance: string; readonly cost: number; readonly peakInstances: number; readonly onDemandInstanceHours: number; readonly spotInstanceHours: number; readonly interruptions: number; readonly interruptionEvents: number }>;
    readonly featureStore?: { readonly reuse: boolean; readonly reuseSavings: number; readonly storeCost: number };
  };
  readonly monteCarlo?: {
    readonly runs: number;
    readonly cost: Percentiles;
    readonly sloAttainment: Percentiles;
    readonly workloads: Readonly<Record<string, { readonly cost: Percentiles; readonly sloAttainment: Percentiles }>>;
    /** Every run's total cost, ascending: the distribution behind the percentiles (charts). */
    readonly costs?: readonly number[];
  };
  readonly series?: {
    readonly resolution: 'hourly';
    readonly costUsd: readonly number[];
    readonly workloads: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  };
  /** Run 0's bill per pool and hour (FOCUS export, cost charts); with `--series hourly` or when a format needs it. */
  readonly bill?: BillReport;
  readonly assumptions: readonly string[];
}

export interface ReportInput {
  readonly spec: SimSpec;
  readonly run: RunResult;
  readonly monteCarlo: MonteCarloSummary | undefined;
  readonly runs: number;
  readonly toolVersion: string;
  readonly scenarioHash: string;
  readonly description?: string;
  readonly variant?: string;
  readonly includeSeries: boolean;
  /** Attach the hourly bill (default: with the series). */
  readonly includeBill?: boolean;
  /** Every Monte Carlo run's total cost, any order (sorted here). */
  readonly runCosts?: readonly number[];
}

const HOURS_PER_MONTH = 730;

export function buildRunReport(input: ReportInput): RunReport {
  const { spec, run } = input;
  const horizonHours = spec.horizonSeconds / 3600;
  const workloads = run.workloads.map((w) => workloadReport(w, spec, run));
  const report: RunReport = {
    capsimReport: 1,
    toolVersion: input.toolVersion,
    scenario: {
      name: spec.name,
      ...(input.description ? { description: input.description } : {}),
      horizonHours,
      stepSeconds: spec.stepSeconds,
      seed: spec.seed,
      runs: input.runs,
      hash: input.scenarioHash,
      ...(input.variant ? { variant: input.variant } : {}),
    },
    summary: {
      cost: {
        total: run.cost.total,
        currency: 'USD',
        perMonth: (run.cost.total / horizonHours) * HOURS_PER_MONTH,
        byPurchase: run.cost.byPurchase,
        byCategory: run.cost.byCategory,
        byWorkload: run.cost.byWorkload,
      },
      workloads,
      pools: run.pools.map((p) => ({
        name: p.name,
        instance: p.instance,
        cost: p.totals.totalUsd,
        peakInstances: p.totals.peakInstances,
        onDemandInstanceHours: p.totals.onDemandInstanceHours,
        spotInstanceHours: p.totals.spotInstanceHours,
        interruptions: p.totals.interruptedInstances,
        interruptionEvents: p.totals.interruptionEvents,
      })),
      ...(run.featureStore && spec.features
        ? { featureStore: { reuse: spec.features.reuse, reuseSavings: run.featureStore.reuseSavingsUsd, storeCost: run.featureStore.storeCostUsd } }
        : {}),
    },
    ...(input.monteCarlo && input.runs > 1
      ? {
          monteCarlo: {
            runs: input.monteCarlo.runs,
            cost: input.monteCarlo.cost,
            sloAttainment: input.monteCarlo.sloAttainment,
            workloads: Object.fromEntries(input.monteCarlo.byWorkload),
            ...(input.runCosts ? { costs: [...input.runCosts].sort((a, b) => a - b) } : {}),
          },
        }
      : {}),
    ...(input.includeSeries ? { series: seriesOf(run) } : {}),
    ...((input.includeBill ?? input.includeSeries) ? { bill: buildBill(spec, run) } : {}),
    assumptions: assumptions(spec, input.runs),
  };
  return report;
}

function workloadReport(w: WorkloadRun, spec: SimSpec, run: RunResult): WorkloadReport {
  const cost = run.cost.byWorkload[w.name] ?? w.costUsd;
  const base = {
    name: w.name,
    kind: w.kind,
    pool: w.pool,
    cost,
    sloAttainment: w.sloAttainment,
    instanceHours: w.instanceHours,
    peakInstances: w.peakInstances,
    interruptions: w.interruptions,
  };
  const workloadSpec = spec.workloads.find((s) => s.name === w.name);
  if (w.inference) {
    const r = w.inference;
    const sloSpec = workloadSpec?.kind === 'inference' ? workloadSpec.slo : undefined;
    const slo: SloReport | undefined = sloSpec
      ? { label: `${sloSpec.label} ≤ ${ms(sloSpec.latencySeconds)}`, required: sloSpec.quantile, attainment: r.sloAttainment, met: r.sloAttainment >= sloSpec.quantile - 1e-12, thresholdSeconds: sloSpec.latencySeconds }
      : undefined;
    return {
      ...base,
      latencyMs: { p50: r.latencySeconds.p50 * 1000, p95: r.latencySeconds.p95 * 1000, p99: r.latencySeconds.p99 * 1000, mean: r.latencySeconds.mean * 1000 },
      requests: { arrived: r.arrived, served: r.served, dropped: r.dropped, queuedAtEnd: r.queuedAtEnd },
      ...(slo ? { slo } : {}),
      ...(r.served > 0 ? { unitCost: { usd: (cost / r.served) * 1e6, per: '1M requests' as const } } : {}),
    };
  }
  if (w.streaming) {
    const r = w.streaming;
    const maxLag = workloadSpec?.kind === 'streaming' ? workloadSpec.maxLagSeconds : undefined;
    const slo: SloReport | undefined =
      maxLag !== undefined ? { label: `lag ≤ ${formatDuration(maxLag)}`, required: 0.99, attainment: r.sloAttainment, met: r.sloAttainment >= 0.99, thresholdSeconds: maxLag } : undefined;
    return {
      ...base,
      lagSeconds: r.lagSeconds,
      ...(slo ? { slo } : {}),
      ...(r.ingestedMB > 0 ? { unitCost: { usd: cost / (r.ingestedMB / 1e6), per: 'TB' as const } } : {}),
    };
  }
  if (w.batch) {
    const r = w.batch;
    const deadline = workloadSpec?.kind === 'batch' ? workloadSpec.deadlineSeconds : undefined;
    const slo: SloReport | undefined =
      deadline !== undefined ? { label: `deadline ${formatDuration(deadline)}`, required: 1, attainment: r.sloAttainment, met: r.missedDeadline === 0 && r.unfinishedAtEnd === 0, thresholdSeconds: deadline } : undefined;
    return {
      ...base,
      jobs: { arrived: r.arrived, completed: r.completed, missedDeadline: r.missedDeadline, unfinished: r.unfinishedAtEnd, meanRuntimeHours: r.meanRuntimeHours },
      ...(slo ? { slo } : {}),
      ...(r.completed > 0 ? { unitCost: { usd: cost / r.completed, per: 'job' as const } } : {}),
    };
  }
  return base;
}

function seriesOf(run: RunResult): NonNullable<RunReport['series']> {
  const workloads: Record<string, Record<string, number[]>> = {};
  for (const w of run.workloads) {
    if (!w.series) continue;
    const channels: Record<string, number[]> = {};
    for (const c of SERIES_CHANNELS) if (w.series.has(c)) channels[c] = [...w.series.values(c)];
    workloads[w.name] = channels;
  }
  return { resolution: 'hourly', costUsd: [...run.hourlyCostUsd], workloads };
}

function assumptions(spec: SimSpec, runs: number): string[] {
  const out = [
    `Time-stepped at ${formatDuration(spec.stepSeconds)} over ${formatDuration(spec.horizonSeconds)}; autoscalers decide at their sync period.`,
    'Inference latency per step from M/M/c (Erlang C), Allen–Cunneen for non-exponential service; overload builds a fluid backlog, waits over maxWait are dropped.',
    'Prices: list prices of the bundled catalogs (pricing/README.md); a month is 730 h.',
  ];
  if (spec.pools.some((p) => p.kind === 'cloud' && p.purchase.spotShare > 0)) {
    out.push(`Spot interruptions are Poisson per pool at the Spot Advisor band's rate; one event takes the share given by spot.correlation (default a third: one AZ of three).${runs > 1 ? '' : ' One run: use --runs for P5–P95.'}`);
  }
  if (spec.pools.some((p) => p.kind === 'cloud' && p.commitments.length > 0)) {
    out.push('Commitment rates come from the catalog when present, else typical discounts for the term and payment (override with discount).');
  }
  return out;
}

function ms(seconds: number): string {
  return seconds >= 1 ? `${Number(seconds.toPrecision(4))} s` : `${Number((seconds * 1000).toPrecision(4))} ms`;
}
