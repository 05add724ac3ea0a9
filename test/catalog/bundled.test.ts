import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundledCatalogs, PRICING_DIR } from '../../src/catalog/bundled.js';
import { HourlyBiller, emptyHourCost } from '../../src/model/billing/index.js';
import { CompensatedSum, roundCents } from '../../src/model/money.js';
import { SPOT_INTERRUPTION_BANDS } from '../../src/model/catalog.js';
import { capsim } from './cliIo.js';
import { DATA, HAVE_DATA, SKIP_NOTE } from './importers/paths.js';

describe('bundled catalogs (pricing/*.csv)', () => {
  it('load and validate: AWS us-east-1, GCP ×3 regions, Azure westeurope', async () => {
    const index = await loadBundledCatalogs();
    const regions = index.regions().map((r) => `${r.provider}/${r.region}`);
    expect(regions).toEqual(['aws/us-east-1', 'azure/westeurope', 'gcp/asia-northeast1', 'gcp/europe-west1', 'gcp/us-central1']);
    const count = (p: string, r: string) => index.regions().find((x) => x.provider === p && x.region === r)!.types;
    expect(count('aws', 'us-east-1')).toBe(1348);
    expect(count('gcp', 'us-central1')).toBe(522);
    expect(count('gcp', 'europe-west1')).toBe(492);
    expect(count('gcp', 'asia-northeast1')).toBe(461);
    expect(count('azure', 'westeurope')).toBe(256);
  });

  it('is loaded once per process', async () => {
    expect(await loadBundledCatalogs()).toBe(await loadBundledCatalogs());
  });

  it('m5.large: $0.096 on-demand, 2 vCPU, 8 GiB, Advisor band 15-20% and 66% savings', async () => {
    const m5 = (await loadBundledCatalogs()).require('aws', 'us-east-1', 'm5.large');
    expect(m5).toMatchObject({ vcpu: 2, memoryGiB: 8, onDemandUsdPerHour: 0.096, spotInterruptionBand: '15-20%', spotInterruptionsPerMonth: 0.2, asOf: '2026-07-20', spotAsOf: '2025-06' });
    expect(m5.spotUsdPerHour).toBeCloseTo(0.03264, 12);
  });

  it('10 × m5.large on-demand for 720 h, priced from the bundled catalog, is $691.20', async () => {
    const m5 = (await loadBundledCatalogs()).require('aws', 'us-east-1', 'm5.large');
    const biller = new HourlyBiller([{ instanceType: m5.instanceType, family: m5.family, region: m5.region, onDemandUsdPerHour: m5.onDemandUsdPerHour }]);
    const total = new CompensatedSum();
    const out = emptyHourCost();
    for (let h = 0; h < 720; h++) {
      biller.addOnDemand(0, 10 * 3600);
      total.add(biller.settleHour(out).totalUsd);
    }
    expect(roundCents(total.value)).toBe(691.2);
  });

  it('every row is internally consistent', async () => {
    const index = await loadBundledCatalogs();
    const bandRate = new Map(SPOT_INTERRUPTION_BANDS.map((b) => [b.label, b.interruptionsPerMonth]));
    for (const e of index.entries) {
      const where = `${e.provider}/${e.region}/${e.instanceType}`;
      if (e.spotInterruptionBand !== null) expect(e.spotInterruptionsPerMonth, where).toBe(bandRate.get(e.spotInterruptionBand));
      if (e.gpus > 0) expect(e.gpuModel, where).not.toBeNull();
      if (e.commit1yUsdPerHour !== null) expect(e.commit1yUsdPerHour, where).toBeLessThan(e.onDemandUsdPerHour);
      if (e.commit3yUsdPerHour !== null && e.commit1yUsdPerHour !== null) expect(e.commit3yUsdPerHour, where).toBeLessThanOrEqual(e.commit1yUsdPerHour);
      if (e.spotUsdPerHour !== null) expect(e.spotSource, where).not.toBeNull();
      if (e.spotUsdPerHour !== null) expect(e.spotUsdPerHour, where).toBeLessThanOrEqual(e.onDemandUsdPerHour);
      // GiB per vCPU spans t3.nano (0.25) to u-24tb1 (55): outside that, a unit went wrong.
      expect(e.memoryGiB / e.vcpu, `${where}: GiB per vCPU`).toBeGreaterThanOrEqual(0.2);
      expect(e.memoryGiB / e.vcpu, `${where}: GiB per vCPU`).toBeLessThanOrEqual(64);
    }
  });

  it('AWS: every priced type is present except accelerated ones no source describes', async () => {
    const aws = (await loadBundledCatalogs()).query({ provider: 'aws' });
    const derived = aws.filter((e) => e.specSource.startsWith('derived:'));
    expect(derived.length).toBe(428);
    expect(derived.every((e) => e.gpus === 0)).toBe(true);
    expect(aws.filter((e) => e.gpus > 0).length).toBeGreaterThan(40);
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'capsim-regen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The `$CAPSIM catalog import …` lines of pricing/regenerate.sh, as argv arrays. */
function regenerateCommands(): string[][] {
  const script = readFileSync(join(PRICING_DIR, 'regenerate.sh'), 'utf8');
  return script
    .split('\n')
    .filter((l) => l.startsWith('$CAPSIM catalog import '))
    .map((l) => l.replace(/\$D\//g, DATA).replace(/--out pricing\//, `--out ${tmp}/`).split(/\s+/).slice(1));
}

describe.skipIf(!HAVE_DATA)(`regenerating the bundled catalogs from ../shared/data${HAVE_DATA ? '' : ` ${SKIP_NOTE}`}`, () => {
  it.each(['aws', 'gcp', 'azure'])('pricing/regenerate.sh reproduces pricing/%s.csv byte for byte', async (provider) => {
    const argv = regenerateCommands().find((a) => a.includes(`${tmp}/${provider}.csv`));
    expect(argv, `a regenerate.sh line writing pricing/${provider}.csv`).toBeDefined();
    const r = await capsim(argv!);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${tmp}/${provider}.csv`)).toBe(true);
    expect(readFileSync(`${tmp}/${provider}.csv`, 'utf8')).toBe(readFileSync(join(PRICING_DIR, `${provider}.csv`), 'utf8'));
  }, 120_000);
});
