/**
 * A pull-request-ready comparison of two saved results (base and head): the total and each
 * workload's cost, SLO attainment and unit cost, with the change and whether a threshold was
 * crossed. Pure: the CLI loads the files and decides the exit code from `crossed`.
 */
import { formatPercent, formatUsd, table } from './format.js';
import { esc } from './markdown.js';
import type { RunReport, WorkloadReport } from './model.js';

export interface DiffRow {
  readonly item: string;
  readonly baseUsd: number | undefined;
  readonly headUsd: number | undefined;
  readonly changeUsd: number;
  /** Relative change; Infinity when the item is new, −1 when removed. */
  readonly changeRatio: number;
  readonly baseSlo: number | undefined;
  readonly headSlo: number | undefined;
  /** 'fixed' | 'broken' | undefined: an SLO that changed verdict. */
  readonly sloVerdict: 'fixed' | 'broken' | undefined;
  readonly unit: string | undefined;
  readonly baseUnitUsd: number | undefined;
  readonly headUnitUsd: number | undefined;
}

export interface ResultDiff {
  readonly capsimDiff: 1;
  readonly base: string;
  readonly head: string;
  readonly rows: readonly DiffRow[];
  /** Relative change of the total that makes the diff fail (e.g. 0.05), if any. */
  readonly thresholdRatio: number | undefined;
  /** What crossed the threshold or broke an SLO; empty when the change is acceptable. */
  readonly crossed: readonly string[];
}

export function diffResults(base: RunReport, head: RunReport, thresholdRatio: number | undefined): ResultDiff {
  const rows: DiffRow[] = [];
  rows.push(row('total', base.summary.cost.total, head.summary.cost.total, undefined, undefined));
  const names = [...new Set([...base.summary.workloads.map((w) => w.name), ...head.summary.workloads.map((w) => w.name)])];
  for (const name of names) {
    const b = base.summary.workloads.find((w) => w.name === name);
    const h = head.summary.workloads.find((w) => w.name === name);
    rows.push(row(`workload ${name}`, b?.cost, h?.cost, b, h));
  }
  const crossed: string[] = [];
  const total = rows[0]!;
  if (thresholdRatio !== undefined && Math.abs(total.changeRatio) > thresholdRatio) {
    crossed.push(`total cost changed ${signedPercent(total.changeRatio)} (${signedUsd(total.changeUsd)}), over the ${formatPercent(thresholdRatio)} threshold`);
  }
  for (const r of rows) if (r.sloVerdict === 'broken') crossed.push(`${r.item}: SLO now fails (${formatPercent(r.baseSlo ?? NaN)} → ${formatPercent(r.headSlo ?? NaN)})`);
  return { capsimDiff: 1, base: label(base), head: label(head), rows, thresholdRatio, crossed };
}

function row(item: string, baseUsd: number | undefined, headUsd: number | undefined, b: WorkloadReport | undefined, h: WorkloadReport | undefined): DiffRow {
  const from = baseUsd ?? 0;
  const to = headUsd ?? 0;
  const sloVerdict = b?.slo && h?.slo && b.slo.met !== h.slo.met ? (h.slo.met ? 'fixed' : 'broken') : h?.slo && !b && !h.slo.met ? 'broken' : undefined;
  return {
    item,
    baseUsd,
    headUsd,
    changeUsd: to - from,
    changeRatio: from === 0 ? (to === 0 ? 0 : Infinity) : headUsd === undefined ? -1 : (to - from) / from,
    baseSlo: b?.sloAttainment,
    headSlo: h?.sloAttainment,
    sloVerdict,
    unit: h?.unitCost?.per ?? b?.unitCost?.per,
    baseUnitUsd: b?.unitCost?.usd,
    headUnitUsd: h?.unitCost?.usd,
  };
}

function label(r: RunReport): string {
  return `${r.scenario.name}${r.scenario.variant ? ` [${r.scenario.variant}]` : ''} (${r.scenario.hash.slice(0, 12)})`;
}

export function renderDiffMarkdown(d: ResultDiff): string {
  const out: string[] = [];
  const total = d.rows[0]!;
  const icon = d.crossed.length > 0 ? '🔴' : Math.abs(total.changeRatio) < 1e-12 ? '⚪' : total.changeUsd > 0 ? '🟠' : '🟢';
  out.push(`### ${icon} capsim: ${signedUsd(total.changeUsd)} (${signedPercent(total.changeRatio)}) total cost`, '');
  out.push(`base: ${esc(d.base)}  `, `head: ${esc(d.head)}`, '');
  out.push('| | base | head | change | SLO attainment | unit cost |', '|---|---:|---:|---:|---|---|');
  for (const r of d.rows) {
    const slo = r.headSlo === undefined && r.baseSlo === undefined ? '—' : `${formatPercent(r.baseSlo ?? NaN)} → ${formatPercent(r.headSlo ?? NaN)}${r.sloVerdict === 'broken' ? ' ❌' : r.sloVerdict === 'fixed' ? ' ✅' : ''}`;
    const unit = r.unit ? `${usd(r.baseUnitUsd)} → ${usd(r.headUnitUsd)} per ${r.unit}` : '—';
    out.push(`| ${esc(r.item)} | ${usd(r.baseUsd)} | ${usd(r.headUsd)} | ${signedUsd(r.changeUsd)} (${signedPercent(r.changeRatio)}) | ${slo} | ${unit} |`);
  }
  out.push('');
  if (d.crossed.length > 0) out.push('**Gate failed:**', '', ...d.crossed.map((c) => `- ${esc(c)}`), '');
  else if (d.thresholdRatio !== undefined) out.push(`Within the ${formatPercent(d.thresholdRatio)} threshold, and no SLO broke.`, '');
  return `${out.join('\n')}\n`;
}

export function renderDiffTable(d: ResultDiff): string {
  const rows = d.rows.map((r) => [
    r.item,
    usd(r.baseUsd),
    usd(r.headUsd),
    signedUsd(r.changeUsd),
    signedPercent(r.changeRatio),
    r.headSlo === undefined && r.baseSlo === undefined ? '—' : `${formatPercent(r.baseSlo ?? NaN)} → ${formatPercent(r.headSlo ?? NaN)}${r.sloVerdict ? ` (${r.sloVerdict})` : ''}`,
  ]);
  const verdict = d.crossed.length > 0 ? `\nGate failed:\n${d.crossed.map((c) => `  - ${c}`).join('\n')}\n` : '';
  return `base ${d.base}\nhead ${d.head}\n\n${table(['', 'base', 'head', 'change', '%', 'SLO attainment'], rows)}\n${verdict}`;
}

export function renderDiffJson(d: ResultDiff): string {
  return `${JSON.stringify(d, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

function usd(x: number | undefined): string {
  return x === undefined ? '—' : formatUsd(x, x !== 0 && Math.abs(x) < 1 ? 4 : 2);
}

function signedUsd(x: number): string {
  return `${x >= 0 ? '+' : '−'}${formatUsd(Math.abs(x))}`;
}

function signedPercent(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? 'new' : '—';
  return `${r >= 0 ? '+' : '−'}${(Math.abs(r) * 100).toFixed(1)}%`;
}
