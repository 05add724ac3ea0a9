import { stat } from 'node:fs/promises';
import type { CatalogEntry } from '../model/catalog.js';
import { RuntimeUserError, UsageError } from '../model/errors.js';
import { type Facet, type SkippedRow, draftRows, finalizeDraft } from './assemble.js';
import { instanceTypeKey } from './lookup.js';
import { unreadable } from './problems.js';
import type { ImportOptions, ImportResult } from './importers/importer.js';
import { IMPORTERS, importerFor } from './importers/registry.js';

export interface SourceSpec {
  readonly format: string;
  readonly files: readonly string[];
}

export interface ImportRequest {
  readonly primary: SourceSpec;
  /** Enrichment sources, in precedence order. */
  readonly with?: readonly SourceSpec[];
  readonly regions?: ReadonlySet<string>;
  readonly fill?: ReadonlySet<Facet>;
  readonly deriveSpecs?: boolean;
  /** Data date of the primary source when neither its content nor its file name says. */
  readonly asOf?: string;
  /** The catalog to merge into (`--merge`): its rows are kept unless the import updates them. */
  readonly mergeInto?: readonly CatalogEntry[];
  readonly onProgress?: ImportOptions['onProgress'];
}

export interface ImportOutcome {
  readonly entries: CatalogEntry[];
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: SkippedRow[];
  readonly notes: string[];
}

export function formatList(): string {
  return IMPORTERS.map((i) => `  ${i.format.padEnd(28)} ${i.description}`).join('\n');
}

async function runSource(spec: SourceSpec, options: ImportOptions): Promise<ImportResult> {
  const importer = importerFor(spec.format);
  if (!importer) throw new UsageError(`unknown format "${spec.format}"; formats:\n${formatList()}`);
  if (spec.files.length === 0) throw new UsageError(`no file given for --from ${spec.format}`);
  if (spec.files.length > 1 && !importer.multiFile) throw new UsageError(`${spec.format} takes one file at a time (got ${spec.files.length})`);
  return importer.run(spec.files, options);
}

/**
 * `capsim catalog import`: runs the primary importer and the enrichment importers, assembles
 * rows, and merges them into an existing catalog when asked. Pure of output: the caller writes.
 */
export async function importCatalog(req: ImportRequest): Promise<ImportOutcome> {
  const options: ImportOptions = { ...(req.regions ? { regions: req.regions } : {}), ...(req.onProgress ? { onProgress: req.onProgress } : {}) };
  let primary = await runSource(req.primary, options);
  const notes = primary.notes.map((n) => `${req.primary.format}: ${n}`);
  const asOf = req.asOf ?? primary.asOf;
  if (asOf === null) {
    const first = req.primary.files[0]!;
    let mtime: Date;
    try {
      mtime = (await stat(first)).mtime;
    } catch (err) {
      throw unreadable(first, err);
    }
    primary = { ...primary, asOf: mtime.toISOString().slice(0, 10) };
    notes.push(`${req.primary.format}: no data date in the file or its name; using its modification date ${primary.asOf} (pass --as-of to set it)`);
  } else if (asOf !== primary.asOf) {
    primary = { ...primary, asOf };
  }
  const enrichers: ImportResult[] = [];
  for (const w of req.with ?? []) {
    // Enrichers are keyed by region too, but spec facts are region-independent, so they are not filtered.
    const r = await runSource(w, { ...(req.regions ? { regions: req.regions } : {}) });
    enrichers.push(r);
    notes.push(...r.notes.map((n) => `${w.format}: ${n}`));
  }

  const assembleOptions = { ...(req.fill ? { fill: req.fill } : {}), deriveSpecs: req.deriveSpecs ?? false };
  const assembled = draftRows(primary, enrichers, assembleOptions);
  const key = (e: { provider: string; region: string; instanceType: string }) => `${e.provider}/${e.region}/${instanceTypeKey(e.provider as CatalogEntry['provider'], e.instanceType)}`;
  const existing = new Map<string, CatalogEntry>();
  for (const e of req.mergeInto ?? []) existing.set(key(e), e);
  const out = new Map(existing);
  const skipped: SkippedRow[] = [];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  let derived = 0;
  for (const draft of assembled.drafts) {
    const k = key(draft);
    const base = existing.get(k);
    const result = finalizeDraft(draft, assembled, assembleOptions, base);
    if ('skipped' in result) {
      skipped.push(result.skipped);
      continue;
    }
    if (result.entry.specSource.startsWith('derived:')) derived++;
    if (!base) added++;
    else if (sameEntry(base, result.entry)) unchanged++;
    else updated++;
    out.set(k, result.entry);
  }
  if (derived > 0) notes.push(`${derived} rows have vCPU/memory inferred from the type name (specSource "derived:…")`);
  if (out.size === 0) {
    const reasons = summarizeSkips(skipped);
    const hint = req.mergeInto
      ? 'None of them is in the catalog being merged into, so there is nothing to update.'
      : 'Combine sources with --with <format>=<file>, or use --merge to update rows of an existing catalog (--out).';
    throw new RuntimeUserError(`no catalog rows: ${req.primary.format} gave ${assembled.drafts.length} candidate rows and none is complete.\n${reasons}\n${hint}`);
  }
  return { entries: [...out.values()], added, updated, unchanged, skipped, notes };
}

function sameEntry(a: CatalogEntry, b: CatalogEntry): boolean {
  return (Object.keys(a) as Array<keyof CatalogEntry>).every((k) => a[k] === b[k]);
}

/** "412 × no vCPU/memory in any source (e.g. c8a.large, c8a.xlarge)" lines, most frequent first. */
export function summarizeSkips(skipped: readonly SkippedRow[], examples = 4): string {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) {
    const list = byReason.get(s.reason) ?? [];
    list.push(s.instanceType);
    byReason.set(s.reason, list);
  }
  return [...byReason.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([reason, types]) => `  ${types.length} × ${reason} (e.g. ${types.slice(0, examples).join(', ')}${types.length > examples ? ', …' : ''})`)
    .join('\n');
}
