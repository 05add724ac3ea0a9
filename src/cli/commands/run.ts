import type { Command } from 'commander';
import { GateFailedError, UsageError } from '../../model/errors.js';
import { evaluateGate, parseGate, type Gate } from '../../plan/gate.js';
import type { RunReport } from '../../report/model.js';
import { colorEnabled, type CliIo } from '../io.js';
import { writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { needsBill, needsSeries, parseFormat, parseGranularity, renderReport, REPORT_FORMATS } from '../report-format.js';
import { loadScenario, runLoadedScenario } from '../scenario-run.js';

export const RUN_FORMATS = REPORT_FORMATS;

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('simulate a scenario: cost, latency and SLO attainment')
    .argument('<scenario>', 'scenario file (.yaml, .yml or .json); - reads standard input')
    .option('--runs <n>', 'Monte Carlo runs (overrides the scenario)', parsePositiveInt('--runs'))
    .option('--seed <s>', 'PRNG seed (overrides the scenario)', parseSeed)
    .option('--threads <n>', `worker threads for Monte Carlo runs; 1 = in-process (default: available cores, at most 8)`, parseThreads)
    .option('--variant <name>', 'simulate one of the scenario\'s variants')
    .option('--format <format>', `output format: ${RUN_FORMATS.join(', ')}`, 'table')
    .option('--series <resolution>', 'include per-hour time series (json: series and the hourly bill, for capsim report; csv): hourly')
    .option('--granularity <period>', 'focus: one charge row per pool and purchase option per hourly (default) or daily period')
    .option('--out <file>', 'write the report to a file (atomically) instead of standard output')
    .option('--fail-if <gate>', "exit 4 when a gate holds, e.g. 'cost.total > 50000' or 'workloads.api.sloAttainment < 0.999' (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (file: string, opts: { runs?: number; seed?: number; threads?: number; variant?: string; format: string; series?: string; granularity?: string; out?: string; failIf: string[] }) => {
      const format = parseFormat('run', opts.format, RUN_FORMATS);
      // Gates are parsed before simulating: a typo should not cost a long run.
      const gates: Gate[] = [];
      for (const text of opts.failIf) {
        const parsed = parseGate(text);
        if (!parsed.ok) throw new UsageError(parsed.message);
        gates.push(parsed.gate);
      }
      const granularity = parseGranularity('run', opts.granularity, format);
      if (opts.series !== undefined && opts.series !== 'hourly') {
        throw new UsageError(`capsim run: unknown --series ${JSON.stringify(opts.series)} (expected hourly)`);
      }
      const loaded = await loadScenario(file, io);
      const progress = progressReporter(io, 'simulating');
      const result = await runLoadedScenario(loaded, io, {
        ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
        ...(opts.variant !== undefined ? { variant: opts.variant } : {}),
        series: opts.series === 'hourly' || needsSeries(format),
        bill: opts.series === 'hourly' || needsBill(format),
        onProgress: progress.update,
      });
      progress.stop();
      const text = renderReport(result.report, { format, series: opts.series === 'hourly', granularity, color: colorEnabled(io) && opts.out === undefined });
      await writeOutput(io, text, opts.out);
      checkGates(gates, result.report, io);
    });
}

/** Reports every gate, then exits 4 if any held (the report has already been written). */
function checkGates(gates: readonly Gate[], report: RunReport, io: CliIo): void {
  if (gates.length === 0) return;
  const results = gates.map((g) => evaluateGate(g, report));
  const unknown = results.filter((r) => r.kind === 'unknown');
  if (unknown.length > 0) throw new UsageError(unknown.map((r) => (r.kind === 'unknown' ? r.message : '')).join('\n'));
  const failed = results.filter((r) => r.kind === 'failed');
  for (const r of results) {
    if (r.kind === 'unknown') continue;
    io.stderr.write(`${r.kind === 'failed' ? 'FAIL' : 'pass'}  ${r.gate.text}  (${r.gate.path.join('.')} = ${formatGateValue(r.value)}; threshold ${formatGateValue(r.gate.threshold)})\n`);
  }
  if (failed.length > 0) throw new GateFailedError(`capsim run: ${failed.length} of ${gates.length} gate${gates.length === 1 ? '' : 's'} failed: ${failed.map((r) => r.gate.text).join('; ')}`);
}

function formatGateValue(x: number): string {
  return Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(Number(x.toPrecision(6)));
}

function parsePositiveInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError(`${flag} must be a whole number from 1 to 100000 (got ${JSON.stringify(text)})`);
    return n;
  };
}

/** Results never depend on it; more threads than cores only adds contention, hence the cap. */
function parseThreads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--threads must be a whole number from 1 to 256 (got ${JSON.stringify(text)})`);
  return n;
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got ${JSON.stringify(text)})`);
  return n;
}
