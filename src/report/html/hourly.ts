/**
 * Hourly series as chart points: the time axis (days past three days, else hours, counted from
 * t = 0) and the points themselves, thinned for long horizons so a year of hourly data stays a
 * light SVG (a chart 900 px wide cannot show more than ~1,500 points anyway).
 */
import type { ChartAxis } from '../svg/line-chart.js';

/** More points than this are averaged (or sampled) down. */
const MAX_POINTS = 1500;

export interface TimeAxis {
  readonly axis: ChartAxis;
  /** Hours per x unit (24 when the axis is in days). */
  readonly hoursPerUnit: number;
}

export function timeAxis(horizonHours: number): TimeAxis {
  const days = horizonHours >= 72;
  return {
    axis: { label: days ? 'time since start (days)' : 'time since start (hours)', format: (v) => String(Number(v.toFixed(2))), includeZero: true },
    hoursPerUnit: days ? 24 : 1,
  };
}

/**
 * `mean`: value i is the mean over hour [i, i + 1), drawn at its middle; long series become
 * bucket means. `instant`: value i holds at hour i exactly (a running total); long series are
 * sampled, always keeping the last point.
 */
export function hourlyPoints(values: readonly number[], t: TimeAxis, mode: 'mean' | 'instant' = 'mean'): { x: number[]; y: number[] } {
  const n = values.length;
  const k = Math.max(1, Math.ceil(n / MAX_POINTS));
  const x: number[] = [];
  const y: number[] = [];
  if (mode === 'instant') {
    for (let i = 0; i < n; i += k) {
      x.push(i / t.hoursPerUnit);
      y.push(values[i]!);
    }
    if ((n - 1) % k !== 0 && n > 0) {
      x.push((n - 1) / t.hoursPerUnit);
      y.push(values[n - 1]!);
    }
    return { x, y };
  }
  for (let from = 0; from < n; from += k) {
    const to = Math.min(n, from + k);
    let sum = 0;
    let m = 0;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      if (Number.isFinite(v)) {
        sum += v;
        m++;
      }
    }
    x.push((from + to) / 2 / t.hoursPerUnit);
    y.push(m > 0 ? sum / m : NaN);
  }
  return { x, y };
}
