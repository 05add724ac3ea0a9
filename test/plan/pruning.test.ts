import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laneKey } from '../../src/plan/candidate.js';
import type { Evaluation } from '../../src/plan/evaluator.js';
import { entry, plan, setup } from './helpers.js';

/**
 * Pruning never removes the optimum: over random small catalogs and loads, the planner with
 * bounds and dominance gives the same cheapest cost as the planner that searches every lane of
 * every type, and no configuration that met the SLO ever cost less than its lane's bound.
 */

interface Case {
  readonly types: ReadonlyArray<{ vcpu: number; usdPerVcpuHour: number }>;
  readonly base: number;
  readonly amplitude: number;
  readonly serviceMs: number;
  readonly deterministic: boolean;
  readonly sloFactor: number;
  readonly autoscaled: boolean;
}

const cases = fc.record({
  types: fc.array(fc.record({ vcpu: fc.constantFrom(1, 2, 4, 8), usdPerVcpuHour: fc.double({ min: 0.02, max: 0.06, noNaN: true }) }), { minLength: 2, maxLength: 4 }),
  base: fc.integer({ min: 20, max: 2000 }),
  amplitude: fc.double({ min: 0, max: 0.8, noNaN: true }),
  serviceMs: fc.integer({ min: 10, max: 80 }),
  deterministic: fc.boolean(),
  sloFactor: fc.double({ min: 5, max: 12, noNaN: true }),
  autoscaled: fc.boolean(),
});

function scenario(c: Case): string {
  const pool = c.autoscaled ? '{instance: t0.large, autoscaling: {policy: target-tracking, target: 0.6, min: 1, max: 40}}' : '{instance: t0.large, count: 4}';
  return `schemaVersion: 1
name: pruning property
horizon: 1d
step: 1m
pools:
  api: ${pool}
workloads:
  - name: web
    kind: inference
    pool: api
    load: {base: ${c.base}, diurnal: {amplitude: ${c.amplitude.toFixed(3)}, peakHour: 6}}
    service: {time: ${c.serviceMs}ms, distribution: ${c.deterministic ? 'deterministic' : 'exponential'}, serversPerInstance: 2}
    slo: {p99: ${Math.round(c.serviceMs * c.sloFactor)}ms}
`;
}

function catalog(c: Case, spotDiscount?: number) {
  // t0.large is the scenario's own type; the rest are random sizes at random prices.
  const priced = (instanceType: string, family: string, vcpu: number, usd: number) =>
    entry({ instanceType, family, vcpu, onDemandUsdPerHour: usd, ...(spotDiscount !== undefined ? { spotUsdPerHour: Math.round(usd * (1 - spotDiscount) * 1e4) / 1e4, spotInterruptionsPerMonth: 0.2 } : {}) });
  return [priced('t0.large', 'x0', 2, 0.1), ...c.types.map((t, i) => priced(`t${i + 1}.size${t.vcpu}`, `x${i + 1}`, t.vcpu, Math.round(t.vcpu * t.usdPerVcpuHour * 1e4) / 1e4))];
}

describe('pruning never removes the optimum (property over random small catalogs and loads)', () => {
  it('same winner cost with and without bounds and dominance; no feasible configuration below its lane bound', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const s = await setup(scenario(c), catalog(c));
        const pruned = await plan(s, 'web');
        const full = await plan(s, 'web', { pruning: false });
        if (full.plan.best === null) {
          expect(pruned.plan.best).toBeNull();
          return;
        }
        expect(pruned.plan.best).not.toBeNull();
        expect(pruned.plan.best!.costUsd).toBeCloseTo(full.plan.best.costUsd, 6);
        // Every lane's bound is below every configuration of it that met the SLO.
        const bounds = new Map(full.lanes.map((l) => [laneKey({ type: l.type, spotShare: l.spotShare, sizing: l.mode.kind === 'static' ? { kind: 'static', count: 0 } : { kind: 'autoscaled', min: 0, max: 0, target: l.mode.target } }), l]));
        const feasible = full.evaluations.filter((e: Evaluation) => e.run0.shortfall <= 1e-9);
        for (const e of feasible) {
          const lane = bounds.get(laneKey(e.candidate));
          if (!lane) continue; // frontier probes at targets outside the grid
          expect(e.run0.costUsd).toBeGreaterThanOrEqual(lane.boundUsd - 1e-6);
          if (e.candidate.sizing.kind === 'static') expect(e.candidate.sizing.count).toBeGreaterThanOrEqual(lane.staticMinCount);
        }
        // And pruning saved work.
        expect(pruned.plan.search.simulations).toBeLessThanOrEqual(full.plan.search.simulations);
      }),
      { numRuns: 25, seed: 20260720 },
    );
  }, 120_000);

  it('also with spot (Monte Carlo risk checks) and savings plans in the search', async () => {
    await fc.assert(
      fc.asyncProperty(cases, fc.double({ min: 0.3, max: 0.7, noNaN: true }), async (c, discount) => {
        const s = await setup(scenario({ ...c, autoscaled: true }), catalog(c, discount));
        const options = { spotShares: [0, 0.6], commitments: ['1y' as const], runs: 4 };
        const pruned = await plan(s, 'web', options);
        const full = await plan(s, 'web', { ...options, pruning: false });
        expect(pruned.plan.best?.costUsd ?? null).toBeCloseTo(full.plan.best?.costUsd ?? NaN, 6);
        expect(pruned.plan.search.simulations).toBeLessThanOrEqual(full.plan.search.simulations);
      }),
      { numRuns: 6, seed: 7 },
    );
  }, 120_000);
});
