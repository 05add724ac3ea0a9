/**
 * Streaming demand from the engine's own fluid recurrence (PRODUCT.md §4): backlog(t+h) =
 * max(0, backlog + (in − capacity)·h), lag = backlog / capacity. The SLO is a maximum lag, so a
 * plan must keep lag within it at every step (attainment 1).
 *
 * - A static fleet's capacity is constant (spot losses only lower it), and a larger constant
 *   capacity never lags more, so the least constant capacity that keeps lag within the SLO on
 *   this load, found by bisection over the same recurrence, is both the static bound and the
 *   static estimate.
 * - Any fleet: whenever lag ≤ maxLag throughout, the backlog never exceeds maxLag × peak ingest
 *   (a larger backlog would need capacity above the peak, so it was larger still a step earlier,
 *   back to an empty start). Capacity-seconds ≥ what was processed ≥ ingest − that backlog.
 */
import type { AutoscaledEstimate, Demand } from './demand.js';

/** The engine cuts a static pool's steps at its 60 s decision period. */
const STATIC_PERIOD_SECONDS = 60;
/** A lag-tracking policy (no utilization target) is estimated as if it ran this full. */
const DEFAULT_ESTIMATE_TARGET = 0.9;

export interface StreamingDemandInput {
  /** Ingest in MB/s at each step. */
  readonly ratePerStepMBps: Float64Array;
  readonly stepSeconds: number;
  readonly maxLagSeconds: number;
}

export function streamingDemand(input: StreamingDemandInput): Demand {
  const { ratePerStepMBps: load, stepSeconds, maxLagSeconds } = input;
  let ingestedMB = 0;
  let peak = 0;
  for (let i = 0; i < load.length; i++) {
    ingestedMB += load[i]! * stepSeconds;
    peak = Math.max(peak, load[i]!);
  }
  const staticCapacity = peak > 0 ? leastConstantCapacity(load, stepSeconds, maxLagSeconds, peak) : { fails: 0, keeps: 0 };
  const estimates = new Map<string, AutoscaledEstimate>();
  return {
    kind: 'streaming',
    impossible: undefined,
    minUnitSeconds: Math.max(0, ingestedMB - maxLagSeconds * peak),
    staticMinUnits: staticCapacity.fails,
    staticUnitsEstimate: staticCapacity.keeps,
    peakUnits: peak,
    unitsPerStep: load,
    autoscaledEstimate(unitsPerInstance, target) {
      const u = target ?? DEFAULT_ESTIMATE_TARGET;
      const key = `${unitsPerInstance}:${u}`;
      let hit = estimates.get(key);
      if (hit) return hit;
      let instanceSeconds = 0;
      for (let i = 0; i < load.length; i++) instanceSeconds += Math.max(1, Math.ceil(load[i]! / (unitsPerInstance * u) - 1e-9)) * stepSeconds;
      hit = { instanceSeconds, meetsSlo: true };
      estimates.set(key, hit);
      return hit;
    },
  };
}

/** The bracket the bisection ends with: `fails` lags too much, `keeps` does not. */
function leastConstantCapacity(load: Float64Array, stepSeconds: number, maxLagSeconds: number, peak: number): { fails: number; keeps: number } {
  const subSteps = Math.max(1, Math.ceil(stepSeconds / STATIC_PERIOD_SECONDS - 1e-9));
  const h = stepSeconds / subSteps;
  const keepsLag = (capacity: number): boolean => {
    let backlog = 0;
    for (let i = 0; i < load.length; i++) {
      const inflow = load[i]!;
      for (let s = 0; s < subSteps; s++) {
        backlog = Math.max(0, backlog + (inflow - capacity) * h);
        if (backlog > 0 && backlog / capacity > maxLagSeconds) return false;
      }
    }
    return true;
  };
  let lo = 0;
  let hi = peak; // never builds a backlog
  for (let i = 0; i < 50 && hi - lo > 1e-9 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (keepsLag(mid)) hi = mid;
    else lo = mid;
  }
  // `lo` fails, so any capacity that keeps the lag is above it: the bound.
  return { fails: lo, keeps: hi };
}
