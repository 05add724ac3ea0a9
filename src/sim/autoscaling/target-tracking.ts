import {
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  HpaBehavior,
  type HpaScalingRules,
} from './hpa-behavior.js';

/**
 * Target tracking as the Kubernetes HorizontalPodAutoscaler does it for a CPU-utilization
 * target (models.md §1): the replica calculator of `GetResourceReplicas` (tolerance,
 * ceil(ratio × ready), unready and missing pods filled in conservatively), then the
 * reconcile loop's min/max branches and `spec.behavior` normalisation (hpa-behavior.ts).
 *
 * The engine calls `sync` once per `syncPeriodSeconds` with the pool's counts: booting
 * instances are the HPA's unready (pending) pods and count in `currentReplicas` but carry no
 * usable metric. bootTime itself is the engine's business.
 */
export interface TargetTrackingConfig {
  /** Target mean utilization of ready instances, as a fraction (HPA averageUtilization / 100). */
  readonly targetUtilization: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** |1 − ratio| ≤ tolerance means no action (default 0.1, the controller flag). */
  readonly tolerance: number;
  /** Per-direction tolerances (KEP-4951); default to `tolerance`. */
  readonly scaleUpTolerance?: number;
  readonly scaleDownTolerance?: number;
  /** How often the engine should call `sync` (default 15 s). */
  readonly syncPeriodSeconds: number;
  readonly scaleUp: HpaScalingRules;
  readonly scaleDown: HpaScalingRules;
  /**
   * Truncate utilization to whole percent before dividing by the target, as
   * `GetResourceUtilizationRatio` does with integer millicores (default true).
   */
  readonly wholePercentUtilization: boolean;
}

export const TARGET_TRACKING_DEFAULTS = {
  minReplicas: 1,
  maxReplicas: 100,
  tolerance: 0.1,
  syncPeriodSeconds: 15,
  scaleUp: DEFAULT_SCALE_UP_RULES,
  scaleDown: DEFAULT_SCALE_DOWN_RULES,
  wholePercentUtilization: true,
} as const;

export type TargetTrackingOptions = Partial<TargetTrackingConfig> & Pick<TargetTrackingConfig, 'targetUtilization'>;

/** Guards `floor(u × 100)` against 0.29 × 100 = 28.999999999999996. */
const PERCENT_EPSILON = 1e-9;

export class TargetTracking {
  readonly config: TargetTrackingConfig;
  private readonly behavior: HpaBehavior;
  private readonly targetPercent: number;
  private readonly upTolerance: number;
  private readonly downTolerance: number;
  // Inputs of the last sync whose proposal was the current size (NaN: none to reuse).
  private lastCurrent = NaN;
  private lastReady = NaN;
  private lastUnready = NaN;
  private lastUtilization = NaN;
  private lastMissing = NaN;

  constructor(options: TargetTrackingOptions) {
    const config: TargetTrackingConfig = { ...TARGET_TRACKING_DEFAULTS, ...options };
    if (!(config.targetUtilization > 0)) throw new RangeError(`targetUtilization must be > 0, got ${config.targetUtilization}`);
    if (!(config.minReplicas >= 0 && config.maxReplicas >= config.minReplicas)) {
      throw new RangeError(`need 0 ≤ minReplicas ≤ maxReplicas, got ${config.minReplicas}..${config.maxReplicas}`);
    }
    this.config = config;
    this.behavior = new HpaBehavior(config.scaleUp, config.scaleDown, config.syncPeriodSeconds);
    this.targetPercent = config.wholePercentUtilization
      ? Math.round(config.targetUtilization * 100)
      : config.targetUtilization * 100;
    this.upTolerance = config.scaleUpTolerance ?? config.tolerance;
    this.downTolerance = config.scaleDownTolerance ?? config.tolerance;
  }

