/**
 * Predictive scaling (models.md §2.1), approximated by a seasonal-naive forecast: the load
 * expected in a future hour is the mean of the load observed in the same hour of each past
 * period (day or week) within the history window. AWS's model is an unpublished ML forecast;
 * this keeps its observable rules:
 * - it needs `minHistorySeconds` (24 h) of observations and looks back `historySeconds` (14 d);
 * - every `refreshIntervalSeconds` (6 h) it forecasts the next `forecastHorizonSeconds` (48 h)
 *   in `bucketSeconds` (1 h) buckets, from data complete at refresh time;
 * - capacity for a bucket is requested `leadSeconds` early, lead = max(scheduling buffer,
 *   bootTime), so new instances serve when the bucket starts;
 * - it only scales out: combine with a dynamic policy as max(predictive, dynamic);
 * - `maxCapacityBreachBehavior: 'increase'` lets a forecast above max raise the effective max
 *   to forecast × (1 + buffer%) (forecast 50, max 40, buffer 10 → 55).
 */
export interface PredictiveScalingConfig {
  /** Load one instance carries at the target utilization (e.g. req/s per instance). */
  readonly loadPerInstanceAtTarget: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Seasonality; 86,400 (daily, default) or 604,800 (weekly). */
  readonly periodSeconds?: number;
  /** Default 14 days. */
  readonly historySeconds?: number;
  /** Default 24 h. */
  readonly minHistorySeconds?: number;
  /** Forecast resolution; default 3600 s. */
  readonly bucketSeconds?: number;
  /** Default 48 h. */
  readonly forecastHorizonSeconds?: number;
  /** Default 6 h. */
  readonly refreshIntervalSeconds?: number;
  /** AWS SchedulingBufferTime; default 300 s. */
  readonly schedulingBufferSeconds?: number;
  /** Launch-to-serving delay; the lead is at least this. Default 0. */
  readonly bootTimeSeconds?: number;
  /** 'forecastOnly' computes forecasts but never scales (AWS's default mode). Default 'forecastAndScale'. */
  readonly mode?: 'forecastAndScale' | 'forecastOnly';
  readonly maxCapacityBreachBehavior?: 'honor' | 'increase';
  readonly maxCapacityBufferPercent?: number;
}

export const PREDICTIVE_SCALING_DEFAULTS = {
  periodSeconds: 86_400,
  historySeconds: 14 * 86_400,
  minHistorySeconds: 86_400,
  bucketSeconds: 3_600,
  forecastHorizonSeconds: 48 * 3_600,
  refreshIntervalSeconds: 6 * 3_600,
  schedulingBufferSeconds: 300,
  bootTimeSeconds: 0,
  mode: 'forecastAndScale',
  maxCapacityBreachBehavior: 'honor',
  maxCapacityBufferPercent: 0,
} as const;

export class PredictiveScaling {
  readonly config: Required<PredictiveScalingConfig>;
  readonly leadSeconds: number;
  /** Effective max from the last `capacityAt` call (max, or raised by 'increase'). */
  effectiveMaxCapacity: number;

  private readonly historyBuckets: number;
  private readonly bucketsPerPeriod: number;
  private readonly loadSum: Float64Array;
  private readonly sampleCount: Float64Array;
  /** Which absolute bucket each history slot holds; −1 = empty. */
  private readonly slotBucket: Float64Array;
  private readonly forecast: Float64Array;
  private forecastStartBucket = NaN;
  private firstObservationSeconds = NaN;
  private nextRefreshSeconds = -Infinity;

  constructor(config: PredictiveScalingConfig) {
    const c = { ...PREDICTIVE_SCALING_DEFAULTS, ...config } as Required<PredictiveScalingConfig>;
    if (!(c.loadPerInstanceAtTarget > 0)) throw new RangeError(`loadPerInstanceAtTarget must be > 0, got ${c.loadPerInstanceAtTarget}`);
    if (c.periodSeconds % c.bucketSeconds !== 0) throw new RangeError('periodSeconds must be a whole number of buckets');
    this.config = c;
    this.leadSeconds = Math.max(c.schedulingBufferSeconds, c.bootTimeSeconds);
    this.historyBuckets = Math.ceil(c.historySeconds / c.bucketSeconds);
    this.bucketsPerPeriod = c.periodSeconds / c.bucketSeconds;
    this.loadSum = new Float64Array(this.historyBuckets);
    this.sampleCount = new Float64Array(this.historyBuckets);
    this.slotBucket = new Float64Array(this.historyBuckets).fill(-1);
    this.forecast = new Float64Array(Math.ceil(c.forecastHorizonSeconds / c.bucketSeconds));
    this.effectiveMaxCapacity = c.maxCapacity;
  }

