/**
 * Load shapes evaluated once per horizon into a typed array (one mean rate per step), so the
 * engine's inner loop only reads memory. Rates are in the workload's unit per second (req/s for
 * inference, MB/s for streaming).
 */
import { HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../model/time.js';

export interface LoadSpike {
  readonly atSeconds: number;
  readonly durationSeconds: number;
  readonly factor: number;
}

export interface LoadShape {
  /** Mean rate before any shape term. */
  readonly base: number;
  readonly diurnal?: { readonly amplitude: number; readonly peakHour: number };
  readonly weekly?: { readonly weekendFactor: number };
  readonly growth?: { readonly perMonth: number };
  readonly spikes?: readonly LoadSpike[];
}

export type LoadSource =
  | { readonly kind: 'shape'; readonly shape: LoadShape }
  /** A compiled, sandboxed expression of t in hours. */
  | { readonly kind: 'expression'; readonly fn: (tHours: number) => number }
  /** A trace already resampled to the step grid (see trace.ts). */
  | { readonly kind: 'trace'; readonly perStep: Float64Array; readonly multiplyShape?: LoadShape };

export interface LoadGrid {
  readonly steps: number;
  readonly stepSeconds: number;
}

/**
 * Fills one rate per step. Shape terms are evaluated at the step midpoint, except spikes, whose
 * multiplier is weighted by how much of the step they overlap: a 90-second spike in a 1-minute
 * grid must not vanish or double depending on alignment.
 */
export function evaluateLoad(source: LoadSource, grid: LoadGrid, out = new Float64Array(grid.steps)): Float64Array {
  const { steps, stepSeconds } = grid;
  switch (source.kind) {
    case 'shape':
      fillShape(source.shape, grid, out);
      break;
    case 'expression':
      for (let i = 0; i < steps; i++) out[i] = source.fn(((i + 0.5) * stepSeconds) / SECONDS_PER_HOUR);
      break;
    case 'trace':
      if (source.multiplyShape) {
        fillShape(source.multiplyShape, grid, out);
        for (let i = 0; i < steps; i++) out[i] = out[i]! * source.perStep[i]!;
      } else {
        out.set(source.perStep.subarray(0, steps));
      }
      break;
  }
  return out;
}

function fillShape(shape: LoadShape, grid: LoadGrid, out: Float64Array): void {
  const { steps, stepSeconds } = grid;
  const amplitude = shape.diurnal?.amplitude ?? 0;
  const peakHour = shape.diurnal?.peakHour ?? 0;
  const weekend = shape.weekly?.weekendFactor ?? 1;
  // Compound growth per 730 h, as a continuous rate so a step's value does not depend on where
  // month boundaries fall.
  const growthPerHour = shape.growth ? Math.log1p(shape.growth.perMonth) / HOURS_PER_MONTH : 0;
  const omega = (2 * Math.PI) / HOURS_PER_DAY;
  for (let i = 0; i < steps; i++) {
    const tSeconds = (i + 0.5) * stepSeconds;
    const tHours = tSeconds / SECONDS_PER_HOUR;
    let v = shape.base;
    if (amplitude !== 0) v *= 1 + amplitude * Math.cos(omega * (tHours - peakHour));
    if (weekend !== 1) {
      // t = 0 is a Monday 00:00 UTC, so days 5 and 6 of each week are the weekend.
      const day = Math.floor(tSeconds / SECONDS_PER_DAY) % 7;
      if (day >= 5) v *= weekend;
    }
    if (growthPerHour !== 0) v *= Math.exp(growthPerHour * tHours);
    out[i] = v;
  }
  for (const spike of shape.spikes ?? []) applySpike(spike, grid, out);
}

function applySpike(spike: LoadSpike, grid: LoadGrid, out: Float64Array): void {
  const { steps, stepSeconds } = grid;
  const start = spike.atSeconds;
  const end = spike.atSeconds + spike.durationSeconds;
  const first = Math.max(0, Math.floor(start / stepSeconds));
  const last = Math.min(steps - 1, Math.ceil(end / stepSeconds) - 1);
  for (let i = first; i <= last; i++) {
    const overlap = Math.min(end, (i + 1) * stepSeconds) - Math.max(start, i * stepSeconds);
    if (overlap <= 0) continue;
    out[i] = out[i]! * (1 + (spike.factor - 1) * (overlap / stepSeconds));
  }
}

/**
 * Multiplicative per-step noise with the given coefficient of variation and mean 1, drawn from
 * a lognormal so the load never goes negative. `normal` supplies standard normal draws.
 */
export function applyNoise(load: Float64Array, cv: number, normal: () => number, out: Float64Array): void {
  if (cv <= 0) {
    out.set(load);
    return;
  }
  const sigma2 = Math.log1p(cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = -sigma2 / 2;
  for (let i = 0; i < load.length; i++) out[i] = load[i]! * Math.exp(mu + sigma * normal());
}
