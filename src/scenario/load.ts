/**
 * The scenario boundary: text in, either a validated Scenario (with every variant applied and
 * validated) or the complete list of problems. Nothing past this point re-validates.
 */
import type { Readable } from 'node:stream';
import { parseSource, positionOf, type ParsedSource } from './document.js';
import { describeValue, formatPath, sortIssues, type Issue } from './issue.js';
import { checkRules, type Report } from './rules.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { readSource, type SourceText } from './source.js';
import { applyPatch, resolveVariantPath, type ResolvedPath } from './variants.js';
import { convertZodIssues } from './zod-issues.js';

export interface LoadedScenario {
  readonly source: SourceText;
  readonly parsed: ParsedSource;
  readonly scenario: Scenario;
  /** Each variant as a whole, validated scenario, in file order. */
  readonly variants: ReadonlyMap<string, Scenario>;
}

export type LoadResult = { ok: true; loaded: LoadedScenario } | { ok: false; issues: Issue[] };

export async function loadScenarioFile(arg: string, cwd: string, stdin: Readable): Promise<LoadResult> {
  const read = await readSource(arg, cwd, stdin);
  if (!read.ok) return read;
  return validateSource(read.source);
}

export function validateSource(source: SourceText): LoadResult {
  const parse = parseSource(source);
  if (!parse.ok) return parse;
  const parsed = parse.parsed;
  const issues: Issue[] = [];
  if (typeof parsed.data !== 'object' || parsed.data === null || Array.isArray(parsed.data)) {
    const [line, col] = positionOf(parsed, []);
    return {
      ok: false,
      issues: [{ file: source.label, line, col, path: '', message: `not a scenario (got ${describeValue(parsed.data)}; expected a mapping with schemaVersion, name, horizon and pools)` }],
    };
  }

  const base = scenarioSchema.safeParse(parsed.data, { reportInput: true });
  if (!base.success) issues.push(...convertZodIssues(parsed, scenarioSchema, base.error.issues));
  checkRules(parsed.data, reporterAt(parsed, issues));

  const baseValidOutsideVariants = base.success || base.error.issues.every((i) => i.path[0] === 'variants');
  const variants = new Map<string, Scenario>();
  const rawVariants = (parsed.data as { variants?: unknown }).variants;
  if (rawVariants && typeof rawVariants === 'object' && !Array.isArray(rawVariants)) {
    for (const [variantName, rawPatch] of Object.entries(rawVariants)) {
      if (!rawPatch || typeof rawPatch !== 'object' || Array.isArray(rawPatch)) continue; // zod reported it
      const patches: Array<{ path: ResolvedPath; value: unknown; dotted: string }> = [];
      let pathsOk = true;
      for (const [dotted, value] of Object.entries(rawPatch)) {
        const at = ['variants', variantName, dotted];
        const resolved = resolveVariantPath(scenarioSchema, parsed.data, dotted);
        if (!resolved.ok) {
          pathsOk = false;
          const [line, col] = positionOf(parsed, at, true);
          issues.push({ file: source.label, line, col, path: formatPath(at), message: resolved.message });
        } else {
          patches.push({ path: resolved.path, value, dotted });
        }
      }
      if (!pathsOk || !baseValidOutsideVariants) continue;
      // A variant's copy drops `variants`: they are not part of what the variant describes, and
      // their own problems are already reported once for the base file.
      const patched = applyPatch(withoutVariants(parsed.data), patches);
      const result = scenarioSchema.safeParse(patched, { reportInput: true });
      const where = ['variants', variantName];
      const locate = patchLocator(parsed, where, patches);
      if (!result.success) {
        issues.push(...convertZodIssues(parsed, scenarioSchema, result.error.issues, { data: patched, prefix: where, locate }));
        continue;
      }
      const before = issues.length;
      checkRules(patched, relocatedReporter(parsed, issues, where, locate));
      if (issues.length === before) variants.set(variantName, result.data);
    }
  }

  if (issues.length > 0 || !base.success) return { ok: false, issues: sortIssues(dedupe(issues)) };
  return { ok: true, loaded: { source, parsed, scenario: base.data, variants } };
}

/**
 * A scenario with dotted-path patches applied, validated whole, for changes made outside the
 * file (sweeps, sensitivity, planner patches). Problems are reported against `label` (e.g.
 * "--set pools.api.count=0"), since the change has no position in the file.
 */
export function patchScenario(
  loaded: LoadedScenario,
  patch: Readonly<Record<string, unknown>>,
  label: string,
): { ok: true; scenario: Scenario } | { ok: false; issues: Issue[] } {
  const parsed = loaded.parsed;
  const base = withoutVariants(parsed.data);
  const issues: Issue[] = [];
  const at = (path: string, message: string): Issue => ({ file: label, line: 0, col: 0, path, message });
  const patches: Array<{ path: ResolvedPath; value: unknown }> = [];
  for (const [dotted, value] of Object.entries(patch)) {
    const resolved = resolveVariantPath(scenarioSchema, base, dotted);
    if (!resolved.ok) issues.push(at(dotted, resolved.message));
    else patches.push({ path: resolved.path, value });
  }
  if (issues.length > 0) return { ok: false, issues };
  const patched = applyPatch(base, patches);
  const result = scenarioSchema.safeParse(patched, { reportInput: true });
  if (!result.success) {
    const phrased = convertZodIssues(parsed, scenarioSchema, result.error.issues, { data: patched, prefix: [], locate: () => [0, 0] });
    return { ok: false, issues: phrased.map((i) => at(i.path.replace(/^ → /, ''), i.message)) };
  }
  checkRules(patched, (path, message) => issues.push(at(formatPath(path), message)));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario: result.data };
}

function reporterAt(parsed: ParsedSource, issues: Issue[]): Report {
  return (path, message, atKey = false) => {
    const [line, col] = positionOf(parsed, path, atKey);
    issues.push({ file: parsed.source.label, line, col, path: formatPath(path), message });
  };
}

/**
 * Problems inside a patched copy are reported at the patch entry that caused them: the one whose
 * path is a prefix of (or lies under) the problem's path, else the variant as a whole.
 */
function patchLocator(
  parsed: ParsedSource,
  where: readonly PropertyKey[],
  patches: ReadonlyArray<{ path: ResolvedPath; dotted: string }>,
): (path: readonly PropertyKey[]) => [number, number] {
  return (path) => {
    const hit = patches.find(({ path: p }) => {
      const n = Math.min(p.segments.length, path.length);
      for (let i = 0; i < n; i++) if (String(p.segments[i]) !== String(path[i])) return false;
      return true;
    });
    return positionOf(parsed, hit ? [...where, hit.dotted] : where, true);
  };
}

/** Rules broken inside a patched copy are reported at the variant that caused them. */
function relocatedReporter(
  parsed: ParsedSource,
  issues: Issue[],
  where: readonly PropertyKey[],
  locate: (path: readonly PropertyKey[]) => [number, number],
): Report {
  return (path, message) => {
    const [line, col] = locate(path);
    issues.push({ file: parsed.source.label, line, col, path: `${formatPath(where)} → ${formatPath(path)}`, message });
  };
}

function withoutVariants(data: unknown): unknown {
  const { variants: _ignored, ...rest } = data as Record<string, unknown>;
  return rest;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.line}:${i.col}:${i.path}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
