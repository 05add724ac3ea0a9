import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decode, MAX_INPUT_BYTES, readSource } from '../../src/scenario/source.js';

const empty = () => Readable.from([]);

describe('readSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-source-'));

  it('refuses a file over 10 MB before reading it', async () => {
    const path = join(dir, 'big.yaml');
    writeFileSync(path, Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20));
    const r = await readSource(path, '/', empty());
    expect(r).toEqual({
      ok: false,
      issues: [{ file: path, line: 0, col: 0, path: '', message: 'is too large (got 10.0 MB; expected at most 10 MB: put long load series in a trace CSV instead)' }],
    });
  });

  it('refuses standard input over 10 MB without buffering all of it', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const r = await readSource('-', '/', Readable.from(Array.from({ length: 12 }, () => chunk)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]?.message).toBe('is too large (got more than 10 MB; expected at most 10 MB: put long load series in a trace CSV instead)');
  });

  it('says which file is missing and how to read stdin instead', async () => {
    const r = await readSource('missing.yaml', dir, empty());
    expect(!r.ok && r.issues[0]?.message).toBe('file not found (check the path; use - to read standard input)');
  });

  it('refuses a directory', async () => {
    const r = await readSource(dir, '/', empty());
    expect(!r.ok && r.issues[0]?.message).toBe('is a directory (expected a scenario file)');
  });

  it('reads relative paths against the working directory and remembers the absolute path', async () => {
    writeFileSync(join(dir, 'ok.yaml'), 'a: 1\n');
    const r = await readSource('ok.yaml', dir, empty());
    expect(r.ok && r.source).toEqual({ label: 'ok.yaml', absolutePath: join(dir, 'ok.yaml'), text: 'a: 1\n' });
  });
});

describe('decode', () => {
  it('refuses bytes that are not UTF-8 and says where', () => {
    const r = decode('x.yaml', undefined, Uint8Array.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(!r.ok && r.issues[0]?.message).toBe('is not UTF-8 text (invalid byte 0xff at offset 3; save the file as UTF-8)');
  });

  it('refuses Latin-1 text (a common editor mistake)', () => {
    const r = decode('x.yaml', undefined, Buffer.from('name: caf\xe9\n', 'latin1'));
    expect(!r.ok && r.issues[0]?.message).toBe('is not UTF-8 text (invalid byte 0xe9 at offset 9; save the file as UTF-8)');
  });

  it('refuses NUL characters with their position', () => {
    const r = decode('x.yaml', undefined, Buffer.from('a: 1\nb: \u0000\n'));
    expect(!r.ok && r.issues[0]).toEqual({
      file: 'x.yaml',
      line: 2,
      col: 4,
      path: '',
      message: 'contains a NUL character (got a binary or corrupted file; expected YAML or JSON text)',
    });
  });

  it('strips a UTF-8 byte-order mark', () => {
    const r = decode('x.yaml', undefined, Buffer.from('\uFEFFa: 1\n'));
    expect(r.ok && r.source.text).toBe('a: 1\n');
  });
});
