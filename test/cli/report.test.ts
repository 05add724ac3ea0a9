import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from './harness.js';

const SMALL = 'test/fixtures/scenarios/small-inference.yaml';
const dir = mkdtempSync(join(tmpdir(), 'capsim-report-'));
const saved = join(dir, 'small.json');
const summaryOnly = join(dir, 'summary-only.json');

const runners: Array<[string, (args: string[], opts?: { stdin?: string; env?: Record<string, string> }) => Promise<CliRun> | CliRun]> = [
  ['in-process', runInProcess],
  ['binary', runBinary],
];

beforeAll(async () => {
  const full = await runInProcess(['run', SMALL, '--format', 'json', '--series', 'hourly', '--runs', '3', '--out', saved]);
  expect(full.code).toBe(0);
  const plain = await runInProcess(['run', SMALL, '--format', 'json', '--out', summaryOnly]);
  expect(plain.code).toBe(0);
});

describe.each(runners)('capsim report (%s)', (_name, run) => {
  it('renders a saved result exactly as capsim run renders the same simulation', async () => {
    for (const format of ['md', 'table', 'csv']) {
      const direct = await run(['run', SMALL, '--format', format, '--runs', '3'], { env: { NO_COLOR: '1' } });
      const again = await run(['report', saved, '--format', format], { env: { NO_COLOR: '1' } });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout, format).toBe(direct.stdout);
    }
  }, 120_000);

  it('renders html, focus (hourly and daily) and the hourly csv from a result saved with --series hourly', async () => {
    const html = await run(['report', saved, '--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
    const focus = await run(['report', saved, '--format', 'focus']);
    expect(focus.stdout.split('\n')[0]).toMatch(/^BilledCost,BillingAccountId,/);
    expect(focus.stdout.trim().split('\n').length).toBeGreaterThan(24);
    const daily = await run(['report', saved, '--format', 'focus', '--granularity', 'daily']);
    expect(daily.stdout.trim().split('\n').length).toBeLessThan(focus.stdout.trim().split('\n').length);
    const csv = await run(['report', saved, '--format', 'csv', '--series', 'hourly']);
    expect(csv.stdout.trim().split('\n')).toHaveLength(1 + 24);
  });

  it('reads standard input', async () => {
    const r = await run(['report', '-', '--format', 'md'], { stdin: readFileSync(saved, 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Small inference\n/);
  });

  it('--out writes the file atomically and says so on stderr', async () => {
    const out = join(dir, `${_name}-report.html`);
    const r = await run(['report', saved, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wrote .*report\.html \(\d+ kB\)\n$/);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  const broken = join(dir, 'broken.json');
  const old = join(dir, 'old.json');
  const badInput: Array<[string, string[], number, string | RegExp]> = [
    ['a missing file', ['report', join(dir, 'missing.json')], 2, 'missing.json: file not found'],
    ['broken JSON', ['report', broken], 2, /broken\.json:2:15: JSON syntax error: unexpected "}"/],
    ['another version', ['report', old], 2, 'old.json: not a capsim result of a known version (got capsimReport 0; expected 1'],
    ['a scenario instead of a result', ['report', SMALL], 2, /small-inference\.yaml:1:1: JSON syntax error/],
    ['a directory', ['report', dir], 2, 'is a directory'],
    ['focus without the bill', ['report', summaryOnly, '--format', 'focus'], 2, 'summary-only.json: has no hourly bill, which --format focus needs (save the result with capsim run <scenario> --format json --series hourly)'],
    ['hourly csv without series', ['report', summaryOnly, '--format', 'csv', '--series', 'hourly'], 2, 'has no hourly series'],
    ['json format', ['report', saved, '--format', 'json'], 2, 'capsim report: unknown --format "json" (expected table, md, csv, html, focus)'],
    ['granularity without focus', ['report', saved, '--format', 'md', '--granularity', 'daily'], 2, '--granularity applies to --format focus only'],
    ['an unwritable --out', ['report', saved, '--out', join(dir, 'no', 'such', 'dir.txt')], 1, /capsim: cannot write .*dir\.txt: no such directory/],
    ['no argument', ['report'], 2, "error: missing required argument 'result'"],
  ];
  it.each(badInput)('%s: the file and the problem on stderr, never a stack trace', async (_what, args, code, message) => {
    writeFileSync(broken, '{"capsimReport": 1,\n  "scenario": }\n');
    writeFileSync(old, JSON.stringify({ capsimReport: 0 }));
    const r = await run(args);
    expect(r.code, args.join(' ')).toBe(code);
    expect(r.stdout, args.join(' ')).toBe('');
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});

describe('capsim run --format html|focus --out', () => {
  it('writes html and focus from a run, and shows charts for a run saved without series only as a notice', async () => {
    const out = join(dir, 'run.html');
    const r = await runInProcess(['run', SMALL, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('data-chart="load-capacity"');
    const focus = await runInProcess(['run', SMALL, '--format', 'focus', '--granularity', 'daily']);
    expect(focus.stdout.split('\n')[0]).toMatch(/^BilledCost,/);
    const plain = await runInProcess(['report', summaryOnly, '--format', 'html']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('saved without hourly series');
  });
});
