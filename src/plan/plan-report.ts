/**
 * The plan as data: what the renderers print and `--format json` emits (versioned by the
 * `capsimPlan` key of the document that holds these). Built from every simulated candidate:
 * the winner and its patch, the runner-ups with the reason each lost, cheaper near misses, the
 * closest miss when nothing met the SLO, the cost/metric Pareto frontier, and the search counts.
 */
import type { Scenario } from '../scenario/schema.js';
import type { AutoscalingPolicy, WorkloadSpec } from '../sim/spec.js';
import { describeCandidate, laneKey, type Candidate } from './candidate.js';
import { meets, rankedCost, type Evaluation, type Requirement } from './evaluator.js';
import type { PlanOptions } from './planner.js';
import { patchFor } from './pool-setting.js';
import type { SearchStats } from './search.js';

export interface ConfigView {
  readonly label: string;
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly sizing: { readonly kind: 'static'; readonly count: number } | { readonly kind: 'autoscaled'; readonly policy: string; readonly min: number; readonly max: number; readonly target: number | null };
  readonly spotShare: number;
  readonly commitment: { readonly type: 'savings-plan'; readonly term: string; readonly hourlyUsd: number } | null;
  readonly serversPerInstance: number | null;
  readonly throughputPerInstanceMBps: number | null;
  /** P95 over Monte Carlo runs when risk-checked, else run 0. */
  readonly costUsd: number;
  readonly run0CostUsd: number;
  /** P5 over runs when risk-checked, else run 0. */
  readonly sloAttainment: number;
  /** p99 latency or max lag in seconds, or deadline attainment (run 0). */
  readonly metric: number;
  readonly meetsSlo: boolean;
  /** Spot or load noise: results vary by run, so only a Monte Carlo check can confirm the SLO. */
  readonly stochastic: boolean;
  readonly meetsSloOnRun0: boolean;
  readonly peakInstances: number;
  readonly monteCarlo: { readonly runs: number; readonly costP50Usd: number; readonly costP95Usd: number; readonly sloAttainmentP5: number } | null;
}

export interface RankedConfig extends ConfigView {
  readonly reason: string;
}

export interface SearchSummary {
  readonly catalogTypes: number;
  readonly eligibleTypes: number;
  readonly excluded: { readonly unpriced: number; readonly burstable: number; readonly unfit: number; readonly dominated: number };
  readonly typesSearched: number;
  readonly candidates: number;
  readonly prunedByBound: number;
  readonly skippedByBudget: number;
  readonly searched: number;
  readonly unusable: number;
  readonly unusableReasons: readonly string[];
  readonly simulations: number;
  readonly monteCarloRuns: number;
  readonly riskChecks: number;
  /** No configuration in the search space can cost less (analytic bound). */
  readonly lowerBoundUsd: number | null;
  /** Whether every lane left unexplored was pruned by its bound (none skipped for the budget, none left unchecked). */
  readonly exhaustive: boolean;
  /** Stochastic configurations that met the SLO on run 0 for less than the winner but were never risk-checked. */
  readonly uncheckedCheaper: number;
  /** Stochastic configurations that met the SLO on run 0 but not at P5 over the runs (larger sizes of them are not searched). */
  readonly riskFailures: number;
  /** When not exhaustive: the best could be at most this much cheaper. */
  readonly gapUsd: number | null;
  readonly spotShares: readonly number[];
  readonly targets: readonly (number | null)[];
  readonly commitments: readonly string[];
}

export interface WorkloadPlan {
  readonly workload: string;
  readonly pool: string;
  readonly kind: WorkloadSpec['kind'];
  readonly policy: AutoscalingPolicy;
  /** targetSeconds: the latency, lag or deadline the SLO names. */
  readonly slo: { readonly label: string; readonly requiredAttainment: number; readonly targetSeconds: number };
  readonly metric: { readonly name: string; readonly unit: 'seconds' | 'share'; readonly lowerIsBetter: boolean };
  readonly capacityRule: string;
  readonly impossible: string | null;
  readonly best: ConfigView | null;
  /** Dotted paths → values, ready to paste under `variants:`. */
  readonly patch: Readonly<Record<string, unknown>> | null;
  readonly closestMiss: RankedConfig | null;
  readonly runnerUps: readonly RankedConfig[];
  readonly cheaperMisses: readonly RankedConfig[];
  readonly frontier: readonly ConfigView[];
  readonly search: SearchSummary;
  readonly notes: readonly string[];
}

