import { describe, expect, it } from 'vitest';
import { spotCostUsd, spotPriceAt, timeWeightedAverageUsdPerHour, type SpotPriceSeries } from '../../../src/model/billing/index.js';

// Price changes at t = 0 h (0.04), 2 h (0.03) and 5 h (0.05).
const H = 3600;
const series: SpotPriceSeries = {
  region: 'us-east-1',
  availabilityZone: 'us-east-1a',
  instanceType: 'm5.large',
  productDescription: 'Linux/UNIX',
  timesSec: Float64Array.from([0, 2 * H, 5 * H]),
  usdPerHour: Float64Array.from([0.04, 0.03, 0.05]),
};

describe('replayed spot prices', () => {
  it('the price in effect holds until the next change', () => {
    expect(spotPriceAt(series, 0)).toBe(0.04);
    expect(spotPriceAt(series, 2 * H - 1)).toBe(0.04);
    expect(spotPriceAt(series, 2 * H)).toBe(0.03);
    expect(spotPriceAt(series, 100 * H)).toBe(0.05);
    expect(spotPriceAt(series, -H)).toBe(0.04); // before the history: its first price
  });

  it('a run is billed each price for the seconds it was in effect', () => {
    // 1 h–6 h: 1 h × 0.04 + 3 h × 0.03 + 1 h × 0.05 = 0.18
    expect(spotCostUsd(series, H, 6 * H)).toBeCloseTo(0.18, 15);
    // Within one segment, and a zero-length run.
    expect(spotCostUsd(series, 2.5 * H, 3 * H)).toBeCloseTo(0.015, 15);
    expect(spotCostUsd(series, 3 * H, 3 * H)).toBe(0);
    // Starting before the first change.
    expect(spotCostUsd(series, -H, H)).toBeCloseTo(0.08, 15);
  });

  it('splitting a run anywhere does not change its cost', () => {
    for (const cut of [0.5, 2, 2.0001, 4.99, 5]) {
      expect(spotCostUsd(series, 0, cut * H) + spotCostUsd(series, cut * H, 7 * H)).toBeCloseTo(spotCostUsd(series, 0, 7 * H), 14);
    }
  });

  it('time-weighted average over a window', () => {
    // Over 0–6 h: (2 × 0.04 + 3 × 0.03 + 1 × 0.05) / 6 = 0.22 / 6
    expect(timeWeightedAverageUsdPerHour(series, 6 * H)).toBeCloseTo(0.22 / 6, 15);
    // Default window ends at the last change: (2 × 0.04 + 3 × 0.03) / 5
    expect(timeWeightedAverageUsdPerHour(series)).toBeCloseTo(0.17 / 5, 15);
  });
});
