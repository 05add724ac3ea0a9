/**
 * CSV cells (RFC 4180) shared by the csv and focus formats.
 *
 * Text cells are defused against formula injection (OWASP "CSV injection"): a spreadsheet
 * evaluates a cell that starts with = + - @ (or a tab or carriage return, which some strip
 * first), so a scenario named `=HYPERLINK(…)` would run when finance opens the export. A leading
 * apostrophe makes the cell plain text. Numeric cells are written by `numberCell` and are never
 * prefixed, so a negative amount stays a number.
 */

export function textCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Full precision (a total re-added from the rows must match to the cent); empty for none. */
export function numberCell(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return Object.is(x, -0) ? '0' : String(x);
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Cells already made safe by textCell / numberCell, joined and quoted; rows end in \n. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\n') + '\n';
}
