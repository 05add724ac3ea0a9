/**
 * Runs candidates through the real engine: the candidate's pool goes through the scenario
 * resolver (supplied by the shell, which owns catalogs and files), the pool and the workloads on
 * it are simulated alone (other pools do not change), and the result is read against every SLO
 * on that pool. Run 0 for the search; Monte Carlo runs for risk when the pool is stochastic.
 */
import type { Pool } from '../scenario/schema.js';
import { simulateRun, type Loads, type RunResult } from '../sim/run.js';
import type { CloudPoolSpec, SimSpec, WorkloadSpec } from '../sim/spec.js';
import { percentiles, type RunSummary } from '../sim/summary.js';
import { candidateKey, type Candidate } from './candidate.js';
import { poolFor, type PoolContext } from './pool-setting.js';
import type { CommitmentTerm } from './purchase-price.js';

/** What the planner needs from outside: resolving a pool (catalogs, files) and parallel runs. */
export interface PlanEngine {
  /** The pool as the engine will run it; throws an Error whose message says why it does not resolve. */
  resolvePool(name: string, pool: Pool): Promise<CloudPoolSpec>;
  /** Runs 0..runs−1 of a spec (the shell may use worker threads); summaries sorted by run. */
  monteCarlo(spec: SimSpec, loads: Loads, runs: number): Promise<readonly RunSummary[]>;
}

/** An SLO on the planned pool: the share that must be attained. */
export interface Requirement {
  readonly workload: string;
  readonly attainment: number;
}

export interface Outcome {
  readonly costUsd: number;
  /** The planned workload's SLO attainment. */
  readonly sloAttainment: number;
  /** Largest (required − attained) over the pool's SLOs; ≤ 0 when all are met. */
  readonly shortfall: number;
  /** p99 latency (s), max lag (s), or deadline attainment, by workload kind. */
  readonly metric: number;
  readonly peakInstances: number;
  /** Fewest on-demand instances running through any whole hour (what a commitment can cover). */
  readonly steadyOnDemandInstances: number;
}

export interface Risk {
  readonly runs: number;
  readonly costP50Usd: number;
  readonly costP95Usd: number;
  /** P5 of the planned workload's attainment over runs. */
  readonly sloAttainmentP5: number;
  readonly shortfallP5: number;
}

export interface Evaluation {
  readonly candidate: Candidate;
  readonly run0: Outcome;
  /** Monte Carlo, when the pool is stochastic and the candidate was risk-checked. */
  readonly risk: Risk | undefined;
  readonly stochastic: boolean;
}

/** Attainment comparisons allow float noise in the engine's sums. */
export const ATTAINMENT_TOLERANCE = 1e-9;

export function meets(e: Evaluation): boolean {
  return (e.risk ? e.risk.shortfallP5 : e.run0.shortfall) <= ATTAINMENT_TOLERANCE;
}

/** Cost used for ranking: P95 over runs when risk-checked, run 0 otherwise. */
export function rankedCost(e: Evaluation): number {
  return e.risk ? e.risk.costP95Usd : e.run0.costUsd;
}

export interface EvaluatorContext {
  readonly pool: PoolContext;
  readonly spec: SimSpec;
  readonly loads: Loads;
  readonly requirements: readonly Requirement[];
  readonly engine: PlanEngine;
  readonly runs: number;
}

export class Evaluator {
  /** Run-0 simulations so far (the search budget counts these). */
  simulations = 0;
  /** Monte Carlo runs so far (run 0 of each included). */
  monteCarloRuns = 0;
  private readonly cache = new Map<string, Promise<Evaluation>>();
  private readonly rates = new Map<string, Promise<number>>();
  private readonly onPool: readonly WorkloadSpec[];
  private readonly noisy: boolean;

  constructor(private readonly ctx: EvaluatorContext) {
    this.onPool = ctx.spec.workloads.filter((w) => w.pool === ctx.pool.poolName);
    this.noisy = this.onPool.some((w) => w.kind !== 'batch' && w.noiseCv > 0);
  }

