import { HOURS_PER_YEAR } from '../time.js';

/**
 * Commitments (models.md §3.5): Reserved Instances and Savings Plans. Both are billed every hour
 * of their term whether used or not; usage they cover is billed at the committed rate, usage
 * beyond them at on-demand.
 */
export type CommitmentTerm = '1y' | '3y';
export type PaymentOption = 'no-upfront' | 'partial-upfront' | 'all-upfront';

export const TERM_HOURS: Readonly<Record<CommitmentTerm, number>> = {
  '1y': HOURS_PER_YEAR,
  '3y': 3 * HOURS_PER_YEAR,
};

/**
 * A Reserved Instance (or a GCP resource CUD / Azure reservation of a size): `instances` of one
 * instance type in one region, each billed `usdPerHourPerInstance` every hour. Applies to that
 * exact type only (no size flexibility).
 */
export interface ReservedCommitment {
  readonly kind: 'reserved';
  readonly id: string;
  readonly instanceType: string;
  readonly region: string;
  readonly instances: number;
  /** Effective hourly per instance, upfront amortized (see reservedEffectiveUsdPerHour). */
  readonly usdPerHourPerInstance: number;
}

/**
 * A Savings Plan: `commitUsdPerHour` of savings-plan-rate spend every hour.
 * `scope: 'ec2-instance'` covers one family in one region; `'compute'` covers any usage.
 * `ratesUsdPerHour` gives the plan's rate per instance type; types absent from it are not
 * covered by the plan.
 */
export interface SavingsPlanCommitment {
  readonly kind: 'savings-plan';
  readonly id: string;
  readonly scope: 'compute' | 'ec2-instance';
  /** Required for scope 'ec2-instance'. */
  readonly family?: string;
  readonly region?: string;
  readonly commitUsdPerHour: number;
  readonly ratesUsdPerHour: Readonly<Record<string, number>>;
}

export type Commitment = ReservedCommitment | SavingsPlanCommitment;

export interface ReservedPrice {
  readonly upfrontUsd: number;
  readonly recurringUsdPerHour: number;
  readonly termHours: number;
}

/** models.md §3.5: effective hourly = upfront / termHours + recurring hourly. */
export function reservedEffectiveUsdPerHour(price: ReservedPrice): number {
  if (!(price.termHours > 0)) throw new RangeError(`termHours must be positive, got ${price.termHours}`);
  return price.upfrontUsd / price.termHours + price.recurringUsdPerHour;
}

/** Fraction saved versus on-demand: the key Savings Plans are applied by. */
export function savingsFraction(onDemandUsdPerHour: number, committedUsdPerHour: number): number {
  return onDemandUsdPerHour > 0 ? 1 - committedUsdPerHour / onDemandUsdPerHour : 0;
}

/**
 * Application order each hour: RIs, then EC2 Instance Savings Plans, then Compute Savings Plans
 * (models.md §3.5). Stable within a rank, so plans of one type apply in the order given, which
 * for equal rates is the same as pooling them.
 */
export function commitmentRank(c: Commitment): number {
  if (c.kind === 'reserved') return 0;
  return c.scope === 'ec2-instance' ? 1 : 2;
}
