import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { colorEnabled, type CliIo } from '../io.js';
import { progressReporter } from '../progress.js';
import { loadScenario, runLoadedScenario } from '../scenario-run.js';

export const RUN_FORMATS = ['table', 'json', 'md', 'csv'] as const;

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
    .option('--series <resolution>', 'include per-hour time series (json, csv): hourly')
    .action(async (file: string, opts: { runs?: number; seed?: number; threads?: number; variant?: string; format: string; series?: string }) => {
      if (!(RUN_FORMATS as readonly string[]).includes(opts.format)) {
        throw new UsageError(`capsim run: unknown --format ${JSON.stringify(opts.format)} (expected ${RUN_FORMATS.join(', ')})`);
      }
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
        series: opts.series === 'hourly',
        onProgress: progress.update,
      });
      progress.stop();
      const report = result.report;
      switch (opts.format) {
        case 'json':
          io.stdout.write(renderJson(report));
          break;
        case 'md':
          io.stdout.write(renderMarkdown(report));
          break;
        case 'csv':
          io.stdout.write(renderCsv(report, { series: opts.series === 'hourly' }));
          break;
        default:
          io.stdout.write(renderTable(report, { color: colorEnabled(io) }));
      }
    });
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
