/**
 * Branch and bound over lanes, with the engine as the oracle inside each lane:
 *
 * - static lanes: binary search on the count. It starts at the analytic estimate, gallops up
 *   until run 0 meets the SLO, then bisects down to the lower bound (counts below it cannot
 *   meet the SLO). Feasibility is taken to grow with the count.
 * - autoscaled lanes keep the scenario's policy. Inference and streaming: min 1 and a ceiling
 *   well above the peak; if that misses the SLO (boot lag at load steps), binary search on the
 *   min (a floor of warm capacity). Batch: binary search on the max, the lever that decides how
 *   many vCPUs a job gets (the min is the scenario's, often 0).
 * - a savings plan, when searched, is sized to the lane result's steady on-demand base and
 *   simulated once more (it changes the bill, never the physics).
 *
 * The best configuration found prunes: lanes whose lower bound is not below it are skipped, and
 * a search inside a lane stops once even its bound cannot beat it. Only deterministic results
 * and stochastic results that passed the Monte Carlo check (P5 attainment) prune, at their P95
 * cost, so one lucky spot run never prunes a configuration that would win.
 */
import { candidateKey, type Candidate, type Sizing } from './candidate.js';
import { meets, rankedCost, type Evaluation, type Evaluator } from './evaluator.js';
import { autoscaledCeiling, MAX_INSTANCES, type Lane } from './lane.js';
import { costLowerBoundUsd, staticCostLowerBoundUsd, type CommitmentTerm } from './purchase-price.js';


export interface SearchSettings {
  readonly kind: 'inference' | 'streaming' | 'batch';
  readonly horizonSeconds: number;
  readonly peakUnits: number;
  readonly commitments: readonly CommitmentTerm[];
  /** Run-0 simulations allowed. */
  readonly budget: number;
  readonly maxRiskChecks: number;
  /** batch: the scenario's autoscaling min, kept. */
  readonly batchMin: number;
  /**
   * batch on a queue policy: the largest job's work (vCPU-h). The policy sizes the fleet as
   * backlog / target, so the target, not the max, decides how many instances a job gets; the
   * search sets target = this work / n and binary-searches n.
   */
  readonly queueBacklogRef: number | undefined;
  /** false: no lane is pruned by its bound (tests compare both ways). */
  readonly pruning: boolean;
  /** Lanes dealt with so far (searched, pruned or skipped) out of all. */
  readonly onProgress: ((lanesDone: number, lanes: number) => void) | undefined;
}

export interface SearchStats {
  lanes: number;
  lanesPrunedByBound: number;
  lanesSkippedByBudget: number;
  lanesSearched: number;
  lanesUnusable: number;
  riskChecks: number;
  /** Lowest bound among lanes left unexplored for the budget (Infinity when none). */
  skippedBoundUsd: number;
  /** Why lanes did not resolve (first few), e.g. a spot price history that has no such type. */
  unusable: string[];
}

export interface SearchResult {
  readonly evaluations: readonly Evaluation[];
  readonly stats: SearchStats;
}

class BudgetExhausted extends Error {}

