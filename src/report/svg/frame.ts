/**
 * The box every chart is drawn in: a fixed viewBox (the page scales it to its width), margins for
 * the legend above and the axes below and left, and the opening tag that carries the chart's
 * accessible title and description and, for tests, its kind and number of data series.
 */
import { escapeXml } from './escape.js';

export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Right margin: the last x tick label is centred on the axis end and must not be clipped. */
export const DEFAULT_FRAME: ChartFrame = { width: 760, height: 340, left: 76, right: 724, top: 64, bottom: 284 };

export interface ChartHeader {
  /** Unique in the page; prefixes element ids. */
  readonly id: string;
  /** What kind of chart (load-capacity, latency, cumulative-cost, cost-distribution…). */
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  /** Data series drawn (lines, areas, bands, bars), not counting reference rules. */
  readonly seriesCount: number;
}

export function openSvg(h: ChartHeader, f: ChartFrame = DEFAULT_FRAME): string {
  const id = escapeXml(h.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" data-chart="${escapeXml(h.kind)}" data-series-count="${h.seriesCount}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(h.title)}</title><desc id="${id}-desc">${escapeXml(h.description)}</desc>`
  );
}

export function closeSvg(): string {
  return '</svg>';
}

/** Coordinates with one decimal: sub-pixel precision, a fraction of the bytes. */
export function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
