import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Arch, Provider } from '../../model/catalog.js';
import type { SpotPriceSeries } from '../../model/billing/spotPrice.js';
import { ProblemList, unreadable } from '../problems.js';

/**
 * What one importer knows about one (provider, region, instance type). Sources rarely know
 * everything: a price list has prices but no specs, the Spot Advisor has specs and spot figures
 * but no on-demand price. `assemble` combines partials from several sources into catalog rows.
 * An undefined field means "this source does not say"; null means "this source says: none".
 */
export interface PartialEntry {
  readonly provider: Provider;
  /** Region code, or ANY_REGION for facts that hold everywhere (hardware specs). */
  readonly region: string;
  readonly instanceType: string;
  family?: string;
  vcpu?: number;
  memoryGiB?: number;
  gpus?: number;
  gpuModel?: string | null;
  networkGbps?: number | null;
  arch?: Arch;
  onDemandUsdPerHour?: number;
  commit1yUsdPerHour?: number | null;
  commit3yUsdPerHour?: number | null;
  sustainedUseUsdPerHour?: number | null;
  spotUsdPerHour?: number | null;
  /** Spot discount vs on-demand, 0..1 (Spot Advisor `s` / 100); turned into a price once the on-demand price is known. */
  spotSavingsFraction?: number;
  spotInterruptionBand?: string | null;
}

export const ANY_REGION = '*';

export interface ImportResult {
  readonly format: string;
  /** The input file name(s), as recorded in the catalog's source columns. */
  readonly sourceId: string;
  /** Data date (YYYY-MM or YYYY-MM-DD) from the content or the file name; null when unknown. */
  readonly asOf: string | null;
  readonly records: PartialEntry[];
  /** One-line facts for stderr: rows read, rows skipped and why. */
  readonly notes: string[];
  /** Spot price histories, for formats that carry them. */
  readonly spotSeries?: SpotPriceSeries[];
}

export interface ImportOptions {
  /** Keep only these regions (codes); undefined keeps all. */
  readonly regions?: ReadonlySet<string>;
  /** Called as bytes are consumed by streaming importers. */
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface Importer {
  /** The `--from` name. */
  readonly format: string;
  readonly description: string;
  /** What the format provides, for `catalog import --help` and assembling. */
  readonly provides: string;
  /** Several files of this format may be given at once (API pages). */
  readonly multiFile?: boolean;
  run(paths: readonly string[], options: ImportOptions): Promise<ImportResult>;
}

export function wantRegion(options: ImportOptions, region: string): boolean {
  return options.regions === undefined || options.regions.has(region);
}

const DATE_IN_NAME = /(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)/;

/** "aws_ondemand_linux_us-east-1_2026-07-20.tsv" → "2026-07-20"; "…_2025-06.json" → "2025-06". */
export function dateFromFileName(path: string): string | null {
  const m = DATE_IN_NAME.exec(basename(path));
  if (!m) return null;
  return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
}

/** YYYY-MM-DD of an ISO timestamp or Date-parsable string; null when unparsable. */
export function isoDate(text: string): string | null {
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : null;
}

export function sourceIdOf(paths: readonly string[]): string {
  return paths.map((p) => basename(p)).join('+');
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(path, err);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const problems = new ProblemList(path);
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    problems.add(`not valid JSON: ${msg}`, line);
    problems.throwIfAny('the input');
    throw err;
  }
}

/** Adds zod issues to a problem list as `file path.to.field: message`. */
export function addZodIssues(problems: ProblemList, issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): void {
  for (const issue of issues) problems.add(issue.message, undefined, issue.path.map(String).join('.') || '(root)');
}

/** "8 GiB", "1,952 GiB", "0.5 GiB", "3.75 GB" → GiB; undefined when unparsable. */
export function parseMemoryGiB(text: string): number | undefined {
  const m = /^\s*([\d,]*\.?\d+)\s*(GiB|GB|MiB|TiB)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/,/g, ''));
  const unit = (m[2] ?? 'GiB').toLowerCase();
  const v = unit === 'mib' ? n / 1024 : unit === 'tib' ? n * 1024 : n;
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * AWS network wording → Gbit/s: "25 Gigabit" → 25, "Up to 10 Gigabit" → 10 (the burst ceiling),
 * "100 Gbps" → 100, "Very Low"/"Moderate"/"High" → null (no number published).
 */
export function parseNetworkGbps(text: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*(Gigabit|Gbps|Gbit)/i.exec(text);
  if (m) return Number(m[1]);
  const mb = /(\d+(?:\.\d+)?)\s*(Megabit|Mbps)/i.exec(text);
  return mb ? Number(mb[1]) / 1000 : null;
}

export function positiveNumber(text: string | number | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const n = typeof text === 'number' ? text : Number(String(text).trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
