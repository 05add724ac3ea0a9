/**
 * What a workload asks of any fleet, before a type is chosen, in capacity units (servers for
 * inference, MB/s of ingest for streaming, vCPUs for batch; see instance-capacity.ts). Two kinds
 * of numbers come out:
 *
 * - lower bounds, which prune: no fleet that meets the SLO holds fewer unit-seconds than
 *   `minUnitSeconds`, and no static fleet that meets it has fewer units than `staticMinUnits`.
 *   Divided by a type's units per instance and priced with costLowerBoundUsd, they bound every
 *   configuration of that type from below, so skipping a type whose bound is above the best
 *   configuration found never skips a cheaper one (up to the assumptions each model states);
 * - estimates, which only order the search (cheapest-looking first, so pruning starts early)
 *   and seed the binary searches near the answer.
 */
import { scheduleArrivals } from '../sim/batch.js';
import { routeService } from '../sim/inference.js';
import { noisy, type Loads } from '../sim/run.js';
import type { SimSpec, WorkloadSpec } from '../sim/spec.js';
import { batchDemand } from './batch-demand.js';
import { inferenceDemand } from './inference-demand.js';
import { streamingDemand } from './streaming-demand.js';

export interface AutoscaledEstimate {
  readonly instanceSeconds: number;
  /** Whether the analytic model expects the SLO to hold at this target. */
  readonly meetsSlo: boolean;
}

export interface Demand {
  readonly kind: WorkloadSpec['kind'];
  /** Why no fleet of any type can meet the SLO, when the model can tell before simulating. */
  readonly impossible: string | undefined;
  readonly minUnitSeconds: number;
  readonly staticMinUnits: number;
  readonly staticUnitsEstimate: number;
  /** Units the busiest step needs at full utilization (sizes autoscaling ceilings). */
  readonly peakUnits: number;
  /** Units each step's load needs at full utilization (inference and streaming; batch has none). */
  readonly unitsPerStep: Float64Array | undefined;
  autoscaledEstimate(unitsPerInstance: number, target: number | undefined): AutoscaledEstimate;
}

/**
 * The demand of the workload being planned. Loads are run 0's (noise included, drawn from the
 * same stream the engine uses), because run 0 is what the search simulates.
 */
export function demandFor(spec: SimSpec, loads: Loads, workload: WorkloadSpec, poolWorkloads: readonly WorkloadSpec[]): Demand {
  switch (workload.kind) {
    case 'inference': {
      const slo = workload.slo!;
      return inferenceDemand({
        ratePerStep: runZeroLoad(spec, loads, workload.name, workload.noiseCv),
        stepSeconds: spec.stepSeconds,
        service: routeService(workload.route),
        quantile: slo.quantile,
        latencySeconds: slo.latencySeconds,
      });
    }
    case 'streaming':
      return streamingDemand({
        ratePerStepMBps: runZeroLoad(spec, loads, workload.name, workload.noiseCv),
        stepSeconds: spec.stepSeconds,
        maxLagSeconds: workload.maxLagSeconds!,
      });
    case 'batch':
      return batchDemand({
        horizonSeconds: spec.horizonSeconds,
        jobs: poolWorkloads
          .filter((w): w is Extract<WorkloadSpec, { kind: 'batch' }> => w.kind === 'batch' && w.deadlineSeconds !== undefined)
          .map((w) => ({
            name: w.name,
            workVcpuHours: w.workVcpuHours,
            parallelFraction: w.parallelFraction,
            maxParallelism: w.maxParallelism,
            deadlineSeconds: w.deadlineSeconds!,
            arrivalsSeconds: scheduleArrivals(w.schedule, spec.horizonSeconds),
          })),
      });
  }
}

/** The load run 0 sees, with the engine's own noise draw. */
function runZeroLoad(spec: SimSpec, loads: Loads, name: string, cv: number): Float64Array {
  return noisy(loads.get(name) ?? new Float64Array(spec.steps), cv, spec.seed, 0, name);
}
