import { HOURS_PER_MONTH } from '../time.js';

/**
 * An on-prem pool costs its capex spread evenly over the amortization period plus a monthly
 * opex, whether the nodes are busy or idle. Once the capex is fully amortized only opex remains,
 * which is what makes multi-year TCO comparisons with cloud break even.
 */
export interface OnPremCost {
  readonly capexUsd: number;
  readonly amortizationHours: number;
  readonly monthlyOpexUsd: number;
}

export function validateOnPrem(c: OnPremCost): void {
  if (!(c.capexUsd >= 0)) throw new RangeError('capex must be >= 0');
  if (!(c.amortizationHours > 0)) throw new RangeError('amortization must be a positive duration');
  if (!(c.monthlyOpexUsd >= 0)) throw new RangeError('monthly opex must be >= 0');
}

/** Cost per hour while the capex is still being amortized. */
export function onPremUsdPerHour(c: OnPremCost): number {
  return c.capexUsd / c.amortizationHours + c.monthlyOpexUsd / HOURS_PER_MONTH;
}

/** Cost of hours [startHour, endHour) counted from the start of amortization. */
export function onPremCostUsd(c: OnPremCost, startHour: number, endHour: number): number {
  if (!(endHour > startHour)) return 0;
  const opex = ((endHour - startHour) * c.monthlyOpexUsd) / HOURS_PER_MONTH;
  const capexHours = Math.max(0, Math.min(endHour, c.amortizationHours) - Math.max(startHour, 0));
  return opex + (capexHours * c.capexUsd) / c.amortizationHours;
}
