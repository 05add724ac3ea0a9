import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess, type CliRun } from './harness.js';

const SMALL = 'test/fixtures/scenarios/small-inference.yaml';
const runners: Array<[string, (args: string[]) => Promise<CliRun> | CliRun]> = [
  ['in-process', (a) => runInProcess(a, { env: { NO_COLOR: '1' } })],
  ['binary', (a) => runBinary(a, { env: { NO_COLOR: '1' } })],
];

describe.each(runners)('CI gates (%s)', (_name, run) => {
  it('exits 4 naming the failed gate, its value and threshold; the report is still written', async () => {
    const r = await run(['run', SMALL, '--format', 'json', '--threads', '1', '--fail-if', 'cost.total > 1', '--fail-if', 'workloads.web.sloAttainment < 0.5']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).capsimReport).toBe(1);
    expect(r.stderr).toMatch(/FAIL {2}cost\.total > 1 {2}\(cost\.total = [\d.]+; threshold 1\)/);
    expect(r.stderr).toMatch(/pass {2}workloads\.web\.sloAttainment < 0\.5/);
    expect(r.stderr).toContain('capsim run: 1 of 2 gates failed: cost.total > 1');
  });

  it('exits 0 when every gate passes', async () => {
    const r = await run(['run', SMALL, '--threads', '1', '--fail-if', 'cost.total > 1000000']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^pass {2}cost\.total > 1000000/);
  });

  it('a gate that does not parse, or names nothing, is a usage error (exit 2)', async () => {
    const bad = await run(['run', SMALL, '--fail-if', 'cost.total >>> 5']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    const nowhere = await run(['run', SMALL, '--threads', '1', '--fail-if', 'workloads.nope.cost > 1']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('no "nope" in workloads (expected one of web)');
  });
});

describe.each(runners)('capsim diff (%s)', (_name, run) => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-diff-'));
  const save = async (name: string, args: string[]) => {
    const r = await runInProcess(['run', SMALL, '--format', 'json', '--threads', '1', ...args]);
    const path = join(dir, name);
    writeFileSync(path, r.stdout);
    return path;
  };

  it('writes a pull-request-ready Markdown diff and passes within the threshold', async () => {
    const base = await save('base.json', []);
    const head = await save('head.json', ['--variant', 'on-demand']);
    const r = await run(['diff', base, head, '--threshold', '500%']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### 🟠 capsim: \+\$[\d,.]+ \(\+[\d.]+%\) total cost/);
    expect(r.stdout).toContain('| workload web |');
    expect(r.stdout).toContain('Within the 500.0% threshold, and no SLO broke.');
  });

  it('exits 4 when the total moves past the threshold', async () => {
    const base = await save('b2.json', []);
    const head = await save('h2.json', ['--variant', 'on-demand']);
    const r = await run(['diff', base, head, '--threshold', '5%']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('**Gate failed:**');
    expect(r.stderr).toMatch(/capsim diff: gate failed: total cost changed \+[\d.]+% .* over the 5\.0% threshold/);
  });

  it('reports a broken file as a validation error (exit 2)', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"capsimReport": 1');
    const base = await save('b3.json', []);
    const r = await run(['diff', base, broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json');
  });
});
