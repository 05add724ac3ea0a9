/**
 * The cost/metric Pareto frontier as a terminal chart (asciichart): for each cost on the x axis,
 * the best metric any simulated configuration reached at that cost or less, a step curve, with
 * the SLO target as a dashed line. A line chart of "best you can buy for this much" reads more
 * plainly than a scatter, and the table beside it lists the points themselves.
 */
import { plot, type PlotConfig } from 'asciichart';
import type { ConfigView } from './plan-report.js';

export interface FrontierChartOptions {
  readonly width: number;
  readonly height: number;
  /** The SLO's target in the metric's own unit (seconds, or a share). */
  readonly target: number;
  readonly lowerIsBetter: boolean;
  readonly format: (metric: number) => string;
  readonly money: (usd: number) => string;
}

type Symbols = NonNullable<PlotConfig['symbols']>;
const DASHED: Symbols = ['┼', '┤', '╶', '╴', '┄', '└', '┌', '┐', '┘', '┆'];
/** Misses far above the target would flatten the rest of the curve. */
const CLIP_FACTOR = 3;

/** Empty when there are fewer than two points to draw. */
export function frontierChart(points: readonly ConfigView[], o: FrontierChartOptions): string {
  const usable = points.filter((p) => Number.isFinite(p.metric) && Number.isFinite(p.costUsd));
  if (usable.length < 2) return '';
  const lo = usable[0]!.costUsd;
  const hi = usable[usable.length - 1]!.costUsd;
  if (!(hi > lo)) return '';
  const clip = o.lowerIsBetter ? Math.max(o.target * CLIP_FACTOR, Math.min(...usable.map((p) => p.metric))) : Infinity;
  const curve: number[] = [];
  let clipped = false;
  for (let i = 0; i < o.width; i++) {
    const x = lo + ((hi - lo) * i) / (o.width - 1);
    // The frontier improves with cost, so the last point at or below x is the best there.
    let y = usable[0]!.metric;
    for (const p of usable) if (p.costUsd <= x + 1e-9) y = p.metric;
    if (y > clip) {
      y = clip;
      clipped = true;
    }
    curve.push(y);
  }
  const target = new Array<number>(o.width).fill(o.target);
  const all = [...curve, o.target];
  const min = Math.min(...all);
  let max = Math.max(...all);
  if (!(max > min)) max = min + 1;
  const cfg = { height: o.height, min, max, format: (v: number) => o.format(v).padStart(9) };
  const main = plot(curve, cfg).split('\n');
  const dashed = plot(target, { ...cfg, symbols: DASHED }).split('\n');
  const merged = main.map((row, r) => {
    const axis = Math.max(row.indexOf('┤'), row.indexOf('┼'));
    const other = dashed[r] ?? '';
    return [...row].map((ch, i) => (i > axis && ch === ' ' && other[i] !== undefined && other[i] !== ' ' ? other[i]! : ch)).join('');
  });
  const pad = ' '.repeat(11);
  const left = o.money(lo);
  const right = o.money(hi);
  merged.push(`${pad}${left}${' '.repeat(Math.max(1, o.width - left.length - right.length))}${right}`);
  merged.push(`${pad}─ best reached at that cost or less   ┄ SLO target${clipped ? `   (clipped at ${o.format(clip)})` : ''}`);
  return merged.join('\n');
}
