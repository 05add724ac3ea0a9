/**
 * What the engine simulates: a scenario after the boundary has resolved it. Every number is in
 * canonical units (seconds, req/s, MB/s, vCPU-hours, USD), catalog prices are looked up, traces
 * are read and expressions compiled. The engine trusts all of it.
 */
import type { BillingRule, Commitment, OnPremCost } from '../model/billing/index.js';
import type { Provider } from '../model/catalog.js';
import type { ServiceDistribution } from '../model/queueing.js';
import type { LoadSource } from './load.js';
import type { ScheduledAction } from './autoscaling/scheduled.js';
import type { StepPolicyConfig } from './autoscaling/step.js';

export interface SimSpec {
  readonly name: string;
  readonly horizonSeconds: number;
  readonly stepSeconds: number;
  /** horizonSeconds / stepSeconds, a whole number. */
  readonly steps: number;
  readonly seed: number;
  readonly pools: readonly PoolSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly features: FeatureSpec | undefined;
}

export interface InstanceSpec {
  readonly label: string;
  readonly provider: Provider;
  readonly region: string;
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpus: number;
  readonly onDemandUsdPerHour: number;
  /** Null when the type has no spot offer. */
  readonly spotUsdPerHour: number | null;
}

export type AutoscalingPolicy = 'static' | 'target-tracking' | 'step' | 'scheduled' | 'predictive' | 'queue';

/**
 * One pool's autoscaler. Fields that a policy does not use are ignored; the boundary has checked
 * that each policy has what it needs (a target for target-tracking, steps for step, …).
 */
export interface AutoscalingSpec {
  readonly policy: AutoscalingPolicy;
  readonly min: number;
  readonly max: number;
  readonly syncPeriodSeconds: number;
  readonly tolerance: number;
  readonly scaleDownStabilizationSeconds: number;
  readonly scaleUpStabilizationSeconds: number;
  /** Utilization to hold (target-tracking, predictive, and scheduled when it also tracks). */
  readonly targetUtilization: number | undefined;
  /** Streaming: track consumer lag instead of utilization. */
  readonly targetLagSeconds: number | undefined;
  /** queue: backlog per instance (requests, MB, or vCPU-hours of pending work). */
  readonly targetBacklogPerInstance: number | undefined;
  readonly cooldownSeconds: number;
  readonly step: { readonly scaleOut: StepPolicyConfig | undefined; readonly scaleIn: StepPolicyConfig | undefined; readonly warmupSeconds: number } | undefined;
  readonly schedule: readonly ScheduledAction[] | undefined;
  readonly forecast: { readonly periodSeconds: number; readonly historySeconds: number; readonly bufferSeconds: number } | undefined;
}

export interface CloudPoolSpec {
  readonly kind: 'cloud';
  readonly name: string;
  readonly instance: InstanceSpec;
  readonly billing: BillingRule;
  /** Size at t = 0 for static pools (and the initial size hint for autoscaled ones). */
  readonly count: number;
  readonly autoscaling: AutoscalingSpec;
  readonly bootTimeSeconds: number;
  readonly purchase: {
    readonly onDemandBase: number;
    readonly spotShare: number;
    readonly spotFallback: 'on-demand' | 'none';
  };
  readonly commitments: readonly Commitment[];
  readonly spot: {
    /** Expected interruptions per spot instance per 730 h. */
    readonly interruptionsPerMonth: number;
    readonly noticeSeconds: number;
    /** Share of the pool's spot instances one interruption event takes. */
    readonly correlation: number;
    /** After an interruption, fallback on-demand capacity is swapped back to spot after this long. */
    readonly rebalanceAfterSeconds: number;
    /** Replayed spot price for each hour of the horizon; absent: the catalog's average price. */
    readonly usdPerHourByHour?: Float64Array | undefined;
  };
}

export interface OnPremPoolSpec {
  readonly kind: 'on-prem';
  readonly name: string;
  readonly nodes: number;
  readonly vcpuPerNode: number;
  readonly cost: OnPremCost;
}

export type PoolSpec = CloudPoolSpec | OnPremPoolSpec;

export interface LatencySlo {
  /** The share of requests that must be within `latencySeconds` (p99 → 0.99). */
  readonly quantile: number;
  readonly latencySeconds: number;
  readonly label: string;
}

export interface ModelVariantSpec {
  readonly name: string;
  readonly serviceSeconds: number;
  readonly distribution: ServiceDistribution;
  readonly accuracy: number | undefined;
}

export interface InferenceSpec {
  readonly kind: 'inference';
  readonly name: string;
  readonly pool: string;
  readonly load: LoadSource;
  readonly noiseCv: number;
  readonly serversPerInstance: number;
  /** One model, or a cascade: `first` serves everything, `escalate` of it goes on to `second`. */
  readonly route:
    | { readonly kind: 'single'; readonly model: ModelVariantSpec }
    | { readonly kind: 'cascade'; readonly first: ModelVariantSpec; readonly second: ModelVariantSpec; readonly escalate: number };
  readonly maxWaitSeconds: number;
  readonly egressGBPerRequest: number;
  readonly slo: LatencySlo | undefined;
}

export interface StreamingSpec {
  readonly kind: 'streaming';
  readonly name: string;
  readonly pool: string;
  readonly load: LoadSource;
  readonly noiseCv: number;
  readonly throughputPerInstanceMBps: number;
  readonly replication: number;
  readonly retentionSeconds: number;
  readonly consumers: number;
  readonly egressShare: number;
  readonly maxLagSeconds: number | undefined;
}

export type BatchScheduleSpec =
  | { readonly kind: 'cron'; readonly cron: string }
  | { readonly kind: 'every'; readonly everySeconds: number; readonly offsetSeconds: number };

export interface BatchSpec {
  readonly kind: 'batch';
  readonly name: string;
  readonly pool: string;
  readonly schedule: BatchScheduleSpec;
  readonly workVcpuHours: number;
  /** Compound growth of the work per job per 730 h month. */
  readonly workGrowthPerMonth: number;
  readonly parallelFraction: number;
  readonly maxParallelism: number | undefined;
  readonly checkpointIntervalSeconds: number | undefined;
  readonly deadlineSeconds: number | undefined;
}

export type WorkloadSpec = InferenceSpec | StreamingSpec | BatchSpec;

export interface FeaturePipelineSpec {
  readonly name: string;
  readonly workVcpuHours: number;
  readonly refreshSeconds: number;
  readonly pool: string;
  readonly consumers: readonly string[];
  readonly onlineStore: { readonly sizeGB: number; readonly readsPerSecond: number } | undefined;
}

export interface FeatureSpec {
  readonly reuse: boolean;
  readonly pipelines: readonly FeaturePipelineSpec[];
}
