/**
 * The HPA's `spec.behavior` normalisation (models.md §1.4), shared by target tracking and the
 * HPA that KEDA drives for queue scaling. It follows kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go: `stabilizeRecommendationWithBehaviors`, then
 * `convertDesiredReplicasWithBehaviorRate` with `calculateScaleUp/DownLimit…`, then the
 * min/max bounds; `storeScaleEvent` after a rescale.
 *
 * "In the window" means strictly newer than now − window, as Go's `timestamp.After(cutoff)`.
 * Recommendations and scale events live in growable ring buffers, which stop growing once
 * they span the longest window, so steady-state decisions allocate nothing.
 */

export interface HpaScalingPolicy {
  readonly type: 'pods' | 'percent';
  readonly value: number;
  readonly periodSeconds: number;
}

/** `max` picks the policy allowing the largest change (the default), `min` the smallest. */
export type HpaSelectPolicy = 'max' | 'min' | 'disabled';

export interface HpaScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: HpaSelectPolicy;
  readonly policies: readonly HpaScalingPolicy[];
}

/** autoscaling/v2 defaults: no up-stabilization; +100% or +4 pods per 15 s, whichever is more. */
export const DEFAULT_SCALE_UP_RULES: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'max',
  policies: [
    { type: 'percent', value: 100, periodSeconds: 15 },
    { type: 'pods', value: 4, periodSeconds: 15 },
  ],
};

/** autoscaling/v2 defaults: 300 s stabilization; −100% per 15 s. */
export const DEFAULT_SCALE_DOWN_RULES: HpaScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'max',
  policies: [{ type: 'percent', value: 100, periodSeconds: 15 }],
};

