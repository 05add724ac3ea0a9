/**
 * A floor under what a target-tracking autoscaler runs, for pruning its lanes more tightly than
 * the workload's own bound can. The policy (models.md §1) acts whenever utilization leaves
 * target × (1 ± tolerance), so once it has caught up with the load the fleet holds at least
 * load / (capacity per instance × target × (1 + tolerance)) instances. It can lag behind a rise:
 * a decision per sync period, each growing the fleet at most by 1/target, then the boot time.
 * So the floor at each step uses the least load of a trailing window long enough for a ten-fold
 * rise to be met (ten syncs, any scale-up stabilization, the boot time and one step);
 * scale-down stabilization only keeps the fleet larger. Lost spot capacity is replaced within the notice on AWS, and the 3%
 * taken off the floor covers the providers whose notice is shorter than a boot.
 *
 * This floor rests on the policy's documented behaviour rather than on the SLO, so it is used
 * only for target-tracking (and predictive, which never scales below its dynamic part).
 */
import type { AutoscalingSpec } from '../sim/spec.js';
import type { FleetFloor } from './purchase-price.js';

const SAFETY = 0.97;
const SYNCS_TO_CATCH_UP = 10;

export class TrackingFloor {
  private readonly windowLeast: Float64Array;
  private readonly memo = new Map<string, FleetFloor>();

  /** `unitsPerStep`: what each step's load needs at full utilization, in capacity units. */
  constructor(
    unitsPerStep: Float64Array,
    private readonly stepSeconds: number,
    private readonly policy: AutoscalingSpec,
    bootSeconds: number,
  ) {
    const lagSeconds = bootSeconds + policy.scaleUpStabilizationSeconds + SYNCS_TO_CATCH_UP * policy.syncPeriodSeconds + stepSeconds;
    const window = Math.max(1, Math.ceil(lagSeconds / stepSeconds));
    this.windowLeast = slidingMinimum(unitsPerStep, window);
  }

  static applies(policy: AutoscalingSpec): boolean {
    return (policy.policy === 'target-tracking' || policy.policy === 'predictive') && policy.targetUtilization !== undefined;
  }

  /**
   * Least instance-seconds at this target with instances of `unitsPerInstance`, under a ceiling
   * of `maxInstances`, and how many of them fall within the first `onDemandBase` instances.
   */
  floor(unitsPerInstance: number, target: number, maxInstances: number, onDemandBase: number): FleetFloor {
    const key = `${unitsPerInstance}:${target}:${maxInstances}:${onDemandBase}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const perInstance = unitsPerInstance * target * (1 + this.policy.tolerance);
    let total = 0;
    let base = 0;
    for (let i = 0; i < this.windowLeast.length; i++) {
      const n = Math.min(maxInstances, Math.max(1, Math.ceil((SAFETY * this.windowLeast[i]!) / perInstance - 1e-9)));
      total += n;
      base += Math.min(n, onDemandBase);
    }
    const floor = { instanceSeconds: total * this.stepSeconds, baseSeconds: base * this.stepSeconds };
    this.memo.set(key, floor);
    return floor;
  }
}

/** out[i] = min(values[i − window + 1 .. i]), by a monotone deque in O(n). */
function slidingMinimum(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length);
  const deque = new Int32Array(values.length);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < values.length; i++) {
    while (tail > head && values[deque[tail - 1]!]! >= values[i]!) tail--;
    deque[tail++] = i;
    if (deque[head]! <= i - window) head++;
    out[i] = values[deque[head]!]!;
  }
  return out;
}
