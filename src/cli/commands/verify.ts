/**
 * `capsim verify [scenario]`: how far the step engine is from the request-level reference.
 * Without a scenario it runs the built-in grid (src/sim/reference/grid.ts); with one it runs the
 * engine and the reference on the scenario's inference workloads over at most one day (the
 * reference is slow by design) and reports the same errors. It is a report: misses exit 0; only
 * a failure of the simulators themselves exits 1.
 */
import type { Command } from 'commander';
import { RuntimeUserError, UsageError } from '../../model/errors.js';
import { formatIssue } from '../../scenario/issue.js';
import { resolveScenario } from '../../scenario/resolve.js';
import type { Scenario } from '../../scenario/schema.js';
import { readTraceFile } from '../../scenario/trace-file.js';
import { eventTraceTimes } from '../../sim/reference/arrivals.js';
import type { CaseComparison } from '../../sim/reference/comparison.js';
import { fidelityGrid } from '../../sim/reference/grid.js';
import { verifyCase, verifySpec } from '../../sim/reference/verification.js';
import type { Loads } from '../../sim/run.js';
import type { SimSpec } from '../../sim/spec.js';
import { ValidationError } from '../../model/errors.js';
import type { CliIo } from '../io.js';
import { progressReporter } from '../progress.js';
import { bundledCatalogs, loadScenario } from '../scenario-run.js';
import { renderVerifyJson, renderVerifyTable, type VerifyReport } from '../verify-report.js';

const FORMATS = ['table', 'json'] as const;
const DAY_SECONDS = 86_400;
/** Default cap on expected requests per run for a scenario: a few seconds of reference per seed. */
const DEFAULT_MAX_REQUESTS = 2_000_000;
const DEFAULT_GRID_SEEDS = 4;
const DEFAULT_SCENARIO_SEEDS = 2;
const DEFAULT_GRID_REQUESTS = 400_000;

interface VerifyFlags {
  format: string;
  seeds?: number;
  case?: string;
  requests?: number;
  maxRequests?: number;
  variant?: string;
  autoscalerMetric?: string;
}

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description('compare the step engine with the request-level reference simulator (built-in grid, or a scenario over ≤ 1 day)')
    .argument('[scenario]', 'scenario file (.yaml, .yml or .json); - reads standard input; omit for the built-in grid')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--seeds <n>', `seeds (paired runs) per case (default: ${DEFAULT_GRID_SEEDS} for the grid, ${DEFAULT_SCENARIO_SEEDS} for a scenario)`, wholeNumber('--seeds', 1, 64))
    .option('--case <text>', 'grid: run only the cases whose name contains this text')
    .option('--requests <n>', `grid: requests per run of a steady case (default ${DEFAULT_GRID_REQUESTS})`, wholeNumber('--requests', 1_000, 20_000_000))
    .option('--max-requests <n>', `scenario: shorten the horizon further so a run has at most this many requests (default ${DEFAULT_MAX_REQUESTS})`, wholeNumber('--max-requests', 1_000, 50_000_000))
    .option('--variant <name>', "scenario: verify one of the scenario's variants")
    .option(
      '--autoscaler-metric <metric>',
      "scenario: what the reference's autoscaler observes: measured (busy time per sync, with its noise; default) or offered (the engine's noise-free λ/cμ)",
    )
    .action(async (file: string | undefined, opts: VerifyFlags) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new UsageError(`capsim verify: unknown --format ${JSON.stringify(opts.format)} (expected ${FORMATS.join(', ')})`);
      }
      if (file === undefined && (opts.maxRequests !== undefined || opts.variant !== undefined || opts.autoscalerMetric !== undefined)) {
        throw new UsageError('capsim verify: --max-requests, --variant and --autoscaler-metric need a scenario (grid cases set their own metric)');
      }
      if (opts.autoscalerMetric !== undefined && opts.autoscalerMetric !== 'measured' && opts.autoscalerMetric !== 'offered') {
        throw new UsageError(`capsim verify: unknown --autoscaler-metric ${JSON.stringify(opts.autoscalerMetric)} (expected measured or offered)`);
      }
      if (file !== undefined && (opts.case !== undefined || opts.requests !== undefined)) {
        throw new UsageError('capsim verify: --case and --requests apply to the built-in grid, not to a scenario');
      }
      const report = file === undefined ? runGrid(io, opts) : await runScenario(file, io, opts);
      io.stdout.write(opts.format === 'json' ? renderVerifyJson(report) : renderVerifyTable(report));
    });
}

