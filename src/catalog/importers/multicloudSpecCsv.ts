import { parse } from 'csv-parse/sync';
import type { Provider } from '../../model/catalog.js';
import { ProblemList } from '../problems.js';
import { awsArchFromName, awsFamilyOf } from '../awsInstanceType.js';
import { azureArchFromSize, azureCanonicalSize } from '../azureVmSize.js';
import { ANY_REGION, type Importer, type PartialEntry, dateFromFileName, readText, sourceIdOf } from './importer.js';

const CLOUDS: Readonly<Record<string, Provider>> = {
  'Amazon Web Services': 'aws',
  'Google Cloud Platform': 'gcp',
  'Microsoft Azure': 'azure',
};

const REQUIRED = ['cloud', 'family', 'size', 'cpu', 'memory', 'network_bandwidth', 'other_devices', 'cpu_type'];

/**
 * `other_devices` → accelerators: "4x NVIDIA Tesla T4 GPU" → 4 × "NVIDIA Tesla T4",
 * "1/8x AMD Radeon Instinct M125" → 0.125, "16x AWS Inferentia and Elastic Fabric Adapter…" →
 * 16 × "AWS Inferentia". FPGAs, EFA, InfiniBand and SGX memory are not accelerators for capsim.
 */
export function parseOtherDevices(text: string): { gpus: number; gpuModel: string | null } {
  const m = /^\s*(\d+)(?:\/(\d+))?x\s+(.+?)(?:\s+and\s+.*)?$/.exec(text);
  if (!m) return { gpus: 0, gpuModel: null };
  const model = m[3]!.replace(/\s+GPU$/, '').trim();
  if (!/GPU|NVIDIA|AMD Radeon|Inferentia|Trainium|Gaudi/i.test(model) || /FPGA/i.test(model)) return { gpus: 0, gpuModel: null };
  const count = m[2] ? Number(m[1]) / Number(m[2]) : Number(m[1]);
  return { gpus: count, gpuModel: model };
}

/** "25" → 25; "<=10" (AWS "up to 10 Gigabit") → 10; words ("Moderate", "very high") → null. */
export function parseBandwidth(text: string): number | null {
  const m = /^\s*(?:<=\s*)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The ec2instances.info multicloud spec CSV (`www/instance-types.csv`): hardware of AWS, Google
 * Cloud and Azure sizes, no prices. Region-independent, so it only ever enriches rows from a
 * price source (`--with ec2instances-multicloud-csv=…`). Azure sizes get their "Standard_"
 * prefix back; arch is arm64 for Graviton/Ampere CPUs.
 */
export const multicloudSpecCsv: Importer = {
  format: 'ec2instances-multicloud-csv',
  description: 'ec2instances.info multicloud instance-types.csv (specs only, AWS/GCP/Azure)',
  provides: 'vCPU, memory, GPUs, network bandwidth, arch (no prices)',
  async run(paths) {
    const records: PartialEntry[] = [];
    for (const path of paths) {
      const problems = new ProblemList(path);
      let rows: string[][];
      try {
        rows = parse(await readText(path), { relax_column_count: true, skip_empty_lines: true, bom: true });
      } catch (err) {
        const e = err as { message?: string; lines?: number };
        problems.add(`not valid CSV: ${e.message ?? String(err)}`, e.lines);
        throw problems.fail('the spec table');
      }
      const header = rows[0] ?? [];
      const col = new Map(header.map((h, i) => [h.trim(), i]));
      for (const c of REQUIRED) if (!col.has(c)) problems.add(`missing column "${c}"`, 1);
      problems.throwIfAny('the spec table header');
      const get = (row: string[], c: string) => (row[col.get(c)!] ?? '').trim();
      rows.slice(1).forEach((row, r) => {
        const line = r + 2;
        const cloud = get(row, 'cloud');
        const provider = CLOUDS[cloud];
        if (!provider) {
          problems.add(`unknown cloud ${JSON.stringify(cloud)}`, line, 'cloud');
          return;
        }
        const size = get(row, 'size');
        const vcpu = Number(get(row, 'cpu'));
        const mem = Number(get(row, 'memory'));
        if (!(vcpu > 0)) problems.add(`expected a vCPU count > 0, got ${JSON.stringify(get(row, 'cpu'))}`, line, 'cpu');
        if (!(mem > 0)) problems.add(`expected memory in GiB > 0, got ${JSON.stringify(get(row, 'memory'))}`, line, 'memory');
        if (size === '') problems.add('empty size', line, 'size');
        if (!(vcpu > 0 && mem > 0) || size === '') return;
        const instanceType = provider === 'azure' ? azureCanonicalSize(size) : size;
        const cpuType = get(row, 'cpu_type');
        const armCpu = /\b(graviton|ampere|arm)/i.test(cpuType);
        const { gpus, gpuModel } = parseOtherDevices(get(row, 'other_devices'));
        records.push({
          provider,
          region: ANY_REGION,
          instanceType,
          family: provider === 'aws' ? awsFamilyOf(size) : provider === 'gcp' ? size.split('-')[0]! : get(row, 'family'),
          vcpu,
          memoryGiB: mem,
          gpus,
          gpuModel,
          networkGbps: parseBandwidth(get(row, 'network_bandwidth')),
          arch: armCpu ? 'arm64' : provider === 'aws' ? awsArchFromName(size) : provider === 'azure' ? azureArchFromSize(instanceType) : 'x86_64',
        });
      });
      problems.throwIfAny('the spec table');
    }
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes: [`specs for ${records.length} sizes`],
    };
  },
};
