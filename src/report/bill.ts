/**
 * The simulated bill, pool by pool and hour by hour, plus the charges that are not instance time
 * (disks, traffic, the online feature store). It is what the FOCUS export and the cumulative-cost
 * chart are made of, and it is part of the saved JSON (with `--series hourly`) so that
 * `capsim report` can render them later without re-running the simulation.
 *
 * Σ of every pool's hourly amounts + Σ charges = the run's total cost (PRODUCT.md §4 Billing):
 * the engine's total is instances + storage + network + the feature store's own store, and
 * pipeline compute is already inside the pools' bills.
 */
import { CROSS_AZ_USD_PER_GB_EACH_WAY, DYNAMODB_USD_PER_GB_MONTH, DYNAMODB_USD_PER_MILLION_RRU, EBS_GP3_USD_PER_GB_MONTH } from '../model/billing/index.js';
import { DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS } from '../model/cron.js';
import { CompensatedSum } from '../model/money.js';
import { SECONDS_PER_HOUR } from '../model/time.js';
import { onlineReadsUsd } from '../sim/feature-store.js';
import type { PoolRun, RunResult } from '../sim/run.js';
import type { SimSpec } from '../sim/spec.js';

export interface BillCommitment {
  /** Stable id, e.g. "api-savings-plan": FOCUS CommitmentDiscountId. */
  readonly id: string;
  readonly kind: 'savings-plan' | 'reserved';
  /** What the commitment bills every full hour, used or not (SP: the commitment; RI: instances × rate). */
  readonly feeUsdPerHour: number;
  /** Committed price of one covered instance-hour of the pool's instance type. */
  readonly rateUsdPerHour: number;
  /** Reserved instances bought (RIs only). */
  readonly instances?: number;
}

/** One cloud pool's bill: typed arrays of the engine, as plain arrays, one entry per hour. */
export interface CloudPoolBill {
  readonly kind: 'cloud';
  readonly name: string;
  readonly provider: 'aws' | 'gcp' | 'azure';
  readonly region: string;
  readonly instanceType: string;
  /** Workloads (and feature pipelines) that ran on the pool. */
  readonly workloads: readonly string[];
  readonly onDemandUsdPerHour: number;
  readonly spotUsdPerHour: number | null;
  readonly commitments: readonly BillCommitment[];
  readonly hourly: {
    readonly onDemandUsd: readonly number[];
    readonly spotUsd: readonly number[];
    readonly committedUsedUsd: readonly number[];
    readonly committedUnusedUsd: readonly number[];
    /** Instance-seconds billed at on-demand (not covered), on spot, and covered by commitments. */
    readonly onDemandSeconds: readonly number[];
    readonly spotSeconds: readonly number[];
    readonly coveredSeconds: readonly number[];
  };
}

/** An on-prem pool: amortized capex plus opex, per hour, busy or idle. */
export interface OnPremPoolBill {
  readonly kind: 'on-prem';
  readonly name: string;
  readonly workloads: readonly string[];
  readonly nodes: number;
  readonly vcpuPerNode: number;
  readonly hourly: { readonly onPremUsd: readonly number[] };
}

export type PoolBill = CloudPoolBill | OnPremPoolBill;

/**
 * A cost the engine totals over the horizon rather than per hour (disk, traffic, the online
 * store). Exports spread it evenly over time, as the engine's hourly cost series does.
 */
export interface BillCharge {
  readonly id: string;
  readonly category: 'storage' | 'network' | 'feature-store' | 'other';
  readonly description: string;
  readonly provider: 'aws' | 'gcp' | 'azure';
  readonly region: string | null;
  readonly pool: string | null;
  readonly workload: string | null;
  readonly totalUsd: number;
  /** Quantity over the whole horizon in `unit`, and the list price of one unit. */
  readonly quantity: number;
  readonly unit: 'GB-Months' | 'GB' | 'Million Read Request Units' | 'USD';
  readonly unitPriceUsd: number;
}

export interface BillReport {
  /** The UTC instant of t = 0 (the cron calendar's epoch: 2024-01-01T00:00:00Z, a Monday). */
  readonly epoch: string;
  /** Entries in every hourly array; the last hour is partial when the horizon is not whole hours. */
  readonly hours: number;
  readonly horizonHours: number;
  readonly currency: 'USD';
  readonly pools: readonly PoolBill[];
  readonly charges: readonly BillCharge[];
}

