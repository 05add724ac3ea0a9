import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import type { RunReport } from '../../src/report/model.js';
import { parseSavedReport } from '../../src/scenario/saved-report.js';
import { runInProcess } from '../cli/harness.js';
import { ECOMMERCE, expectedCostSeries, hostile, HOSTILE, PRODUCT_SPEC, savedReport, SPOT_MC } from './helpers.js';

/**
 * Every kind of HTML report, opened in a real browser: Debian's Chromium driven by playwright-core
 * (never a downloaded browser). For each page, in light and dark mode: no console errors, no
 * request leaves the file, every chart has a size and the series it should have, and a
 * screenshot lands in test/artifacts/ for a person to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const FOUND = existsSync(CHROMIUM);
const ARTIFACTS = 'test/artifacts';
// The few DOM names the in-page callbacks use (the project compiles without the DOM library).
declare const document: { readonly body: unknown; querySelector(selector: string): unknown };
declare function getComputedStyle(element: unknown): { readonly backgroundColor: string; readonly display: string };
interface SvgBox {
  getBBox(): { readonly width: number; readonly height: number };
}

/** node.md: as root, headless, and nothing that phones home (the machine's network is closed). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Case {
  readonly name: string;
  /** Writes the page and returns its path and the report it shows. */
  readonly build: () => Promise<{ file: string; report: RunReport }>;
}

async function viaCli(name: string, args: string[]): Promise<string> {
  const file = resolve(ARTIFACTS, `html-${name}.html`);
  const r = await runInProcess([...args, '--format', 'html', '--out', file]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return file;
}

const CASES: Case[] = [
  { name: 'run-ecommerce', build: async () => ({ file: await viaCli('run-ecommerce', ['run', ECOMMERCE]), report: await savedReport(ECOMMERCE) }) },
  { name: 'run-product-spec', build: async () => ({ file: await viaCli('run-product-spec', ['run', PRODUCT_SPEC]), report: await savedReport(PRODUCT_SPEC) }) },
  { name: 'run-monte-carlo', build: async () => ({ file: await viaCli('run-monte-carlo', ['run', SPOT_MC]), report: await savedReport(SPOT_MC) }) },
  {
    name: 'report-saved',
    build: async () => {
      const json = resolve(ARTIFACTS, 'saved-ecommerce.json');
      const r = await runInProcess(['run', ECOMMERCE, '--format', 'json', '--series', 'hourly', '--runs', '3', '--out', json]);
      if (r.code !== 0) throw new Error(r.stderr);
      const parsed = parseSavedReport(json, readFileSync(json, 'utf8'));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return { file: await viaCli('report-saved', ['report', json]), report: parsed.report };
    },
  },
  {
    name: 'report-without-series',
    build: async () => {
      const json = resolve(ARTIFACTS, 'saved-ecommerce-summary.json');
      const r = await runInProcess(['run', ECOMMERCE, '--format', 'json', '--out', json]);
      if (r.code !== 0) throw new Error(r.stderr);
      const parsed = parseSavedReport(json, readFileSync(json, 'utf8'));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return { file: await viaCli('report-without-series', ['report', json]), report: parsed.report };
    },
  },
  {
    name: 'hostile-names',
    build: async () => {
      const report = hostile(await savedReport(ECOMMERCE, ['--runs', '3']));
      const file = resolve(ARTIFACTS, 'html-hostile-names.html');
      writeFileSync(file, renderHtml(report));
      return { file, report };
    },
  },
];

/** The charts a run page must draw, from the report alone: [kind, data series]. */
function expectedCharts(report: RunReport): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  if (report.series) {
    const pools = new Set<string>();
    for (const w of report.summary.workloads) {
      if (!report.series.workloads[w.name] || pools.has(w.pool)) continue;
      pools.add(w.pool);
      out.push(['load-capacity', 2], ['instances', 2]);
      if (w.kind === 'inference') out.push(['latency', 1]);
      if (w.kind === 'streaming') out.push(['lag', 1]);
    }
    out.push(['cumulative-cost', report.bill ? expectedCostSeries(report) : 1]);
  }
  if (report.monteCarlo?.costs) out.push(['cost-distribution', 2]);
  return out;
}

describe.skipIf(!FOUND)(
  FOUND ? 'HTML reports in headless Chromium' : `HTML reports in headless Chromium — SKIPPED: no browser at ${CHROMIUM} (install Debian's: apt-get install -y chromium)`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it.each(CASES)('$name', async ({ name, build }) => {
      const { file, report } = await build();
      const expected = expectedCharts(report);
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('dialog', (d) => {
          problems.push(`dialog: ${d.message()}`);
          void d.dismiss();
        });
        page.on('request', (req) => {
          if (!req.url().startsWith('file:')) problems.push(`request: ${req.url()}`);
        });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

        const charts = await page.$$eval('svg.chart', (svgs) =>
          svgs.map((svg) => {
            const box = svg.getBoundingClientRect();
            // A flat line has no height and one point no width, so either extent counts as drawn.
            const series = [...svg.querySelectorAll('.series')].map((g) => {
              const b = (g as unknown as SvgBox).getBBox();
              return b.width > 0 || b.height > 0;
            });
            return {
              kind: svg.getAttribute('data-chart') ?? '',
              width: box.width,
              height: box.height,
              series: series.length,
              drawn: series.filter(Boolean).length,
              legend: svg.querySelectorAll('.legend-item').length,
              ticks: svg.querySelectorAll('.tick').length,
              axisTitles: [...svg.querySelectorAll('.axis-title')].map((t) => t.textContent ?? ''),
            };
          }),
        );
        expect(problems, `${name} (${colorScheme})`).toEqual([]);
        expect(charts.map((c) => [c.kind, c.series])).toEqual(expected);
        for (const c of charts) {
          expect(c.width, `${name} ${c.kind}`).toBeGreaterThan(300);
          expect(c.height, `${name} ${c.kind}`).toBeGreaterThan(100);
          expect(c.drawn, `${name} ${c.kind}: every series draws something`).toBe(c.series);
          expect(c.legend).toBeGreaterThanOrEqual(c.series);
          expect(c.ticks).toBeGreaterThanOrEqual(6);
          expect(c.axisTitles).toHaveLength(2);
          expect(c.axisTitles.every((t) => t.length > 0)).toBe(true);
        }
        if (name === 'report-without-series') expect(await page.textContent('.notice')).toContain('--series hourly');
        if (name === 'hostile-names') {
          // Shown as text, never run.
          expect(await page.textContent('h1')).toBe(HOSTILE.scenario);
          expect(await page.locator('script').count()).toBe(0);
          expect(await page.textContent('body')).toContain(HOSTILE.workload);
        }
        // Dark mode really is dark, light mode light.
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: `${ARTIFACTS}/html-${name}-${colorScheme}.png`, fullPage: true });
        if (colorScheme === 'dark') {
          // Print is always black on white, even from a dark-mode browser.
          await page.emulateMedia({ media: 'print' });
          expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
          expect(await page.evaluate(() => getComputedStyle(document.querySelector('nav')).display)).toBe('none');
          await page.screenshot({ path: `${ARTIFACTS}/html-${name}-print.png`, fullPage: true });
        }
        await context.close();
      }
    }, 120_000);
  },
);