/** Timestamped values in time order; old entries are dropped from the head. */
class TimedRing {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(4, capacity));
    this.values = new Float64Array(Math.max(4, capacity));
  }

  push(timeSeconds: number, value: number): void {
    if (this.size === this.times.length) this.grow();
    const i = (this.head + this.size) % this.times.length;
    this.times[i] = timeSeconds;
    this.values[i] = value;
    this.size++;
  }

  /** Drops entries at or before `cutoffSeconds`: they are outside every window from now on. */
  dropUpTo(cutoffSeconds: number): void {
    while (this.size > 0 && this.times[this.head]! <= cutoffSeconds) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
  }

  timeAt(k: number): number {
    return this.times[(this.head + k) % this.times.length]!;
  }

  valueAt(k: number): number {
    return this.values[(this.head + k) % this.times.length]!;
  }

  /** Σ values strictly newer than `cutoffSeconds`. */
  sumAfter(cutoffSeconds: number): number {
    let sum = 0;
    for (let k = 0; k < this.size; k++) if (this.timeAt(k) > cutoffSeconds) sum += this.valueAt(k);
    return sum;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const values = new Float64Array(this.values.length * 2);
    for (let k = 0; k < this.size; k++) {
      times[k] = this.timeAt(k);
      values[k] = this.valueAt(k);
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

/**
 * Sliding-window minimum or maximum over timestamped values (a monotone deque): each value is
 * pushed and dropped once, so the stabilization window costs O(1) per sync instead of a scan
 * of every recommendation in the last 300 s.
 */
class MonotoneWindow {
  // Capacity is a power of two so ring positions use a mask, not a division.
  private times = new Float64Array(16);
  private values = new Float64Array(16);
  private mask = 15;
  private head = 0;
  private size = 0;

  constructor(private readonly keepLarger: boolean) {}

  /** Extreme of the values strictly newer than `cutoffSeconds`, or NaN when none. */
  extreme(cutoffSeconds: number): number {
    while (this.size > 0 && this.times[this.head]! <= cutoffSeconds) {
      this.head = (this.head + 1) & this.mask;
      this.size--;
    }
    return this.size > 0 ? this.values[this.head]! : NaN;
  }

  push(timeSeconds: number, value: number): void {
    // Values dominated by a newer one can never be the extreme again.
    while (this.size > 0) {
      const v = this.values[(this.head + this.size - 1) & this.mask]!;
      if (this.keepLarger ? v <= value : v >= value) this.size--;
      else break;
    }
    if (this.size === this.times.length) this.grow();
    const i = (this.head + this.size) & this.mask;
    this.times[i] = timeSeconds;
    this.values[i] = value;
    this.size++;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const n = this.times.length;
    const times = new Float64Array(n * 2);
    const values = new Float64Array(n * 2);
    for (let k = 0; k < this.size; k++) {
      times[k] = this.times[(this.head + k) & this.mask]!;
      values[k] = this.values[(this.head + k) & this.mask]!;
    }
    this.times = times;
    this.values = values;
    this.mask = n * 2 - 1;
    this.head = 0;
  }
}

export class HpaBehavior {
  /** Lowest recommendation in the scale-up window; highest in the scale-down window. */
  private readonly upWindow = new MonotoneWindow(false);
  private readonly downWindow = new MonotoneWindow(true);
  private readonly scaleUpEvents: TimedRing;
  private readonly scaleDownEvents: TimedRing;
  private readonly longestUpPeriodSeconds: number;
  private readonly longestDownPeriodSeconds: number;

  constructor(
    readonly scaleUp: HpaScalingRules = DEFAULT_SCALE_UP_RULES,
    readonly scaleDown: HpaScalingRules = DEFAULT_SCALE_DOWN_RULES,
    expectedSyncPeriodSeconds = 15,
  ) {
    this.longestUpPeriodSeconds = longestPeriod(scaleUp);
    this.longestDownPeriodSeconds = longestPeriod(scaleDown);
    const per = Math.max(1, expectedSyncPeriodSeconds);
    this.scaleUpEvents = new TimedRing(Math.ceil(this.longestUpPeriodSeconds / per) + 2);
    this.scaleDownEvents = new TimedRing(Math.ceil(this.longestDownPeriodSeconds / per) + 2);
  }

  /**
   * `normalizeDesiredReplicasWithBehaviors`: stabilise `desiredReplicas` (the metric proposal),
   * record it, then apply the rate policies and [min, max]. Does not record a scale event; call
   * `recordScale` when the result differs from `currentReplicas`.
   */
  normalize(nowSeconds: number, currentReplicas: number, desiredReplicas: number, minReplicas: number, maxReplicas: number): number {
    const stabilized = this.stabilize(nowSeconds, currentReplicas, desiredReplicas);
    return this.limitRate(nowSeconds, currentReplicas, stabilized, minReplicas, maxReplicas);
  }

  /**
   * Records `proposal` at `nowSeconds` as `normalize` would, for a sync whose proposal equals
   * the current size: stabilization then always returns the current size (it lies between the
   * window's min and max by construction), so only the windows need the new entry.
   */
  recordSteady(nowSeconds: number, proposal: number): void {
    this.upWindow.push(nowSeconds, proposal);
    this.downWindow.push(nowSeconds, proposal);
  }

  /** `storeScaleEvent`: remember a rescale for the rate policies. */
  recordScale(nowSeconds: number, previousReplicas: number, newReplicas: number): void {
    if (newReplicas > previousReplicas) {
      this.scaleUpEvents.dropUpTo(nowSeconds - this.longestUpPeriodSeconds);
      this.scaleUpEvents.push(nowSeconds, newReplicas - previousReplicas);
    } else if (newReplicas < previousReplicas) {
      this.scaleDownEvents.dropUpTo(nowSeconds - this.longestDownPeriodSeconds);
      this.scaleDownEvents.push(nowSeconds, previousReplicas - newReplicas);
    }
  }

  /** Forget all history (e.g. when KEDA takes a pool to zero and the HPA goes idle). */
  reset(): void {
    this.upWindow.clear();
    this.downWindow.clear();
    this.scaleUpEvents.clear();
    this.scaleDownEvents.clear();
  }

  /**
   * upRec = min(recommendations in the up window, proposal); downRec = max(recommendations in
   * the down window, proposal); result = current clamped into [upRec, downRec]. So the pool
   * scales up only to the lowest recent proposal and down only to the highest.
   */
  private stabilize(nowSeconds: number, currentReplicas: number, desiredReplicas: number): number {
    let upRecommendation = desiredReplicas;
    let downRecommendation = desiredReplicas;
    const lowest = this.upWindow.extreme(nowSeconds - this.scaleUp.stabilizationWindowSeconds);
    const highest = this.downWindow.extreme(nowSeconds - this.scaleDown.stabilizationWindowSeconds);
    if (lowest < upRecommendation) upRecommendation = lowest;
    if (highest > downRecommendation) downRecommendation = highest;
    this.upWindow.push(nowSeconds, desiredReplicas);
    this.downWindow.push(nowSeconds, desiredReplicas);
    let recommendation = currentReplicas;
    if (recommendation < upRecommendation) recommendation = upRecommendation;
    if (recommendation > downRecommendation) recommendation = downRecommendation;
    return recommendation;
  }

  private limitRate(nowSeconds: number, currentReplicas: number, desiredReplicas: number, minReplicas: number, maxReplicas: number): number {
    if (desiredReplicas > currentReplicas) {
      let limit = this.scaleUpLimit(nowSeconds, currentReplicas);
      if (limit < currentReplicas) limit = currentReplicas; // events not aged out yet
      const maximumAllowed = maxReplicas > limit ? limit : maxReplicas;
      return desiredReplicas > maximumAllowed ? maximumAllowed : desiredReplicas;
    }
    if (desiredReplicas < currentReplicas) {
      let limit = this.scaleDownLimit(nowSeconds, currentReplicas);
      if (limit > currentReplicas) limit = currentReplicas;
      const minimumAllowed = minReplicas < limit ? limit : minReplicas;
      return desiredReplicas < minimumAllowed ? minimumAllowed : desiredReplicas;
    }
    return desiredReplicas;
  }

  /** `calculateScaleUpLimitWithScalingRules`. */
  private scaleUpLimit(nowSeconds: number, currentReplicas: number): number {
    const rules = this.scaleUp;
    if (rules.selectPolicy === 'disabled') return currentReplicas;
    const pickMin = rules.selectPolicy === 'min';
    let result = pickMin ? Infinity : -Infinity;
    for (const policy of rules.policies) {
      const cutoff = nowSeconds - policy.periodSeconds;
      const periodStart = currentReplicas - this.scaleUpEvents.sumAfter(cutoff) + this.scaleDownEvents.sumAfter(cutoff);
      const proposed =
        policy.type === 'pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
      result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  /** `calculateScaleDownLimitWithBehaviors`; percent proposals truncate like Go's int32(). */
  private scaleDownLimit(nowSeconds: number, currentReplicas: number): number {
    const rules = this.scaleDown;
    if (rules.selectPolicy === 'disabled') return currentReplicas;
    const pickMin = rules.selectPolicy === 'min';
    let result = pickMin ? -Infinity : Infinity;
    for (const policy of rules.policies) {
      const cutoff = nowSeconds - policy.periodSeconds;
      const periodStart = currentReplicas - this.scaleUpEvents.sumAfter(cutoff) + this.scaleDownEvents.sumAfter(cutoff);
      const proposed =
        policy.type === 'pods' ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
      result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }
}

function longestPeriod(rules: HpaScalingRules): number {
  let longest = 0;
  for (const policy of rules.policies) if (policy.periodSeconds > longest) longest = policy.periodSeconds;
  return longest;
}
