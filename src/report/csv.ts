/**
 * CSV for spreadsheets: one row per workload (plus a total), or with `series` one row per
 * workload-hour. Cells that came from a scenario are neutralised against formula injection
 * (a leading = + - @ makes spreadsheets evaluate the cell; see csv-cell.ts).
 */
import { SERIES_CHANNELS } from '../sim/series.js';
import { csvLines, numberCell as num, textCell as text } from './csv-cell.js';
import type { RunReport } from './model.js';

export interface CsvOptions {
  readonly series: boolean;
}

export function renderCsv(report: RunReport, options: CsvOptions): string {
  return options.series && report.series ? seriesCsv(report) : summaryCsv(report);
}

const SUMMARY_HEADER = [
  'scenario', 'workload', 'kind', 'pool', 'cost_usd', 'slo', 'slo_attainment', 'slo_met',
  'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms', 'requests_arrived', 'requests_served', 'requests_dropped',
  'lag_p99_s', 'lag_max_s', 'jobs_completed', 'jobs_missed_deadline', 'mean_runtime_h',
  'instance_hours', 'peak_instances', 'interruptions', 'unit_cost_usd', 'unit',
];

function summaryCsv(report: RunReport): string {
  const rows: string[][] = [SUMMARY_HEADER];
  for (const w of report.summary.workloads) {
    rows.push([
      text(report.scenario.name), text(w.name), w.kind, text(w.pool), num(w.cost), text(w.slo?.label ?? ''), num(w.sloAttainment), w.slo ? String(w.slo.met) : '',
      num(w.latencyMs?.p50), num(w.latencyMs?.p95), num(w.latencyMs?.p99), num(w.requests?.arrived), num(w.requests?.served), num(w.requests?.dropped),
      num(w.lagSeconds?.p99), num(w.lagSeconds?.max), num(w.jobs?.completed), num(w.jobs?.missedDeadline), num(w.jobs?.meanRuntimeHours),
      num(w.instanceHours), num(w.peakInstances), num(w.interruptions), num(w.unitCost?.usd), w.unitCost?.per ?? '',
    ]);
  }
  const c = report.summary.cost;
  rows.push([text(report.scenario.name), '(total)', '', '', num(c.total), ...new Array<string>(SUMMARY_HEADER.length - 5).fill('')]);
  return csvLines(rows);
}

/**
 * One row per workload-hour: the engine's hourly channels (latency is the hourly mean: the
 * engine keeps full percentiles only over the whole horizon), then the hour's bill of the
 * workload's pool by purchase option (when the report has the bill) and the scenario's cost.
 */
function seriesCsv(report: RunReport): string {
  const series = report.series!;
  const bill = report.bill;
  const rows: string[][] = [['scenario', 'workload', 'hour', ...SERIES_CHANNELS, 'pool', ...POOL_COST_COLUMNS, 'scenario_cost_usd']];
  const hours = series.costUsd.length;
  for (const [name, channels] of Object.entries(series.workloads)) {
    const poolName = report.summary.workloads.find((w) => w.name === name)?.pool ?? '';
    const pool = bill?.pools.find((p) => p.name === poolName);
    for (let h = 0; h < hours; h++) {
      const cost = !pool
        ? POOL_COST_COLUMNS.map(() => '')
        : pool.kind === 'on-prem'
          ? ['0', '0', '0', num(pool.hourly.onPremUsd[h])]
          : [num(pool.hourly.onDemandUsd[h]), num(pool.hourly.spotUsd[h]), num((pool.hourly.committedUsedUsd[h] ?? 0) + (pool.hourly.committedUnusedUsd[h] ?? 0)), '0'];
      rows.push([text(report.scenario.name), text(name), String(h), ...SERIES_CHANNELS.map((c) => num(channels[c]?.[h])), text(poolName), ...cost, num(series.costUsd[h])]);
    }
  }
  return csvLines(rows);
}

const POOL_COST_COLUMNS = ['pool_on_demand_usd', 'pool_spot_usd', 'pool_committed_usd', 'pool_on_prem_usd'];
