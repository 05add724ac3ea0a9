/**
 * The boundary for saved results (`capsim run --format json > r.json`, read back by
 * `capsim report`): the file is read, parsed and validated against the result contract
 * (`capsimReport: 1`, PRODUCT.md §5) before any renderer sees it, and every problem comes back as
 * an Issue naming the file and the path, never as a crash inside a renderer.
 *
 * JSON has no NaN or Infinity, so the report wrote them as null (report/json.ts); they come back
 * as NaN ("does not exist"), which every renderer shows as "—". Unknown keys are dropped, so a
 * newer capsim's additions do not stop an older one from rendering what it knows.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { RunReport } from '../report/model.js';
import { describeValue, formatPath, type Issue } from './issue.js';

/** A year of hourly series and bills for a dozen pools stays well under this. */
export const MAX_SAVED_REPORT_BYTES = 256 * 1024 * 1024;
/** The first problems are the useful ones; a wrong file can have thousands. */
const MAX_ISSUES = 20;

const num = z.number().nullable().transform((v) => v ?? NaN);
const count = z.number().nonnegative();
const usd = z.number();
const numbers = z.array(num);
const percentiles = z.object({ p5: num, p50: num, p95: num });

const slo = z.object({ label: z.string(), required: num, attainment: num, met: z.boolean(), thresholdSeconds: num.optional() });

const workload = z.object({
  name: z.string(),
  kind: z.enum(['inference', 'streaming', 'batch']),
  pool: z.string(),
  cost: usd,
  latencyMs: z.object({ p50: num, p95: num, p99: num, mean: num }).optional(),
  requests: z.object({ arrived: num, served: num, dropped: num, queuedAtEnd: num }).optional(),
  lagSeconds: z.object({ p50: num, p99: num, max: num, mean: num }).optional(),
  jobs: z.object({ arrived: count, completed: count, missedDeadline: count, unfinished: count, meanRuntimeHours: num }).optional(),
  sloAttainment: num,
  slo: slo.optional(),
  instanceHours: num,
  peakInstances: count,
  interruptions: count,
  unitCost: z.object({ usd: num, per: z.enum(['1M requests', 'job', 'TB']) }).optional(),
});

const pool = z.object({
  name: z.string(),
  instance: z.string(),
  cost: usd,
  peakInstances: count,
  onDemandInstanceHours: num,
  spotInstanceHours: num,
  interruptions: count,
  interruptionEvents: count,
});

const commitment = z.object({
  id: z.string(),
  kind: z.enum(['savings-plan', 'reserved']),
  feeUsdPerHour: z.number().nonnegative(),
  rateUsdPerHour: z.number().nonnegative(),
  instances: count.optional(),
});

const cloudPoolBill = z.object({
  kind: z.literal('cloud'),
  name: z.string(),
  provider: z.enum(['aws', 'gcp', 'azure']),
  region: z.string(),
  instanceType: z.string(),
  workloads: z.array(z.string()),
  onDemandUsdPerHour: z.number().nonnegative(),
  spotUsdPerHour: z.number().nonnegative().nullable(),
  commitments: z.array(commitment),
  hourly: z.object({
    onDemandUsd: numbers,
    spotUsd: numbers,
    committedUsedUsd: numbers,
    committedUnusedUsd: numbers,
    onDemandSeconds: numbers,
    spotSeconds: numbers,
    coveredSeconds: numbers,
  }),
});

const onPremPoolBill = z.object({
  kind: z.literal('on-prem'),
  name: z.string(),
  workloads: z.array(z.string()),
  nodes: count,
  vcpuPerNode: count,
  hourly: z.object({ onPremUsd: numbers }),
});

const bill = z.object({
  epoch: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'expected a UTC date-time such as 2024-01-01T00:00:00Z'),
  hours: z.number().int().nonnegative(),
  horizonHours: z.number().positive(),
  currency: z.literal('USD'),
  pools: z.array(z.discriminatedUnion('kind', [cloudPoolBill, onPremPoolBill])),
  charges: z.array(
    z.object({
      id: z.string(),
      category: z.enum(['storage', 'network', 'feature-store', 'other']),
      description: z.string(),
      provider: z.enum(['aws', 'gcp', 'azure']),
      region: z.string().nullable(),
      pool: z.string().nullable(),
      workload: z.string().nullable(),
      totalUsd: usd,
      quantity: usd,
      unit: z.enum(['GB-Months', 'GB', 'Million Read Request Units', 'USD']),
      unitPriceUsd: z.number(),
    }),
  ),
});

