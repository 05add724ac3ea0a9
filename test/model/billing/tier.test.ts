import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundCents } from '../../../src/model/money.js';
import {
  AWS_INTERNET_EGRESS_TIERS,
  GB_PER_TB,
  tieredCostUsd,
  tieredIncrementUsd,
  validateTiers,
  type PriceTier,
} from '../../../src/model/billing/index.js';

describe('AWS internet egress tiers (models.md §3.6)', () => {
  it('the default table is valid', () => {
    expect(() => validateTiers(AWS_INTERNET_EGRESS_TIERS)).not.toThrow();
  });

  it('100 GB are free', () => {
    expect(tieredCostUsd(100)).toBe(0);
    expect(tieredCostUsd(101)).toBeCloseTo(0.09, 12);
  });

  it('5 TB in a month: (5,120 − 100) × 0.09 = $451.80', () => {
    expect(roundCents(tieredCostUsd(5 * GB_PER_TB))).toBe(451.8);
  });

  it('60 TB crosses the 10 TB and 50 TB boundaries: $5,111.00', () => {
    // (10,240 − 100) × 0.09 = 912.60; 40,960 × 0.085 = 3,481.60; (61,440 − 51,200) × 0.07 = 716.80
    expect(roundCents(tieredCostUsd(60 * GB_PER_TB))).toBe(5111);
  });

  it('200 TB reaches the last tier: 912.60 + 3,481.60 + 7,168.00 + 2,560.00 = $14,122.20', () => {
    const expected = 10_140 * 0.09 + 40_960 * 0.085 + 102_400 * 0.07 + (204_800 - 153_600) * 0.05;
    expect(tieredCostUsd(200 * GB_PER_TB)).toBeCloseTo(expected, 9);
    expect(roundCents(tieredCostUsd(200 * GB_PER_TB))).toBe(14_122.2);
  });

  it('hourly increments over a month add up to the monthly bill', () => {
    let period = 0;
    let cost = 0;
    const perHour = (60 * GB_PER_TB) / 730;
    for (let h = 0; h < 730; h++) {
      cost += tieredIncrementUsd(period, perHour);
      period += perHour;
    }
    expect(cost).toBeCloseTo(5111, 6);
  });

  it('increment(a, b) = cost(a + b) − cost(a) for any split (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300_000, noNaN: true }), fc.double({ min: 0, max: 300_000, noNaN: true }), (a, b) => {
        expect(tieredIncrementUsd(a, b)).toBeCloseTo(tieredCostUsd(a + b) - tieredCostUsd(a), 6);
      }),
    );
  });

  it('rejects tables that are not ascending or not open-ended', () => {
    const bad1: PriceTier[] = [{ upToUnits: 10, usdPerUnit: 1 }, { upToUnits: 5, usdPerUnit: 1 }];
    const bad2: PriceTier[] = [{ upToUnits: 10, usdPerUnit: 1 }];
    expect(() => validateTiers(bad1)).toThrow(/increase/);
    expect(() => validateTiers(bad2)).toThrow(/unbounded/);
  });
});
