import { z } from 'zod';
import { ProblemList } from '../problems.js';
import { awsRegionForLocation } from '../awsRegion.js';
import { PriceListAccumulator, isLinuxSharedInstance, specFromProduct } from '../awsPriceList.js';
import { type Importer, dateFromFileName, isoDate, readJson, sourceIdOf, wantRegion } from './importer.js';

const dimension = z.object({
  unit: z.string(),
  pricePerUnit: z.record(z.string(), z.string()),
  description: z.string().optional(),
});
const term = z.object({
  priceDimensions: z.record(z.string(), dimension),
  termAttributes: z.record(z.string(), z.string()).optional(),
  offerTermCode: z.string().optional(),
});
const item = z.object({
  product: z.object({
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
    sku: z.string(),
  }),
  terms: z.object({
    OnDemand: z.record(z.string(), term).optional(),
    Reserved: z.record(z.string(), term).optional(),
  }),
  publicationDate: z.string().optional(),
});

/** `aws pricing get-products` output, one item, an array of items, or the `{PriceList: [...]}` page (items as JSON strings or objects). */
function itemsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object' && 'PriceList' in json && Array.isArray((json as { PriceList: unknown }).PriceList)) {
    return (json as { PriceList: unknown[] }).PriceList.map((x) => (typeof x === 'string' ? (JSON.parse(x) as unknown) : x));
  }
  return [json];
}

/**
 * AWS Price List API GetProducts items (the per-SKU `product` + `terms` structure): Linux,
 * shared-tenancy compute instances → on-demand price, Standard reserved 1y/3y effective hourly
 * (upfront / term hours + recurring; no upfront preferred) and the product's specs.
 */
export const awsGetProducts: Importer = {
  format: 'aws-get-products',
  description: 'AWS Price List API GetProducts JSON (item, array of items, or {PriceList: [...]} pages)',
  provides: 'specs, on-demand and Standard reserved prices per region',
  multiFile: true,
  async run(paths, options) {
    const acc = new PriceListAccumulator();
    let items = 0;
    let kept = 0;
    let published: string | null = null;
    for (const path of paths) {
      const problems = new ProblemList(path);
      const json = await readJson(path);
      let list: unknown[] = [];
      try {
        list = itemsOf(json);
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        problems.add(`a PriceList entry is not valid JSON: ${err.message}`);
        throw problems.fail('the price list');
      }
      list.forEach((raw, i) => {
        const parsed = item.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) problems.add(issue.message, undefined, `[${i}].${issue.path.map(String).join('.')}`);
          return;
        }
        items++;
        const { product, terms, publicationDate } = parsed.data;
        if (publicationDate) published = isoDate(publicationDate) ?? published;
        const a = product.attributes;
        const productFamily = product.productFamily ?? a.productFamily ?? '';
        if (!isLinuxSharedInstance({
          productFamily,
          operatingSystem: a.operatingSystem ?? '',
          tenancy: a.tenancy ?? '',
          preInstalledSw: a.preInstalledSw ?? '',
          ...(a.capacitystatus !== undefined ? { capacityStatus: a.capacitystatus } : {}),
          ...(a.licenseModel !== undefined ? { licenseModel: a.licenseModel } : {}),
        })) return;
        const type = a.instanceType;
        const region = a.regionCode ?? (a.location ? awsRegionForLocation(a.location) : undefined);
        if (!type) {
          problems.add('compute instance without instanceType', undefined, `[${i}].product.attributes`);
          return;
        }
        if (!region) {
          problems.add(`unknown location ${JSON.stringify(a.location)}`, undefined, `[${i}].product.attributes.location`);
          return;
        }
        if (!wantRegion(options, region)) return;
        kept++;
        acc.addSpec(specFromProduct(region, type, { vcpu: a.vcpu, memory: a.memory, gpu: a.gpu, networkPerformance: a.networkPerformance, physicalProcessor: a.physicalProcessor }));
        for (const t of Object.values(terms.OnDemand ?? {})) {
          for (const d of Object.values(t.priceDimensions)) {
            const usd = Number(d.pricePerUnit.USD);
            if (d.unit === 'Hrs' && usd > 0) acc.addOnDemand(region, type, usd);
          }
        }
        for (const [code, t] of Object.entries(terms.Reserved ?? {})) {
          const ta = t.termAttributes ?? {};
          for (const d of Object.values(t.priceDimensions)) {
            const usd = Number(d.pricePerUnit.USD);
            if (!Number.isFinite(usd)) continue;
            acc.addReservedDimension(`${product.sku}/${t.offerTermCode ?? code}`, region, type, ta.LeaseContractLength ?? '', ta.PurchaseOption ?? '', ta.OfferingClass ?? '', d.unit, usd);
          }
        }
      });
      problems.throwIfAny('the price list');
    }
    const records = acc.records();
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: published ?? paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes: [`${items} products read, ${kept} Linux shared-tenancy instance products, ${records.length} priced (type, region) pairs`],
    };
  },
};
