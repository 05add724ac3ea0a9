import { describe, expect, it } from 'vitest';
import { runBinary, runInProcess } from '../cli/harness.js';

/** `capsim verify`: a report, so misses exit 0; bad flags exit 2. */

const SCENARIO = `schemaVersion: 1
name: verify smoke
horizon: 2d
step: 1m
seed: 5
pools:
  api:
    instance: m5.large
    count: 4
workloads:
  - name: web
    kind: inference
    pool: api
    load: {base: 20 req/s}
    service: {time: 150ms, serversPerInstance: 2}
  - name: events
    kind: streaming
    pool: bus
    load: {base: 5 MB/s}
    throughputPerInstance: 50 MB/s
`;

describe('capsim verify', () => {
  it('runs selected grid cases and prints versioned JSON with every metric', async () => {
    const r = await runInProcess(['verify', '--case', 'steady c=8 ρ=0.5', '--seeds', '2', '--requests', '50000', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.verifyVersion).toBe(1);
    expect(json.cases).toHaveLength(1);
    expect(json.cases[0].metrics.map((m: { metric: string }) => m.metric)).toEqual(['mean', 'p95', 'p99', 'dropped', 'cost']);
    expect(json.cases[0].seeds).toBe(2);
  });

  it('verifies a scenario\'s inference workloads over at most one day and says what it left out', async () => {
    const withBus = SCENARIO.replace('workloads:', `  bus:\n    instance: m5.large\n    count: 2\nworkloads:`);
    const r = await runInProcess(['verify', '-', '--seeds', '1'], { stdin: withBus });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('horizon capped at 1 day (the scenario runs 2 d)');
    expect(r.stdout).toContain('not verified (the reference models inference only): events (streaming)');
    expect(r.stdout).toMatch(/^web\s/m);
  });

  it.each([
    [['verify', '--format', 'xml'], /unknown --format "xml"/],
    [['verify', '--case', 'no such case'], /no grid case matches/],
    [['verify', '--seeds', '0'], /--seeds must be a whole number/],
    [['verify', '--variant', 'x'], /need a scenario/],
  ])('rejects %j with exit 2', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('works from the built binary', () => {
    const r = runBinary(['verify', '--case', 'steady c=1 ρ=0.3', '--seeds', '1', '--requests', '20000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('steady c=1 ρ=0.3 exp');
    expect(r.stdout).toContain('targets checked: 3');
  });
});
