import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { ARCHS, PROVIDERS, type Arch, type CatalogEntry, type Provider } from '../../model/catalog.js';
import { RuntimeUserError, UsageError } from '../../model/errors.js';
import { HOURS_PER_MONTH } from '../../model/time.js';
import { formatUsd } from '../../model/money.js';
import {
  CatalogIndex,
  FACETS,
  compareEntries,
  formatCatalogCsv,
  formatList,
  importCatalog,
  loadBundledCatalogs,
  loadCatalogFiles,
  PRICING_DIR,
  readCatalogFile,
  summarizeSkips,
  writeCatalogFile,
  type Facet,
  type SourceSpec,
} from '../../catalog/index.js';
import type { CliIo } from '../io.js';

type Format = 'table' | 'json' | 'csv';

export function registerCatalog(program: Command, io: CliIo): void {
  const catalog = program
    .command('catalog')
    .description('browse the bundled price catalogs; import official price-list formats')
    .addHelpText('after', `\nBundled catalogs live in ${PRICING_DIR}; see pricing/README.md for sources and dates.`);

  catalog
    .command('list')
    .description('list instance types with specs and prices')
    .option('--provider <provider>', `only this provider (${PROVIDERS.join(', ')})`)
    .option('--region <region>', 'only this region, e.g. us-east-1, us-central1, westeurope')
    .option('--family <family>', 'only this family / series, e.g. m5, n2, Dsv5 (case-insensitive)')
    .option('--min-vcpu <n>', 'at least this many vCPUs')
    .option('--min-memory <GiB>', 'at least this much memory (GiB)')
    .option('--gpu', 'only types with GPUs or other accelerators')
    .addOption(new Option('--arch <arch>', 'only this CPU architecture').choices([...ARCHS]))
    .option('--max-price <usd>', 'on-demand at most this many USD per hour')
    .addOption(new Option('--sort <key>', 'sort order').choices(['catalog', 'price', 'spot', 'vcpu', 'memory', 'name']).default('catalog'))
    .option('--limit <n>', 'show at most n rows')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--catalog <file...>', 'read these catalog CSV files instead of the bundled ones')
    .action(async (opts: ListOptions) => {
      const index = await loadIndex(opts.catalog, io);
      const provider = opts.provider === undefined ? undefined : parseProvider(opts.provider);
      let rows = index.query({
        ...(provider ? { provider } : {}),
        ...(opts.region !== undefined ? { region: opts.region } : {}),
        ...(opts.family !== undefined ? { family: opts.family } : {}),
        ...(opts.minVcpu !== undefined ? { minVcpu: parseNumberOption('--min-vcpu', opts.minVcpu) } : {}),
        ...(opts.minMemory !== undefined ? { minMemoryGiB: parseNumberOption('--min-memory', opts.minMemory) } : {}),
        ...(opts.gpu ? { gpu: true } : {}),
        ...(opts.arch ? { arch: opts.arch } : {}),
        ...(opts.maxPrice !== undefined ? { maxOnDemandUsdPerHour: parseNumberOption('--max-price', opts.maxPrice) } : {}),
      });
      rows = sortRows(rows, opts.sort);
      const total = rows.length;
      if (opts.limit !== undefined) rows = rows.slice(0, Math.floor(parseNumberOption('--limit', opts.limit)));
      if (opts.format === 'json') io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else if (opts.format === 'csv') io.stdout.write(formatCatalogCsv(rows));
      else if (rows.length > 0) io.stdout.write(renderTable(rows));
      if (total === 0) io.stderr.write(explainEmpty(index, provider, opts.region));
      else if (opts.format === 'table') io.stderr.write(`${rows.length} of ${total} matching types${total === index.size ? '' : ` (${index.size} in the catalogs)`}\n`);
    });

  catalog
    .command('show')
    .description('everything the catalogs know about one instance type, and how old each source is')
    .argument('<type>', 'instance type, e.g. m5.large, n2-standard-4, Standard_D2s_v5 (or D2s_v5)')
    .option('--provider <provider>', `only this provider (${PROVIDERS.join(', ')})`)
    .option('--region <region>', 'only this region (default: every region that has it)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--catalog <file...>', 'read these catalog CSV files instead of the bundled ones')
    .action(async (type: string, opts: ShowOptions) => {
      const index = await loadIndex(opts.catalog, io);
      const provider = opts.provider === undefined ? undefined : parseProvider(opts.provider);
      const where = { ...(provider ? { provider } : {}), ...(opts.region !== undefined ? { region: opts.region } : {}) };
      const rows = index.find(type, where);
      if (rows.length === 0) throw new RuntimeUserError(index.describeMiss(type, where));
      rows.sort(compareEntries);
      const now = new Date();
      if (opts.format === 'json') {
        io.stdout.write(JSON.stringify(rows.map((e) => ({ ...e, sourceAgeDays: sourceAges(e, now) })), null, 2) + '\n');
        return;
      }
      io.stdout.write(rows.map((e) => renderShow(e, now)).join('\n'));
    });

  catalog
    .command('import')
    .description('build or update a catalog CSV from official price-list formats')
    .requiredOption('--from <format>', 'format of <file...> (see the list below)')
    .argument('<file...>', 'input file(s); several only for paged formats')
    .option('--with <format=file>', 'enrich with another source (repeatable; earlier wins)', collect, [] as string[])
    .option('--out <file>', 'write the catalog here (default: CSV on stdout)')
    .option('--merge', 'update the rows already in --out instead of replacing the file')
    .option('--region <regions>', 'only these regions, comma-separated (also names the region of azure-batch-vm-sizes)')
    .option('--fill <facets>', `facets --with sources may fill: ${FACETS.join(',')} (default: spec,accelerator,network,spot)`)
    .option('--derive-specs', 'infer vCPU/memory of AWS types no source lists, from the type name (marked in specSource)')
    .option('--as-of <date>', 'data date (YYYY-MM or YYYY-MM-DD) when the input does not state one')
    .addHelpText('after', `\nFormats:\n${formatList()}\n\nExample (the bundled AWS catalog):\n  capsim catalog import --from aws-ondemand-tsv prices.tsv --with aws-spot-advisor=spot-advisor-data.json --derive-specs --out pricing/aws.csv`)
    .action(async (files: string[], opts: ImportOptions) => {
      const primary: SourceSpec = { format: opts.from, files: files.map((f) => resolve(io.cwd, f)) };
      const withSources = opts.with.map(parseWith(io.cwd));
      const regions = opts.region ? new Set(opts.region.split(',').map((r) => r.trim()).filter(Boolean)) : undefined;
      const fill = opts.fill ? parseFill(opts.fill) : undefined;
      if (opts.asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(opts.asOf)) throw new UsageError(`--as-of: expected YYYY-MM or YYYY-MM-DD, got "${opts.asOf}"`);
      if (opts.merge && !opts.out) throw new UsageError('--merge needs --out <file>: the catalog to update');
      const outPath = opts.out ? resolve(io.cwd, opts.out) : undefined;
      let mergeInto: CatalogEntry[] | undefined;
      if (opts.merge && outPath) {
        if (existsSync(outPath)) mergeInto = await readCatalogFile(outPath, opts.out);
        else {
          mergeInto = [];
          io.stderr.write(`${opts.out} does not exist yet; --merge starts from an empty catalog\n`);
        }
      }
      const bar = io.stderrIsTTY ? new cliProgress.SingleBar({ stream: io.stderr as NodeJS.WritableStream, format: 'importing {bar} {percentage}% | {value}/{total} MiB | {duration_formatted}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
      let started = false;
      const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;
      try {
        const outcome = await importCatalog({
          primary,
          with: withSources,
          ...(regions ? { regions } : {}),
          ...(fill ? { fill } : {}),
          deriveSpecs: Boolean(opts.deriveSpecs),
          ...(opts.asOf ? { asOf: opts.asOf } : {}),
          ...(mergeInto ? { mergeInto } : {}),
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) {
              bar.start(mib(total), 0);
              started = true;
            }
            bar.update(mib(done));
          },
        });
        if (started) bar?.stop();
        started = false;
        for (const note of outcome.notes) io.stderr.write(`${note}\n`);
        if (outcome.skipped.length > 0) io.stderr.write(`skipped ${outcome.skipped.length} incomplete rows:\n${summarizeSkips(outcome.skipped)}\n`);
        if (outPath) {
          await writeCatalogFile(outPath, outcome.entries);
          io.stderr.write(
            `wrote ${opts.out}: ${outcome.entries.length} rows (${outcome.added} added, ${outcome.updated} updated, ${outcome.unchanged} unchanged` +
              `${mergeInto ? `, ${outcome.entries.length - outcome.added - outcome.updated - outcome.unchanged} kept from the existing file` : ''})\n`,
          );
        } else {
          io.stdout.write(formatCatalogCsv(outcome.entries));
        }
      } finally {
        if (started) bar?.stop();
      }
    });
}

