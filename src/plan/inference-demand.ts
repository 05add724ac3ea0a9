/**
 * Inference demand from Erlang C (models.md §5). The engine's SLO attainment is the share of all
 * requests of the horizon within the target, so a fleet may miss at the peak as long as the
 * month as a whole stays above the quantile: the peak step's Erlang size is not a lower bound.
 * What is: at each step the stationary M/M/c (Allen–Cunneen) law with c servers gives at most
 * F(c, λ) of that step's requests within the target, F = 0 when c ≤ λ·E[S] (the fluid backlog's
 * delay); F rises with c and falls with λ. Then
 *
 * - a static fleet needs c with Σ_t A_t·F(c, λ_t) ≥ q·A (A_t the step's arrivals);
 * - any fleet needs Σ_t c_t·Δt ≥ the least server-seconds meeting Σ_t A_t·F(c_t, λ_t) ≥ q·A,
 *   which is bounded from below by the Lagrangian dual: for every ν ≥ 0,
 *   Σ_t min_c (c·Δt − ν·A_t·F(c, λ_t)) + ν·q·A. We take the best ν by bisection.
 *
 * Steps are grouped in rate bins 0.2% wide; each bin uses its lowest rate (F is higher there)
 * and the concavity of the per-step minimum in A_t, so the grouping keeps both bounds valid.
 * The one case the engine can beat the stationary law is an isolated, marginally overloaded
 * step (its fluid delay can stay under the target); a slack of 0.2 points of attainment, far
 * more than such steps can add, covers it and the histogram's interpolation.
 */
import { ErlangCache, ResponseTime, type ServiceTime } from '../model/queueing.js';
import type { AutoscaledEstimate, Demand } from './demand.js';

const BIN_RATIO = 1.002;
/** Attainment points given away in the bounds (see above). */
export const ATTAINMENT_SLACK = 0.002;
/** A target-less policy (step, scheduled, queue) is estimated as if it held this utilization. */
const DEFAULT_ESTIMATE_TARGET = 0.6;
/** The dual needs a c-grid per bin; past this many points per bin it is coarsened (still a bound). */
const MAX_GRID_POINTS = 256;

export interface InferenceDemandInput {
  /** Requests per second at each step. */
  readonly ratePerStep: Float64Array;
  readonly stepSeconds: number;
  readonly service: ServiceTime;
  readonly quantile: number;
  readonly latencySeconds: number;
}

interface RateBins {
  readonly count: Float64Array;
  readonly lowRate: Float64Array;
  readonly highRate: Float64Array;
  readonly sumRate: Float64Array;
  /** Steps with no traffic. */
  readonly idleSteps: number;
}

