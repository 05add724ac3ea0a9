import { describe, expect, it } from 'vitest';
import { roundCents } from '../../src/model/money.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../src/model/time.js';
import { featureStoreEconomics, onlineReadsUsd, onlineStorageUsd, pipelineStreams } from '../../src/sim/feature-store.js';
import type { FeatureSpec } from '../../src/sim/spec.js';

const MONTH_SECONDS = 730 * SECONDS_PER_HOUR;

function features(reuse: boolean): FeatureSpec {
  return {
    reuse,
    pipelines: [
      { name: 'customer-360', workVcpuHours: 120, refreshSeconds: SECONDS_PER_DAY, pool: 'spark', consumers: ['recs-api', 'churn', 'fraud'], onlineStore: { sizeGB: 50, readsPerSecond: 2000 } },
      { name: 'item-embeddings', workVcpuHours: 40, refreshSeconds: 6 * SECONDS_PER_HOUR, pool: 'spark', consumers: ['recs-api', 'search'], onlineStore: undefined },
    ],
  };
}

describe('feature store economics (models.md §7)', () => {
  it('2,000 eventually consistent reads/s for 730 h cost $328.50 on DynamoDB on-demand', () => {
    expect(roundCents(onlineReadsUsd(2000, MONTH_SECONDS))).toBe(328.5);
    expect(onlineReadsUsd(2000, MONTH_SECONDS)).toBeCloseTo(328.5, 9);
    // 50 GB for a 730 h month at $0.25/GB-month.
    expect(onlineStorageUsd(50, MONTH_SECONDS)).toBeCloseTo(12.5, 12);
  });

  it('one refresh stream per pipeline: copies = 1 with reuse, one per consumer without', () => {
    const shared = pipelineStreams(features(true));
    expect(shared.map((s) => s.copies)).toEqual([1, 1]);
    const own = pipelineStreams(features(false));
    expect(own.map((s) => s.copies)).toEqual([3, 2]);
    expect(own[1]).toMatchObject({
      name: 'item-embeddings',
      source: 'pipeline',
      schedule: { kind: 'every', everySeconds: 6 * SECONDS_PER_HOUR, offsetSeconds: 0 },
      workVcpuHours: 40,
      deadlineSeconds: 6 * SECONDS_PER_HOUR,
    });
  });

  it('with reuse: the saving is the hand-computed difference between the two worlds', () => {
    const compute = new Map([
      ['customer-360', 100],
      ['item-embeddings', 30],
    ]);
    const r = featureStoreEconomics(features(true), compute, MONTH_SECONDS);
    // Store with reuse: reads 328.50 + one copy 12.50; without: reads + three copies (37.50).
    expect(r.storeCostUsd).toBeCloseTo(341, 9);
    expect(r.counterfactualStoreCostUsd).toBeCloseTo(366, 9);
    expect(r.computeCostUsd).toBeCloseTo(130, 12);
    expect(r.counterfactualComputeCostUsd).toBeCloseTo(100 * 3 + 30 * 2, 12);
    // (360 + 366) − (130 + 341) = 255.
    expect(r.reuseSavingsUsd).toBeCloseTo(255, 9);
    expect(r.perPipeline).toEqual([
      { name: 'customer-360', computeCostUsd: 100, storeCostUsd: expect.closeTo(341, 9) as number },
      { name: 'item-embeddings', computeCostUsd: 30, storeCostUsd: 0 },
    ]);
  });

  it('without reuse: the same saving, seen from the other world', () => {
    const compute = new Map([
      ['customer-360', 300],
      ['item-embeddings', 60],
    ]);
    const r = featureStoreEconomics(features(false), compute, MONTH_SECONDS);
    expect(r.storeCostUsd).toBeCloseTo(366, 9);
    expect(r.counterfactualStoreCostUsd).toBeCloseTo(341, 9);
    expect(r.counterfactualComputeCostUsd).toBeCloseTo(130, 12);
    expect(r.reuseSavingsUsd).toBeCloseTo(255, 9);
  });

  it('a missing compute entry counts as 0 and one consumer saves nothing', () => {
    const single: FeatureSpec = {
      reuse: true,
      pipelines: [{ name: 'p', workVcpuHours: 1, refreshSeconds: 3600, pool: 'spark', consumers: ['only'], onlineStore: { sizeGB: 10, readsPerSecond: 5 } }],
    };
    const r = featureStoreEconomics(single, new Map(), MONTH_SECONDS);
    expect(r.computeCostUsd).toBe(0);
    expect(r.reuseSavingsUsd).toBeCloseTo(0, 12);
  });
});
