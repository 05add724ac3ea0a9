/**
 * Tiered unit prices (egress, storage): each tier prices the units between the previous tier's
 * bound and its own. Usage aggregates per billing period (a 730 h month for AWS egress), so the
 * engine keeps the period's running total and asks for the increment each hour.
 */
export interface PriceTier {
  /** Cumulative upper bound of the tier in units (GB); Infinity for the last tier. */
  readonly upToUnits: number;
  readonly usdPerUnit: number;
}

/** GB as price pages count it: 1 TB = 1024 GB (models.md §3.6 worked example). */
export const GB_PER_TB = 1024;

/**
 * AWS internet egress from us-east-1, aggregated across services per account per month
 * (models.md §3.6, secondary sources, checked against the AWS price page): 100 GB free, then
 * $0.09/GB to 10 TB, $0.085 for the next 40 TB, $0.07 for the next 100 TB, $0.05 beyond 150 TB.
 */
export const AWS_INTERNET_EGRESS_TIERS: readonly PriceTier[] = [
  { upToUnits: 100, usdPerUnit: 0 },
  { upToUnits: 10 * GB_PER_TB, usdPerUnit: 0.09 },
  { upToUnits: 50 * GB_PER_TB, usdPerUnit: 0.085 },
  { upToUnits: 150 * GB_PER_TB, usdPerUnit: 0.07 },
  { upToUnits: Infinity, usdPerUnit: 0.05 },
];

/** Throws on an unusable table so a bad scenario fails at load, not mid-simulation. */
export function validateTiers(tiers: readonly PriceTier[]): void {
  if (tiers.length === 0) throw new RangeError('a tier table needs at least one tier');
  let prev = 0;
  for (const [i, t] of tiers.entries()) {
    if (!(t.upToUnits > prev)) throw new RangeError(`tier ${i}: bounds must increase (got ${t.upToUnits} after ${prev})`);
    if (!(t.usdPerUnit >= 0)) throw new RangeError(`tier ${i}: price must be >= 0`);
    prev = t.upToUnits;
  }
  if (prev !== Infinity) throw new RangeError('the last tier must be unbounded (upToUnits: Infinity)');
}

/** Cost of `units` within one billing period. */
export function tieredCostUsd(units: number, tiers: readonly PriceTier[] = AWS_INTERNET_EGRESS_TIERS): number {
  if (!(units > 0)) return 0;
  let cost = 0;
  let lower = 0;
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (units <= lower) break;
    const inTier = Math.min(units, t.upToUnits) - lower;
    cost += inTier * t.usdPerUnit;
    lower = t.upToUnits;
  }
  return cost;
}

/**
 * Cost of adding `addUnits` to a period that already used `periodUnits`: the marginal price
 * walks up the tiers as the month's total grows. Summing increments over a period gives
 * exactly tieredCostUsd(total), up to float rounding.
 */
export function tieredIncrementUsd(periodUnits: number, addUnits: number, tiers: readonly PriceTier[] = AWS_INTERNET_EGRESS_TIERS): number {
  if (!(addUnits > 0)) return 0;
  let cost = 0;
  let lower = 0;
  const from = Math.max(0, periodUnits);
  const to = from + addUnits;
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    const lo = Math.max(lower, from);
    const hi = Math.min(t.upToUnits, to);
    if (hi > lo) cost += (hi - lo) * t.usdPerUnit;
    lower = t.upToUnits;
    if (lower >= to) break;
  }
  return cost;
}