interface ListOptions {
  provider?: string;
  region?: string;
  family?: string;
  minVcpu?: string;
  minMemory?: string;
  gpu?: boolean;
  arch?: Arch;
  maxPrice?: string;
  sort: 'catalog' | 'price' | 'spot' | 'vcpu' | 'memory' | 'name';
  limit?: string;
  format: Format;
  catalog?: string[];
}

interface ShowOptions {
  provider?: string;
  region?: string;
  format: 'table' | 'json';
  catalog?: string[];
}

interface ImportOptions {
  from: string;
  with: string[];
  out?: string;
  merge?: boolean;
  region?: string;
  fill?: string;
  deriveSpecs?: boolean;
  asOf?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseWith(cwd: string) {
  return (spec: string): SourceSpec => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--with: expected <format>=<file>, got "${spec}"`);
    return { format: spec.slice(0, eq), files: [resolve(cwd, spec.slice(eq + 1))] };
  };
}

function parseFill(text: string): Set<Facet> {
  const out = new Set<Facet>();
  for (const f of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(FACETS as readonly string[]).includes(f)) throw new UsageError(`--fill: unknown facet "${f}"; facets: ${FACETS.join(', ')}`);
    out.add(f as Facet);
  }
  return out;
}

function parseProvider(text: string): Provider {
  const p = text.toLowerCase();
  if (!(PROVIDERS as readonly string[]).includes(p)) throw new UsageError(`--provider: expected one of ${PROVIDERS.join(', ')}, got "${text}"`);
  return p as Provider;
}

function parseNumberOption(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: expected a non-negative number, got "${text}"`);
  return n;
}

