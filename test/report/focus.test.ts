import { describe, expect, it } from 'vitest';
import { renderFocus } from '../../src/report/focus.js';
import {
  CAPSIM_COLUMNS,
  CHARGE_CATEGORIES,
  CHARGE_FREQUENCIES,
  COMMITMENT_DISCOUNT_CATEGORIES,
  COMMITMENT_DISCOUNT_STATUSES,
  FOCUS_COLUMNS,
  FOCUS_MANDATORY_COLUMNS,
  PRICING_CATEGORIES,
} from '../../src/report/focus/columns.js';
import { chargePeriods } from '../../src/report/focus/periods.js';
import type { RunReport } from '../../src/report/model.js';
import { csvRecords, ECOMMERCE, parseCsv, PRODUCT_SPEC, savedReport } from './helpers.js';

/** FOCUS: "YYYY-MM-DDTHH:mm:ssZ" in UTC. */
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const SERVICE_CATEGORIES = [
  'AI and Machine Learning', 'Analytics', 'Business Applications', 'Compute', 'Databases', 'Developer Tools', 'Multicloud', 'Identity',
  'Integration', 'Internet of Things', 'Management and Governance', 'Media', 'Migration', 'Mobile', 'Networking', 'Security', 'Storage', 'Web', 'Other',
];
/** Mandatory columns FOCUS 1.2 allows to be null (ecosystem.md §A.8, models.md §8.1). */
const NULLABLE_MANDATORY = new Set(['BillingAccountName', 'ChargeClass', 'ChargeDescription', 'PricingQuantity', 'PricingUnit']);

const cases = [
  ['ecommerce (on-demand and spot)', ECOMMERCE],
  ['product spec (commitment, on-prem, storage, network, feature store)', PRODUCT_SPEC],
] as const;

