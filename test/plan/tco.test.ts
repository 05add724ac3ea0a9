import { describe, expect, it } from 'vitest';
import { monthlyTotals, tco } from '../../src/plan/tco.js';

describe('migration TCO', () => {
  it('break-even against a hand-computed case: $10k/month on-prem vs $7k cloud, $20k migration, 2 dual-running months', () => {
    // Moving costs 20k + 2 × (7k + 10k) by month 2, then 7k a month; staying costs 10k a month.
    // 20k + 20k + 7k·m ≤ 10k·m  ⇔  m ≥ 13.33, so month 14.
    const r = tco({ currentMonthlyUsd: Array(36).fill(10_000), targetMonthlyUsd: Array(36).fill(7_000), migrationUsd: 20_000, dualRunningMonths: 2 });
    expect(r.breakEvenMonth).toBe(14);
    expect(r.targetCumulativeUsd[0]).toBe(37_000);
    expect(r.targetCumulativeUsd[1]).toBe(54_000);
    expect(r.targetCumulativeUsd[12]).toBe(131_000);
    expect(r.currentCumulativeUsd[12]).toBe(130_000);
    expect(r.targetCumulativeUsd[13]).toBe(138_000);
    expect(r.currentCumulativeUsd[13]).toBe(140_000);
    expect(r.savingsAtEndUsd).toBe(360_000 - (40_000 + 7_000 * 36));
  });

  it('no break-even when moving never pays', () => {
    const r = tco({ currentMonthlyUsd: [5, 5, 5], targetMonthlyUsd: [6, 6, 6], migrationUsd: 0, dualRunningMonths: 0 });
    expect(r.breakEvenMonth).toBeNull();
  });

  it('growing cloud cost can push break-even out', () => {
    const target = Array.from({ length: 36 }, (_, m) => 7_000 * 1.03 ** m);
    const r = tco({ currentMonthlyUsd: Array(36).fill(10_000), targetMonthlyUsd: target, migrationUsd: 20_000, dualRunningMonths: 2 });
    expect(r.breakEvenMonth ?? Infinity).toBeGreaterThan(14);
  });

  it('sums hourly costs into 730 h months, dropping a partial last month', () => {
    const hourly = new Float64Array(730 * 2 + 100).fill(1);
    expect(monthlyTotals(hourly, 3)).toEqual([730, 730]);
  });
});
