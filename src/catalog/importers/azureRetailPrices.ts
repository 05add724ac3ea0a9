import { z } from 'zod';
import { ProblemList } from '../problems.js';
import { azureArchFromSize, azureFamilyFromProductName } from '../azureVmSize.js';
import { TERM_HOURS } from '../../model/billing/commitment.js';
import { type Importer, type PartialEntry, addZodIssues, dateFromFileName, isoDate, readJson, sourceIdOf, wantRegion } from './importer.js';

const itemSchema = z.object({
  currencyCode: z.string(),
  retailPrice: z.number().min(0),
  armRegionName: z.string(),
  armSkuName: z.string(),
  productName: z.string(),
  skuName: z.string(),
  meterName: z.string().optional(),
  serviceName: z.string(),
  unitOfMeasure: z.string(),
  type: z.string(),
  tierMinimumUnits: z.number().optional(),
  reservationTerm: z.string().optional(),
  effectiveStartDate: z.string().optional(),
});

const pageSchema = z.union([
  z.object({ Items: z.array(z.unknown()), NextPageLink: z.string().nullable().optional(), BillingCurrency: z.string().optional() }),
  z.array(z.unknown()),
]);

const RESERVATION_HOURS: Readonly<Record<string, number>> = {
  '1 Year': TERM_HOURS['1y'],
  '3 Years': TERM_HOURS['3y'],
};

interface Prices {
  region: string;
  sku: string;
  productName: string;
  onDemand?: number;
  spot?: number;
  lowPriority?: number;
  commit1y?: number;
  commit3y?: number;
}

/**
 * Azure Retail Prices API pages (https://prices.azure.com/api/retail/prices), as saved JSON
 * (`{Items: [...], NextPageLink}`) or a bare item array; pass every page at once.
 * Keeps `serviceName` "Virtual Machines" priced per "1 Hour", Linux only (a " Windows" suffix on
 * `productName` marks Windows meters), no dedicated hosts, first tier only:
 * - `type` Consumption → on-demand; `skuName` ending " Spot" → spot; " Low Priority" → used as
 *   the spot price only when a size has no Spot meter;
 * - `type` Reservation → `retailPrice` is the whole term's price, so hourly = price /
 *   (8,760 h × years);
 * - DevTestConsumption (dev/test subscription pricing) is skipped.
 * No vCPU or memory: pair with `--with azure-batch-vm-sizes=…` or the multicloud spec CSV.
 */
export const azureRetailPrices: Importer = {
  format: 'azure-retail-prices',
  description: 'Azure Retail Prices API JSON pages ({Items: [...]}); several pages at once',
  provides: 'on-demand, spot/low-priority and 1y/3y reservation prices per region (no specs)',
  multiFile: true,
  async run(paths, options) {
    const bySku = new Map<string, Prices>();
    let items = 0;
    let kept = 0;
    let latest = '';
    for (const path of paths) {
      const problems = new ProblemList(path);
      const page = pageSchema.safeParse(await readJson(path));
      if (!page.success) {
        problems.add('expected a Retail Prices API page ({"Items": [...]}) or an array of items');
        throw problems.fail('the price page');
      }
      const list = Array.isArray(page.data) ? page.data : page.data.Items;
      list.forEach((raw, i) => {
        const parsed = itemSchema.safeParse(raw);
        if (!parsed.success) {
          addZodIssues(problems, parsed.error.issues.map((iss) => ({ ...iss, path: ['Items', i, ...iss.path] })));
          return;
        }
        items++;
        const it = parsed.data;
        if (it.effectiveStartDate && it.effectiveStartDate > latest) latest = it.effectiveStartDate;
        if (it.serviceName !== 'Virtual Machines' || it.unitOfMeasure !== '1 Hour' || it.currencyCode !== 'USD') return;
        if (/ Windows$/.test(it.productName) || /Dedicated Host/i.test(it.productName)) return;
        if ((it.tierMinimumUnits ?? 0) > 0 || it.armSkuName === '') return;
        if (!wantRegion(options, it.armRegionName)) return;
        const k = `${it.armRegionName}/${it.armSkuName}`;
        let p = bySku.get(k);
        if (!p) bySku.set(k, (p = { region: it.armRegionName, sku: it.armSkuName, productName: it.productName }));
        if (it.type === 'Consumption') {
          if (/ Spot$/.test(it.skuName)) p.spot = it.retailPrice;
          else if (/ Low Priority$/.test(it.skuName)) p.lowPriority = it.retailPrice;
          else p.onDemand = it.retailPrice;
          kept++;
        } else if (it.type === 'Reservation') {
          const hours = it.reservationTerm ? RESERVATION_HOURS[it.reservationTerm] : undefined;
          if (hours === undefined) {
            problems.add(`unknown reservationTerm ${JSON.stringify(it.reservationTerm)}`, undefined, `Items.${i}.reservationTerm`);
            return;
          }
          if (hours === TERM_HOURS['1y']) p.commit1y = it.retailPrice / hours;
          else p.commit3y = it.retailPrice / hours;
          kept++;
        }
      });
      problems.throwIfAny('the price pages');
    }
    const records: PartialEntry[] = [];
    let spotOnly = 0;
    for (const p of bySku.values()) {
      const rec: PartialEntry = { provider: 'azure', region: p.region, instanceType: p.sku, arch: azureArchFromSize(p.sku) };
      const family = azureFamilyFromProductName(p.productName);
      if (family) rec.family = family;
      if (p.onDemand !== undefined && p.onDemand > 0) rec.onDemandUsdPerHour = p.onDemand;
      else spotOnly++;
      const spot = p.spot ?? p.lowPriority;
      if (spot !== undefined && spot > 0) rec.spotUsdPerHour = spot;
      if (p.commit1y !== undefined) rec.commit1yUsdPerHour = p.commit1y;
      if (p.commit3y !== undefined) rec.commit3yUsdPerHour = p.commit3y;
      records.push(rec);
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: paths.map(dateFromFileName).find((d) => d !== null) ?? (latest ? isoDate(latest) : null),
      records,
      notes: [`${items} price items read, ${kept} Linux VM meters kept for ${records.length} (size, region) pairs` + (spotOnly ? `; ${spotOnly} have no on-demand meter in these pages` : '')],
    };
  },
};