function runGrid(io: CliIo, opts: VerifyFlags): VerifyReport {
  const seeds = opts.seeds ?? DEFAULT_GRID_SEEDS;
  const grid = fidelityGrid(opts.requests ?? DEFAULT_GRID_REQUESTS).filter((c) => opts.case === undefined || c.id.includes(opts.case));
  if (grid.length === 0) throw new UsageError(`capsim verify: no grid case matches --case ${JSON.stringify(opts.case)}`);
  const progress = progressReporter(io, 'verifying', 'cases');
  const total = grid.reduce((n, c) => n + seeds * (c.seedFactor ?? 1), 0);
  let done = 0;
  const cases: CaseComparison[] = [];
  for (const c of grid) {
    cases.push(guard(c.id, () => verifyCase(c, seeds, () => progress.update(++done, total))));
  }
  progress.stop();
  return {
    title: `capsim verify: step engine vs request-level reference on the built-in grid (${cases.length} cases)`,
    seeds,
    notes: [],
    cases,
  };
}

async function runScenario(file: string, io: CliIo, opts: VerifyFlags): Promise<VerifyReport> {
  const loaded = await loadScenario(file, io);
  let scenario = loaded.scenario;
  if (opts.variant !== undefined) {
    const v = loaded.variants.get(opts.variant);
    if (!v) {
      const names = [...loaded.variants.keys()];
      throw new UsageError(`unknown variant ${JSON.stringify(opts.variant)} (expected one of: ${names.length ? names.join(', ') : 'none defined in this scenario'})`);
    }
    scenario = v;
  }
  const resolved = await resolveScenario(scenario, { parsed: loaded.parsed, catalogs: await bundledCatalogs(), cwd: io.cwd });
  if (!resolved.ok) throw new ValidationError(resolved.issues.map(formatIssue));
  const notes: string[] = [];
  const { spec, loads } = shorten(resolved.resolved.spec, resolved.resolved.loads, opts.maxRequests ?? DEFAULT_MAX_REQUESTS, notes);
  const arrivalTimes = await exactTraceArrivals(scenario, spec, loaded.source.absolutePath, io.cwd, notes);
  const seeds = opts.seeds ?? DEFAULT_SCENARIO_SEEDS;
  const metric = opts.autoscalerMetric === 'offered' ? 'offered' : 'measured';
  if (metric === 'offered') notes.push("the reference's autoscaler observes the engine's noise-free utilization (--autoscaler-metric offered)");
  const progress = progressReporter(io, 'verifying', 'cases');
  const cases = guard(scenario.name, () =>
    verifySpec(spec, loads, { seeds, arrivalTimesSeconds: arrivalTimes, autoscalerMetric: metric, onSeed: progress.update }, (w, utilization) => ({
      id: w.name,
      title: `${scenario.name} / ${w.name}`,
      group: 'scenario',
      utilization,
      servers: NaN,
      service: serviceLabel(w),
      limits: {},
    })),
  );
  progress.stop();
  const skipped = spec.workloads.filter((w) => w.kind !== 'inference').map((w) => `${w.name} (${w.kind})`);
  if (skipped.length > 0) notes.push(`not verified (the reference models inference only): ${skipped.join(', ')}`);
  if (cases.length === 0) notes.push('the scenario has no inference workload to verify');
  const autoscaled = spec.pools.some((p) => p.kind === 'cloud' && p.autoscaling.policy !== 'static');
  if (autoscaled && metric === 'measured') {
    notes.push(
      "autoscaled pools: the reference's autoscaler sees measured (noisy) utilization, which a noise-free engine cannot; re-run with --autoscaler-metric offered to isolate the engine's own error (docs/FIDELITY.md)",
    );
  }
  notes.push("ρ is the reference's measured mean utilization over the horizon; the p99 target applies when it is ≤ 0.9");
  return { title: `capsim verify: step engine vs request-level reference on ${scenario.name}`, seeds, notes, cases };
}

