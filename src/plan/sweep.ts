/**
 * Parameter sweeps: `--set path=a..b:step` or `--set path=v1,v2` for any dotted scenario path,
 * expanded into the grid of every combination, and the Pareto set of the results (cheapest for
 * its SLO attainment). Pure: parsing, expansion and ranking only.
 */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
}

export type AxisResult = { ok: true; axis: SweepAxis } | { ok: false; message: string };

/** Parses one `--set` argument. Values in lists are read as numbers when they look like numbers. */
export function parseAxis(text: string): AxisResult {
  const eq = text.indexOf('=');
  if (eq <= 0) return { ok: false, message: `--set needs path=values (got ${JSON.stringify(text)}; expected e.g. pools.api.purchase.spotShare=0..1:0.1 or pools.api.instance=m5.large,c5.large)` };
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const range = /^(-?[\d.]+(?:e-?\d+)?)\.\.(-?[\d.]+(?:e-?\d+)?)(?::([\d.]+(?:e-?\d+)?))?$/.exec(spec);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const step = range[3] === undefined ? (Number.isInteger(from) && Number.isInteger(to) ? 1 : (to - from) / 10) : Number(range[3]);
    if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) {
      return { ok: false, message: `--set ${path}: not a usable range (got ${JSON.stringify(spec)}; expected from..to:step with from ≤ to and step > 0)` };
    }
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > 10_000) return { ok: false, message: `--set ${path}: ${count} values is too many (use a larger step)` };
    // Round to the step's decimals so 0.1 steps give 0.3, not 0.30000000000000004.
    const decimals = Math.max(decimalsOf(range[1]!), decimalsOf(range[3] ?? '1'));
    const values = Array.from({ length: count }, (_, k) => Number((from + k * step).toFixed(decimals)));
    return { ok: true, axis: { path, values } };
  }
  const values = spec.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return { ok: false, message: `--set ${path}: no values (expected a range a..b:step or a list v1,v2)` };
  return { ok: true, axis: { path, values: values.map((v) => (/^-?\d+(\.\d+)?(e-?\d+)?$/.test(v) ? Number(v) : v)) } };
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Every combination, in order (the last axis varies fastest). */
export function grid(axes: readonly SweepAxis[]): Array<Record<string, unknown>> {
  let out: Array<Record<string, unknown>> = [{}];
  for (const axis of axes) {
    const next: Array<Record<string, unknown>> = [];
    for (const partial of out) for (const v of axis.values) next.push({ ...partial, [axis.path]: v });
    out = next;
  }
  return out;
}

export function gridSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

export interface Scored {
  readonly costUsd: number;
  /** Higher is better (e.g. the worst SLO attainment across workloads). */
  readonly quality: number;
}

/** Indices of the points no other point beats on both cost and quality. */
export function paretoFront(points: readonly Scored[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.costUsd - points[b]!.costUsd || points[b]!.quality - points[a]!.quality);
  const front: number[] = [];
  let best = -Infinity;
  for (const i of order) {
    const q = points[i]!.quality;
    if (Number.isNaN(q)) continue;
    if (q > best) {
      front.push(i);
      best = q;
    }
  }
  return front.sort((a, b) => a - b);
}