  /**
   * One HPA sync. `currentReplicas` is the target's spec.replicas (ready + booting);
   * `utilization` is the mean utilization of the `readyReplicas` that report a metric;
   * `missingReplicas` are ready instances with no metric. Returns the new spec.replicas.
   */
  sync(
    nowSeconds: number,
    currentReplicas: number,
    readyReplicas: number,
    unreadyReplicas: number,
    utilization: number,
    missingReplicas = 0,
  ): number {
    const { minReplicas, maxReplicas } = this.config;
    // reconcileAutoscaler's branches, in its order.
    if (currentReplicas === 0 && minReplicas !== 0) return 0; // scaling disabled
    if (currentReplicas > maxReplicas) return this.rescale(nowSeconds, currentReplicas, maxReplicas);
    if (currentReplicas < minReplicas) return this.rescale(nowSeconds, currentReplicas, minReplicas);
    // A sync that sees exactly what the last steady one saw proposes the same size again, and a
    // proposal equal to the current size always stabilizes to it: only the record is needed.
    // This is the common case in a long simulation (the engine syncs every 15 s).
    if (
      currentReplicas === this.lastCurrent &&
      readyReplicas === this.lastReady &&
      unreadyReplicas === this.lastUnready &&
      utilization === this.lastUtilization &&
      missingReplicas === this.lastMissing
    ) {
      this.behavior.recordSteady(nowSeconds, currentReplicas);
      return currentReplicas;
    }
    const proposal = this.replicasForUtilization(currentReplicas, readyReplicas, unreadyReplicas, utilization, missingReplicas);
    if (Number.isNaN(proposal)) return currentReplicas; // no metrics: the controller errors out and does nothing
    const result = this.decide(nowSeconds, currentReplicas, proposal);
    if (proposal === currentReplicas && result === currentReplicas) {
      this.lastCurrent = currentReplicas;
      this.lastReady = readyReplicas;
      this.lastUnready = unreadyReplicas;
      this.lastUtilization = utilization;
      this.lastMissing = missingReplicas;
    } else {
      this.lastCurrent = NaN;
    }
    return result;
  }

  /**
   * Fast-forwards over syncs that would see exactly what the last one saw, up to `nowSeconds`:
   * true when the last sync was steady (its proposal was the current size), in which case each
   * of those syncs would only have recorded that proposal again. False: call `sync` instead.
   */
  repeatSteady(nowSeconds: number): boolean {
    if (Number.isNaN(this.lastCurrent)) return false;
    this.behavior.recordSteady(nowSeconds, this.lastCurrent);
    return true;
  }

  /**
   * The normalisation half of a sync, for a metric proposal computed elsewhere (e.g. a lag or
   * request-rate metric): stabilization, rate policies, [min, max]. Returns the new replicas.
   */
  decide(nowSeconds: number, currentReplicas: number, proposedReplicas: number): number {
    const { minReplicas, maxReplicas } = this.config;
    const desired = this.behavior.normalize(nowSeconds, currentReplicas, proposedReplicas, minReplicas, maxReplicas);
    return this.rescale(nowSeconds, currentReplicas, desired);
  }

  /**
   * `GetResourceReplicas` (models.md §1.3): the metric's replica proposal, `currentReplicas`
   * when within tolerance or when filling in pods would flip the direction, NaN when no
   * ready instance reports a metric.
   */
  replicasForUtilization(
    currentReplicas: number,
    readyReplicas: number,
    unreadyReplicas: number,
    utilization: number,
    missingReplicas = 0,
  ): number {
    if (readyReplicas <= 0) return NaN;
    const usageRatio = this.percent(utilization) / this.targetPercent;
    const scaleUpWithUnready = unreadyReplicas > 0 && usageRatio > 1;
    if (!scaleUpWithUnready && missingReplicas === 0) {
      if (this.withinTolerance(usageRatio)) return currentReplicas;
      return Math.ceil(usageRatio * readyReplicas);
    }
    // Fill in conservatively: missing pods at max(100%, target) on a scale-down and 0% on a
    // scale-up; unready pods (only counted on a scale-up) at 0%.
    let usageTotal = readyReplicas * utilization;
    let podCount = readyReplicas;
    if (missingReplicas > 0) {
      if (usageRatio < 1) usageTotal += missingReplicas * Math.max(1, this.targetPercent / 100);
      if (usageRatio !== 1) podCount += missingReplicas;
    }
    if (scaleUpWithUnready) podCount += unreadyReplicas;
    const newUsageRatio = this.percent(usageTotal / podCount) / this.targetPercent;
    if (this.withinTolerance(newUsageRatio) || (usageRatio < 1 && newUsageRatio > 1) || (usageRatio > 1 && newUsageRatio < 1)) {
      return currentReplicas;
    }
    const newReplicas = Math.ceil(newUsageRatio * podCount);
    if ((newUsageRatio < 1 && newReplicas > currentReplicas) || (newUsageRatio > 1 && newReplicas < currentReplicas)) {
      return currentReplicas;
    }
    return newReplicas;
  }

  private percent(utilization: number): number {
    const p = utilization * 100;
    return this.config.wholePercentUtilization ? Math.floor(p + PERCENT_EPSILON) : p;
  }

  private withinTolerance(ratio: number): boolean {
    return 1 - this.downTolerance <= ratio && ratio <= 1 + this.upTolerance;
  }

  private rescale(nowSeconds: number, currentReplicas: number, desiredReplicas: number): number {
    if (desiredReplicas !== currentReplicas) this.behavior.recordScale(nowSeconds, currentReplicas, desiredReplicas);
    return desiredReplicas;
  }
}
