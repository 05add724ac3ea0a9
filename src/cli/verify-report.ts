/**
 * What `capsim verify` prints: one row per case with each metric's error (± one standard error
 * over the seeds) and PASS/MISS against its target, then every miss with the known limit that
 * explains it. Also the versioned JSON form. Pure: text in, text out.
 */
import { FIDELITY_TARGETS, P99_TARGET_MAX_UTILIZATION, withinBound, type CaseComparison, type MetricComparison } from '../sim/reference/comparison.js';

export interface VerifyReport {
  readonly title: string;
  readonly seeds: number;
  /** Caveats: a capped horizon, skipped workloads, trace replay… */
  readonly notes: readonly string[];
  readonly cases: readonly CaseComparison[];
}

export const VERIFY_JSON_VERSION = 1;

export function renderVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(
    {
      verifyVersion: VERIFY_JSON_VERSION,
      title: report.title,
      seeds: report.seeds,
      targets: { ...FIDELITY_TARGETS, p99AppliesUpToUtilization: P99_TARGET_MAX_UTILIZATION },
      notes: report.notes,
      summary: summarize(report.cases),
      cases: report.cases,
    },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  )}\n`;
}

export function renderVerifyTable(report: VerifyReport): string {
  const out: string[] = [];
  out.push(report.title);
  out.push(
    `targets: cost within ${pct(FIDELITY_TARGETS.cost!)}, mean latency within ${pct(FIDELITY_TARGETS.mean!)}, p99 within ${pct(FIDELITY_TARGETS.p99!)} when ρ ≤ ${P99_TARGET_MAX_UTILIZATION}`,
  );
  out.push(
    `errors are (engine − reference) / reference; dropped is the difference of dropped shares in percentage points; ± is one standard error over the seeds (paired runs; ${report.seeds} per case unless the seeds column says more)`,
  );
  for (const note of report.notes) out.push(`note: ${note}`);
  out.push('');
  const header = ['case', 'ρ', 'c', 'service', 'seeds', 'req/run', 'mean', 'p95', 'p99', 'dropped', 'cost'];
  const rows = report.cases.map((c) => [
    c.id,
    Number.isFinite(c.utilization) ? c.utilization.toFixed(2) : '—',
    Number.isFinite(c.servers) && c.servers > 0 ? String(c.servers) : '—',
    c.service,
    String(c.seeds),
    count(c.reference.arrivedPerSeed),
    ...(['mean', 'p95', 'p99', 'dropped', 'cost'] as const).map((m) => cell(metricOf(c, m))),
  ]);
  out.push(layout(header, rows));
  const s = summarize(report.cases);
  out.push('');
  out.push(`targets checked: ${s.checked}, PASS ${s.passed}, MISS ${s.missed}`);
  const misses = report.cases.flatMap((c) => c.metrics.filter((m) => m.status === 'MISS' || withinBound(m) === false).map((m) => ({ c, m })));
  if (misses.length > 0) {
    out.push('');
    out.push('misses and known limits:');
    for (const { c, m } of misses) {
      const measured = `${m.metric} ${signed(m)}${se(m)}`;
      const target = m.target === undefined ? 'no target' : `target ±${pct(m.target)}`;
      if (m.limit && withinBound(m)) {
        out.push(`  ${c.id}: ${measured} (${target}); known limit ±${boundText(m)}: ${m.limit.why}`);
      } else if (m.limit) {
        out.push(`  ${c.id}: ${measured} (${target}) is OUTSIDE its known limit ±${boundText(m)}: ${m.limit.why}`);
      } else {
        out.push(`  ${c.id}: ${measured} (${target}); no known limit documented`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

export function summarize(cases: readonly CaseComparison[]): { checked: number; passed: number; missed: number; outsideKnownLimits: number } {
  let checked = 0;
  let passed = 0;
  let outside = 0;
  for (const c of cases) {
    for (const m of c.metrics) {
      if (m.status !== 'n/a') {
        checked++;
        if (m.status === 'PASS') passed++;
      }
      if (m.limit && withinBound(m) === false) outside++;
    }
  }
  return { checked, passed, missed: checked - passed, outsideKnownLimits: outside };
}

function metricOf(c: CaseComparison, metric: MetricComparison['metric']): MetricComparison {
  return c.metrics.find((m) => m.metric === metric)!;
}

function cell(m: MetricComparison): string {
  if (!Number.isFinite(m.error)) return m.engine === m.reference ? '0' : '—';
  const status = m.status === 'n/a' ? '' : ` ${m.status}`;
  return `${signed(m)}${se(m)}${status}`;
}

function signed(m: MetricComparison): string {
  if (m.metric === 'dropped') return `${m.error >= 0 ? '+' : '−'}${Math.abs(m.error * 100).toFixed(3)}pp`;
  return `${m.error >= 0 ? '+' : '−'}${Math.abs(m.error * 100).toFixed(2)}%`;
}

function se(m: MetricComparison): string {
  if (!Number.isFinite(m.errorSe)) return '';
  return m.metric === 'dropped' ? ` ±${(m.errorSe * 100).toFixed(3)}` : ` ±${(m.errorSe * 100).toFixed(2)}`;
}

function boundText(m: MetricComparison): string {
  const b = m.limit?.bound ?? NaN;
  return m.metric === 'dropped' ? `${(b * 100).toFixed(1)}pp` : pct(b);
}

function pct(x: number): string {
  return `${+(x * 100).toFixed(2)}%`;
}

function count(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return String(Math.round(n));
}

function layout(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = header.map((_, i) => i >= 1 && i !== 3);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
