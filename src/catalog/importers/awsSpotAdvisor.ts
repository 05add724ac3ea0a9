import { z } from 'zod';
import { spotBandByIndex, spotBandByLabel } from '../../model/catalog.js';
import { ProblemList } from '../problems.js';
import { awsFamilyOf } from '../awsInstanceType.js';
import { ANY_REGION, type Importer, type PartialEntry, addZodIssues, dateFromFileName, readJson, sourceIdOf, wantRegion } from './importer.js';

const advisorSchema = z.object({
  ranges: z.array(z.object({ index: z.number().int().min(0), label: z.string(), max: z.number().optional() })).min(1),
  instance_types: z.record(z.string(), z.object({ cores: z.number().positive(), ram_gb: z.number().positive(), emr: z.boolean().optional() })),
  spot_advisor: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.object({ s: z.number().max(100), r: z.number().int().min(0) })))),
  global_rate: z.string().optional(),
});

/**
 * The AWS Spot Instance Advisor feed (`spot-advisor-data.json`, served by the Advisor page).
 * - `instance_types{type: {cores, ram_gb}}` → vCPU and memory (region-independent; `cores`
 *   is the vCPU count despite its name: c6i.32xlarge has 128);
 * - `spot_advisor[region].Linux[type] = {s, r}` → spot price = on-demand × (1 − s/100),
 *   applied once an on-demand price is known, and `r` → `ranges[r].label` → the interruption
 *   band and its monthly rate (SPOT_INTERRUPTION_BANDS). Windows figures are ignored.
 *   The feed occasionally publishes a negative saving (2025-06: p5.48xlarge in ca-central-1,
 *   s = -62, spot above on-demand); it is kept as published and counted in the notes.
 */
export const awsSpotAdvisor: Importer = {
  format: 'aws-spot-advisor',
  description: 'AWS Spot Instance Advisor JSON (spot-advisor-data.json)',
  provides: 'vCPU and memory; spot savings and interruption bands per region',
  async run(paths, options) {
    const records: PartialEntry[] = [];
    const notes: string[] = [];
    for (const path of paths) {
      const problems = new ProblemList(path);
      const parsed = advisorSchema.safeParse(await readJson(path));
      if (!parsed.success) {
        addZodIssues(problems, parsed.error.issues);
        problems.throwIfAny('the Spot Advisor feed');
        continue;
      }
      const data = parsed.data;
      const bandByIndex = new Map<number, string>();
      for (const range of data.ranges) {
        const band = spotBandByLabel(range.label) ?? spotBandByIndex(range.index);
        if (!band) problems.add(`unknown interruption range ${JSON.stringify(range.label)} (index ${range.index})`, undefined, 'ranges');
        else bandByIndex.set(range.index, band.label);
      }
      for (const [type, spec] of Object.entries(data.instance_types)) {
        records.push({ provider: 'aws', region: ANY_REGION, instanceType: type, family: awsFamilyOf(type), vcpu: spec.cores, memoryGiB: spec.ram_gb });
      }
      let spot = 0;
      let negative = 0;
      for (const [region, byOs] of Object.entries(data.spot_advisor)) {
        if (!wantRegion(options, region)) continue;
        for (const [type, fig] of Object.entries(byOs.Linux ?? {})) {
          const band = bandByIndex.get(fig.r);
          if (band === undefined) {
            problems.add(`r = ${fig.r} is not an index of "ranges"`, undefined, `spot_advisor.${region}.Linux.${type}.r`);
            continue;
          }
          if (fig.s < 0) negative++;
          records.push({ provider: 'aws', region, instanceType: type, spotSavingsFraction: fig.s / 100, spotInterruptionBand: band });
          spot++;
        }
      }
      problems.throwIfAny('the Spot Advisor feed');
      notes.push(`${path}: specs for ${Object.keys(data.instance_types).length} types, Linux spot figures for ${spot} (type, region) pairs${negative ? ` (${negative} with negative savings: spot above on-demand)` : ''}`);
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes,
    };
  },
};
