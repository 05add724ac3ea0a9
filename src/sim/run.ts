/**
 * One simulation run: every pool with the workloads on it, then the ledger that turns pool bills,
 * storage and traffic into cost by purchase option, category and workload. A pure function of
 * the spec, the evaluated loads and the run index (which selects the PRNG streams), so the same
 * inputs give the same result on any thread.
 */
import { AWS_INTERNET_EGRESS_TIERS, tieredCostUsd } from '../model/billing/index.js';
import { CompensatedSum } from '../model/money.js';
import { streamFor } from '../model/prng.js';
import { simulateBatchPool, type BatchJobStream, type BatchStreamResult } from './batch.js';
import { CloudCapacity, OnPremCapacity, type Capacity } from './capacity.js';
import { featureStoreEconomics, pipelineStreams, type FeatureStoreResult } from './feature-store.js';
import type { FleetTotals } from './fleet.js';
import { simulateInference, type InferenceResult, type KernelGrid } from './inference.js';
import { applyNoise } from './load.js';
import { createScaler } from './scaler.js';
import { HourlySeries } from './series.js';
import type { PoolSpec, SimSpec, WorkloadSpec } from './spec.js';
import { simulateStreaming, type StreamingResult } from './streaming.js';

export interface RunOptions {
  readonly runIndex: number;
  /** Keep hourly series per workload (charts, `--series hourly`). */
  readonly series: boolean;
}

export interface PoolRun {
  readonly name: string;
  readonly kind: 'cloud' | 'on-prem';
  readonly instance: string;
  readonly totals: FleetTotals;
  readonly onPremUsd: number;
  readonly hourlyUsd: Float64Array;
  /** Cloud pools: the hourly bill in detail (absent for on-prem). */
  readonly hourly: HourlyBill | undefined;
}

/** One pool's bill hour by hour: what a FOCUS export turns into charge rows. */
export interface HourlyBill {
  readonly onDemandUsd: Float64Array;
  readonly spotUsd: Float64Array;
  readonly committedUsedUsd: Float64Array;
  readonly committedUnusedUsd: Float64Array;
  /** Instance-seconds billed at on-demand (not covered), on spot, and covered by commitments. */
  readonly onDemandSeconds: Float64Array;
  readonly spotSeconds: Float64Array;
  readonly coveredSeconds: Float64Array;
}

export interface WorkloadRun {
  readonly name: string;
  readonly kind: WorkloadSpec['kind'];
  readonly pool: string;
  readonly costUsd: number;
  readonly instanceHours: number;
  readonly peakInstances: number;
  readonly interruptions: number;
  readonly sloAttainment: number;
  /** Instance-hours the workload needs at 100% utilization (its share of the pool for batch). */
  readonly neededInstanceHours: number;
  readonly inference: InferenceResult | undefined;
  readonly streaming: StreamingResult | undefined;
  readonly batch: BatchStreamResult | undefined;
  readonly series: HourlySeries | undefined;
}

export interface CostBreakdown {
  readonly total: number;
  readonly byPurchase: { readonly onDemand: number; readonly spot: number; readonly committed: number; readonly onPrem: number };
  readonly byCategory: { readonly compute: number; readonly storage: number; readonly network: number; readonly featureStore: number };
  /** Every workload, plus any pool that ran without one ("(idle pool <name>)"); sums to total less featureStore. */
  readonly byWorkload: Readonly<Record<string, number>>;
}

export interface RunResult {
  readonly runIndex: number;
  readonly cost: CostBreakdown;
  readonly pools: readonly PoolRun[];
  readonly workloads: readonly WorkloadRun[];
  readonly featureStore: FeatureStoreResult | undefined;
  /** Total cost per hour of the horizon (instances, on-prem; storage and traffic spread evenly). */
  readonly hourlyCostUsd: Float64Array;
}

/** Evaluated (noise-free) load per workload name, shared by every run. */
export type Loads = ReadonlyMap<string, Float64Array>;