export async function searchLanes(lanes: readonly Lane[], evaluator: Evaluator, s: SearchSettings): Promise<SearchResult> {
  const stats: SearchStats = { lanes: lanes.length, lanesPrunedByBound: 0, lanesSkippedByBudget: 0, lanesSearched: 0, lanesUnusable: 0, riskChecks: 0, skippedBoundUsd: Infinity, unusable: [] };
  const evaluations = new Map<string, Evaluation>();
  let bestUsd = Infinity;

  const simulate = async (c: Candidate): Promise<Evaluation> => {
    const before = evaluator.simulations;
    if (before >= s.budget) throw new BudgetExhausted();
    const e = await evaluator.evaluate(c);
    evaluations.set(candidateKey(e.candidate), e);
    return e;
  };

  // A feasible run-0 result may become the best: deterministic ones directly, stochastic ones
  // after the Monte Carlo check.
  const consider = async (e: Evaluation): Promise<void> => {
    if (!meets(e)) return;
    if (!e.stochastic) {
      bestUsd = Math.min(bestUsd, e.run0.costUsd);
      return;
    }
    if (e.run0.costUsd >= bestUsd || stats.riskChecks >= s.maxRiskChecks) return;
    stats.riskChecks++;
    const checked = await evaluator.riskCheck(e);
    evaluations.set(candidateKey(checked.candidate), checked);
    if (meets(checked)) bestUsd = Math.min(bestUsd, rankedCost(checked));
  };

  // What bounds are compared with: the best so far, or nothing when pruning is off.
  const best = () => (s.pruning ? bestUsd : Infinity);
  let done = 0;
  for (const lane of lanes) {
    s.onProgress?.(done++, lanes.length);
    if (lane.boundUsd >= best()) {
      stats.lanesPrunedByBound++;
      continue;
    }
    if (evaluator.simulations >= s.budget) {
      stats.lanesSkippedByBudget++;
      stats.skippedBoundUsd = Math.min(stats.skippedBoundUsd, lane.boundUsd);
      continue;
    }
    stats.lanesSearched++;
    const purchase = { spotShare: lane.spotShare, onDemandBase: lane.type.onDemandBase };
    // Within a lane: a static count, or an autoscaling min kept all the time, bounds the cost.
    const bound = (count: number, isStatic: boolean) =>
      isStatic
        ? staticCostLowerBoundUsd(lane.type.entry, purchase, s.commitments, count, s.horizonSeconds)
        : costLowerBoundUsd(lane.type.entry, purchase, s.commitments, { instanceSeconds: count * s.horizonSeconds, baseSeconds: Math.min(count, lane.type.onDemandBase) * s.horizonSeconds }, s.horizonSeconds);
    const base = { type: lane.type, spotShare: lane.spotShare, commitment: undefined };
    const at = (sizing: Sizing): Candidate => ({ ...base, sizing });
    let found: Evaluation | undefined;
    try {
      if (lane.mode.kind === 'static') found = await searchStatic(lane, at, simulate, bound, best);
      else if (s.kind === 'batch') found = s.queueBacklogRef !== undefined ? await searchQueueTarget(lane, at, simulate, s, s.queueBacklogRef) : await searchBatchCeiling(lane, at, simulate, s);
      else found = await searchFloor(lane, lane.mode.target, at, simulate, bound, best, s);
      if (found) {
        // A savings plan changes the bill, not the physics: every variant meets the SLO in the
        // same runs, so only the cheapest needs the Monte Carlo check.
        const variants = [found];
        for (const term of s.commitments) {
          const committed = await withCommitment(found, term, evaluator, simulate, best(), s.horizonSeconds);
          if (committed) variants.push(committed);
        }
        variants.sort((a, b) => a.run0.costUsd - b.run0.costUsd);
        for (const v of variants) {
          if (v !== variants[0] && v.stochastic) continue;
          await consider(v);
        }
      }
    } catch (err) {
      if (err instanceof BudgetExhausted) {
        stats.skippedBoundUsd = Math.min(stats.skippedBoundUsd, lane.boundUsd);
        continue;
      }
      stats.lanesUnusable++;
      const message = err instanceof Error ? err.message : String(err);
      if (stats.unusable.length < 3 && !stats.unusable.includes(message)) stats.unusable.push(message);
    }
  }
  s.onProgress?.(lanes.length, lanes.length);
  return { evaluations: [...evaluations.values()], stats };
}

type Simulate = (c: Candidate) => Promise<Evaluation>;
type At = (sizing: Sizing) => Candidate;

async function searchStatic(lane: Lane, at: At, simulate: Simulate, bound: (count: number, isStatic: boolean) => number, best: () => number): Promise<Evaluation | undefined> {
  const runMeets = (e: Evaluation) => e.run0.shortfall <= 1e-9;
  let lo = lane.staticMinCount - 1; // known to miss (or −1)
  let n = Math.max(lane.staticStartCount, lo + 1);
  let step = 1;
  let hi: Evaluation | undefined;
  let shortfall = Infinity;
  while (!hi) {
    if (n > MAX_INSTANCES || bound(n, true) >= best()) return undefined;
    const e = await simulate(at({ kind: 'static', count: n }));
    if (runMeets(e)) hi = e;
    else {
      // Past twice the analytic size, a doubling that gains nothing means the attainment has
      // saturated (the service time itself misses): more instances cannot meet the SLO.
      if (n >= 2 * lane.staticStartCount + 8 && e.run0.shortfall >= shortfall - 1e-7) return undefined;
      shortfall = e.run0.shortfall;
      lo = n;
      n = lo + step;
      step *= 2;
    }
  }
  let hiCount = (hi.candidate.sizing as { count: number }).count;
  while (hiCount - lo > 1) {
    const mid = Math.floor((lo + hiCount) / 2);
    const e = await simulate(at({ kind: 'static', count: mid }));
    if (runMeets(e)) {
      hi = e;
      hiCount = mid;
    } else lo = mid;
  }
  return hi;
}

/** Inference and streaming: min 1 under a generous ceiling; raise the min only if that misses. */
async function searchFloor(
  lane: Lane,
  target: number | undefined,
  at: At,
  simulate: Simulate,
  bound: (count: number, isStatic: boolean) => number,
  best: () => number,
  s: SearchSettings,
): Promise<Evaluation | undefined> {
  const runMeets = (e: Evaluation) => e.run0.shortfall <= 1e-9;
  const units = lane.type.capacity.unitsPerInstance;
  let max = autoscaledCeiling(s.peakUnits, units, target, lane.staticStartCount);
  const sized = (min: number) => at({ kind: 'autoscaled', min, max, target });
  let e = await simulate(sized(1));
  // The ceiling was reached and the SLO missed: it may be the ceiling, not the policy.
  for (let i = 0; i < 2 && !runMeets(e) && e.run0.peakInstances >= max && max < MAX_INSTANCES; i++) {
    max = Math.min(MAX_INSTANCES, max * 2);
    e = await simulate(sized(1));
  }
  if (runMeets(e)) return e;
  // Gallop the floor up from 2 to the size a static fleet would need (past that a min cannot
  // help), stopping once even the floor alone costs more than the best; then bisect.
  const top = Math.min(max, Math.max(2, lane.staticStartCount));
  let lo = 1;
  let hiMin = 2;
  let step = 2;
  let hi: Evaluation | undefined;
  for (;;) {
    if (bound(hiMin, false) >= best()) return undefined;
    const m = await simulate(sized(hiMin));
    if (runMeets(m)) {
      hi = m;
      break;
    }
    if (hiMin >= top) return undefined;
    lo = hiMin;
    hiMin = Math.min(top, lo + step);
    step *= 2;
  }
  while (hiMin - lo > 1) {
    const mid = Math.floor((lo + hiMin) / 2);
    if (bound(mid, false) >= best()) return undefined;
    const m = await simulate(sized(mid));
    if (runMeets(m)) {
      hi = m;
      hiMin = mid;
    } else lo = mid;
  }
  return hi;
}

