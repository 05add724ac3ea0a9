import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './cli/harness.js';

/**
 * Golden outputs of every example in scenarios/: the JSON report and the table, reviewed like
 * code. Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`
 * and read the diff before committing it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('golden outputs of every example scenario', () => {
  it('there is at least one example', () => expect(scenarios.length).toBeGreaterThan(0));

  it.each(scenarios)('%s', async (file) => {
    const base = file.replace(/\.yaml$/, '');
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