export function simulateRun(spec: SimSpec, loads: Loads, options: RunOptions): RunResult {
  const grid: KernelGrid = { steps: spec.steps, stepSeconds: spec.stepSeconds, horizonSeconds: spec.horizonSeconds };
  const runIndex = options.runIndex;
  const workloadRuns = new Map<string, WorkloadRun>();
  const poolRuns: PoolRun[] = [];
  const egressGBByMonth = new Float64Array(Math.max(1, Math.ceil(spec.horizonSeconds / (730 * 3600) - 1e-9)));
  const egressByWorkload = new Map<string, number>();
  let storageUsd = 0;
  let crossAzUsd = 0;
  const pipelineCompute = new Map<string, number>();
  const extraByWorkload = new Map<string, number>();
  const pipelines = spec.features ? pipelineStreams(spec.features) : [];

  for (const pool of spec.pools) {
    const capacity = makeCapacity(pool, spec, runIndex);
    const scaler = createScaler(
      pool.kind === 'cloud' ? pool.autoscaling : staticSpec(),
      pool.kind === 'cloud' ? pool.count : pool.nodes,
      pool.kind === 'cloud' ? pool.bootTimeSeconds : 0,
    );
    const onPool = spec.workloads.filter((w) => w.pool === pool.name);
    const batchStreams: BatchJobStream[] = [
      ...onPool.filter((w) => w.kind === 'batch').map((w) => ({
        name: w.name,
        source: 'workload' as const,
        schedule: w.schedule,
        workVcpuHours: w.workVcpuHours,
        workGrowthPerMonth: w.workGrowthPerMonth,
        parallelFraction: w.parallelFraction,
        maxParallelism: w.maxParallelism,
        checkpointIntervalSeconds: w.checkpointIntervalSeconds,
        deadlineSeconds: w.deadlineSeconds,
        copies: 1,
      })),
      ...pipelines.filter((p) => spec.features?.pipelines.find((fp) => fp.name === p.name)?.pool === pool.name),
    ];
    const serving = onPool.find((w) => w.kind !== 'batch');
    const series = options.series ? new HourlySeries(spec.horizonSeconds) : undefined;
    let inference: InferenceResult | undefined;
    let streaming: StreamingResult | undefined;
    let batch: readonly BatchStreamResult[] = [];

    if (serving?.kind === 'inference') {
      const load = noisy(loads.get(serving.name)!, serving.noiseCv, spec.seed, runIndex, serving.name);
      inference = simulateInference(serving, capacity, scaler, load, grid, series);
    } else if (serving?.kind === 'streaming') {
      const load = noisy(loads.get(serving.name)!, serving.noiseCv, spec.seed, runIndex, serving.name);
      streaming = simulateStreaming(serving, capacity, scaler, load, grid, series);
    } else if (batchStreams.length > 0) {
      batch = simulateBatchPool(batchStreams, capacity, scaler, grid, series).streams;
    } else {
      idle(capacity, scaler, grid);
    }

    const totals = capacity.finish(spec.horizonSeconds);
    const poolUsd = totals.totalUsd;
    poolRuns.push({
      name: pool.name,
      kind: pool.kind,
      instance: pool.kind === 'cloud' ? pool.instance.label : `${pool.nodes} × ${pool.vcpuPerNode} vCPU on-prem`,
      totals,
      onPremUsd: capacity.onPremUsd,
      hourlyUsd: capacity.hourlyUsd,
      hourly:
        capacity instanceof CloudCapacity
          ? {
              onDemandUsd: capacity.hourlyOnDemandUsd,
              spotUsd: capacity.hourlySpotUsd,
              committedUsedUsd: capacity.hourlyCommittedUsedUsd,
              committedUnusedUsd: capacity.hourlyCommittedUnusedUsd,
              onDemandSeconds: capacity.hourlyOnDemandSeconds,
              spotSeconds: capacity.hourlySpotSeconds,
              coveredSeconds: capacity.hourlyCoveredSeconds,
            }
          : undefined,
    });
    const instanceHours = totals.onDemandInstanceHours + totals.spotInstanceHours;

    if (serving) {
      const result = inference ?? streaming;
      const slo = inference ? inference.sloAttainment : (streaming?.sloAttainment ?? NaN);
      workloadRuns.set(serving.name, {
        name: serving.name,
        kind: serving.kind,
        pool: pool.name,
        costUsd: poolUsd,
        instanceHours,
        peakInstances: totals.peakInstances,
        interruptions: totals.interruptedInstances,
        sloAttainment: slo,
        neededInstanceHours: inference?.neededInstanceHours ?? streaming?.neededInstanceHours ?? 0,
        inference,
        streaming,
        batch: undefined,
        series,
      });
      if (result) addMonths(egressGBByMonth, result.egressGBByMonth, egressByWorkload, serving.name);
      if (streaming) {
        storageUsd += streaming.storageUsd;
        crossAzUsd += streaming.crossAzUsd;
        extraByWorkload.set(serving.name, (extraByWorkload.get(serving.name) ?? 0) + streaming.storageUsd + streaming.crossAzUsd);
      }
    } else if (batch.length > 0) {
      // The pool's bill is split by the vCPU-seconds each job stream held; an idle pool's
      // standing cost is spread the same way (evenly if nothing ran).
      const used = batch.reduce((a, b) => a + b.vcpuSeconds, 0);
      for (const b of batch) {
        const share = used > 0 ? b.vcpuSeconds / used : 1 / batch.length;
        const cost = poolUsd * share;
        if (b.source === 'pipeline') {
          pipelineCompute.set(b.name, cost);
          continue;
        }
        workloadRuns.set(b.name, {
          name: b.name,
          kind: 'batch',
          pool: pool.name,
          costUsd: cost,
          instanceHours: instanceHours * share,
          peakInstances: totals.peakInstances,
          interruptions: totals.interruptedInstances,
          sloAttainment: b.sloAttainment,
          neededInstanceHours: b.vcpuSeconds / capacity.vcpuPerInstance / 3600,
          inference: undefined,
          streaming: undefined,
          batch: b,
          series,
        });
      }
    } else {
      extraByWorkload.set(`(idle pool ${pool.name})`, poolUsd);
    }
  }

  // Internet egress is tiered per account per month, so it is priced on the monthly total and
  // shared back to workloads in proportion to their bytes.
  let networkUsd = crossAzUsd;
  const egressTotalGB = egressGBByMonth.reduce((a, b) => a + b, 0);
  const egressUsd = egressGBByMonth.reduce((a, gb) => a + tieredCostUsd(gb, AWS_INTERNET_EGRESS_TIERS), 0);
  networkUsd += egressUsd;
  for (const [name, gb] of egressByWorkload) {
    if (egressTotalGB > 0) extraByWorkload.set(name, (extraByWorkload.get(name) ?? 0) + (egressUsd * gb) / egressTotalGB);
  }

  const featureStore = spec.features ? featureStoreEconomics(spec.features, pipelineCompute, spec.horizonSeconds) : undefined;

  const workloads = spec.workloads.map((w) => workloadRuns.get(w.name)).filter((w): w is WorkloadRun => w !== undefined);
  const byWorkload: Record<string, number> = {};
  for (const w of workloads) byWorkload[w.name] = w.costUsd + (extraByWorkload.get(w.name) ?? 0);
  for (const [name, usd] of extraByWorkload) if (!(name in byWorkload) && name.startsWith('(idle pool')) byWorkload[name] = usd;

  const sum = (xs: number[]) => {
    const acc = new CompensatedSum();
    for (const x of xs) acc.add(x);
    return acc.value;
  };
  const onDemand = sum(poolRuns.map((p) => p.totals.onDemandUsd));
  const spot = sum(poolRuns.map((p) => p.totals.spotUsd));
  const committed = sum(poolRuns.map((p) => p.totals.committedUsedUsd + p.totals.committedUnusedUsd));
  const onPrem = sum(poolRuns.map((p) => p.onPremUsd));
  const instanceUsd = sum([onDemand, spot, committed, onPrem]);
  const pipelineUsd = sum([...pipelineCompute.values()]);
  const featureStoreUsd = sum([pipelineUsd, featureStore?.storeCostUsd ?? 0]);
  const compute = instanceUsd - pipelineUsd;
  const total = sum([compute, storageUsd, networkUsd, featureStoreUsd]);

  const hours = Math.ceil(spec.horizonSeconds / 3600 - 1e-9);
  const hourlyCostUsd = new Float64Array(hours);
  for (const p of poolRuns) for (let h = 0; h < hours; h++) hourlyCostUsd[h]! += p.hourlyUsd[h] ?? 0;
  const spread = (total - instanceUsd) / hours;
  for (let h = 0; h < hours; h++) hourlyCostUsd[h]! += spread;

  return {
    runIndex,
    cost: {
      total,
      byPurchase: { onDemand, spot, committed, onPrem },
      byCategory: { compute, storage: storageUsd, network: networkUsd, featureStore: featureStoreUsd },
      byWorkload,
    },
    pools: poolRuns,
    workloads,
    featureStore,
    hourlyCostUsd,
  };
}

