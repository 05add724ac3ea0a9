/**
 * The simulated bill as FOCUS charge rows, one per pool, purchase option and charge period
 * (models.md §8.3):
 *
 * | row                 | ChargeCategory | PricingCategory | BilledCost        | EffectiveCost      |
 * |---------------------|----------------|-----------------|-------------------|--------------------|
 * | on-demand usage     | Usage          | Standard        | on-demand USD     | = billed           |
 * | spot usage          | Usage          | Dynamic         | spot USD          | = billed           |
 * | covered usage       | Usage          | Committed, Used | 0                 | commitment used    |
 * | unused commitment   | Usage          | Committed, Unused | 0               | commitment unused  |
 * | commitment fee      | Purchase (Recurring) | Standard  | used + unused     | 0                  |
 * | on-prem             | Usage (Recurring) | Standard     | amortized capex + opex | = billed      |
 * | disk, traffic, store| Usage          | Standard        | spread evenly     | = billed           |
 *
 * So Σ BilledCost = Σ EffectiveCost = the run's total, and for each commitment the used and
 * unused rows' EffectiveCost add up to its purchase rows' BilledCost. List prices are the
 * on-demand rate (spot and covered usage are discounts from it); ListCost is always
 * ListUnitPrice × PricingQuantity, and ContractedCost ContractedUnitPrice × PricingQuantity.
 */
import { CompensatedSum } from '../../model/money.js';
import type { BillCharge, BillCommitment, CloudPoolBill, OnPremPoolBill } from '../bill.js';
import type { RunReport } from '../model.js';
import { FOCUS_VERSION, type FocusRow, type PurchaseOption } from './columns.js';
import { chargePeriods, type ChargePeriod, type Granularity } from './periods.js';

/** Rows whose amount and quantity are both below this are float dust, not charges. */
const DUST = 1e-9;

type Provider = CloudPoolBill['provider'];

const PROVIDER_NAMES: Readonly<Record<Provider, string>> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Microsoft' };

/** Service names per provider, for what each charge is (FOCUS ServiceName). */
const SERVICES: Readonly<Record<Provider, Readonly<Record<'compute' | 'disk' | 'transfer' | 'nosql', string>>>> = {
  aws: { compute: 'Amazon Elastic Compute Cloud', disk: 'Amazon Elastic Block Store', transfer: 'AWS Data Transfer', nosql: 'Amazon DynamoDB' },
  gcp: { compute: 'Compute Engine', disk: 'Compute Engine', transfer: 'Networking', nosql: 'Firestore' },
  azure: { compute: 'Virtual Machines', disk: 'Storage', transfer: 'Bandwidth', nosql: 'Azure Cosmos DB' },
};

const COMMITMENT_TYPES: Readonly<Record<BillCommitment['kind'], string>> = { 'savings-plan': 'Savings Plan', reserved: 'Reserved Instance' };

export interface FocusOptions {
  readonly granularity: Granularity;
}

export function focusRows(report: RunReport, options: FocusOptions): FocusRow[] {
  const bill = report.bill;
  if (!bill) return [];
  const periods = chargePeriods(bill.epoch, bill.horizonHours, options.granularity);
  const common = commonColumns(report);
  const rows: FocusRow[] = [];
  for (const period of periods) {
    const base = { ...common, ...periodColumns(period) };
    for (const pool of bill.pools) {
      if (pool.kind === 'cloud') cloudRows(pool, period, base, rows);
      else onPremRow(pool, period, base, rows);
    }
    for (const charge of bill.charges) spreadRow(charge, period, bill.horizonHours, base, rows);
  }
  return rows;
}

type Base = Omit<FocusRow, keyof RowColumns>;
/** The columns that differ from row to row (everything else comes from the scenario and the period). */
type RowColumns = Pick<
  FocusRow,
  | 'BilledCost' | 'ChargeCategory' | 'ChargeDescription' | 'ChargeFrequency'
  | 'CommitmentDiscountCategory' | 'CommitmentDiscountId' | 'CommitmentDiscountName' | 'CommitmentDiscountQuantity'
  | 'CommitmentDiscountStatus' | 'CommitmentDiscountType' | 'CommitmentDiscountUnit'
  | 'ConsumedQuantity' | 'ConsumedUnit' | 'ContractedCost' | 'ContractedUnitPrice' | 'EffectiveCost'
  | 'InvoiceIssuerName' | 'ListCost' | 'ListUnitPrice' | 'PricingCategory' | 'PricingQuantity' | 'PricingUnit'
  | 'ProviderName' | 'PublisherName' | 'RegionId' | 'RegionName' | 'ResourceId' | 'ResourceName' | 'ResourceType'
  | 'ServiceCategory' | 'ServiceName' | 'ServiceSubcategory' | 'SkuId' | 'SkuPriceId'
  | 'x_Pool' | 'x_Workload' | 'x_PurchaseOption'
