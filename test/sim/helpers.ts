import { loadBundledCatalogs } from '../../src/catalog/bundled.js';
import type { CatalogIndex } from '../../src/catalog/lookup.js';
import { validateSource } from '../../src/scenario/load.js';
import { resolveScenario, type Resolved } from '../../src/scenario/resolve.js';
import { formatIssue } from '../../src/scenario/issue.js';
import { simulateRun, type RunResult } from '../../src/sim/run.js';

let catalogs: Promise<CatalogIndex> | undefined;

/** Validates and resolves scenario YAML against the bundled catalogs; throws on any issue. */
export async function resolveText(text: string): Promise<Resolved> {
  const loaded = validateSource({ label: 'test.yaml', absolutePath: undefined, text });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  catalogs ??= loadBundledCatalogs();
  const r = await resolveScenario(loaded.loaded.scenario, { parsed: loaded.loaded.parsed, catalogs: await catalogs, cwd: process.cwd() });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.resolved;
}

export async function runText(text: string, runIndex = 0, series = false): Promise<RunResult> {
  const r = await resolveText(text);
  return simulateRun(r.spec, r.loads, { runIndex, series });
}
