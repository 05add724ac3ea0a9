import { describe, expect, it } from 'vitest';
import { SPOT_INTERRUPTION_BANDS, parseCatalogRef, spotBandByIndex, spotBandByLabel } from '../../src/model/catalog.js';

describe('Spot Advisor band → monthly interruption rate', () => {
  it('"<5%" is 0.05 interruptions per instance per 730 h (PRODUCT.md), each closed band its upper edge', () => {
    expect(SPOT_INTERRUPTION_BANDS.map((b) => [b.label, b.interruptionsPerMonth])).toEqual([
      ['<5%', 0.05],
      ['5-10%', 0.1],
      ['10-15%', 0.15],
      ['15-20%', 0.2],
      ['>20%', 0.25],
    ]);
  });

  it('looks bands up by Advisor index and by label, tolerating spacing and en-dashes', () => {
    expect(spotBandByIndex(0)?.label).toBe('<5%');
    expect(spotBandByIndex(4)?.interruptionsPerMonth).toBe(0.25);
    expect(spotBandByIndex(5)).toBeUndefined();
    expect(spotBandByLabel('5 – 10 %')?.index).toBe(1);
    expect(spotBandByLabel('sometimes')).toBeUndefined();
  });

  it('parses the scenario catalog reference', () => {
    expect(parseCatalogRef('aws/us-east-1')).toEqual({ provider: 'aws', region: 'us-east-1' });
    expect(parseCatalogRef('GCP/us-central1')).toEqual({ provider: 'gcp', region: 'us-central1' });
    expect(parseCatalogRef('oracle/x')).toBeUndefined();
    expect(parseCatalogRef('aws')).toBeUndefined();
  });
});