>;

function commonColumns(report: RunReport) {
  const s = report.scenario;
  return {
    BillingAccountId: `capsim-${s.hash.slice(0, 12)}`,
    BillingAccountName: s.name,
    BillingCurrency: 'USD',
    ChargeClass: null,
    x_ScenarioName: s.name,
    x_ScenarioHash: s.hash,
    x_Variant: s.variant ?? null,
    x_Seed: s.seed,
    // The bill is run 0's (the run the report details); Monte Carlo runs differ only in spot events and noise.
    x_RunIndex: 0,
    x_CapsimVersion: report.toolVersion,
    x_FocusVersion: FOCUS_VERSION,
  };
}

function periodColumns(p: ChargePeriod) {
  return { BillingPeriodStart: p.billingStart, BillingPeriodEnd: p.billingEnd, ChargePeriodStart: p.start, ChargePeriodEnd: p.end };
}

/** Everything a row may leave null, so each builder states only what applies to it. */
const NONE = {
  CommitmentDiscountCategory: null,
  CommitmentDiscountId: null,
  CommitmentDiscountName: null,
  CommitmentDiscountQuantity: null,
  CommitmentDiscountStatus: null,
  CommitmentDiscountType: null,
  CommitmentDiscountUnit: null,
  ConsumedQuantity: null,
  ConsumedUnit: null,
  RegionId: null,
  RegionName: null,
  SkuId: null,
  SkuPriceId: null,
  x_Workload: null,
} as const;

interface Priced {
  readonly quantity: number;
  readonly unit: string;
  readonly listUnitPrice: number;
  readonly contractedUnitPrice: number;
  readonly billed: number;
  readonly effective: number;
}

/** The cost and quantity columns, with ListCost and ContractedCost derived from unit prices. */
function priced(p: Priced) {
  const quantity = round(p.quantity);
  const list = price(p.listUnitPrice);
  const contracted = price(p.contractedUnitPrice);
  return {
    PricingQuantity: quantity,
    PricingUnit: p.unit,
    ListUnitPrice: list,
    ListCost: round(list * quantity),
    ContractedUnitPrice: contracted,
    ContractedCost: round(contracted * quantity),
    BilledCost: round(p.billed),
    EffectiveCost: round(p.effective),
  };
}

function provider(p: Provider) {
  const name = PROVIDER_NAMES[p];
  return { ProviderName: name, PublisherName: name, InvoiceIssuerName: name };
}