/**
 * The reference is for short horizons: cap at one day, then at as many whole steps as keep the
 * expected requests per run within `maxRequests`. Says what it did in `notes`.
 */
function shorten(spec: SimSpec, loads: Loads, maxRequests: number, notes: string[]): { spec: SimSpec; loads: Loads } {
  let steps = Math.min(spec.steps, Math.max(1, Math.floor(DAY_SECONDS / spec.stepSeconds)));
  if (steps < spec.steps) notes.push(`horizon capped at 1 day (the scenario runs ${hours(spec.horizonSeconds)})`);
  const inference = spec.workloads.filter((w) => w.kind === 'inference').map((w) => loads.get(w.name)!);
  let requests = 0;
  for (let i = 0; i < steps; i++) {
    let step = 0;
    for (const load of inference) step += (load[i] ?? 0) * spec.stepSeconds;
    if (requests + step > maxRequests && i > 0) {
      notes.push(`horizon shortened to ${hours(i * spec.stepSeconds)} to keep a run within ${maxRequests.toLocaleString('en-US')} expected requests (--max-requests)`);
      steps = i;
      break;
    }
    requests += step;
  }
  if (steps === spec.steps) return { spec, loads };
  const cut = new Map<string, Float64Array>();
  for (const [name, load] of loads) cut.set(name, load.subarray(0, steps));
  return { spec: { ...spec, steps, horizonSeconds: steps * spec.stepSeconds }, loads: cut };
}

/**
 * Event traces replayed request by request when the engine's per-step rates are exactly their
 * counts: replace mode, scale 1, no weights, no noise. Other loads get Poisson arrivals.
 */
async function exactTraceArrivals(scenario: Scenario, spec: SimSpec, scenarioPath: string | undefined, cwd: string, notes: string[]): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>();
  for (const w of scenario.workloads) {
    if (w.kind !== 'inference') continue;
    const t = w.load.trace;
    if (!t || t.format !== 'events') continue;
    if (t.mode !== 'replace' || t.scale !== 1 || t.weight !== undefined || (w.load.noise?.cv ?? 0) > 0) {
      notes.push(`${w.name}: event trace with scale, weights, multiply mode or noise: Poisson arrivals at its per-step rates`);
      continue;
    }
    const read = await readTraceFile({ file: t.file, format: t.format, time: t.time, value: t.value, weight: t.weight, intervalSeconds: t.interval, unit: t.unit }, scenarioPath, cwd);
    if (!read.ok || read.trace.kind !== 'events') continue; // resolve already read it successfully
    out.set(w.name, eventTraceTimes(read.trace, spec.horizonSeconds, t.loop));
    notes.push(`${w.name}: the reference replays the event trace's exact arrival times`);
  }
  return out;
}

/** A simulator that throws is what `verify` exists to catch: exit 1 with the case named. */
function guard<T>(label: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new RuntimeUserError(`capsim verify: the simulators failed on ${JSON.stringify(label)}: ${message}`);
  }
}

function serviceLabel(w: SimSpec['workloads'][number]): string {
  if (w.kind !== 'inference') return w.kind;
  const model = w.route.kind === 'single' ? w.route.model : w.route.first;
  const d = model.distribution;
  const base = d === 'exponential' ? 'exp' : d === 'deterministic' ? 'det' : `cv ${d.cv}`;
  return w.route.kind === 'cascade' ? `${base} cascade` : base;
}

function hours(seconds: number): string {
  return seconds >= DAY_SECONDS ? `${+(seconds / DAY_SECONDS).toFixed(2)} d` : `${+(seconds / 3600).toFixed(2)} h`;
}

function wholeNumber(flag: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
    }
    return n;
  };
}
