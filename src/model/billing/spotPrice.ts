import { SECONDS_PER_HOUR } from '../time.js';

/**
 * A replayable spot price history for one capacity pool (instance type × availability zone ×
 * product). Each point is a price *change*: the price holds from its time until the next point.
 * Times are epoch seconds, ascending (the AWS API lists newest first; importers reverse it).
 */
export interface SpotPriceSeries {
  readonly region: string;
  /** AZ name ("us-east-1a") or AZ ID ("use1-az4"), whichever the source gave. */
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly productDescription: string;
  readonly timesSec: Float64Array;
  readonly usdPerHour: Float64Array;
}

/**
 * The price in effect at `tSec` (binary search, no allocation). Before the first change the
 * first known price is assumed, since the history says nothing earlier.
 */
export function spotPriceAt(series: SpotPriceSeries, tSec: number): number {
  const times = series.timesSec;
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) return NaN;
  if (tSec < times[0]!) return series.usdPerHour[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (times[mid]! <= tSec) lo = mid;
    else hi = mid - 1;
  }
  return series.usdPerHour[lo]!;
}

/**
 * USD for one instance running from `startSec` to `endSec` at the replayed price, each price
 * applied to the seconds it was in effect (AWS bills the spot price in effect to the second).
 */
export function spotCostUsd(series: SpotPriceSeries, startSec: number, endSec: number): number {
  const times = series.timesSec;
  const prices = series.usdPerHour;
  const n = times.length;
  if (!(endSec > startSec) || n === 0) return 0;
  let cost = 0;
  let t = startSec;
  if (t < times[0]!) {
    const segEnd = Math.min(times[0]!, endSec);
    cost += ((segEnd - t) / SECONDS_PER_HOUR) * prices[0]!;
    t = segEnd;
  }
  let i = 0;
  while (i + 1 < n && times[i + 1]! <= t) i++;
  while (t < endSec) {
    const segEnd = i + 1 < n ? Math.min(times[i + 1]!, endSec) : endSec;
    cost += ((segEnd - t) / SECONDS_PER_HOUR) * prices[i]!;
    t = segEnd;
    i++;
  }
  return cost;
}

/**
 * Time-weighted mean price over [first change, `untilSec`]: the average an instance running
 * throughout would have paid. `untilSec` defaults to the last change (which then weighs nothing),
 * so pass the end of the observed window when one is known.
 */
export function timeWeightedAverageUsdPerHour(series: SpotPriceSeries, untilSec?: number): number {
  const times = series.timesSec;
  const n = times.length;
  if (n === 0) return NaN;
  const end = untilSec ?? times[n - 1]!;
  const start = times[0]!;
  if (!(end > start)) return series.usdPerHour[n - 1]!;
  return (spotCostUsd(series, start, end) * SECONDS_PER_HOUR) / (end - start);
}
