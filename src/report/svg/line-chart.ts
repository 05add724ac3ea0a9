/**
 * A line chart as an SVG string: several series over a shared numeric x axis, optional shaded
 * bands (e.g. a P5–P95 range over time) and reference rules (an SLO target, a break-even month).
 * Every report kind draws its time charts with it: run (load vs capacity, latency, cumulative
 * cost), compare (TCO curves with the break-even as an x rule), plan (a Pareto frontier as
 * `points` plus a `line` through the frontier).
 *
 * Pure: spec in, markup out. NaN values leave gaps rather than dropping to zero.
 */
import { renderAxes } from './axes.js';
import { closeSvg, DEFAULT_FRAME, openSvg, px, type ChartFrame } from './frame.js';
import { renderLegend, type LegendItem } from './legend.js';
import { colorClass, RULE_COLOR, seriesColor } from './palette.js';
import { escapeXml } from './escape.js';
import { linearScale, niceTicks } from './scale.js';

export type SeriesStyle = 'line' | 'dashed' | 'area' | 'points';

export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly style?: SeriesStyle;
}

export interface BandSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** A reference line across the plot at a y value (target) or x value (event, break-even). */
export interface Rule {
  readonly name: string;
  readonly axis: 'x' | 'y';
  readonly value: number;
}

export interface ChartAxis {
  /** Title with the unit. */
  readonly label: string;
  readonly format: (v: number) => string;
  /** Force the axis to include 0 (default true for y, false for x). */
  readonly includeZero?: boolean;
}

export interface LineChartSpec {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  readonly x: ChartAxis;
  readonly y: ChartAxis;
  readonly series: readonly LineSeries[];
  readonly bands?: readonly BandSeries[];
  readonly rules?: readonly Rule[];
  readonly frame?: ChartFrame;
}

export function renderLineChart(spec: LineChartSpec): string {
  const f = spec.frame ?? DEFAULT_FRAME;
  const bands = spec.bands ?? [];
  const rules = (spec.rules ?? []).filter((r) => Number.isFinite(r.value));
  const xs = [...spec.series.flatMap((s) => s.x), ...bands.flatMap((b) => b.x), ...rules.filter((r) => r.axis === 'x').map((r) => r.value)];
  const ys = [
    ...spec.series.flatMap((s) => s.y),
    ...bands.flatMap((b) => [...b.lower, ...b.upper]),
    ...rules.filter((r) => r.axis === 'y').map((r) => r.value),
  ];
  const xr = extent(xs, spec.x.includeZero ?? false);
  const yr = extent(ys, spec.y.includeZero ?? true);
  const xt = niceTicks(xr[0], xr[1], 8);
  const yt = niceTicks(yr[0], yr[1], 5);
  const x = linearScale(xt.domain, [f.left, f.right]);
  const y = linearScale(yt.domain, [f.bottom, f.top]);

  const legend: LegendItem[] = [];
  const body: string[] = [`<clipPath id="${escapeXml(spec.id)}-clip"><rect x="${f.left}" y="${f.top - 2}" width="${f.right - f.left}" height="${f.bottom - f.top + 4}"/></clipPath>`];
  body.push(`<g clip-path="url(#${escapeXml(spec.id)}-clip)">`);
  let color = 0;
  for (const b of bands) {
    const k = colorClass(color++);
    legend.push({ name: b.name, swatch: 'band', color: k });
    body.push(`<g class="series band" data-series="${escapeXml(b.name)}"><path class="f${k}" d="${bandPath(b, x, y)}" fill="${seriesColor(k)}" fill-opacity="0.22" stroke="none"/></g>`);
  }
  for (const s of spec.series) {
    const k = colorClass(color++);
    const style = s.style ?? 'line';
    legend.push({ name: s.name, swatch: style === 'points' ? 'point' : style === 'area' ? 'area' : style, color: k });
    body.push(`<g class="series" data-series="${escapeXml(s.name)}">${seriesMarkup(s, style, k, x, y, f.bottom)}</g>`);
  }
  body.push('</g>');
  for (const r of rules) {
    legend.push({ name: r.name, swatch: 'rule', color: 0 });
    const line =
      r.axis === 'y'
        ? `<line x1="${f.left}" x2="${f.right}" y1="${px(y(r.value))}" y2="${px(y(r.value))}"`
        : `<line x1="${px(x(r.value))}" x2="${px(x(r.value))}" y1="${f.top}" y2="${f.bottom}"`;
    body.push(`<g class="rule" data-rule="${escapeXml(r.name)}">${line} stroke="${RULE_COLOR}" stroke-width="1.5" stroke-dasharray="2 3"/></g>`);
  }

  return [
    openSvg({ id: spec.id, kind: spec.kind, title: spec.title, description: spec.description, seriesCount: spec.series.length + bands.length }, f),
    renderAxes(f, { scale: x, ticks: xt.ticks, format: spec.x.format, label: spec.x.label }, { scale: y, ticks: yt.ticks, format: spec.y.format, label: spec.y.label }),
    ...body,
    renderLegend(f, legend),
    closeSvg(),
  ].join('');
}

function seriesMarkup(s: LineSeries, style: SeriesStyle, k: number, x: (v: number) => number, y: (v: number) => number, baseline: number): string {
  const color = seriesColor(k);
  if (style === 'points') {
    const dots: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const xv = s.x[i]!;
      const yv = s.y[i]!;
      if (Number.isFinite(xv) && Number.isFinite(yv)) dots.push(`<circle class="f${k}" cx="${px(x(xv))}" cy="${px(y(yv))}" r="3.5" fill="${color}"/>`);
    }
    return dots.join('');
  }
  const d = linePath(s.x, s.y, x, y);
  const stroke = `<path class="c${k}" d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${style === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`;
  if (style !== 'area') return stroke;
  return `<path class="f${k}" d="${areaPath(s.x, s.y, x, y, baseline)}" fill="${color}" fill-opacity="0.18" stroke="none"/>${stroke}`;
}

/** M/L segments, restarting after every gap (a NaN x or y). */
function linePath(xs: readonly number[], ys: readonly number[], x: (v: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const xv = xs[i]!;
    const yv = ys[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x(xv))} ${px(y(yv))}`;
    pen = true;
  }
  return d || 'M0 0';
}

function areaPath(xs: readonly number[], ys: readonly number[], x: (v: number) => number, y: (v: number) => number, baseline: number): string {
  const pts: string[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!)) pts.push(`${px(x(xs[i]!))} ${px(y(ys[i]!))}`);
  if (pts.length === 0) return 'M0 0';
  const first = pts[0]!.split(' ')[0];
  const last = pts[pts.length - 1]!.split(' ')[0];
  return `M${first} ${px(baseline)}L${pts.join('L')}L${last} ${px(baseline)}Z`;
}

function bandPath(b: BandSeries, x: (v: number) => number, y: (v: number) => number): string {
  const upper: string[] = [];
  const lower: string[] = [];
  for (let i = 0; i < b.x.length; i++) {
    const xv = b.x[i]!;
    const lo = b.lower[i]!;
    const hi = b.upper[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    upper.push(`${px(x(xv))} ${px(y(hi))}`);
    lower.push(`${px(x(xv))} ${px(y(lo))}`);
  }
  if (upper.length === 0) return 'M0 0';
  return `M${upper.join('L')}L${lower.reverse().join('L')}Z`;
}

function extent(values: readonly number[], includeZero: boolean): [number, number] {
  let lo = includeZero ? 0 : Infinity;
  let hi = includeZero ? 0 : -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [0, 1];
}
