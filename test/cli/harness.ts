import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
}

/** Runs the CLI in this process with captured streams: the same code path as the binary. */
export async function runInProcess(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the built binary (dist/cli/main.js) as a child process, as a user's shell would. */
export function runBinary(args: string[], opts: RunOptions = {}): CliRun {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', ...args], {
    input: opts.stdin,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
