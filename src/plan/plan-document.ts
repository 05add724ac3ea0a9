/**
 * The whole output of `capsim plan`: one WorkloadPlan per planned workload, the merged patch as
 * a named variant, and the re-check of that patch through the scenario. `--format json` prints
 * it as is; `capsimPlan` versions the shape (add keys freely, never rename them).
 */
import type { WorkloadPlan } from './plan-report.js';
import type { PlanObjective } from './planner.js';

/** The winner's patch applied to the scenario file, validated, resolved and simulated again. */
export interface PlanRecheck {
  readonly workload: string;
  readonly costUsd: number | null;
  readonly sloAttainment: number | null;
  /** Same cost (to the cent) and attainment as the planner simulated. */
  readonly matches: boolean;
  readonly problems: readonly string[];
}

export interface PlanDocument {
  readonly capsimPlan: 1;
  readonly toolVersion: string;
  readonly scenario: { readonly name: string; readonly file: string; readonly horizonHours: number; readonly stepSeconds: number; readonly seed: number };
  readonly objective: PlanObjective;
  readonly runs: number;
  readonly budget: number;
  readonly plans: readonly WorkloadPlan[];
  /** Every winner's patch merged under one variant name; null when nothing met its SLO. */
  readonly variant: { readonly name: string; readonly patch: Readonly<Record<string, unknown>> } | null;
  readonly recheck: readonly PlanRecheck[];
}

export function mergedVariant(plans: readonly WorkloadPlan[]): PlanDocument['variant'] {
  const withPatch = plans.filter((p) => p.patch);
  if (withPatch.length === 0) return null;
  const name = withPatch.length === 1 ? `plan-${withPatch[0]!.workload}` : 'plan';
  return { name, patch: Object.assign({}, ...withPatch.map((p) => p.patch)) as Record<string, unknown> };
}

export function renderPlanJson(doc: PlanDocument): string {
  // Infinity and NaN have no JSON spelling; null says "not available".
  return `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
