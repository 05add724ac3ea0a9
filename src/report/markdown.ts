/**
 * GitHub-flavoured Markdown for design docs and pull requests: the headline, the tables, the
 * verdicts, the assumptions and the scenario hash. Scenario text is escaped so a name cannot
 * inject markup (tables, links, HTML).
 */
import { formatCount, formatMs, formatPercent, formatSeconds, formatUsd } from './format.js';
import type { RunReport, WorkloadReport } from './model.js';

export function renderMarkdown(report: RunReport): string {
  const s = report.scenario;
  const c = report.summary.cost;
  const out: string[] = [];
  out.push(`# ${esc(s.name)}${s.variant ? ` (variant ${esc(s.variant)})` : ''}`, '');
  if (s.description) out.push(esc(s.description), '');
  out.push(
    `**${formatUsd(c.total)}** over ${s.horizonHours} h (${formatUsd(c.perMonth)} per 730 h month)` +
      (report.monteCarlo ? `; P5–P95 ${formatUsd(report.monteCarlo.cost.p5)}–${formatUsd(report.monteCarlo.cost.p95)} over ${report.monteCarlo.runs} runs` : '') +
      '.',
    '',
  );
  out.push('| cost | USD |', '|---|---:|');
  const p = c.byPurchase;
  const k = c.byCategory;
  for (const [label, v] of [['on-demand', p.onDemand], ['spot', p.spot], ['committed', p.committed], ['on-prem', p.onPrem], ['compute (category)', k.compute], ['storage', k.storage], ['network', k.network], ['feature store', k.featureStore], ['**total**', c.total]] as const) {
    out.push(`| ${label} | ${formatUsd(v)} |`);
  }
  out.push('');
  if (report.summary.workloads.length > 0) {
    out.push('| workload | kind | cost | performance | SLO | attained | verdict |', '|---|---|---:|---|---|---:|---|');
    for (const w of report.summary.workloads) {
      out.push(`| ${esc(w.name)} | ${w.kind} | ${formatUsd(w.cost)} | ${performance(w)} | ${w.slo ? esc(w.slo.label) : '—'} | ${formatPercent(w.sloAttainment)} | ${w.slo ? (w.slo.met ? '✅ pass' : '❌ fail') : '—'} |`);
    }
    out.push('');
  }
  if (report.monteCarlo) {
    const mc = report.monteCarlo;
    const row = (label: string, p: { p5: number; p50: number; p95: number }, f: (x: number) => string) => `| ${label} | ${f(p.p5)} | ${f(p.p50)} | ${f(p.p95)} |`;
    out.push(`| over ${mc.runs} Monte Carlo runs | P5 | P50 | P95 |`, '|---|---:|---:|---:|');
    out.push(row('total cost', mc.cost, formatUsd), row('SLO attainment (worst workload)', mc.sloAttainment, formatPercent));
    for (const [name, w] of Object.entries(mc.workloads)) {
      out.push(row(`${esc(name)} cost`, w.cost, formatUsd));
      if (!Number.isNaN(w.sloAttainment.p50)) out.push(row(`${esc(name)} SLO attainment`, w.sloAttainment, formatPercent));
    }
    out.push('');
  }
  out.push('| pool | instance | cost | on-demand h | spot h | peak | interruptions |', '|---|---|---:|---:|---:|---:|---:|');
  for (const pool of report.summary.pools) {
    out.push(`| ${esc(pool.name)} | ${esc(pool.instance)} | ${formatUsd(pool.cost)} | ${formatCount(pool.onDemandInstanceHours)} | ${formatCount(pool.spotInstanceHours)} | ${pool.peakInstances} | ${pool.interruptions} |`);
  }
  out.push('');
  if (report.summary.featureStore) {
    const f = report.summary.featureStore;
    out.push(`Feature store: reuse ${f.reuse ? 'on' : 'off'}; store costs ${formatUsd(f.storeCost)}; reuse saves ${formatUsd(f.reuseSavings)} net of it.`, '');
  }
  out.push('**Assumptions**', '', ...report.assumptions.map((a) => `- ${esc(a)}`), '');
  out.push(`<sub>capsim ${report.toolVersion.replace(/[^\w.+-]/g, '')} · seed ${s.seed} · ${s.runs} run${s.runs === 1 ? '' : 's'} · scenario sha256 \`${s.hash}\`</sub>`, '');
  return out.join('\n');
}

function performance(w: WorkloadReport): string {
  if (w.latencyMs) return `p50 ${formatMs(w.latencyMs.p50)}, p95 ${formatMs(w.latencyMs.p95)}, p99 ${formatMs(w.latencyMs.p99)}`;
  if (w.lagSeconds) return `lag p99 ${formatSeconds(w.lagSeconds.p99)}, max ${formatSeconds(w.lagSeconds.max)}`;
  if (w.jobs) return `${w.jobs.completed}/${w.jobs.arrived} jobs, ${w.jobs.meanRuntimeHours.toFixed(2)} h mean`;
  return '—';
}

/**
 * Escapes scenario-supplied text for inline use (a heading, a paragraph, a table cell): emphasis,
 * code, links, tables, strikethrough and @mentions are defused with a backslash, HTML with
 * entities, and a leading list, heading or quote marker is escaped. Other punctuation is left
 * alone so the raw Markdown stays readable in a diff.
 */
export function esc(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|~@!]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/^(\s*\d*)([#+\-=.)])/, '$1\\$2');
}
