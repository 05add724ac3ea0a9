/**
 * The terminal report: what it costs, how fast it is, whether each SLO holds, in 100 columns.
 * Pure text; colour is added only when the caller asks for it.
 */
import { formatDuration } from '../model/duration.js';
import { asciiChart, type AsciiSeries } from './ascii-chart.js';
import { formatAxis, formatCount, formatMs, formatPercent, formatSeconds, formatUsd, table } from './format.js';
import type { RunReport, WorkloadReport } from './model.js';

export interface TableOptions {
  readonly color: boolean;
}

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

export function renderTable(report: RunReport, options: TableOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const s = report.scenario;
  const c = report.summary.cost;
  const out: string[] = [];
  const runs = s.runs > 1 ? `${s.runs} runs` : '1 run';
  out.push(paint(BOLD, `${s.name}${s.variant ? ` [variant ${s.variant}]` : ''}`));
  out.push(paint(DIM, `${formatHorizon(s.horizonHours)} at ${formatDuration(s.stepSeconds)} steps · seed ${s.seed} · ${runs} · scenario ${s.hash.slice(0, 12)}`));
  out.push('');
  out.push(`${paint(BOLD, 'Cost')}  ${formatUsd(c.total)} over the horizon  (${formatUsd(c.perMonth)} per 730 h month)`);
  if (report.monteCarlo) {
    const mc = report.monteCarlo.cost;
    out.push(`      P5 ${formatUsd(mc.p5)} · P50 ${formatUsd(mc.p50)} · P95 ${formatUsd(mc.p95)} over ${report.monteCarlo.runs} runs`);
  }
  const p = c.byPurchase;
  out.push(`  by purchase   on-demand ${formatUsd(p.onDemand)} · spot ${formatUsd(p.spot)} · committed ${formatUsd(p.committed)} · on-prem ${formatUsd(p.onPrem)}`);
  const k = c.byCategory;
  out.push(`  by category   compute ${formatUsd(k.compute)} · storage ${formatUsd(k.storage)} · network ${formatUsd(k.network)} · feature store ${formatUsd(k.featureStore)}`);
  out.push('');

  const rows = report.summary.workloads.map((w) => [
    w.name,
    w.kind,
    formatUsd(w.cost),
    performance(w),
    w.slo ? w.slo.label : '—',
    Number.isNaN(w.sloAttainment) ? '—' : formatPercent(w.sloAttainment),
    w.slo ? (w.slo.met ? paint(GREEN, 'pass') : paint(RED, 'FAIL')) : '',
    String(w.peakInstances),
    String(w.interruptions),
  ]);
  if (rows.length > 0) {
    out.push(paint(BOLD, 'Workloads'));
    out.push(table(['workload', 'kind', 'cost', 'performance', 'SLO', 'attained', '', 'peak', 'interrupted'], rows));
    out.push('');
  }

  const pools = report.summary.pools.map((pool) => [
    pool.name,
    pool.instance,
    formatUsd(pool.cost),
    formatCount(pool.onDemandInstanceHours),
    formatCount(pool.spotInstanceHours),
    String(pool.peakInstances),
    pool.interruptionEvents > 0 ? `${pool.interruptions} in ${pool.interruptionEvents} events` : '0',
  ]);
  out.push(paint(BOLD, 'Pools'));
  out.push(table(['pool', 'instance', 'cost', 'on-demand h', 'spot h', 'peak', 'interruptions'], pools));
  out.push('');

  if (report.summary.featureStore) {
    const f = report.summary.featureStore;
    out.push(`${paint(BOLD, 'Feature store')}  reuse ${f.reuse ? 'on' : 'off'} · store cost ${formatUsd(f.storeCost)} · reuse saves ${formatUsd(f.reuseSavings)} net of the store`);
    out.push('');
  }

  const verdicts = report.summary.workloads.filter((w) => w.slo);
  if (verdicts.length > 0) {
    out.push(paint(BOLD, 'Verdict'));
    for (const w of verdicts) out.push(`  ${w.slo!.met ? paint(GREEN, '✓') : paint(RED, '✗')} ${verdict(w, report)}`);
  }
  const charts = overTime(report, options);
  if (charts.length > 0) out.push('', paint(BOLD, 'Over time'), '', ...charts);
  return `${out.join('\n')}\n`;
}