export const SIMULATION_EPOCH = new Date(DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Amounts below this are float dust, not a charge worth a row. */
const DUST_USD = 1e-9;

export function buildBill(spec: SimSpec, run: RunResult): BillReport {
  const horizonHours = spec.horizonSeconds / SECONDS_PER_HOUR;
  const hours = Math.ceil(horizonHours - 1e-9);
  const pools = run.pools.map((p) => poolBill(p, spec, hours));
  const defaultCloud = spec.pools.find((p) => p.kind === 'cloud');
  const fallbackProvider = defaultCloud?.kind === 'cloud' ? defaultCloud.instance.provider : 'aws';
  const fallbackRegion = defaultCloud?.kind === 'cloud' ? defaultCloud.instance.region : null;
  const where = (poolName: string | null) => {
    const pool = spec.pools.find((p) => p.name === poolName);
    return pool?.kind === 'cloud' ? { provider: pool.instance.provider, region: pool.instance.region } : { provider: fallbackProvider, region: fallbackRegion };
  };

  const charges: BillCharge[] = [];
  let crossAz = 0;
  let egressGB = 0;
  for (const w of run.workloads) {
    const s = w.streaming;
    if (s && s.storageUsd > DUST_USD) {
      charges.push({
        id: `${w.name}/storage`,
        category: 'storage',
        description: `Broker disk (gp3) for ${w.name}: retention × rate × replication`,
        ...where(w.pool),
        pool: w.pool,
        workload: w.name,
        totalUsd: s.storageUsd,
        quantity: s.storageUsd / EBS_GP3_USD_PER_GB_MONTH,
        unit: 'GB-Months',
        unitPriceUsd: EBS_GP3_USD_PER_GB_MONTH,
      });
    }
    if (s && s.crossAzUsd > DUST_USD) {
      crossAz += s.crossAzUsd;
      const price = 2 * CROSS_AZ_USD_PER_GB_EACH_WAY;
      charges.push({
        id: `${w.name}/cross-az`,
        category: 'network',
        description: `Cross-AZ replication traffic for ${w.name} (billed both ways)`,
        ...where(w.pool),
        pool: w.pool,
        workload: w.name,
        totalUsd: s.crossAzUsd,
        quantity: s.crossAzUsd / price,
        unit: 'GB',
        unitPriceUsd: price,
      });
    }
    const months = w.inference?.egressGBByMonth ?? w.streaming?.egressGBByMonth;
    if (months) for (let m = 0; m < months.length; m++) egressGB += months[m]!;
  }
  // Internet egress is tiered on the account's monthly total, so it is one account-level charge
  // at its blended price, not a per-workload one.
  const egressUsd = run.cost.byCategory.network - crossAz;
  if (egressUsd > DUST_USD) {
    charges.push({
      id: 'internet-egress',
      category: 'network',
      description: 'Internet egress, tiered per month (blended price)',
      ...where(null),
      pool: null,
      workload: null,
      totalUsd: egressUsd,
      quantity: egressGB > 0 ? egressGB : egressUsd,
      unit: egressGB > 0 ? 'GB' : 'USD',
      unitPriceUsd: egressGB > 0 ? egressUsd / egressGB : 1,
    });
  }
  for (const p of run.featureStore?.perPipeline ?? []) {
    const pipeline = spec.features?.pipelines.find((x) => x.name === p.name);
    if (!pipeline || p.storeCostUsd <= DUST_USD) continue;
    const readsUsd = pipeline.onlineStore ? onlineReadsUsd(pipeline.onlineStore.readsPerSecond, spec.horizonSeconds) : 0;
    const storageUsd = p.storeCostUsd - readsUsd;
    if (storageUsd > DUST_USD) {
      charges.push({
        id: `${p.name}/online-store`,
        category: 'feature-store',
        description: `Online feature store storage for ${p.name}`,
        ...where(pipeline.pool),
        pool: pipeline.pool,
        workload: p.name,
        totalUsd: storageUsd,
        quantity: storageUsd / DYNAMODB_USD_PER_GB_MONTH,
        unit: 'GB-Months',
        unitPriceUsd: DYNAMODB_USD_PER_GB_MONTH,
      });
    }
    if (readsUsd > DUST_USD) {
      charges.push({
        id: `${p.name}/online-reads`,
        category: 'feature-store',
        description: `Online feature store reads for ${p.name}`,
        ...where(pipeline.pool),
        pool: pipeline.pool,
        workload: p.name,
        totalUsd: readsUsd,
        quantity: readsUsd / DYNAMODB_USD_PER_MILLION_RRU,
        unit: 'Million Read Request Units',
        unitPriceUsd: DYNAMODB_USD_PER_MILLION_RRU,
      });
    }
  }

  // Whatever the itemisation above misses (a cost category added to the engine later) still
  // belongs on the bill, so the export always adds up to the run's total.
  const itemised = new CompensatedSum();
  for (const p of pools) for (const a of amountsOf(p)) itemised.addAll(a);
  for (const c of charges) itemised.add(c.totalUsd);
  const rest = run.cost.total - itemised.value;
  if (Math.abs(rest) > 1e-6) {
    charges.push({
      id: 'other',
      category: 'other',
      description: 'Other charges not itemised by the engine',
      ...where(null),
      pool: null,
      workload: null,
      totalUsd: rest,
      quantity: rest,
      unit: 'USD',
      unitPriceUsd: 1,
    });
  }

  return { epoch: SIMULATION_EPOCH, hours, horizonHours, currency: 'USD', pools, charges };
}

/** The money arrays of a pool bill: their sum over pools and hours is the instance cost. */
export function amountsOf(pool: PoolBill): ReadonlyArray<readonly number[]> {
  if (pool.kind === 'on-prem') return [pool.hourly.onPremUsd];
  const h = pool.hourly;
  return [h.onDemandUsd, h.spotUsd, h.committedUsedUsd, h.committedUnusedUsd];
}

function poolBill(p: PoolRun, spec: SimSpec, hours: number): PoolBill {
  const pool = spec.pools.find((x) => x.name === p.name)!;
  const workloads = [
    ...spec.workloads.filter((w) => w.pool === p.name).map((w) => w.name),
    ...(spec.features?.pipelines.filter((f) => f.pool === p.name).map((f) => f.name) ?? []),
  ];
  const arr = (a: Float64Array | undefined) => Array.from({ length: hours }, (_, h) => a?.[h] ?? 0);
  if (pool.kind === 'on-prem' || !p.hourly) {
    return {
      kind: 'on-prem',
      name: p.name,
      workloads,
      nodes: pool.kind === 'on-prem' ? pool.nodes : 0,
      vcpuPerNode: pool.kind === 'on-prem' ? pool.vcpuPerNode : 0,
      hourly: { onPremUsd: arr(p.hourlyUsd) },
    };
  }
  const i = pool.instance;
  return {
    kind: 'cloud',
    name: p.name,
    provider: i.provider,
    region: i.region,
    instanceType: i.label,
    workloads,
    onDemandUsdPerHour: i.onDemandUsdPerHour,
    spotUsdPerHour: i.spotUsdPerHour,
    commitments: pool.commitments.map((c) =>
      c.kind === 'reserved'
        ? { id: c.id, kind: 'reserved' as const, feeUsdPerHour: c.instances * c.usdPerHourPerInstance, rateUsdPerHour: c.usdPerHourPerInstance, instances: c.instances }
        : { id: c.id, kind: 'savings-plan' as const, feeUsdPerHour: c.commitUsdPerHour, rateUsdPerHour: c.ratesUsdPerHour[i.label] ?? i.onDemandUsdPerHour },
    ),
    hourly: {
      onDemandUsd: arr(p.hourly.onDemandUsd),
      spotUsd: arr(p.hourly.spotUsd),
      committedUsedUsd: arr(p.hourly.committedUsedUsd),
      committedUnusedUsd: arr(p.hourly.committedUnusedUsd),
      onDemandSeconds: arr(p.hourly.onDemandSeconds),
      spotSeconds: arr(p.hourly.spotSeconds),
      coveredSeconds: arr(p.hourly.coveredSeconds),
    },
  };
}
