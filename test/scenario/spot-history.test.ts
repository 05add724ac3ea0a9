import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hourlyReplay } from '../../src/scenario/spot-history.js';
import { resolveText, runText } from '../sim/helpers.js';

const series = (times: number[], prices: number[]) => ({
  region: 'us-east-1',
  availabilityZone: 'us-east-1a',
  instanceType: 'm5.large',
  productDescription: 'Linux/UNIX',
  timesSec: Float64Array.from(times),
  usdPerHour: Float64Array.from(prices),
});

describe('hourlyReplay', () => {
  it('weights each price by the seconds it was in effect and loops the history', () => {
    // 0.03 for 30 min, then 0.05 for 90 min: a 2-hour history.
    const out = hourlyReplay(series([1000, 1000 + 1800, 1000 + 7200], [0.03, 0.05, 0.04]), 5 * 3600);
    expect(out[0]).toBeCloseTo(0.04, 12); // half 0.03, half 0.05
    expect(out[1]).toBeCloseTo(0.05, 12);
    expect(out[2]).toBeCloseTo(0.04, 12); // the loop starts again
    expect(out[3]).toBeCloseTo(0.05, 12);
  });
});

const DATA = '../shared/data/spot/aws_describe-spot-price-history_m5.large_us-east-1_2021-02.json';
describe.skipIf(!existsSync(DATA))(`replaying the real m5.large history in ${DATA} (skipped: ../shared/data absent)`, () => {
  const scenario = (extra: string) => `schemaVersion: 1
name: replay
horizon: 2d
pools:
  api:
    instance: m5.large
    count: 10
    purchase: {spotShare: 1}
    spot: {interruptionsPerMonth: 0${extra}}
`;

  it('bills spot hours at the replayed prices instead of the catalog average', async () => {
    const resolved = await resolveText(scenario(`, priceHistory: {file: ${process.cwd()}/${DATA}}`));
    const pool = resolved.spec.pools[0]!;
    if (pool.kind !== 'cloud') throw new Error('cloud pool expected');
    const prices = pool.spot.usdPerHourByHour!;
    expect(prices.length).toBe(48);
    expect(Math.min(...prices)).toBeGreaterThan(0.01);
    expect(Math.max(...prices)).toBeLessThan(0.096);
    const replayed = await runText(scenario(`, priceHistory: {file: ${process.cwd()}/${DATA}}`));
    const expected = prices.reduce((a, p) => a + p * 10, 0);
    expect(replayed.cost.byPurchase.spot).toBeCloseTo(expected, 9);
    const average = await runText(scenario(''));
    expect(average.cost.byPurchase.spot).toBeCloseTo(10 * 48 * pool.instance.spotUsdPerHour!, 9);
  });

  it('reports an unknown zone with the zones it has', async () => {
    await expect(resolveText(scenario(`, priceHistory: {file: ${process.cwd()}/${DATA}, availabilityZone: mars-1a}`))).rejects.toThrow(/no m5.large history in zone mars-1a \(got zones us-east-1/);
  });
});