  /** Run 0 of a candidate (cached). Rejects when the pool does not resolve. */
  evaluate(c: Candidate): Promise<Evaluation> {
    const key = candidateKey(c);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.run(c);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** The same candidate with Monte Carlo risk attached (runs 0..N−1). */
  async riskCheck(e: Evaluation): Promise<Evaluation> {
    if (e.risk || !e.stochastic) return e;
    const spec = await this.specFor(e.candidate);
    const summaries = await this.ctx.engine.monteCarlo(spec, this.ctx.loads, this.ctx.runs);
    this.monteCarloRuns += summaries.length;
    const cost = percentiles(summaries.map((s) => s.cost.total));
    const attainment = (s: RunSummary, name: string) => s.workloads.find((w) => w.name === name)?.sloAttainment ?? NaN;
    const planned = percentiles(summaries.map((s) => attainment(s, this.ctx.pool.workloadName)));
    let shortfallP5 = -Infinity;
    for (const r of this.ctx.requirements) {
      const p5 = percentiles(summaries.map((s) => attainment(s, r.workload))).p5;
      shortfallP5 = Math.max(shortfallP5, Number.isNaN(p5) ? 0 : r.attainment - p5);
    }
    const risk: Risk = { runs: summaries.length, costP50Usd: cost.p50, costP95Usd: cost.p95, sloAttainmentP5: planned.p5, shortfallP5 };
    const checked = { ...e, risk };
    this.cache.set(candidateKey(e.candidate), Promise.resolve(checked));
    return checked;
  }

  /** The savings-plan rate the resolver gives this type and term (resolved once, with a zero plan). */
  committedRate(c: Candidate, term: CommitmentTerm): Promise<number> {
    const key = `${c.type.entry.provider}/${c.type.entry.region}/${c.type.entry.instanceType}|${term}`;
    let hit = this.rates.get(key);
    if (!hit) {
      hit = this.ctx.engine.resolvePool(this.ctx.pool.poolName, poolFor(this.ctx.pool, { ...c, commitment: { term, hourlyUsd: 0 } })).then((pool) => {
        const plan = pool.commitments.find((x) => x.kind === 'savings-plan');
        const rate = plan?.kind === 'savings-plan' ? plan.ratesUsdPerHour[pool.instance.label] : undefined;
        if (rate === undefined) throw new Error(`no savings-plan rate for ${pool.instance.label}`);
        return rate;
      });
      this.rates.set(key, hit);
    }
    return hit;
  }

  private async run(c: Candidate): Promise<Evaluation> {
    const spec = await this.specFor(c);
    const run = simulateRun(spec, this.ctx.loads, { runIndex: 0, series: false });
    this.simulations++;
    const pool = spec.pools[0] as CloudPoolSpec;
    const stochastic = this.noisy || (pool.purchase.spotShare > 0 && pool.instance.spotUsdPerHour !== null);
    return { candidate: c, run0: this.outcome(run), risk: undefined, stochastic };
  }

  private async specFor(c: Candidate): Promise<SimSpec> {
    const { spec, pool: ctx } = this.ctx;
    const pool = await this.ctx.engine.resolvePool(ctx.poolName, poolFor(ctx, c));
    const cap = c.type.capacity;
    const patched: SimSpec = {
      ...spec,
      workloads: spec.workloads.map((w): WorkloadSpec => {
        if (w.pool !== ctx.poolName) return w;
        if (w.kind === 'inference' && cap.serversPerInstance !== undefined) return { ...w, serversPerInstance: cap.serversPerInstance };
        if (w.kind === 'streaming' && cap.throughputPerInstanceMBps !== undefined) return { ...w, throughputPerInstanceMBps: cap.throughputPerInstanceMBps };
        return w;
      }),
    };
    return reduceToPool(patched, ctx.poolName, pool);
  }

  private outcome(run: RunResult): Outcome {
    const name = this.ctx.pool.workloadName;
    const planned = run.workloads.find((w) => w.name === name);
    let shortfall = -Infinity;
    for (const r of this.ctx.requirements) {
      const got = run.workloads.find((w) => w.name === r.workload)?.sloAttainment ?? NaN;
      shortfall = Math.max(shortfall, Number.isNaN(got) ? 0 : r.attainment - got);
    }
    const pool = run.pools[0]!;
    return {
      costUsd: run.cost.total,
      sloAttainment: planned?.sloAttainment ?? NaN,
      shortfall,
      metric: planned?.inference ? planned.inference.latencySeconds.p99 : planned?.streaming ? planned.streaming.lagSeconds.max : (planned?.sloAttainment ?? NaN),
      peakInstances: pool.totals.peakInstances,
      steadyOnDemandInstances: steadyOnDemand(pool.hourly, Math.floor(this.ctx.spec.horizonSeconds / 3600 + 1e-9)),
    };
  }
}

/** `wholeHours`: a last partial hour of the horizon would read as a dip, so it is left out. */
/**
 * The spec cut down to one pool and what runs on it (its workloads and feature pipelines),
 * optionally with that pool replaced: pools are simulated independently, so the rest of the
 * scenario does not change the pool's cost or SLOs (only tiered egress is shared, and left out).
 */
export function reduceToPool(spec: SimSpec, poolName: string, replacement?: CloudPoolSpec): SimSpec {
  const pool = replacement ?? spec.pools.find((p) => p.name === poolName)!;
  const pipelines = spec.features?.pipelines.filter((p) => p.pool === poolName) ?? [];
  return {
    ...spec,
    pools: [pool],
    workloads: spec.workloads.filter((w) => w.pool === poolName),
    features: pipelines.length > 0 ? { ...spec.features!, pipelines } : undefined,
  };
}

function steadyOnDemand(hourly: RunResult['pools'][number]['hourly'], wholeHours: number): number {
  if (!hourly) return 0;
  let least = Infinity;
  for (let h = 0; h < wholeHours; h++) least = Math.min(least, (hourly.onDemandSeconds[h] ?? 0) + (hourly.coveredSeconds[h] ?? 0));
  return Number.isFinite(least) ? Math.floor(least / 3600 + 1e-9) : 0;
}
