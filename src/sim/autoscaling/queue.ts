import {
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  HpaBehavior,
  type HpaScalingRules,
} from './hpa-behavior.js';

/**
 * Queue-driven scaling as KEDA does it (models.md §2.2). KEDA itself handles 0 ↔ 1: a poll
 * with backlog above `activationBacklog` wakes a pool at zero to max(min, 1); a pool that has
 * been inactive for `cooldownPeriodSeconds` goes back to zero when `minReplicas` is 0. Between
 * 1 and N the HPA KEDA generates scales on an AverageValue metric: desired =
 * ceil(backlog / targetBacklogPerInstance), skipped when backlog / (target × current) is within
 * the tolerance, then the HPA behavior (stabilization, rate policies) and bounds.
 *
 * Simplification: KEDA polls every `pollingIntervalSeconds` and the HPA syncs every 15 s; here
 * both act at each `poll`, which the engine calls once per polling interval.
 */
export interface QueueScalingConfig {
  /** Backlog (messages, requests, jobs, bytes…) one instance should carry: KEDA's target value. */
  readonly targetBacklogPerInstance: number;
  /** The trigger is active when backlog > this (KEDA activationThreshold; default 0). */
  readonly activationBacklog: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
  readonly tolerance: number;
  readonly scaleUp: HpaScalingRules;
  readonly scaleDown: HpaScalingRules;
}

export const QUEUE_SCALING_DEFAULTS = {
  activationBacklog: 0,
  minReplicas: 0,
  maxReplicas: 100,
  pollingIntervalSeconds: 30,
  cooldownPeriodSeconds: 300,
  tolerance: 0.1,
  scaleUp: DEFAULT_SCALE_UP_RULES,
  scaleDown: DEFAULT_SCALE_DOWN_RULES,
} as const;

export type QueueScalingOptions = Partial<QueueScalingConfig> & Pick<QueueScalingConfig, 'targetBacklogPerInstance'>;

/** ceil(backlog / target): the instance count a backlog asks for. */
export function replicasForBacklog(backlog: number, targetBacklogPerInstance: number): number {
  return Math.max(0, Math.ceil(backlog / targetBacklogPerInstance - 1e-9));
}

export class QueueScaling {
  readonly config: QueueScalingConfig;
  private readonly behavior: HpaBehavior;
  private lastActiveSeconds = -Infinity;

  constructor(options: QueueScalingOptions) {
    const config: QueueScalingConfig = { ...QUEUE_SCALING_DEFAULTS, ...options };
    if (!(config.targetBacklogPerInstance > 0)) {
      throw new RangeError(`targetBacklogPerInstance must be > 0, got ${config.targetBacklogPerInstance}`);
    }
    if (!(config.minReplicas >= 0 && config.maxReplicas >= Math.max(1, config.minReplicas))) {
      throw new RangeError(`need 0 ≤ minReplicas ≤ maxReplicas and maxReplicas ≥ 1, got ${config.minReplicas}..${config.maxReplicas}`);
    }
    this.config = config;
    this.behavior = new HpaBehavior(config.scaleUp, config.scaleDown, config.pollingIntervalSeconds);
  }

  /** One poll: returns the new replica count for the observed backlog. */
  poll(nowSeconds: number, currentReplicas: number, backlog: number): number {
    const c = this.config;
    const active = backlog > c.activationBacklog;
    if (active) this.lastActiveSeconds = nowSeconds;
    if (currentReplicas === 0) {
      if (!active) return 0;
      this.behavior.reset();
      return Math.max(c.minReplicas, 1);
    }
    // KEDA scales to zero once lastActive + cooldown is strictly in the past; a trigger that was
    // never active lets it go at once (initialCooldownPeriod 0).
    if (!active && c.minReplicas === 0 && nowSeconds - this.lastActiveSeconds > c.cooldownPeriodSeconds) {
      return 0;
    }
    // The generated HPA never goes below 1.
    const hpaMin = Math.max(c.minReplicas, 1);
    let desired: number;
    if (currentReplicas > c.maxReplicas) desired = c.maxReplicas;
    else if (currentReplicas < hpaMin) desired = hpaMin;
    else {
      const usageRatio = backlog / (c.targetBacklogPerInstance * currentReplicas);
      const proposal = Math.abs(1 - usageRatio) <= c.tolerance ? currentReplicas : replicasForBacklog(backlog, c.targetBacklogPerInstance);
      desired = this.behavior.normalize(nowSeconds, currentReplicas, proposal, hpaMin, c.maxReplicas);
    }
    if (desired !== currentReplicas) this.behavior.recordScale(nowSeconds, currentReplicas, desired);
    return desired;
  }
}
