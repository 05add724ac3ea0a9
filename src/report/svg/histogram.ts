/**
 * A histogram as an SVG string: how many Monte Carlo runs fell in each range of a value (a total
 * cost), with a shaded band over a central range (P5–P95) and reference rules (P50). Pure.
 */
import { renderAxes } from './axes.js';
import { escapeXml } from './escape.js';
import { closeSvg, DEFAULT_FRAME, openSvg, px, type ChartFrame } from './frame.js';
import { renderLegend, type LegendItem } from './legend.js';
import type { ChartAxis, Rule } from './line-chart.js';
import { RULE_COLOR, seriesColor } from './palette.js';
import { linearScale, niceTicks } from './scale.js';

export interface HistogramSpec {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  readonly values: readonly number[];
  /** Name of the bars in the legend, e.g. "runs". */
  readonly barsName: string;
  readonly x: ChartAxis;
  readonly yLabel: string;
  readonly band?: { readonly name: string; readonly from: number; readonly to: number };
  readonly rules?: readonly Rule[];
  readonly frame?: ChartFrame;
}

export interface Bin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** Equal-width bins over [min, max] (about √n of them, 5 to 30); one bin when every value is equal. */
export function bins(values: readonly number[]): Bin[] {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi === lo) {
    const half = Math.abs(lo) * 0.005 || 0.5;
    return [{ from: lo - half, to: hi + half, count: v.length }];
  }
  const k = Math.min(30, Math.max(5, Math.ceil(Math.sqrt(v.length))));
  const width = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (const x of v) counts[Math.min(k - 1, Math.floor((x - lo) / width))]!++;
  return counts.map((count, i) => ({ from: lo + i * width, to: i === k - 1 ? hi : lo + (i + 1) * width, count }));
}

export function renderHistogram(spec: HistogramSpec): string {
  const f = spec.frame ?? DEFAULT_FRAME;
  const b = bins(spec.values);
  const rules = (spec.rules ?? []).filter((r) => r.axis === 'x' && Number.isFinite(r.value));
  const xs = [...b.flatMap((x) => [x.from, x.to]), ...rules.map((r) => r.value), ...(spec.band ? [spec.band.from, spec.band.to] : [])];
  const xt = niceTicks(Math.min(...xs, Infinity), Math.max(...xs, -Infinity), 6);
  const maxCount = Math.max(4, ...b.map((x) => x.count));
  const yt = niceTicks(0, maxCount, 5, true);
  const x = linearScale(xt.domain, [f.left, f.right]);
  const y = linearScale(yt.domain, [f.bottom, f.top]);

  const legend: LegendItem[] = [{ name: spec.barsName, swatch: 'bar', color: 0 }];
  const body: string[] = [];
  let series = 1;
  if (spec.band) {
    series++;
    legend.push({ name: spec.band.name, swatch: 'band', color: 1 });
    const x0 = x(spec.band.from);
    const x1 = x(spec.band.to);
    body.push(
      `<g class="series band" data-series="${escapeXml(spec.band.name)}"><rect class="f1" x="${px(x0)}" y="${f.top}" width="${px(Math.max(1, x1 - x0))}" height="${f.bottom - f.top}" fill="${seriesColor(1)}" fill-opacity="0.22"/></g>`,
    );
  }
  const bars = b.map((bin) => {
    const x0 = x(bin.from);
    const x1 = x(bin.to);
    const top = y(bin.count);
    return `<rect class="f0" x="${px(x0 + 0.5)}" y="${px(top)}" width="${px(Math.max(1, x1 - x0 - 1))}" height="${px(f.bottom - top)}" fill="${seriesColor(0)}" fill-opacity="0.8"><title>${escapeXml(`${spec.x.format(bin.from)} – ${spec.x.format(bin.to)}: ${bin.count}`)}</title></rect>`;
  });
  body.push(`<g class="series" data-series="${escapeXml(spec.barsName)}">${bars.join('')}</g>`);
  for (const r of rules) {
    legend.push({ name: r.name, swatch: 'rule', color: 0 });
    body.push(`<g class="rule" data-rule="${escapeXml(r.name)}"><line x1="${px(x(r.value))}" x2="${px(x(r.value))}" y1="${f.top}" y2="${f.bottom}" stroke="${RULE_COLOR}" stroke-width="1.5" stroke-dasharray="2 3"/></g>`);
  }
  return [
    openSvg({ id: spec.id, kind: spec.kind, title: spec.title, description: spec.description, seriesCount: series }, f),
    renderAxes(f, { scale: x, ticks: xt.ticks, format: spec.x.format, label: spec.x.label }, { scale: y, ticks: yt.ticks, format: (v) => String(v), label: spec.yLabel }),
    ...body,
    renderLegend(f, legend),
    closeSvg(),
  ].join('');
}
