/**
 * HTML tables for the reports. Cells are plain text and escaped here; a cell may instead be
 * `{ html }` for markup the caller built (a pass/fail badge) from escaped parts.
 */
import { escapeXml } from '../svg/escape.js';

export type Cell = string | { readonly html: string };

export interface Column {
  readonly title: string;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
}

export function htmlTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], caption?: string): string {
  const cls = (c: Column | undefined) => (c?.numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${escapeXml(c.title)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i])}>${typeof cell === 'string' ? escapeXml(cell) : cell.html}</td>`).join('')}</tr>`)
    .join('');
  // Long names scroll inside their table instead of widening the page.
  return `<div class="scroll"><table>${caption ? `<caption class="subtitle">${escapeXml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
