/**
 * Why two results cost different amounts: the difference split into drivers that add up to it
 * exactly. Cloud compute is written as list cost − spot savings + commitment effect, and list
 * cost as needed instance-hours × over-provisioning × average list price; each factor is changed
 * from A's value to B's in a fixed order, so every step is attributed once and the steps sum to
 * the total difference by construction (chain-linked decomposition).
 */
import type { RunResult } from '../sim/run.js';
import type { SimSpec } from '../sim/spec.js';
import { CompensatedSum } from '../model/money.js';

export const DRIVERS = ['quantity', 'autoscaling', 'price', 'spot mix', 'commitments', 'on-prem', 'storage', 'egress', 'feature reuse'] as const;
export type Driver = (typeof DRIVERS)[number];

export interface WaterfallStep {
  readonly driver: Driver;
  readonly usd: number;
  /** What the driver measures, for the report. */
  readonly explanation: string;
}

export interface Waterfall {
  readonly fromUsd: number;
  readonly toUsd: number;
  readonly steps: readonly WaterfallStep[];
}

/** The cost structure of one result that the waterfall decomposes. */
export interface CostFactors {
  /** Cloud instance-hours (on-demand and spot). */
  readonly instanceHours: number;
  /** Instance-hours the load needs at 100% utilization (0 when unknown). */
  readonly neededInstanceHours: number;
  /** What the cloud instance-hours would cost at on-demand list prices. */
  readonly listUsd: number;
  /** List price of spot hours minus what spot was billed. */
  readonly spotSavingsUsd: number;
  /** Commitment fees minus the list price of the hours they covered (negative: they saved). */
  readonly commitmentEffectUsd: number;
  readonly onPremUsd: number;
  readonly storageUsd: number;
  readonly networkUsd: number;
  /** Store cost plus pipeline compute: what feature reuse changes. */
  readonly featureStoreUsd: number;
  /** Pipeline compute inside featureStoreUsd (also inside the instance costs). */
  readonly pipelineComputeUsd: number;
  readonly totalUsd: number;
}

export function costFactors(spec: SimSpec, run: RunResult): CostFactors {
  // Feature pipelines run on pools too; their share of each pool's bill belongs to the
  // "feature reuse" driver, so it is taken out of the pool's factors here (the same vCPU-second
  // split the ledger uses) rather than counted twice.
  const pipelineUsdByPool = new Map<string, number>();
  for (const p of run.featureStore?.perPipeline ?? []) {
    const pool = spec.features?.pipelines.find((x) => x.name === p.name)?.pool;
    if (pool) pipelineUsdByPool.set(pool, (pipelineUsdByPool.get(pool) ?? 0) + p.computeCostUsd);
  }
  const ownShare = (pool: RunResult['pools'][number]) => {
    const pipeline = pipelineUsdByPool.get(pool.name) ?? 0;
    return pool.totals.totalUsd > 0 ? 1 - pipeline / pool.totals.totalUsd : 1;
  };
  let instanceHours = 0;
  let listUsd = 0;
  let spotSavings = 0;
  let commitmentEffect = 0;
  let onPremUsd = 0;
  for (const pool of run.pools) {
    const p = spec.pools.find((s) => s.name === pool.name);
    const share = ownShare(pool);
    if (p?.kind === 'on-prem') onPremUsd += pool.onPremUsd * share;
    if (!p || p.kind !== 'cloud' || !pool.hourly) continue;
    const price = p.instance.onDemandUsdPerHour;
    const hours = (pool.totals.onDemandInstanceHours + pool.totals.spotInstanceHours) * share;
    instanceHours += hours;
    listUsd += hours * price;
    spotSavings += (pool.totals.spotInstanceHours * price - pool.totals.spotUsd) * share;
    let coveredSeconds = 0;
    for (const s of pool.hourly.coveredSeconds) coveredSeconds += s;
    commitmentEffect += (pool.totals.committedUsedUsd + pool.totals.committedUnusedUsd - (coveredSeconds / 3600) * price) * share;
  }
  const cloudPools = new Set(spec.pools.filter((p) => p.kind === 'cloud').map((p) => p.name));
  const needed = run.workloads.filter((w) => cloudPools.has(w.pool)).reduce((a, w) => a + w.neededInstanceHours, 0);
  const storeUsd = run.featureStore?.storeCostUsd ?? 0;
  return {
    instanceHours,
    neededInstanceHours: needed,
    listUsd,
    spotSavingsUsd: spotSavings,
    commitmentEffectUsd: commitmentEffect,
    onPremUsd,
    storageUsd: run.cost.byCategory.storage,
    networkUsd: run.cost.byCategory.network,
    featureStoreUsd: run.cost.byCategory.featureStore,
    pipelineComputeUsd: run.cost.byCategory.featureStore - storeUsd,
    totalUsd: run.cost.total,
  };
}

