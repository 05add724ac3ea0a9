/**
 * What a workload kernel needs from its pool: how many instances are ready, a way to ask for a
 * size, time passing, and the bill. Cloud pools (Fleet) and on-prem pools implement it.
 */
import { onPremCostUsd } from '../model/billing/index.js';
import { SECONDS_PER_HOUR } from '../model/time.js';
import { Fleet, type FleetTotals } from './fleet.js';
import type { OnPremPoolSpec } from './spec.js';

export interface Capacity {
  readonly readyTotal: number;
  readonly bootingTotal: number;
  readonly current: number;
  /** Ready on-demand and spot instances (on-prem nodes count as on-demand here). */
  readonly ready: Float64Array;
  start(size: number): void;
  /** Earliest pending boot completion or spot loss; Infinity when none. */
  nextEventAt: number;
  wouldChange(desired: number): boolean;
  reconcile(now: number, desired: number): void;
  advance(now: number, dt: number): void;
  finish(horizonSeconds: number): FleetTotals;
  readonly hourlyUsd: Float64Array;
  /** vCPUs of one instance (or node). */
  readonly vcpuPerInstance: number;
  readonly onPremUsd: number;
  /** Spot instances lost so far; kernels compare it across a step to see an interruption. */
  readonly interruptedInstances: number;
  /** The most instances the pool may run (autoscaling max, or its fixed size). */
  readonly maxInstances: number;
}

/** A fixed on-prem cluster: always `nodes` ready, billed amortized capex plus opex, used or not. */
export class OnPremCapacity implements Capacity {
  readonly ready: Float64Array;
  readonly bootingTotal = 0;
  readonly hourlyUsd: Float64Array;
  readonly vcpuPerInstance: number;
  onPremUsd = 0;
  private readonly spec: OnPremPoolSpec;

  constructor(spec: OnPremPoolSpec, horizonSeconds: number) {
    this.spec = spec;
    this.ready = Float64Array.of(spec.nodes, 0);
    this.vcpuPerInstance = spec.vcpuPerNode;
    const hours = Math.ceil(horizonSeconds / SECONDS_PER_HOUR);
    this.hourlyUsd = new Float64Array(hours);
    for (let h = 0; h < hours; h++) {
      this.hourlyUsd[h] = onPremCostUsd(spec.cost, h, Math.min(h + 1, horizonSeconds / SECONDS_PER_HOUR));
    }
  }

  get readyTotal(): number {
    return this.spec.nodes;
  }

  get current(): number {
    return this.spec.nodes;
  }

  readonly interruptedInstances = 0;

  get maxInstances(): number {
    return this.spec.nodes;
  }

  nextEventAt = Infinity;
  start(): void {}
  wouldChange(): boolean {
    return false;
  }
  reconcile(): void {}
  advance(): void {}

  finish(horizonSeconds: number): FleetTotals {
    const hours = horizonSeconds / SECONDS_PER_HOUR;
    this.onPremUsd = onPremCostUsd(this.spec.cost, 0, hours);
    return {
      onDemandUsd: 0,
      spotUsd: 0,
      committedUsedUsd: 0,
      committedUnusedUsd: 0,
      totalUsd: this.onPremUsd,
      onDemandInstanceHours: this.spec.nodes * hours,
      spotInstanceHours: 0,
      interruptedInstances: 0,
      interruptionEvents: 0,
      peakInstances: this.spec.nodes,
      launches: 0,
    };
  }
}

/** Fleet plus what the Capacity interface adds for it. */
export class CloudCapacity extends Fleet implements Capacity {
  readonly onPremUsd = 0;
  get vcpuPerInstance(): number {
    return this.spec.instance.vcpu;
  }
  get interruptedInstances(): number {
    return this.totals.interruptedInstances;
  }
  get maxInstances(): number {
    return Math.max(this.spec.autoscaling.policy === 'static' ? 0 : this.spec.autoscaling.max, this.spec.count);
  }
}