function cloudRows(pool: CloudPoolBill, period: ChargePeriod, base: Base, rows: FocusRow[]): void {
  const h = pool.hourly;
  const sum = (a: readonly number[]) => sumRange(a, period.fromHour, period.toHour);
  const sku = `${pool.provider}:${pool.region}:${pool.instanceType}`;
  const where = {
    ...provider(pool.provider),
    RegionId: pool.region,
    RegionName: pool.region,
    ServiceCategory: 'Compute',
    ServiceName: SERVICES[pool.provider].compute,
    ServiceSubcategory: 'Virtual Machines',
    SkuId: pool.instanceType,
    x_Pool: pool.name,
    x_Workload: pool.workloads.join(';') || null,
  };
  const instanceRow = (option: PurchaseOption, pricingCategory: string, description: string) => ({
    ...base,
    ...NONE,
    ...where,
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    ChargeDescription: description,
    PricingCategory: pricingCategory,
    ResourceId: `pool/${pool.name}`,
    ResourceName: pool.name,
    ResourceType: 'Instance Pool',
    SkuPriceId: `${sku}:${option}`,
    x_PurchaseOption: option,
  });

  const odHours = sum(h.onDemandSeconds) / 3600;
  const odUsd = sum(h.onDemandUsd);
  if (Math.abs(odUsd) > DUST || Math.abs(odHours) > DUST) {
    rows.push({
      ...instanceRow('on-demand', 'Standard', `${pool.instanceType} on-demand usage in pool ${pool.name}`),
      ...priced({ quantity: odHours, unit: 'Hours', listUnitPrice: pool.onDemandUsdPerHour, contractedUnitPrice: pool.onDemandUsdPerHour, billed: odUsd, effective: odUsd }),
      ConsumedQuantity: round(odHours),
      ConsumedUnit: 'Hours',
    });
  }

  const spotHours = sum(h.spotSeconds) / 3600;
  const spotUsd = sum(h.spotUsd);
  if (Math.abs(spotUsd) > DUST || Math.abs(spotHours) > DUST) {
    // The period's average spot price: it moves hour by hour when a price history is replayed.
    const spotPrice = Math.abs(spotHours) > DUST ? spotUsd / spotHours : (pool.spotUsdPerHour ?? 0);
    rows.push({
      ...instanceRow('spot', 'Dynamic', `${pool.instanceType} spot usage in pool ${pool.name}`),
      ...priced({ quantity: spotHours, unit: 'Hours', listUnitPrice: pool.onDemandUsdPerHour, contractedUnitPrice: spotPrice, billed: spotUsd, effective: spotUsd }),
      ConsumedQuantity: round(spotHours),
      ConsumedUnit: 'Hours',
    });
  }

  // The engine bills a pool's commitments together; with several on one pool, each gets the
  // hour's used and unused amounts in proportion to its fee (the scenario format allows one).
  const totalFee = pool.commitments.reduce((a, c) => a + c.feeUsdPerHour, 0);
  if (!(totalFee > 0)) return;
  const usedUsd = sum(h.committedUsedUsd);
  const unusedUsd = sum(h.committedUnusedUsd);
  const coveredHours = sum(h.coveredSeconds) / 3600;
  for (const c of pool.commitments) {
    const share = c.feeUsdPerHour / totalFee;
    const used = usedUsd * share;
    const unused = unusedUsd * share;
    const covered = coveredHours * share;
    const spend = c.kind === 'savings-plan';
    const commitment = {
      CommitmentDiscountCategory: spend ? 'Spend' : 'Usage',
      CommitmentDiscountId: c.id,
      CommitmentDiscountName: `${COMMITMENT_TYPES[c.kind]} for pool ${pool.name}`,
      CommitmentDiscountType: COMMITMENT_TYPES[c.kind],
      CommitmentDiscountUnit: spend ? 'USD' : 'Hours',
    };
    const ofCommitment = {
      ResourceId: c.id,
      ResourceName: `${COMMITMENT_TYPES[c.kind]} ${pool.name}`,
      ResourceType: COMMITMENT_TYPES[c.kind],
    };
    if (Math.abs(used) > DUST || Math.abs(covered) > DUST) {
      rows.push({
        ...instanceRow('committed', 'Committed', `${pool.instanceType} usage covered by ${COMMITMENT_TYPES[c.kind]} ${c.id}`),
        ...commitment,
        ...priced({ quantity: covered, unit: 'Hours', listUnitPrice: pool.onDemandUsdPerHour, contractedUnitPrice: pool.onDemandUsdPerHour, billed: 0, effective: used }),
        CommitmentDiscountStatus: 'Used',
        CommitmentDiscountQuantity: round(spend ? used : covered),
        ConsumedQuantity: round(covered),
        ConsumedUnit: 'Hours',
      });
    }
    if (unused > DUST) {
      // Nothing ran on it, so the quantity is the commitment itself: dollars of a Savings Plan
      // (models.md §8.3) or instance-hours of a reservation.
      const quantity = spend ? unused : unused / c.rateUsdPerHour;
      const unitPrice = spend ? 1 : c.rateUsdPerHour;
      rows.push({
        ...instanceRow('commitment-unused', 'Committed', `Unused ${COMMITMENT_TYPES[c.kind]} ${c.id}`),
        ...commitment,
        ...ofCommitment,
        ...priced({ quantity, unit: spend ? 'USD' : 'Hours', listUnitPrice: unitPrice, contractedUnitPrice: unitPrice, billed: 0, effective: unused }),
        CommitmentDiscountStatus: 'Unused',
        CommitmentDiscountQuantity: round(quantity),
      });
    }
    const fee = used + unused;
    if (fee > DUST) {
      const feeHours = fee / c.feeUsdPerHour;
      rows.push({
        ...instanceRow('commitment-purchase', 'Standard', `${COMMITMENT_TYPES[c.kind]} ${c.id}: recurring hourly fee`),
        ...commitment,
        ...ofCommitment,
        ...priced({ quantity: feeHours, unit: 'Hours', listUnitPrice: c.feeUsdPerHour, contractedUnitPrice: c.feeUsdPerHour, billed: fee, effective: 0 }),
        ChargeCategory: 'Purchase',
        ChargeFrequency: 'Recurring',
        SkuPriceId: `${sku}:${c.kind}`,
        CommitmentDiscountQuantity: round(spend ? fee : (c.instances ?? 0) * feeHours),
      });
    }
  }
}

