import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { HOURS_PER_MONTH, SECONDS_PER_HOUR } from '../../model/time.js';
import { buildCompareReport, type CompareReport, type CompareSideInput } from '../../plan/comparison.js';
import { modelChoice, type ModelOption } from '../../plan/model-choice.js';
import { monthlyTotals, tco } from '../../plan/tco.js';
import { renderCompareJson, renderCompareMarkdown, renderCompareTable } from '../../report/compare.js';
import { LIMITS } from '../../scenario/rules.js';
import type { LoadedScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';
import { colorEnabled, type CliIo } from '../io.js';
import { loadScenario, simulateScenario, type ScenarioRunOptions } from '../scenario-run.js';
import { toolVersion } from '../version.js';

const FORMATS = ['table', 'json', 'md'] as const;

interface CompareOptions {
  variants?: string;
  format: string;
  runs?: number;
  seed?: number;
  threads?: number;
  months?: number;
  migration?: number;
  dualRunning?: number;
}

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('side-by-side cost, latency and SLOs, a waterfall of the difference, migration TCO and break-even')
    .argument('<scenarios...>', 'two or more scenario files, or one with --variants')
    .option('--variants <names>', 'compare the scenario with these variants of it (comma-separated)')
    .option('--months <n>', 'migration TCO over this many 730 h months (first side = today, the others = targets)', int('--months', 1, 240))
    .option('--migration <usd>', 'one-time migration cost in USD (overrides the targets\' tco.migration)', money)
    .option('--dual-running <months>', 'months the current setup keeps running beside the target', int('--dual-running', 0, 240))
    .option('--runs <n>', 'Monte Carlo runs per side', int('--runs', 1, 100_000))
    .option('--seed <s>', 'PRNG seed for every side', int('--seed', 0, 2 ** 32 - 1))
    .option('--threads <n>', 'worker threads for Monte Carlo runs', int('--threads', 1, 256))
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .action(async (files: string[], opts: CompareOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`capsim compare: unknown --format ${JSON.stringify(opts.format)} (expected ${FORMATS.join(', ')})`);
      const sides = await collectSides(files, opts, io);
      const report = await compare(sides, opts, io);
      if (opts.format === 'json') io.stdout.write(renderCompareJson(report));
      else if (opts.format === 'md') io.stdout.write(renderCompareMarkdown(report));
      else io.stdout.write(renderCompareTable(report, { color: colorEnabled(io) }));
    });
}

interface Side {
  readonly label: string;
  readonly loaded: LoadedScenario;
  readonly scenario: Scenario;
  readonly variant?: string;
}

async function collectSides(files: string[], opts: CompareOptions, io: CliIo): Promise<Side[]> {
  if (opts.variants !== undefined) {
    if (files.length !== 1) throw new UsageError('capsim compare --variants takes exactly one scenario file');
    const loaded = await loadScenario(files[0]!, io);
    const names = opts.variants.split(',').map((n) => n.trim()).filter(Boolean);
    if (names.length === 0) throw new UsageError('capsim compare --variants needs at least one variant name');
    const sides: Side[] = [{ label: 'base', loaded, scenario: loaded.scenario }];
    for (const name of names) {
      const v = loaded.variants.get(name);
      if (!v) throw new UsageError(`unknown variant ${JSON.stringify(name)} (expected one of: ${[...loaded.variants.keys()].join(', ') || 'none defined'})`);
      sides.push({ label: name, loaded, scenario: v, variant: name });
    }
    return sides;
  }
  if (files.length < 2) throw new UsageError('capsim compare needs two or more scenario files, or one with --variants v1,v2');
  const sides: Side[] = [];
  for (const file of files) {
    const loaded = await loadScenario(file, io);
    sides.push({ label: uniqueLabel(loaded.scenario.name || basename(file), sides), loaded, scenario: loaded.scenario });
  }
  return sides;
}

function uniqueLabel(label: string, sides: readonly Side[]): string {
  let out = label;
  for (let k = 2; sides.some((s) => s.label === out); k++) out = `${label} (${k})`;
  return out;
}

