import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { azureBatchVmSizes } from '../../../src/catalog/importers/azureBatchVmSizes.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

const FILE = `${FIX}azure_batch_vm_sizes_westeurope_2025-03.json`;

describe('azure-batch-vm-sizes (fixture)', () => {
  it('takes the region from the file name and pairs the normal and low-priority entries', async () => {
    const r = await azureBatchVmSizes.run([FILE], {});
    expect(r.asOf).toBe('2025-03');
    expect(find(r, 'westeurope', 'Standard_D2s_v5')).toEqual({
      provider: 'azure', region: 'westeurope', instanceType: 'Standard_D2s_v5', family: 'DSv5',
      vcpu: 2, memoryGiB: 8, gpus: 0, gpuModel: null, arch: 'x86_64', onDemandUsdPerHour: 0.115, spotUsdPerHour: 0.023,
    });
  });

  it('Arm sizes, GPU model from the size name, FPGAs are not GPUs, unpriced sizes have no price', async () => {
    const r = await azureBatchVmSizes.run([FILE], {});
    expect(find(r, 'westeurope', 'Standard_D2ps_v5')).toMatchObject({ arch: 'arm64', onDemandUsdPerHour: 0.092 });
    expect(find(r, 'westeurope', 'Standard_D2ps_v5')!.spotUsdPerHour).toBeUndefined();
    expect(find(r, 'westeurope', 'Standard_NC40ads_H100_v5')).toMatchObject({ gpus: 1, gpuModel: 'NVIDIA H100' });
    expect(find(r, 'westeurope', 'Standard_NP10s')).toMatchObject({ gpus: 0, gpuModel: null });
    expect(find(r, 'westeurope', 'Standard_D2s_v3')!.onDemandUsdPerHour).toBeUndefined();
    // E2s_v3 is not offered in westeurope (RegionsAvailable).
    expect(find(r, 'westeurope', 'Standard_E2s_v3')).toBeUndefined();
  });

  it('--region names the region when the file name does not', async () => {
    const r = await azureBatchVmSizes.run([FILE], { regions: new Set(['eastus']) });
    expect(find(r, 'eastus', 'Standard_E2s_v3')).toMatchObject({ onDemandUsdPerHour: 0.151 });
  });

  it('without a region in the name or --region it asks for one', async () => {
    const { copyFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const f = `${mkdtempSync(`${tmpdir()}/capsim-`)}/sizes.json`;
    copyFileSync(FILE, f);
    expect(await problemsOf(() => azureBatchVmSizes.run([f], {}))).toEqual([`${f}: cannot tell which region the prices are for: pass --region <name> (e.g. --region westeurope)`]);
  });
});

const REAL = 'catalog/azure_batch_vm_sizes_azurecloud_westeurope_prices_2025-03.json';
describe.skipIf(!existsSync(dataFile(REAL)))(realTitle(REAL), () => {
  it('westeurope: 328 sizes, 256 priced; D2s_v5 at $0.115 with low priority $0.023', async () => {
    const r = await azureBatchVmSizes.run([dataFile(REAL)], {});
    expect(r.records).toHaveLength(328);
    expect(r.records.filter((x) => x.onDemandUsdPerHour !== undefined)).toHaveLength(256);
    expect(find(r, 'westeurope', 'Standard_D2s_v5')).toMatchObject({ onDemandUsdPerHour: 0.115, spotUsdPerHour: 0.023, vcpu: 2, memoryGiB: 8 });
  });
});
