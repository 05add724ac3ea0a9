import { describe, expect, it } from 'vitest';
import {
  AWS_PER_HOUR,
  AWS_PER_SECOND,
  AZURE_PER_SECOND,
  BILLING_RULES,
  GCP_PER_SECOND,
  billedSecondsForRun,
  minimumChargeTopUpUsd,
  runEndAdjustmentSeconds,
} from '../../../src/model/billing/index.js';

describe('per-launch granularity and minimum', () => {
  it('AWS Linux: per second with a 60 s minimum per launch', () => {
    expect(billedSecondsForRun(AWS_PER_SECOND, 20)).toBe(60);
    expect(billedSecondsForRun(AWS_PER_SECOND, 60)).toBe(60);
    expect(billedSecondsForRun(AWS_PER_SECOND, 61.5)).toBe(61.5);
    expect(billedSecondsForRun(AWS_PER_SECOND, 0)).toBe(0);
  });

  it('the 60 s minimum in dollars: a 20 s m5.large run costs one minute', () => {
    // 20 s already billed as it ran; the top-up is 40 s × $0.096/h = $0.0010666…
    expect(runEndAdjustmentSeconds(AWS_PER_SECOND, 20)).toBe(40);
    expect(minimumChargeTopUpUsd(AWS_PER_SECOND, 20, 0.096)).toBeCloseTo((40 / 3600) * 0.096, 15);
    expect(minimumChargeTopUpUsd(AWS_PER_SECOND, 20, 0.096) + (20 / 3600) * 0.096).toBeCloseTo(0.096 / 60, 15);
    expect(minimumChargeTopUpUsd(AWS_PER_SECOND, 75, 0.096)).toBe(0);
  });

  it('each launch pays its own minimum: 100 launches of 10 s bill 100 minutes', () => {
    let billed = 0;
    for (let i = 0; i < 100; i++) billed += billedSecondsForRun(AWS_PER_SECOND, 10);
    expect(billed).toBe(6000);
  });

  it('GCP: per second with a 1 min minimum; Azure: per second, no minimum', () => {
    expect(BILLING_RULES.gcp).toBe(GCP_PER_SECOND);
    expect(billedSecondsForRun(GCP_PER_SECOND, 30)).toBe(60);
    expect(billedSecondsForRun(GCP_PER_SECOND, 90)).toBe(90);
    expect(BILLING_RULES.azure).toBe(AZURE_PER_SECOND);
    expect(billedSecondsForRun(AZURE_PER_SECOND, 30)).toBe(30);
  });

  it('hourly images bill every started hour in full', () => {
    expect(billedSecondsForRun(AWS_PER_HOUR, 1)).toBe(3600);
    expect(billedSecondsForRun(AWS_PER_HOUR, 3601)).toBe(7200);
    expect(runEndAdjustmentSeconds(AWS_PER_HOUR, 5400)).toBe(1800);
  });
});

describe('AWS spot interrupted by AWS', () => {
  it('is free within the first hour, even under the minimum', () => {
    expect(billedSecondsForRun(AWS_PER_SECOND, 30, 'provider-interruption', true)).toBe(0);
    expect(billedSecondsForRun(AWS_PER_SECOND, 3599, 'provider-interruption', true)).toBe(0);
    expect(runEndAdjustmentSeconds(AWS_PER_SECOND, 3599, 'provider-interruption', true)).toBe(-3599);
  });

  it('after the first hour pays the seconds used (per-second images)', () => {
    expect(billedSecondsForRun(AWS_PER_SECOND, 3600, 'provider-interruption', true)).toBe(3600);
    expect(billedSecondsForRun(AWS_PER_SECOND, 5000, 'provider-interruption', true)).toBe(5000);
  });

  it('hourly images: full hours used; the interrupted partial hour is free', () => {
    expect(billedSecondsForRun(AWS_PER_HOUR, 5400, 'provider-interruption', true)).toBe(3600);
  });

  it('a spot run the customer ends is billed normally, and on-demand runs never get the free hour', () => {
    expect(billedSecondsForRun(AWS_PER_SECOND, 1200, 'customer', true)).toBe(1200);
    expect(billedSecondsForRun(AWS_PER_SECOND, 30, 'customer', true)).toBe(60);
    expect(billedSecondsForRun(AWS_PER_SECOND, 1200, 'provider-interruption', false)).toBe(1200);
  });

  it('GCP has no free first hour', () => {
    expect(billedSecondsForRun(GCP_PER_SECOND, 1200, 'provider-interruption', true)).toBe(1200);
  });
});
