/**
 * Series colours: the Okabe–Ito palette, which stays distinguishable with the common colour-vision
 * deficiencies and in greyscale print. SVG attributes carry the light-mode colour (so a chart
 * copied out of the page still has colours); the page's CSS swaps in lighter tints for dark mode
 * through the `cN` (stroke) and `fN` (fill) classes.
 */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8C6D1F', '#666666'] as const;
export const SERIES_COLORS_DARK = ['#5AB4F0', '#F5B94A', '#3CCB9C', '#E19BC3', '#F0884A', '#8FD0F5', '#D4B25A', '#B0B0B0'] as const;
/** Reference lines (SLO targets, percentiles): not data series. */
export const RULE_COLOR = '#B2182B';
export const RULE_COLOR_DARK = '#FF7B7B';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

export function colorClass(index: number): number {
  return index % SERIES_COLORS.length;
}
