import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { CatalogIndex } from '../../catalog/lookup.js';
import type { CatalogEntry, Provider } from '../../model/catalog.js';
import { PROVIDERS } from '../../model/catalog.js';
import { NoFeasibleConfigError, UsageError, ValidationError } from '../../model/errors.js';
import { reduceToPool, type PlanEngine } from '../../plan/evaluator.js';
import { mergedVariant, renderPlanJson, type PlanDocument, type PlanRecheck } from '../../plan/plan-document.js';
import { renderPlanMarkdown } from '../../plan/plan-markdown.js';
import type { WorkloadPlan } from '../../plan/plan-report.js';
import { renderPlanTable } from '../../plan/plan-table.js';
import { plannableWorkloads, planWorkload, type PlanObjective, type PlanOptions } from '../../plan/planner.js';
import type { CommitmentTerm } from '../../plan/purchase-price.js';
import { formatIssue } from '../../scenario/issue.js';
import { validateSource, type LoadedScenario } from '../../scenario/load.js';
import { resolveScenario } from '../../scenario/resolve.js';
import type { Pool, Scenario } from '../../scenario/schema.js';
import { runMonteCarlo } from '../../sim/monte-carlo/runs.js';
import { simulateRun } from '../../sim/run.js';
import type { CloudPoolSpec } from '../../sim/spec.js';
import { colorEnabled, type CliIo } from '../io.js';
import { writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { bundledCatalogs, defaultThreads, loadScenario } from '../scenario-run.js';
import { toolVersion } from '../version.js';

const PLAN_FORMATS = ['table', 'json', 'md'] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Defaults: see the --help text of each flag. */
const DEFAULT_TARGETS = [0.5, 0.6, 0.7];
const DEFAULT_RUNS = 20;
const DEFAULT_BUDGET = 150;
const DEFAULT_RISK_CHECKS = 6;

interface PlanFlags {
  workload?: string;
  providers?: string;
  regions?: string;
  families?: string;
  spot?: string;
  spotShares?: string;
  targets?: string;
  commitments?: string;
  objective: string;
  maxCost?: string;
  runs?: number;
  budget?: number;
  threads?: number;
  includeBurstable?: boolean;
  format: string;
  out?: string;
}

export function registerPlan(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description('cheapest configuration meeting the SLO, plus the cost/latency Pareto frontier')
    .argument('<scenario>', 'scenario file (.yaml, .yml or .json); - reads standard input')
    .option('--workload <name>', 'plan one workload (default: every workload with an SLO on a cloud pool)')
    .option('--providers <list>', 'search these providers only, e.g. aws,gcp (default: every bundled catalog)')
    .option('--regions <list>', 'search these regions only, e.g. us-east-1,us-central1')
    .option('--families <list>', 'search these instance families only, e.g. m7i,c7g')
    .option('--spot <share>', 'search this one spot share, 0..1')
    .option('--spot-shares <list>', 'search these spot shares, e.g. 0,0.5,0.7 (default: 0 and the scenario\'s own share)')
    .option('--targets <list>', `autoscaling utilization targets to search (default: ${DEFAULT_TARGETS.join(',')})`)
    .option('--commitments <list>', 'savings plans to try, sized to the steady on-demand base: none, 1y, 3y (default: none,1y)')
    .option('--objective <objective>', 'cost: cheapest meeting the SLO; p99: lowest p99 (lag, or most deadlines met) within --max-cost', 'cost')
    .option('--max-cost <usd>', 'objective p99: the most a configuration may cost over the horizon (default: 1.25 × the cheapest)')
    .option('--runs <n>', `Monte Carlo runs per spot candidate, ranked by P95 cost and P5 attainment (default ${DEFAULT_RUNS})`, positiveInt('--runs', 10_000))
    .option('--budget <n>', `most candidate configurations to simulate per workload (default ${DEFAULT_BUDGET})`, positiveInt('--budget', 100_000))
    .option('--threads <n>', 'worker threads for Monte Carlo runs; 1 = in-process (default: available cores, at most 8)', positiveInt('--threads', 256))
    .option('--include-burstable', 'also search burstable types (AWS t*, GCP shared-core, Azure B), which the engine treats as full vCPUs')
    .option('--format <format>', `output format: ${PLAN_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the plan to a file (atomically) instead of standard output')
    .action(async (file: string, flags: PlanFlags) => {
      const started = performance.now();
      const format = parseFormat(flags.format);
      const options = parseOptions(flags);
      const loaded = await loadScenario(file, io);
      const scenario = loaded.scenario;
      const catalogs = await bundledCatalogs();
      const resolved = await resolveScenario(scenario, { parsed: loaded.parsed, catalogs, cwd: io.cwd });
      if (!resolved.ok) throw new ValidationError(resolved.issues.map(formatIssue));
      const { spec, loads, catalogEntries } = resolved.resolved;
      const catalog = filterCatalog(catalogs.entries, flags);
      const workloads = flags.workload !== undefined ? [flags.workload] : plannableWorkloads(spec);
      if (workloads.length === 0) throw new UsageError('capsim plan: no workload has an SLO on a cloud pool (expected slo: {p99: …}, {maxLag: …} or {deadline: …})');

      const threads = flags.threads ?? defaultThreads();
      const engine = planEngine(loaded, scenario, catalogs, io.cwd, threads);
      const progress = progressReporter(io, 'planning', 'candidates');
      const plans: WorkloadPlan[] = [];
      try {
        for (const name of workloads) {
          const poolName = spec.workloads.find((w) => w.name === name)?.pool;
          const poolSpec = spec.pools.find((p) => p.name === poolName);
          const baseEntry = poolSpec?.kind === 'cloud' ? catalogEntries.find((e) => e.instanceType === poolSpec.instance.label && e.region === poolSpec.instance.region) : undefined;
          plans.push(
            await planWorkload({
              scenario,
              spec,
              loads,
              workload: name,
              catalog,
              baseEntry,
              engine,
              options: planOptionsFor(options, scenario, poolName),
              onProgress: progress.update,
            }),
          );
        }
      } finally {
        progress.stop();
      }

      const variant = mergedVariant(plans);
      const recheck = await recheckPatches(loaded, plans, catalogs, io.cwd);
      const doc: PlanDocument = {
        capsimPlan: 1,
        toolVersion: toolVersion(),
        scenario: { name: scenario.name, file: loaded.source.label, horizonHours: scenario.horizon / 3600, stepSeconds: scenario.step, seed: scenario.seed },
        objective: options.objective,
        runs: options.runs,
        budget: options.budget,
        plans,
        variant,
        recheck,
      };
      const elapsedSeconds = (performance.now() - started) / 1000;
      const text = format === 'json' ? renderPlanJson(doc) : format === 'md' ? renderPlanMarkdown(doc) : renderPlanTable(doc, { color: colorEnabled(io) && flags.out === undefined, elapsedSeconds });
      await writeOutput(io, text, flags.out);
      const failed = plans.filter((p) => !p.best);
      if (failed.length > 0) {
        throw new NoFeasibleConfigError(
          failed
            .map((p) => `capsim plan: no configuration meets ${p.workload}'s SLO (${p.slo.label})${p.impossible ? `: ${p.impossible}` : p.closestMiss ? `; closest miss: ${p.closestMiss.label}, ${p.closestMiss.reason}` : ''}`)
            .join('\n'),
        );
      }
    });
}

