import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type SpotPriceSeries, timeWeightedAverageUsdPerHour } from '../../model/billing/spotPrice.js';
import { ProblemList, unreadable } from '../problems.js';
import { awsRegionForZone } from '../awsRegion.js';
import { type ImportOptions, type Importer, type PartialEntry, addZodIssues, readText, sourceIdOf, wantRegion } from './importer.js';

const historySchema = z.object({
  SpotPriceHistory: z.array(
    z.object({
      AvailabilityZone: z.string().min(1),
      InstanceType: z.string().min(1),
      ProductDescription: z.string().min(1),
      SpotPrice: z.string().refine((s) => Number(s) > 0, { error: (iss) => `expected a price > 0, got ${JSON.stringify(iss.input)}` }),
      Timestamp: z.string().refine((s) => Number.isFinite(Date.parse(s)), { error: (iss) => `expected an ISO-8601 timestamp, got ${JSON.stringify(iss.input)}` }),
    }),
  ),
  NextToken: z.string().nullable().optional(),
});

interface RawPoint {
  zone: string;
  type: string;
  product: string;
  usdPerHour: number;
  tSec: number;
}

/** Linux prices only; the catalog is Linux. "Linux/UNIX (Amazon VPC)" is the EC2-Classic-era spelling. */
const LINUX = new Set(['Linux/UNIX', 'Linux/UNIX (Amazon VPC)']);

/**
 * Reads `aws ec2 describe-spot-price-history` output: the API's JSON, or the 5-column TSV
 * variant without a header (AZ ID or name, instance type, product, price, timestamp), which is
 * streamed line by line. Records are price changes, newest first and interleaved across AZs;
 * the result is one ascending series per (AZ, type, product) for replay.
 */
export async function readSpotPriceHistory(paths: readonly string[], options: ImportOptions = {}): Promise<{ series: SpotPriceSeries[]; windowEndSec: number }> {
  const points: RawPoint[] = [];
  for (const path of paths) {
    const head = (await readHead(path)).trimStart();
    if (head.startsWith('{')) await readJsonHistory(path, points);
    else await readTsvHistory(path, points, options);
  }
  const groups = new Map<string, RawPoint[]>();
  let windowEndSec = -Infinity;
  for (const p of points) {
    const k = `${p.zone}\t${p.type}\t${p.product}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
    if (p.tSec > windowEndSec) windowEndSec = p.tSec;
  }
  const series: SpotPriceSeries[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.tSec - b.tSec);
    const first = g[0]!;
    const region = awsRegionForZone(first.zone) ?? '';
    if (region !== '' && !wantRegion(options, region)) continue;
    series.push({
      region,
      availabilityZone: first.zone,
      instanceType: first.type,
      productDescription: first.product,
      timesSec: Float64Array.from(g, (p) => p.tSec),
      usdPerHour: Float64Array.from(g, (p) => p.usdPerHour),
    });
  }
  return { series, windowEndSec };
}

async function readHead(path: string): Promise<string> {
  try {
    const s = createReadStream(path, { start: 0, end: 255, encoding: 'utf8' });
    let text = '';
    for await (const chunk of s) text += chunk as string;
    return text;
  } catch (err) {
    throw unreadable(path, err);
  }
}

async function readJsonHistory(path: string, out: RawPoint[]): Promise<void> {
  const problems = new ProblemList(path);
  let json: unknown;
  try {
    json = JSON.parse(await readText(path));
  } catch (err) {
    if (err instanceof Error && err.name !== 'SyntaxError') throw err;
    problems.add(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    problems.throwIfAny('the spot price history');
  }
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) {
    addZodIssues(problems, parsed.error.issues);
    problems.throwIfAny('the spot price history');
    return;
  }
  for (const r of parsed.data.SpotPriceHistory) {
    out.push({ zone: r.AvailabilityZone, type: r.InstanceType, product: r.ProductDescription, usdPerHour: Number(r.SpotPrice), tSec: Date.parse(r.Timestamp) / 1000 });
  }
}

async function readTsvHistory(path: string, out: RawPoint[], options: ImportOptions): Promise<void> {
  const problems = new ProblemList(path);
  let total = 0;
  try {
    total = (await stat(path)).size;
  } catch (err) {
    throw unreadable(path, err);
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  for await (const line of rl) {
    lineNo++;
    bytes += line.length + 1;
    if (options.onProgress && (lineNo & 0x3fff) === 0) options.onProgress(Math.min(bytes, total), total);
    if (line.trim() === '') continue;
    const f = line.split('\t');
    if (f.length !== 5) {
      problems.add(`expected 5 tab-separated fields (zone, type, product, price, timestamp), found ${f.length}`, lineNo);
      continue;
    }
    const usd = Number(f[3]);
    const t = Date.parse(f[4]!);
    if (!(usd > 0)) problems.add(`expected a price > 0, got ${JSON.stringify(f[3])}`, lineNo, 'price');
    if (!Number.isFinite(t)) problems.add(`expected an ISO-8601 timestamp, got ${JSON.stringify(f[4])}`, lineNo, 'timestamp');
    if (!awsRegionForZone(f[0]!)) problems.add(`unknown availability zone ${JSON.stringify(f[0])}`, lineNo, 'zone');
    if (usd > 0 && Number.isFinite(t)) out.push({ zone: f[0]!, type: f[1]!, product: f[2]!, usdPerHour: usd, tSec: t / 1000 });
  }
  options.onProgress?.(total, total);
  problems.throwIfAny('the spot price history');
}

/**
 * As a catalog source: per (region, type), the spot price is the mean over AZs of each AZ's
 * time-weighted Linux price across the file's window (from the AZ's first change to the
 * newest record in the file).
 */
export const awsSpotPriceHistory: Importer = {
  format: 'aws-spot-history',
  description: 'aws ec2 describe-spot-price-history JSON, or its 5-column TSV variant',
  provides: 'average spot prices per region (and per-AZ series for replay)',
  multiFile: true,
  async run(paths, options) {
    const { series, windowEndSec } = await readSpotPriceHistory(paths, options);
    const byKey = new Map<string, { region: string; type: string; sum: number; n: number }>();
    for (const s of series) {
      if (!LINUX.has(s.productDescription) || s.region === '') continue;
      const avg = timeWeightedAverageUsdPerHour(s, windowEndSec);
      const k = `${s.region}/${s.instanceType}`;
      const acc = byKey.get(k) ?? { region: s.region, type: s.instanceType, sum: 0, n: 0 };
      acc.sum += avg;
      acc.n++;
      byKey.set(k, acc);
    }
    const records: PartialEntry[] = [...byKey.values()].map((a) => ({ provider: 'aws', region: a.region, instanceType: a.type, spotUsdPerHour: a.sum / a.n }));
    const points = series.reduce((n, s) => n + s.timesSec.length, 0);
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: Number.isFinite(windowEndSec) ? new Date(windowEndSec * 1000).toISOString().slice(0, 10) : null,
      records,
      notes: [`${points} price changes in ${series.length} series; Linux averages for ${records.length} (type, region) pairs`],
      spotSeries: series,
    };
  },
};
