import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { RuntimeUserError } from '../model/errors.js';
import { parse } from 'csv-parse/sync';
import type { CatalogEntry } from '../model/catalog.js';
import { CATALOG_COLUMNS, OPTIONAL_COLUMNS, catalogRowSchema, type CatalogColumn } from './schema.js';
import { ProblemList, unreadable } from './problems.js';

/**
 * Reading and writing pricing/*.csv. Parsing validates every row with zod and reports every
 * problem (`file:line column: problem`), not just the first, so a hand-edited catalog can be
 * fixed in one pass.
 */
export function parseCatalogCsv(text: string | Buffer, file: string): CatalogEntry[] {
  const problems = new ProblemList(file);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, comment: '#', comment_no_infix: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    problems.add(`not valid CSV: ${e.message ?? String(err)}`, e.lines);
    problems.throwIfAny('the catalog');
    return [];
  }
  const header = records[0];
  if (!header) {
    problems.add('empty file: expected a header row naming the catalog columns');
    problems.throwIfAny('the catalog');
    return [];
  }
  const columnIndex = new Map<string, number>();
  header.record.forEach((name, i) => {
    const col = name.trim();
    if (columnIndex.has(col)) problems.add(`duplicate column "${col}"`, header.info.lines);
    else if (!(CATALOG_COLUMNS as readonly string[]).includes(col)) problems.add(`unknown column "${col}" (see pricing/README.md for the format)`, header.info.lines);
    columnIndex.set(col, i);
  });
  for (const col of CATALOG_COLUMNS) {
    if (!columnIndex.has(col) && !OPTIONAL_COLUMNS.has(col)) problems.add(`missing column "${col}"`, header.info.lines);
  }
  if (problems.count > 0) problems.throwIfAny('the catalog header');

  const entries: CatalogEntry[] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const line = startLine(record, info.lines);
    if (record.length !== header.record.length) {
      problems.add(`expected ${header.record.length} fields, found ${record.length}`, line);
      continue;
    }
    const input = {} as Record<CatalogColumn, string>;
    for (const col of CATALOG_COLUMNS) {
      const i = columnIndex.get(col);
      input[col] = i === undefined ? '' : record[i]!;
    }
    const parsed = catalogRowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.add(issue.message, line, issue.path.map(String).join('.') || undefined);
      continue;
    }
    const entry = parsed.data;
    const key = `${entry.provider}/${entry.region}/${entry.instanceType.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.add(`duplicate row for ${entry.provider} ${entry.region} ${entry.instanceType} (first at line ${first})`, line, 'instanceType');
      continue;
    }
    seen.set(key, line);
    entries.push(entry);
  }
  problems.throwIfAny('the catalog');
  return entries;
}

export async function readCatalogFile(path: string, label = path): Promise<CatalogEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(label, err);
  }
  return parseCatalogCsv(bytes, label);
}

// csv-parse reports the line a record ends on; a quoted field with newlines starts earlier.
function startLine(record: readonly string[], endLine: number): number {
  let newlines = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) newlines++;
  return endLine - newlines;
}

/** Catalog order: provider, region, family, then size (vCPU, memory), then name. */
export function compareEntries(a: CatalogEntry, b: CatalogEntry): number {
  return (
    a.provider.localeCompare(b.provider) ||
    a.region.localeCompare(b.region) ||
    a.family.localeCompare(b.family, 'en', { numeric: true, sensitivity: 'base' }) ||
    a.vcpu - b.vcpu ||
    a.memoryGiB - b.memoryGiB ||
    a.instanceType.localeCompare(b.instanceType, 'en', { numeric: true })
  );
}

/** Twelve significant digits: enough for any list price, and no float noise like 0.040319999999999995. */
export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? formatNumber(value) : String(value);
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCatalogCsv(entries: readonly CatalogEntry[]): string {
  const sorted = [...entries].sort(compareEntries);
  const out = [CATALOG_COLUMNS.join(',')];
  for (const e of sorted) out.push(CATALOG_COLUMNS.map((c) => cell(e[c])).join(','));
  return out.join('\n') + '\n';
}

/** Writes through a temporary file and a rename, so an interrupted import never leaves half a catalog. */
export async function writeCatalogFile(path: string, entries: readonly CatalogEntry[]): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, formatCatalogCsv(entries));
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new RuntimeUserError(`cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
