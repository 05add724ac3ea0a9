/**
 * The request-level reference simulator: the same SimSpec the step engine runs, simulated one
 * request at a time with a discrete-event loop (pool-simulation.ts). It is the engine's ground
 * truth for `capsim verify` and test/fidelity, slow by design: use it on horizons up to a day
 * and up to ~10⁶ requests per run.
 *
 * Scope: inference workloads, each with the pool it runs on (the engine serves one inference
 * or streaming workload per pool; the reference takes the inference ones). Streaming and batch
 * workloads have no request-level model here and are listed in `skipped`. Pure and
 * deterministic: the result is a function of (spec, loads, runIndex, arrival times).
 */
import { streamFor } from '../../model/prng.js';
import { applyNoise } from '../load.js';
import type { Loads } from '../run.js';
import type { InferenceSpec, SimSpec } from '../spec.js';
import { simulatePoolRequests, type AutoscalerMetric, type ReferencePoolResult, type ReferenceWorkloadResult } from './pool-simulation.js';

export type { AutoscalerMetric, ReferencePoolResult, ReferenceWorkloadResult } from './pool-simulation.js';

export interface ReferenceOptions {
  /** Selects the PRNG streams, as the engine's runIndex does (spot and noise draws are shared). */
  readonly runIndex: number;
  /** Exact arrival times per workload name (an event trace), used instead of Poisson draws. */
  readonly arrivalTimesSeconds?: ReadonlyMap<string, Float64Array>;
  /** What autoscalers observe as utilization (default `measured`; see AutoscalerMetric). */
  readonly autoscalerMetric?: AutoscalerMetric;
}

export interface ReferenceResult {
  readonly runIndex: number;
  readonly workloads: readonly ReferenceWorkloadResult[];
  /** The pools of those workloads (pools without an inference workload are not simulated). */
  readonly pools: readonly ReferencePoolResult[];
  /** Workloads the reference does not model (streaming, batch), by name. */
  readonly skipped: readonly string[];
}

export function simulateReference(spec: SimSpec, loads: Loads, options: ReferenceOptions): ReferenceResult {
  const workloads: ReferenceWorkloadResult[] = [];
  const pools: ReferencePoolResult[] = [];
  const skipped: string[] = [];
  for (const pool of spec.pools) {
    const onPool = spec.workloads.filter((w) => w.pool === pool.name);
    // The engine serves the first non-batch workload of a pool; mirror that choice.
    const serving = onPool.find((w) => w.kind !== 'batch');
    for (const w of onPool) if (w !== serving || w.kind !== 'inference') skipped.push(w.name);
    if (serving?.kind !== 'inference') continue;
    const load = loads.get(serving.name);
    if (!load) throw new RangeError(`no evaluated load for workload ${serving.name}`);
    const r = simulatePoolRequests({
      pool,
      workload: serving,
      ratePerStep: noisy(load, serving, spec.seed, options.runIndex),
      stepSeconds: spec.stepSeconds,
      horizonSeconds: spec.horizonSeconds,
      seed: spec.seed,
      runIndex: options.runIndex,
      arrivalTimesSeconds: options.arrivalTimesSeconds?.get(serving.name),
      autoscalerMetric: options.autoscalerMetric ?? 'measured',
    });
    workloads.push(r.workload);
    pools.push(r.pool);
  }
  return { runIndex: options.runIndex, workloads, pools, skipped };
}

/** The engine's per-step noise, from the engine's own stream: both simulators see the same rates. */
function noisy(load: Float64Array, w: InferenceSpec, seed: number, runIndex: number): Float64Array {
  if (!(w.noiseCv > 0)) return load;
  const rng = streamFor(seed, runIndex, `noise:${w.name}`);
  const out = new Float64Array(load.length);
  applyNoise(load, w.noiseCv, () => rng.nextNormal(), out);
  return out;
}
