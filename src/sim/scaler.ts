/**
 * One interface over the autoscaling policies, so the workload kernels only say what they
 * observe (utilization of ready capacity, load, backlog) and get back a desired size. The
 * policies themselves (src/sim/autoscaling/) follow models.md §1–§2; this file decides which
 * one runs, how often, and what it is fed.
 */
import { DEFAULT_SCALE_DOWN_RULES, DEFAULT_SCALE_UP_RULES, type HpaScalingRules } from './autoscaling/hpa-behavior.js';
import { PredictiveScaling } from './autoscaling/predictive.js';
import { QueueScaling } from './autoscaling/queue.js';
import { ScheduledScaling } from './autoscaling/scheduled.js';
import { StepScaling } from './autoscaling/step.js';
import { TargetTracking } from './autoscaling/target-tracking.js';
import type { AutoscalingSpec } from './spec.js';

/** What a workload kernel observes at a decision point. Kernels reuse one object per run. */
export interface Observation {
  now: number;
  /** Running instances (ready + booting): the HPA's currentReplicas. */
  current: number;
  ready: number;
  booting: number;
  /** Mean utilization of ready capacity, 0..1 (1 when a backlog is building). */
  utilization: number;
  /** Offered load in the workload's unit per second (req/s, MB/s). */
  load: number;
  /** Work waiting: requests, MB, or vCPU-hours. */
  backlog: number;
  /** Instances needed to hold the target utilization (or lag) now; NaN if not applicable. */
  neededAtTarget: number;
}

/** One observation to refill at every decision, so the per-sync path allocates nothing. */
export function mutableObservation(): Observation {
  return { now: 0, current: 0, ready: 0, booting: 0, utilization: 0, load: 0, backlog: 0, neededAtTarget: NaN };
}

export interface Scaler {
  /** How often `decide` must be called. */
  readonly periodSeconds: number;
  /** Streaming lag target, when the policy tracks lag: kernels then report `neededAtTarget`. */
  readonly targetLagSeconds?: number | undefined;
  /** Size at t = 0 for a given load, clamped to min..max (PRODUCT.md §4). */
  initialSize(load: number, capacityPerInstance: number): number;
  decide(o: Observation): number;
  /**
   * Optional fast path: the caller guarantees that every sync since the last `decide`, up to
   * and including `now`, observed exactly the same thing. Returns false when the policy cannot
   * skip them (then `decide` must be called for each).
   */
  repeat?(now: number): boolean;
}

function behaviorRules(spec: AutoscalingSpec): { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules } {
  return {
    scaleUp: { ...DEFAULT_SCALE_UP_RULES, stabilizationWindowSeconds: spec.scaleUpStabilizationSeconds },
    scaleDown: { ...DEFAULT_SCALE_DOWN_RULES, stabilizationWindowSeconds: spec.scaleDownStabilizationSeconds },
  };
}

function sizeForLoad(spec: AutoscalingSpec, load: number, capacityPerInstance: number): number {
  const target = spec.targetUtilization ?? 1;
  const n = capacityPerInstance > 0 ? Math.ceil(load / (capacityPerInstance * target) - 1e-9) : spec.min;
  return Math.min(spec.max, Math.max(spec.min, n));
}

