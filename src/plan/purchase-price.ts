/**
 * Prices the planner reasons with before it simulates: a lower bound on what any fleet of a
 * type can cost for a given number of instance-seconds (for pruning), and a blended rate (for
 * ordering). The engine bills the real thing; these only decide what gets simulated.
 */
import { SAVINGS_PLAN_DISCOUNT } from '../model/billing/index.js';
import type { CatalogEntry } from '../model/catalog.js';
import { SECONDS_PER_HOUR } from '../model/time.js';

export type CommitmentTerm = '1y' | '3y';

export function committedRateUsdPerHour(entry: CatalogEntry, term: CommitmentTerm): number {
  const catalog = term === '1y' ? entry.commit1yUsdPerHour : entry.commit3yUsdPerHour;
  // The no-upfront default is the one resolve applies when a scenario names no payment.
  return catalog ?? entry.onDemandUsdPerHour * (1 - SAVINGS_PLAN_DISCOUNT[term]['no-upfront']);
}

export interface Purchase {
  readonly spotShare: number;
  /** The first this many instances are on-demand. */
  readonly onDemandBase: number;
}

/** What a fleet runs at least: instance-seconds, and how many of them are the on-demand base's. */
export interface FleetFloor {
  readonly instanceSeconds: number;
  readonly baseSeconds: number;
}

/**
 * The least any fleet of this type can cost over `horizonSeconds` when it runs at least
 * `floor.instanceSeconds`, `floor.baseSeconds` of them within its first `onDemandBase`:
 * - on-demand instance-seconds cost at least the cheapest committed rate searched (a savings
 *   plan covers on-demand usage only);
 * - the fleet makes round((n − onDemandBase) × spotShare) of n instances spot: at most
 *   spotShare × (n − base) plus half an instance, and the half only while it runs above its base
 *   (at most instance-hours / (base + 1) hours, and at most the horizon: a pool that scales to
 *   zero pays no rounding while idle);
 * - fallback on-demand, billing minimums and boot time only add to it, and so do storage and
 *   traffic, which are left out.
 * The cost is convex and piecewise linear in the (unknown) instance-hours I ≥ the floor, so its
 * least value is at the floor or at one of the breakpoints past it.
 */
export function costLowerBoundUsd(entry: CatalogEntry, purchase: Purchase, terms: readonly CommitmentTerm[], floor: FleetFloor, horizonSeconds: number): number {
  const onDemand = cheapestOnDemand(entry, terms);
  const hours = floor.instanceSeconds / SECONDS_PER_HOUR;
  const s = purchase.spotShare;
  if (!(s > 0) || entry.spotUsdPerHour === null) return hours * onDemand;
  const spot = Math.min(entry.spotUsdPerHour, onDemand);
  const horizon = horizonSeconds / SECONDS_PER_HOUR;
  const base = floor.baseSeconds / SECONDS_PER_HOUR;
  const above = purchase.onDemandBase + 1;
  const spotHoursAtMost = (i: number) => Math.min(i, s * Math.max(0, i - base) + 0.5 * Math.min(horizon, i / above));
  const cost = (i: number) => i * onDemand - (onDemand - spot) * spotHoursAtMost(i);
  const breakpoints = [base, horizon * above, (-s * base) / (1 - s - 0.5 / above), s < 1 ? (0.5 * horizon - s * base) / (1 - s) : Infinity];
  let least = cost(hours);
  for (const b of breakpoints) if (Number.isFinite(b) && b > hours) least = Math.min(least, cost(b));
  return Math.max(0, least);
}

/** A static fleet of `count` for the whole horizon: its spot count is known exactly. */
export function staticCostLowerBoundUsd(entry: CatalogEntry, purchase: Purchase, terms: readonly CommitmentTerm[], count: number, horizonSeconds: number): number {
  const onDemand = cheapestOnDemand(entry, terms);
  const hours = horizonSeconds / SECONDS_PER_HOUR;
  if (!(purchase.spotShare > 0) || entry.spotUsdPerHour === null) return count * hours * onDemand;
  const spotCount = Math.round(Math.max(0, count - purchase.onDemandBase) * purchase.spotShare);
  return hours * ((count - spotCount) * onDemand + spotCount * Math.min(entry.spotUsdPerHour, onDemand));
}

function cheapestOnDemand(entry: CatalogEntry, terms: readonly CommitmentTerm[]): number {
  let rate = entry.onDemandUsdPerHour;
  for (const t of terms) rate = Math.min(rate, committedRateUsdPerHour(entry, t));
  return rate;
}

/** What an instance-hour roughly costs with this spot share (ordering only). */
export function blendedRateUsdPerHour(entry: CatalogEntry, spotShare: number): number {
  if (!(spotShare > 0) || entry.spotUsdPerHour === null) return entry.onDemandUsdPerHour;
  return (1 - spotShare) * entry.onDemandUsdPerHour + spotShare * entry.spotUsdPerHour;
}
