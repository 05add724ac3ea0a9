import { ProblemList } from '../problems.js';
import { awsFamilyOf } from '../awsInstanceType.js';
import { type Importer, type PartialEntry, dateFromFileName, readText, sourceIdOf, wantRegion } from './importer.js';

/**
 * AWS on-demand Linux prices as a tab-separated table with a header row naming `region`,
 * `instance_type` and `on_demand_usd_per_hour` (any column order; extra columns ignored). This
 * is the shape of the Karpenter-generated us-east-1 price table in ../shared/data. Prices only:
 * pair it with a spec source (`--with aws-spot-advisor=…`).
 */
export const awsOnDemandTsv: Importer = {
  format: 'aws-ondemand-tsv',
  description: 'AWS on-demand Linux prices, TSV with columns region, instance_type, on_demand_usd_per_hour',
  provides: 'on-demand prices',
  multiFile: true,
  async run(paths, options) {
    const records: PartialEntry[] = [];
    let skipped = 0;
    for (const path of paths) {
      const text = await readText(path);
      const problems = new ProblemList(path);
      const lines = text.split(/\r?\n/);
      const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
      const col = (name: string) => header.indexOf(name);
      const iRegion = col('region');
      const iType = col('instance_type');
      const iPrice = col('on_demand_usd_per_hour');
      for (const [name, i] of [['region', iRegion], ['instance_type', iType], ['on_demand_usd_per_hour', iPrice]] as const) {
        if (i < 0) problems.add(`missing column "${name}" in the header (found: ${header.join(', ') || 'nothing'})`, 1);
      }
      problems.throwIfAny('the header');
      const seen = new Map<string, number>();
      for (let n = 1; n < lines.length; n++) {
        const line = lines[n]!;
        if (line.trim() === '') continue;
        const cells = line.split('\t');
        const lineNo = n + 1;
        if (cells.length < header.length) {
          problems.add(`expected ${header.length} tab-separated fields, found ${cells.length}`, lineNo);
          continue;
        }
        const region = cells[iRegion]!.trim();
        const type = cells[iType]!.trim();
        const priceText = cells[iPrice]!.trim();
        const price = Number(priceText);
        if (region === '') problems.add('empty region', lineNo, 'region');
        if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(type)) problems.add(`not an EC2 instance type: ${JSON.stringify(type)}`, lineNo, 'instance_type');
        if (priceText === '' || !Number.isFinite(price) || price <= 0) problems.add(`expected a price > 0, got ${JSON.stringify(priceText)}`, lineNo, 'on_demand_usd_per_hour');
        const key = `${region}/${type}`;
        const first = seen.get(key);
        if (first !== undefined) problems.add(`duplicate of line ${first}`, lineNo, 'instance_type');
        seen.set(key, lineNo);
        if (!wantRegion(options, region)) {
          skipped++;
          continue;
        }
        records.push({ provider: 'aws', region, instanceType: type, family: awsFamilyOf(type), onDemandUsdPerHour: price });
      }
      problems.throwIfAny('the price table');
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes: [`${records.length} prices read${skipped ? `, ${skipped} outside the selected regions` : ''}`],
    };
  },
};
