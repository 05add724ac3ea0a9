import type { Provider } from '../catalog.js';
import { SECONDS_PER_HOUR } from '../time.js';

/**
 * How a provider turns a run of an instance (launch to stop) into billed seconds
 * (models.md §3.1–3.4). The engine bills instance-seconds hour by hour as instances run; when a
 * run ends it asks `runEndAdjustmentSeconds` for the correction the rule implies (a minimum
 * charge to top up, a round-up to the hour, or a refund for a spot run the provider cut short)
 * and adds that to the hour in which the run ended.
 */
export interface BillingRule {
  readonly name: string;
  /** Billing increment: 1 = per second, 3600 = every started hour is billed in full. */
  readonly granularitySeconds: number;
  /** Each launch is billed at least this long (AWS, GCP: 60 s). */
  readonly minimumSeconds: number;
  /**
   * A spot run that the *provider* interrupts before this many seconds is free (AWS: 3600, "an
   * instance interrupted by AWS in its first hour is not charged"). 0 = no such rule.
   */
  readonly spotFreeIfInterruptedWithinSeconds: number;
}

/** Per second, 60 s minimum per launch: Amazon Linux, Ubuntu, Windows, RHEL (models.md §3.1). */
export const AWS_PER_SECOND: BillingRule = {
  name: 'aws per-second (60 s minimum)',
  granularitySeconds: 1,
  minimumSeconds: 60,
  spotFreeIfInterruptedWithinSeconds: SECONDS_PER_HOUR,
};

/** OS images with their own hourly charge (SUSE): every started hour billed in full. */
export const AWS_PER_HOUR: BillingRule = {
  name: 'aws per-hour (SUSE and other hourly-billed images)',
  granularitySeconds: SECONDS_PER_HOUR,
  minimumSeconds: SECONDS_PER_HOUR,
  spotFreeIfInterruptedWithinSeconds: SECONDS_PER_HOUR,
};

/** Per second with a one-minute minimum (Compute Engine, GKE, Dataproc; models.md §3.2). */
export const GCP_PER_SECOND: BillingRule = {
  name: 'gcp per-second (1 min minimum)',
  granularitySeconds: 1,
  minimumSeconds: 60,
  spotFreeIfInterruptedWithinSeconds: 0,
};

/**
 * Per second while running. models.md §3.3 flags a one-minute minimum as unverified, so none is
 * applied; pass a custom rule to model one.
 */
export const AZURE_PER_SECOND: BillingRule = {
  name: 'azure per-second',
  granularitySeconds: 1,
  minimumSeconds: 0,
  spotFreeIfInterruptedWithinSeconds: 0,
};

/** The Linux rule each provider applies by default. */
export const BILLING_RULES: Readonly<Record<Provider, BillingRule>> = {
  aws: AWS_PER_SECOND,
  gcp: GCP_PER_SECOND,
  azure: AZURE_PER_SECOND,
};

/** Who ended a run: the customer (stop, terminate, scale-in, horizon end) or the provider (spot reclaim). */
export type RunEnd = 'customer' | 'provider-interruption';

/**
 * Seconds billed for one run of `runSeconds`.
 * - Ended by the customer: at least the minimum, rounded up to the granularity.
 * - Spot interrupted by the provider: free within the free window; after it, per-second
 *   images pay the seconds used and hourly images pay full hours only (the interrupted
 *   partial hour is free, models.md §3.4).
 */
export function billedSecondsForRun(rule: BillingRule, runSeconds: number, end: RunEnd = 'customer', spot = false): number {
  if (!(runSeconds > 0)) return 0;
  const g = rule.granularitySeconds;
  if (spot && end === 'provider-interruption' && rule.spotFreeIfInterruptedWithinSeconds > 0) {
    if (runSeconds < rule.spotFreeIfInterruptedWithinSeconds) return 0;
    return g > 1 ? Math.floor(runSeconds / g) * g : runSeconds;
  }
  const atLeast = Math.max(runSeconds, rule.minimumSeconds);
  return g > 1 ? Math.ceil(atLeast / g) * g : atLeast;
}

/**
 * Billed minus run seconds: what to add (positive) or refund (negative) when a run ends, given
 * that its seconds were already billed as they ran. Allocation-free; safe to call per event.
 */
export function runEndAdjustmentSeconds(rule: BillingRule, runSeconds: number, end: RunEnd = 'customer', spot = false): number {
  if (!(runSeconds > 0)) return 0;
  return billedSecondsForRun(rule, runSeconds, end, spot) - runSeconds;
}

/**
 * The per-launch minimum-charge top-up in USD for a customer-ended run: what a 20 s run owes on
 * top of its 20 s under a 60 s minimum. Zero for runs already past the minimum on a per-second rule.
 */
export function minimumChargeTopUpUsd(rule: BillingRule, runSeconds: number, usdPerHour: number): number {
  const extra = runEndAdjustmentSeconds(rule, runSeconds, 'customer');
  return extra > 0 ? (extra / SECONDS_PER_HOUR) * usdPerHour : 0;
}
