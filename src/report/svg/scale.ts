/**
 * Linear scales and "nice" ticks (1, 2, 2.5 or 5 × 10^k) for the hand-made SVG charts: readable
 * tick labels matter more than filling every pixel.
 */

export interface Scale {
  readonly domain: readonly [number, number];
  (value: number): number;
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const f = (v: number) => r0 + ((v - d0) / span) * (r1 - r0);
  return Object.assign(f, { domain });
}

/** The domain widened to nice tick boundaries, and the ticks in it (about `count` of them). */
export function niceTicks(min: number, max: number, count = 5, integer = false): { readonly domain: [number, number]; readonly ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    // A flat series still gets an axis: widen around the value (or 0..1 for all zeros).
    const pad = max === 0 ? 1 : Math.abs(max) * 0.1;
    min -= min === 0 ? 0 : pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, count), integer);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/** Counts (runs, instances) get whole-number steps without 2.5: "2.5 runs" is no tick anyone wants. */
function niceStep(raw: number, integer: boolean): number {
  if (integer && raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 && !integer ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}
