import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { numberCell, textCell } from '../../src/report/csv-cell.js';
import { renderFocus } from '../../src/report/focus.js';
import { FOCUS_COLUMNS } from '../../src/report/focus/columns.js';
import { renderHtml } from '../../src/report/html.js';
import { esc, renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { runInProcess } from '../cli/harness.js';
import { csvRecords, ECOMMERCE, hostile, HOSTILE, parseCsv, savedReport } from './helpers.js';

/** Cells a spreadsheet would evaluate as a formula. */
const FORMULA = /^[=+\-@\t\r]/;
/** FOCUS metric columns: numbers, which may be negative and are never prefixed. */
const NUMERIC = new Set(['BilledCost', 'CommitmentDiscountQuantity', 'ConsumedQuantity', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'ListCost', 'ListUnitPrice', 'PricingQuantity', 'x_Seed', 'x_RunIndex']);

describe('CSV cells', () => {
  it('defuse formulas in text and leave numbers alone', () => {
    for (const bad of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) expect(textCell(bad)).toBe(`'${bad}`);
    for (const ok of ['recs-api', 'a=b', 'm5.large', '', '1-2']) expect(textCell(ok)).toBe(ok);
    expect(numberCell(-1.5)).toBe('-1.5');
    expect(numberCell(-0)).toBe('0');
    expect(numberCell(NaN)).toBe('');
    expect(numberCell(undefined)).toBe('');
  });
});

describe('scenario-supplied strings in every format', () => {
  it('HTML shows <script> names as text: escaped in the page, in chart titles, legends and tables', async () => {
    const html = renderHtml(hostile(await savedReport(ECOMMERCE, ['--runs', '3'])));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h1>&lt;script&gt;alert(&quot;scenario&quot;)&lt;/script&gt; &amp; =1+1</h1>');
    expect(html).toContain('=HYPERLINK(&quot;http://example.invalid&quot;,&quot;click&quot;)');
    // In SVG text, in attributes (data-series, legend) and in the title element.
    expect(html).toMatch(/<title>&lt;script&gt;alert\(&quot;scenario&quot;\)&lt;\/script&gt; &amp; =1\+1 · capsim<\/title>/);
    expect(html).toContain('Latency over time, &lt;script&gt;alert(1)&lt;/script&gt;');
    // Every tag in the page is one the renderer writes.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = ['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'div', 'nav', 'a', 'main', 'section', 'figure', 'figcaption', 'svg', 'desc', 'g', 'line', 'text', 'path', 'rect', 'circle', 'clippath', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'strong', 'ul', 'li', 'footer', 'code', 'br'];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });

  it('Markdown escapes HTML and markup, and neutralises @mentions', async () => {
    const md = renderMarkdown(hostile(await savedReport(ECOMMERCE)));
    expect(md).not.toMatch(/<script/i);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(esc('a | b')).toBe('a \\| b');
    expect(esc('*bold* _it_ [link](x) `code` ~~s~~')).toBe('\\*bold\\* \\_it\\_ \\[link\\](x) \\`code\\` \\~\\~s\\~\\~');
    expect(esc('@team')).toBe('\\@team');
    expect(esc('# heading')).toBe('\\# heading');
    expect(esc('- item')).toBe('\\- item');
    expect(esc('1. item')).toBe('1\\. item');
    expect(esc('line\nbreak')).toBe('line break');
    expect(esc('E-commerce recs.')).toBe('E-commerce recs.');
  });

  it('CSV summary and hourly series: no cell can start a formula', async () => {
    const report = hostile(await savedReport(ECOMMERCE));
    for (const text of [renderCsv(report, { series: false }), renderCsv(report, { series: true })]) {
      const rows = parseCsv(text);
      const header = rows[0]!;
      const formulas = rows.slice(1).flatMap((r) => r.filter((cell, i) => FORMULA.test(cell) && !/_(usd|ms|s|h)$|^(load|capacity|instances|utilization|latency|lag|dropped|jobs)/i.test(header[i]!)));
      expect(formulas).toEqual([]);
      expect(text).toContain(`'${HOSTILE.pool.replaceAll('"', '""')}`);
    }
  });

  it('FOCUS: text columns never start a formula; numeric columns stay numbers', async () => {
    const report = hostile(await savedReport(ECOMMERCE));
    const rows = csvRecords(renderFocus(report, { granularity: 'daily' }));
    const problems: string[] = [];
    for (const r of rows) {
      for (const [column, cell] of Object.entries(r)) {
        if (NUMERIC.has(column)) {
          if (cell !== '' && !Number.isFinite(Number(cell))) problems.push(`${column}=${cell}`);
        } else if (FORMULA.test(cell)) problems.push(`${column}=${cell}`);
      }
    }
    expect(problems).toEqual([]);
    expect(rows[0]!.x_Pool).toBe(`'${HOSTILE.pool}`);
    expect(rows[0]!.ResourceName).toBe(`'${HOSTILE.pool}`);
    expect(rows[0]!.x_Workload).toBe(HOSTILE.workload);
    expect(FOCUS_COLUMNS.filter((c) => NUMERIC.has(c))).toHaveLength(9);
  });

  it('the table report prints names as given (a terminal runs no markup)', async () => {
    const table = renderTable(hostile(await savedReport(ECOMMERCE)), { color: false });
    expect(table).toContain(HOSTILE.workload);
  });

  it('a scenario named <script> run straight to html and md comes out escaped', async () => {
    const text = readFileSync(ECOMMERCE, 'utf8').replace('name: E-commerce recommendations API', `name: "<script>alert('x')</script> =cmd"`);
    const html = await runInProcess(['run', '-', '--format', 'html'], { stdin: text });
    expect(html.code).toBe(0);
    expect(html.stdout).not.toMatch(/<script/i);
    expect(html.stdout).toContain('<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; =cmd</h1>');
    const md = await runInProcess(['run', '-', '--format', 'md'], { stdin: text });
    expect(md.stdout).toMatch(/^# &lt;script&gt;alert\('x'\)&lt;\/script&gt; =cmd\n/);
    const focus = await runInProcess(['run', '-', '--format', 'focus', '--granularity', 'daily'], { stdin: text });
    expect(csvRecords(focus.stdout)[0]!.BillingAccountName).toBe("<script>alert('x')</script> =cmd");
  });
});
