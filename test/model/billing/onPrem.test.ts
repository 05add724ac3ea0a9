import { describe, expect, it } from 'vitest';
import { roundCents } from '../../../src/model/money.js';
import { HOURS_PER_YEAR } from '../../../src/model/time.js';
import {
  onPremCostUsd,
  onPremUsdPerHour,
  SUD_30,
  sustainedUseCostUsd,
  validateOnPrem,
} from '../../../src/model/billing/index.js';

describe('on-prem: amortized capex + monthly opex', () => {
  // PRODUCT.md §3 example: 40 nodes, capex $1.2M over 3 years, opex $18k/month.
  const spark = { capexUsd: 1_200_000, amortizationHours: 3 * HOURS_PER_YEAR, monthlyOpexUsd: 18_000 };

  it('one 730 h month = 1.2M / 36 + 18k = $51,333.33', () => {
    expect(roundCents(onPremCostUsd(spark, 0, 730))).toBe(51_333.33);
    expect(onPremUsdPerHour(spark) * 730).toBeCloseTo(1_200_000 / 36 + 18_000, 6);
  });

  it('three years cost capex + 36 months of opex', () => {
    expect(roundCents(onPremCostUsd(spark, 0, 3 * HOURS_PER_YEAR))).toBe(1_200_000 + 36 * 18_000);
  });

  it('after amortization only opex remains', () => {
    const year4 = onPremCostUsd(spark, 3 * HOURS_PER_YEAR, 4 * HOURS_PER_YEAR);
    expect(roundCents(year4)).toBe(12 * 18_000);
  });

  it('validates its inputs', () => {
    expect(() => validateOnPrem({ ...spark, amortizationHours: 0 })).toThrow(/amortization/);
  });
});

describe('GCP sustained-use discount', () => {
  it('full month on an N1 type costs 70 % of the base rate; half a month 90 %', () => {
    expect(sustainedUseCostUsd(730, 1, SUD_30)).toBeCloseTo(0.7 * 730, 9);
    expect(sustainedUseCostUsd(365, 1, SUD_30)).toBeCloseTo(0.9 * 365, 9);
    expect(sustainedUseCostUsd(100, 1, SUD_30)).toBeCloseTo(100, 9);
  });
});