export interface PlanSummaryInput {
  readonly scenario: Scenario;
  readonly workload: WorkloadSpec;
  readonly policy: AutoscalingPolicy;
  readonly requirement: Requirement;
  readonly sloLabel: string;
  readonly sloTargetSeconds: number;
  readonly capacityRule: string;
  readonly impossible: string | undefined;
  /** Every candidate the search simulated. */
  readonly evaluations: readonly Evaluation[];
  /** Points simulated around the winner for the frontier only (never runner-ups). */
  readonly probes: readonly Evaluation[];
  readonly winner: Evaluation | undefined;
  readonly notes: readonly string[];
  readonly searchedTargets: readonly (number | undefined)[];
  /** The pool's own provider/region: labels name the region only for types elsewhere. */
  readonly homeCatalog: string;
  readonly lanesMinBoundUsd: number;
  readonly stats: SearchStats;
  readonly selection: { catalogTypes: number; eligible: number; kept: number; unpriced: number; burstable: number; unfit: number; dominated: number };
  readonly simulations: number;
  readonly monteCarloRuns: number;
  readonly options: PlanOptions;
}

const RUNNER_UPS = 5;
const CHEAPER_MISSES = 3;
const FRONTIER_POINTS = 12;

export function summarizePlan(p: PlanSummaryInput): WorkloadPlan {
  const w = p.workload;
  const lowerIsBetter = w.kind !== 'batch';
  const view = (e: Evaluation) => toView(e, p.policy, p.homeCatalog);
  const winner = p.winner;
  const winnerCost = winner ? rankedCost(winner) : Infinity;
  const winnerGroup = winner ? groupKey(winner.candidate) : '';
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const missText = (e: Evaluation) => {
    const attained = e.risk ? e.risk.sloAttainmentP5 : e.run0.sloAttainment;
    const shortfall = e.risk ? e.risk.shortfallP5 : e.run0.shortfall;
    const where = e.risk ? `P5 over ${e.risk.runs} runs` : 'run 0';
    return Number.isNaN(attained) || shortfall > p.requirement.attainment - attained + 1e-12
      ? `another SLO on the pool missed by ${(shortfall * 100).toFixed(2)} points (${where})`
      : `SLO missed by ${(shortfall * 100).toFixed(2)} points: ${pct(attained)} < ${pct(p.requirement.attainment)} (${where})`;
  };

  // Runner-ups: the best configuration of every other lane that met the SLO on run 0.
  const groups = new Map<string, Evaluation>();
  for (const e of p.evaluations) {
    if (e.run0.shortfall > 1e-9) continue;
    const k = groupKey(e.candidate);
    const prev = groups.get(k);
    if (!prev || rankedCost(e) < rankedCost(prev)) groups.set(k, e);
  }
  const runnerUps: RankedConfig[] = [...groups.entries()]
    .filter(([k]) => k !== winnerGroup)
    .map(([, e]) => e)
    .sort((a, b) => rankedCost(a) - rankedCost(b))
    .slice(0, RUNNER_UPS)
    .map((e) => {
      let reason: string;
      if (meets(e) && (!e.stochastic || e.risk)) {
        const more = rankedCost(e) - winnerCost;
        reason = Number.isFinite(winnerCost) ? `costs $${money(more)} more (+${((more / winnerCost) * 100).toFixed(1)}%)` : 'meets the SLO';
      } else if (e.risk) reason = `fails in bad runs: ${missText(e)}`;
      else {
        const more = rankedCost(e) - winnerCost;
        reason =
          more >= 0 && Number.isFinite(winnerCost)
            ? `costs $${money(more)} more on run 0 (spot; not risk-checked, it could not win)`
            : `spot: met the SLO on run 0 only; not risk-checked (at most ${p.options.maxRiskChecks} checks)`;
      }
      return { ...view(e), reason };
    });

  const cheaperMisses: RankedConfig[] = [...p.evaluations, ...p.probes]
    .filter((e) => !meets(e) && rankedCost(e) < winnerCost && Number.isFinite(winnerCost))
    .sort((a, b) => shortfallOf(a) - shortfallOf(b) || rankedCost(a) - rankedCost(b))
    .slice(0, CHEAPER_MISSES)
    .map((e) => ({ ...view(e), reason: `saves $${money(winnerCost - rankedCost(e))} but ${missText(e)}` }));

  const closest = winner
    ? undefined
    : [...p.evaluations].sort((a, b) => shortfallOf(a) - shortfallOf(b) || rankedCost(a) - rankedCost(b))[0];

  const frontier = paretoFrontier([...p.evaluations, ...p.probes], lowerIsBetter).map(view);
  const s = p.stats;
  const uncheckedCheaper = p.evaluations.filter((e) => e.stochastic && !e.risk && e.run0.shortfall <= 1e-9 && e.run0.costUsd < winnerCost).length;
  const riskFailures = p.evaluations.filter((e) => e.risk && !meets(e)).length;
  const exhaustive = s.lanesSkippedByBudget === 0 && uncheckedCheaper === 0;
  return {
    workload: w.name,
    pool: w.pool,
    kind: w.kind,
    policy: p.policy,
    slo: { label: p.sloLabel, requiredAttainment: p.requirement.attainment, targetSeconds: p.sloTargetSeconds },
    metric: w.kind === 'inference' ? { name: 'p99 latency', unit: 'seconds', lowerIsBetter } : w.kind === 'streaming' ? { name: 'max lag', unit: 'seconds', lowerIsBetter } : { name: 'deadlines met', unit: 'share', lowerIsBetter },
    capacityRule: p.capacityRule,
    impossible: p.impossible ?? null,
    best: winner ? view(winner) : null,
    patch: winner ? patchFor({ scenario: p.scenario, poolName: w.pool, workloadName: w.name, workloadKind: w.kind }, winner.candidate) : null,
    closestMiss: closest ? { ...view(closest), reason: missText(closest) } : null,
    runnerUps,
    cheaperMisses,
    frontier: thin(frontier, FRONTIER_POINTS),
    search: {
      catalogTypes: p.selection.catalogTypes,
      eligibleTypes: p.selection.eligible,
      excluded: { unpriced: p.selection.unpriced, burstable: p.selection.burstable, unfit: p.selection.unfit, dominated: p.selection.dominated },
      typesSearched: p.selection.kept,
      candidates: s.lanes,
      prunedByBound: s.lanesPrunedByBound,
      skippedByBudget: s.lanesSkippedByBudget,
      searched: s.lanesSearched,
      unusable: s.lanesUnusable,
      unusableReasons: s.unusable,
      simulations: p.simulations,
      monteCarloRuns: p.monteCarloRuns,
      riskChecks: s.riskChecks,
      lowerBoundUsd: Number.isFinite(p.lanesMinBoundUsd) ? p.lanesMinBoundUsd : null,
      exhaustive,
      uncheckedCheaper,
      riskFailures,
      gapUsd: !exhaustive && winner && Number.isFinite(s.skippedBoundUsd) ? Math.max(0, winnerCost - s.skippedBoundUsd) : null,
      spotShares: p.options.spotShares,
      targets: p.searchedTargets.map((t) => t ?? null),
      commitments: ['none', ...p.options.commitments.map((t) => `savings-plan ${t}`)],
    },
    notes: p.notes,
  };
}