export const savedReportSchema = z.object({
  capsimReport: z.literal(1),
  toolVersion: z.string(),
  scenario: z.object({
    name: z.string(),
    description: z.string().optional(),
    horizonHours: z.number().positive(),
    stepSeconds: z.number().positive(),
    seed: z.number().int().nonnegative(),
    runs: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of the scenario text: 64 hex digits'),
    variant: z.string().optional(),
  }),
  summary: z.object({
    cost: z.object({
      total: usd,
      currency: z.literal('USD'),
      perMonth: usd,
      byPurchase: z.object({ onDemand: usd, spot: usd, committed: usd, onPrem: usd }),
      byCategory: z.object({ compute: usd, storage: usd, network: usd, featureStore: usd }),
      byWorkload: z.record(z.string(), usd),
    }),
    workloads: z.array(workload),
    pools: z.array(pool),
    featureStore: z.object({ reuse: z.boolean(), reuseSavings: usd, storeCost: usd }).optional(),
  }),
  monteCarlo: z
    .object({
      runs: z.number().int().positive(),
      cost: percentiles,
      sloAttainment: percentiles,
      workloads: z.record(z.string(), z.object({ cost: percentiles, sloAttainment: percentiles })),
      costs: z.array(usd).optional(),
    })
    .optional(),
  series: z
    .object({
      resolution: z.literal('hourly'),
      costUsd: numbers,
      workloads: z.record(z.string(), z.record(z.string(), numbers)),
    })
    .optional(),
  bill: bill.optional(),
  assumptions: z.array(z.string()),
});

export type SavedReportResult = { ok: true; report: RunReport } | { ok: false; issues: Issue[] };

/** Reads `arg` (a path, or - for standard input) and validates it as a saved result. */
export async function loadSavedReport(arg: string, cwd: string, stdin: Readable): Promise<SavedReportResult> {
  const label = arg === '-' ? '<stdin>' : arg;
  let text: string;
  try {
    text = arg === '-' ? await readAll(stdin) : await readFileChecked(resolve(cwd, arg));
  } catch (err) {
    return fail(label, describeReadError(err));
  }
  return parseSavedReport(label, text);
}

export function parseSavedReport(label: string, text: string): SavedReportResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { ok: false, issues: [syntaxIssue(label, text, err)] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(label, `not a capsim result (got ${describeValue(data)}; expected the JSON object that capsim run --format json writes)`);
  }
  const version = (data as { capsimReport?: unknown }).capsimReport;
  if (version !== 1) {
    // Any other shape would only add noise: the file is not (this version of) a capsim result.
    return fail(label, `not a capsim result of a known version (got capsimReport ${describeValue(version)}; expected 1: save one with capsim run --format json)`);
  }
  const parsed = savedReportSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((i): Issue => ({ file: label, line: 0, col: 0, path: formatPath(i.path), message: messageOf(i) }));
    if (parsed.error.issues.length > MAX_ISSUES) issues.push({ file: label, line: 0, col: 0, path: '', message: `${parsed.error.issues.length - MAX_ISSUES} more problems not shown` });
    return { ok: false, issues };
  }
  const report: RunReport = parsed.data;
  return { ok: true, report };
}

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

function messageOf(issue: ZodIssue): string {
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `missing (expected ${issue.expected})` : `wrong type (${got}; expected ${issue.expected})`;
    case 'invalid_value':
      return `not an allowed value (${got}; expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
    case 'invalid_union':
      return `not a known shape (${got})`;
    default:
      return `${issue.message} (${got})`;
  }
}

function syntaxIssue(label: string, text: string, err: unknown): Issue {
  const message = err instanceof Error ? err.message : String(err);
  const located = locate(message, text);
  if (!located) return { file: label, line: 0, col: 0, path: '', message: `not JSON: ${message.replace(/^Unexpected end of JSON input$/, 'unexpected end of the file')} (expected the output of capsim run --format json)` };
  const before = text.slice(0, located.offset);
  const line = before.split('\n').length;
  const col = located.offset - before.lastIndexOf('\n');
  return { file: label, line, col, path: '', message: `JSON syntax error: ${located.reason}` };
}

/**
 * Where V8's JSON.parse stopped. Most messages say "at position N"; "Unexpected token" ones
 * quote ±10 characters around the token instead, which still pins it down.
 */
function locate(message: string, text: string): { offset: number; reason: string } | undefined {
  const at = /^(.*?)(?: in JSON)? at position (\d+)/s.exec(message);
  if (at) return { offset: Number(at[2]), reason: at[1]!.charAt(0).toLowerCase() + at[1]!.slice(1) };
  const token = /^Unexpected token '(.+?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (!token) return undefined;
  const [, what, before, context, after] = token;
  const start = text.indexOf(context!);
  if (start < 0) return undefined;
  const offset = before ? start + 10 : after ? start + context!.length - 10 : text.lastIndexOf(what!);
  return { offset: Math.max(0, offset), reason: `unexpected ${JSON.stringify(what)}` };
}

async function readFileChecked(path: string): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (info.size > MAX_SAVED_REPORT_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
  return decodeUtf8(await readFile(path));
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > MAX_SAVED_REPORT_BYTES) {
      stream.destroy();
      throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    }
    chunks.push(buf);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw Object.assign(new Error('not UTF-8'), { code: 'EILSEQ' });
  }
}

function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found (check the path; use - to read standard input)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory (expected a saved result: capsim run --format json > result.json)';
  if (code === 'EFBIG') return `is too large (expected at most ${MAX_SAVED_REPORT_BYTES / 1024 / 1024} MB)`;
  if (code === 'EILSEQ') return 'is not UTF-8 text (expected the JSON that capsim run --format json writes)';
  return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}

function fail(file: string, message: string): SavedReportResult {
  return { ok: false, issues: [{ file, line: 0, col: 0, path: '', message }] };
}
