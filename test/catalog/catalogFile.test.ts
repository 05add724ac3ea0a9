import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCatalogCsv, parseCatalogCsv, readCatalogFile } from '../../src/catalog/catalogFile.js';
import { CATALOG_COLUMNS } from '../../src/catalog/schema.js';
import { ValidationError, RuntimeUserError } from '../../src/model/errors.js';
import type { CatalogEntry } from '../../src/model/catalog.js';

const FIX = new URL('../fixtures/catalog/', import.meta.url).pathname;

async function problemsOf(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ValidationError) return [...err.lines];
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('catalog CSV loader', () => {
  it('reads a hand-written catalog with comments, quoted commas and optional columns left out', async () => {
    const rows = await readCatalogFile(`${FIX}catalog-good.csv`, 'catalog-good.csv');
    expect(rows).toHaveLength(2);
    const m5 = rows[0]!;
    expect(m5).toMatchObject({ provider: 'aws', region: 'us-east-1', instanceType: 'm5.large', vcpu: 2, memoryGiB: 8, onDemandUsdPerHour: 0.096, spotInterruptionBand: '15-20%', spotInterruptionsPerMonth: 0.2, commit1yUsdPerHour: 0.06 });
    expect(m5.gpuModel).toBeNull();
    expect(m5.sustainedUseUsdPerHour).toBeNull();
    expect(m5.specSource).toBe('hand-written'); // defaults to source
    expect(rows[1]!.gpuModel).toBe('NVIDIA A10G, 24 GB');
    expect(rows[1]!.asOf).toBe('2026-07');
  });

  it('reports every bad row as file:line column: problem, not only the first', async () => {
    const lines = await problemsOf(() => readCatalogFile(`${FIX}catalog-bad.csv`, 'catalog-bad.csv'));
    expect(lines).toEqual(
      expect.arrayContaining([
        'catalog-bad.csv:3 provider: expected one of aws, gcp, azure, got "oracle"',
        'catalog-bad.csv:3 vcpu: must be > 0, got -4',
        'catalog-bad.csv:4 arch: expected one of x86_64, arm64, got "sparc"',
        'catalog-bad.csv:4 onDemandUsdPerHour: expected a number, got "cheap"',
        'catalog-bad.csv:4 spotInterruptionBand: expected one of <5% 5-10% 10-15% 15-20% >20% or empty, got "about 5%"',
        'catalog-bad.csv:4 asOf: expected a date YYYY-MM or YYYY-MM-DD, got "July 2026"',
        'catalog-bad.csv:5: expected 18 fields, found 6',
        'catalog-bad.csv:6 spotInterruptionsPerMonth: required when spotInterruptionBand is set (<5%)',
      ]),
    );
    expect(lines).toHaveLength(8);
  });

  it('reports duplicate rows (instance types compare case-insensitively) with the first line', async () => {
    const text = readFileSync(`${FIX}catalog-good.csv`, 'utf8') + 'aws,us-east-1,M5.Large,m5,2,8,0,,10,x86_64,0.096,,,,,,x,2026-07\n';
    const lines = await problemsOf(() => parseCatalogCsv(text, 'dup.csv'));
    expect(lines).toEqual(['dup.csv:5 instanceType: duplicate row for aws us-east-1 M5.Large (first at line 3)']);
  });

  it('rejects unknown, duplicate and missing header columns', async () => {
    const lines = await problemsOf(() => parseCatalogCsv('provider,region,instanceType,memoryGib,region\n', 'h.csv'));
    expect(lines).toContain('h.csv:1: unknown column "memoryGib" (see pricing/README.md for the format)');
    expect(lines).toContain('h.csv:1: duplicate column "region"');
    expect(lines).toContain('h.csv:1: missing column "vcpu"');
    expect(lines).toContain('h.csv:1: missing column "onDemandUsdPerHour"');
  });

  it('reports broken CSV with its line, and an empty file', async () => {
    expect(await problemsOf(() => parseCatalogCsv('provider,region\n"aws,x\n', 'q.csv'))).toEqual([expect.stringMatching(/^q\.csv:2: not valid CSV: Quote Not Closed/)]);
    expect(await problemsOf(() => parseCatalogCsv('', 'e.csv'))).toEqual(['e.csv: empty file: expected a header row naming the catalog columns']);
  });

  it('a missing file is a runtime user error, not a crash', async () => {
    await expect(readCatalogFile(`${FIX}nope.csv`, 'nope.csv')).rejects.toThrow(RuntimeUserError);
    await expect(readCatalogFile(`${FIX}nope.csv`, 'nope.csv')).rejects.toThrow('nope.csv: no such file');
  });

  it('writes what it reads: format → parse is the identity, quoting included', async () => {
    const rows = await readCatalogFile(`${FIX}catalog-good.csv`);
    const tricky: CatalogEntry = { ...rows[1]!, instanceType: 'x.weird', gpuModel: 'A "quoted", model\nwith a newline', spotUsdPerHour: 0.1 + 0.2 };
    const text = formatCatalogCsv([...rows, tricky]);
    expect(text.split('\n')[0]).toBe(CATALOG_COLUMNS.join(','));
    expect(text).toContain(',0.3,'); // 12 significant digits: no 0.30000000000000004
    const back = parseCatalogCsv(text, 'roundtrip.csv');
    expect(back).toHaveLength(3);
    expect(back.find((e) => e.instanceType === 'x.weird')!.gpuModel).toBe(tricky.gpuModel);
    expect(back.find((e) => e.instanceType === 'm5.large')).toEqual(rows[0]);
  });
});
