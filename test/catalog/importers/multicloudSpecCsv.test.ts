import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { multicloudSpecCsv, parseBandwidth, parseOtherDevices } from '../../../src/catalog/importers/multicloudSpecCsv.js';
import { ANY_REGION } from '../../../src/catalog/importers/importer.js';
import { FIX, dataFile, find, realTitle } from './paths.js';

describe('ec2instances-multicloud-csv (fixture)', () => {
  it('specs for the three clouds, region-independent; Azure sizes get their Standard_ prefix', async () => {
    const r = await multicloudSpecCsv.run([`${FIX}ec2instances-info_instance-types_multicloud_2022-06.csv`], {});
    expect(r.records.every((x) => x.region === ANY_REGION)).toBe(true);
    expect(find(r, ANY_REGION, 'm5.large')).toMatchObject({ provider: 'aws', vcpu: 2, memoryGiB: 8, networkGbps: 10, arch: 'x86_64', gpus: 0 });
    expect(find(r, ANY_REGION, 'c7g.large')).toMatchObject({ arch: 'arm64', networkGbps: 12.5 });
    expect(find(r, ANY_REGION, 'n2-standard-2')).toMatchObject({ provider: 'gcp', family: 'n2', networkGbps: 10 });
    expect(find(r, ANY_REGION, 'Standard_D2s_v5')).toMatchObject({ provider: 'azure', family: 'Dsv5', vcpu: 2 });
    expect(find(r, ANY_REGION, 'Standard_D2ps_v5')).toMatchObject({ arch: 'arm64' });
  });

  it('accelerators: GPUs and Inferentia count, FPGAs and EFA do not, slices are fractional', async () => {
    const r = await multicloudSpecCsv.run([`${FIX}ec2instances-info_instance-types_multicloud_2022-06.csv`], {});
    expect(find(r, ANY_REGION, 'g4dn.12xlarge')).toMatchObject({ gpus: 4, gpuModel: 'NVIDIA Tesla T4' });
    expect(find(r, ANY_REGION, 'f1.2xlarge')).toMatchObject({ gpus: 0, gpuModel: null });
    expect(find(r, ANY_REGION, 'inf1.24xlarge')).toMatchObject({ gpus: 16, gpuModel: 'AWS Inferentia' });
    expect(find(r, ANY_REGION, 'Standard_NV4as_v4')).toMatchObject({ gpus: 0.125, gpuModel: 'AMD Radeon Instinct M125' });
    expect(parseOtherDevices('Elastic Fabric Adapter (EFA) Support')).toEqual({ gpus: 0, gpuModel: null });
    expect(parseOtherDevices('InfiniBand FDR (65 Gbps)')).toEqual({ gpus: 0, gpuModel: null });
    expect(parseBandwidth('Moderate')).toBeNull();
    expect(parseBandwidth('<=25')).toBe(25);
  });
});

const REAL = 'catalog/ec2instances-info_instance-types_multicloud_2022-06.csv';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('370 AWS, 108 Google and 255 Azure sizes', async () => {
    const r = await multicloudSpecCsv.run([dataFile(REAL)], {});
    const n = (p: string) => r.records.filter((x) => x.provider === p).length;
    expect([n('aws'), n('gcp'), n('azure')]).toEqual([370, 108, 255]);
    expect(find(r, ANY_REGION, 'p3.16xlarge')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA Tesla V100' });
  });
});
