import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../src/catalog/lookup.js';
import { RuntimeUserError } from '../../src/model/errors.js';
import type { CatalogEntry } from '../../src/model/catalog.js';

function entry(p: Partial<CatalogEntry> & Pick<CatalogEntry, 'provider' | 'region' | 'instanceType'>): CatalogEntry {
  return {
    family: p.instanceType.split(/[.-]/)[0]!,
    vcpu: 2,
    memoryGiB: 8,
    gpus: 0,
    gpuModel: null,
    networkGbps: null,
    arch: 'x86_64',
    onDemandUsdPerHour: 0.1,
    spotUsdPerHour: null,
    spotInterruptionBand: null,
    spotInterruptionsPerMonth: null,
    commit1yUsdPerHour: null,
    commit3yUsdPerHour: null,
    sustainedUseUsdPerHour: null,
    source: 'test',
    asOf: '2026-07',
    specSource: 'test',
    specAsOf: null,
    spotSource: null,
    spotAsOf: null,
    ...p,
  };
}

const rows = [
  entry({ provider: 'aws', region: 'us-east-1', instanceType: 'm5.large', onDemandUsdPerHour: 0.096 }),
  entry({ provider: 'aws', region: 'us-east-1', instanceType: 'm5.xlarge', vcpu: 4, memoryGiB: 16, onDemandUsdPerHour: 0.192 }),
  entry({ provider: 'aws', region: 'us-east-1', instanceType: 'g5.xlarge', vcpu: 4, memoryGiB: 16, gpus: 1, gpuModel: 'NVIDIA A10G', onDemandUsdPerHour: 1.006 }),
  entry({ provider: 'aws', region: 'us-east-1', instanceType: 'c7g.large', arch: 'arm64', memoryGiB: 4, onDemandUsdPerHour: 0.0725 }),
  entry({ provider: 'gcp', region: 'us-central1', instanceType: 'n2-standard-2', onDemandUsdPerHour: 0.097 }),
  entry({ provider: 'gcp', region: 'europe-west1', instanceType: 'n2-standard-2', onDemandUsdPerHour: 0.107 }),
  entry({ provider: 'azure', region: 'westeurope', instanceType: 'Standard_D2s_v5', family: 'DSv5', onDemandUsdPerHour: 0.115 }),
];

describe('CatalogIndex', () => {
  const index = new CatalogIndex(rows);

  it('looks up (provider, region, type), case-insensitively; Azure "Standard_" is optional', () => {
    expect(index.get('aws', 'us-east-1', 'm5.large')?.onDemandUsdPerHour).toBe(0.096);
    expect(index.get('aws', 'us-east-1', 'M5.Large')?.instanceType).toBe('m5.large');
    expect(index.get('azure', 'westeurope', 'D2s_v5')?.instanceType).toBe('Standard_D2s_v5');
    expect(index.get('azure', 'westeurope', 'standard_d2s_v5')?.instanceType).toBe('Standard_D2s_v5');
    expect(index.get('aws', 'us-west-2', 'm5.large')).toBeUndefined();
    expect(index.size).toBe(7);
  });

  it('lookup cost does not grow with the catalog (a Map hit, built once)', () => {
    const big: CatalogEntry[] = [];
    for (let i = 0; i < 200_000; i++) big.push(entry({ provider: 'aws', region: `r${i % 50}`, instanceType: `t${i}.large` }));
    const bigIndex = new CatalogIndex(big);
    const small = new CatalogIndex(big.slice(0, 100));
    const time = (ix: CatalogIndex, n: number) => {
      const t0 = performance.now();
      for (let i = 0; i < 200_000; i++) ix.get('aws', `r${i % 50}`, `t${i % n}.large`);
      return performance.now() - t0;
    };
    time(small, 100);
    time(bigIndex, 200_000);
    const tSmall = Math.min(time(small, 100), time(small, 100));
    const tBig = Math.min(time(bigIndex, 200_000), time(bigIndex, 200_000));
    // A linear scan would be ~2000× slower on the big index; allow generous noise for cache effects.
    expect(tBig).toBeLessThan(tSmall * 20 + 50);
  });

  it('finds a type in every region, narrowed by provider or region', () => {
    expect(index.find('n2-standard-2').map((e) => e.region).sort()).toEqual(['europe-west1', 'us-central1']);
    expect(index.find('n2-standard-2', { region: 'us-central1' })).toHaveLength(1);
    expect(index.find('n2-standard-2', { provider: 'aws' })).toHaveLength(0);
  });

  it('queries by family (case-insensitive), size, GPU, arch and price', () => {
    expect(index.query({ family: 'M5' }).map((e) => e.instanceType)).toEqual(['m5.large', 'm5.xlarge']);
    expect(index.query({ family: 'dsv5' })).toHaveLength(1);
    expect(index.query({ minVcpu: 4 }).map((e) => e.instanceType).sort()).toEqual(['g5.xlarge', 'm5.xlarge']);
    expect(index.query({ gpu: true }).map((e) => e.instanceType)).toEqual(['g5.xlarge']);
    expect(index.query({ arch: 'arm64' }).map((e) => e.instanceType)).toEqual(['c7g.large']);
    expect(index.query({ provider: 'aws', maxOnDemandUsdPerHour: 0.1 }).map((e) => e.instanceType).sort()).toEqual(['c7g.large', 'm5.large']);
  });

  it('a later catalog overrides the same (provider, region, type)', () => {
    const ix = new CatalogIndex([...rows, entry({ provider: 'aws', region: 'us-east-1', instanceType: 'M5.LARGE', onDemandUsdPerHour: 0.05 })]);
    expect(ix.get('aws', 'us-east-1', 'm5.large')?.onDemandUsdPerHour).toBe(0.05);
    expect(ix.size).toBe(7);
  });

  it('explains a miss: other regions that have it, or near names', () => {
    expect(() => index.require('gcp', 'asia-northeast1', 'n2-standard-2')).toThrow(RuntimeUserError);
    expect(() => index.require('gcp', 'asia-northeast1', 'n2-standard-2')).toThrow('instance type n2-standard-2 is not in gcp/asia-northeast1; it is in gcp/europe-west1, gcp/us-central1');
    expect(index.describeMiss('m5.larg', { provider: 'aws', region: 'us-east-1' })).toBe('unknown instance type m5.larg in aws/us-east-1; did you mean m5.large, m5.xlarge?');
    expect(index.describeMiss('zzz', {})).toBe('unknown instance type zzz in any catalog');
  });

  it('summarizes regions with their sources', () => {
    const r = index.regions();
    expect(r.map((x) => `${x.provider}/${x.region}:${x.types}`)).toEqual(['aws/us-east-1:4', 'azure/westeurope:1', 'gcp/europe-west1:1', 'gcp/us-central1:1']);
    expect(r[0]!.sources.get('test')).toBe('2026-07');
  });
});
