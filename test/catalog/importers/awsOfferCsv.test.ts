import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awsOfferCsv } from '../../../src/catalog/importers/awsOfferCsv.js';
import { awsGetProducts } from '../../../src/catalog/importers/awsGetProducts.js';
import { FIX, find, problemsOf } from './paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-offer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aws-offer-csv (fixture: 5 metadata lines, header, all fields quoted)', () => {
  it('keeps Linux/Shared/NA/Used rows; Windows, dedicated, SQL and unused reservations are dropped', async () => {
    const r = await awsOfferCsv.run([`${FIX}aws_offer_ec2_excerpt.csv`], {});
    expect(r.records.map((x) => `${x.region}/${x.instanceType}`).sort()).toEqual(['eu-west-1/c6g.large', 'us-east-1/g4dn.xlarge', 'us-east-1/m5.large']);
    expect(find(r, 'us-east-1', 'm5.large')!.onDemandUsdPerHour).toBe(0.096);
    expect(r.asOf).toBe('2021-02-05'); // the "Publication Date" metadata line
    expect(r.notes[0]).toMatch(/^13 price rows scanned, 9 Linux shared-tenancy instance rows kept, 3 priced/);
  });

  it('pairs the upfront fee and hourly fee of one reserved offer; standard only, no upfront preferred', async () => {
    const m5 = find(await awsOfferCsv.run([`${FIX}aws_offer_ec2_excerpt.csv`], {}), 'us-east-1', 'm5.large')!;
    expect(m5.commit1yUsdPerHour).toBe(0.06);
    expect(m5.commit3yUsdPerHour).toBeCloseTo(1289 / 26_280, 15);
    expect(m5).toMatchObject({ vcpu: 2, memoryGiB: 8, networkGbps: 10, arch: 'x86_64' });
  });

  it('quoted commas, escaped quotes and a newline inside a field do not break the row; Location maps to a region', async () => {
    const r = await awsOfferCsv.run([`${FIX}aws_offer_ec2_excerpt.csv`], {});
    expect(find(r, 'us-east-1', 'g4dn.xlarge')).toMatchObject({ onDemandUsdPerHour: 0.526, gpus: 1, vcpu: 4, memoryGiB: 16, networkGbps: 25 });
    expect(find(r, 'eu-west-1', 'c6g.large')).toMatchObject({ arch: 'arm64', onDemandUsdPerHour: 0.077 });
  });

  it('gives the same prices as the GetProducts JSON of the same products', async () => {
    const csv = await awsOfferCsv.run([`${FIX}aws_offer_ec2_excerpt.csv`], {});
    const json = await awsGetProducts.run([`${FIX}aws_pricing_get-products_page.json`], {});
    for (const key of ['us-east-1/m5.large', 'eu-west-1/c6g.large']) {
      const [region, type] = key.split('/') as [string, string];
      const a = find(csv, region, type)!;
      const b = find(json, region, type)!;
      expect([a.onDemandUsdPerHour, a.commit1yUsdPerHour, a.commit3yUsdPerHour, a.vcpu, a.memoryGiB]).toEqual([b.onDemandUsdPerHour, b.commit1yUsdPerHour, b.commit3yUsdPerHour, b.vcpu, b.memoryGiB]);
    }
  });

  it('parses identically whatever the chunk boundaries (a record split across reads)', async () => {
    // Pad the metadata so the records straddle the 1 MiB read boundary at many offsets.
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(`${FIX}aws_offer_ec2_excerpt.csv`, 'utf8');
    const [meta, ...rest] = text.split('\r\n"Publication Date"');
    const padded = `${meta}\r\n"Padding","${'x'.repeat((1 << 20) - 700)}"\r\n"Publication Date"${rest.join('')}`;
    const results = [];
    for (const extra of [0, 137, 411, 999]) {
      const f = join(tmp, `split-${extra}.csv`);
      writeFileSync(f, padded.replace('"Padding","', `"Padding","${'y'.repeat(extra)}`));
      results.push((await awsOfferCsv.run([f], {})).records);
    }
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]).toHaveLength(3);
  });

  it('reports problems with exact line numbers and carries on to the end of the file', async () => {
    const f = `${FIX}aws-offer-bad.csv`;
    expect(await problemsOf(() => awsOfferCsv.run([f], {}))).toEqual([
      `${f}:8: expected 41 fields, found 10`,
      `${f}:9 Location: unknown location "Atlantis (Central)"`,
      `${f}:10: a quoted field is never closed`,
    ]);
  });

  it('a file that is not an offer file is named as such', async () => {
    const lines = await problemsOf(() => awsOfferCsv.run([`${FIX}catalog-good.csv`], {}));
    expect(lines).toEqual([`${FIX}catalog-good.csv: no header row starting with "SKU" (is this an AWS offer-file CSV?)`]);
  });

  it('reports progress in bytes up to the file size', async () => {
    const seen: Array<[number, number]> = [];
    await awsOfferCsv.run([`${FIX}aws_offer_ec2_excerpt.csv`], { onProgress: (d, t) => seen.push([d, t]) });
    const last = seen.at(-1)!;
    expect(last[0]).toBe(last[1]);
    expect(last[1]).toBeGreaterThan(5000);
  });
});
