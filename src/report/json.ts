import type { RunReport } from './model.js';

/**
 * The report as the versioned JSON contract. JSON has no NaN or Infinity: a quantity that does
 * not exist (no SLO, an empty histogram) or is unbounded becomes null, never 0.
 */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
