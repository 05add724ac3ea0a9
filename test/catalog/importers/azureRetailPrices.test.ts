import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { azureRetailPrices } from '../../../src/catalog/importers/azureRetailPrices.js';
import { FIX, dataFile, find, problemsOf, realTitle } from './paths.js';

const PAGES = [`${FIX}azure_retail_prices_page1_2022-04-16.json`, `${FIX}azure_retail_prices_page2_2022-04-16.json`];

describe('azure-retail-prices: API pages (fixture)', () => {
  it('combines pages: Consumption → on-demand, " Spot" → spot, Reservation total → hourly', async () => {
    const r = await azureRetailPrices.run(PAGES, {});
    expect(find(r, 'westeurope', 'Standard_D2s_v5')).toEqual({
      provider: 'azure', region: 'westeurope', instanceType: 'Standard_D2s_v5', family: 'Dsv5', arch: 'x86_64',
      onDemandUsdPerHour: 0.096, // not the Windows meter (0.188), not DevTest (0.05)
      spotUsdPerHour: 0.0192, // Spot wins over Low Priority (0.0288)
      commit1yUsdPerHour: 525.6 / 8760, // $525.60 for the whole year
      commit3yUsdPerHour: 1103.76 / 26_280,
    });
    expect(r.asOf).toBe('2022-04-16');
  });

  it('Low Priority stands in for spot only when there is no Spot meter; dedicated hosts and storage are dropped', async () => {
    const r = await azureRetailPrices.run(PAGES, {});
    expect(find(r, 'westeurope', 'Standard_A0')).toMatchObject({ spotUsdPerHour: 0.0123 });
    expect(find(r, 'westeurope', 'Standard_A0')!.onDemandUsdPerHour).toBeUndefined();
    expect(r.records.map((x) => x.instanceType).sort()).toEqual(['Standard_A0', 'Standard_D2ps_v5', 'Standard_D2s_v5']);
    expect(find(r, 'eastus', 'Standard_D2ps_v5')!.arch).toBe('arm64');
  });

  it('--region filters items', async () => {
    const r = await azureRetailPrices.run(PAGES, { regions: new Set(['eastus']) });
    expect(r.records.map((x) => x.instanceType)).toEqual(['Standard_D2ps_v5']);
  });

  it('a file that is not a price page says so', async () => {
    const lines = await problemsOf(() => azureRetailPrices.run([`${FIX}aws_spot-advisor-data_2025-06.json`], {}));
    expect(lines[0]).toMatch(/expected a Retail Prices API page/);
  });
});

const REAL = ['skip0_2022-04-16', 'skip100_2022-04-19', 'skip81200_2022-04-19'].map((s) => `price-list-formats/azure_retail_prices_api_page_${s}.json`);
describe.skipIf(!REAL.every((f) => existsSync(dataFile(f))))(realTitle(REAL[0]!), () => {
  it('reads three real pages of the global list: Windows meters excluded, reservations turned hourly', async () => {
    const r = await azureRetailPrices.run(REAL.map(dataFile), {});
    expect(r.records.length).toBeGreaterThan(20);
    for (const rec of r.records) {
      if (rec.onDemandUsdPerHour !== undefined) expect(rec.onDemandUsdPerHour).toBeGreaterThan(0);
      if (rec.commit1yUsdPerHour != null) expect(rec.commit1yUsdPerHour).toBeLessThan(100); // hourly, not a term total
    }
    // The first real item is a Windows Spot meter (D14 in southindia); its Linux twin is not in these pages.
    expect(find(r, 'southindia', 'Standard_D14')).toBeUndefined();
    // M16s in australiaeast: 1-year reservation $17,436 → $1.99/h, on-demand $3.461/h.
    expect(find(r, 'australiaeast', 'Standard_M16s')).toMatchObject({ onDemandUsdPerHour: 3.461, commit1yUsdPerHour: 17_436 / 8760, commit3yUsdPerHour: 25_447 / 26_280 });
  });
});
