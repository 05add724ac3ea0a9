import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsOnDemandTsv } from '../../../src/catalog/importers/awsOnDemandTsv.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

describe('aws-ondemand-tsv (fixture)', () => {
  it('reads region, type and price; dates the source from its file name', async () => {
    const r = await awsOnDemandTsv.run([`${FIX}aws_ondemand_linux_us-east-1_2026-07-20.tsv`], {});
    expect(r.asOf).toBe('2026-07-20');
    expect(r.sourceId).toBe('aws_ondemand_linux_us-east-1_2026-07-20.tsv');
    expect(r.records).toHaveLength(8);
    expect(find(r, 'us-east-1', 'm5.large')).toEqual({ provider: 'aws', region: 'us-east-1', instanceType: 'm5.large', family: 'm5', onDemandUsdPerHour: 0.096 });
    expect(find(r, 'us-east-1', 'm5.large')!.vcpu).toBeUndefined(); // prices only
  });

  it('keeps only the selected regions', async () => {
    const r = await awsOnDemandTsv.run([`${FIX}aws_ondemand_linux_us-east-1_2026-07-20.tsv`], { regions: new Set(['us-west-2']) });
    expect(r.records.map((x) => x.instanceType)).toEqual(['m5.large']);
    expect(r.notes[0]).toContain('7 outside the selected regions');
  });

  it('reports every bad line with its number and column', async () => {
    const lines = await problemsOf(() => awsOnDemandTsv.run([`${FIX}aws-ondemand-bad.tsv`], {}));
    const f = `${FIX}aws-ondemand-bad.tsv`;
    expect(lines).toEqual([
      `${f}:3 instance_type: not an EC2 instance type: "m5 large"`,
      `${f}:3 on_demand_usd_per_hour: expected a price > 0, got "abc"`,
      `${f}:4: expected 3 tab-separated fields, found 2`,
      `${f}:5 on_demand_usd_per_hour: expected a price > 0, got "-1"`,
      `${f}:5 instance_type: duplicate of line 2`,
    ]);
  });

  it('a file without the expected header names what it found', async () => {
    const lines = await problemsOf(() => awsOnDemandTsv.run([`${FIX}aws_spot_price_history_2022-05-31.tsv`], {}));
    expect(lines[0]).toMatch(/:1: missing column "region" in the header \(found: use1-az4, m5\.large, Linux\/UNIX/);
  });
});

const REAL = 'catalog/aws_ondemand_linux_us-east-1_2026-07-20.tsv';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('has all 1,367 us-east-1 prices, m5.large at $0.096', async () => {
    const r = await awsOnDemandTsv.run([dataFile(REAL)], {});
    expect(r.records).toHaveLength(1367);
    expect(new Set(r.records.map((x) => x.region))).toEqual(new Set(['us-east-1']));
    expect(find(r, 'us-east-1', 'm5.large')!.onDemandUsdPerHour).toBe(0.096);
    expect(r.asOf).toBe('2026-07-20');
  });
});