export function inferenceDemand(input: InferenceDemandInput): Demand {
  const { stepSeconds: dt, service, quantile: q, latencySeconds: target } = input;
  const bins = binRates(input.ratePerStep);
  const n = bins.count.length;
  const within = new Within(service, target);
  let arrivals = 0;
  let peakRate = 0;
  for (let b = 0; b < n; b++) {
    arrivals += bins.sumRate[b]! * dt;
    peakRate = Math.max(peakRate, bins.highRate[b]!);
  }
  const serviceOnly = within.serviceOnly();
  const impossible =
    serviceOnly < q - ATTAINMENT_SLACK
      ? `the service time alone misses the SLO: only ${(serviceOnly * 100).toFixed(2)}% of requests finish within ${fmtMs(target)} even without queueing (got quantile ${q})`
      : undefined;
  const required = (q - ATTAINMENT_SLACK) * arrivals;

  const attainedUpper = (c: number) => {
    let s = 0;
    for (let b = 0; b < n; b++) s += bins.sumRate[b]! * dt * within.at(c, bins.lowRate[b]!);
    return s;
  };
  const attainedMean = (c: number) => {
    let s = 0;
    for (let b = 0; b < n; b++) s += bins.sumRate[b]! * dt * within.at(c, bins.sumRate[b]! / bins.count[b]!);
    return s;
  };

  const peakErlangs = peakRate * service.meanSeconds;
  const staticMinUnits = arrivals > 0 && !impossible ? smallestServers(attainedUpper, required, peakErlangs) : 0;
  // When even the estimate says no size meets the SLO, the search still starts at the bound and
  // reports the closest miss.
  const estimate = arrivals > 0 && !impossible ? smallestServers(attainedMean, q * arrivals, peakErlangs) : 0;
  const staticUnitsEstimate = Number.isFinite(estimate) ? Math.max(staticMinUnits, estimate) : staticMinUnits;
  const minUnitSeconds =
    arrivals > 0 && !impossible ? Math.max(required * service.meanSeconds, serverSecondsBound(bins, within, dt, required, service.meanSeconds)) : 0;

  const estimates = new Map<string, AutoscaledEstimate>();
  return {
    kind: 'inference',
    impossible,
    minUnitSeconds,
    staticMinUnits,
    staticUnitsEstimate,
    peakUnits: peakErlangs,
    unitsPerStep: input.ratePerStep.map((r) => r * service.meanSeconds),
    autoscaledEstimate(unitsPerInstance, targetUtilization) {
      const u = targetUtilization ?? DEFAULT_ESTIMATE_TARGET;
      const key = `${unitsPerInstance}:${u}`;
      let hit = estimates.get(key);
      if (hit) return hit;
      // Target tracking holds utilization near u: ceil(load / (capacity per instance × u)).
      let instanceSeconds = bins.idleSteps * dt;
      let attained = 0;
      for (let b = 0; b < n; b++) {
        const rate = bins.sumRate[b]! / bins.count[b]!;
        const size = Math.max(1, Math.ceil((rate * service.meanSeconds) / (unitsPerInstance * u) - 1e-9));
        instanceSeconds += bins.count[b]! * dt * size;
        attained += bins.sumRate[b]! * dt * within.at(size * unitsPerInstance, rate);
      }
      hit = { instanceSeconds, meetsSlo: attained >= q * arrivals };
      estimates.set(key, hit);
      return hit;
    },
  };
}

/** F(c, λ): the stationary share within the target; 0 when overloaded. */
class Within {
  private readonly cache = new ErlangCache();
  private readonly law: ResponseTime;

  constructor(
    private readonly service: ServiceTime,
    private readonly target: number,
  ) {
    this.law = new ResponseTime(service);
  }

  at(servers: number, rate: number): number {
    if (servers <= 0) return rate > 0 ? 0 : 1;
    if (rate * this.service.meanSeconds >= servers) return 0;
    this.cache.evaluate(this.law, rate, servers, this.service);
    return this.law.fractionWithin(this.target);
  }

  /** P(S ≤ target): no fleet does better. */
  serviceOnly(): number {
    return new ResponseTime(this.service).fractionWithin(this.target);
  }
}

/**
 * Smallest c with attained(c) ≥ required; attained rises with c. Past the peak load plus 20
 * standard deviations of a Poisson queue no step waits any more, so if that misses, every size
 * does (the service time itself misses): Infinity.
 */
