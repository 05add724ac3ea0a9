/**
 * Renders a comparison: the sides side by side, the waterfall of each difference, the migration
 * TCO with its break-even month, and the model and feature-reuse analyses. Pure text.
 */
import type { CompareReport } from '../plan/comparison.js';
import { formatMs, formatPercent, formatSeconds, formatUsd, table } from './format.js';
import { esc } from './markdown.js';
import type { WorkloadReport } from './model.js';

const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';
const GREEN = '\u001b[32m';
const RED = '\u001b[31m';

export function renderCompareJson(report: CompareReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export function renderCompareTable(report: CompareReport, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  const labels = report.sides.map((s) => s.label);
  out.push(paint(BOLD, `Compare: ${labels.join(' vs ')}`), '');

  const rows: string[][] = [];
  const row = (label: string, f: (s: CompareReport['sides'][number]) => string) => rows.push([label, ...report.sides.map(f)]);
  row('total cost', (s) => formatUsd(s.report.summary.cost.total));
  row('per 730 h month', (s) => formatUsd(s.report.summary.cost.perMonth));
  row('on-demand', (s) => formatUsd(s.report.summary.cost.byPurchase.onDemand));
  row('spot', (s) => formatUsd(s.report.summary.cost.byPurchase.spot));
  row('committed', (s) => formatUsd(s.report.summary.cost.byPurchase.committed));
  row('on-prem', (s) => formatUsd(s.report.summary.cost.byPurchase.onPrem));
  row('storage + network', (s) => formatUsd(s.report.summary.cost.byCategory.storage + s.report.summary.cost.byCategory.network));
  if (report.sides.some((s) => s.report.monteCarlo)) row('cost P5–P95', (s) => (s.report.monteCarlo ? `${formatUsd(s.report.monteCarlo.cost.p5)}–${formatUsd(s.report.monteCarlo.cost.p95)}` : '—'));
  const names = [...new Set(report.sides.flatMap((s) => s.report.summary.workloads.map((w) => w.name)))];
  for (const name of names) {
    const pick = (s: CompareReport['sides'][number]) => s.report.summary.workloads.find((w) => w.name === name);
    row(`${name}: cost`, (s) => (pick(s) ? formatUsd(pick(s)!.cost) : '—'));
    row(`${name}: ${perfLabel(report.sides.map(pick).find(Boolean))}`, (s) => perf(pick(s)));
    row(`${name}: SLO`, (s) => {
      const w = pick(s);
      if (!w?.slo) return '—';
      return `${formatPercent(w.sloAttainment)} ${w.slo.met ? paint(GREEN, 'pass') : paint(RED, 'FAIL')}`;
    });
    row(`${name}: unit cost`, (s) => {
      const u = pick(s)?.unitCost;
      return u ? `${formatUsd(u.usd, u.usd < 1 ? 4 : 2)} per ${u.per}` : '—';
    });
  }
  out.push(table(['', ...labels], rows), '');

  for (const w of report.waterfalls) {
    out.push(paint(BOLD, `Why ${w.to} differs from ${w.from}: ${signed(w.waterfall.toUsd - w.waterfall.fromUsd)}`));
    const max = Math.max(1e-9, ...w.waterfall.steps.map((s) => Math.abs(s.usd)));
    const stepRows = w.waterfall.steps
      .filter((s) => Math.abs(s.usd) >= 0.005)
      .map((s) => [s.driver, signed(s.usd), bar(s.usd, max), s.explanation]);
    stepRows.push(['= total', signed(w.waterfall.toUsd - w.waterfall.fromUsd), '', `${formatUsd(w.waterfall.fromUsd)} → ${formatUsd(w.waterfall.toUsd)}`]);
    out.push(table(['driver', 'USD', '', 'what it measures'], stepRows), '');
  }

  for (const t of report.tco ?? []) {
    const r = t.result;
    out.push(paint(BOLD, `Migration TCO over ${r.months} months: ${t.from} → ${t.to}`));
    out.push(`  migration ${formatUsd(t.migrationUsd)} one-time · ${t.dualRunningMonths} month${t.dualRunningMonths === 1 ? '' : 's'} of dual running`);
    out.push(
      r.breakEvenMonth !== null
        ? `  break-even in month ${r.breakEvenMonth}; ${r.savingsAtEndUsd >= 0 ? 'saves' : 'costs'} ${formatUsd(Math.abs(r.savingsAtEndUsd))} by month ${r.months}`
        : `  no break-even within ${r.months} months (${formatUsd(-r.savingsAtEndUsd)} more by month ${r.months})`,
    );
    const marks = new Set([1, 3, 6, 12, 18, 24, 30, 36, 48, 60, r.months, ...(r.breakEvenMonth ? [r.breakEvenMonth] : [])]);
    const tcoRows = [...marks]
      .filter((m) => m >= 1 && m <= r.months)
      .sort((a, b) => a - b)
      .map((m) => [String(m), formatUsd(r.currentCumulativeUsd[m - 1]!), formatUsd(r.targetCumulativeUsd[m - 1]!), signed(r.currentCumulativeUsd[m - 1]! - r.targetCumulativeUsd[m - 1]!), m === r.breakEvenMonth ? '← break-even' : '']);
    out.push(table(['month', `cumulative ${t.from}`, `cumulative ${t.to}`, 'saved so far', ''], tcoRows), '');
  }

  for (const m of report.models ?? []) {
    out.push(paint(BOLD, `Model choice for ${m.workload} (${m.side})`));
    out.push(
      table(
        ['model', 'accuracy', 'cost', 'per 1M req', 'p99', 'SLO', '$/accuracy point', 'points lost per $1k saved'],
        m.options.map((o) => [
          o.label,
          o.accuracy === undefined ? '—' : formatPercent(o.accuracy),
          formatUsd(o.costUsd),
          formatUsd(o.usdPerMillionRequests, 4),
          formatMs(o.p99Ms),
          o.sloMet === undefined ? '—' : `${formatPercent(o.sloAttainment)} ${o.sloMet ? 'pass' : 'FAIL'}`,
          o.usdPerAccuracyPointOverCheapest === undefined ? '—' : formatUsd(o.usdPerAccuracyPointOverCheapest),
          o.pointsLostPerThousandUsdSaved === undefined ? '—' : o.pointsLostPerThousandUsdSaved.toFixed(3),
        ]),
      ),
      '',
    );
  }

  if (report.featureReuse) {
    const f = report.featureReuse;
    out.push(paint(BOLD, `Feature store (${f.side})`));
    out.push(`  with reuse ${formatUsd(f.withReuseUsd)} · without ${formatUsd(f.withoutReuseUsd)} · store ${formatUsd(f.storeCostUsd)} · reuse ${f.savingsUsd >= 0 ? 'saves' : 'costs'} ${formatUsd(Math.abs(f.savingsUsd))} net`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderCompareMarkdown(report: CompareReport): string {
  const out: string[] = [];
  const labels = report.sides.map((s) => esc(s.label));
  out.push(`# Compare: ${labels.join(' vs ')}`, '');
  out.push(`| | ${labels.join(' | ')} |`, `|---|${labels.map(() => '---:').join('|')}|`);
  const line = (label: string, f: (s: CompareReport['sides'][number]) => string) => out.push(`| ${label} | ${report.sides.map(f).join(' | ')} |`);
  line('total cost', (s) => formatUsd(s.report.summary.cost.total));
  line('per 730 h month', (s) => formatUsd(s.report.summary.cost.perMonth));
  for (const name of [...new Set(report.sides.flatMap((s) => s.report.summary.workloads.map((w) => w.name)))]) {
    const pick = (s: CompareReport['sides'][number]) => s.report.summary.workloads.find((w) => w.name === name);
    line(`${esc(name)}: cost`, (s) => (pick(s) ? formatUsd(pick(s)!.cost) : '—'));
    line(`${esc(name)}: SLO`, (s) => (pick(s)?.slo ? `${formatPercent(pick(s)!.sloAttainment)} ${pick(s)!.slo!.met ? '✅' : '❌'}` : '—'));
  }
  out.push('');
  for (const w of report.waterfalls) {
    out.push(`## ${esc(w.to)} vs ${esc(w.from)}: ${signed(w.waterfall.toUsd - w.waterfall.fromUsd)}`, '', '| driver | USD |', '|---|---:|');
    for (const s of w.waterfall.steps) out.push(`| ${s.driver} | ${signed(s.usd)} |`);
    out.push(`| **total** | **${signed(w.waterfall.toUsd - w.waterfall.fromUsd)}** |`, '');
  }
  for (const t of report.tco ?? []) {
    out.push(`## Migration TCO: ${esc(t.from)} → ${esc(t.to)}`, '');
    out.push(t.result.breakEvenMonth !== null ? `Break-even in **month ${t.result.breakEvenMonth}** of ${t.result.months}.` : `No break-even within ${t.result.months} months.`, '');
  }
  return `${out.join('\n')}\n`;
}

function perfLabel(w: WorkloadReport | undefined): string {
  if (w?.latencyMs) return 'p99';
  if (w?.lagSeconds) return 'lag p99';
  if (w?.jobs) return 'jobs';
  return 'performance';
}

function perf(w: WorkloadReport | undefined): string {
  if (!w) return '—';
  if (w.latencyMs) return formatMs(w.latencyMs.p99);
  if (w.lagSeconds) return formatSeconds(w.lagSeconds.p99);
  if (w.jobs) return `${w.jobs.completed}/${w.jobs.arrived} done`;
  return '—';
}

function signed(usd: number): string {
  return `${usd >= 0 ? '+' : '−'}${formatUsd(Math.abs(usd))}`;
}

function bar(usd: number, max: number): string {
  const n = Math.round((Math.abs(usd) / max) * 20);
  return usd >= 0 ? `${'█'.repeat(n)}` : `${'░'.repeat(n)}`;
}