/** Batch: the smallest autoscaling max that still meets every deadline. */
async function searchBatchCeiling(lane: Lane, at: At, simulate: Simulate, s: SearchSettings): Promise<Evaluation | undefined> {
  const runMeets = (e: Evaluation) => e.run0.shortfall <= 1e-9;
  const units = lane.type.capacity.unitsPerInstance;
  const least = Math.max(1, Math.ceil(s.peakUnits / units - 1e-9));
  const sized = (max: number) => at({ kind: 'autoscaled', min: Math.min(s.batchMin, max), max, target: undefined });
  let lo = least - 1; // fewer vCPUs than a job needs at once
  let hiMax = Math.min(MAX_INSTANCES, least * 2 + 1);
  let hi = await simulate(sized(hiMax));
  for (let i = 0; i < 3 && !runMeets(hi) && hiMax < MAX_INSTANCES; i++) {
    lo = hiMax;
    hiMax = Math.min(MAX_INSTANCES, hiMax * 2);
    hi = await simulate(sized(hiMax));
  }
  if (!runMeets(hi)) return undefined;
  while (hiMax - lo > 1) {
    const mid = Math.floor((lo + hiMax) / 2);
    const m = await simulate(sized(mid));
    if (runMeets(m)) {
      hi = m;
      hiMax = mid;
    } else lo = mid;
  }
  return hi;
}

/**
 * Batch under a queue policy: n instances for the largest job (target = its work / n, rounded up
 * so the policy asks for no more than n), the fewest n that meets every deadline, under a ceiling
 * that never binds. Fewer instances per job is cheaper (Amdahl: vCPU-seconds grow with N).
 */
async function searchQueueTarget(lane: Lane, at: At, simulate: Simulate, s: SearchSettings, backlogRef: number): Promise<Evaluation | undefined> {
  const runMeets = (e: Evaluation) => e.run0.shortfall <= 1e-9;
  const units = lane.type.capacity.unitsPerInstance;
  const least = Math.max(1, Math.ceil(s.peakUnits / units - 1e-9)); // fewer vCPUs than a job needs at once
  const max = Math.min(MAX_INSTANCES, 4 * least + 8);
  const sized = (n: number) => at({ kind: 'autoscaled', min: Math.min(s.batchMin, max), max, target: Math.ceil((backlogRef / n) * 1e4) / 1e4 });
  let lo = least - 1;
  let hiN = least;
  let hi = await simulate(sized(hiN));
  for (let i = 0; i < 3 && !runMeets(hi) && hiN < max; i++) {
    lo = hiN;
    hiN = Math.min(max, hiN * 2);
    hi = await simulate(sized(hiN));
  }
  if (!runMeets(hi)) return undefined;
  while (hiN - lo > 1) {
    const mid = Math.floor((lo + hiN) / 2);
    const m = await simulate(sized(mid));
    if (runMeets(m)) {
      hi = m;
      hiN = mid;
    } else lo = mid;
  }
  return hi;
}

/**
 * The lane result with a savings plan covering its steady on-demand base: the fewest on-demand
 * instances running through every whole hour of run 0, times the plan's rate. Simulated only
 * when the estimated saving could beat the best.
 */
async function withCommitment(found: Evaluation, term: CommitmentTerm, evaluator: Evaluator, simulate: Simulate, bestUsd: number, horizonSeconds: number): Promise<Evaluation | undefined> {
  const steady = found.run0.steadyOnDemandInstances;
  if (steady < 1) return undefined;
  const rate = await evaluator.committedRate(found.candidate, term);
  const onDemand = found.candidate.type.entry.onDemandUsdPerHour;
  if (!(rate < onDemand)) return undefined;
  const estimateUsd = found.run0.costUsd - (steady * horizonSeconds * (onDemand - rate)) / 3600;
  if (estimateUsd >= bestUsd) return undefined;
  // Rounded down to 0.01¢/h so the plan is never larger than the base it covers.
  const hourlyUsd = Math.floor(steady * rate * 1e4) / 1e4;
  if (!(hourlyUsd > 0)) return undefined;
  return simulate({ ...found.candidate, commitment: { term, hourlyUsd } });
}
