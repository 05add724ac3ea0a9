/**
 * `capsim plan` for one workload: the cheapest configuration of its pool that meets its SLO
 * (and every other SLO on that pool), searched over instance types × sizing × spot share ×
 * commitment, with the Pareto frontier and the runner-ups. Pure: the shell supplies the
 * resolved scenario, the catalog rows to search and a PlanEngine (resolver, Monte Carlo).
 */
import type { CatalogEntry } from '../model/catalog.js';
import { UsageError } from '../model/errors.js';
import type { Scenario } from '../scenario/schema.js';
import type { Loads } from '../sim/run.js';
import type { SimSpec, WorkloadSpec } from '../sim/spec.js';
import type { Candidate } from './candidate.js';
import { demandFor } from './demand.js';
import { Evaluator, meets, rankedCost, type Evaluation, type PlanEngine, type Requirement } from './evaluator.js';
import { capacityRuleText, type BaseInstance, type WorkloadBasis } from './instance-capacity.js';
import { buildLanes, type Lane } from './lane.js';
import { summarizePlan, type WorkloadPlan } from './plan-report.js';
import type { CommitmentTerm } from './purchase-price.js';
import { probeAround } from './frontier-probe.js';
import { searchLanes } from './search.js';
import { TrackingFloor } from './tracking-floor.js';
import { selectTypes } from './type-option.js';

export type PlanObjective = 'cost' | 'p99';

export interface PlanOptions {
  readonly spotShares: readonly number[];
  /** Utilization targets tried for policies that have one (target-tracking, predictive). */
  readonly targets: readonly number[];
  /** Savings-plan terms tried besides none. */
  readonly commitments: readonly CommitmentTerm[];
  readonly objective: PlanObjective;
  /** Monte Carlo runs for spot / noisy candidates. */
  readonly runs: number;
  /** Run-0 simulations the search may spend. */
  readonly budget: number;
  /** Stochastic candidates checked over Monte Carlo runs, at most. */
  readonly maxRiskChecks: number;
  /** objective p99: the most a configuration may cost (default: 1.25 × the cheapest meeting the SLO). */
  readonly maxCostUsd: number | undefined;
  readonly includeBurstable: boolean;
  /** false turns off bound pruning and dominance (tests check both give the same winner); default true. */
  readonly pruning?: boolean;
}

export interface PlanInput {
  readonly scenario: Scenario;
  readonly spec: SimSpec;
  readonly loads: Loads;
  readonly workload: string;
  /** Catalog rows to search (already filtered by provider, region, family). */
  readonly catalog: readonly CatalogEntry[];
  /** The scenario instance's own catalog row, when it has one (its network bandwidth). */
  readonly baseEntry: CatalogEntry | undefined;
  readonly engine: PlanEngine;
  readonly options: PlanOptions;
  /** Lanes dealt with so far out of all (for a progress bar). */
  readonly onProgress?: (lanesDone: number, lanes: number) => void;
}

/**
 * Workloads `capsim plan` covers by default: every one with an SLO on a cloud pool, one per pool
 * (a plan already holds every SLO on its pool, and two plans of one pool would fight).
 */
export function plannableWorkloads(spec: SimSpec): string[] {
  const pools = new Set<string>();
  return spec.workloads
    .filter((w) => {
      if (!hasSlo(w) || spec.pools.find((p) => p.name === w.pool)?.kind !== 'cloud' || pools.has(w.pool)) return false;
      pools.add(w.pool);
      return true;
    })
    .map((w) => w.name);
}

export async function planWorkload(input: PlanInput): Promise<WorkloadPlan> {
  return (await planWorkloadDetailed(input)).plan;
}

/** The plan with everything behind it: every simulated candidate and every lane with its bound. */
export interface DetailedPlan {
  readonly plan: WorkloadPlan;
  readonly evaluations: readonly Evaluation[];
  readonly lanes: readonly Lane[];
}

