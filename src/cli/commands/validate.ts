import type { Command } from 'commander';
import { formatIssue, type Issue } from '../../scenario/issue.js';
import { loadScenarioFile } from '../../scenario/load.js';
import type { CliIo } from '../io.js';
import { ExitCode } from '../program.js';
import { describeScenarioShape } from '../../report/scenario-shape.js';
import { UsageError } from '../../model/errors.js';

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check scenario files and report every problem as file:line:col path: message')
    .argument('<files...>', 'scenario files (.yaml, .yml or .json); - reads standard input')
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], opts: { format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UsageError(`capsim validate: unknown --format ${JSON.stringify(opts.format)} (expected text or json)`);
      }
      if (files.filter((f) => f === '-').length > 1) throw new UsageError('capsim validate: standard input (-) can be read only once');
      const results: Array<{ file: string; ok: boolean; issues: Issue[]; summary?: string }> = [];
      for (const file of files) {
        const result = await loadScenarioFile(file, io.cwd, io.stdin);
        if (result.ok) results.push({ file, ok: true, issues: [], summary: describeScenarioShape(result.loaded.scenario, result.loaded.variants.size) });
        else results.push({ file, ok: false, issues: result.issues });
      }
      const problems = results.reduce((n, r) => n + r.issues.length, 0);
      if (opts.format === 'json') {
        io.stdout.write(`${JSON.stringify({ ok: problems === 0, files: results.map(({ summary: _s, ...r }) => r) }, null, 2)}\n`);
      } else {
        for (const r of results) {
          if (r.ok) io.stdout.write(`ok  ${r.file}  ${r.summary}\n`);
          for (const issue of r.issues) io.stderr.write(`${formatIssue(issue)}\n`);
        }
        if (problems > 0) {
          const bad = results.filter((r) => !r.ok).length;
          io.stderr.write(`${problems} problem${problems === 1 ? '' : 's'} in ${bad} of ${results.length} file${results.length === 1 ? '' : 's'}\n`);
        }
      }
      if (problems > 0) throw new ExitCode(2);
    });
}
