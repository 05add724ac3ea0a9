import { HOURS_PER_MONTH } from '../time.js';

/**
 * GCP sustained-use discounts (models.md §3.2): a VM running more than a quarter of the month
 * pays a falling share of the base rate on each further quarter of usage. Spot and
 * commitment-covered usage get none.
 */
export interface SustainedUseSchedule {
  readonly name: string;
  /** Share of the base rate paid in each quarter of the 730 h month. */
  readonly quarterRates: readonly [number, number, number, number];
}

/** N1, M1/M2, most GPUs: up to 30 % off at full-month use. */
export const SUD_30: SustainedUseSchedule = { name: 'sud-30 (N1, M1/M2)', quarterRates: [1, 0.8, 0.6, 0.4] };
/** N2, N2D, C2: up to 20 % off (quarter rates flagged [unverified] in models.md; they average to 20 %). */
export const SUD_20: SustainedUseSchedule = { name: 'sud-20 (N2, N2D, C2)', quarterRates: [1, 0.8678, 0.733, 0.6] };

/** Cost of `hours` of use within one month at `usdPerHour`, sustained-use discount applied. */
export function sustainedUseCostUsd(hours: number, usdPerHour: number, schedule: SustainedUseSchedule): number {
  if (!(hours > 0)) return 0;
  const quarter = HOURS_PER_MONTH / 4;
  let cost = 0;
  let left = hours;
  for (let q = 0; q < 4 && left > 0; q++) {
    const h = q === 3 ? left : Math.min(left, quarter);
    cost += h * usdPerHour * schedule.quarterRates[q]!;
    left -= h;
  }
  return cost;
}
