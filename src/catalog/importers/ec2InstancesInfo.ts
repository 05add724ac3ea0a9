import { z } from 'zod';
import { spotBandByLabel } from '../../model/catalog.js';
import { ProblemList } from '../problems.js';
import { ANY_REGION, type Importer, type PartialEntry, dateFromFileName, parseNetworkGbps, positiveNumber, readJson, sourceIdOf, wantRegion } from './importer.js';

const linuxPricing = z.object({
  ondemand: z.string().optional(),
  reserved: z.record(z.string(), z.string()).optional(),
  spot_avg: z.string().optional(),
  pct_interrupt: z.string().optional(),
});

const instanceSchema = z.object({
  instance_type: z.string().min(1),
  vCPU: z.number().positive(),
  memory: z.number().positive(),
  GPU: z.number().min(0).optional(),
  GPU_model: z.string().nullable().optional(),
  arch: z.array(z.string()).optional(),
  network_performance: z.string().nullable().optional(),
  baseline_bandwidth_gbps: z.number().nullable().optional(),
  pricing: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

// ec2instances.info keys reserved rates as yrTerm{1,3}{Standard,Convertible}.{noUpfront,…}; all
// are effective hourly rates already (upfront amortized). capsim's commitment columns take the
// Standard class, preferring no upfront.
const PAYMENT_PREFERENCE = ['noUpfront', 'partialUpfront', 'allUpfront'];

function reservedRate(reserved: Readonly<Record<string, string>> | undefined, years: 1 | 3): number | null {
  if (!reserved) return null;
  for (const payment of PAYMENT_PREFERENCE) {
    const v = positiveNumber(reserved[`yrTerm${years}Standard.${payment}`]);
    if (v !== undefined) return v;
  }
  return null;
}

/**
 * ec2instances.info instance records (github.com/vantage-sh/ec2instances.info): the 2017
 * `instances.json` array and the modern per-instance record (a single object or an array).
 * Gives specs for every record, and per region: on-demand Linux price, Standard reserved rates
 * (1y/3y), and in modern records the average spot price and Advisor interruption band.
 */
export const ec2InstancesInfo: Importer = {
  format: 'ec2instances-json',
  description: 'ec2instances.info instances.json (2017 array) or modern per-instance record(s)',
  provides: 'specs, GPUs, network; on-demand, reserved and (modern) spot prices per region',
  async run(paths, options) {
    const records: PartialEntry[] = [];
    let instances = 0;
    let priced = 0;
    for (const path of paths) {
      const problems = new ProblemList(path);
      const json = await readJson(path);
      const list = Array.isArray(json) ? json : [json];
      list.forEach((raw, i) => {
        const parsed = instanceSchema.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) problems.add(issue.message, undefined, `[${i}].${issue.path.map(String).join('.')}`);
          return;
        }
        const x = parsed.data;
        instances++;
        const type = x.instance_type;
        const family = type.split('.')[0]!;
        const spec: PartialEntry = {
          provider: 'aws',
          region: ANY_REGION,
          instanceType: type,
          family,
          vcpu: x.vCPU,
          memoryGiB: x.memory,
          networkGbps: x.baseline_bandwidth_gbps ?? (x.network_performance ? parseNetworkGbps(x.network_performance) : null),
        };
        if (x.GPU !== undefined) {
          spec.gpus = x.GPU;
          if (x.GPU === 0) spec.gpuModel = null;
          else if (x.GPU_model) spec.gpuModel = x.GPU_model;
        }
        if (x.arch) spec.arch = x.arch.includes('arm64') ? 'arm64' : 'x86_64';
        records.push(spec);
        for (const [region, byOs] of Object.entries(x.pricing ?? {})) {
          if (!wantRegion(options, region)) continue;
          const linux = linuxPricing.safeParse(byOs.linux);
          if (!linux.success || byOs.linux === undefined) continue;
          const od = positiveNumber(linux.data.ondemand);
          if (od === undefined) continue;
          const band = linux.data.pct_interrupt ? spotBandByLabel(linux.data.pct_interrupt) : undefined;
          records.push({
            ...spec,
            region,
            onDemandUsdPerHour: od,
            commit1yUsdPerHour: reservedRate(linux.data.reserved, 1),
            commit3yUsdPerHour: reservedRate(linux.data.reserved, 3),
            ...(linux.data.spot_avg !== undefined ? { spotUsdPerHour: positiveNumber(linux.data.spot_avg) ?? null } : {}),
            ...(band ? { spotInterruptionBand: band.label } : {}),
          });
          priced++;
        }
      });
      problems.throwIfAny('the instance records');
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes: [`${instances} instance types, ${priced} (type, region) Linux prices`],
    };
  },
};
