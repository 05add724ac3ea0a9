/**
 * Reads a load trace named by a scenario (`load.trace.file`, relative to the scenario file) into
 * the in-memory form src/sim/trace.ts resamples. Three formats cover the public traces capsim is
 * used with: time,value samples (NAB CloudWatch counts), whitespace-separated fixed-interval
 * series (NASA and Twitter per-second counts) and one-row-per-request event logs (Azure LLM).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Trace } from '../sim/trace.js';

export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

export interface TraceSpec {
  readonly file: string;
  readonly format: 'samples' | 'series' | 'events';
  readonly time: string;
  readonly value: string;
  readonly weight?: string | undefined;
  readonly intervalSeconds: number;
  readonly unit: 'per-second' | 'per-sample';
}

export type TraceResult = { ok: true; trace: Trace; path: string } | { ok: false; message: string };

/** `scenarioPath` is undefined for stdin: relative paths then resolve against `cwd`. */
export async function readTraceFile(spec: TraceSpec, scenarioPath: string | undefined, cwd: string): Promise<TraceResult> {
  const path = resolve(scenarioPath ? dirname(scenarioPath) : cwd, spec.file);
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_TRACE_BYTES) {
      return { ok: false, message: `trace file is too large (got ${(info.size / 2 ** 20).toFixed(0)} MiB at ${path}; expected at most 256 MiB: aggregate it first)` };
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `trace file not found (got ${path}; expected a file relative to the scenario file)` };
    return { ok: false, message: `trace file cannot be read (${code ?? String(err)} at ${path})` };
  }
  try {
    return { ok: true, trace: parseTrace(text, spec), path };
  } catch (err) {
    return { ok: false, message: `${err instanceof Error ? err.message : String(err)} in ${path}` };
  }
}

/** Parses trace text; throws an Error with a user-facing message on bad content. */
export function parseTrace(text: string, spec: Omit<TraceSpec, 'file'>): Trace {
  if (spec.format === 'series') {
    const tokens = text.split(/\s+/).filter(Boolean);
    const values = new Float64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const v = Number(tokens[i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`value ${i + 1} is not a non-negative number (got ${JSON.stringify(tokens[i])})`);
      values[i] = v;
    }
    if (values.length === 0) throw new Error('the trace has no values');
    const times = Float64Array.from({ length: values.length }, (_, i) => i * spec.intervalSeconds);
    return { kind: 'samples', timesSeconds: times, values, perSample: spec.unit === 'per-sample' };
  }

  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
  if (rows.length === 0) throw new Error('the trace has no rows');
  const header = Object.keys(rows[0]!);
  const need = spec.format === 'events' ? [spec.time, ...(spec.weight ? [spec.weight] : [])] : [spec.time, spec.value];
  for (const column of need) {
    if (!header.includes(column)) {
      throw new Error(`column ${JSON.stringify(column)} not found (got columns ${header.map((h) => JSON.stringify(h)).join(', ')}; set trace.time / trace.value / trace.weight)`);
    }
  }
  const raw = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = parseTimestamp(rows[i]![spec.time] ?? '');
    if (Number.isNaN(t)) throw new Error(`row ${i + 2}: cannot read time ${JSON.stringify(rows[i]![spec.time])} (expected "YYYY-MM-DD HH:MM:SS" or seconds)`);
    raw[i] = t;
  }
  // Some logs are not sorted; order by time, keeping each row's value with it.
  const order = Uint32Array.from({ length: rows.length }, (_, i) => i).sort((a, b) => raw[a]! - raw[b]!);
  const t0 = raw[order[0]!]!;
  const times = Float64Array.from(order, (i) => raw[i]! - t0);
  if (spec.format === 'events') {
    const weights = spec.weight ? Float64Array.from(order, (i) => readNumber(rows[i]![spec.weight!], i, spec.weight!)) : undefined;
    return { kind: 'events', timesSeconds: times, weights };
  }
  const values = Float64Array.from(order, (i) => readNumber(rows[i]![spec.value], i, spec.value));
  return { kind: 'samples', timesSeconds: times, values, perSample: spec.unit === 'per-sample' };
}

function readNumber(text: string | undefined, row: number, column: string): number {
  const v = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(v) || v < 0) {
    throw new Error(`row ${row + 2}: column ${JSON.stringify(column)} is not a non-negative number (got ${JSON.stringify(text ?? '')})`);
  }
  return v;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Seconds: plain numbers as given, date-times as seconds since the epoch (UTC unless an offset is given). */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const m = DATE_TIME.exec(trimmed);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (frac) seconds += Number(frac);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return seconds;
}
