/**
 * Migration TCO: the cumulative cost of staying (A) against moving (B) month by month, with a
 * one-time migration cost and months of dual running (A keeps running beside B while traffic
 * moves), and the month in which moving has paid for itself.
 */
import { HOURS_PER_MONTH } from '../model/time.js';

export interface TcoInput {
  /** Cost of each month (730 h) of the status quo. */
  readonly currentMonthlyUsd: readonly number[];
  /** Cost of each month of the migration target. */
  readonly targetMonthlyUsd: readonly number[];
  readonly migrationUsd: number;
  readonly dualRunningMonths: number;
}

export interface TcoResult {
  readonly months: number;
  readonly currentCumulativeUsd: readonly number[];
  readonly targetCumulativeUsd: readonly number[];
  /** First month (1-based) at whose end moving has cost no more than staying; null if never. */
  readonly breakEvenMonth: number | null;
  readonly savingsAtEndUsd: number;
}

export function tco(input: TcoInput): TcoResult {
  const months = Math.min(input.currentMonthlyUsd.length, input.targetMonthlyUsd.length);
  const current: number[] = [];
  const target: number[] = [];
  let a = 0;
  let b = input.migrationUsd;
  let breakEven: number | null = null;
  for (let m = 0; m < months; m++) {
    const stay = input.currentMonthlyUsd[m]!;
    a += stay;
    b += input.targetMonthlyUsd[m]! + (m < input.dualRunningMonths ? stay : 0);
    current.push(a);
    target.push(b);
    if (breakEven === null && b <= a + 1e-9) breakEven = m + 1;
  }
  return { months, currentCumulativeUsd: current, targetCumulativeUsd: target, breakEvenMonth: breakEven, savingsAtEndUsd: a - b };
}

/** Sums an hourly cost series into 730-hour months (a partial last month is dropped). */
export function monthlyTotals(hourlyUsd: ArrayLike<number>, months: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < months; m++) {
    let sum = 0;
    const from = m * HOURS_PER_MONTH;
    const to = Math.min(hourlyUsd.length, from + HOURS_PER_MONTH);
    for (let h = from; h < to; h++) sum += hourlyUsd[h]!;
    if (to - from < HOURS_PER_MONTH) break;
    out.push(sum);
  }
  return out;
}
