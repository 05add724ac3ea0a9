/**
 * Per-hour time series for charts and `--series hourly`: each channel is a time-weighted mean
 * over the hour (or a sum, for counts), filled by the kernels as they step, without allocating.
 */
import { SECONDS_PER_HOUR } from '../model/time.js';

export const SERIES_CHANNELS = [
  /** Offered load, in the workload's unit per second. */
  'load',
  /** Ready capacity in the same unit (e.g. req/s at 100% utilization). */
  'capacity',
  'instancesOnDemand',
  'instancesSpot',
  'utilization',
  /** Mean response time of requests served in the hour (inference), seconds. */
  'latencyMeanSeconds',
  /** Mean consumer lag (streaming), seconds. */
  'lagSeconds',
  /** Requests dropped in the hour (a count, not a mean). */
  'dropped',
  /** Jobs running (batch), mean over the hour. */
  'jobsRunning',
] as const;

export type SeriesChannel = (typeof SERIES_CHANNELS)[number];

export class HourlySeries {
  readonly hours: number;
  private readonly data: Record<SeriesChannel, Float64Array>;
  private readonly weight: Record<SeriesChannel, Float64Array>;

  constructor(horizonSeconds: number) {
    this.hours = Math.ceil(horizonSeconds / SECONDS_PER_HOUR - 1e-9);
    this.data = Object.fromEntries(SERIES_CHANNELS.map((c) => [c, new Float64Array(this.hours)])) as Record<SeriesChannel, Float64Array>;
    this.weight = Object.fromEntries(SERIES_CHANNELS.map((c) => [c, new Float64Array(this.hours)])) as Record<SeriesChannel, Float64Array>;
  }

  /** Adds `value` observed for `seconds` starting at `now` to a time-weighted channel. */
  mean(channel: SeriesChannel, now: number, seconds: number, value: number): void {
    const h = Math.min(this.hours - 1, Math.floor(now / SECONDS_PER_HOUR));
    this.data[channel][h]! += value * seconds;
    this.weight[channel][h]! += seconds;
  }

  /** Adds `value` with an explicit weight (e.g. latency weighted by requests). */
  weighted(channel: SeriesChannel, now: number, weight: number, value: number): void {
    const h = Math.min(this.hours - 1, Math.floor(now / SECONDS_PER_HOUR));
    this.data[channel][h]! += value * weight;
    this.weight[channel][h]! += weight;
  }

  /** Adds to a counting channel. */
  count(channel: SeriesChannel, now: number, amount: number): void {
    const h = Math.min(this.hours - 1, Math.floor(now / SECONDS_PER_HOUR));
    this.data[channel][h]! += amount;
    this.weight[channel][h] = 1;
  }

  /** The channel's hourly values; hours with no observation are NaN. */
  values(channel: SeriesChannel): Float64Array {
    const out = new Float64Array(this.hours);
    const d = this.data[channel];
    const w = this.weight[channel];
    for (let h = 0; h < this.hours; h++) out[h] = w[h]! > 0 ? (channel === 'dropped' ? d[h]! : d[h]! / w[h]!) : NaN;
    return out;
  }

  has(channel: SeriesChannel): boolean {
    return this.weight[channel].some((w) => w > 0);
  }
}
