/**
 * The instance types a plan may choose from: catalog rows that have a price and can run the
 * workload, less burstable types (by default), less dominated types.
 *
 * Burstable types (AWS t*, GCP shared-core, Azure B-series) earn CPU credits below a baseline of
 * 5–40% of a vCPU; the engine has no credit model and would treat a t4g.small as two full vCPUs
 * at a tenth of the price, so they are left out unless asked for.
 *
 * A type is dominated when another type of the same provider gives at least as much capacity to
 * this workload at no higher price on every purchase option searched (on-demand, spot,
 * commitment) and no higher interruption rate. For a static fleet that is exact: the same count
 * of the other type serves at least as well for no more. For autoscaled fleets it assumes the
 * autoscaler holds the same utilization on either (then the other type needs no more instances).
 * Among identical rows only the first by name is kept.
 */
import type { CatalogEntry } from '../model/catalog.js';
import { capacityOn, type BaseInstance, type InstanceCapacity, type WorkloadBasis } from './instance-capacity.js';
import { committedRateUsdPerHour, type CommitmentTerm } from './purchase-price.js';

/** Spot Advisor "<5%", the engine's default when a catalog has no band (resolve.ts). */
const DEFAULT_INTERRUPTIONS_PER_MONTH = 0.05;

export interface TypeOption {
  readonly entry: CatalogEntry;
  readonly capacity: InstanceCapacity;
  /** Expected interruptions per spot instance per 730 h, as the engine will use it. */
  readonly interruptionsPerMonth: number;
  /**
   * The scenario's on-demand base carried over as capacity, not as a count: enough instances of
   * this type to hold at least the on-demand capacity the scenario's base held (2 × m5.large
   * becomes 4 × c6g.medium or 1 × c6g.4xlarge), so a larger type is not charged a larger floor.
   */
  readonly onDemandBase: number;
  /**
   * A queue policy's backlog per instance, scaled the same way: it is a per-instance amount of
   * work, so a type with twice the capacity should take twice the backlog before another one
   * is added. Undefined for other policies.
   */
  readonly queueTarget: number | undefined;
}

export interface TypeSelection {
  readonly eligible: readonly TypeOption[];
  readonly kept: readonly TypeOption[];
  readonly excluded: { readonly unpriced: number; readonly burstable: number; readonly unfit: number; readonly dominated: number };
}

export interface TypeSelectionOptions {
  readonly includeBurstable: boolean;
  /** Whether any spot share above 0 is searched (spot prices and rates then matter). */
  readonly spot: boolean;
  readonly commitments: readonly CommitmentTerm[];
  /** The scenario's own `spot.interruptionsPerMonth` for the pool, which applies to any type. */
  readonly interruptionsOverride: number | undefined;
  /** The scenario's `purchase.onDemandBase`, and the capacity units one of its instances holds. */
  readonly onDemandBase: number;
  readonly baseUnitsPerInstance: number;
  /** The scenario's queue-policy target (backlog per instance), when the pool has one. */
  readonly queueTarget: number | undefined;
  /** false keeps dominated types (tests check dropping them changes nothing). */
  readonly dropDominated?: boolean;
}

export function selectTypes(entries: readonly CatalogEntry[], basis: WorkloadBasis, base: BaseInstance, o: TypeSelectionOptions): TypeSelection {
  let unpriced = 0;
  let burstable = 0;
  let unfit = 0;
  const eligible: TypeOption[] = [];
  for (const entry of entries) {
    if (!(entry.onDemandUsdPerHour > 0) || !Number.isFinite(entry.onDemandUsdPerHour)) {
      unpriced++;
      continue;
    }
    if (!o.includeBurstable && isBurstable(entry)) {
      burstable++;
      continue;
    }
    const capacity = capacityOn(basis, base, entry);
    if (!capacity) {
      unfit++;
      continue;
    }
    eligible.push({
      entry,
      capacity,
      interruptionsPerMonth: o.interruptionsOverride ?? entry.spotInterruptionsPerMonth ?? DEFAULT_INTERRUPTIONS_PER_MONTH,
      onDemandBase: o.onDemandBase > 0 ? Math.max(1, Math.ceil((o.onDemandBase * o.baseUnitsPerInstance) / capacity.unitsPerInstance - 1e-9)) : 0,
      queueTarget: o.queueTarget !== undefined ? roundTo4((o.queueTarget * capacity.unitsPerInstance) / o.baseUnitsPerInstance) : undefined,
    });
  }
  eligible.sort((a, b) => a.entry.provider.localeCompare(b.entry.provider) || a.entry.region.localeCompare(b.entry.region) || a.entry.instanceType.localeCompare(b.entry.instanceType));
  const kept = o.dropDominated === false ? eligible : nonDominated(eligible, o);
  return { eligible, kept, excluded: { unpriced, burstable, unfit, dominated: eligible.length - kept.length } };
}

/** Four significant decimals keep a patch readable; the engine runs the rounded value. */
function roundTo4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export function isBurstable(e: CatalogEntry): boolean {
  switch (e.provider) {
    case 'aws':
      return /^t\d/.test(e.family);
    case 'gcp':
      return /^(e2-(micro|small|medium)|f1-micro|g1-small)$/.test(e.instanceType);
    case 'azure':
      return /^b/i.test(e.family);
  }
}

function nonDominated(options: readonly TypeOption[], o: TypeSelectionOptions): TypeOption[] {
  const vectors = options.map((t) => priceVector(t, o));
  return options.filter((t, i) => {
    const mine = vectors[i]!;
    for (let j = 0; j < options.length; j++) {
      if (j === i) continue;
      const other = options[j]!;
      if (other.entry.provider !== t.entry.provider) continue;
      if (other.capacity.unitsPerInstance < t.capacity.unitsPerInstance) continue;
      const theirs = vectors[j]!;
      let noWorse = true;
      let better = other.capacity.unitsPerInstance > t.capacity.unitsPerInstance;
      for (let k = 0; k < mine.length; k++) {
        if (theirs[k]! > mine[k]!) {
          noWorse = false;
          break;
        }
        if (theirs[k]! < mine[k]!) better = true;
      }
      // Identical rows: the one listed first (by provider, region, name) stays.
      if (noWorse && (better || j < i)) return false;
    }
    return true;
  });
}

/** Everything a type is priced on in this search; lower is better in every component. */
function priceVector(t: TypeOption, o: TypeSelectionOptions): number[] {
  const e = t.entry;
  const v = [e.onDemandUsdPerHour];
  if (o.spot) v.push(e.spotUsdPerHour ?? Infinity, t.interruptionsPerMonth);
  for (const term of o.commitments) v.push(committedRateUsdPerHour(e, term));
  return v;
}