export function createScaler(spec: AutoscalingSpec, fixedCount: number, bootTimeSeconds: number): Scaler {
  switch (spec.policy) {
    case 'static':
      return { periodSeconds: 60, initialSize: () => fixedCount, decide: () => fixedCount, repeat: () => true };

    case 'target-tracking': {
      const hpa = new TargetTracking({
        targetUtilization: spec.targetUtilization ?? 1,
        minReplicas: spec.min,
        maxReplicas: spec.max,
        tolerance: spec.tolerance,
        syncPeriodSeconds: spec.syncPeriodSeconds,
        ...behaviorRules(spec),
      });
      return {
        periodSeconds: spec.syncPeriodSeconds,
        targetLagSeconds: spec.targetLagSeconds,
        initialSize: (load, cap) => sizeForLoad(spec, load, cap),
        decide: (o) => {
          if (spec.targetLagSeconds !== undefined || spec.targetUtilization === undefined) {
            // Lag (or another external metric) gives a proposal directly; the HPA normalises it.
            const proposal = Number.isFinite(o.neededAtTarget) ? o.neededAtTarget : o.current;
            if (Math.abs(proposal - o.current) <= spec.tolerance * o.current) return hpa.decide(o.now, o.current, o.current);
            return hpa.decide(o.now, o.current, proposal);
          }
          return hpa.sync(o.now, o.current, o.ready, o.booting, o.utilization);
        },
        repeat: (now) => spec.targetLagSeconds === undefined && spec.targetUtilization !== undefined && hpa.repeatSteady(now),
      };
    }

    case 'queue': {
      const keda = new QueueScaling({
        targetBacklogPerInstance: spec.targetBacklogPerInstance ?? 1,
        minReplicas: spec.min,
        maxReplicas: spec.max,
        pollingIntervalSeconds: spec.syncPeriodSeconds,
        cooldownPeriodSeconds: spec.cooldownSeconds,
        tolerance: spec.tolerance,
        ...behaviorRules(spec),
      });
      return { periodSeconds: spec.syncPeriodSeconds, initialSize: () => spec.min, decide: (o) => keda.poll(o.now, o.current, o.backlog) };
    }

    case 'step': {
      const step = new StepScaling({
        minCapacity: spec.min,
        maxCapacity: spec.max,
        scaleOut: spec.step?.scaleOut,
        scaleIn: spec.step?.scaleIn,
        instanceWarmupSeconds: spec.step?.warmupSeconds,
        metricPeriodSeconds: spec.syncPeriodSeconds,
      });
      let desired = NaN;
      return {
        periodSeconds: spec.syncPeriodSeconds,
        initialSize: (load, cap) => (desired = Math.min(spec.max, Math.max(spec.min, fixedCount > 0 ? fixedCount : sizeForLoad(spec, load, cap)))),
        decide: (o) => {
          if (Number.isNaN(desired)) desired = o.current;
          // Booting instances are still warming; their metrics do not count yet.
          desired = step.evaluate(o.utilization, desired, o.booting);
          return desired;
        },
      };
    }

    case 'scheduled': {
      const schedule = new ScheduledScaling({ actions: spec.schedule ?? [], minCapacity: spec.min, maxCapacity: spec.max });
      const tracking =
        spec.targetUtilization === undefined
          ? undefined
          : new TargetTracking({ targetUtilization: spec.targetUtilization, minReplicas: 0, maxReplicas: Number.MAX_SAFE_INTEGER, tolerance: spec.tolerance, syncPeriodSeconds: spec.syncPeriodSeconds, ...behaviorRules(spec) });
      let desired = NaN;
      return {
        periodSeconds: spec.syncPeriodSeconds,
        initialSize: (load, cap) => {
          schedule.advanceTo(0);
          const base = Number.isNaN(schedule.desiredCapacity) ? (tracking ? sizeForLoad(spec, load, cap) : Math.max(spec.min, fixedCount)) : schedule.desiredCapacity;
          desired = schedule.clamp(base);
          return desired;
        },
        decide: (o) => {
          if (Number.isNaN(desired)) desired = o.current;
          const before = schedule.lastActionSeconds;
          schedule.advanceTo(o.now);
          if (schedule.lastActionSeconds !== before && !Number.isNaN(schedule.desiredCapacity)) desired = schedule.desiredCapacity;
          if (tracking) desired = tracking.sync(o.now, o.current, o.ready, o.booting, o.utilization);
          desired = schedule.clamp(desired);
          return desired;
        },
      };
    }

    case 'predictive': {
      const target = spec.targetUtilization ?? 0.6;
      const hpa = new TargetTracking({ targetUtilization: target, minReplicas: spec.min, maxReplicas: spec.max, tolerance: spec.tolerance, syncPeriodSeconds: spec.syncPeriodSeconds, ...behaviorRules(spec) });
      let predictive: PredictiveScaling | undefined;
      // Only the settings the scenario gives: an explicit undefined would override the defaults.
      const forecast = spec.forecast
        ? { periodSeconds: spec.forecast.periodSeconds, historySeconds: spec.forecast.historySeconds, schedulingBufferSeconds: spec.forecast.bufferSeconds }
        : {};
      const make = (capacityPerInstance: number) =>
        new PredictiveScaling({ loadPerInstanceAtTarget: capacityPerInstance * target, minCapacity: spec.min, maxCapacity: spec.max, bootTimeSeconds, ...forecast });
      let perInstance = 0;
      return {
        periodSeconds: spec.syncPeriodSeconds,
        initialSize: (load, cap) => {
          perInstance = cap;
          predictive = make(cap);
          return sizeForLoad({ ...spec, targetUtilization: target }, load, cap);
        },
        decide: (o) => {
          predictive ??= make(perInstance || 1);
          predictive.observe(o.now, o.load);
          const dynamic = hpa.sync(o.now, o.current, o.ready, o.booting, o.utilization);
          // Predictive only scales out: effective capacity = max(predictive, dynamic).
          return Math.max(dynamic, predictive.capacityAt(o.now));
        },
      };
    }
  }
}
