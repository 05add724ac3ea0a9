/**
 * The AWS offer-file CSV importer on a generated ~1 GiB file in the real format (5 metadata
 * lines, a header, every field quoted, 21 price rows per product of which ~5 % are Linux shared
 * tenancy), imported in a child process so its peak RSS is its own. Reference, measured in the
 * same run on the same file: the streaming floor (read 1 MiB chunks and count lines with
 * indexOf, no parsing). Targets from the issue: >= 30 MiB/s and <= 256 MB RSS whatever the size.
 * CAPSIM_BENCH_OFFER_MIB sets the file size (default 1024).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchCase, BenchRow } from '../harness.js';

const TARGET_BYTES = Number(process.env.CAPSIM_BENCH_OFFER_MIB ?? 1024) * 1024 * 1024;
const RUNS = 3;
const IMPORTER = fileURLToPath(new URL('../../dist/catalog/importers/awsOfferCsv.js', import.meta.url));

const HEADER = [
  'SKU', 'OfferTermCode', 'RateCode', 'TermType', 'PriceDescription', 'EffectiveDate', 'StartingRange', 'EndingRange', 'Unit', 'PricePerUnit',
  'Currency', 'RelatedTo', 'LeaseContractLength', 'PurchaseOption', 'OfferingClass', 'Product Family', 'serviceCode', 'Location', 'Location Type',
  'Instance Type', 'Current Generation', 'Instance Family', 'vCPU', 'Physical Processor', 'Clock Speed', 'Memory', 'Storage', 'Network Performance',
  'Processor Architecture', 'Storage Media', 'Volume Type', 'Max Volume Size', 'Max IOPS/volume', 'Max IOPS Burst Performance', 'Max throughput/volume',
  'Provisioned', 'Tenancy', 'EBS Optimized', 'Operating System', 'License Model', 'Group', 'Group Description', 'Transfer Type', 'From Location',
  'From Location Type', 'To Location', 'To Location Type', 'usageType', 'operation', 'AvailabilityZone', 'CapacityStatus', 'ClassicNetworkingSupport',
  'Dedicated EBS Throughput', 'ECU', 'Elastic GPU Type', 'Enhanced Networking Supported', 'From Region Code', 'GPU', 'GPU Memory', 'Instance',
  'Instance Capacity - 10xlarge', 'Instance Capacity - 12xlarge', 'Instance Capacity - 16xlarge', 'Instance Capacity - 2xlarge', 'Instance Capacity - 4xlarge',
  'Instance Capacity - 8xlarge', 'Instance Capacity - large', 'Instance Capacity - medium', 'Instance Capacity - metal', 'Instance Capacity - xlarge',
  'instanceSKU', 'Intel AVX Available', 'Intel AVX2 Available', 'Intel Turbo Available', 'MarketOption', 'Normalization Size Factor', 'Physical Cores',
  'Pre Installed S/W', 'Processor Features', 'Product Type', 'Region Code', 'Resource Type', 'serviceName', 'SnapshotArchiveFeeType', 'To Region Code',
  'Volume API Name', 'VPCNetworkingSupported',
];
const COL = new Map(HEADER.map((h, i) => [h, i]));

const REGIONS: Array<[string, string]> = [
  ['us-east-1', 'US East (N. Virginia)'], ['us-east-2', 'US East (Ohio)'], ['us-west-2', 'US West (Oregon)'], ['eu-west-1', 'EU (Ireland)'],
  ['eu-central-1', 'EU (Frankfurt)'], ['ap-northeast-1', 'Asia Pacific (Tokyo)'], ['ap-southeast-2', 'Asia Pacific (Sydney)'], ['sa-east-1', 'South America (Sao Paulo)'],
];
const FAMILIES = ['m5', 'm6i', 'm7i', 'c5', 'c6i', 'c7i', 'r5', 'r6i', 'r7i', 'm6g', 'c7g', 'r8g'];
const SIZES: Array<[string, number]> = [['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64], ['24xlarge', 96]];
// One product in 20 is Linux / Shared / NA / Used, the rest are the variants a real offer file is full of.
const VARIANTS: Array<[os: string, tenancy: string, sw: string, capacity: string]> = [['Linux', 'Shared', 'NA', 'Used']];
for (const os of ['Windows', 'RHEL', 'SUSE', 'Linux']) {
  for (const [tenancy, sw, capacity] of [['Shared', 'SQL Web', 'Used'], ['Dedicated', 'NA', 'Used'], ['Host', 'NA', 'Used'], ['Shared', 'NA', 'UnusedCapacityReservation'], ['Shared', 'SQL Std', 'Used']] as const) {
    if (VARIANTS.length < 20) VARIANTS.push([os, tenancy, sw, capacity]);
  }
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Quoted cells of one product; term rows copy it and set their own columns. */
function cells(values: Record<string, string>): string[] {
  const out = new Array<string>(HEADER.length).fill('""');
  for (const [k, v] of Object.entries(values)) out[COL.get(k)!] = q(v);
  return out;
}

