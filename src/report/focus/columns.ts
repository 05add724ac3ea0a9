/**
 * FinOps FOCUS v1.2 columns that a simulated bill can fill (models.md §8, ecosystem.md §A.8):
 * all 21 Mandatory columns, and the Conditional and Recommended ones that apply to instances,
 * commitments, disks and traffic. Names are kept in one list so a later FOCUS version (1.3
 * renames ProviderName to ServiceProviderName) is a mapping here, not a rewrite.
 * capsim's own columns carry the `x_` prefix and come after every FOCUS column, as the spec
 * requires of custom columns.
 */

export const FOCUS_VERSION = '1.2';

/** FOCUS columns, in the spec's (alphabetical) order. */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuPriceId',
] as const;

/** The columns FOCUS 1.2 makes Mandatory (ecosystem.md §A.8). */
export const FOCUS_MANDATORY_COLUMNS = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart',
  'ContractedCost', 'EffectiveCost', 'ListCost', 'InvoiceIssuerName', 'PricingQuantity', 'PricingUnit',
  'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName',
] as const satisfies readonly FocusColumn[];

/** capsim's own columns: which simulation, which run, which pool and purchase option. */
export const CAPSIM_COLUMNS = [
  'x_ScenarioName',
  'x_ScenarioHash',
  'x_Variant',
  'x_Seed',
  'x_RunIndex',
  'x_Pool',
  'x_Workload',
  'x_PurchaseOption',
  'x_CapsimVersion',
  'x_FocusVersion',
] as const;

export type FocusColumn = (typeof FOCUS_COLUMNS)[number];
export type CapsimColumn = (typeof CAPSIM_COLUMNS)[number];

/** One charge row; null is an empty cell. Numbers are written at full precision. */
export type FocusRow = Readonly<Record<FocusColumn | CapsimColumn, string | number | null>>;

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export const CHARGE_FREQUENCIES = ['One-Time', 'Recurring', 'Usage-Based'] as const;
export const PRICING_CATEGORIES = ['Standard', 'Dynamic', 'Committed', 'Other'] as const;
export const COMMITMENT_DISCOUNT_CATEGORIES = ['Spend', 'Usage'] as const;
export const COMMITMENT_DISCOUNT_STATUSES = ['Used', 'Unused'] as const;

/** What each row is, in capsim's words (x_PurchaseOption). */
export type PurchaseOption =
  | 'on-demand'
  | 'spot'
  | 'committed'
  | 'commitment-unused'
  | 'commitment-purchase'
  | 'on-prem'
  | 'storage'
  | 'network'
  | 'feature-store'
  | 'other';
