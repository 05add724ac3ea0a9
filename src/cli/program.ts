import { Command, CommanderError } from 'commander';
import { CapsimError } from '../model/errors.js';
import type { CliIo } from './io.js';
import { toolVersion } from './version.js';
import { registerValidate } from './commands/validate.js';
import { registerSchema } from './commands/schema.js';
import { registerDefault } from './commands/default.js';
import { registerCatalog } from './commands/catalog.js';
import { registerRun } from './commands/run.js';
import { registerCompare } from './commands/compare.js';
import { registerSweep } from './commands/sweep.js';
import { registerVerify } from './commands/verify.js';
import { registerReport } from './commands/report.js';
import { registerDiff } from './commands/diff.js';
import { registerPlan } from './commands/plan.js';

export type Registrar = (program: Command, io: CliIo) => void;

const REGISTRARS: readonly Registrar[] = [registerDefault, registerRun, registerCompare, registerSweep, registerValidate, registerSchema, registerCatalog, registerReport, registerDiff, registerVerify, registerPlan];

export function createProgram(io: CliIo): Command {
  const program = new Command('capsim')
    .description('Cloud cost simulator and capacity planner')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const register of REGISTRARS) register(program, io);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    }).showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/**
 * The one place that catches. Returns the exit code instead of calling process.exit so the same
 * path runs in-process in tests and in the real binary.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    // commander already printed its message to stderr.
    return 2;
  }
  if (err instanceof ExitCode) return err.code;
  if (err instanceof CapsimError) {
    io.stderr.write(`${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`capsim: internal error: ${message}\n`);
  if (io.env.DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  else io.stderr.write('This is a bug in capsim. Re-run with DEBUG=1 for details and report it.\n');
  return 1;
}

/** Thrown by a command that has already written its output and only needs a non-zero exit. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