function row(product: readonly string[], term: Record<string, string>): string {
  const out = product.slice();
  for (const k in term) out[COL.get(k)!] = q(term[k]!);
  return out.join(',');
}

/** Writes the offer file; returns its size and the number of (region, type) pairs it prices for Linux. */
async function generate(path: string): Promise<{ bytes: number; pairs: number }> {
  const out = createWriteStream(path);
  const meta = [
    '"FormatVersion","v1.0"',
    '"Disclaimer","This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/"',
    '"Publication Date","2026-07-01T00:00:00Z"',
    '"Version","20260701000000"',
    '"OfferCode","AmazonEC2"',
    HEADER.map(q).join(','),
  ];
  let bytes = 0;
  let buffer = meta.join('\n') + '\n';
  const pairs = new Set<string>();
  let sku = 0;
  for (let cycle = 0; bytes + buffer.length < TARGET_BYTES; cycle++) {
    for (const [region, location] of REGIONS) {
      for (const family of FAMILIES) {
        for (const [size, vcpu] of SIZES) {
          if (bytes + buffer.length >= TARGET_BYTES) break;
          const type = `${family}${cycle ? `x${cycle}` : ''}.${size}`;
          const od = (vcpu * 0.048 * (1 + (cycle % 7) / 10)).toFixed(10);
          const [os, tenancy, sw, capacity] = VARIANTS[sku % VARIANTS.length]!;
          const id = `SKU${(sku++).toString(36).toUpperCase().padStart(13, '0')}`;
          if (os === 'Linux' && tenancy === 'Shared' && sw === 'NA' && capacity === 'Used') pairs.add(`${region}/${type}`);
          const product = cells({
            SKU: id, Currency: 'USD', 'Product Family': 'Compute Instance', serviceCode: 'AmazonEC2', Location: location, 'Location Type': 'AWS Region',
            'Instance Type': type, 'Current Generation': 'Yes', 'Instance Family': 'General purpose', vCPU: String(vcpu),
            'Physical Processor': family.endsWith('g') ? 'AWS Graviton3 Processor' : 'Intel Xeon Platinum 8375C (Ice Lake)', 'Clock Speed': '3.5 GHz',
            Memory: `${vcpu * 4} GiB`, Storage: 'EBS only', 'Network Performance': 'Up to 12500 Megabit', 'Processor Architecture': '64-bit', Tenancy: tenancy,
            'EBS Optimized': 'Yes', 'Operating System': os, 'License Model': 'No License required', usageType: `BoxUsage:${type}`, operation: 'RunInstances',
            CapacityStatus: capacity, ClassicNetworkingSupport: 'false', 'Dedicated EBS Throughput': 'Up to 10000 Mbps', 'Enhanced Networking Supported': 'Yes',
            'Intel AVX Available': 'Yes', 'Intel AVX2 Available': 'Yes', 'Intel Turbo Available': 'Yes', MarketOption: 'OnDemand', 'Normalization Size Factor': String(vcpu * 2),
            'Physical Cores': String(vcpu / 2), 'Pre Installed S/W': sw, 'Processor Features': 'Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo',
            'Region Code': region, serviceName: 'Amazon Elastic Compute Cloud', VPCNetworkingSupported: 'true',
          });
          const lines: string[] = [
            row(product, { OfferTermCode: 'JRTCKXETXF', RateCode: `${id}.JRTCKXETXF.6YS6EN2CT7`, TermType: 'OnDemand', PriceDescription: `$${Number(od)} per On Demand ${os} ${type} Instance Hour`, EffectiveDate: '2026-07-01', StartingRange: '0', EndingRange: 'Inf', Unit: 'Hrs', PricePerUnit: od }),
          ];
          for (const lease of ['1yr', '3yr']) {
            for (const cls of ['standard', 'convertible']) {
              for (const option of ['No Upfront', 'Partial Upfront', 'All Upfront']) {
                const code = `${lease}${cls}${option}`.replace(/\W/g, '').slice(0, 10).toUpperCase();
                const years = lease === '1yr' ? 1 : 3;
                const hourly = option === 'All Upfront' ? 0 : Number(od) * (option === 'No Upfront' ? 0.65 : 0.3);
                const base = { OfferTermCode: code, TermType: 'Reserved', LeaseContractLength: lease, PurchaseOption: option, OfferingClass: cls, EffectiveDate: '2026-07-01' };
                if (option !== 'No Upfront') lines.push(row(product, { ...base, RateCode: `${id}.${code}.2TG2D8R56U`, PriceDescription: 'Upfront Fee', Unit: 'Quantity', PricePerUnit: (Number(od) * 8760 * years * 0.3).toFixed(0) }));
                lines.push(row(product, { ...base, RateCode: `${id}.${code}.6YS6EN2CT7`, PriceDescription: `${os} (Amazon VPC), ${type} reserved instance applied`, StartingRange: '0', EndingRange: 'Inf', Unit: 'Hrs', PricePerUnit: hourly.toFixed(10) }));
              }
            }
          }
          buffer += lines.join('\n') + '\n';
          if (buffer.length > 4 << 20) {
            bytes += Buffer.byteLength(buffer);
            if (!out.write(buffer)) await once(out, 'drain');
            buffer = '';
          }
        }
      }
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { bytes, pairs: pairs.size };
}

interface ChildResult {
  ms: number;
  maxRssKiB: number;
  records: number;
}

function child(script: string): ChildResult {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

const importScript = (file: string) => `
import { awsOfferCsv } from ${JSON.stringify(pathToFileURL(IMPORTER).href)};
const t0 = performance.now();
const r = await awsOfferCsv.run([${JSON.stringify(file)}], {});
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, records: r.records.length }));
`;

const floorScript = (file: string) => `
import { createReadStream } from 'node:fs';
const t0 = performance.now();
let lines = 0;
for await (const chunk of createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 })) {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, records: lines }));
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bench: BenchCase = {
  name: 'catalog import: AWS offer-file CSV',
  async run(): Promise<BenchRow[]> {
    if (!existsSync(IMPORTER)) throw new Error(`${IMPORTER} is missing: run npm run build first (npm run bench does)`);
    const dir = mkdtempSync(join(tmpdir(), 'capsim-offer-bench-'));
    try {
      const file = join(dir, 'index.csv');
      const t0 = performance.now();
      const { bytes, pairs } = await generate(file);
      const genSeconds = (performance.now() - t0) / 1000;
      const mib = statSync(file).size / 1048576;
      process.stderr.write(`  generated ${mib.toFixed(0)} MiB offer file in ${genSeconds.toFixed(1)} s (${pairs} Linux (region, type) pairs)\n`);
      const imports: ChildResult[] = [];
      const floors: ChildResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        floors.push(child(floorScript(file)));
        imports.push(child(importScript(file)));
      }
      for (const r of imports) if (r.records !== pairs) throw new Error(`importer returned ${r.records} rows, expected ${pairs}`);
      const importMiBs = mib / (median(imports.map((r) => r.ms)) / 1000);
      const floorMiBs = mib / (median(floors.map((r) => r.ms)) / 1000);
      const peakRssMB = (Math.max(...imports.map((r) => r.maxRssKiB)) * 1024) / 1e6;
      const floorRssMB = (Math.max(...floors.map((r) => r.maxRssKiB)) * 1024) / 1e6;
      return [
        {
          name: 'offer CSV import throughput',
          value: importMiBs,
          unit: 'MiB/s',
          target: '>= 30 MiB/s',
          met: importMiBs >= 30,
          detail: `${mib.toFixed(0)} MiB (${(bytes / 1e9).toFixed(2)} GB), median of ${RUNS}: ${(median(imports.map((r) => r.ms)) / 1000).toFixed(2)} s; floor (stream + indexOf) ${floorMiBs.toFixed(0)} MiB/s, importer at ${((importMiBs / floorMiBs) * 100).toFixed(0)}% of it`,
        },
        {
          name: 'offer CSV import peak RSS',
          value: peakRssMB,
          unit: 'MB',
          target: '<= 256 MB',
          met: peakRssMB <= 256,
          detail: `max over ${RUNS} child processes (Node baseline included); the floor reader peaks at ${floorRssMB.toFixed(0)} MB`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
