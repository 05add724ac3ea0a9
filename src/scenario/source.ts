/**
 * Reads one input file (or stdin for "-") as text, refusing what no scenario should be: files
 * over 10 MB, bytes that are not UTF-8, and NUL characters. These are checked before any parser
 * sees the text, so a hostile file fails fast and with a plain message.
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Issue } from './issue.js';

export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export interface SourceText {
  /** What messages call the file: the argument as given, or "<stdin>". */
  readonly label: string;
  /** Absolute path, for resolving relative references; undefined for stdin. */
  readonly absolutePath: string | undefined;
  readonly text: string;
}

export type SourceResult = { ok: true; source: SourceText } | { ok: false; issues: Issue[] };

export async function readSource(arg: string, cwd: string, stdin: Readable): Promise<SourceResult> {
  if (arg === '-') {
    const bytes = await readStream(stdin, MAX_INPUT_BYTES);
    return bytes === 'too-large' ? tooLarge('<stdin>') : decode('<stdin>', undefined, bytes);
  }
  const absolutePath = resolve(cwd, arg);
  let handle;
  try {
    handle = await open(absolutePath, 'r');
  } catch (err) {
    return fail(arg, describeFsError(err));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return fail(arg, 'is a directory (expected a scenario file)');
    if (stat.size > MAX_INPUT_BYTES) return tooLarge(arg, stat.size);
    const bytes = await handle.readFile();
    if (bytes.length > MAX_INPUT_BYTES) return tooLarge(arg, bytes.length);
    return decode(arg, absolutePath, bytes);
  } catch (err) {
    return fail(arg, describeFsError(err));
  } finally {
    await handle.close();
  }
}

/** Validates and decodes bytes already in memory (used for stdin and by tests). */
export function decode(label: string, absolutePath: string | undefined, bytes: Uint8Array): SourceResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail(label, `is not UTF-8 text (invalid byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at}; save the file as UTF-8)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split('\n').length;
    const col = nul - before.lastIndexOf('\n');
    return {
      ok: false,
      issues: [{ file: label, line, col, path: '', message: 'contains a NUL character (got a binary or corrupted file; expected YAML or JSON text)' }],
    };
  }
  return { ok: true, source: { label, absolutePath, text } };
}

async function readStream(stream: Readable, limit: number): Promise<Uint8Array | 'too-large'> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > limit) {
      stream.destroy();
      return 'too-large';
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

function tooLarge(label: string, size?: number): SourceResult {
  const got = size === undefined ? 'more than 10 MB' : `${(size / 1024 / 1024).toFixed(1)} MB`;
  return fail(label, `is too large (got ${got}; expected at most 10 MB: put long load series in a trace CSV instead)`);
}

function fail(label: string, message: string): SourceResult {
  return { ok: false, issues: [{ file: label, line: 0, col: 0, path: '', message }] };
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found (check the path; use - to read standard input)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory (expected a scenario file)';
  return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}