function smallestServers(attained: (c: number) => number, required: number, peakErlangs: number): number {
  const saturated = Math.ceil(peakErlangs + 20 * Math.sqrt(peakErlangs) + 20);
  let hi = Math.max(1, Math.ceil(peakErlangs) + 1);
  while (attained(hi) < required) {
    if (hi >= saturated) return Infinity;
    hi = Math.min(saturated, hi * 2 + 8);
  }
  let lo = 0; // attained(0) = 0 < required whenever there is traffic
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (attained(mid) >= required) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The Lagrangian dual bound on server-seconds. Per bin, c runs over a grid from the first stable
 * size to saturation; on a coarsened grid each point is paired with the next point's (higher)
 * F, which keeps it a bound.
 */
function serverSecondsBound(bins: RateBins, within: Within, dt: number, required: number, meanServiceSeconds: number): number {
  const n = bins.count.length;
  const saturated = within.serviceOnly() - 1e-12;
  const grids: Array<{ c: Float64Array; f: Float64Array }> = [];
  for (let b = 0; b < n; b++) {
    const rate = bins.lowRate[b]!;
    const erlangs = rate * meanServiceSeconds;
    const first = Math.floor(erlangs) + 1;
    // Saturation comes within a few dozen √a past the load for any SLO worth planning.
    const span = Math.ceil(60 * Math.sqrt(erlangs) + 200);
    const step = Math.max(1, Math.ceil(span / MAX_GRID_POINTS));
    const cs: number[] = [];
    const fs: number[] = [];
    for (let c = first, k = 0; k <= MAX_GRID_POINTS * 4; c += step, k++) {
      const f = within.at(c, rate);
      cs.push(c);
      fs.push(f);
      if (f >= saturated) break;
    }
    if (step === 1 && fs[fs.length - 1]! < saturated) {
      // Not saturated within the grid: one more point stands for every larger size.
      cs.push(cs[cs.length - 1]! + 1);
      fs.push(within.serviceOnly());
    }
    const f = new Float64Array(cs.length);
    for (let i = 0; i < cs.length; i++) f[i] = step === 1 ? fs[i]! : (fs[i + 1] ?? within.serviceOnly());
    grids.push({ c: Float64Array.from(cs), f });
  }

  // Per bin, steps' arrivals lie in [low, high]·dt; the per-step minimum is concave in them,
  // so the bin's sum is at least the mix of the two ends that matches the bin's arrivals.
  const lowA = new Float64Array(n);
  const highA = new Float64Array(n);
  const highShare = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    lowA[b] = bins.lowRate[b]! * dt;
    highA[b] = bins.highRate[b]! * dt;
    const total = bins.sumRate[b]! * dt;
    const spread = highA[b]! - lowA[b]!;
    highShare[b] = spread > 0 ? Math.min(bins.count[b]!, Math.max(0, (total - bins.count[b]! * lowA[b]!) / spread)) : 0;
  }

  // Returns g(ν) and the attainment of the minimizers (the supergradient's sign).
  const dual = (nu: number): { value: number; attained: number } => {
    let value = nu * required;
    let attained = 0;
    for (let b = 0; b < n; b++) {
      const g = grids[b]!;
      const w = highShare[b]!;
      for (const [a, weight] of [[highA[b]!, w], [lowA[b]!, bins.count[b]! - w]] as const) {
        if (weight <= 0) continue;
        let best = 0;
        let bestF = 0;
        for (let i = 0; i < g.c.length; i++) {
          const v = g.c[i]! * dt - nu * a * g.f[i]!;
          if (v < best) {
            best = v;
            bestF = g.f[i]!;
          }
        }
        value += weight * best;
        attained += weight * a * bestF;
      }
    }
    return { value, attained };
  };

  let best = 0;
  let lo = 0;
  let hi = meanServiceSeconds;
  for (let i = 0; i < 200; i++) {
    const d = dual(hi);
    best = Math.max(best, d.value);
    if (d.attained >= required) break;
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
    const mid = lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
    const d = dual(mid);
    best = Math.max(best, d.value);
    if (d.attained >= required) hi = mid;
    else lo = mid;
  }
  return best;
}

function binRates(ratePerStep: Float64Array): RateBins {
  const sorted = Float64Array.from(ratePerStep).sort();
  const count: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  const sum: number[] = [];
  let idle = 0;
  let i = 0;
  while (i < sorted.length && !(sorted[i]! > 0)) {
    idle++;
    i++;
  }
  while (i < sorted.length) {
    const start = sorted[i]!;
    const limit = start * BIN_RATIO;
    let k = 0;
    let s = 0;
    let last = start;
    while (i < sorted.length && sorted[i]! <= limit) {
      last = sorted[i]!;
      s += last;
      k++;
      i++;
    }
    count.push(k);
    low.push(start);
    high.push(last);
    sum.push(s);
  }
  return { count: Float64Array.from(count), lowRate: Float64Array.from(low), highRate: Float64Array.from(high), sumRate: Float64Array.from(sum), idleSteps: idle };
}

function fmtMs(seconds: number): string {
  return `${Math.round(seconds * 1000)} ms`;
}
