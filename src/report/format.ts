/** Display formatting shared by the text renderers. Rounding happens here and nowhere else. */
import { formatUsd } from '../model/money.js';

export { formatUsd };

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return Number.isNaN(ms) ? '—' : '∞';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return Number.isNaN(s) ? '—' : '∞';
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 60) return `${(s / 60).toFixed(1)} min`;
  if (s >= 1) return `${s.toFixed(1)} s`;
  return `${(s * 1000).toFixed(0)} ms`;
}

/** 0.99953 → "99.95%"; keeps enough digits that 99.9% and 99.99% stay distinguishable. */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const p = x * 100;
  if (p >= 99.99 && p < 100) return `${p.toFixed(3)}%`;
  if (p >= 99 && p < 100) return `${p.toFixed(2)}%`;
  return `${p.toFixed(1)}%`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return Math.round(n).toLocaleString('en-US');
}

/** Lays out rows as aligned columns; numeric-looking cells are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-$\d.,%∞—<>≤ kMB]+(ms|s|h|min)?$|^—$/.test((r[i] ?? '').trim()) || (r[i] ?? '') === ''));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Short axis labels: 0.25, 3.5, 42, 1.2k, 35k, 2.4M. */
export function formatAxis(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return '—';
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 10 || a === 0) return v.toFixed(0);
  if (a >= 1) return v.toFixed(1);
  return v.toFixed(2);
}