export function waterfall(a: CostFactors, b: CostFactors): Waterfall {
  const avgPrice = (f: CostFactors) => (f.instanceHours > 0 ? f.listUsd / f.instanceHours : 0);
  const pA = avgPrice(a);
  const pB = avgPrice(b);
  // Over-provisioning O = instance-hours / needed instance-hours, when both sides know the need.
  const known = a.neededInstanceHours > 0 && b.neededInstanceHours > 0;
  const oA = known ? a.instanceHours / a.neededInstanceHours : 1;
  const oB = known ? b.instanceHours / b.neededInstanceHours : 1;
  const nA = known ? a.neededInstanceHours : a.instanceHours;
  const nB = known ? b.neededInstanceHours : b.instanceHours;
  let quantity: number;
  let autoscaling: number;
  let price: number;
  if (a.instanceHours > 0 && b.instanceHours > 0) {
    quantity = (nB - nA) * oA * pA;
    autoscaling = nB * (oB - oA) * pA;
    price = b.instanceHours * (pB - pA);
  } else {
    // Moving into (or out of) the cloud: there is no price to compare with, so the whole list
    // cost is the capacity that appears (or goes), split into need and over-provisioning.
    const side = a.instanceHours > 0 ? a : b;
    const sign = a.instanceHours > 0 ? -1 : 1;
    const p = avgPrice(side);
    const need = side.neededInstanceHours > 0 ? side.neededInstanceHours : side.instanceHours;
    quantity = sign * need * p;
    autoscaling = sign * (side.instanceHours - need) * p;
    price = 0;
  }

  const steps: WaterfallStep[] = [
    { driver: 'quantity', usd: quantity, explanation: known ? 'instance-hours the load needs at 100% utilization (load, instance size)' : 'instance-hours' },
    { driver: 'autoscaling', usd: autoscaling, explanation: 'over-provisioning: instance-hours run per instance-hour needed' },
    { driver: 'price', usd: price, explanation: 'average on-demand list price per instance-hour' },
    { driver: 'spot mix', usd: a.spotSavingsUsd - b.spotSavingsUsd, explanation: 'spot discount earned' },
    { driver: 'commitments', usd: b.commitmentEffectUsd - a.commitmentEffectUsd, explanation: 'commitment fees less the list price of the hours they covered' },
    { driver: 'on-prem', usd: b.onPremUsd - a.onPremUsd, explanation: 'amortized capex and opex of on-prem pools' },
    { driver: 'storage', usd: b.storageUsd - a.storageUsd, explanation: 'retained stream data' },
    { driver: 'egress', usd: b.networkUsd - a.networkUsd, explanation: 'internet egress and cross-AZ traffic' },
    { driver: 'feature reuse', usd: b.featureStoreUsd - a.featureStoreUsd, explanation: 'feature pipelines and the online store' },
  ];
  return { fromUsd: a.totalUsd, toUsd: b.totalUsd, steps };
}

/** Σ steps, compensated: equals toUsd − fromUsd up to float rounding. */
export function waterfallSum(w: Waterfall): number {
  const acc = new CompensatedSum();
  for (const s of w.steps) acc.add(s.usd);
  return acc.value;
}
