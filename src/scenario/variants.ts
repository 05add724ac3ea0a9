/**
 * Variants are named patches: `{dotted.path: value}`. A path addresses pools and the
 * variant-addressable lists (workloads, models, pipelines, spikes) by name, e.g.
 * `workloads.recs-api.model` or `pools.api.purchase.spotShare`. Every path is checked against
 * the scenario language before it is applied: a path that does not exist is an error, never a
 * silently added key.
 */
import type { z } from 'zod';
import { describeValue } from './issue.js';
import { allowedKeys, childSchema, schemaKind } from './schema-walk.js';
import { closest } from './suggest.js';
import { unknownName } from './rules.js';

/** Keys a variant may not patch: the file's identity and the variants themselves (no recursion). */
const FORBIDDEN_ROOTS = new Set(['schemaVersion', 'variants', '$schema']);

export interface ResolvedPath {
  /** Concrete segments into the data (list entries resolved to indices). */
  readonly segments: readonly (string | number)[];
}

export type PathResult = { ok: true; path: ResolvedPath } | { ok: false; message: string };

export function resolveVariantPath(schema: z.ZodType, data: unknown, dotted: string): PathResult {
  const parts = dotted.split('.');
  if (parts.some((p) => p === '')) return { ok: false, message: `not a path (got ${JSON.stringify(dotted)}; expected dotted keys such as "pools.api.count")` };
  if (FORBIDDEN_ROOTS.has(parts[0]!)) {
    return { ok: false, message: `cannot be patched by a variant (got ${JSON.stringify(parts[0])}; expected a path into pools, workloads, features or scenario settings)` };
  }
  const segments: (string | number)[] = [];
  let node: z.ZodType | undefined = schema;
  let raw: unknown = data;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const here = parts.slice(0, i).join('.') || '(top level)';
    const kind: string = schemaKind(node!);
    let segment: string | number = part;
    if (kind === 'array') {
      const list = Array.isArray(raw) ? raw : [];
      const byName = list.findIndex((item) => item && typeof item === 'object' && (item as { name?: unknown }).name === part);
      if (byName >= 0) segment = byName;
      else if (/^\d+$/.test(part) && Number(part) < list.length) segment = Number(part);
      else {
        const names = list.map((item) => (item as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string');
        return { ok: false, message: unknownName(singular(parts[i - 1] ?? 'entry'), part, names, here) };
      }
    } else if (kind === 'record') {
      const keys = raw && typeof raw === 'object' ? Object.keys(raw) : [];
      if (!keys.includes(part)) return { ok: false, message: unknownName(singular(parts[i - 1] ?? 'entry'), part, keys, here) };
    } else if (kind === 'object' || kind === 'union') {
      const allowed = allowedKeys(node!, raw);
      if (!allowed.includes(part)) {
        const suggestion = closest(part, allowed);
        return {
          ok: false,
          message: `path does not exist (got ${JSON.stringify(part)} in ${here}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ''}expected one of ${allowed.join(', ')})`,
        };
      }
    } else {
      return { ok: false, message: `path goes past a value (got ${JSON.stringify(part)} after ${here}, which holds ${describeValue(raw)}; expected the path to end at ${here})` };
    }
    node = childSchema(node!, raw, segment);
    if (!node) return { ok: false, message: `path does not exist (got ${JSON.stringify(parts.slice(0, i + 1).join('.'))})` };
    segments.push(segment);
    raw = raw && typeof raw === 'object' ? (raw as Record<string | number, unknown>)[segment] : undefined;
  }
  return { ok: true, path: { segments } };
}

/**
 * Returns a patched deep copy; intermediate mappings that are absent are created and a null
 * value removes the entry. List entries removed by name are removed after the others are
 * applied, so indices resolved earlier stay valid.
 */
export function applyPatch(data: unknown, patches: ReadonlyArray<{ path: ResolvedPath; value: unknown }>): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  const lastIndex = (p: { path: ResolvedPath }) => {
    const l = p.path.segments[p.path.segments.length - 1];
    return typeof l === 'number' ? l : -1;
  };
  const ordered = [...patches.filter((p) => p.value !== null), ...patches.filter((p) => p.value === null).sort((a, b) => lastIndex(b) - lastIndex(a))];
  for (const { path, value } of ordered) {
    let target: Record<string | number, unknown> = copy;
    const segs = path.segments;
    for (let i = 0; i < segs.length - 1; i++) {
      const seg = segs[i]!;
      const next = target[seg];
      if (next === null || typeof next !== 'object') target[seg] = {};
      target = target[seg] as Record<string | number, unknown>;
    }
    const last = segs[segs.length - 1]!;
    // null removes the entry (no key of the language accepts null): a variant can drop an
    // on-prem pool when it moves the workload to the cloud, or a workload from a list.
    if (value === null) {
      if (Array.isArray(target) && typeof last === 'number') target.splice(last, 1);
      else delete target[last];
    } else {
      target[last] = structuredClone(value);
    }
  }
  return copy;
}

function singular(listName: string): string {
  const map: Record<string, string> = { pools: 'pool', workloads: 'workload', models: 'model', pipelines: 'pipeline', spikes: 'spike', variants: 'variant' };
  return map[listName] ?? listName;
}
