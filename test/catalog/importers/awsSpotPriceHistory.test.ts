import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsSpotPriceHistory, readSpotPriceHistory } from '../../../src/catalog/importers/awsSpotPriceHistory.js';
import { spotPriceAt } from '../../../src/model/billing/spotPrice.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

const T0 = Date.parse('2021-02-01T00:00:00Z') / 1000;

describe('aws-spot-history: describe-spot-price-history JSON (fixture)', () => {
  it('builds one ascending series per (AZ, type, product) from newest-first records', async () => {
    const { series, windowEndSec } = await readSpotPriceHistory([`${FIX}aws_describe-spot-price-history_m5.large_2021-02.json`]);
    expect(windowEndSec).toBe(T0 + 6 * 3600);
    const a = series.find((s) => s.availabilityZone === 'us-east-1a' && s.productDescription === 'Linux/UNIX')!;
    expect(a.region).toBe('us-east-1');
    expect([...a.timesSec]).toEqual([T0, T0 + 4 * 3600]);
    expect([...a.usdPerHour]).toEqual([0.036, 0.03]);
    expect(spotPriceAt(a, T0 + 3 * 3600)).toBe(0.036);
    expect(spotPriceAt(a, T0 + 5 * 3600)).toBe(0.03);
    expect(series).toHaveLength(3); // 1a Linux, 1a Windows, 1b Linux
  });

  it('averages Linux prices over time per AZ, then over AZs', async () => {
    // 1a: 4 h × 0.036 + 2 h × 0.030 over 6 h = 0.034; 1b: 0.035 for all 6 h (its 06:00 change
    // is the window end and weighs nothing). Region mean: 0.0345. Windows is left out.
    const r = await awsSpotPriceHistory.run([`${FIX}aws_describe-spot-price-history_m5.large_2021-02.json`], {});
    expect(r.records).toHaveLength(1);
    expect(find(r, 'us-east-1', 'm5.large')!.spotUsdPerHour).toBeCloseTo(0.0345, 12);
    expect(r.asOf).toBe('2021-02-01');
    expect(r.spotSeries).toHaveLength(3);
  });
});

describe('aws-spot-history: the 5-column TSV variant with AZ IDs (fixture)', () => {
  it('maps AZ IDs to regions and gives the same averages', async () => {
    const r = await awsSpotPriceHistory.run([`${FIX}aws_spot_price_history_2022-05-31.tsv`], {});
    expect(find(r, 'us-east-1', 'm5.large')!.spotUsdPerHour).toBeCloseTo(0.0345, 12);
    // c5.large in euw1-az1: 2 h × 0.029 + 4 h × 0.031 over 6 h.
    expect(find(r, 'eu-west-1', 'c5.large')!.spotUsdPerHour).toBeCloseTo((2 * 0.029 + 4 * 0.031) / 6, 12);
    expect(r.asOf).toBe('2022-05-31');
  });

  it('reports every bad line', async () => {
    const f = `${FIX}aws-spot-history-bad.tsv`;
    expect(await problemsOf(() => awsSpotPriceHistory.run([f], {}))).toEqual([
      `${f}:2 price: expected a price > 0, got "cheap"`,
      `${f}:2 timestamp: expected an ISO-8601 timestamp, got "yesterday"`,
      `${f}:2 zone: unknown availability zone "xxx9-az1"`,
      `${f}:3: expected 5 tab-separated fields (zone, type, product, price, timestamp), found 3`,
    ]);
  });
});

const JSON_REAL = 'spot/aws_describe-spot-price-history_m5.large_us-east-1_2021-02.json';
describe.skipIf(!existsSync(dataFile(JSON_REAL)))(realTitle(JSON_REAL), () => {
  it('250 records → 5 AZ series of m5.large; the average sits inside the observed price range', async () => {
    const r = await awsSpotPriceHistory.run([dataFile(JSON_REAL)], {});
    expect(r.spotSeries!.reduce((n, s) => n + s.timesSec.length, 0)).toBe(250);
    expect(new Set(r.spotSeries!.map((s) => s.availabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f']));
    const all = r.spotSeries!.flatMap((s) => [...s.usdPerHour]);
    const avg = find(r, 'us-east-1', 'm5.large')!.spotUsdPerHour!;
    expect(avg).toBeGreaterThan(Math.min(...all));
    expect(avg).toBeLessThan(Math.max(...all));
    for (const s of r.spotSeries!) for (let i = 1; i < s.timesSec.length; i++) expect(s.timesSec[i]!).toBeGreaterThanOrEqual(s.timesSec[i - 1]!);
  });
});

const TSV_REAL = 'spot/aws_spot_price_history_2022-05-31_all-regions.tsv';
describe.skipIf(!existsSync(dataFile(TSV_REAL)))(realTitle(TSV_REAL), () => {
  it('streams 33,362 records from 17 regions', async () => {
    const r = await awsSpotPriceHistory.run([dataFile(TSV_REAL)], {});
    expect(r.spotSeries!.reduce((n, s) => n + s.timesSec.length, 0)).toBe(33_362);
    expect(new Set(r.records.map((x) => x.region)).size).toBe(17);
  });
});
