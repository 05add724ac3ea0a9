import { planEngine } from '../../src/cli/commands/plan.js';
import { CatalogIndex } from '../../src/catalog/lookup.js';
import type { CatalogEntry } from '../../src/model/catalog.js';
import { reduceToPool } from '../../src/plan/evaluator.js';
import { planWorkloadDetailed, type DetailedPlan, type PlanOptions } from '../../src/plan/planner.js';
import { formatIssue } from '../../src/scenario/issue.js';
import { validateSource, type LoadedScenario } from '../../src/scenario/load.js';
import { resolveScenario, type Resolved } from '../../src/scenario/resolve.js';
import { simulateRun } from '../../src/sim/run.js';

/** A hand-made catalog row: aws/us-east-1, no spot unless given, family from the name. */
export function entry(e: Partial<CatalogEntry> & { instanceType: string; vcpu: number; onDemandUsdPerHour: number }): CatalogEntry {
  return {
    provider: 'aws',
    region: 'us-east-1',
    family: e.instanceType.split('.')[0]!,
    memoryGiB: e.vcpu * 4,
    gpus: 0,
    gpuModel: null,
    networkGbps: 10,
    arch: 'x86_64',
    spotUsdPerHour: null,
    spotInterruptionBand: null,
    spotInterruptionsPerMonth: null,
    commit1yUsdPerHour: null,
    commit3yUsdPerHour: null,
    sustainedUseUsdPerHour: null,
    source: 'test',
    asOf: '2026-01-01',
    specSource: 'test',
    specAsOf: null,
    spotSource: null,
    spotAsOf: null,
    ...e,
  };
}

export const OPTIONS: PlanOptions = {
  spotShares: [0],
  targets: [0.5, 0.6, 0.7],
  commitments: [],
  objective: 'cost',
  runs: 4,
  budget: 10_000,
  maxRiskChecks: 6,
  maxCostUsd: undefined,
  includeBurstable: false,
};

export interface Setup {
  readonly loaded: LoadedScenario;
  readonly resolved: Resolved;
  readonly catalogs: CatalogIndex;
}

export async function setup(yaml: string, entries: readonly CatalogEntry[]): Promise<Setup> {
  const loaded = validateSource({ label: 'plan-test.yaml', absolutePath: undefined, text: yaml });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  const catalogs = new CatalogIndex(entries);
  const r = await resolveScenario(loaded.loaded.scenario, { parsed: loaded.loaded.parsed, catalogs, cwd: process.cwd() });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return { loaded: loaded.loaded, resolved: r.resolved, catalogs };
}

export async function plan(s: Setup, workload: string, options: Partial<PlanOptions> = {}): Promise<DetailedPlan> {
  return planWorkloadDetailed({
    scenario: s.loaded.scenario,
    spec: s.resolved.spec,
    loads: s.resolved.loads,
    workload,
    catalog: s.catalogs.entries,
    baseEntry: s.resolved.catalogEntries[0],
    engine: planEngine(s.loaded, s.loaded.scenario, s.catalogs, process.cwd(), 1),
    options: { ...OPTIONS, ...options },
  });
}

/**
 * A patch applied the way a user applies it: as a variant of the scenario file, validated,
 * resolved and simulated (the pool alone, as the planner costs it). Run 0.
 */
export async function simulatePatch(s: Setup, pool: string, workload: string, patch: Readonly<Record<string, unknown>>): Promise<{ costUsd: number; sloAttainment: number }> {
  const data = { ...(s.loaded.parsed.data as Record<string, unknown>), variants: { probe: patch } };
  const checked = validateSource({ label: 'plan-test.yaml', absolutePath: undefined, text: JSON.stringify(data) });
  if (!checked.ok) throw new Error(checked.issues.map(formatIssue).join('\n'));
  const variant = checked.loaded.variants.get('probe')!;
  const r = await resolveScenario(variant, { parsed: checked.loaded.parsed, catalogs: s.catalogs, cwd: process.cwd() });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  const run = simulateRun(reduceToPool(r.resolved.spec, pool), r.resolved.loads, { runIndex: 0, series: false });
  return { costUsd: run.cost.total, sloAttainment: run.workloads.find((w) => w.name === workload)!.sloAttainment };
}