/**
 * The planner's view of the outside: a pool resolves through the scenario resolver exactly as a
 * patched scenario would (catalog prices, billing rule, spot defaults, commitment rates), and
 * Monte Carlo runs go to worker threads.
 */
export function planEngine(loaded: LoadedScenario, scenario: Scenario, catalogs: CatalogIndex, cwd: string, threads: number): PlanEngine {
  return {
    async resolvePool(name: string, pool: Pool): Promise<CloudPoolSpec> {
      // Only the pool: no workloads, so no loads are evaluated and no traces read again.
      const r = await resolveScenario({ ...scenario, pools: { [name]: pool }, workloads: [], features: undefined }, { parsed: loaded.parsed, catalogs, cwd });
      if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
      const p = r.resolved.spec.pools[0];
      if (p?.kind !== 'cloud') throw new Error(`pool ${name} did not resolve to a cloud pool`);
      return p;
    },
    async monteCarlo(spec, loads, runs) {
      return (await runMonteCarlo(spec, loads, { runs, threads })).summaries;
    },
  };
}

/**
 * Applies each winner's patch to the scenario file the way a user would (as a variant), and
 * validates, resolves and simulates it again: the patch must reproduce what the planner ran.
 */
export async function recheckPatches(loaded: LoadedScenario, plans: readonly WorkloadPlan[], catalogs: CatalogIndex, cwd: string): Promise<PlanRecheck[]> {
  const out: PlanRecheck[] = [];
  for (const p of plans) {
    if (!p.patch || !p.best) continue;
    const data = { ...(loaded.parsed.data as Record<string, unknown>) };
    const name = 'capsim-plan-check';
    data.variants = { ...((data.variants as Record<string, unknown> | undefined) ?? {}), [name]: p.patch };
    const checked = validateSource({ label: loaded.source.label, absolutePath: loaded.source.absolutePath, text: JSON.stringify(data) });
    const variant = checked.ok ? checked.loaded.variants.get(name) : undefined;
    if (!checked.ok || !variant) {
      out.push({ workload: p.workload, costUsd: null, sloAttainment: null, matches: false, problems: checked.ok ? ['the patch did not produce a variant'] : checked.issues.map(formatIssue) });
      continue;
    }
    const r = await resolveScenario(variant, { parsed: checked.loaded.parsed, catalogs, cwd });
    if (!r.ok) {
      out.push({ workload: p.workload, costUsd: null, sloAttainment: null, matches: false, problems: r.issues.map(formatIssue) });
      continue;
    }
    const run = simulateRun(reduceToPool(r.resolved.spec, p.pool), r.resolved.loads, { runIndex: 0, series: false });
    const costUsd = run.cost.total;
    const sloAttainment = run.workloads.find((w) => w.name === p.workload)?.sloAttainment ?? NaN;
    const problems: string[] = [];
    if (Math.abs(costUsd - p.best.run0CostUsd) > 0.005) problems.push(`cost $${costUsd.toFixed(2)} vs planned $${p.best.run0CostUsd.toFixed(2)}`);
    const plannedAttainment = p.best.monteCarlo ? NaN : p.best.sloAttainment;
    if (!Number.isNaN(plannedAttainment) && Math.abs(sloAttainment - plannedAttainment) > 1e-9) problems.push(`attainment ${sloAttainment} vs planned ${plannedAttainment}`);
    out.push({ workload: p.workload, costUsd, sloAttainment, matches: problems.length === 0, problems });
  }
  return out;
}

