import { describe, expect, it } from 'vitest';
import { evaluateGate, parseGate } from '../../src/plan/gate.js';
import type { RunReport } from '../../src/report/model.js';

const report = {
  summary: {
    cost: { total: 51234.5, perMonth: 52000, byPurchase: { onDemand: 1, spot: 2, committed: 0, onPrem: 0 }, byCategory: { compute: 1, storage: 0, network: 0, featureStore: 0 }, byWorkload: { api: 51234.5 } },
    workloads: [{ name: 'recs-api', sloAttainment: 0.9985, latencyMs: { p50: 20, p95: 90, p99: 210, mean: 30 } }],
    pools: [{ name: 'api', peakInstances: 57 }],
  },
} as unknown as RunReport;

describe('cost gates', () => {
  it.each([
    ['cost.total > 50000', 'failed', 51234.5],
    ['cost.total > 60000', 'passed', 51234.5],
    ['cost.total >= $51,234.50', 'failed', 51234.5],
    ['workloads.recs-api.sloAttainment < 0.999', 'failed', 0.9985],
    ['workloads.recs-api.sloAttainment < 99.8%', 'passed', 0.9985],
    ['workloads.recs-api.latencyMs.p99 > 250', 'passed', 210],
    ['pools.api.peakInstances != 57', 'passed', 57],
    ['cost.byWorkload.api == 51234.5', 'failed', 51234.5],
  ])('%s → %s', (text, kind, value) => {
    const g = parseGate(text);
    if (!g.ok) throw new Error(g.message);
    expect(evaluateGate(g.gate, report)).toMatchObject({ kind, value });
  });

  it.each([
    ['cost.total >', '--fail-if: cannot read "cost.total >" (expected <path> <op> <number>'],
    ['cost.total > lots', '--fail-if: "lots" is not a number'],
    ['cost total 5', '--fail-if: cannot read'],
  ])('refuses %j', (text, message) => {
    const g = parseGate(text);
    expect(g.ok).toBe(false);
    expect(!g.ok && g.message).toContain(message);
  });

  it('names what exists when a path does not', () => {
    const g = parseGate('workloads.recs.sloAttainment < 1');
    if (!g.ok) throw new Error('parse');
    expect(evaluateGate(g.gate, report)).toEqual({ kind: 'unknown', gate: g.gate, message: '--fail-if "workloads.recs.sloAttainment < 1": no "recs" in workloads (expected one of recs-api)' });
    const deep = parseGate('workloads.recs-api.latencyMs > 1');
    if (!deep.ok) throw new Error('parse');
    expect(evaluateGate(deep.gate, report)).toMatchObject({ kind: 'unknown', message: expect.stringContaining('is not a number (it is object; go one level deeper') });
  });
});
