import { basename } from 'node:path';
import { z } from 'zod';
import { ProblemList } from '../problems.js';
import { azureArchFromSize, azureFamilyFromQuotaName, azureGpuModelFromSize, isAzureFpgaSize } from '../azureVmSize.js';
import { type Importer, type PartialEntry, dateFromFileName, readJson, sourceIdOf } from './importer.js';

const sizeSchema = z.object({
  VmSize: z.string().min(1),
  VmFamily: z.string().min(1),
  LowPriority: z.boolean(),
  PricePerHour: z.number().min(0).nullable(),
  MemoryInGiB: z.number().positive(),
  VCpusAvailable: z.number().positive(),
  GpusAvailable: z.number().min(0).nullable().optional(),
  RegionsAvailable: z.array(z.string()).optional(),
});

/**
 * The Azure Batch supported-VM-size file (microsoft/ga4gh-tes
 * `BatchSupportedVmSizeInformation_AZURECLOUD.json`): one entry per size and priority, with
 * vCPUs, memory, GPUs and the Linux retail price of ONE region. The file does not name that
 * region, so it comes from `--region` (exactly one) or from a region name in the file name
 * ("…_westeurope_prices_2025-03.json"), checked against the regions the file lists.
 * `LowPriority: true` entries carry the Batch low-priority (spot) price; entries with a null
 * price are not sold in that region and are skipped. GPU models are not in the file; sizes
 * that name their GPU (…_H100_v5) get it from the name, and NP sizes (FPGAs, which the file
 * counts as GPUs) get 0 accelerators.
 */
export const azureBatchVmSizes: Importer = {
  format: 'azure-batch-vm-sizes',
  description: 'Azure Batch supported VM sizes JSON with PricePerHour (one region per file)',
  provides: 'specs, GPUs, on-demand and low-priority (spot) prices for one region',
  async run(paths, options) {
    const records: PartialEntry[] = [];
    const notes: string[] = [];
    for (const path of paths) {
      const problems = new ProblemList(path);
      const json = await readJson(path);
      if (!Array.isArray(json)) {
        problems.add('expected a JSON array of VM sizes');
        throw problems.fail('the VM size list');
      }
      const sizes: Array<z.infer<typeof sizeSchema>> = [];
      json.forEach((raw: unknown, i: number) => {
        const parsed = sizeSchema.safeParse(raw);
        if (parsed.success) sizes.push(parsed.data);
        else for (const issue of parsed.error.issues) problems.add(issue.message, undefined, `[${i}].${issue.path.map(String).join('.')}`);
      });
      problems.throwIfAny('the VM size list');

      const known = new Set(sizes.flatMap((s) => s.RegionsAvailable ?? []));
      let region: string | undefined;
      if (options.regions?.size === 1) region = [...options.regions][0];
      else {
        const name = basename(path).toLowerCase();
        region = [...known].filter((r) => new RegExp(`(^|[^a-z])${r}([^a-z]|$)`).test(name)).sort((a, b) => b.length - a.length)[0];
      }
      if (region === undefined) {
        problems.add('cannot tell which region the prices are for: pass --region <name> (e.g. --region westeurope)');
        throw problems.fail('the VM size list');
      }

      const byName = new Map<string, { od?: number; low?: number; spec: z.infer<typeof sizeSchema> }>();
      for (const s of sizes) {
        if (s.RegionsAvailable && !s.RegionsAvailable.includes(region)) continue;
        const e = byName.get(s.VmSize) ?? { spec: s };
        if (s.PricePerHour !== null && s.PricePerHour > 0) {
          if (s.LowPriority) e.low = s.PricePerHour;
          else e.od = s.PricePerHour;
        }
        byName.set(s.VmSize, e);
      }
      let unpriced = 0;
      for (const [name, e] of byName) {
        const s = e.spec;
        const rec: PartialEntry = {
          provider: 'azure',
          region,
          instanceType: name,
          family: azureFamilyFromQuotaName(s.VmFamily),
          vcpu: s.VCpusAvailable,
          memoryGiB: s.MemoryInGiB,
          gpus: isAzureFpgaSize(name) ? 0 : (s.GpusAvailable ?? 0),
          arch: azureArchFromSize(name),
        };
        const model = azureGpuModelFromSize(name);
        if (rec.gpus === 0) rec.gpuModel = null;
        else if (model) rec.gpuModel = model;
        if (e.od !== undefined) rec.onDemandUsdPerHour = e.od;
        else unpriced++;
        if (e.low !== undefined) rec.spotUsdPerHour = e.low;
        records.push(rec);
      }
      notes.push(`${path}: ${byName.size} sizes in ${region}, ${byName.size - unpriced} with a price${unpriced ? ` (${unpriced} unpriced sizes cannot become catalog rows)` : ''}`);
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
