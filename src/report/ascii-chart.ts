/**
 * Small terminal line charts for the table report, drawn by asciichart. Two series are told
 * apart by glyphs as well as colour, so the chart still reads under NO_COLOR or when pasted:
 * the first is a solid rounded line, the second a dashed square one.
 *
 * Hourly series are reduced to one point per bucket so a month or a year fits in 60 columns.
 * Past three days a bucket is whole days: a bucket of, say, 12 h would alias the daily cycle
 * into a zig-zag. Each point is the bucket's peak hour, which is what capacity is sized for.
 */
import { plot, type PlotConfig } from 'asciichart';

export interface AsciiSeries {
  readonly name: string;
  readonly values: readonly number[];
}

export interface AsciiChartOptions {
  /** Plot columns; the series is averaged into this many buckets. */
  readonly width: number;
  /** Plot rows. */
  readonly height: number;
  readonly color: boolean;
  /** Y-axis label, e.g. 8 characters wide. */
  readonly format: (v: number) => string;
  /** Hours the series covers (for the x-axis caption). */
  readonly hours: number;
}

type Symbols = NonNullable<PlotConfig['symbols']>;
// asciichart's order: axis at zero, axis, gap ends (2), horizontal, corners (4), vertical.
const SOLID: Symbols = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
const DASHED: Symbols = ['┼', '┤', '╶', '╴', '┄', '└', '┌', '┐', '┘', '┆'];
const SOLID_GLYPHS = new Set<string>(SOLID.slice(4));
const DASHED_GLYPHS = new Set<string>(DASHED.slice(4));

const COLORS = ['\u001b[32m', '\u001b[36m'] as const; // green, cyan
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** One or two series on shared axes, a time caption and a legend. Empty when there is nothing to draw. */
export function asciiChart(series: readonly AsciiSeries[], o: AsciiChartOptions): string {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const size = bucketHours(n, o.width);
  const repeat = Math.max(1, Math.floor(o.width / Math.max(1, Math.ceil(n / size))));
  const shown = series.slice(0, 2).map((s) => ({ name: s.name, values: fillGaps(bucketPeaks(s.values, size)).flatMap((v) => new Array<number>(repeat).fill(v)) }));
  if (shown.length === 0 || shown.every((s) => s.values.length === 0)) return '';
  const all = shown.flatMap((s) => s.values);
  const lo = Math.min(0, ...all);
  let hi = Math.max(...all);
  if (!(hi > lo)) hi = lo + 1;
  const cfg = { height: o.height, min: lo, max: hi, format: (v: number) => o.format(v) };
  const layers = shown.map((s, i) => plot(s.values, { ...cfg, symbols: i === 0 ? SOLID : DASHED }).split('\n'));
  const base = layers[0]!;
  const rows = base.map((row, r) => {
    const axis = axisIndex(row);
    let merged = row;
    for (const layer of layers.slice(1)) {
      const other = layer[r] ?? '';
      merged = [...merged].map((ch, i) => (i > axis && other[i] !== undefined && other[i] !== ' ' ? other[i]! : ch)).join('');
    }
    return (o.color ? paint(merged, axis) : merged).trimEnd();
  });
  const labelWidth = axisIndex(base[0] ?? '');
  const columns = shown[0]!.values.length;
  const end = o.hours >= 72 ? `${round(o.hours / 24)} d` : `${round(o.hours)} h`;
  const start = o.hours >= 72 ? '0 d' : '0 h';
  const caption = `${' '.repeat(labelWidth)} ${start}${end.padStart(Math.max(end.length + 1, columns - start.length))}`;
  const step = size === 1 ? 'hourly' : size % 24 === 0 ? `peak hour of each ${size === 24 ? 'day' : `${size / 24} days`}` : `peak hour of each ${size} h`;
  const legend = shown
    .map((s, i) => {
      const key = i === 0 ? '──' : '┄┄';
      return `${o.color ? `${COLORS[i]}${key}${RESET}` : key} ${s.name}`;
    })
    .join('   ');
  const dim = (s: string) => (o.color ? `${DIM}${s}${RESET}` : s);
  return [...rows, dim(caption), `${' '.repeat(labelWidth + 1)}${legend}  ${dim(`(${step})`)}`].join('\n');
}

/** Hours per bucket for `n` hourly values in at most `width` columns: whole days past 72 h. */
export function bucketHours(n: number, width: number): number {
  if (n <= width) return 1;
  if (n < 72) return Math.ceil(n / width);
  return 24 * Math.ceil(n / 24 / width);
}

/** The largest finite value of each bucket (NaN where a bucket has none). */
export function bucketPeaks(values: readonly number[], size: number): number[] {
  const out: number[] = [];
  for (let from = 0; from < values.length; from += size) {
    let peak = NaN;
    for (let i = from; i < Math.min(values.length, from + size); i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && !(v <= peak)) peak = v;
    }
    out.push(peak);
  }
  return out;
}

/** asciichart draws every point: a gap carries the last value (0 before the first). */
function fillGaps(values: number[]): number[] {
  let last = values.find((v) => Number.isFinite(v)) ?? 0;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}

function axisIndex(row: string): number {
  const i = row.search(/[┤┼]/);
  return i < 0 ? 0 : i;
}

function paint(row: string, axis: number): string {
  let out = row.slice(0, axis + 1);
  for (const ch of row.slice(axis + 1)) {
    if (SOLID_GLYPHS.has(ch)) out += `${COLORS[0]}${ch}${RESET}`;
    else if (DASHED_GLYPHS.has(ch)) out += `${COLORS[1]}${ch}${RESET}`;
    else out += ch;
  }
  return out;
}

function round(x: number): string {
  return String(Number(x.toFixed(1)));
}
