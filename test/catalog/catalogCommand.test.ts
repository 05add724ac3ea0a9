import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../src/catalog/catalogFile.js';
import type { CatalogEntry } from '../../src/model/catalog.js';
import { capsim } from './cliIo.js';
import { FIX } from './importers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-catalog-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('capsim catalog list', () => {
  it('--family m5 lists the bundled m5 sizes as a table, count on stderr', async () => {
    const r = await capsim(['catalog', 'list', '--family', 'm5']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^provider\s+region\s+type\s+family\s+vCPU\s+GiB\s+GPUs\s+arch\s+on-demand \$\/h\s+spot \$\/h\s+interrupt\s+1y \$\/h\s+3y \$\/h$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[2])).toEqual(['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge', 'm5.8xlarge', 'm5.12xlarge', 'm5.16xlarge', 'm5.24xlarge', 'm5.metal']);
    expect(lines[2]).toMatch(/aws\s+us-east-1\s+m5\.large\s+m5\s+2\s+8\s+x86_64\s+0\.0960\s+0\.0326\s+15-20%/);
    expect(r.stderr).toMatch(/^9 of 9 matching types \(\d+ in the catalogs\)\n$/);
  });

  it('--format json gives full records; --format csv gives a loadable catalog', async () => {
    const json = await capsim(['catalog', 'list', '--provider', 'gcp', '--region', 'us-central1', '--family', 'n2', '--min-vcpu', '32', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as CatalogEntry[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((e) => e.provider === 'gcp' && e.family === 'n2' && e.vcpu >= 32)).toBe(true);
    expect(rows[0]).toHaveProperty('sustainedUseUsdPerHour');
    const csv = await capsim(['catalog', 'list', '--gpu', '--provider', 'aws', '--format', 'csv']);
    const parsed = parseCatalogCsv(csv.stdout, 'stdout');
    expect(parsed.length).toBeGreaterThan(30);
    expect(parsed.every((e) => e.gpus > 0 && e.gpuModel !== null)).toBe(true);
    expect(csv.stderr).toBe('');
  });

  it('filters by arch and price, sorts by price, limits', async () => {
    const r = await capsim(['catalog', 'list', '--provider', 'aws', '--arch', 'arm64', '--max-price', '0.05', '--sort', 'price', '--limit', '3', '--format', 'json']);
    const rows = JSON.parse(r.stdout) as CatalogEntry[];
    expect(rows).toHaveLength(3);
    expect(rows.every((e) => e.arch === 'arm64' && e.onDemandUsdPerHour <= 0.05)).toBe(true);
    expect(rows.map((e) => e.onDemandUsdPerHour)).toEqual([...rows.map((e) => e.onDemandUsdPerHour)].sort((a, b) => a - b));
  });

  it('an unknown region is explained, not silently empty', async () => {
    const r = await capsim(['catalog', 'list', '--region', 'mars-north-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^no catalog for region "mars-north-1"; available: aws\/us-east-1, azure\/westeurope, gcp\/asia-northeast1, gcp\/europe-west1, gcp\/us-central1\n$/);
  });

  it('bad flags are usage errors (exit 2), with no stack trace', async () => {
    const r1 = await capsim(['catalog', 'list', '--provider', 'oracle']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toBe('--provider: expected one of aws, gcp, azure, got "oracle"\n');
    const r2 = await capsim(['catalog', 'list', '--min-vcpu', 'lots']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('--min-vcpu: expected a non-negative number, got "lots"\n');
    const r3 = await capsim(['catalog', 'list', '--format', 'xml']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/argument 'xml' is invalid. Allowed choices are table, json, csv/);
  });

  it('--catalog reads other catalog files, and their problems are reported file:line column', async () => {
    const good = await capsim(['catalog', 'list', '--catalog', `${FIX}catalog-good.csv`, '--format', 'json']);
    expect((JSON.parse(good.stdout) as CatalogEntry[]).map((e) => e.instanceType)).toEqual(['g5.xlarge', 'm5.large']);
    const bad = await capsim(['catalog', 'list', '--catalog', `${FIX}catalog-bad.csv`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${FIX}catalog-bad.csv:3 vcpu: must be > 0, got -4`);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('capsim catalog show', () => {
  it('shows specs, prices and how old each source is', async () => {
    const r = await capsim(['catalog', 'show', 'm5.large']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^m5\.large {2}\(aws us-east-1, family m5\)\n/);
    expect(r.stdout).toMatch(/on-demand\s+\$0\.0960\/h {3}\(\$70\.08 per 730 h month\)/);
    expect(r.stdout).toMatch(/interruptions\s+Advisor band 15-20% → 0\.2 interruptions per instance per 730 h/);
    expect(r.stdout).toMatch(/source: prices\s+aws_ondemand_linux_us-east-1_2026-07-20\.tsv, 2026-07-20 \((\d+ days|\d+ months|[\d.]+ years) old\)/);
    expect(r.stdout).toMatch(/source: spot\s+aws_spot-advisor-data_2025-06\.json, 2025-06 \(/);
  });

  it('a type in several regions shows each; --region narrows; Azure names without Standard_', async () => {
    const all = await capsim(['catalog', 'show', 'n2-standard-4']);
    expect(all.stdout.match(/^n2-standard-4 {2}\(gcp /gm)).toHaveLength(3);
    const one = await capsim(['catalog', 'show', 'n2-standard-4', '--region', 'europe-west1', '--format', 'json']);
    const rows = JSON.parse(one.stdout) as Array<CatalogEntry & { sourceAgeDays: { prices: number } }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.region).toBe('europe-west1');
    expect(rows[0]!.sourceAgeDays.prices).toBeGreaterThanOrEqual(0);
    const az = await capsim(['catalog', 'show', 'd2s_v5']);
    expect(az.stdout).toMatch(/^Standard_D2s_v5 {2}\(azure westeurope/);
  });

  it('an unknown type is exit 1 with suggestions', async () => {
    const r = await capsim(['catalog', 'show', 'm5.larg']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^unknown instance type m5\.larg in any catalog; did you mean m5\.large/);
    const elsewhere = await capsim(['catalog', 'show', 'm5.large', '--region', 'eu-west-1']);
    expect(elsewhere.stderr).toBe('instance type m5.large is not in eu-west-1; it is in aws/us-east-1\n');
  });
});

describe('capsim catalog import', () => {
  it('writes CSV to stdout without --out, messages to stderr', async () => {
    const r = await capsim(['catalog', 'import', '--from', 'aws-offer-csv', `${FIX}aws_offer_ec2_excerpt.csv`]);
    expect(r.code).toBe(0);
    const rows = parseCatalogCsv(r.stdout, 'stdout');
    expect(rows.map((e) => `${e.region}/${e.instanceType}`)).toEqual(['eu-west-1/c6g.large', 'us-east-1/g4dn.xlarge', 'us-east-1/m5.large']);
    expect(rows.find((e) => e.instanceType === 'g4dn.xlarge')).toMatchObject({ gpus: 1, gpuModel: 'NVIDIA T4', asOf: '2021-02-05' });
    expect(r.stderr).toMatch(/^aws-offer-csv: 13 price rows scanned/);
  });

  it('--out writes a file; --merge then updates it in place', async () => {
    const out = join(tmp, 'aws.csv');
    const first = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', `${FIX}aws_ondemand_linux_us-east-1_2026-07-20.tsv`, '--with', `aws-spot-advisor=${FIX}aws_spot-advisor-data_2025-06.json`, '--region', 'us-east-1', '--derive-specs', '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain(`wrote ${out}: 6 rows (6 added, 0 updated, 0 unchanged)`);
    expect(first.stderr).toContain('skipped 1 incomplete rows:\n  1 × no vCPU/memory in any source (accelerated family: not inferred) (e.g. g7.2xlarge)');
    const merged = await capsim(['catalog', 'import', '--from', 'aws-spot-history', `${FIX}aws_describe-spot-price-history_m5.large_2021-02.json`, '--out', out, '--merge']);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toContain(`wrote ${out}: 6 rows (0 added, 1 updated, 0 unchanged, 5 kept from the existing file)`);
    const rows = parseCatalogCsv(readFileSync(out), out);
    expect(rows.find((e) => e.instanceType === 'm5.large')!.spotUsdPerHour).toBeCloseTo(0.0345, 12);
  });

  it('import errors: unknown format (2), missing file (1), --merge without --out (2), bad input (2)', async () => {
    const fmt = await capsim(['catalog', 'import', '--from', 'excel', 'x.xlsx']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/^unknown format "excel"; formats:\n {2}aws-ondemand-tsv/);
    const missing = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', join(tmp, 'nope.tsv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`${join(tmp, 'nope.tsv')}: no such file\n`);
    const merge = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', 'x.tsv', '--merge']);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toBe('--merge needs --out <file>: the catalog to update\n');
    const bad = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', `${FIX}aws-ondemand-bad.tsv`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${FIX}aws-ondemand-bad.tsv:3 on_demand_usd_per_hour: expected a price > 0, got "abc"`);
    const withBad = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', 'x.tsv', '--with', 'advisor']);
    expect(withBad.code).toBe(2);
    expect(withBad.stderr).toBe('--with: expected <format>=<file>, got "advisor"\n');
    const fill = await capsim(['catalog', 'import', '--from', 'aws-ondemand-tsv', 'x.tsv', '--fill', 'spec,colour']);
    expect(fill.stderr).toBe('--fill: unknown facet "colour"; facets: price, spec, accelerator, network, spot\n');
  });

  it('paths are relative to the working directory; help lists every format', async () => {
    copyFileSync(`${FIX}aws_offer_ec2_excerpt.csv`, join(tmp, 'offer.csv'));
    const r = await capsim(['catalog', 'import', '--from', 'aws-offer-csv', 'offer.csv', '--out', 'out.csv'], tmp);
    expect(r.code).toBe(0);
    expect(parseCatalogCsv(readFileSync(join(tmp, 'out.csv')), 'out.csv')).toHaveLength(3);
    const help = await capsim(['catalog', 'import', '--help']);
    for (const f of ['aws-ondemand-tsv', 'aws-spot-advisor', 'ec2instances-json', 'aws-spot-history', 'aws-get-products', 'aws-offer-csv', 'azure-retail-prices', 'azure-batch-vm-sizes', 'gcp-pricing-yaml', 'ec2instances-multicloud-csv']) {
      expect(help.stdout).toContain(`  ${f} `);
    }
  });
});
