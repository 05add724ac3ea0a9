import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/report/format.js';
import { renderHtml } from '../../src/report/html.js';
import { ECOMMERCE, expectedCostSeries, PRODUCT_SPEC, savedReport, SPOT_MC } from './helpers.js';

/** The charts of a page: kind, declared series count, series groups actually drawn, and the SVG text. */
function charts(html: string): Array<{ kind: string; declared: number; drawn: number; svg: string }> {
  return [...html.matchAll(/<svg\b[^>]*data-chart="([^"]+)"[^>]*data-series-count="(\d+)"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => ({
    kind: m[1]!,
    declared: Number(m[2]),
    drawn: (m[3]!.match(/<g class="series[ "]/g) ?? []).length,
    svg: m[0],
  }));
}

describe('HTML report (structure, no browser)', () => {
  it('is one self-contained document: no script, no remote URL, a CSP that forbids both', async () => {
    const html = renderHtml(await savedReport(ECOMMERCE));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link\b|<iframe|<img\b|@import|url\(\s*['"]?https?:/i);
    // The only absolute URL is the SVG namespace, which is an identifier, never fetched.
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('@media print');
  });

  it('has the headline, tables, assumptions and the scenario hash', async () => {
    const report = await savedReport(ECOMMERCE);
    const html = renderHtml(report);
    expect(html).toContain('<h1>E-commerce recommendations API</h1>');
    expect(html).toContain(`<div class="value">${formatUsd(report.summary.cost.total)}</div>`);
    for (const id of ['over-time', 'cost', 'workloads', 'pools', 'assumptions']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain(`<code>${report.scenario.hash}</code>`);
    expect(html).toContain('<span class="pass">pass</span>');
  });

  it('draws load vs capacity, instances, latency and cumulative cost for a run, each with axes, units and a legend', async () => {
    const report = await savedReport(ECOMMERCE);
    const found = charts(renderHtml(report));
    expect(found.map((c) => c.kind)).toEqual(['load-capacity', 'instances', 'latency', 'cumulative-cost']);
    expect(found.map((c) => c.drawn)).toEqual([2, 2, 1, expectedCostSeries(report)]);
    for (const c of found) {
      expect(c.drawn).toBe(c.declared);
      expect(c.svg).toMatch(/role="img" aria-labelledby="[^"]+"/);
      expect(c.svg).toMatch(/<title id="[^"]+-title">[^<]+<\/title>/);
      expect(c.svg).toContain('<g class="axes"');
      expect(c.svg).toContain('time since start (days)');
      expect(c.svg).toMatch(/class="axis-title"[^>]*>[^<]*\((req\/s|ms|USD)\)|ready instances/);
      expect((c.svg.match(/class="tick"/g) ?? []).length).toBeGreaterThanOrEqual(6);
      expect((c.svg.match(/class="legend-item"/g) ?? []).length).toBeGreaterThanOrEqual(c.declared);
      expect(c.svg).not.toMatch(/NaN|Infinity|undefined/);
    }
    // The latency chart marks the SLO target (250 ms) and the horizon's p99.
    expect(found[2]!.svg).toContain('data-rule="SLO target (p99 ≤ 250 ms)"');
    expect(found[2]!.svg).toMatch(/data-rule="p99 over the horizon \(\d+ ms\)"/);
  });

  it('draws every workload kind of the product spec: streaming lag, batch vCPUs, and every purchase option', async () => {
    const report = await savedReport(PRODUCT_SPEC);
    const found = charts(renderHtml(report));
    expect(found.map((c) => c.kind)).toEqual([
      'load-capacity', 'instances', 'latency', // recs-api
      'load-capacity', 'instances', 'lag', // clickstream
      'load-capacity', 'instances', // spark (nightly-training and the feature pipeline)
      'cumulative-cost',
    ]);
    const cost = found.at(-1)!;
    expect(cost.drawn).toBe(expectedCostSeries(report));
    expect(cost.drawn).toBe(6); // on-demand, spot, committed, on-prem, storage/network/store, total
    for (const c of found) expect(c.drawn).toBe(c.declared);
    expect(found[5]!.svg).toContain('data-rule="SLO target (lag ≤ 30s)"');
  });

  it('shows the Monte Carlo cost distribution with its P5–P95 band and median', async () => {
    const report = await savedReport(SPOT_MC);
    expect(report.monteCarlo?.costs).toHaveLength(40);
    const html = renderHtml(report);
    const mc = charts(html).find((c) => c.kind === 'cost-distribution')!;
    expect(mc.declared).toBe(2);
    expect(mc.drawn).toBe(2);
    expect(mc.svg).toMatch(/data-series="P5–P95 \(\$[\d.,]+ – \$[\d.,]+\)"/);
    expect(mc.svg).toMatch(/data-rule="P50 \(\$[\d.,]+\)"/);
    // Bars count every run exactly once.
    const counts = [...mc.svg.matchAll(/<title>[^<]*: (\d+)<\/title>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(html).toContain('<section id="monte-carlo">');
  });

  it('says how to get charts when the saved result has no hourly series', async () => {
    const { series: _s, bill: _b, ...report } = await savedReport(ECOMMERCE);
    const html = renderHtml(report);
    expect(html).toContain('saved without hourly series');
    expect(html).toContain('--series hourly');
    expect(charts(html)).toEqual([]);
  });
});
