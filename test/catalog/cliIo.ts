import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with captured, non-TTY streams. */
export async function capsim(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([]),
    cwd,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
