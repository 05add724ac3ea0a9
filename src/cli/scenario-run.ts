/**
 * The shell around one simulation: load and validate the scenario, load the catalogs, resolve,
 * run the engine (all Monte Carlo runs), and build the report model. Shared by `run`, the
 * default command and the TUI; every user-facing failure comes back as a CapsimError.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { loadBundledCatalogs } from '../catalog/bundled.js';
import type { CatalogIndex } from '../catalog/lookup.js';
import { UsageError, ValidationError } from '../model/errors.js';
import { buildRunReport, type RunReport } from '../report/model.js';
import { formatIssue } from '../scenario/issue.js';
import { loadScenarioFile, type LoadedScenario } from '../scenario/load.js';
import { resolveScenario, type Resolved } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/schema.js';
import { runMonteCarlo } from '../sim/monte-carlo/runs.js';
import type { RunResult } from '../sim/run.js';
import { summarizeRuns, type RunSummary } from '../sim/summary.js';
import type { CliIo } from './io.js';
import { toolVersion } from './version.js';

export interface ScenarioRunOptions {
  readonly runs?: number;
  readonly seed?: number;
  readonly variant?: string;
  readonly series: boolean;
  /** Attach run 0's hourly bill to the report (FOCUS, HTML cost charts); default: with the series. */
  readonly bill?: boolean;
  /** Worker threads for the Monte Carlo runs (default: defaultThreads()); 1 runs in-process. */
  readonly threads?: number;
  /** Called after each finished run (progress bars). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ScenarioRun {
  readonly loaded: LoadedScenario;
  readonly resolved: Resolved;
  /** Run 0 in full: what the report details. */
  readonly first: RunResult;
  /** Every run's summary (run 0 included), sorted by runIndex. */
  readonly summaries: readonly RunSummary[];
  readonly report: RunReport;
}

/** Most laptops gain little past 8 threads for this load, and each worker costs memory. */
const MAX_DEFAULT_THREADS = 8;

/** One worker per available core, capped at 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

let catalogCache: Promise<CatalogIndex> | undefined;
export function bundledCatalogs(): Promise<CatalogIndex> {
  catalogCache ??= loadBundledCatalogs();
  return catalogCache;
}

export async function loadScenario(file: string, io: CliIo): Promise<LoadedScenario> {
  const loaded = await loadScenarioFile(file, io.cwd, io.stdin);
  if (!loaded.ok) throw new ValidationError(loaded.issues.map(formatIssue));
  return loaded.loaded;
}

export async function runLoadedScenario(loaded: LoadedScenario, io: CliIo, options: ScenarioRunOptions): Promise<ScenarioRun> {
  let scenario = loaded.scenario;
  if (options.variant !== undefined) {
    const v = loaded.variants.get(options.variant);
    if (!v) {
      const names = [...loaded.variants.keys()];
      throw new UsageError(`unknown variant ${JSON.stringify(options.variant)} (expected one of: ${names.length ? names.join(', ') : 'none defined in this scenario'})`);
    }
    scenario = v;
  }
  return simulateScenario(loaded, scenario, io, options);
}

/**
 * Simulates a scenario derived from `loaded` (a variant, or one changed by compare/sweep): the
 * loaded file supplies positions for messages, relative paths and the hash.
 */
export async function simulateScenario(loaded: LoadedScenario, scenarioIn: Scenario, io: CliIo, options: ScenarioRunOptions): Promise<ScenarioRun> {
  let scenario = scenarioIn;
  if (options.seed !== undefined) scenario = { ...scenario, seed: options.seed };
  const runs = options.runs ?? scenario.runs;
  const resolved = await resolveScenario(scenario, { parsed: loaded.parsed, catalogs: await bundledCatalogs(), cwd: io.cwd });
  if (!resolved.ok) throw new ValidationError(resolved.issues.map(formatIssue));
  const { spec, loads } = resolved.resolved;
  const { first, summaries } = await runMonteCarlo(spec, loads, {
    runs,
    threads: options.threads ?? defaultThreads(),
    series: options.series,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const report = buildRunReport({
    spec,
    run: first,
    monteCarlo: runs > 1 ? summarizeRuns(summaries) : undefined,
    runs,
    toolVersion: toolVersion(),
    scenarioHash: createHash('sha256').update(loaded.source.text).digest('hex'),
    ...(scenario.description ? { description: scenario.description } : {}),
    ...(options.variant ? { variant: options.variant } : {}),
    includeSeries: options.series,
    includeBill: options.bill ?? options.series,
    runCosts: summaries.map((s) => s.cost.total),
  });
  return { loaded, resolved: resolved.resolved, first, summaries, report };
}