async function loadIndex(files: string[] | undefined, io: CliIo): Promise<CatalogIndex> {
  if (files && files.length > 0) return loadCatalogFiles(files.map((f) => resolve(io.cwd, f)));
  return loadBundledCatalogs();
}

function sortRows(rows: CatalogEntry[], key: ListOptions['sort']): CatalogEntry[] {
  const by: Record<ListOptions['sort'], (a: CatalogEntry, b: CatalogEntry) => number> = {
    catalog: compareEntries,
    price: (a, b) => a.onDemandUsdPerHour - b.onDemandUsdPerHour || compareEntries(a, b),
    spot: (a, b) => (a.spotUsdPerHour ?? Infinity) - (b.spotUsdPerHour ?? Infinity) || compareEntries(a, b),
    vcpu: (a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || compareEntries(a, b),
    memory: (a, b) => a.memoryGiB - b.memoryGiB || a.vcpu - b.vcpu || compareEntries(a, b),
    name: (a, b) => a.instanceType.localeCompare(b.instanceType, 'en', { numeric: true }) || compareEntries(a, b),
  };
  return [...rows].sort(by[key]);
}

function explainEmpty(index: CatalogIndex, provider: Provider | undefined, region: string | undefined): string {
  if (index.size === 0) return `no catalogs loaded (looked in ${PRICING_DIR})\n`;
  const regions = index.regions();
  if (region !== undefined && !regions.some((r) => r.region === region && (!provider || r.provider === provider))) {
    return `no catalog for region "${region}"; available: ${regions.map((r) => `${r.provider}/${r.region}`).join(', ')}\n`;
  }
  return 'no instance type matches these filters\n';
}

/** Display only; catalogs keep full precision. */
function price(usd: number | null): string {
  if (usd === null) return '—';
  return usd >= 100 ? usd.toFixed(2) : usd >= 1 ? usd.toFixed(3) : usd.toFixed(4);
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(3)));
}

