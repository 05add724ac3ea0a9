/**
 * `--format focus`: the simulated bill as a FinOps FOCUS v1.2 CSV (see focus/charges.ts for the
 * rows and focus/columns.ts for the columns). Needs the report's hourly bill, which `capsim run`
 * attaches for this format and saves in JSON with `--series hourly`.
 */
import { csvLines, numberCell, textCell } from './csv-cell.js';
import { focusRows, type FocusOptions } from './focus/charges.js';
import { CAPSIM_COLUMNS, FOCUS_COLUMNS } from './focus/columns.js';
import type { RunReport } from './model.js';

export type { FocusOptions };

export const FOCUS_HEADER = [...FOCUS_COLUMNS, ...CAPSIM_COLUMNS];

export function renderFocus(report: RunReport, options: FocusOptions): string {
  if (!report.bill) throw new RangeError('renderFocus: the report has no hourly bill (run with --series hourly, or --format focus)');
  const rows = focusRows(report, options).map((row) => FOCUS_HEADER.map((c) => cell(row[c])));
  return csvLines([FOCUS_HEADER, ...rows]);
}

function cell(v: string | number | null): string {
  return typeof v === 'number' ? numberCell(v) : v === null ? '' : textCell(v);
}
