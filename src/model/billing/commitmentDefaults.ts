import type { CommitmentTerm, PaymentOption } from './commitment.js';

/**
 * Typical discounts off on-demand for when the catalog has no commitment rate (AWS publishes
 * none in ../shared/data): Compute Savings Plans and Standard RIs for current general-purpose
 * types, by term and payment. [unverified] defaults, documented in README; scenarios override
 * them with `discount`. Shared by resolve (billing) and the planner (bounds), so they agree.
 */
export const SAVINGS_PLAN_DISCOUNT: Readonly<Record<CommitmentTerm, Readonly<Record<PaymentOption, number>>>> = {
  '1y': { 'no-upfront': 0.28, 'partial-upfront': 0.31, 'all-upfront': 0.33 },
  '3y': { 'no-upfront': 0.46, 'partial-upfront': 0.5, 'all-upfront': 0.52 },
};

export const RESERVED_DISCOUNT: Readonly<Record<CommitmentTerm, Readonly<Record<PaymentOption, number>>>> = {
  '1y': { 'no-upfront': 0.36, 'partial-upfront': 0.4, 'all-upfront': 0.42 },
  '3y': { 'no-upfront': 0.54, 'partial-upfront': 0.6, 'all-upfront': 0.62 },
};
