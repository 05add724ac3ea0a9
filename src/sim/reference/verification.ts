/**
 * Runs the step engine and the reference on the same spec for seeds (run indices) 0 … n−1 and
 * compares them per inference workload. Pure: no clock; callers that want timings wrap it.
 */
import { simulateRun, type Loads } from '../run.js';
import type { InferenceSpec, SimSpec } from '../spec.js';
import { compareSamples, type CaseComparison, type CaseMeta, type WorkloadSample } from './comparison.js';
import type { FidelityCase } from './grid.js';
import { simulateReference, type AutoscalerMetric, type ReferenceResult } from './reference.js';

export interface VerifyOptions {
  readonly seeds: number;
  readonly autoscalerMetric?: AutoscalerMetric;
  readonly arrivalTimesSeconds?: ReadonlyMap<string, Float64Array>;
  /** Called after each seed (progress). */
  readonly onSeed?: (done: number, total: number) => void;
}

/** Describes a workload of a spec for the report; the grid supplies its own. */
export type MetaFor = (workload: InferenceSpec, referenceUtilization: number) => CaseMeta;

export function verifySpec(spec: SimSpec, loads: Loads, options: VerifyOptions, metaFor: MetaFor): CaseComparison[] {
  if (!(Number.isInteger(options.seeds) && options.seeds >= 1)) throw new RangeError(`seeds must be a whole number ≥ 1 (got ${options.seeds})`);
  const engineSamples = new Map<string, WorkloadSample[]>();
  const referenceSamples = new Map<string, WorkloadSample[]>();
  const utilization = new Map<string, number[]>();
  for (let k = 0; k < options.seeds; k++) {
    const engine = simulateRun(spec, loads, { runIndex: k, series: false });
    const reference = simulateReference(spec, loads, {
      runIndex: k,
      ...(options.autoscalerMetric ? { autoscalerMetric: options.autoscalerMetric } : {}),
      ...(options.arrivalTimesSeconds ? { arrivalTimesSeconds: options.arrivalTimesSeconds } : {}),
    });
    for (const w of reference.workloads) {
      const ew = engine.workloads.find((x) => x.name === w.name);
      if (!ew?.inference) throw new RangeError(`the engine has no inference result for workload ${w.name}`);
      push(engineSamples, w.name, {
        histogram: ew.inference.histogram,
        meanLatencySeconds: ew.inference.latencySeconds.mean,
        served: ew.inference.served,
        dropped: ew.inference.dropped,
        arrived: ew.inference.arrived,
        costUsd: ew.costUsd,
      });
      push(referenceSamples, w.name, referenceSample(reference, w.name));
      const pool = reference.pools.find((p) => p.name === w.pool);
      push(utilization, w.name, pool?.utilization ?? NaN);
    }
    options.onSeed?.(k + 1, options.seeds);
  }
  const out: CaseComparison[] = [];
  for (const [name, refs] of referenceSamples) {
    const workload = spec.workloads.find((w): w is InferenceSpec => w.kind === 'inference' && w.name === name)!;
    const u = utilization.get(name)!;
    const meta = metaFor(workload, u.reduce((a, b) => a + b, 0) / u.length);
    out.push(compareSamples(meta, engineSamples.get(name)!, refs, Math.max(3600, workload.maxWaitSeconds * 4)));
  }
  return out;
}

/** One grid case, compared on its only workload, over `seeds` × the case's seed factor. */
export function verifyCase(c: FidelityCase, seeds: number, onSeed?: (done: number, total: number) => void): CaseComparison {
  const [comparison] = verifySpec(
    c.spec,
    c.loads,
    { seeds: seeds * (c.seedFactor ?? 1), ...(c.autoscalerMetric ? { autoscalerMetric: c.autoscalerMetric } : {}), ...(onSeed ? { onSeed } : {}) },
    () => ({
      id: c.id,
      title: c.title,
      group: c.group,
      utilization: c.utilization,
      servers: c.servers,
      service: serviceLabel(c.service),
      limits: c.limits,
    }),
  );
  if (!comparison) throw new RangeError(`grid case ${c.id} has no inference workload`);
  return comparison;
}

export function serviceLabel(d: FidelityCase['service']): string {
  return d === 'exponential' ? 'exp' : d === 'deterministic' ? 'det' : `gamma cv ${d.cv}`;
}

function referenceSample(r: ReferenceResult, name: string): WorkloadSample {
  const w = r.workloads.find((x) => x.name === name)!;
  const pool = r.pools.find((p) => p.name === w.pool)!;
  return {
    histogram: w.histogram,
    meanLatencySeconds: w.latencySeconds.mean,
    served: w.served,
    dropped: w.dropped,
    arrived: w.arrived,
    costUsd: pool.bill.totalUsd,
  };
}

function push<T>(m: Map<string, T[]>, key: string, value: T): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}
