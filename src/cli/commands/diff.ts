import type { Command } from 'commander';
import { GateFailedError, UsageError, ValidationError } from '../../model/errors.js';
import { diffResults, renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../report/diff.js';
import { formatIssue } from '../../scenario/issue.js';
import { loadSavedReport } from '../../scenario/saved-report.js';
import type { CliIo } from '../io.js';
import { ExitCode } from '../program.js';

const FORMATS = ['md', 'table', 'json'] as const;

export function registerDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('compare two saved results for a pull request; exit 4 past the threshold or when an SLO breaks')
    .argument('<base>', 'saved result of the base branch (capsim run --format json)')
    .argument('<head>', 'saved result of the change')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'md')
    .option('--threshold <percent>', 'fail when the total cost changes by more than this, e.g. 5%')
    .action(async (baseFile: string, headFile: string, opts: { format: string; threshold?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`capsim diff: unknown --format ${JSON.stringify(opts.format)} (expected ${FORMATS.join(', ')})`);
      let threshold: number | undefined;
      if (opts.threshold !== undefined) {
        const m = /^(\d+(?:\.\d+)?)%?$/.exec(opts.threshold.trim());
        if (!m) throw new UsageError(`--threshold must be a percent such as 5% (got ${JSON.stringify(opts.threshold)})`);
        threshold = Number(m[1]) / 100;
      }
      const [base, head] = [await loadSavedReport(baseFile, io.cwd, io.stdin), await loadSavedReport(headFile, io.cwd, io.stdin)];
      const issues = [...(base.ok ? [] : base.issues), ...(head.ok ? [] : head.issues)];
      if (!base.ok || !head.ok) throw new ValidationError(issues.map(formatIssue));
      const d = diffResults(base.report, head.report, threshold);
      io.stdout.write(opts.format === 'json' ? renderDiffJson(d) : opts.format === 'table' ? renderDiffTable(d) : renderDiffMarkdown(d));
      if (d.crossed.length > 0) {
        io.stderr.write(`capsim diff: gate failed: ${d.crossed.join('; ')}\n`);
        throw new ExitCode(new GateFailedError('').exitCode);
      }
    });
}
