/**
 * Where a command's data goes: stdout, or with `--out <file>` a file written atomically (a
 * temporary file in the same directory, then a rename), so a reader never sees half a report
 * and a failed run never clobbers the last good one.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RuntimeUserError } from '../model/errors.js';
import type { CliIo } from './io.js';

export async function writeOutput(io: CliIo, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, out);
  // Same directory, so the rename is atomic (no cross-device move); dot-prefixed and .tmp so
  // a leftover from a crash is hidden and git-ignored.
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new RuntimeUserError(`capsim: cannot write ${out}: ${describe(err)}`);
  }
  io.stderr.write(`wrote ${out} (${formatBytes(Buffer.byteLength(text))})\n`);
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return code ?? (err instanceof Error ? err.message : String(err));
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${n} B`;
}
