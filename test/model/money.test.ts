import { describe, expect, it } from 'vitest';
import { CompensatedSum, compensatedTotal, formatUsd, roundCents } from '../../src/model/money.js';

describe('CompensatedSum', () => {
  it('keeps a year of per-minute cents exact where a naive sum drifts', () => {
    const perMinute = 0.096 / 60; // m5.large on-demand, one minute
    const acc = new CompensatedSum();
    let naive = 0;
    for (let i = 0; i < 525_600; i++) {
      acc.add(perMinute);
      naive += perMinute;
    }
    const exact = 0.096 * 8760;
    expect(Math.abs(acc.value - exact)).toBeLessThan(1e-9);
    expect(Math.abs(naive - exact)).toBeGreaterThan(Math.abs(acc.value - exact));
  });

  it('survives catastrophic cancellation (Neumaier, not plain Kahan)', () => {
    expect(compensatedTotal([1, 1e100, 1, -1e100])).toBe(2);
  });
});

describe('money display', () => {
  it.each([
    [691.2, 691.2],
    [0.005, 0.01],
    [-0.005, -0.01],
    [1.234999, 1.23],
  ])('roundCents(%d) = %d', (x, y) => expect(roundCents(x)).toBe(y));

  it('formats dollars with thousands separators', () => {
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(-3.5)).toBe('-$3.50');
  });
});
