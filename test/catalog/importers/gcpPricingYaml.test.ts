import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gcpPricingYaml } from '../../../src/catalog/importers/gcpPricingYaml.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

const FILE = `${FIX}gcp_pricing_2026-07-30.yml`;

describe('gcp-pricing-yaml (fixture)', () => {
  it('on-demand is `hour`; `month` (with sustained use) becomes its own column; commitments per 730 h', async () => {
    const r = await gcpPricingYaml.run([FILE], {});
    expect(r.asOf).toBe('2026-07-30'); // about.generated
    expect(find(r, 'us-central1', 'n2-standard-2')).toMatchObject({
      family: 'n2', vcpu: 2, memoryGiB: 8, gpus: 0, gpuModel: null, arch: 'x86_64',
      onDemandUsdPerHour: 0.097118, spotUsdPerHour: 0.04606,
      commit1yUsdPerHour: 44.66286 / 730, commit3yUsdPerHour: 31.90538 / 730, sustainedUseUsdPerHour: 56.731091228 / 730,
    });
  });

  it('GPU counts and models; Arm series; a "commitment" no cheaper than the SUD month is not one', async () => {
    const r = await gcpPricingYaml.run([FILE], {});
    expect(find(r, 'us-central1', 'a2-highgpu-1g')).toMatchObject({ gpus: 1, gpuModel: 'NVIDIA A100 40GB', vcpu: 12, memoryGiB: 85 });
    expect(find(r, 'us-central1', 't2a-standard-1')).toMatchObject({ arch: 'arm64', commit1yUsdPerHour: null, sustainedUseUsdPerHour: null });
    expect(find(r, 'us-central1', 'f1-micro')).toMatchObject({ commit1yUsdPerHour: null, commit3yUsdPerHour: null, sustainedUseUsdPerHour: 3.8836 / 730 });
    expect(r.records.find((x) => x.instanceType === 'm4n-megamem-28')).toBeUndefined(); // no price anywhere
  });

  it('--region keeps the selected regions', async () => {
    const r = await gcpPricingYaml.run([FILE], { regions: new Set(['europe-west1']) });
    expect(r.records.map((x) => `${x.region}/${x.instanceType}`)).toEqual(['europe-west1/n2-standard-2']);
  });

  it('reports broken YAML with its line, and a wrong shape with its path', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/capsim-gcp-`);
    writeFileSync(`${dir}/broken.yml`, 'compute:\n  instance:\n    n2-standard-2: {cpu: 2, ram: 8\n    e2-micro:\n');
    expect((await problemsOf(() => gcpPricingYaml.run([`${dir}/broken.yml`], {})))[0]).toMatch(/broken\.yml:\d+ col \d+: not valid YAML/);
    writeFileSync(`${dir}/shape.yml`, 'compute:\n  instance:\n    n2-standard-2:\n      cpu: two\n      ram: 8\n');
    expect(await problemsOf(() => gcpPricingYaml.run([`${dir}/shape.yml`], {}))).toEqual([`${dir}/shape.yml compute.instance.n2-standard-2.cpu: Invalid input: expected number, received string`]);
  });
});

const REAL = 'catalog/gcp_compute_pricing_cyclenerd_2026-07-30.yml';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('the three bundled regions: 522 + 492 + 461 priced types; n2-standard-2 us-central1 $0.097118', async () => {
    const r = await gcpPricingYaml.run([dataFile(REAL)], { regions: new Set(['us-central1', 'europe-west1', 'asia-northeast1']) });
    const count = (region: string) => r.records.filter((x) => x.region === region).length;
    expect([count('us-central1'), count('europe-west1'), count('asia-northeast1')]).toEqual([522, 492, 461]);
    expect(find(r, 'us-central1', 'n2-standard-2')).toMatchObject({ onDemandUsdPerHour: 0.097118, sustainedUseUsdPerHour: 56.731091228 / 730 });
    expect(find(r, 'us-central1', 'a3-highgpu-8g')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA H100 80GB', vcpu: 208 });
    expect(r.asOf).toBe('2026-07-30');
  }, 60_000);
});