  /** Records the load metric at `nowSeconds` (call once per engine step, equal steps). */
  observe(nowSeconds: number, load: number): void {
    if (Number.isNaN(this.firstObservationSeconds)) this.firstObservationSeconds = nowSeconds;
    const bucket = Math.floor(nowSeconds / this.config.bucketSeconds);
    const slot = bucket % this.historyBuckets;
    if (this.slotBucket[slot] !== bucket) {
      this.slotBucket[slot] = bucket;
      this.loadSum[slot] = 0;
      this.sampleCount[slot] = 0;
    }
    this.loadSum[slot]! += load;
    this.sampleCount[slot]! += 1;
  }

  /** Forecast load for the bucket containing `tSeconds`, NaN when there is none. */
  forecastLoadAt(tSeconds: number): number {
    const i = Math.floor(tSeconds / this.config.bucketSeconds) - this.forecastStartBucket;
    return i >= 0 && i < this.forecast.length ? this.forecast[i]! : NaN;
  }

  /**
   * Predictive capacity at `nowSeconds`: the capacity for the bucket that starts within the
   * lead, clamped to [min, effective max]; 0 when there is no forecast yet or in forecastOnly
   * mode. Refreshes the forecast when due.
   */
  capacityAt(nowSeconds: number): number {
    const c = this.config;
    if (nowSeconds >= this.nextRefreshSeconds) this.refresh(nowSeconds);
    this.effectiveMaxCapacity = c.maxCapacity;
    const load = this.forecastLoadAt(nowSeconds + this.leadSeconds);
    if (Number.isNaN(load) || c.mode === 'forecastOnly') return 0;
    const capacity = Math.ceil(load / c.loadPerInstanceAtTarget - 1e-9);
    if (capacity > c.maxCapacity && c.maxCapacityBreachBehavior === 'increase') {
      this.effectiveMaxCapacity = Math.max(c.maxCapacity, Math.floor(capacity * (1 + c.maxCapacityBufferPercent / 100) + 1e-9));
    }
    return Math.min(this.effectiveMaxCapacity, Math.max(c.minCapacity, capacity));
  }

  private refresh(nowSeconds: number): void {
    const c = this.config;
    this.nextRefreshSeconds = (Math.floor(nowSeconds / c.refreshIntervalSeconds) + 1) * c.refreshIntervalSeconds;
    if (Number.isNaN(this.firstObservationSeconds) || nowSeconds - this.firstObservationSeconds < c.minHistorySeconds) {
      this.forecastStartBucket = NaN;
      return;
    }
    const currentBucket = Math.floor(nowSeconds / c.bucketSeconds);
    this.forecastStartBucket = currentBucket;
    for (let i = 0; i < this.forecast.length; i++) {
      const target = currentBucket + i;
      let sum = 0;
      let periods = 0;
      // Same bucket k periods back, only buckets complete before now and inside the history.
      for (let past = target - this.bucketsPerPeriod; past > currentBucket - 1 - this.historyBuckets; past -= this.bucketsPerPeriod) {
        if (past < 0) break;
        if (past >= currentBucket) continue;
        const slot = past % this.historyBuckets;
        if (this.slotBucket[slot] !== past || this.sampleCount[slot]! === 0) continue;
        sum += this.loadSum[slot]! / this.sampleCount[slot]!;
        periods++;
      }
      this.forecast[i] = periods > 0 ? sum / periods : NaN;
    }
  }
}

/** Predictive scaling only adds capacity: effective desired = max(predictive, dynamic). */
export function combinePredictive(predictiveCapacity: number, dynamicCapacity: number): number {
  return predictiveCapacity > dynamicCapacity ? predictiveCapacity : dynamicCapacity;
}