describe.each(cases)('FOCUS export of %s', (_name, file) => {
  for (const granularity of ['hourly', 'daily'] as const) {
    describe(granularity, () => {
      let loaded: Promise<{ report: RunReport; text: string; rows: Array<Record<string, string>> }> | undefined;
      const load = () =>
        (loaded ??= savedReport(file).then((report) => {
          const text = renderFocus(report, { granularity });
          return { report, text, rows: csvRecords(text) };
        }));

      it('has every FOCUS 1.2 Mandatory column, then only x_ columns', async () => {
        const { text } = await load();
        const header = parseCsv(text)[0]!;
        for (const c of FOCUS_MANDATORY_COLUMNS) expect(header).toContain(c);
        expect(header).toEqual([...FOCUS_COLUMNS, ...CAPSIM_COLUMNS]);
        const firstCustom = header.findIndex((h) => h.startsWith('x_'));
        expect(header.slice(firstCustom).every((h) => h.startsWith('x_'))).toBe(true);
        expect(header.slice(0, firstCustom).some((h) => h.startsWith('x_'))).toBe(false);
      });

      it('Σ BilledCost = Σ EffectiveCost = the run total, to the cent', async () => {
        const { report, rows } = await load();
        const billed = rows.reduce((a, r) => a + Number(r.BilledCost), 0);
        const effective = rows.reduce((a, r) => a + Number(r.EffectiveCost), 0);
        expect(Math.abs(billed - report.summary.cost.total)).toBeLessThan(0.005);
        expect(Math.abs(effective - report.summary.cost.total)).toBeLessThan(0.005);
      });

      it('ListCost = ListUnitPrice × PricingQuantity and ContractedCost = ContractedUnitPrice × PricingQuantity', async () => {
        const { rows } = await load();
        expect(rows.length).toBeGreaterThan(0);
        const off = (cost: string, unit: string, q: number) => Math.abs(Number(cost) - Number(unit) * q) > 1e-9 * Math.max(1, Math.abs(Number(cost)));
        const bad = rows.filter((r) => {
          const q = Number(r.PricingQuantity);
          return r.ListUnitPrice === '' || !(Number(r.ListUnitPrice) >= 0) || off(r.ListCost!, r.ListUnitPrice!, q) || off(r.ContractedCost!, r.ContractedUnitPrice!, q);
        });
        expect(bad).toEqual([]);
      });

      it('values come from the allowed sets and Mandatory columns are filled', async () => {
        const { rows } = await load();
        const problems: string[] = [];
        const check = (ok: boolean, what: string, r: Record<string, string>) => {
          if (!ok && problems.length < 10) problems.push(`${what}: ${r.x_PurchaseOption} ${r.ChargePeriodStart}`);
        };
        for (const r of rows) {
          check((CHARGE_CATEGORIES as readonly string[]).includes(r.ChargeCategory!), `ChargeCategory ${r.ChargeCategory}`, r);
          check((CHARGE_FREQUENCIES as readonly string[]).includes(r.ChargeFrequency!), `ChargeFrequency ${r.ChargeFrequency}`, r);
          check((PRICING_CATEGORIES as readonly string[]).includes(r.PricingCategory!), `PricingCategory ${r.PricingCategory}`, r);
          check(SERVICE_CATEGORIES.includes(r.ServiceCategory!), `ServiceCategory ${r.ServiceCategory}`, r);
          check(r.ChargeClass === '', 'ChargeClass not null', r);
          for (const c of FOCUS_MANDATORY_COLUMNS) check(NULLABLE_MANDATORY.has(c) || r[c] !== '', `${c} empty`, r);
          // Usage and Purchase rows that are not corrections carry a quantity and unit.
          check(r.PricingQuantity !== '' && r.PricingUnit !== '', 'no PricingQuantity/PricingUnit', r);
          check(r.ChargeCategory !== 'Purchase' || r.ChargeFrequency !== 'Usage-Based', 'Usage-Based purchase', r);
          for (const c of ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd']) check(DATE_TIME.test(r[c]!), `${c} ${r[c]}`, r);
          check(r.ChargePeriodStart! < r.ChargePeriodEnd!, 'charge period start ≥ end', r);
          check(r.BillingPeriodStart! <= r.ChargePeriodStart! && r.ChargePeriodEnd! <= r.BillingPeriodEnd!, 'charge period outside its billing period', r);
          check(r.BillingCurrency === 'USD', 'currency', r);
        }
        expect(problems).toEqual([]);
      });

      it('commitment columns are consistent: status iff id, used + unused EffectiveCost = purchase BilledCost', async () => {
        const { rows } = await load();
        const byId = new Map<string, { usage: number; purchase: number }>();
        for (const r of rows) {
          if (r.CommitmentDiscountId === '') {
            for (const c of ['CommitmentDiscountStatus', 'CommitmentDiscountCategory', 'CommitmentDiscountType', 'CommitmentDiscountQuantity', 'CommitmentDiscountUnit']) expect(r[c]).toBe('');
            expect(r.PricingCategory).not.toBe('Committed');
            continue;
          }
          expect(COMMITMENT_DISCOUNT_CATEGORIES).toContain(r.CommitmentDiscountCategory);
          expect(r.CommitmentDiscountUnit).not.toBe('');
          const key = `${r.CommitmentDiscountId}@${r.ChargePeriodStart}`;
          const acc = byId.get(key) ?? { usage: 0, purchase: 0 };
          if (r.ChargeCategory === 'Usage') {
            expect(COMMITMENT_DISCOUNT_STATUSES).toContain(r.CommitmentDiscountStatus);
            expect(r.PricingCategory).toBe('Committed');
            expect(Number(r.BilledCost)).toBe(0);
            acc.usage += Number(r.EffectiveCost);
          } else {
            expect(r.ChargeCategory).toBe('Purchase');
            expect(r.ChargeFrequency).toBe('Recurring');
            expect(r.PricingCategory).toBe('Standard');
            expect(Number(r.EffectiveCost)).toBe(0);
            acc.purchase += Number(r.BilledCost);
          }
          byId.set(key, acc);
        }
        for (const [key, { usage, purchase }] of byId) expect(Math.abs(usage - purchase), key).toBeLessThan(1e-8);
        if (file === PRODUCT_SPEC) expect(byId.size).toBeGreaterThan(0);
      });

      it('prices spot as Dynamic and on-demand as Standard usage, with x_ columns naming the simulation', async () => {
        const { report, rows } = await load();
        const spot = rows.filter((r) => r.x_PurchaseOption === 'spot');
        const onDemand = rows.filter((r) => r.x_PurchaseOption === 'on-demand');
        expect(spot.length).toBeGreaterThan(0);
        expect(onDemand.length).toBeGreaterThan(0);
        for (const r of spot) expect([r.ChargeCategory, r.PricingCategory, r.ServiceCategory]).toEqual(['Usage', 'Dynamic', 'Compute']);
        for (const r of onDemand) expect([r.ChargeCategory, r.PricingCategory]).toEqual(['Usage', 'Standard']);
        const spotBilled = spot.reduce((a, r) => a + Number(r.BilledCost), 0);
        expect(Math.abs(spotBilled - report.summary.cost.byPurchase.spot)).toBeLessThan(0.005);
        for (const r of rows) {
          expect(r.x_ScenarioHash).toBe(report.scenario.hash);
          expect(r.x_ScenarioName).toBe(report.scenario.name);
          expect(r.x_Seed).toBe(String(report.scenario.seed));
          expect(r.x_RunIndex).toBe('0');
          expect(r.x_FocusVersion).toBe('1.2');
        }
      });
    });
  }

  it('hourly rows cover each hour from the simulation epoch 2024-01-01T00:00:00Z', async () => {
    const report = await savedReport(file);
    const rows = csvRecords(renderFocus(report, { granularity: 'hourly' }));
    const starts = [...new Set(rows.map((r) => r.ChargePeriodStart))].sort();
    expect(starts[0]).toBe('2024-01-01T00:00:00Z');
    expect(starts).toHaveLength(report.scenario.horizonHours);
    expect(starts.at(-1)).toBe('2024-01-30T23:00:00Z');
  });
});

describe('product spec: every kind of charge row', () => {
  it('has commitment, on-prem, storage, network and feature-store rows, each from the right service', async () => {
    const rows = csvRecords(renderFocus(await savedReport(PRODUCT_SPEC), { granularity: 'daily' }));
    const kinds = new Set(rows.map((r) => `${r.x_PurchaseOption}|${r.ChargeCategory}|${r.PricingCategory}|${r.CommitmentDiscountStatus}`));
    expect([...kinds].sort()).toEqual([
      'commitment-purchase|Purchase|Standard|',
      'commitment-unused|Usage|Committed|Unused',
      'committed|Usage|Committed|Used',
      'feature-store|Usage|Standard|',
      'network|Usage|Standard|',
      'on-demand|Usage|Standard|',
      'on-prem|Usage|Standard|',
      'spot|Usage|Dynamic|',
      'storage|Usage|Standard|',
    ]);
    const service = (option: string) => new Set(rows.filter((r) => r.x_PurchaseOption === option).map((r) => `${r.ServiceCategory}/${r.ServiceSubcategory}`));
    expect(service('storage')).toEqual(new Set(['Storage/Disk']));
    expect(service('network')).toEqual(new Set(['Networking/Data Transfer']));
    expect(service('feature-store')).toEqual(new Set(['Databases/NoSQL']));
    const purchase = rows.find((r) => r.ChargeCategory === 'Purchase')!;
    // The scenario's Savings Plan: $0.50 an hour, so $12 a day.
    expect(purchase).toMatchObject({ CommitmentDiscountId: 'api-savings-plan', CommitmentDiscountCategory: 'Spend', CommitmentDiscountType: 'Savings Plan', BilledCost: '12', EffectiveCost: '0', PricingQuantity: '24', ListUnitPrice: '0.5' });
  });
});

describe('charge periods', () => {
  it('counts whole UTC hours and days from the epoch, the last one partial, billing periods by calendar month', () => {
    const hourly = chargePeriods('2024-01-01T00:00:00Z', 2.5, 'hourly');
    expect(hourly.map((p) => [p.start, p.end, p.hours])).toEqual([
      ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', 1],
      ['2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z', 1],
      ['2024-01-01T02:00:00Z', '2024-01-01T02:30:00Z', 0.5],
    ]);
    const daily = chargePeriods('2024-01-01T00:00:00Z', 24 * 33, 'daily');
    expect(daily).toHaveLength(33);
    expect(daily[31]).toMatchObject({ start: '2024-02-01T00:00:00Z', billingStart: '2024-02-01T00:00:00Z', billingEnd: '2024-03-01T00:00:00Z', fromHour: 744, toHour: 768 });
    expect(daily[30]).toMatchObject({ billingStart: '2024-01-01T00:00:00Z', billingEnd: '2024-02-01T00:00:00Z' });
  });
});

describe('a report without the hourly bill', () => {
  it('cannot be exported (the CLI explains how to save one)', async () => {
    const { bill: _bill, ...report } = await savedReport(ECOMMERCE);
    expect(() => renderFocus(report, { granularity: 'hourly' })).toThrow(/no hourly bill/);
  });
});
