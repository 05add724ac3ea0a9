import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './cli/harness.js';

/**
 * Golden outputs of every example in scenarios/: the JSON report and the table, reviewed like
 * code; and the shareable formats (md, csv, FOCUS) of two examples. Regenerate after an intended
 * change with `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` and read the diff before
 * committing it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Files a scenario needs, from its "# data: <path relative to the scenario>" lines. */
export function dataFiles(scenario: string): string[] {
  return readFileSync(scenario, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# data: '))
    .map((l) => join(dirname(scenario), l.slice('# data: '.length).trim()));
}
const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('golden outputs of every example scenario', () => {
  it('there is at least one example', () => expect(scenarios.length).toBeGreaterThan(0));

  it.for(scenarios)('%s', async (file, ctx) => {
    const base = file.replace(/\.yaml$/, '');
    // Examples on real traces name the files they read in a "# data:" header line; without
    // ../shared/data they cannot run, and say so instead of failing.
    const missing = dataFiles(`scenarios/${file}`).filter((f) => !existsSync(f));
    if (missing.length > 0) {
      ctx.skip(`needs ${missing.join(', ')} (../shared/data absent)`);
      return;
    }
    for (const [format, ext] of [['json', 'json'], ['table', 'txt']] as const) {
      const r = await runInProcess(['run', `scenarios/${file}`, '--format', format], { env: { NO_COLOR: '1' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const golden = `test/golden/${base}.${ext}`;
      if (UPDATE) writeFileSync(golden, r.stdout);
      expect(existsSync(golden), `${golden} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
      expect(r.stdout, `${golden} differs: if the change is intended, regenerate with UPDATE_GOLDEN=1`).toBe(readFileSync(golden, 'utf8'));
    }
  });
});

/**
 * `<scenario>.md`, `.csv` and `.focus`. The FOCUS goldens are daily (`--granularity daily`):
 * hourly rows of a month are thousands of lines no reviewer reads, and the hourly export is the
 * same rows summed over fewer periods (its invariants are tested in test/report/focus.test.ts).
 */
const SHAREABLE: ReadonlyArray<readonly [string, string]> = [
  ['scenarios/ecommerce-recs-inference.yaml', 'ecommerce-recs-inference'],
  ['test/fixtures/scenarios/product-spec.yaml', 'product-spec'],
];
const FORMATS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['md', ['--format', 'md']],
  ['csv', ['--format', 'csv']],
  ['focus', ['--format', 'focus', '--granularity', 'daily']],
];

describe('golden md, csv and FOCUS reports', () => {
  it.each(SHAREABLE)('%s', async (file, base) => {
    for (const [ext, args] of FORMATS) {
      const r = await runInProcess(['run', file, ...args], { env: { NO_COLOR: '1' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const golden = `test/golden/${base}.${ext}`;
      if (UPDATE) writeFileSync(golden, r.stdout);
      expect(existsSync(golden), `${golden} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
      expect(r.stdout, `${golden} differs: if the change is intended, regenerate with UPDATE_GOLDEN=1`).toBe(readFileSync(golden, 'utf8'));
    }
  });
});
