import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from './harness.js';

const BAD = 'schemaVersion: 1\nname: x\nhorizon: 1d\npools:\n  api: {instance: m5.large, count: -1, purchse: {}}\n';
const GOOD = readFileSync('scenarios/ecommerce-recs-inference.yaml', 'utf8');

// Every behaviour is checked twice: in-process (fast, same code path) and through the real binary.
const runners: Array<[string, (args: string[], opts?: { stdin?: string }) => Promise<CliRun> | CliRun]> = [
  ['in-process', runInProcess],
  ['binary', runBinary],
];

describe.each(runners)('capsim validate (%s)', (_name, run) => {
  it('exits 0 and summarises a valid file on stdout', async () => {
    const r = await run(['validate', 'scenarios/ecommerce-recs-inference.yaml']);
    expect(r).toEqual({
      code: 0,
      stdout: 'ok  scenarios/ecommerce-recs-inference.yaml  30d at 1m · 1 pool · 1 workload (1 inference) · 2 variants\n',
      stderr: '',
    });
  });

  it('exits 2 and reports every problem on stderr, nothing on stdout', async () => {
    const r = await run(['validate', '-'], { stdin: BAD });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        '<stdin>:5:36 pools.api.count: too small (got -1; expected at least 0)',
        '<stdin>:5:40 pools.api.purchse: unknown key (got "purchse"; did you mean "purchase"? expected one of instance, custom, catalog, count, purchase, autoscaling, spot, onPrem)',
        '2 problems in 1 of 1 file',
        '',
      ].join('\n'),
    );
  });

  it('validates several files and reports each one', async () => {
    const r = await run(['validate', 'scenarios/ecommerce-recs-inference.yaml', 'no/such/file.yaml', '-'], { stdin: GOOD });
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toContain('no/such/file.yaml: file not found (check the path; use - to read standard input)');
    expect(r.stderr).toContain('1 problem in 1 of 3 files');
  });

  it('prints machine-readable results with --format json', async () => {
    const r = await run(['validate', '--format', 'json', '-'], { stdin: BAD });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; files: Array<{ issues: Array<{ line: number; col: number; path: string }> }> };
    expect(out.ok).toBe(false);
    expect(out.files[0]?.issues.map((i) => [i.line, i.col, i.path])).toEqual([
      [5, 36, 'pools.api.count'],
      [5, 40, 'pools.api.purchse'],
    ]);
  });

  it('is a usage error (exit 2) to give no file or a bad flag', async () => {
    const none = await run(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'files'");
    const flag = await run(['validate', '--bogus', 'x.yaml']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--bogus'");
    const format = await run(['validate', '--format', 'xml', 'x.yaml']);
    expect(format).toMatchObject({ code: 2, stdout: '' });
    expect(format.stderr).toContain('unknown --format "xml" (expected text or json)');
  });

  it('never prints a stack trace for hostile input', async () => {
    for (const input of ['\u0000\u0001', '['.repeat(50_000), 'a: *b', 'x: !!js/function "f"', '\uFEFF{"schemaVersion": 1}']) {
      const r = await run(['validate', '-'], { stdin: input });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toMatch(/^<stdin>/);
    }
  });
});

describe.each(runners)('capsim schema (%s)', (_name, run) => {
  it('prints the committed JSON Schema on stdout', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync('schema/scenario.schema.json', 'utf8'));
  });
});

describe.each(runners)('capsim top level (%s)', (_name, run) => {
  it('--help lists the commands and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: capsim');
    expect(r.stdout).toMatch(/validate \[options\] <files\.\.\.>/);
    expect(r.stdout).toContain('schema');
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`, stderr: '' });
  });

  it('an unknown command is a usage error', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('with no command, runs the main job on the bundled example', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('E-commerce recommendations API');
  });
});

describe('binary only', () => {
  it('validates a file named .json as strict JSON', () => {
    const r = runBinary(['validate', 'test/fixtures/scenarios/minimal.json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits quietly when stdout is closed early (| head)', () => {
    const r = spawnHead();
    expect(r.stderr).not.toContain('EPIPE');
  });
});

function spawnHead(): { stderr: string } {
  // `capsim schema | head -c 10`: the pipe closes before the schema is written.
  const r = spawnSync('sh', ['-c', `"${process.execPath}" dist/cli/main.js schema | head -c 10 >/dev/null`], { encoding: 'utf8' });
  return { stderr: r.stderr };
}
