/**
 * The legend above the plot: one swatch and name per series, band and reference rule, flowing
 * onto a second row when a row is full. Text widths are estimated (no layout engine in Node),
 * generously, so labels do not collide.
 */
import { escapeXml } from './escape.js';
import { px, type ChartFrame } from './frame.js';
import { RULE_COLOR, seriesColor } from './palette.js';

export interface LegendItem {
  readonly name: string;
  readonly swatch: 'line' | 'dashed' | 'area' | 'band' | 'bar' | 'point' | 'rule';
  /** Palette index (ignored for rules). */
  readonly color: number;
}

const CHAR_WIDTH = 6.8;
const SWATCH = 22;
const GAP = 18;
const ROW = 18;

export function renderLegend(f: ChartFrame, items: readonly LegendItem[]): string {
  const parts: string[] = ['<g class="legend">'];
  let x = f.left;
  let y = 16;
  for (const item of items) {
    const w = SWATCH + 6 + item.name.length * CHAR_WIDTH;
    if (x > f.left && x + w > f.right) {
      x = f.left;
      y += ROW;
    }
    parts.push(`<g class="legend-item" transform="translate(${px(x)} ${y})">${swatch(item)}<text x="${SWATCH + 6}" y="0" dominant-baseline="middle" fill="currentColor">${escapeXml(item.name)}</text></g>`);
    x += w + GAP;
  }
  parts.push('</g>');
  return parts.join('');
}

function swatch(item: LegendItem): string {
  const c = seriesColor(item.color);
  const k = item.color;
  switch (item.swatch) {
    case 'line':
      return `<line class="c${k}" x1="0" x2="${SWATCH}" y1="0" y2="0" stroke="${c}" stroke-width="2.5"/>`;
    case 'dashed':
      return `<line class="c${k}" x1="0" x2="${SWATCH}" y1="0" y2="0" stroke="${c}" stroke-width="2.5" stroke-dasharray="5 3"/>`;
    case 'point':
      return `<circle class="f${k}" cx="${SWATCH / 2}" cy="0" r="4" fill="${c}"/>`;
    case 'rule':
      return `<line class="rule" x1="0" x2="${SWATCH}" y1="0" y2="0" stroke="${RULE_COLOR}" stroke-width="1.5" stroke-dasharray="2 3"/>`;
    case 'band':
      return `<rect class="f${k}" x="0" y="-6" width="${SWATCH}" height="12" fill="${c}" fill-opacity="0.25"/>`;
    case 'area':
    case 'bar':
      return `<rect class="f${k}" x="0" y="-6" width="${SWATCH}" height="12" fill="${c}" fill-opacity="${item.swatch === 'bar' ? 0.8 : 0.35}"/>`;
  }
}
