/**
 * Spot price replay for a pool: reads an `aws ec2 describe-spot-price-history` file with the
 * catalog importer, picks the pool's instance type (and zone), and lays the history over the
 * horizon from its first price change, looping if it is shorter. The engine gets one mean
 * price per hour, each price weighted by the seconds it was in effect within that hour.
 */
import { resolve, dirname } from 'node:path';
import { readSpotPriceHistory } from '../catalog/index.js';
import { spotCostUsd, type SpotPriceSeries } from '../model/billing/index.js';
import { SECONDS_PER_HOUR } from '../model/time.js';
import type { ResolveContext } from './resolve.js';

export async function replaySpotPrices(
  history: { file: string; availabilityZone?: string | undefined },
  instanceType: string,
  horizonSeconds: number,
  ctx: ResolveContext,
): Promise<{ ok: true; usdPerHourByHour: Float64Array } | { ok: false; message: string }> {
  const base = ctx.parsed.source.absolutePath ? dirname(ctx.parsed.source.absolutePath) : ctx.cwd;
  const path = resolve(base, history.file);
  let all: SpotPriceSeries[];
  try {
    all = (await readSpotPriceHistory([path])).series;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `spot price history not found (got ${path}; expected a file relative to the scenario file)` : `cannot read the spot price history (${err instanceof Error ? err.message : String(err)})` };
  }
  const forType = all.filter((s) => s.instanceType.toLowerCase() === instanceType.toLowerCase());
  if (forType.length === 0) {
    const types = [...new Set(all.map((s) => s.instanceType))].slice(0, 8);
    return { ok: false, message: `no spot prices for ${instanceType} in the history (got ${types.length ? types.join(', ') : 'no series'}; expected the pool's instance type)` };
  }
  let series: SpotPriceSeries | undefined;
  if (history.availabilityZone) {
    series = forType.find((s) => s.availabilityZone === history.availabilityZone);
    if (!series) {
      return { ok: false, message: `no ${instanceType} history in zone ${history.availabilityZone} (got zones ${forType.map((s) => s.availabilityZone).join(', ')})` };
    }
  } else {
    series = [...forType].sort((a, b) => b.timesSec.length - a.timesSec.length || a.availabilityZone.localeCompare(b.availabilityZone))[0]!;
  }
  return { ok: true, usdPerHourByHour: hourlyReplay(series, horizonSeconds) };
}

/** Mean price per simulated hour; the history starts at t = 0 and repeats when it runs out. */
export function hourlyReplay(series: SpotPriceSeries, horizonSeconds: number): Float64Array {
  const hours = Math.ceil(horizonSeconds / SECONDS_PER_HOUR - 1e-9);
  const out = new Float64Array(hours);
  const t0 = series.timesSec[0]!;
  const last = series.timesSec[series.timesSec.length - 1]!;
  // A single price point (or changes within one hour) replays as a constant.
  const span = Math.max(last - t0, SECONDS_PER_HOUR);
  for (let h = 0; h < hours; h++) {
    const from = (h * SECONDS_PER_HOUR) % span;
    const to = from + SECONDS_PER_HOUR;
    const cost = to <= span ? spotCostUsd(series, t0 + from, t0 + to) : spotCostUsd(series, t0 + from, t0 + span) + spotCostUsd(series, t0, t0 + (to - span));
    out[h] = cost; // one instance for one hour: USD per hour
  }
  return out;
}
