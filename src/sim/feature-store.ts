/**
 * Feature-store economics (models.md §7, PRODUCT.md §4 Feature store). With `reuse: true` each
 * pipeline's refresh runs once, and its features are stored once in a shared online store that
 * every consumer reads. With `reuse: false` each of the k consumers recomputes them (k jobs per
 * refresh) and keeps its own copy of the online data.
 *
 * The online store is priced as DynamoDB on-demand: every read is an eventually consistent
 * read of ≤ 4 KB (half a read request unit), and storage is billed per GB-month of 730 h.
 * Reads are the same in both worlds (each consumer reads what it needs either way); storage is
 * 1× with reuse and k× without. Writes of refreshed values are not priced.
 *
 * A run simulates one world only, so the other is a counterfactual scaled from it: with reuse,
 * compute without reuse = simulated compute × k; without reuse, compute with reuse = simulated
 * compute / k. Pipeline jobs are fully parallel (p = 1, no width cap), so their vCPU-hours equal
 * their work whatever share of the pool they get, and k times the jobs hold k times the
 * vCPU-hours. The scaling ignores what the other world's extra (or missing) jobs would do to the
 * pool: queueing, idle capacity and the autoscaler's response.
 */
import { DYNAMODB_USD_PER_GB_MONTH, DYNAMODB_USD_PER_MILLION_RRU } from '../model/billing/index.js';
import { CompensatedSum } from '../model/money.js';
import { HOURS_PER_MONTH, SECONDS_PER_HOUR } from '../model/time.js';
import type { BatchJobStream } from './batch.js';
import type { FeaturePipelineSpec, FeatureSpec } from './spec.js';

/** An eventually consistent read of ≤ 4 KB costs half a read request unit. */
const RRU_PER_EVENTUALLY_CONSISTENT_READ = 0.5;

/**
 * Feature transforms are per-entity and embarrassingly parallel; p = 1 also makes a pipeline's
 * vCPU-hours equal to its work, which the counterfactual above relies on.
 */
const PIPELINE_PARALLEL_FRACTION = 1;

function consumerCount(pipeline: FeaturePipelineSpec): number {
  return Math.max(1, pipeline.consumers.length);
}

/** One job stream per pipeline, in pipeline order: a refresh every `refresh` from t = 0, due before the next one. */
export function pipelineStreams(features: FeatureSpec): BatchJobStream[] {
  return features.pipelines.map((p) => ({
    name: p.name,
    source: 'pipeline',
    schedule: { kind: 'every', everySeconds: p.refreshSeconds, offsetSeconds: 0 },
    workVcpuHours: p.workVcpuHours,
    parallelFraction: PIPELINE_PARALLEL_FRACTION,
    maxParallelism: undefined,
    checkpointIntervalSeconds: undefined,
    deadlineSeconds: p.refreshSeconds,
    copies: features.reuse ? 1 : consumerCount(p),
  }));
}

export interface FeatureStoreResult {
  /** Online store cost in the simulated world. */
  readonly storeCostUsd: number;
  /** (compute + store without reuse) − (compute + store with reuse); positive when reuse pays. */
  readonly reuseSavingsUsd: number;
  /** Pipeline compute in the simulated world. */
  readonly computeCostUsd: number;
  readonly counterfactualComputeCostUsd: number;
  readonly counterfactualStoreCostUsd: number;
  readonly perPipeline: ReadonlyArray<{ name: string; computeCostUsd: number; storeCostUsd: number }>;
}

/** Online reads over the horizon, DynamoDB on-demand. */
export function onlineReadsUsd(readsPerSecond: number, horizonSeconds: number): number {
  const rru = readsPerSecond * horizonSeconds * RRU_PER_EVENTUALLY_CONSISTENT_READ;
  return (rru / 1e6) * DYNAMODB_USD_PER_MILLION_RRU;
}

/** One copy of the online data over the horizon. */
export function onlineStorageUsd(sizeGB: number, horizonSeconds: number): number {
  return sizeGB * DYNAMODB_USD_PER_GB_MONTH * (horizonSeconds / SECONDS_PER_HOUR / HOURS_PER_MONTH);
}

/**
 * `computeCostUsdByPipeline`: what each pipeline's jobs cost in the simulated run (its share of
 * its pool's bill), by pipeline name; a missing name counts as 0.
 */
export function featureStoreEconomics(features: FeatureSpec, computeCostUsdByPipeline: ReadonlyMap<string, number>, horizonSeconds: number): FeatureStoreResult {
  const reuse = features.reuse;
  const compute = new CompensatedSum();
  const counterfactualCompute = new CompensatedSum();
  const store = new CompensatedSum();
  const counterfactualStore = new CompensatedSum();
  const perPipeline = features.pipelines.map((p) => {
    const k = consumerCount(p);
    const computeUsd = computeCostUsdByPipeline.get(p.name) ?? 0;
    const reads = p.onlineStore ? onlineReadsUsd(p.onlineStore.readsPerSecond, horizonSeconds) : 0;
    const oneCopy = p.onlineStore ? onlineStorageUsd(p.onlineStore.sizeGB, horizonSeconds) : 0;
    const storeWithReuse = reads + oneCopy;
    const storeWithoutReuse = reads + k * oneCopy;
    const storeUsd = reuse ? storeWithReuse : storeWithoutReuse;
    compute.add(computeUsd);
    counterfactualCompute.add(reuse ? computeUsd * k : computeUsd / k);
    store.add(storeUsd);
    counterfactualStore.add(reuse ? storeWithoutReuse : storeWithReuse);
    return { name: p.name, computeCostUsd: computeUsd, storeCostUsd: storeUsd };
  });
  const simulatedTotal = compute.value + store.value;
  const counterfactualTotal = counterfactualCompute.value + counterfactualStore.value;
  return {
    storeCostUsd: store.value,
    reuseSavingsUsd: reuse ? counterfactualTotal - simulatedTotal : simulatedTotal - counterfactualTotal,
    computeCostUsd: compute.value,
    counterfactualComputeCostUsd: counterfactualCompute.value,
    counterfactualStoreCostUsd: counterfactualStore.value,
    perPipeline,
  };
}
