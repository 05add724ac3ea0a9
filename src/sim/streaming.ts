/**
 * A stream on its pool (models.md §6.1, PRODUCT.md §4): ingest at `in` MB/s, brokers/processors
 * that together handle `capacity` MB/s of ingest (each instance's throughput divided by the
 * replication factor, since every byte is written RF times), and the backlog recurrence
 * backlog(t+dt) = max(0, backlog + (in − capacity)·dt), lag = backlog / capacity.
 *
 * Stored bytes are what arrived within the retention window, times RF, billed as disk
 * (GB-months); replicas in other zones are billed as cross-AZ traffic (self-managed Kafka pays
 * for it; MSK's inter-broker replication would not).
 */
import { CROSS_AZ_USD_PER_GB_EACH_WAY, EBS_GP3_USD_PER_GB_MONTH } from '../model/billing/index.js';
import { LatencyHistogram } from '../model/histogram.js';
import { CompensatedSum } from '../model/money.js';
import { HOURS_PER_MONTH, SECONDS_PER_HOUR } from '../model/time.js';
import type { Capacity } from './capacity.js';
import type { KernelGrid } from './inference.js';
import type { Scaler } from './scaler.js';
import type { HourlySeries } from './series.js';
import type { StreamingSpec } from './spec.js';

export interface StreamingResult {
  readonly ingestedMB: number;
  readonly processedMB: number;
  readonly backlogAtEndMB: number;
  /** Time-weighted quantiles of consumer lag. */
  readonly lagSeconds: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number };
  /** Share of time with lag within the SLO; NaN without one. */
  readonly sloAttainment: number;
  readonly storageUsd: number;
  readonly storedGBPeak: number;
  readonly crossAzUsd: number;
  readonly egressGBByMonth: Float64Array;
  /** Instance-hours the ingest needs at 100% utilization. */
  readonly neededInstanceHours: number;
}

const MB_PER_GB = 1000;

export function simulateStreaming(
  spec: StreamingSpec,
  capacity: Capacity,
  scaler: Scaler,
  load: Float64Array,
  grid: KernelGrid,
  series: HourlySeries | undefined,
): StreamingResult {
  const { steps, stepSeconds } = grid;
  const perInstance = spec.throughputPerInstanceMBps / spec.replication;
  // Lag can grow to many times the horizon when capacity never catches up.
  const lagHistogram = new LatencyHistogram({ minSeconds: 1e-3, maxSeconds: Math.max(grid.horizonSeconds * 1000, 3600), binsPerDecade: 120 });
  const period = scaler.periodSeconds;
  const subSteps = Math.max(1, Math.ceil(stepSeconds / period - 1e-9));
  const h = stepSeconds / subSteps;
  const ingested = new CompensatedSum();
  const processed = new CompensatedSum();
  const storageGBSeconds = new CompensatedSum();
  const lagTime = new CompensatedSum();
  let withinSeconds = 0;
  let maxLag = 0;
  let backlog = 0;
  let nextDecision = 0;
  // Bytes inside the retention window: a running window sum over the step grid.
  const retentionSteps = Math.round(spec.retentionSeconds / stepSeconds);
  let windowMB = 0;
  let storedPeakGB = 0;
  const months = Math.max(1, Math.ceil(grid.horizonSeconds / (HOURS_PER_MONTH * SECONDS_PER_HOUR) - 1e-9));
  const egressByMonth = new Float64Array(months);

  capacity.start(scaler.initialSize(load[0] ?? 0, perInstance));
  for (let i = 0; i < steps; i++) {
    const inflow = load[i]!;
    let stepLag = 0;
    let stepUtil = 0;
    for (let s = 0; s < subSteps; s++) {
      const now = i * stepSeconds + s * h;
      let cap = capacity.readyTotal * perInstance;
      if (now >= nextDecision) {
        const needed = scaler.targetLagSeconds === undefined || !(perInstance > 0) ? NaN : Math.ceil((inflow + backlog / scaler.targetLagSeconds) / perInstance - 1e-9);
        capacity.reconcile(
          now,
          scaler.decide({
            now,
            current: capacity.current,
            ready: capacity.readyTotal,
            booting: capacity.bootingTotal,
            utilization: backlog > 0 ? 1 : cap > 0 ? Math.min(1, inflow / cap) : inflow > 0 ? 1 : 0,
            load: inflow,
            backlog,
            neededAtTarget: needed,
          }),
        );
        nextDecision += period;
        cap = capacity.readyTotal * perInstance;
      }
      const before = backlog;
      backlog = Math.max(0, before + (inflow - cap) * h);
      processed.add(inflow * h + before - backlog);
      const lag = backlog > 0 ? (cap > 0 ? backlog / cap : grid.horizonSeconds) : 0;
      if (lag > maxLag) maxLag = lag;
      if (lag > 0) lagHistogram.addPoint(lag, h);
      else lagHistogram.addPoint(0, h);
      lagTime.add(lag * h);
      if (spec.maxLagSeconds !== undefined && lag <= spec.maxLagSeconds) withinSeconds += h;
      stepLag += lag;
      stepUtil += backlog > 0 ? 1 : cap > 0 ? Math.min(1, inflow / cap) : 0;
      capacity.advance(now, h);
    }
    ingested.add(inflow * stepSeconds);
    windowMB += inflow * stepSeconds;
    if (retentionSteps > 0 && i >= retentionSteps) windowMB -= load[i - retentionSteps]! * stepSeconds;
    const storedGB = retentionSteps > 0 ? (Math.max(0, windowMB) * spec.replication) / MB_PER_GB : 0;
    if (storedGB > storedPeakGB) storedPeakGB = storedGB;
    storageGBSeconds.add(storedGB * stepSeconds);
    if (spec.egressShare > 0) {
      const month = Math.min(months - 1, Math.floor((i * stepSeconds) / (HOURS_PER_MONTH * SECONDS_PER_HOUR)));
      egressByMonth[month]! += (inflow * stepSeconds * spec.egressShare) / MB_PER_GB;
    }
    if (series) {
      const t = i * stepSeconds;
      series.mean('load', t, stepSeconds, inflow);
      series.mean('capacity', t, stepSeconds, capacity.readyTotal * perInstance);
      series.mean('instancesOnDemand', t, stepSeconds, capacity.ready[0]!);
      series.mean('instancesSpot', t, stepSeconds, capacity.ready[1]!);
      series.mean('utilization', t, stepSeconds, stepUtil / subSteps);
      series.mean('lagSeconds', t, stepSeconds, stepLag / subSteps);
    }
  }

  const storageUsd = (storageGBSeconds.value / (HOURS_PER_MONTH * SECONDS_PER_HOUR)) * EBS_GP3_USD_PER_GB_MONTH;
  const replicatedGB = (ingested.value * (spec.replication - 1)) / MB_PER_GB;
  return {
    ingestedMB: ingested.value,
    processedMB: processed.value,
    backlogAtEndMB: backlog,
    lagSeconds: {
      p50: lagHistogram.quantileSeconds(0.5),
      p99: lagHistogram.quantileSeconds(0.99),
      max: maxLag,
      mean: lagTime.value / grid.horizonSeconds,
    },
    sloAttainment: spec.maxLagSeconds === undefined ? NaN : withinSeconds / grid.horizonSeconds,
    storageUsd,
    storedGBPeak: storedPeakGB,
    crossAzUsd: replicatedGB * 2 * CROSS_AZ_USD_PER_GB_EACH_WAY,
    egressGBByMonth: egressByMonth,
    neededInstanceHours: perInstance > 0 ? ingested.value / perInstance / 3600 : 0,
  };
}
