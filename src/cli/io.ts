import type { Readable } from 'node:stream';

/**
 * Everything a command may touch outside the process's own memory. Commands receive it instead
 * of reaching for `process`, so tests run them in-process with captured streams.
 */
export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly stdin: Readable;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is an interactive terminal (table output, TUI). */
  readonly stdoutIsTTY: boolean;
  /** True when stderr is an interactive terminal (progress bars). */
  readonly stderrIsTTY: boolean;
}

export interface Writer {
  write(chunk: string): unknown;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** NO_COLOR (no-color.org): any non-empty value turns colour off; TERM=dumb does too. */
export function colorEnabled(io: CliIo): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR === '0') return false;
  if (io.env.TERM === 'dumb') return false;
  return io.stdoutIsTTY || Boolean(io.env.FORCE_COLOR);
}
