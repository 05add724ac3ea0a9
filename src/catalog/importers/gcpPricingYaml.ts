import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { Arch } from '../../model/catalog.js';
import { HOURS_PER_MONTH } from '../../model/time.js';
import { ProblemList } from '../problems.js';
import { type Importer, type PartialEntry, addZodIssues, dateFromFileName, isoDate, readText, sourceIdOf, wantRegion } from './importer.js';

const regionCost = z.object({
  hour: z.number().min(0).optional(),
  hour_spot: z.number().min(0).optional(),
  month: z.number().min(0).optional(),
  month_1y: z.number().min(0).optional(),
  month_3y: z.number().min(0).optional(),
  month_spot: z.number().min(0).optional(),
});

const machine = z
  .object({
    cpu: z.number().positive(),
    ram: z.number().positive(),
    type: z.string().optional(),
    cost: z.record(z.string(), regionCost).optional(),
  })
  .catchall(z.unknown());

const fileSchema = z.object({
  about: z.object({ generated: z.string().optional() }).optional(),
  compute: z.object({ instance: z.record(z.string(), machine) }),
});

/** Keys of a machine entry that are not accelerator counts. */
const NOT_GPU = new Set(['cpu', 'ram', 'type', 'cost', 'local-ssd']);

const GPU_MODELS: Readonly<Record<string, string>> = {
  a100: 'NVIDIA A100 40GB',
  'a100-80gb': 'NVIDIA A100 80GB',
  'h100-80gb': 'NVIDIA H100 80GB',
  'h100-80gb-mega': 'NVIDIA H100 80GB Mega',
  'h200-141gb': 'NVIDIA H200 141GB',
  b200: 'NVIDIA B200',
  l4: 'NVIDIA L4',
  t4: 'NVIDIA T4',
  v100: 'NVIDIA V100',
  p100: 'NVIDIA P100',
  p4: 'NVIDIA P4',
  k80: 'NVIDIA K80',
  rtx6000: 'NVIDIA RTX PRO 6000',
};

/** Axion / Ampere series end in "a" after the generation: t2a, c4a, n4a. */
function gcpArch(series: string): Arch {
  return /^[a-z]\d+a$/.test(series) ? 'arm64' : 'x86_64';
}

/**
 * The Google Cloud pricing YAML of github.com/Cyclenerd/google-cloud-pricing-cost-calculator
 * (generated from the Cloud Billing Catalog API). Per machine type: `cpu`, `ram` (GiB), GPU
 * counts keyed by GPU name, and per region `hour` (on-demand), `hour_spot`, `month_1y` /
 * `month_3y` (committed use, per 730 h month) and `month`, which already includes sustained-use
 * discounts (so on-demand is `hour`, never `month` / 730; `month` / 730 becomes
 * sustainedUseUsdPerHour when it is lower). A `month_1y` that is not below `month` is the list
 * repeating the SUD price for a type without commitments (f1-micro), not a commitment.
 */
export const gcpPricingYaml: Importer = {
  format: 'gcp-pricing-yaml',
  description: 'Google Cloud pricing.yml (Cyclenerd google-cloud-pricing-cost-calculator)',
  provides: 'specs, GPUs, on-demand, spot, 1y/3y commitment and sustained-use prices per region',
  async run(paths, options) {
    const records: PartialEntry[] = [];
    let asOf: string | null = null;
    let types = 0;
    for (const path of paths) {
      const problems = new ProblemList(path);
      const text = await readText(path);
      let doc: unknown;
      try {
        doc = parseYaml(text, { maxAliasCount: -1 });
      } catch (err) {
        if (!(err instanceof YAMLParseError)) throw err;
        problems.add(`not valid YAML: ${err.message.split('\n')[0]}`, err.linePos?.[0].line, err.linePos ? `col ${err.linePos[0].col}` : undefined);
        throw problems.fail('the pricing file');
      }
      const parsed = fileSchema.safeParse(doc);
      if (!parsed.success) {
        addZodIssues(problems, parsed.error.issues);
        throw problems.fail('the pricing file');
      }
      const generated = parsed.data.about?.generated;
      asOf = (generated ? isoDate(generated) : null) ?? asOf ?? dateFromFileName(path);
      for (const [name, m] of Object.entries(parsed.data.compute.instance)) {
        types++;
        const series = (m.type ?? name).split('-')[0]!;
        let gpus = 0;
        let gpuModel: string | null = null;
        for (const [key, value] of Object.entries(m)) {
          if (NOT_GPU.has(key)) continue;
          if (typeof value !== 'number' || !(value > 0)) {
            problems.add(`expected a GPU count, got ${JSON.stringify(value)}`, undefined, `compute.instance.${name}.${key}`);
            continue;
          }
          gpus += value;
          gpuModel = GPU_MODELS[key] ?? `NVIDIA ${key.toUpperCase()}`;
        }
        for (const [region, c] of Object.entries(m.cost ?? {})) {
          if (!wantRegion(options, region) || c.hour === undefined || !(c.hour > 0)) continue;
          const perHour = (monthly: number | undefined) => (monthly !== undefined && monthly > 0 ? monthly / HOURS_PER_MONTH : null);
          const month = perHour(c.month);
          const commit = (monthly: number | undefined) => {
            const h = perHour(monthly);
            return h !== null && (month === null || h < month * (1 - 1e-9)) ? h : null;
          };
          records.push({
            provider: 'gcp',
            region,
            instanceType: name,
            family: series,
            vcpu: m.cpu,
            memoryGiB: m.ram,
            gpus,
            gpuModel,
            arch: gcpArch(series),
            onDemandUsdPerHour: c.hour,
            spotUsdPerHour: c.hour_spot !== undefined && c.hour_spot > 0 ? c.hour_spot : null,
            commit1yUsdPerHour: commit(c.month_1y),
            commit3yUsdPerHour: commit(c.month_3y),
            sustainedUseUsdPerHour: month !== null && month < c.hour * (1 - 1e-9) ? month : null,
          });
        }
      }
      problems.throwIfAny('the pricing file');
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf,
      records,
      notes: [`${types} machine types, ${records.length} (type, region) prices`],
    };
  },
};
