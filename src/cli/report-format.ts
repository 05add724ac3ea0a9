/**
 * The output formats shared by `capsim run` and `capsim report`: flag parsing and the one switch
 * from a format name to its pure renderer in src/report.
 */
import { UsageError } from '../model/errors.js';
import { renderCsv } from '../report/csv.js';
import { renderFocus } from '../report/focus.js';
import type { Granularity } from '../report/focus/periods.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import type { RunReport } from '../report/model.js';
import { renderTable } from '../report/table.js';

export const REPORT_FORMATS = ['table', 'json', 'md', 'csv', 'html', 'focus'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const GRANULARITIES: readonly Granularity[] = ['hourly', 'daily'];

export interface RenderOptions {
  readonly format: ReportFormat;
  /** csv: one row per workload-hour instead of the summary. */
  readonly series: boolean;
  /** focus: charge period length. */
  readonly granularity: Granularity;
  /** table: ANSI colour (NO_COLOR already applied). */
  readonly color: boolean;
}

export function parseFormat(command: string, text: string, allowed: readonly ReportFormat[]): ReportFormat {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`capsim ${command}: unknown --format ${JSON.stringify(text)} (expected ${allowed.join(', ')})`);
  return text as ReportFormat;
}

export function parseGranularity(command: string, text: string | undefined, format: ReportFormat): Granularity {
  if (text === undefined) return 'hourly';
  if (!(GRANULARITIES as readonly string[]).includes(text)) throw new UsageError(`capsim ${command}: unknown --granularity ${JSON.stringify(text)} (expected ${GRANULARITIES.join(', ')})`);
  if (format !== 'focus') throw new UsageError(`capsim ${command}: --granularity applies to --format focus only (got --format ${format})`);
  return text as Granularity;
}

/** Formats whose renderers draw hourly series (charts) or read the hourly bill. */
export function needsSeries(format: ReportFormat): boolean {
  return format === 'table' || format === 'html';
}
export function needsBill(format: ReportFormat): boolean {
  return format === 'focus' || format === 'html';
}

export function renderReport(report: RunReport, o: RenderOptions): string {
  switch (o.format) {
    case 'json':
      return renderJson(report);
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report, { series: o.series });
    case 'html':
      return renderHtml(report);
    case 'focus':
      return renderFocus(report, { granularity: o.granularity });
    case 'table':
      return renderTable(report, { color: o.color });
  }
}