function makeCapacity(pool: PoolSpec, spec: SimSpec, runIndex: number): Capacity {
  if (pool.kind === 'on-prem') return new OnPremCapacity(pool, spec.horizonSeconds);
  return new CloudCapacity(pool, spec.horizonSeconds, streamFor(spec.seed, runIndex, `spot:${pool.name}`));
}

function staticSpec(): Parameters<typeof createScaler>[0] {
  return {
    policy: 'static',
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    syncPeriodSeconds: 60,
    tolerance: 0,
    scaleDownStabilizationSeconds: 0,
    scaleUpStabilizationSeconds: 0,
    targetUtilization: undefined,
    targetLagSeconds: undefined,
    targetBacklogPerInstance: undefined,
    cooldownSeconds: 0,
    step: undefined,
    schedule: undefined,
    forecast: undefined,
  };
}

/** A pool with nothing on it still runs (and bills) at its configured size. */
function idle(capacity: Capacity, scaler: ReturnType<typeof createScaler>, grid: KernelGrid): void {
  capacity.start(scaler.initialSize(0, 1));
  for (let i = 0; i < grid.steps; i++) {
    const now = i * grid.stepSeconds;
    capacity.reconcile(now, scaler.decide({ now, current: capacity.current, ready: capacity.readyTotal, booting: capacity.bootingTotal, utilization: 0, load: 0, backlog: 0, neededAtTarget: NaN }));
    capacity.advance(now, grid.stepSeconds);
  }
}

/** The load a run sees: the noise-free load with that run's own noise draw (if any). */
export function noisy(load: Float64Array, cv: number, seed: number, runIndex: number, workload: string): Float64Array {
  if (!(cv > 0)) return load;
  const rng = streamFor(seed, runIndex, `noise:${workload}`);
  const out = new Float64Array(load.length);
  applyNoise(load, cv, () => rng.nextNormal(), out);
  return out;
}

function addMonths(total: Float64Array, part: Float64Array, byWorkload: Map<string, number>, name: string): void {
  let gb = 0;
  for (let m = 0; m < part.length && m < total.length; m++) {
    total[m]! += part[m]!;
    gb += part[m]!;
  }
  if (gb > 0) byWorkload.set(name, (byWorkload.get(name) ?? 0) + gb);
}
