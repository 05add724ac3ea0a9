import type { Command } from 'commander';
import { UsageError, ValidationError } from '../../model/errors.js';
import { moved, numericInputs } from '../../plan/sensitivity.js';
import { grid, gridSize, paretoFront, parseAxis, type SweepAxis } from '../../plan/sweep.js';
import { formatMs, formatPercent, formatUsd, table } from '../../report/format.js';
import type { RunReport } from '../../report/model.js';
import { formatIssue } from '../../scenario/issue.js';
import { patchScenario } from '../../scenario/load.js';
import type { CliIo } from '../io.js';
import { progressReporter } from '../progress.js';
import { loadScenario, simulateScenario } from '../scenario-run.js';
import { toolVersion } from '../version.js';

const FORMATS = ['table', 'json'] as const;
/** Each candidate is a full simulation: a budget keeps a typo like 0..1000:0.001 from running for hours. */
const DEFAULT_BUDGET = 200;

interface SweepOptions {
  set: string[];
  sensitivity?: string | boolean;
  budget: number;
  runs?: number;
  threads?: number;
  format: string;
}

interface Row {
  readonly patch: Readonly<Record<string, unknown>>;
  readonly report: RunReport;
}

export function registerSweep(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('parameter sweeps over any scenario path, with the Pareto set; --sensitivity for a tornado of every numeric input')
    .argument('<scenario>', 'scenario file')
    .option('--set <path=values>', 'a path and its values: a..b:step or v1,v2,... (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--sensitivity [percent]', 'move every numeric input down and up by this percent (default 10) and rank the impact')
    .option('--budget <n>', 'most candidates to simulate', (v: string) => positive(v, '--budget'), DEFAULT_BUDGET)
    .option('--runs <n>', 'Monte Carlo runs per candidate', (v: string) => positive(v, '--runs'))
    .option('--threads <n>', 'worker threads for Monte Carlo runs', (v: string) => positive(v, '--threads'))
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .action(async (file: string, opts: SweepOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`capsim sweep: unknown --format ${JSON.stringify(opts.format)} (expected ${FORMATS.join(', ')})`);
      if (opts.set.length === 0 && opts.sensitivity === undefined) throw new UsageError('capsim sweep needs --set path=values or --sensitivity');
      const loaded = await loadScenario(file, io);
      const simulate = async (patch: Readonly<Record<string, unknown>>, label: string) => {
        const patched = patchScenario(loaded, patch, label);
        if (!patched.ok) throw new ValidationError(patched.issues.map(formatIssue));
        const r = await simulateScenario(loaded, patched.scenario, io, { series: false, ...(opts.runs ? { runs: opts.runs } : {}), ...(opts.threads ? { threads: opts.threads } : {}) });
        return r.report;
      };

      if (opts.sensitivity !== undefined) {
        const percent = opts.sensitivity === true ? 10 : Number(opts.sensitivity);
        if (!(percent > 0 && percent < 100)) throw new UsageError(`--sensitivity must be a percent between 0 and 100 (got ${JSON.stringify(opts.sensitivity)})`);
        await sensitivity(loaded, percent / 100, opts, io, simulate);
        return;
      }

      const axes: SweepAxis[] = [];
      for (const s of opts.set) {
        const a = parseAxis(s);
        if (!a.ok) throw new UsageError(a.message);
        axes.push(a.axis);
      }
      const size = gridSize(axes);
      if (size > opts.budget) throw new UsageError(`the sweep has ${size} candidates, over the budget of ${opts.budget} (use coarser steps or fewer values, or raise --budget)`);
      const combos = grid(axes);
      // Every combination is validated before any simulation runs, so a bad value fails fast.
      for (const patch of combos) {
        const p = patchScenario(loaded, patch, `--set ${Object.entries(patch).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
        if (!p.ok) throw new ValidationError(p.issues.map(formatIssue));
      }
      const progress = progressReporter(io, 'sweeping', 'candidates');
      const rows: Row[] = [];
      for (const patch of combos) {
        rows.push({ patch, report: await simulate(patch, 'sweep') });
        progress.update(rows.length, combos.length);
      }
      progress.stop();
      const front = new Set(paretoFront(rows.map((r) => ({ costUsd: r.report.summary.cost.total, quality: worstAttainment(r.report) }))));
      if (opts.format === 'json') {
        io.stdout.write(`${JSON.stringify({ capsimSweep: 1, toolVersion: toolVersion(), scenario: loaded.scenario.name, axes, results: rows.map((r, i) => ({ patch: r.patch, pareto: front.has(i), cost: r.report.summary.cost.total, sloAttainment: worstAttainment(r.report), workloads: r.report.summary.workloads })) }, jsonSafe, 2)}\n`);
        return;
      }
      const header = [...axes.map((a) => a.path), 'cost', 'p99 / lag / jobs', 'worst SLO', 'Pareto'];
      const body = rows.map((r, i) => [...axes.map((a) => String(r.patch[a.path])), formatUsd(r.report.summary.cost.total), perf(r.report), formatPercent(worstAttainment(r.report)), front.has(i) ? '◆' : '']);
      io.stdout.write(`Sweep of ${loaded.scenario.name}: ${rows.length} candidates (◆ = Pareto: no other is both cheaper and better on SLO)\n\n${table(header, body)}\n`);
    });
}

async function sensitivity(
  loaded: Awaited<ReturnType<typeof loadScenario>>,
  fraction: number,
  opts: SweepOptions,
  io: CliIo,
  simulate: (patch: Readonly<Record<string, unknown>>, label: string) => Promise<RunReport>,
): Promise<void> {
  const inputs = numericInputs(loaded.scenario);
  if (inputs.length * 2 + 1 > opts.budget) throw new UsageError(`sensitivity needs ${inputs.length * 2 + 1} runs, over the budget of ${opts.budget} (raise --budget)`);
  const base = await simulate({}, 'base');
  const baseCost = base.summary.cost.total;
  const baseP99 = firstP99(base);
  const progress = progressReporter(io, 'sensitivity', 'inputs');
  const rows: Array<{ path: string; value: number; low?: RunReport; high?: RunReport; skipped?: string }> = [];
  let done = 0;
  for (const input of inputs) {
    const row: (typeof rows)[number] = { path: input.path, value: input.value };
    for (const [side, delta] of [['low', -fraction], ['high', fraction]] as const) {
      const v = moved(input, delta);
      if (v === undefined) continue;
      const patched = patchScenario(loaded, { [input.path]: v }, `sensitivity ${input.path}=${v}`);
      if (!patched.ok) {
        row.skipped = patched.issues[0]?.message;
        continue;
      }
      row[side] = (await simulateScenario(loaded, patched.scenario, io, { series: false, ...(opts.runs ? { runs: opts.runs } : {}), ...(opts.threads ? { threads: opts.threads } : {}) })).report;
    }
    rows.push(row);
    progress.update(++done, inputs.length);
  }
  progress.stop();
  const impact = (r: RunReport | undefined) => (r ? r.summary.cost.total - baseCost : 0);
  rows.sort((a, b) => Math.max(Math.abs(impact(b.low)), Math.abs(impact(b.high))) - Math.max(Math.abs(impact(a.low)), Math.abs(impact(a.high))));
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ capsimSensitivity: 1, toolVersion: toolVersion(), scenario: loaded.scenario.name, percent: fraction * 100, baseCost, baseP99Ms: baseP99, inputs: rows.map((r) => ({ path: r.path, value: r.value, costLow: r.low?.summary.cost.total ?? null, costHigh: r.high?.summary.cost.total ?? null, p99LowMs: r.low ? firstP99(r.low) : null, p99HighMs: r.high ? firstP99(r.high) : null, skipped: r.skipped ?? null })) }, jsonSafe, 2)}\n`);
    return;
  }
  const max = Math.max(1e-9, ...rows.map((r) => Math.max(Math.abs(impact(r.low)), Math.abs(impact(r.high)))));
  const body = rows.map((r) => [
    r.path,
    String(Number(r.value.toPrecision(6))),
    r.low ? signed(impact(r.low)) : '—',
    r.high ? signed(impact(r.high)) : '—',
    tornado(impact(r.low), impact(r.high), max),
    r.low && Number.isFinite(baseP99) ? formatMs(firstP99(r.low)) : '—',
    r.high && Number.isFinite(baseP99) ? formatMs(firstP99(r.high)) : '—',
  ]);
  io.stdout.write(
    `Sensitivity of ${loaded.scenario.name} to ±${fraction * 100}% on each input (base ${formatUsd(baseCost)}${Number.isFinite(baseP99) ? `, p99 ${formatMs(baseP99)}` : ''}), largest cost impact first\n\n` +
      `${table(['input', 'value', `cost −${fraction * 100}%`, `cost +${fraction * 100}%`, 'impact', `p99 −${fraction * 100}%`, `p99 +${fraction * 100}%`], body)}\n`,
  );
}

function worstAttainment(r: RunReport): number {
  const values = r.summary.workloads.map((w) => w.sloAttainment).filter((v) => Number.isFinite(v));
  return values.length ? Math.min(...values) : NaN;
}

function firstP99(r: RunReport): number {
  return r.summary.workloads.find((w) => w.latencyMs)?.latencyMs?.p99 ?? NaN;
}

function perf(r: RunReport): string {
  const w = r.summary.workloads[0];
  if (!w) return '—';
  if (w.latencyMs) return formatMs(w.latencyMs.p99);
  if (w.lagSeconds) return `${w.lagSeconds.p99.toFixed(1)} s lag`;
  if (w.jobs) return `${w.jobs.completed}/${w.jobs.arrived} jobs`;
  return '—';
}

function signed(usd: number): string {
  return `${usd >= 0 ? '+' : '−'}${formatUsd(Math.abs(usd))}`;
}

function tornado(low: number, high: number, max: number): string {
  const width = 10;
  const l = Math.round((Math.abs(low) / max) * width);
  const h = Math.round((Math.abs(high) / max) * width);
  return `${' '.repeat(width - l)}${'▓'.repeat(l)}|${'▓'.repeat(h)}${' '.repeat(width - h)}`;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError(`${flag} must be a whole number ≥ 1 (got ${JSON.stringify(text)})`);
  return n;
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
