import type { Command } from 'commander';
import { UsageError, ValidationError } from '../../model/errors.js';
import { formatIssue } from '../../scenario/issue.js';
import { loadSavedReport } from '../../scenario/saved-report.js';
import { colorEnabled, type CliIo } from '../io.js';
import { writeOutput } from '../output.js';
import { parseFormat, parseGranularity, renderReport, type ReportFormat } from '../report-format.js';

export const SAVED_REPORT_FORMATS: readonly ReportFormat[] = ['table', 'md', 'csv', 'html', 'focus'];

/**
 * `capsim report <result.json>`: renders a result saved by `capsim run --format json` in another
 * format, without simulating again. Charts, the hourly CSV and FOCUS need the hourly data, which
 * a result carries when it was saved with `--series hourly`.
 */
export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('render a saved result (capsim run --format json --series hourly > result.json) as table, md, csv, html or focus')
    .argument('<result>', 'saved result (.json); - reads standard input')
    .option('--format <format>', `output format: ${SAVED_REPORT_FORMATS.join(', ')}`, 'table')
    .option('--series <resolution>', 'csv: one row per workload-hour (needs a result saved with --series hourly): hourly')
    .option('--granularity <period>', 'focus: hourly (default) or daily charge periods')
    .option('--out <file>', 'write the report to a file (atomically) instead of standard output')
    .action(async (file: string, opts: { format: string; series?: string; granularity?: string; out?: string }) => {
      const format = parseFormat('report', opts.format, SAVED_REPORT_FORMATS);
      const granularity = parseGranularity('report', opts.granularity, format);
      if (opts.series !== undefined && opts.series !== 'hourly') {
        throw new UsageError(`capsim report: unknown --series ${JSON.stringify(opts.series)} (expected hourly)`);
      }
      const loaded = await loadSavedReport(file, io.cwd, io.stdin);
      if (!loaded.ok) throw new ValidationError(loaded.issues.map(formatIssue));
      const report = loaded.report;
      const label = file === '-' ? '<stdin>' : file;
      const rerun = 'save the result with capsim run <scenario> --format json --series hourly';
      if (format === 'focus' && !report.bill) {
        throw new ValidationError([`${label}: has no hourly bill, which --format focus needs (${rerun})`]);
      }
      if (format === 'csv' && opts.series === 'hourly' && !report.series) {
        throw new ValidationError([`${label}: has no hourly series, which --series hourly needs (${rerun})`]);
      }
      const text = renderReport(report, { format, series: opts.series === 'hourly', granularity, color: colorEnabled(io) && opts.out === undefined });
      await writeOutput(io, text, opts.out);
    });
}
