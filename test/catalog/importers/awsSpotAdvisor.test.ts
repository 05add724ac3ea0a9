import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsSpotAdvisor } from '../../../src/catalog/importers/awsSpotAdvisor.js';
import { ANY_REGION } from '../../../src/catalog/importers/importer.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

describe('aws-spot-advisor (fixture)', () => {
  it('maps instance_types to region-independent specs (cores is the vCPU count)', async () => {
    const r = await awsSpotAdvisor.run([`${FIX}aws_spot-advisor-data_2025-06.json`], {});
    expect(r.asOf).toBe('2025-06');
    expect(find(r, ANY_REGION, 'c7g.large')).toMatchObject({ vcpu: 2, memoryGiB: 4, family: 'c7g' });
  });

  it('maps s to a savings fraction and r through ranges to the band label; Windows is ignored', async () => {
    const r = await awsSpotAdvisor.run([`${FIX}aws_spot-advisor-data_2025-06.json`], {});
    expect(find(r, 'us-east-1', 'm5.large')).toMatchObject({ spotSavingsFraction: 0.66, spotInterruptionBand: '15-20%' });
    expect(find(r, 'us-east-1', 'c7g.large')).toMatchObject({ spotSavingsFraction: 0.55, spotInterruptionBand: '<5%' });
    expect(find(r, 'eu-west-1', 'm5.large')).toMatchObject({ spotSavingsFraction: 0.7, spotInterruptionBand: '5-10%' });
    expect(r.records.filter((x) => x.region === 'us-east-1')).toHaveLength(4);
  });

  it('region filter keeps specs but drops other regions\' spot figures', async () => {
    const r = await awsSpotAdvisor.run([`${FIX}aws_spot-advisor-data_2025-06.json`], { regions: new Set(['eu-west-1']) });
    expect(find(r, 'us-east-1', 'm5.large')).toBeUndefined();
    expect(find(r, ANY_REGION, 'm5.large')).toBeDefined();
  });

  it('reports every schema problem with its JSON path', async () => {
    const lines = await problemsOf(() => awsSpotAdvisor.run([`${FIX}aws-spot-advisor-bad.json`], {}));
    expect(lines).toEqual([expect.stringMatching(/aws-spot-advisor-bad\.json instance_types\.m5\.large\.ram_gb: .*expected number/)]);
  });
});

const REAL = 'spot/aws_spot-advisor-data_2025-06.json';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('has 929 types with specs and Linux figures for 33 regions', async () => {
    const r = await awsSpotAdvisor.run([dataFile(REAL)], {});
    expect(r.records.filter((x) => x.region === ANY_REGION)).toHaveLength(929);
    expect(new Set(r.records.filter((x) => x.region !== ANY_REGION).map((x) => x.region)).size).toBe(33);
    expect(find(r, ANY_REGION, 'c6i.32xlarge')).toMatchObject({ vcpu: 128, memoryGiB: 256 });
    expect(find(r, 'us-east-1', 'm5.large')).toMatchObject({ spotSavingsFraction: 0.66, spotInterruptionBand: '15-20%' });
    // The feed's one negative saving is kept as published.
    expect(find(r, 'ca-central-1', 'p5.48xlarge')!.spotSavingsFraction).toBe(-0.62);
    expect(r.notes[0]).toContain('1 with negative savings');
  });
});

const OLD = 'spot/aws_spot-advisor-data_2021-02.json';
describe.skipIf(!existsSync(dataFile(OLD)))(realTitle(OLD), () => {
  it('copes with the 2021 vintage of the feed', async () => {
    const r = await awsSpotAdvisor.run([dataFile(OLD)], {});
    expect(r.asOf).toBe('2021-02');
    expect(r.records.filter((x) => x.region === ANY_REGION)).toHaveLength(379);
    expect(new Set(r.records.filter((x) => x.region !== ANY_REGION).map((x) => x.region)).size).toBe(21);
  });
});