async function compare(sides: Side[], opts: CompareOptions, io: CliIo): Promise<CompareReport> {
  const runOptions: ScenarioRunOptions = {
    series: false,
    ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  };
  const inputs: CompareSideInput[] = [];
  for (const side of sides) {
    const r = await simulateScenario(side.loaded, side.scenario, io, { ...runOptions, ...(side.variant ? { variant: side.variant } : {}) });
    inputs.push({ label: side.label, spec: r.resolved.spec, run: r.first, report: r.report });
  }

  const months = opts.months ?? sides.slice(1).find((s) => s.scenario.tco)?.scenario.tco?.months;
  const tcoRows: NonNullable<CompareReport['tco']>[number][] = [];
  if (months !== undefined) {
    const monthly = async (side: Side) => {
      const r = await simulateScenario(side.loaded, withHorizonMonths(side.scenario, months), io, { ...runOptions, runs: 1 });
      return monthlyTotals(r.first.hourlyCostUsd, months);
    };
    const current = await monthly(sides[0]!);
    for (const side of sides.slice(1)) {
      const target = await monthly(side);
      const migrationUsd = opts.migration ?? side.scenario.tco?.migration ?? 0;
      const dualRunningMonths = opts.dualRunning ?? side.scenario.tco?.dualRunning ?? 0;
      tcoRows.push({ from: sides[0]!.label, to: side.label, migrationUsd, dualRunningMonths, currentMonthlyUsd: current, targetMonthlyUsd: target, result: tco({ currentMonthlyUsd: current, targetMonthlyUsd: target, migrationUsd, dualRunningMonths }) });
    }
  }

  const base = sides[0]!;
  const models = [];
  for (const w of base.scenario.workloads) {
    if (w.kind !== 'inference') continue;
    // Every model of the list on its own, plus every cascade any side configures for it.
    const cascades = new Map<string, NonNullable<typeof w.cascade>>();
    for (const side of sides) {
      const c = side.scenario.workloads.find((x) => x.name === w.name && x.kind === 'inference');
      if (c?.kind === 'inference' && c.cascade) cascades.set(JSON.stringify(c.cascade), c.cascade);
    }
    if ((w.models?.length ?? 0) + cascades.size < 2) continue;
    const options: ModelOption[] = [];
    const variants: Array<{ label: string; accuracy: number | undefined; scenario: Scenario }> = (w.models ?? []).map((m) => ({
      label: m.name,
      accuracy: m.accuracy,
      scenario: replaceWorkload(base.scenario, w.name, { ...w, model: m.name, cascade: undefined }),
    }));
    for (const c of cascades.values()) {
      variants.push({ label: `cascade ${c.first}→${c.to} (${(c.escalate * 100).toFixed(0)}%)`, accuracy: c.accuracy, scenario: replaceWorkload(base.scenario, w.name, { ...w, model: undefined, cascade: c }) });
    }
    for (const v of variants) {
      const r = await simulateScenario(base.loaded, v.scenario, io, { ...runOptions, runs: 1 });
      const wr = r.report.summary.workloads.find((x) => x.name === w.name)!;
      options.push({
        label: v.label,
        accuracy: v.accuracy,
        costUsd: wr.cost,
        requestsServed: wr.requests?.served ?? 0,
        p99Ms: wr.latencyMs?.p99 ?? NaN,
        sloAttainment: wr.sloAttainment,
        sloMet: wr.slo?.met,
      });
    }
    models.push({ side: base.label, workload: w.name, options: modelChoice(options) });
  }

  let featureReuse: CompareReport['featureReuse'];
  const features = base.scenario.features;
  if (features) {
    const other = await simulateScenario(base.loaded, { ...base.scenario, features: { ...features, reuse: !features.reuse } }, io, { ...runOptions, runs: 1 });
    const here = inputs[0]!.run;
    const withReuse = features.reuse ? here : other.first;
    const without = features.reuse ? other.first : here;
    featureReuse = {
      side: base.label,
      withReuseUsd: withReuse.cost.total,
      withoutReuseUsd: without.cost.total,
      storeCostUsd: withReuse.featureStore?.storeCostUsd ?? 0,
      savingsUsd: without.cost.total - withReuse.cost.total,
    };
  }

  return buildCompareReport(
    inputs,
    {
      ...(tcoRows.length ? { tco: tcoRows } : {}),
      ...(models.length ? { models } : {}),
      ...(featureReuse ? { featureReuse } : {}),
    },
    toolVersion(),
  );
}

/** The scenario over `months` × 730 h, its step coarsened only if the step cap requires it. */
function withHorizonMonths(scenario: Scenario, months: number): Scenario {
  const horizon = months * HOURS_PER_MONTH * SECONDS_PER_HOUR;
  let step = scenario.step;
  while (horizon / step > LIMITS.maxSteps || (horizon / step) % 1 !== 0) step = step < 60 ? 60 : step < 3600 ? 3600 : step * 2;
  return { ...scenario, horizon, step };
}

function replaceWorkload(scenario: Scenario, name: string, next: Scenario['workloads'][number]): Scenario {
  return { ...scenario, workloads: scenario.workloads.map((w) => (w.name === name ? next : w)) };
}

function int(flag: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
    return n;
  };
}

function money(text: string): number {
  const n = Number(text.replace(/^\$/, '').replace(/,/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--migration must be an amount in USD (got ${JSON.stringify(text)})`);
  return n;
}
