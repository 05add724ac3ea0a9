/**
 * A lane is one line of the search: a type, a spot share and a sizing mode (static, or the
 * scenario's autoscaling policy at one target). Within a lane the engine's binary search finds
 * the smallest size meeting the SLO; across lanes, branch and bound: each lane carries a lower
 * bound on the cost of any configuration in it, and a lane whose bound is not below the best
 * configuration found is never simulated. Lanes are visited cheapest estimate first, so a good
 * configuration is found early and the bounds prune the rest.
 */
import type { Demand } from './demand.js';
import { blendedRateUsdPerHour, costLowerBoundUsd, staticCostLowerBoundUsd, type CommitmentTerm } from './purchase-price.js';
import type { TrackingFloor } from './tracking-floor.js';
import type { TypeOption } from './type-option.js';

/** The engine's per-pool ceiling (src/scenario/rules.ts). */
export const MAX_INSTANCES = 100_000;
const CEILING_HEADROOM = 1.25;

/**
 * The autoscaling max an inference or streaming lane is searched under: well above what the
 * peak needs at the target, so the ceiling is not what decides the SLO.
 */
export function autoscaledCeiling(peakUnits: number, unitsPerInstance: number, target: number | undefined, staticStartCount: number): number {
  return Math.min(MAX_INSTANCES, Math.max(2, Math.ceil((CEILING_HEADROOM * peakUnits) / (unitsPerInstance * (target ?? 0.5))) + 2, staticStartCount + 1));
}

export type LaneMode = { readonly kind: 'static' } | { readonly kind: 'autoscaled'; readonly target: number | undefined };

export interface Lane {
  readonly type: TypeOption;
  readonly spotShare: number;
  readonly mode: LaneMode;
  /** No configuration of the lane costs less (run 0 of the search). */
  readonly boundUsd: number;
  /** Analytic cost estimate; Infinity when the model expects the SLO to fail. */
  readonly estimateUsd: number;
  /** static: fewest instances that can meet the SLO, and where the search starts. */
  readonly staticMinCount: number;
  readonly staticStartCount: number;
}

export interface LaneSpace {
  readonly demand: Demand;
  readonly horizonSeconds: number;
  readonly spotShares: readonly number[];
  /** Autoscaling targets to search; empty when the pool is static, [undefined] for a policy without one. */
  readonly targets: readonly (number | undefined)[];
  readonly commitments: readonly CommitmentTerm[];
  /** Fewest instances an autoscaled fleet keeps at all times in this search (its min). */
  readonly autoscaledFloor: number;
  /** Target tracking's own floor (inference and streaming with a utilization target). */
  readonly trackingFloor: TrackingFloor | undefined;
}

export function buildLanes(types: readonly TypeOption[], space: LaneSpace): Lane[] {
  const { demand, horizonSeconds: h } = space;
  const lanes: Lane[] = [];
  for (const type of types) {
    const e = type.entry;
    const units = type.capacity.unitsPerInstance;
    const staticMinCount = Math.max(0, Math.ceil(demand.staticMinUnits / units - 1e-9));
    const staticStartCount = Math.max(1, staticMinCount, Math.ceil(demand.staticUnitsEstimate / units - 1e-9));
    for (const spotShare of space.spotShares) {
      if (spotShare > 0 && e.spotUsdPerHour === null) continue;
      const purchase = { spotShare, onDemandBase: type.onDemandBase };
      const rate = blendedRateUsdPerHour(e, spotShare);
      lanes.push({
        type,
        spotShare,
        mode: { kind: 'static' },
        boundUsd: staticCostLowerBoundUsd(e, purchase, space.commitments, staticMinCount, h),
        estimateUsd: Number.isFinite(staticStartCount) ? (staticStartCount * h * rate) / 3600 : Infinity,
        staticMinCount,
        staticStartCount,
      });
      for (const target of space.targets) {
        const est = demand.autoscaledEstimate(units, target);
        const least = space.autoscaledFloor;
        let floor = { instanceSeconds: Math.max(demand.minUnitSeconds / units, least * h), baseSeconds: Math.min(least, type.onDemandBase) * h };
        if (space.trackingFloor && target !== undefined) {
          const tracked = space.trackingFloor.floor(units, target, autoscaledCeiling(demand.peakUnits, units, target, staticStartCount), type.onDemandBase);
          floor = { instanceSeconds: Math.max(floor.instanceSeconds, tracked.instanceSeconds), baseSeconds: Math.max(floor.baseSeconds, tracked.baseSeconds) };
        }
        lanes.push({
          type,
          spotShare,
          mode: { kind: 'autoscaled', target },
          boundUsd: costLowerBoundUsd(e, purchase, space.commitments, floor, h),
          estimateUsd: est.meetsSlo ? (est.instanceSeconds * rate) / 3600 : Infinity,
          staticMinCount,
          staticStartCount,
        });
      }
    }
  }
  // Likely-feasible lanes by estimate, then the rest by bound; names break ties for stable output.
  return lanes.sort(
    (a, b) =>
      a.estimateUsd - b.estimateUsd ||
      (Number.isFinite(a.estimateUsd) ? 0 : a.boundUsd - b.boundUsd) ||
      a.type.entry.instanceType.localeCompare(b.type.entry.instanceType) ||
      a.spotShare - b.spotShare ||
      modeOrder(a.mode) - modeOrder(b.mode),
  );
}

function modeOrder(m: LaneMode): number {
  return m.kind === 'static' ? -1 : (m.target ?? 0);
}
