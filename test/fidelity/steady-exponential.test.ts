import { describe, expect, it } from 'vitest';
import { fidelityGrid } from '../../src/sim/reference/grid.js';
import { errorSe, expectWithinBounds } from './helpers.js';

/**
 * M/M/c under constant Poisson load: the engine's Erlang C is exact here, so these cases
 * measure the reference as much as the engine. They must meet the targets (mean within
 * 3%, p99 within 10% up to ρ = 0.9, cost within 0.5%) with the reference's own sampling error
 * small enough for that to mean something.
 */
const cases = fidelityGrid().filter((c) => c.group === 'steady' && c.service === 'exponential');

describe('steady M/M/c: engine vs request-level reference', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s meets its targets', (_id, c) => {
    const r = expectWithinBounds(c);
    // Tight confidence: one standard error of the mean-latency error stays well inside the 3% target.
    expect(errorSe(r, 'mean')).toBeLessThan(0.01);
    expect(errorSe(r, 'p99')).toBeLessThan(c.utilization <= 0.9 ? 0.025 : 0.05);
    expect(r.metrics.find((m) => m.metric === 'cost')!.error).toBe(0);
  });
});
