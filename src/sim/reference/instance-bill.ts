/**
 * The reference's bill: every instance's run, launch to end, billed second by second into the
 * hour it ran in, with the billing rule's correction for the run as a whole (minimum charge,
 * round-up, AWS's free spot hour when the provider interrupts) added to the hour it ended in,
 * then each hour settled through the same HourlyBiller the engine uses (commitments, spot
 * price per hour). Unlike the engine, which keeps counts and launch cohorts, every instance's
 * own run length is known here, so the correction is exact per instance.
 *
 * Instances running at t = 0 started before the horizon: their runs have no known length and
 * get no correction (as in the engine). Runs still going at the horizon are not ended by it.
 */
import { emptyHourCost, HourlyBiller, runEndAdjustmentSeconds } from '../../model/billing/index.js';
import { CompensatedSum } from '../../model/money.js';
import { SECONDS_PER_HOUR } from '../../model/time.js';
import type { CloudPoolSpec } from '../spec.js';

export const ON_DEMAND = 0;
export const SPOT = 1;

/** Parallel arrays describing `count` instance runs. */
export interface InstanceRuns {
  readonly count: number;
  readonly option: Uint8Array;
  readonly launchedAtSeconds: Float64Array;
  /** Infinity while running. */
  readonly endedAtSeconds: Float64Array;
  /** 1 for instances already running at t = 0. */
  readonly preexisting: Uint8Array;
  /** 1 when the provider ended the run (spot interruption). */
  readonly endedByProvider: Uint8Array;
}

export interface ReferenceBill {
  readonly onDemandUsd: number;
  readonly spotUsd: number;
  readonly committedUsedUsd: number;
  readonly committedUnusedUsd: number;
  readonly totalUsd: number;
  readonly onDemandInstanceHours: number;
  readonly spotInstanceHours: number;
}

export function billInstanceRuns(pool: CloudPoolSpec, runs: InstanceRuns, horizonSeconds: number): ReferenceBill {
  const hours = Math.max(1, Math.ceil(horizonSeconds / SECONDS_PER_HOUR - 1e-9));
  const seconds = [new Float64Array(hours), new Float64Array(hours)];
  for (let i = 0; i < runs.count; i++) {
    const option = runs.option[i]!;
    const perHour = seconds[option]!;
    const from = Math.max(0, runs.launchedAtSeconds[i]!);
    const ended = runs.endedAtSeconds[i]!;
    const to = Math.min(horizonSeconds, ended);
    for (let t = from; t < to; ) {
      const h = Math.floor(t / SECONDS_PER_HOUR);
      const until = Math.min(to, (h + 1) * SECONDS_PER_HOUR);
      perHour[Math.min(h, hours - 1)]! += until - t;
      t = until;
    }
    if (ended < horizonSeconds && runs.preexisting[i] === 0) {
      const byProvider = runs.endedByProvider[i] === 1;
      const adjust = runEndAdjustmentSeconds(pool.billing, ended - runs.launchedAtSeconds[i]!, byProvider ? 'provider-interruption' : 'customer', option === SPOT);
      perHour[Math.min(Math.floor(ended / SECONDS_PER_HOUR), hours - 1)]! += adjust;
    }
  }

  const biller = new HourlyBiller(
    [{ instanceType: pool.instance.label, family: pool.instance.family, region: pool.instance.region, onDemandUsdPerHour: pool.instance.onDemandUsdPerHour }],
    pool.commitments,
  );
  const hour = emptyHourCost();
  const replay = pool.spot.usdPerHourByHour;
  const spotPrice = pool.instance.spotUsdPerHour ?? 0;
  const sums = { od: new CompensatedSum(), spot: new CompensatedSum(), used: new CompensatedSum(), unused: new CompensatedSum(), odSeconds: new CompensatedSum(), spotSeconds: new CompensatedSum() };
  for (let h = 0; h < hours; h++) {
    const fraction = Math.min(1, (horizonSeconds - h * SECONDS_PER_HOUR) / SECONDS_PER_HOUR);
    biller.addOnDemand(0, seconds[ON_DEMAND]![h]!);
    biller.addSpot(0, seconds[SPOT]![h]!, replay && h < replay.length ? replay[h]! : spotPrice);
    biller.settleHour(hour, fraction);
    sums.od.add(hour.onDemandUsd);
    sums.spot.add(hour.spotUsd);
    sums.used.add(hour.committedUsedUsd);
    sums.unused.add(hour.committedUnusedUsd);
    sums.odSeconds.add(seconds[ON_DEMAND]![h]!);
    sums.spotSeconds.add(seconds[SPOT]![h]!);
  }
  const total = new CompensatedSum();
  total.add(sums.od.value);
  total.add(sums.spot.value);
  total.add(sums.used.value);
  total.add(sums.unused.value);
  return {
    onDemandUsd: sums.od.value,
    spotUsd: sums.spot.value,
    committedUsedUsd: sums.used.value,
    committedUnusedUsd: sums.unused.value,
    totalUsd: total.value,
    onDemandInstanceHours: sums.odSeconds.value / SECONDS_PER_HOUR,
    spotInstanceHours: sums.spotSeconds.value / SECONDS_PER_HOUR,
  };
}