interface ParsedPlanOptions extends Omit<PlanOptions, 'spotShares'> {
  readonly spotShares: readonly number[] | undefined;
}

function parseOptions(flags: PlanFlags): ParsedPlanOptions {
  if (flags.spot !== undefined && flags.spotShares !== undefined) throw new UsageError('capsim plan: give --spot or --spot-shares, not both');
  const spotShares = flags.spot !== undefined ? [share('--spot', flags.spot)] : flags.spotShares !== undefined ? list(flags.spotShares).map((s) => share('--spot-shares', s)) : undefined;
  const targets = flags.targets !== undefined ? list(flags.targets).map((t) => target(t)) : DEFAULT_TARGETS;
  const commitments = flags.commitments !== undefined ? list(flags.commitments).map(commitment) : ['none', '1y'];
  if (flags.objective !== 'cost' && flags.objective !== 'p99') throw new UsageError(`capsim plan: unknown --objective ${JSON.stringify(flags.objective)} (expected cost or p99)`);
  let maxCostUsd: number | undefined;
  if (flags.maxCost !== undefined) {
    maxCostUsd = Number(flags.maxCost.replace(/^\$/, ''));
    if (!(maxCostUsd > 0)) throw new UsageError(`capsim plan: --max-cost must be a positive number of USD (got ${JSON.stringify(flags.maxCost)})`);
  }
  return {
    spotShares: spotShares ? [...new Set(spotShares)].sort((a, b) => a - b) : undefined,
    targets: [...new Set(targets)].sort((a, b) => a - b),
    commitments: [...new Set(commitments.filter((c): c is CommitmentTerm => c !== 'none'))],
    objective: flags.objective as PlanObjective,
    runs: flags.runs ?? DEFAULT_RUNS,
    budget: flags.budget ?? DEFAULT_BUDGET,
    maxRiskChecks: DEFAULT_RISK_CHECKS,
    maxCostUsd,
    includeBurstable: flags.includeBurstable === true,
  };
}

