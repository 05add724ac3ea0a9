import { describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/importCatalog.js';
import { AwsSpecInference } from '../../src/catalog/awsSpecInference.js';
import { awsArchFromName, awsVcpuFromSize } from '../../src/catalog/awsInstanceType.js';
import { RuntimeUserError, UsageError } from '../../src/model/errors.js';
import type { CatalogEntry } from '../../src/model/catalog.js';
import { FIX } from './importers/paths.js';

const TSV = { format: 'aws-ondemand-tsv', files: [`${FIX}aws_ondemand_linux_us-east-1_2026-07-20.tsv`] };
const ADVISOR = { format: 'aws-spot-advisor', files: [`${FIX}aws_spot-advisor-data_2025-06.json`] };
const MULTI = { format: 'ec2instances-multicloud-csv', files: [`${FIX}ec2instances-info_instance-types_multicloud_2022-06.csv`] };
const EC2_2017 = { format: 'ec2instances-json', files: [`${FIX}ec2instances-info_instances_2017-11-12.json`] };

const byType = (entries: readonly CatalogEntry[], type: string, region = 'us-east-1') => entries.find((e) => e.instanceType === type && e.region === region);

describe('importCatalog: combining a price source with spec and spot sources', () => {
  it('prices from the TSV, specs and spot from the Advisor: spot = on-demand × (1 − s/100)', async () => {
    const out = await importCatalog({ primary: TSV, with: [ADVISOR], regions: new Set(['us-east-1']) });
    const m5 = byType(out.entries, 'm5.large')!;
    expect(m5).toMatchObject({
      provider: 'aws', family: 'm5', vcpu: 2, memoryGiB: 8, gpus: 0, gpuModel: null, arch: 'x86_64',
      onDemandUsdPerHour: 0.096, spotInterruptionBand: '15-20%', spotInterruptionsPerMonth: 0.2,
      source: 'aws_ondemand_linux_us-east-1_2026-07-20.tsv', asOf: '2026-07-20',
      specSource: 'aws_spot-advisor-data_2025-06.json', specAsOf: '2025-06',
      spotSource: 'aws_spot-advisor-data_2025-06.json', spotAsOf: '2025-06',
    });
    expect(m5.spotUsdPerHour).toBeCloseTo(0.096 * 0.34, 15);
    expect(byType(out.entries, 'c7g.large')!.arch).toBe('arm64'); // from the name: Graviton
  });

  it('without --derive-specs, types no source describes are skipped with the reason', async () => {
    const out = await importCatalog({ primary: TSV, with: [ADVISOR], regions: new Set(['us-east-1']) });
    expect(out.entries.map((e) => e.instanceType).sort()).toEqual(['c7g.large', 'g6.xlarge', 'm5.large', 'm5.xlarge']);
    expect(out.skipped.map((s) => `${s.instanceType}: ${s.reason}`).sort()).toEqual([
      'c8a.4xlarge: no vCPU/memory in any source (--derive-specs can infer them for AWS)',
      'c8a.large: no vCPU/memory in any source (--derive-specs can infer them for AWS)',
      'g7.2xlarge: no vCPU/memory in any source (--derive-specs can infer them for AWS)',
    ]);
  });

  it('--derive-specs infers c8a from c7a (size ladder × GiB per vCPU), never an accelerated family', async () => {
    const out = await importCatalog({ primary: TSV, with: [ADVISOR], regions: new Set(['us-east-1']), deriveSpecs: true });
    expect(byType(out.entries, 'c8a.large')).toMatchObject({ vcpu: 2, memoryGiB: 4, specSource: 'derived:size-name+c7a-ratio', specAsOf: null, spotUsdPerHour: null, spotSource: null });
    expect(byType(out.entries, 'c8a.4xlarge')).toMatchObject({ vcpu: 16, memoryGiB: 32 });
    expect(out.skipped.map((s) => s.instanceType)).toEqual(['g7.2xlarge']);
    expect(out.notes.join('\n')).toContain('2 rows have vCPU/memory inferred');
  });

  it('the accelerator table supplies GPU counts the sources lack, and says so in specSource', async () => {
    const out = await importCatalog({ primary: TSV, with: [ADVISOR], regions: new Set(['us-east-1']) });
    expect(byType(out.entries, 'g6.xlarge')).toMatchObject({ gpus: 1, gpuModel: 'NVIDIA L4', specSource: 'aws_spot-advisor-data_2025-06.json+capsim accelerator table' });
  });

  it('--with sources never change prices unless --fill price is given', async () => {
    // The 2017 file prices m5.large at 0.096 with 1y RIs at 0.062: only specs may come from it by default.
    const plain = await importCatalog({ primary: TSV, with: [EC2_2017], regions: new Set(['us-east-1']) });
    expect(byType(plain.entries, 'm5.large')!.commit1yUsdPerHour).toBeNull();
    const filled = await importCatalog({ primary: TSV, with: [EC2_2017], regions: new Set(['us-east-1']), fill: new Set(['price', 'spec']) });
    expect(byType(filled.entries, 'm5.large')).toMatchObject({ commit1yUsdPerHour: 0.062, commit3yUsdPerHour: 0.04 });
  });

  it('earlier --with sources win: network from the multicloud CSV, specs from the Advisor', async () => {
    const out = await importCatalog({ primary: TSV, with: [ADVISOR, MULTI], regions: new Set(['us-east-1']) });
    expect(byType(out.entries, 'm5.large')).toMatchObject({ networkGbps: 10, specSource: 'aws_spot-advisor-data_2025-06.json' });
    const swapped = await importCatalog({ primary: TSV, with: [MULTI, ADVISOR], regions: new Set(['us-east-1']) });
    expect(byType(swapped.entries, 'm5.large')!.specSource).toBe('ec2instances-info_instance-types_multicloud_2022-06.csv');
  });

  it('--merge updates the rows an import can describe and keeps the rest', async () => {
    const first = await importCatalog({ primary: TSV, with: [ADVISOR], regions: new Set(['us-east-1']) });
    // Spot history has no on-demand price: alone it cannot make rows, merged it refreshes spot prices.
    const history = { format: 'aws-spot-history', files: [`${FIX}aws_describe-spot-price-history_m5.large_2021-02.json`] };
    await expect(importCatalog({ primary: history })).rejects.toThrow(RuntimeUserError);
    const merged = await importCatalog({ primary: history, mergeInto: first.entries });
    expect(merged.entries).toHaveLength(first.entries.length);
    expect(merged.updated).toBe(1);
    const m5 = byType(merged.entries, 'm5.large')!;
    expect(m5.spotUsdPerHour).toBeCloseTo(0.0345, 12);
    expect(m5).toMatchObject({ spotSource: 'aws_describe-spot-price-history_m5.large_2021-02.json', spotAsOf: '2021-02-01', onDemandUsdPerHour: 0.096, spotInterruptionBand: '15-20%' });
    expect(byType(merged.entries, 'm5.xlarge')).toEqual(byType(first.entries, 'm5.xlarge'));
  });

  it('re-importing the same sources into the same catalog changes nothing', async () => {
    const first = await importCatalog({ primary: TSV, with: [ADVISOR] });
    const again = await importCatalog({ primary: TSV, with: [ADVISOR], mergeInto: first.entries });
    expect(again.unchanged).toBe(first.entries.length);
    expect(again.updated + again.added).toBe(0);
  });

  it('explains why nothing could be imported, and rejects unknown formats', async () => {
    const err = await importCatalog({ primary: ADVISOR }).then(
      () => new Error('expected the import to fail'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(RuntimeUserError);
    expect(err.message).toMatch(/no catalog rows: aws-spot-advisor gave \d+ candidate rows and none is complete/);
    expect(err.message).toMatch(/× no on-demand price in any source/);
    await expect(importCatalog({ primary: { format: 'aws-magic', files: ['x'] } })).rejects.toThrow(UsageError);
    await expect(importCatalog({ primary: { format: 'aws-magic', files: ['x'] } })).rejects.toThrow(/unknown format "aws-magic"; formats:\n {2}aws-ondemand-tsv/);
  });

  it('dates an undated primary with --as-of, else with the file time (and says so)', async () => {
    const modern = { format: 'ec2instances-json', files: [`${FIX}ec2instances-info_modern_x2gd.large.json`] };
    const dated = await importCatalog({ primary: modern, asOf: '2026-07-20' });
    expect(dated.entries.every((e) => e.asOf === '2026-07-20')).toBe(true);
    const undated = await importCatalog({ primary: modern });
    expect(undated.notes.join('\n')).toMatch(/no data date in the file or its name; using its modification date \d{4}-\d\d-\d\d/);
  });
});

describe('AWS type-name rules', () => {
  it('vCPUs from the size ladder', () => {
    expect(['medium', 'large', 'xlarge', '2xlarge', '48xlarge', 'metal-48xl', 'metal', 'nano'].map(awsVcpuFromSize)).toEqual([1, 2, 4, 8, 192, 192, undefined, undefined]);
  });

  it('Graviton families are arm64', () => {
    const arm = ['a1.large', 'm6g.large', 'c7gn.large', 'r8gd.large', 'x2gd.large', 'im4gn.large', 'is4gen.large', 't4g.nano', 'g5g.xlarge', 'hpc7g.4xlarge', 'c9g.large'];
    const x86 = ['m5.large', 'g6.xlarge', 'gr6.4xlarge', 'u7i-12tb.224xlarge', 'p6-b300.48xlarge', 'm8i-flex.large', 'c8a.large'];
    expect(arm.map(awsArchFromName)).toEqual(arm.map(() => 'arm64'));
    expect(x86.map(awsArchFromName)).toEqual(x86.map(() => 'x86_64'));
  });

  it('spec inference picks the nearest listed relative', () => {
    const inf = new AwsSpecInference([
      ['c7a.large', { vcpu: 2, memoryGiB: 4 }],
      ['c8g.large', { vcpu: 2, memoryGiB: 4 }],
      ['x8g.large', { vcpu: 2, memoryGiB: 32 }],
      ['x1.16xlarge', { vcpu: 64, memoryGiB: 976 }],
      ['m6id.large', { vcpu: 2, memoryGiB: 8 }],
      ['g6.xlarge', { vcpu: 4, memoryGiB: 16 }],
    ]);
    expect(inf.infer('c8a.48xlarge')).toEqual({ vcpu: 192, memoryGiB: 384, donorFamily: 'c7a' });
    expect(inf.infer('c8gb.metal-24xl')).toEqual({ vcpu: 96, memoryGiB: 192, donorFamily: 'c8g' });
    expect(inf.infer('x8i.large')).toEqual({ vcpu: 2, memoryGiB: 32, donorFamily: 'x8g' }); // not the x1 ratio
    expect(inf.infer('m8idb.xlarge')).toEqual({ vcpu: 4, memoryGiB: 16, donorFamily: 'm6id' });
    expect(inf.infer('g7.xlarge')).toBeUndefined();
    expect(inf.infer('z9.large')).toBeUndefined();
  });
});