const CHART = { width: 60, height: 8 } as const;
const UNITS = { inference: 'req/s', streaming: 'MB/s', batch: 'vCPUs' } as const;

/**
 * Hourly load against ready capacity, then latency (inference) or lag (streaming), per pool:
 * batch workloads sharing a pool share its series, so each pool is drawn once.
 */
function overTime(report: RunReport, options: TableOptions): string[] {
  const series = report.series;
  if (!series) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  const draw = (title: string, lines: AsciiSeries[]) => {
    const chart = asciiChart(lines, { ...CHART, color: options.color, format: (v) => formatAxis(v).padStart(7), hours: report.scenario.horizonHours });
    if (chart) out.push(`  ${title}`, chart, '');
  };
  for (const w of report.summary.workloads) {
    const channels = series.workloads[w.name];
    if (!channels || seen.has(w.pool)) continue;
    seen.add(w.pool);
    const unit = UNITS[w.kind];
    const label = w.kind === 'batch' ? `pool ${w.pool}` : w.name;
    if (channels.capacity && channels.load) {
      draw(`${label}: ${w.kind === 'batch' ? 'vCPUs demanded vs ready' : 'load vs ready capacity'} (${unit})`, [
        { name: `ready capacity (${unit})`, values: channels.capacity },
        { name: `${w.kind === 'batch' ? 'demanded' : 'load'} (${unit})`, values: channels.load },
      ]);
    }
    if (w.kind === 'inference' && channels.latencyMeanSeconds) {
      draw(`${label}: mean latency (ms)`, [{ name: 'mean latency of the hour (ms)', values: channels.latencyMeanSeconds.map((s) => s * 1000) }]);
    }
    if (w.kind === 'streaming' && channels.lagSeconds) {
      draw(`${label}: consumer lag (s)`, [{ name: 'mean lag of the hour (s)', values: channels.lagSeconds }]);
    }
  }
  return out;
}

function performance(w: WorkloadReport): string {
  if (w.latencyMs) return `p50 ${formatMs(w.latencyMs.p50)} · p99 ${formatMs(w.latencyMs.p99)}`;
  if (w.lagSeconds) return `lag p99 ${formatSeconds(w.lagSeconds.p99)} · max ${formatSeconds(w.lagSeconds.max)}`;
  if (w.jobs) return `${w.jobs.completed}/${w.jobs.arrived} jobs · ${w.jobs.meanRuntimeHours.toFixed(2)} h avg`;
  return '—';
}

function verdict(w: WorkloadReport, report: RunReport): string {
  const slo = w.slo!;
  const mc = report.monteCarlo?.workloads[w.name];
  const band = mc ? ` (P5–P95 over runs: ${formatPercent(mc.sloAttainment.p5)}–${formatPercent(mc.sloAttainment.p95)})` : '';
  if (w.latencyMs) {
    const dropped = w.requests && w.requests.dropped > 0 ? `; ${formatCount(w.requests.dropped)} requests dropped` : '';
    return `${w.name}: ${slo.label} — ${formatPercent(slo.attainment)} of requests within target, need ${formatPercent(slo.required)}${dropped}${band}`;
  }
  if (w.lagSeconds) return `${w.name}: ${slo.label} — ${formatPercent(slo.attainment)} of the time, need ${formatPercent(slo.required)}; worst lag ${formatSeconds(w.lagSeconds.max)}${band}`;
  if (w.jobs) return `${w.name}: ${slo.label} — ${formatPercent(slo.attainment)} of jobs on time; ${w.jobs.missedDeadline} of ${w.jobs.arrived} missed it, ${w.jobs.unfinished} still unfinished at the end${band}`;
  return w.name;
}

function formatHorizon(hours: number): string {
  if (hours % 24 === 0) return `${hours / 24} days`;
  return `${hours} h`;
}