/** Without --spot/--spot-shares: on-demand, plus the pool's own spot share when it has one. */
function planOptionsFor(o: ParsedPlanOptions, scenario: Scenario, poolName: string | undefined): PlanOptions {
  const own = poolName !== undefined ? (scenario.pools[poolName]?.purchase?.spotShare ?? 0) : 0;
  return { ...o, spotShares: o.spotShares ?? (own > 0 ? [0, own] : [0]) };
}

function filterCatalog(entries: readonly CatalogEntry[], flags: PlanFlags): CatalogEntry[] {
  const providers = flags.providers !== undefined ? list(flags.providers).map((p) => p.toLowerCase()) : undefined;
  for (const p of providers ?? []) {
    if (!(PROVIDERS as readonly string[]).includes(p)) throw new UsageError(`capsim plan: unknown provider ${JSON.stringify(p)} in --providers (expected ${PROVIDERS.join(', ')})`);
  }
  const regions = flags.regions !== undefined ? list(flags.regions).map((r) => r.toLowerCase()) : undefined;
  const families = flags.families !== undefined ? list(flags.families).map((f) => f.toLowerCase()) : undefined;
  const out = entries.filter(
    (e) =>
      (!providers || providers.includes(e.provider as Provider)) &&
      (!regions || regions.includes(e.region.toLowerCase())) &&
      (!families || families.includes(e.family.toLowerCase())),
  );
  if (out.length === 0) {
    const known = families ? `; known families include ${[...new Set(entries.map((e) => e.family))].slice(0, 12).join(', ')}…` : '';
    throw new UsageError(`capsim plan: no catalog instance type matches the filters (--providers ${flags.providers ?? '*'} --regions ${flags.regions ?? '*'} --families ${flags.families ?? '*'})${known}`);
  }
  return out;
}

function parseFormat(text: string): PlanFormat {
  if (!(PLAN_FORMATS as readonly string[]).includes(text)) throw new UsageError(`capsim plan: unknown --format ${JSON.stringify(text)} (expected ${PLAN_FORMATS.join(', ')})`);
  return text as PlanFormat;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function share(flag: string, text: string): number {
  const n = Number(text);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`capsim plan: ${flag} takes shares from 0 to 1 (got ${JSON.stringify(text)})`);
  return n;
}

function target(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n <= 1)) throw new UsageError(`capsim plan: --targets takes utilizations above 0 and at most 1 (got ${JSON.stringify(text)})`);
  return n;
}

function commitment(text: string): 'none' | CommitmentTerm {
  if (text === 'none' || text === '1y' || text === '3y') return text;
  throw new UsageError(`capsim plan: unknown commitment ${JSON.stringify(text)} in --commitments (expected none, 1y or 3y)`);
}

function positiveInt(flag: string, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got ${JSON.stringify(text)})`);
    return n;
  };
}