/** Compared to 0.001 attainment points, so near-ties go to the cheaper configuration. */
function shortfallOf(e: Evaluation): number {
  return Math.round((e.risk ? e.risk.shortfallP5 : e.run0.shortfall) * 1e5) / 1e5;
}

/** Lane, spot share and commitment term: one runner-up per way of buying the fleet. */
function groupKey(c: Candidate): string {
  return `${laneKey(c)}|${c.commitment?.term ?? 'none'}`;
}

/** Points no other point beats on both cost and the metric, cheapest first. */
export function paretoFrontier(evaluations: readonly Evaluation[], lowerIsBetter: boolean): Evaluation[] {
  const sorted = [...evaluations].filter((e) => Number.isFinite(e.run0.metric) || !lowerIsBetter).sort((a, b) => rankedCost(a) - rankedCost(b) || (lowerIsBetter ? a.run0.metric - b.run0.metric : b.run0.metric - a.run0.metric));
  const out: Evaluation[] = [];
  let bestMetric = lowerIsBetter ? Infinity : -Infinity;
  for (const e of sorted) {
    const m = e.run0.metric;
    if (Number.isNaN(m)) continue;
    if (lowerIsBetter ? m < bestMetric : m > bestMetric) {
      out.push(e);
      bestMetric = m;
    }
  }
  return out;
}

/** At most `n` points, always keeping both ends. */
function thin<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(points[Math.round((i * (points.length - 1)) / (n - 1))]!);
  return out;
}

function toView(e: Evaluation, policy: AutoscalingPolicy, homeCatalog: string): ConfigView {
  const c = e.candidate;
  const s = c.sizing;
  const ref = `${c.type.entry.provider}/${c.type.entry.region}`;
  return {
    label: describeCandidate(c, policy) + (ref === homeCatalog ? '' : ` (${ref})`),
    provider: c.type.entry.provider,
    region: c.type.entry.region,
    instanceType: c.type.entry.instanceType,
    sizing: s.kind === 'static' ? { kind: 'static', count: s.count } : { kind: 'autoscaled', policy, min: s.min, max: s.max, target: s.target ?? null },
    spotShare: c.spotShare,
    commitment: c.commitment ? { type: 'savings-plan', term: c.commitment.term, hourlyUsd: c.commitment.hourlyUsd } : null,
    serversPerInstance: c.type.capacity.serversPerInstance ?? null,
    throughputPerInstanceMBps: c.type.capacity.throughputPerInstanceMBps ?? null,
    costUsd: rankedCost(e),
    run0CostUsd: e.run0.costUsd,
    sloAttainment: e.risk ? e.risk.sloAttainmentP5 : e.run0.sloAttainment,
    metric: e.run0.metric,
    meetsSlo: meets(e) && (!e.stochastic || e.risk !== undefined),
    stochastic: e.stochastic,
    meetsSloOnRun0: e.run0.shortfall <= 1e-9,
    peakInstances: e.run0.peakInstances,
    monteCarlo: e.risk ? { runs: e.risk.runs, costP50Usd: e.risk.costP50Usd, costP95Usd: e.risk.costP95Usd, sloAttainmentP5: e.risk.sloAttainmentP5 } : null,
  };
}

function money(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
