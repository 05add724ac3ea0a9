/**
 * Batch demand from Amdahl (models.md §6.2): a job of T1 single-core seconds with parallel
 * fraction p takes T(N) = T1·((1 − p) + p/N) on N vCPUs. To meet a deadline D it needs
 * N ≥ N* = p·T1 / (D − (1 − p)·T1) at some point (a static pool must have N* vCPUs), and it
 * holds at least N*·D vCPU-seconds: N·T(N) grows with N, and since the speed-up is concave a
 * varying allocation never needs fewer vCPU-seconds than a constant one. Only jobs whose deadline
 * falls inside the horizon are counted, as the engine's attainment does.
 */
import type { AutoscaledEstimate, Demand } from './demand.js';

export interface BatchJobDemand {
  readonly name: string;
  readonly workVcpuHours: number;
  readonly parallelFraction: number;
  readonly maxParallelism: number | undefined;
  readonly deadlineSeconds: number;
  readonly arrivalsSeconds: readonly number[];
}

export interface BatchDemandInput {
  readonly horizonSeconds: number;
  /** Every batch workload with a deadline on the pool. */
  readonly jobs: readonly BatchJobDemand[];
}

export function batchDemand(input: BatchDemandInput): Demand {
  let impossible: string | undefined;
  let minVcpuSeconds = 0;
  let widest = 0;
  const perJob: Array<{ vcpus: number; serialSeconds: number; parallelSeconds: number; jobs: number }> = [];
  for (const j of input.jobs) {
    const t1 = j.workVcpuHours * 3600;
    const serial = (1 - j.parallelFraction) * t1;
    const parallel = j.parallelFraction * t1;
    const decided = j.arrivalsSeconds.filter((t) => t + j.deadlineSeconds <= input.horizonSeconds).length;
    if (j.deadlineSeconds <= serial) {
      impossible ??= `${j.name}: the serial part alone (${(serial / 3600).toFixed(2)} h) exceeds the ${(j.deadlineSeconds / 3600).toFixed(2)} h deadline on any number of vCPUs`;
      continue;
    }
    const needed = Math.max(1, parallel / (j.deadlineSeconds - serial));
    if (j.maxParallelism !== undefined && j.maxParallelism < needed - 1e-9) {
      impossible ??= `${j.name}: meeting the deadline needs ${Math.ceil(needed)} vCPUs at once but maxParallelism is ${j.maxParallelism}`;
      continue;
    }
    minVcpuSeconds += decided * needed * (serial + parallel / needed);
    if (decided > 0 || j.arrivalsSeconds.length > 0) widest = Math.max(widest, needed);
    perJob.push({ vcpus: needed, serialSeconds: serial, parallelSeconds: parallel, jobs: j.arrivalsSeconds.length });
  }
  const estimates = new Map<number, AutoscaledEstimate>();
  return {
    kind: 'batch',
    impossible,
    minUnitSeconds: minVcpuSeconds,
    staticMinUnits: widest,
    staticUnitsEstimate: widest,
    peakUnits: widest,
    unitsPerStep: undefined,
    autoscaledEstimate(unitsPerInstance) {
      let hit = estimates.get(unitsPerInstance);
      if (hit) return hit;
      // Each job on just enough whole instances for its deadline, the pool idle in between.
      let instanceSeconds = 0;
      for (const p of perJob) {
        const instances = Math.ceil(p.vcpus / unitsPerInstance - 1e-9);
        instanceSeconds += p.jobs * instances * (p.serialSeconds + p.parallelSeconds / (instances * unitsPerInstance));
      }
      hit = { instanceSeconds, meetsSlo: true };
      estimates.set(unitsPerInstance, hit);
      return hit;
    },
  };
}
