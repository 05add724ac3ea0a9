/**
 * EC2 Auto Scaling step scaling (models.md §2.1): a CloudWatch alarm on a metric, and step
 * adjustments whose bounds are relative to the alarm threshold.
 *
 * - A step [lower, upper) matches metric − threshold; on the scale-out side (Greater… alarms)
 *   the lower bound is inclusive, on the scale-in side the upper bound is; a missing bound is
 *   ±∞.
 * - The alarm is in ALARM after `evaluationPeriods` consecutive breaching datapoints, and it
 *   invokes the policy at every evaluation while it stays there.
 * - Instance warmup: on scale-out the adjustment is computed from in-service capacity (the
 *   desired count minus warming instances) and the new desired is the larger of that and the
 *   current desired, so repeated breaches of the same step add nothing twice (AWS's warmup
 *   example). Scale-in works from the desired capacity. Cooldowns do not apply to step policies.
 */

export type AdjustmentType = 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';

export type AlarmComparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export interface StepAdjustment {
  /** Lower bound of metric − threshold; absent = −∞. */
  readonly lowerBound?: number;
  /** Upper bound of metric − threshold; absent = +∞. */
  readonly upperBound?: number;
  /** Instances, exact capacity, or percent, per `adjustmentType`. */
  readonly scalingAdjustment: number;
}

export interface StepPolicyConfig {
  readonly alarmThreshold: number;
  readonly comparison: AlarmComparison;
  readonly adjustmentType: AdjustmentType;
  readonly steps: readonly StepAdjustment[];
  /** Percent adjustments smaller than this (in instances) are raised to it. */
  readonly minAdjustmentMagnitude?: number;
  /** Consecutive breaching datapoints before ALARM (default 1). */
  readonly evaluationPeriods?: number;
}

export interface StepScalingConfig {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly scaleOut?: StepPolicyConfig;
  readonly scaleIn?: StepPolicyConfig;
  /** Seconds before a new instance's metrics count (default 300, the ASG default cooldown used as warmup). */
  readonly instanceWarmupSeconds?: number;
  /** CloudWatch datapoint period; the engine calls `evaluate` once per period (default 60 s). */
  readonly metricPeriodSeconds?: number;
}

export const STEP_SCALING_DEFAULTS = {
  instanceWarmupSeconds: 300,
  metricPeriodSeconds: 60,
  evaluationPeriods: 1,
} as const;

/**
 * The adjustment of the step matching metric − threshold, or NaN when none matches.
 * `upperInclusive` selects the scale-in convention.
 */
export function stepAdjustmentFor(steps: readonly StepAdjustment[], metricMinusThreshold: number, upperInclusive: boolean): number {
  const x = metricMinusThreshold;
  for (const step of steps) {
    const lower = step.lowerBound ?? -Infinity;
    const upper = step.upperBound ?? Infinity;
    const inside = upperInclusive ? x > lower && x <= upper : x >= lower && x < upper;
    if (inside) return step.scalingAdjustment;
  }
  return NaN;
}

/**
 * New capacity after one adjustment, before the min/max clamp. Percent changes round toward
 * zero (30% of 11 → +3; 10% of 14 → +1), a change strictly between 0 and ±1 becomes ±1, and
 * `minAdjustmentMagnitude` raises smaller percent changes to it.
 */
export function applyAdjustment(
  capacity: number,
  adjustmentType: AdjustmentType,
  adjustment: number,
  minAdjustmentMagnitude = 0,
): number {
  if (adjustmentType === 'ExactCapacity') return adjustment;
  if (adjustmentType === 'ChangeInCapacity') return capacity + adjustment;
  const raw = (capacity * adjustment) / 100;
  let change = Math.trunc(raw);
  if (change === 0 && raw !== 0) change = Math.sign(raw);
  if (Math.abs(change) < minAdjustmentMagnitude) change = Math.sign(raw) * minAdjustmentMagnitude;
  return capacity + change;
}

class AlarmState {
  breaches = 0;
  constructor(readonly policy: StepPolicyConfig) {}

  /** Feeds one datapoint; true while the alarm is in ALARM. */
  observe(metricValue: number): boolean {
    const t = this.policy.alarmThreshold;
    let breaching: boolean;
    switch (this.policy.comparison) {
      case 'GreaterThanOrEqualToThreshold':
        breaching = metricValue >= t;
        break;
      case 'GreaterThanThreshold':
        breaching = metricValue > t;
        break;
      case 'LessThanThreshold':
        breaching = metricValue < t;
        break;
      case 'LessThanOrEqualToThreshold':
        breaching = metricValue <= t;
        break;
    }
    this.breaches = breaching ? this.breaches + 1 : 0;
    return this.breaches >= (this.policy.evaluationPeriods ?? STEP_SCALING_DEFAULTS.evaluationPeriods);
  }
}

export class StepScaling {
  readonly config: StepScalingConfig;
  private readonly scaleOutAlarm: AlarmState | undefined;
  private readonly scaleInAlarm: AlarmState | undefined;

  constructor(config: StepScalingConfig) {
    if (!(config.minCapacity >= 0 && config.maxCapacity >= config.minCapacity)) {
      throw new RangeError(`need 0 ≤ minCapacity ≤ maxCapacity, got ${config.minCapacity}..${config.maxCapacity}`);
    }
    this.config = config;
    this.scaleOutAlarm = config.scaleOut === undefined ? undefined : new AlarmState(config.scaleOut);
    this.scaleInAlarm = config.scaleIn === undefined ? undefined : new AlarmState(config.scaleIn);
  }

  get instanceWarmupSeconds(): number {
    return this.config.instanceWarmupSeconds ?? STEP_SCALING_DEFAULTS.instanceWarmupSeconds;
  }

  get metricPeriodSeconds(): number {
    return this.config.metricPeriodSeconds ?? STEP_SCALING_DEFAULTS.metricPeriodSeconds;
  }

  /**
   * One metric datapoint (the aggregate over non-warming instances). Returns the new desired
   * capacity. `warmingCapacity` is how many of `desiredCapacity` are still warming up.
   */
  evaluate(metricValue: number, desiredCapacity: number, warmingCapacity = 0): number {
    const { minCapacity, maxCapacity } = this.config;
    let desired = desiredCapacity;
    const out = this.scaleOutAlarm;
    if (out !== undefined && out.observe(metricValue)) {
      const policy = out.policy;
      const adjustment = stepAdjustmentFor(policy.steps, metricValue - policy.alarmThreshold, false);
      if (!Number.isNaN(adjustment)) {
        const inService = Math.max(0, desiredCapacity - warmingCapacity);
        const proposed = applyAdjustment(inService, policy.adjustmentType, adjustment, policy.minAdjustmentMagnitude);
        if (proposed > desired) desired = proposed;
      }
    }
    const scaleIn = this.scaleInAlarm;
    if (scaleIn !== undefined && scaleIn.observe(metricValue) && desired === desiredCapacity) {
      const policy = scaleIn.policy;
      const adjustment = stepAdjustmentFor(policy.steps, metricValue - policy.alarmThreshold, true);
      if (!Number.isNaN(adjustment)) {
        const proposed = applyAdjustment(desiredCapacity, policy.adjustmentType, adjustment, policy.minAdjustmentMagnitude);
        if (proposed < desired) desired = proposed;
      }
    }
    return Math.min(maxCapacity, Math.max(minCapacity, desired));
  }
}
