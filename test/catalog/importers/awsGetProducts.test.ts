import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsGetProducts } from '../../../src/catalog/importers/awsGetProducts.js';
import { FIX, dataFile, find, realTitle } from './paths.js';

describe('aws-get-products: a {PriceList: [json strings]} page (fixture)', () => {
  it('keeps Linux shared-tenancy instances; Windows is dropped', async () => {
    const r = await awsGetProducts.run([`${FIX}aws_pricing_get-products_page.json`], {});
    expect(r.records.map((x) => `${x.region}/${x.instanceType}`).sort()).toEqual(['eu-west-1/c6g.large', 'us-east-1/m5.large']);
    expect(r.asOf).toBe('2021-02-05');
  });

  it('on-demand from the Hrs dimension; Standard RIs: no upfront preferred, upfront amortized over the term', async () => {
    const r = await awsGetProducts.run([`${FIX}aws_pricing_get-products_page.json`], {});
    const m5 = find(r, 'us-east-1', 'm5.large')!;
    expect(m5).toMatchObject({ vcpu: 2, memoryGiB: 8, arch: 'x86_64', networkGbps: 10, onDemandUsdPerHour: 0.096 });
    expect(m5.commit1yUsdPerHour).toBe(0.06); // No Upfront beats Partial Upfront; convertible ignored
    expect(m5.commit3yUsdPerHour).toBeCloseTo(1289 / 26_280, 15); // All Upfront: $1,289 over 3 × 8,760 h
    // "Europe (Ireland)" → eu-west-1; a Graviton processor → arm64.
    expect(find(r, 'eu-west-1', 'c6g.large')).toMatchObject({ arch: 'arm64', onDemandUsdPerHour: 0.077, commit1yUsdPerHour: null });
  });
});

const REAL = 'price-list-formats/aws_pricing_get-products_m5.large_us-east-1_2021-02.json';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('reads the recorded m5.large item: $0.096 on-demand, $0.06 1-year standard no-upfront', async () => {
    const r = await awsGetProducts.run([dataFile(REAL)], {});
    expect(r.records).toHaveLength(1);
    const m5 = find(r, 'us-east-1', 'm5.large')!;
    expect(m5).toMatchObject({ vcpu: 2, memoryGiB: 8, onDemandUsdPerHour: 0.096, commit1yUsdPerHour: 0.06 });
    expect(m5.commit3yUsdPerHour).toBeGreaterThan(0);
    expect(m5.commit3yUsdPerHour).toBeLessThan(0.06);
    expect(r.asOf).toBe('2021-02-05');
  });
});