function onPremRow(pool: OnPremPoolBill, period: ChargePeriod, base: Base, rows: FocusRow[]): void {
  const usd = sumRange(pool.hourly.onPremUsd, period.fromHour, period.toHour);
  if (Math.abs(usd) <= DUST) return;
  const nodeHours = pool.nodes * period.hours;
  rows.push({
    ...base,
    ...NONE,
    ProviderName: 'On-premises',
    PublisherName: 'On-premises',
    InvoiceIssuerName: 'On-premises',
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Recurring',
    ChargeDescription: `Pool ${pool.name}: ${pool.nodes} nodes × ${pool.vcpuPerNode} vCPU, amortized capex plus opex`,
    PricingCategory: 'Standard',
    ...priced({ quantity: nodeHours, unit: 'Hours', listUnitPrice: nodeHours > 0 ? usd / nodeHours : 0, contractedUnitPrice: nodeHours > 0 ? usd / nodeHours : 0, billed: usd, effective: usd }),
    ConsumedQuantity: round(nodeHours),
    ConsumedUnit: 'Hours',
    ResourceId: `pool/${pool.name}`,
    ResourceName: pool.name,
    ResourceType: 'On-premises Cluster',
    ServiceCategory: 'Compute',
    ServiceName: 'On-premises cluster',
    ServiceSubcategory: 'Other (Compute)',
    x_Pool: pool.name,
    x_Workload: pool.workloads.join(';') || null,
    x_PurchaseOption: 'on-prem',
  });
}

interface ChargeService {
  readonly category: string;
  readonly subcategory: string;
  readonly service: 'disk' | 'transfer' | 'nosql' | null;
  readonly resourceType: string;
  readonly option: PurchaseOption;
}

const CHARGE_SERVICE: Readonly<Record<BillCharge['category'], ChargeService>> = {
  storage: { category: 'Storage', subcategory: 'Disk', service: 'disk', resourceType: 'Volume', option: 'storage' },
  network: { category: 'Networking', subcategory: 'Data Transfer', service: 'transfer', resourceType: 'Data Transfer', option: 'network' },
  'feature-store': { category: 'Databases', subcategory: 'NoSQL', service: 'nosql', resourceType: 'Table', option: 'feature-store' },
  other: { category: 'Other', subcategory: 'Other (Other)', service: null, resourceType: 'Other', option: 'other' },
};

/** A horizon total (disk, traffic, store) spread over the periods by their share of the horizon. */
function spreadRow(charge: BillCharge, period: ChargePeriod, horizonHours: number, base: Base, rows: FocusRow[]): void {
  const share = period.hours / horizonHours;
  const usd = charge.totalUsd * share;
  if (Math.abs(usd) <= DUST) return;
  const quantity = charge.quantity * share;
  const kind = CHARGE_SERVICE[charge.category];
  rows.push({
    ...base,
    ...NONE,
    ...provider(charge.provider),
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    ChargeDescription: charge.description,
    PricingCategory: 'Standard',
    ...priced({ quantity, unit: charge.unit, listUnitPrice: charge.unitPriceUsd, contractedUnitPrice: charge.unitPriceUsd, billed: usd, effective: usd }),
    ConsumedQuantity: charge.unit === 'USD' ? null : round(quantity),
    ConsumedUnit: charge.unit === 'USD' ? null : charge.unit,
    RegionId: charge.region,
    RegionName: charge.region,
    ResourceId: charge.id,
    ResourceName: charge.id,
    ResourceType: kind.resourceType,
    ServiceCategory: kind.category,
    ServiceName: kind.service ? SERVICES[charge.provider][kind.service] : 'Other',
    ServiceSubcategory: kind.subcategory,
    x_Pool: charge.pool,
    x_Workload: charge.workload,
    x_PurchaseOption: kind.option,
  });
}

function sumRange(values: readonly number[], from: number, to: number): number {
  const acc = new CompensatedSum();
  for (let i = from; i < to && i < values.length; i++) acc.add(values[i]!);
  return acc.value;
}

/** Unit prices keep 12 significant digits: a derived price (on-prem, an average spot price) may be tiny or large. */
function price(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

/**
 * Amounts and quantities keep ten decimal places: far below a cent even summed over a year of
 * hourly rows, and it spares finance tools float noise such as 0.09600000000000002.
 */
function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e10) / 1e10 || 0 : x;
}