export async function planWorkloadDetailed(input: PlanInput): Promise<DetailedPlan> {
  const { spec, options } = input;
  const workload = spec.workloads.find((w) => w.name === input.workload);
  if (!workload) throw new UsageError(`capsim plan: unknown workload ${JSON.stringify(input.workload)} (expected one of: ${spec.workloads.map((w) => w.name).join(', ') || 'none'})`);
  if (!hasSlo(workload)) throw new UsageError(`capsim plan: workload ${workload.name} has no SLO (expected slo: {p99: …} for inference, {maxLag: …} for streaming or {deadline: …} for batch)`);
  const poolSpec = spec.pools.find((p) => p.name === workload.pool);
  if (poolSpec?.kind !== 'cloud') throw new UsageError(`capsim plan: workload ${workload.name} runs on on-prem pool ${workload.pool}; only cloud pools can be planned`);
  if (input.scenario.pools[workload.pool]?.custom) {
    throw new UsageError(`capsim plan: pool ${workload.pool} uses \`custom:\`, which a patch cannot replace (write it as instance: {vcpu, …} instead)`);
  }

  const onPool = spec.workloads.filter((w) => w.pool === workload.pool);
  const requirements = onPool.filter(hasSlo).map(requirementOf);
  const basis = basisOf(workload);
  const base: BaseInstance = { vcpu: poolSpec.instance.vcpu, gpus: poolSpec.instance.gpus, networkGbps: input.baseEntry?.networkGbps ?? null };
  const demand = demandFor(spec, input.loads, workload, onPool);
  const spot = options.spotShares.some((s) => s > 0);
  const selection = selectTypes(input.catalog, basis, base, {
    includeBurstable: options.includeBurstable,
    spot,
    commitments: options.commitments,
    interruptionsOverride: input.scenario.pools[workload.pool]?.spot?.interruptionsPerMonth,
    onDemandBase: poolSpec.purchase.onDemandBase,
    dropDominated: options.pruning !== false,
    queueTarget: poolSpec.autoscaling.policy === 'queue' ? poolSpec.autoscaling.targetBacklogPerInstance : undefined,
    baseUnitsPerInstance: basis.kind === 'inference' ? basis.serversPerInstance : basis.kind === 'streaming' ? basis.throughputPerInstanceMBps / basis.replication : base.vcpu,
  });
  const policy = poolSpec.autoscaling.policy;
  const targets: (number | undefined)[] = policy === 'static' ? [] : poolSpec.autoscaling.targetUtilization !== undefined ? [...options.targets] : [undefined];
  const batchMin = poolSpec.autoscaling.min;
  const lanes = demand.impossible
    ? []
    : buildLanes(selection.kept, {
        demand,
        horizonSeconds: spec.horizonSeconds,
        spotShares: options.spotShares,
        targets,
        commitments: options.commitments,
        autoscaledFloor: workload.kind === 'batch' ? batchMin : 1,
        trackingFloor:
          demand.unitsPerStep && TrackingFloor.applies(poolSpec.autoscaling)
            ? new TrackingFloor(demand.unitsPerStep, spec.stepSeconds, poolSpec.autoscaling, poolSpec.bootTimeSeconds)
            : undefined,
      });

  const evaluator = new Evaluator({
    pool: { scenario: input.scenario, poolName: workload.pool, workloadName: workload.name, workloadKind: workload.kind },
    spec,
    loads: input.loads,
    requirements,
    engine: input.engine,
    runs: options.runs,
  });
  const result = await searchLanes(lanes, evaluator, {
    kind: workload.kind,
    horizonSeconds: spec.horizonSeconds,
    peakUnits: demand.peakUnits,
    commitments: options.commitments,
    budget: options.budget,
    maxRiskChecks: options.maxRiskChecks,
    batchMin,
    queueBacklogRef:
      workload.kind === 'batch' && policy === 'queue'
        ? Math.max(...onPool.map((w) => (w.kind === 'batch' && w.deadlineSeconds !== undefined ? w.workVcpuHours : 0)))
        : undefined,
    pruning: options.pruning !== false,
    onProgress: input.onProgress,
  });

  const evaluations = [...result.evaluations];
  let winner = pickWinner(evaluations, options, workload.kind);
  const notes: string[] = [];
  const probes: Evaluation[] = [];
  if (winner) {
    const tightened = await tightenCeiling(winner, evaluator, workload.kind, policy);
    if (tightened !== winner) {
      evaluations.push(tightened);
      winner = tightened;
    }
    const around = await probeAround(winner, evaluator, workload.kind, demand.peakUnits, targets.filter((t): t is number => t !== undefined));
    probes.push(...around.evaluations.filter((p) => !evaluations.includes(p)));
    notes.push(...around.notes);
  }

  const plan = summarizePlan({
    scenario: input.scenario,
    workload,
    policy,
    requirement: requirements.find((r) => r.workload === workload.name)!,
    sloLabel: sloLabel(workload),
    sloTargetSeconds: workload.kind === 'inference' ? workload.slo!.latencySeconds : workload.kind === 'streaming' ? workload.maxLagSeconds! : workload.deadlineSeconds!,
    capacityRule: capacityRuleText(basis, base),
    impossible: demand.impossible,
    evaluations,
    probes,
    winner,
    notes,
    searchedTargets: targets,
    homeCatalog: input.scenario.pools[workload.pool]?.catalog ?? input.scenario.catalog,
    lanesMinBoundUsd: lanes.reduce((m, l) => Math.min(m, l.boundUsd), Infinity),
    stats: result.stats,
    selection: { catalogTypes: input.catalog.length, eligible: selection.eligible.length, kept: selection.kept.length, ...selection.excluded },
    simulations: evaluator.simulations,
    monteCarloRuns: evaluator.monteCarloRuns,
    options,
  });
  return { plan, evaluations: [...evaluations, ...probes], lanes };
}

