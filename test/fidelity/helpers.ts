import { expect } from 'vitest';
import { withinBound, type CaseComparison } from '../../src/sim/reference/comparison.js';
import type { FidelityCase } from '../../src/sim/reference/grid.js';
import { verifyCase } from '../../src/sim/reference/verification.js';

/** Seeds (paired engine/reference runs) per case; cases with a seedFactor run more. */
export const SEEDS = 4;

/**
 * Runs a grid case and holds every metric to its bound: the case's documented known limit
 * where the engine is known to deviate, else the target, else the default bound
 * (drops within 0.1 percentage point). Returns the comparison for further checks.
 */
export function expectWithinBounds(c: FidelityCase): CaseComparison {
  const r = verifyCase(c, SEEDS);
  const violations = r.metrics
    .filter((m) => withinBound(m) === false)
    .map((m) => `${m.metric}: error ${(m.error * 100).toFixed(2)}% ±${(m.errorSe * 100).toFixed(2)} exceeds ±${((m.limit?.bound ?? m.target ?? 0) * 100).toFixed(2)}%`);
  expect(violations, c.id).toEqual([]);
  return r;
}

/** The error's standard error over the seeds, for a metric (relative, or pp for drops). */
export function errorSe(r: CaseComparison, metric: string): number {
  return r.metrics.find((m) => m.metric === metric)!.errorSe;
}
