import { runInProcess } from '../cli/harness.js';
import { parseSavedReport } from '../../src/scenario/saved-report.js';
import type { RunReport } from '../../src/report/model.js';

export const ECOMMERCE = 'scenarios/ecommerce-recs-inference.yaml';
export const PRODUCT_SPEC = 'test/fixtures/scenarios/product-spec.yaml';
export const SPOT_MC = 'test/fixtures/scenarios/spot-monte-carlo.yaml';

const cache = new Map<string, Promise<RunReport>>();

/**
 * A scenario's report as `capsim report` would read it back: run with the hourly series and
 * bill, saved as JSON, validated. Cached per file and arguments (simulating is the slow part).
 */
export function savedReport(file: string, extra: string[] = []): Promise<RunReport> {
  const key = [file, ...extra].join(' ');
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const r = await runInProcess(['run', file, '--format', 'json', '--series', 'hourly', ...extra]);
      if (r.code !== 0) throw new Error(`capsim run ${file} failed (${r.code}): ${r.stderr}`);
      const parsed = parseSavedReport(file, r.stdout);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return parsed.report;
    })();
    cache.set(key, p);
  }
  return p;
}

/** Strings that must never reach a page or spreadsheet as markup or formulas. */
export const HOSTILE = {
  scenario: '<script>alert("scenario")</script> & =1+1',
  workload: '<script>alert(1)</script>',
  pool: '=HYPERLINK("http://example.invalid","click")',
} as const;

/**
 * The report with its scenario, workload ("recs-api") and pool ("api") renamed to hostile
 * strings everywhere they occur: what a tampered saved result could contain (scenario files
 * only allow plain names for workloads and pools, a saved JSON allows anything).
 */
export function hostile(report: RunReport): RunReport {
  const json = JSON.stringify(report)
    .replaceAll(JSON.stringify(report.scenario.name), JSON.stringify(HOSTILE.scenario))
    .replaceAll('"recs-api"', JSON.stringify(HOSTILE.workload))
    .replaceAll('"api"', JSON.stringify(HOSTILE.pool));
  const parsed = parseSavedReport('hostile.json', json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.report;
}

/** RFC 4180 CSV into rows of cells (quotes, doubled quotes, commas and newlines in quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV rows as objects keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** The number of lines the cumulative-cost chart should draw: each purchase option with a cost, plus the total when there are several. */
export function expectedCostSeries(report: RunReport): number {
  const p = report.summary.cost.byPurchase;
  const other = report.summary.cost.total - (p.onDemand + p.spot + p.committed + p.onPrem);
  const parts = [p.onDemand, p.spot, p.committed, p.onPrem, other].filter((v) => Math.abs(v) > 1e-6).length;
  return parts > 1 ? parts + 1 : 1;
}
