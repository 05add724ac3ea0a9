import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ec2InstancesInfo } from '../../../src/catalog/importers/ec2InstancesInfo.js';
import { ANY_REGION } from '../../../src/catalog/importers/importer.js';
import { FIX, dataFile, find, realTitle } from './paths.js';

describe('ec2instances-json: the 2017 instances.json array (fixture)', () => {
  it('gives specs everywhere and Linux prices per region, Standard no-upfront RIs preferred', async () => {
    const r = await ec2InstancesInfo.run([`${FIX}ec2instances-info_instances_2017-11-12.json`], {});
    expect(r.asOf).toBe('2017-11-12');
    expect(find(r, ANY_REGION, 'm5.large')).toMatchObject({ vcpu: 2, memoryGiB: 8, gpus: 0, gpuModel: null, arch: 'x86_64', networkGbps: 10 });
    expect(find(r, 'us-east-1', 'm5.large')).toMatchObject({ onDemandUsdPerHour: 0.096, commit1yUsdPerHour: 0.062, commit3yUsdPerHour: 0.04 });
    expect(find(r, 'eu-west-1', 'm5.large')).toMatchObject({ onDemandUsdPerHour: 0.107, commit1yUsdPerHour: 0.068, commit3yUsdPerHour: null });
    // "N/A" is not a price: no row for ap-south-1.
    expect(find(r, 'ap-south-1', 'm5.large')).toBeUndefined();
    // A GPU count without a model (2017 files have none): the model stays unstated.
    expect(find(r, ANY_REGION, 'p3.2xlarge')).toMatchObject({ gpus: 1 });
    expect(find(r, ANY_REGION, 'p3.2xlarge')!.gpuModel).toBeUndefined();
  });
});

describe('ec2instances-json: a modern per-instance record (fixture)', () => {
  it('reads spot_avg and the Advisor band from pct_interrupt, and baseline bandwidth', async () => {
    const r = await ec2InstancesInfo.run([`${FIX}ec2instances-info_modern_x2gd.large.json`], {});
    expect(r.asOf).toBeNull(); // neither the content nor the name is dated
    expect(find(r, 'us-east-1', 'x2gd.large')).toMatchObject({
      vcpu: 2, memoryGiB: 32, arch: 'arm64', networkGbps: 0.75, onDemandUsdPerHour: 0.167, spotUsdPerHour: 0.06346,
      spotInterruptionBand: '5-10%', commit1yUsdPerHour: 0.1052, commit3yUsdPerHour: 0.0722,
    });
    expect(find(r, 'eu-west-1', 'x2gd.large')).toMatchObject({ onDemandUsdPerHour: 0.1856, commit1yUsdPerHour: null });
  });
});

const OLD = 'catalog/ec2instances-info_instances_2017-11-12.json';
describe.skipIf(!existsSync(dataFile(OLD)))(realTitle(OLD), () => {
  it('has 88 types in 15 regions; m4.large us-east-1 at $0.10, 1y/3y standard no-upfront $0.062/$0.043 (2017)', async () => {
    const r = await ec2InstancesInfo.run([dataFile(OLD)], {});
    expect(r.records.filter((x) => x.region === ANY_REGION)).toHaveLength(88);
    expect(new Set(r.records.filter((x) => x.region !== ANY_REGION).map((x) => x.region)).size).toBe(15);
    expect(find(r, 'us-east-1', 'm4.large')).toMatchObject({ vcpu: 2, memoryGiB: 8, onDemandUsdPerHour: 0.1, commit1yUsdPerHour: 0.062, commit3yUsdPerHour: 0.043 });
  });
});

const MODERN = 'price-list-formats/ec2instances-info_modern_single_instance_x2iedn.32xlarge.json';
describe.skipIf(!existsSync(dataFile(MODERN)))(realTitle(MODERN), () => {
  it('reads the real x2iedn.32xlarge record: 25 regions, spot average and band in us-east-1', async () => {
    const r = await ec2InstancesInfo.run([dataFile(MODERN)], {});
    const regions = r.records.filter((x) => x.region !== ANY_REGION);
    expect(regions).toHaveLength(25);
    expect(find(r, 'us-east-1', 'x2iedn.32xlarge')).toMatchObject({ vcpu: 128, memoryGiB: 4096, onDemandUsdPerHour: 26.676, spotUsdPerHour: 6.669, spotInterruptionBand: '5-10%', networkGbps: 100 });
  });
});
