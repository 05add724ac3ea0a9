import { describe, expect, it } from 'vitest';
import { asciiChart, bucketHours, bucketPeaks } from '../../src/report/ascii-chart.js';
import { renderTable } from '../../src/report/table.js';
import { ECOMMERCE, PRODUCT_SPEC, savedReport } from './helpers.js';

const ESC = '\u001b[';

describe('table report charts', () => {
  it('draws load vs capacity and latency over time, without colour when it is off', async () => {
    const table = renderTable(await savedReport(ECOMMERCE), { color: false });
    expect(table).toContain('Over time');
    expect(table).toContain('recs-api: load vs ready capacity (req/s)');
    expect(table).toContain('recs-api: mean latency (ms)');
    expect(table).toContain('── ready capacity (req/s)   ┄┄ load (req/s)');
    expect(table).toContain('(peak hour of each day)');
    expect(table).not.toContain(ESC);
    // Both series are visible without colour: solid and dashed glyphs.
    expect(table).toMatch(/[╭╮╯╰─]/);
    expect(table).toMatch(/[┄┆┌┐└┘]/);
    // 60 plot columns at most: nothing wider than the table itself.
    for (const line of table.split('\n')) expect([...line].length).toBeLessThanOrEqual(110);
  });

  it('colours the series when asked', async () => {
    const table = renderTable(await savedReport(ECOMMERCE), { color: true });
    expect(table).toContain(`${ESC}32m─`);
    expect(table).toContain(`${ESC}36m┄`);
  });

  it('draws lag for streaming and vCPUs for a batch pool, once per pool', async () => {
    const table = renderTable(await savedReport(PRODUCT_SPEC), { color: false });
    expect(table).toContain('clickstream: consumer lag (s)');
    expect(table).toContain('pool spark: vCPUs demanded vs ready (vCPUs)');
    expect(table.match(/pool spark:/g)).toHaveLength(1);
  });

  it('has no charts when the report has no series', async () => {
    const { series: _s, ...report } = await savedReport(ECOMMERCE);
    expect(renderTable(report, { color: false })).not.toContain('Over time');
  });
});

describe('ascii chart buckets', () => {
  it('uses whole days past three days so the daily cycle does not alias', () => {
    expect(bucketHours(48, 60)).toBe(1);
    expect(bucketHours(70, 60)).toBe(2);
    expect(bucketHours(720, 60)).toBe(24);
    expect(bucketHours(8760, 60)).toBe(24 * 7);
    expect(bucketPeaks([1, 5, NaN, 2, NaN, NaN], 2)).toEqual([5, 2, NaN]);
  });
  it('returns nothing for nothing', () => {
    expect(asciiChart([], { width: 60, height: 8, color: false, format: String, hours: 0 })).toBe('');
  });
});