function pickWinner(evaluations: readonly Evaluation[], options: PlanOptions, kind: WorkloadSpec['kind']): Evaluation | undefined {
  // A stochastic candidate only wins after its Monte Carlo check.
  const eligible = evaluations.filter((e) => meets(e) && (!e.stochastic || e.risk !== undefined));
  if (eligible.length === 0) return undefined;
  const byCost = [...eligible].sort((a, b) => rankedCost(a) - rankedCost(b) || a.run0.metric - b.run0.metric);
  if (options.objective === 'cost') return byCost[0];
  const cap = options.maxCostUsd ?? rankedCost(byCost[0]!) * 1.25;
  const affordable = byCost.filter((e) => rankedCost(e) <= cap + 1e-9);
  const better = (a: Evaluation, b: Evaluation) => (kind === 'batch' ? b.run0.metric - a.run0.metric : a.run0.metric - b.run0.metric) || rankedCost(a) - rankedCost(b);
  return [...affordable].sort(better)[0];
}

/**
 * An autoscaled winner was searched under a generous ceiling; a deterministic run that never
 * went past its peak runs the same with max = peak, which is the number worth writing down.
 * (Stochastic runs peak differently, so their ceiling stays.)
 */
async function tightenCeiling(winner: Evaluation, evaluator: Evaluator, kind: WorkloadSpec['kind'], policy: string): Promise<Evaluation> {
  const s = winner.candidate.sizing;
  // Batch lanes other than queue ones searched the max itself.
  if ((kind === 'batch' && policy !== 'queue') || s.kind !== 'autoscaled' || winner.stochastic) return winner;
  const peak = Math.max(s.min, winner.run0.peakInstances);
  if (peak >= s.max) return winner;
  const c: Candidate = { ...winner.candidate, sizing: { ...s, max: peak } };
  const e = await evaluator.evaluate(c);
  return meets(e) && e.run0.costUsd <= winner.run0.costUsd + 1e-6 ? e : winner;
}

function hasSlo(w: WorkloadSpec): boolean {
  return w.kind === 'inference' ? w.slo !== undefined : w.kind === 'streaming' ? w.maxLagSeconds !== undefined : w.deadlineSeconds !== undefined;
}

/** Inference: the SLO's quantile of requests within the target; streaming and batch: always. */
function requirementOf(w: WorkloadSpec): Requirement {
  return { workload: w.name, attainment: w.kind === 'inference' ? w.slo!.quantile : 1 };
}

function basisOf(w: WorkloadSpec): WorkloadBasis {
  if (w.kind === 'inference') return { kind: 'inference', serversPerInstance: w.serversPerInstance };
  if (w.kind === 'streaming') return { kind: 'streaming', throughputPerInstanceMBps: w.throughputPerInstanceMBps, replication: w.replication };
  return { kind: 'batch' };
}

function sloLabel(w: WorkloadSpec): string {
  if (w.kind === 'inference') return `${w.slo!.label} ≤ ${fmtSeconds(w.slo!.latencySeconds)}`;
  if (w.kind === 'streaming') return `lag ≤ ${fmtSeconds(w.maxLagSeconds!)}`;
  return `deadline ${fmtSeconds(w.deadlineSeconds!)}`;
}

function fmtSeconds(s: number): string {
  if (s < 1) return `${+(s * 1000).toPrecision(4)} ms`;
  if (s < 120) return `${+s.toPrecision(4)} s`;
  if (s < 7200) return `${+(s / 60).toPrecision(4)} min`;
  return `${+(s / 3600).toPrecision(4)} h`;
}
