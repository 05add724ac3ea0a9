/**
 * Service times of individual requests. Where the step engine fits a two-moment law (shifted
 * exponential below cv 1, hyperexponential above; src/model/queueing.ts), the reference draws
 * from the distribution a scenario names: exponential, deterministic, or gamma with the given
 * cv (shape 1/cv², the usual reading of "mean and cv" for a positive service time). A cascade
 * runs its first model for every request and its second for a Bernoulli(`escalate`) share,
 * each with its own law, instead of one fitted law for the sum.
 */
import type { Sfc32 } from '../../model/prng.js';
import type { InferenceSpec, ModelVariantSpec } from '../spec.js';

export type ServiceSampler = () => number;

export function serviceSampler(route: InferenceSpec['route'], rng: Sfc32): ServiceSampler {
  if (route.kind === 'single') return modelSampler(route.model, rng);
  const first = modelSampler(route.first, rng);
  const second = modelSampler(route.second, rng);
  const escalate = route.escalate;
  return () => {
    const s = first();
    return rng.nextFloat() < escalate ? s + second() : s;
  };
}

function modelSampler(model: ModelVariantSpec, rng: Sfc32): ServiceSampler {
  const mean = model.serviceSeconds;
  if (!(mean > 0)) throw new RangeError(`service time of model ${model.name} must be > 0 s (got ${mean})`);
  const d = model.distribution;
  const cv = d === 'exponential' ? 1 : d === 'deterministic' ? 0 : d.cv;
  if (cv === 0) return () => mean;
  if (cv === 1) {
    const rate = 1 / mean;
    return () => rng.nextExponential(rate);
  }
  const shape = 1 / (cv * cv);
  const scale = mean / shape;
  return () => scale * gammaUnitScale(shape, rng);
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000); for shape < 1, Gamma(shape + 1)·U^(1/shape).
 * Rejection loops are bounded in expectation (acceptance > 95% for shape ≥ 1).
 */
export function gammaUnitScale(shape: number, rng: Sfc32): number {
  if (shape < 1) {
    const u = 1 - rng.nextFloat(); // (0, 1]
    return gammaUnitScale(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.nextNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