function renderTable(rows: readonly CatalogEntry[]): string {
  const header = ['provider', 'region', 'type', 'family', 'vCPU', 'GiB', 'GPUs', 'arch', 'on-demand $/h', 'spot $/h', 'interrupt', '1y $/h', '3y $/h'];
  const right = new Set([4, 5, 8, 9, 11, 12]);
  const body = rows.map((e) => [
    e.provider,
    e.region,
    e.instanceType,
    e.family,
    num(e.vcpu),
    num(e.memoryGiB),
    e.gpus > 0 ? `${num(e.gpus)}× ${e.gpuModel ?? '?'}` : '',
    e.arch,
    price(e.onDemandUsdPerHour),
    price(e.spotUsdPerHour),
    e.spotInterruptionBand ?? '',
    price(e.commit1yUsdPerHour),
    price(e.commit3yUsdPerHour),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/** Days since a YYYY-MM(-DD) date; a month-only date counts from its 15th. */
function ageDays(date: string, now: Date): number {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC(y!, m! - 1, d ?? 15);
  return Math.floor((now.getTime() - t) / 86_400_000);
}

function describeAge(date: string | null, now: Date): string {
  if (date === null) return 'date unknown';
  const days = ageDays(date, now);
  if (days < 0) return `${date} (dated after today's clock)`;
  if (days < 60) return `${date} (${days} day${days === 1 ? '' : 's'} old)`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${date} (${months} months old)`;
  return `${date} (${(days / 365.25).toFixed(1)} years old)`;
}

function sourceAges(e: CatalogEntry, now: Date): Record<string, number | null> {
  return {
    prices: ageDays(e.asOf, now),
    specs: e.specAsOf ? ageDays(e.specAsOf, now) : null,
    spot: e.spotAsOf ? ageDays(e.spotAsOf, now) : null,
  };
}

function renderShow(e: CatalogEntry, now: Date): string {
  const lines: Array<[string, string]> = [];
  const pct = (part: number) => `${Math.round((1 - part / e.onDemandUsdPerHour) * 100)}% off on-demand`;
  lines.push(['vCPU', num(e.vcpu)]);
  lines.push(['memory', `${num(e.memoryGiB)} GiB`]);
  lines.push(['accelerators', e.gpus > 0 ? `${num(e.gpus)} × ${e.gpuModel ?? 'unknown model'}` : 'none']);
  lines.push(['network', e.networkGbps === null ? 'not published' : `${num(e.networkGbps)} Gbit/s`]);
  lines.push(['arch', e.arch]);
  lines.push(['on-demand', `$${price(e.onDemandUsdPerHour)}/h   (${formatUsd(e.onDemandUsdPerHour * HOURS_PER_MONTH)} per ${HOURS_PER_MONTH} h month)`]);
  if (e.sustainedUseUsdPerHour !== null) lines.push(['sustained use', `$${price(e.sustainedUseUsdPerHour)}/h for a full month   (${pct(e.sustainedUseUsdPerHour)})`]);
  lines.push(['spot', e.spotUsdPerHour === null ? 'no spot price' : `$${price(e.spotUsdPerHour)}/h   (${pct(e.spotUsdPerHour)})`]);
  lines.push([
    'interruptions',
    e.spotInterruptionBand === null ? 'no Advisor band' : `Advisor band ${e.spotInterruptionBand} → ${e.spotInterruptionsPerMonth} interruptions per instance per ${HOURS_PER_MONTH} h`,
  ]);
  lines.push(['commitment 1y', e.commit1yUsdPerHour === null ? '—' : `$${price(e.commit1yUsdPerHour)}/h   (${pct(e.commit1yUsdPerHour)})`]);
  lines.push(['commitment 3y', e.commit3yUsdPerHour === null ? '—' : `$${price(e.commit3yUsdPerHour)}/h   (${pct(e.commit3yUsdPerHour)})`]);
  lines.push(['source: prices', `${e.source}, ${describeAge(e.asOf, now)}`]);
  lines.push(['source: specs', e.specSource.startsWith('derived:') ? `${e.specSource} (inferred from the type name; no source lists this type)` : `${e.specSource}, ${describeAge(e.specAsOf, now)}`]);
  lines.push(['source: spot', e.spotSource === null ? '—' : `${e.spotSource}, ${describeAge(e.spotAsOf, now)}`]);
  const w = Math.max(...lines.map(([k]) => k.length));
  return `${e.instanceType}  (${e.provider} ${e.region}, family ${e.family})\n` + lines.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}
