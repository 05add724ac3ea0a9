/**
 * Axes for the SVG charts: light grid lines at the y ticks, both axis lines, tick labels and
 * axis titles that name the unit. Text uses currentColor so it follows light and dark mode.
 */
import { escapeXml } from './escape.js';
import { px, type ChartFrame } from './frame.js';
import type { Scale } from './scale.js';

export interface AxisSpec {
  readonly scale: Scale;
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
  /** Title with the unit, e.g. "load (req/s)". */
  readonly label: string;
}

export function renderAxes(f: ChartFrame, x: AxisSpec, y: AxisSpec): string {
  const parts: string[] = ['<g class="axes" fill="currentColor">'];
  for (const t of y.ticks) {
    const yy = px(y.scale(t));
    parts.push(`<line class="grid" x1="${f.left}" x2="${f.right}" y1="${yy}" y2="${yy}" stroke="currentColor" stroke-opacity="0.14"/>`);
    parts.push(`<text class="tick" x="${f.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeXml(y.format(t))}</text>`);
  }
  for (const t of x.ticks) {
    const xx = px(x.scale(t));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${f.bottom}" y2="${f.bottom + 5}" stroke="currentColor" stroke-opacity="0.6"/>`);
    parts.push(`<text class="tick" x="${xx}" y="${f.bottom + 18}" text-anchor="middle">${escapeXml(x.format(t))}</text>`);
  }
  parts.push(`<line x1="${f.left}" x2="${f.right}" y1="${f.bottom}" y2="${f.bottom}" stroke="currentColor" stroke-opacity="0.6"/>`);
  parts.push(`<line x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.bottom}" stroke="currentColor" stroke-opacity="0.6"/>`);
  parts.push(`<text class="axis-title" x="${px((f.left + f.right) / 2)}" y="${f.bottom + 40}" text-anchor="middle">${escapeXml(x.label)}</text>`);
  const cy = px((f.top + f.bottom) / 2);
  parts.push(`<text class="axis-title" x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">${escapeXml(y.label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}
