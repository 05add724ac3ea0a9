import { describe, expect, it } from 'vitest';
import { bins, renderHistogram } from '../../src/report/svg/histogram.js';
import { renderLineChart } from '../../src/report/svg/line-chart.js';
import { niceTicks } from '../../src/report/svg/scale.js';

describe('nice ticks', () => {
  it('lands on 1, 2, 2.5 and 5 steps that cover the data', () => {
    expect(niceTicks(0, 95, 5)).toEqual({ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceTicks(0, 1.7, 5).ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(50.4, 52.4, 6).ticks).toEqual([50, 50.5, 51, 51.5, 52, 52.5]);
    expect(niceTicks(0, 12, 5).ticks).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
  });
  it('gives counts whole-number steps, and a flat or empty series an axis', () => {
    expect(niceTicks(0, 12, 5, true).ticks).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0, 3, 5, true).ticks).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 0).domain).toEqual([0, 1]);
    expect(niceTicks(7, 7).ticks.length).toBeGreaterThan(1);
    expect(niceTicks(NaN, 1).domain).toEqual([0, 1]);
  });
});

describe('line chart', () => {
  const spec = {
    id: 'c',
    kind: 'test',
    title: 'T',
    description: 'D',
    x: { label: 'time (h)', format: String },
    y: { label: 'load (req/s)', format: String },
  };
  it('breaks the line at gaps instead of drawing them as zero', () => {
    const svg = renderLineChart({ ...spec, series: [{ name: 'a', x: [0, 1, 2, 3, 4], y: [1, 2, NaN, 4, 5] }] });
    const d = /<path class="c0" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(2);
  });
  it('counts series and bands, not rules, and labels everything in the legend', () => {
    const svg = renderLineChart({
      ...spec,
      series: [{ name: 'a', x: [0, 1], y: [1, 2] }, { name: 'b', x: [0, 1], y: [2, 3], style: 'points' }],
      bands: [{ name: 'P5–P95', x: [0, 1], lower: [0, 1], upper: [2, 3] }],
      rules: [{ name: 'target', axis: 'y', value: 2.5 }, { name: 'break-even', axis: 'x', value: 0.5 }],
    });
    expect(svg).toContain('data-series-count="3"');
    expect(svg.match(/<g class="series/g)).toHaveLength(3);
    expect(svg.match(/<g class="rule"/g)).toHaveLength(2);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(5);
    expect(svg.match(/<circle/g)!.length).toBeGreaterThanOrEqual(2);
  });
  it('escapes series names and titles', () => {
    const svg = renderLineChart({ ...spec, title: '<b>', series: [{ name: '"><script>', x: [0], y: [0] }] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('data-series="&quot;&gt;&lt;script&gt;"');
  });
});

describe('histogram', () => {
  it('puts every value in exactly one bin', () => {
    const values = Array.from({ length: 100 }, (_, i) => Math.sin(i) * 10 + 50);
    const b = bins(values);
    expect(b).toHaveLength(10);
    expect(b.reduce((a, x) => a + x.count, 0)).toBe(100);
    expect(b[0]!.from).toBe(Math.min(...values));
    expect(b.at(-1)!.to).toBe(Math.max(...values));
  });
  it('draws equal values as one bar', () => {
    expect(bins([3, 3, 3])).toEqual([{ from: 2.985, to: 3.015, count: 3 }]);
    const svg = renderHistogram({ id: 'h', kind: 'dist', title: 'T', description: 'D', values: [3, 3, 3], barsName: 'runs', x: { label: 'cost (USD)', format: String }, yLabel: 'runs' });
    expect(svg).toContain('data-series-count="1"');
    const bars = /<g class="series" data-series="runs">(.*?)<\/g>/.exec(svg)![1]!;
    expect(bars.match(/<rect /g)).toHaveLength(1);
  });
});
