import { HOURS_PER_MONTH, HOURS_PER_YEAR, SECONDS_PER_DAY, SECONDS_PER_HOUR } from './time.js';

/**
 * Durations in Go / Kubernetes style: a sequence of decimal numbers, each with a unit suffix
 * ("90s", "1h30m", "1.5h", "30d"). `m` is minutes (as in Go), `mo` is 730 h and `y` is 8760 h,
 * the same month and year that cloud price pages use.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: SECONDS_PER_HOUR,
  d: SECONDS_PER_DAY,
  w: 7 * SECONDS_PER_DAY,
  mo: HOURS_PER_MONTH * SECONDS_PER_HOUR,
  y: HOURS_PER_YEAR * SECONDS_PER_HOUR,
};

export const DURATION_UNITS = Object.keys(UNIT_SECONDS);

// Longest suffixes first so "ms" and "mo" are not read as "m" followed by garbage.
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|mo|s|m|h|d|w|y)/y;

export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string };

export function parseDuration(text: string): DurationResult {
  const src = text.trim();
  if (src === '') return { ok: false, message: 'empty duration' };
  if (src === '0') return { ok: true, seconds: 0 };
  let seconds = 0;
  let pos = 0;
  TERM.lastIndex = 0;
  while (pos < src.length) {
    TERM.lastIndex = pos;
    const match = TERM.exec(src);
    if (!match) {
      const rest = src.slice(pos);
      const hint = /^\d+(?:\.\d*)?$/.test(rest)
        ? `the number "${rest}" has no unit`
        : `cannot read "${rest}"`;
      return { ok: false, message: hint };
    }
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
    pos = TERM.lastIndex;
  }
  if (!Number.isFinite(seconds)) return { ok: false, message: 'duration is too large' };
  return { ok: true, seconds };
}

/** Compact display form: 5400 → "1h30m", 0.04 → "40ms", 2592000 → "30d". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1) {
    const ms = seconds * 1000;
    return ms >= 1 ? `${trim(ms)}ms` : `${trim(ms * 1000)}us`;
  }
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', SECONDS_PER_DAY],
    ['h', SECONDS_PER_HOUR],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      const whole = Math.floor(rest / size + 1e-9);
      parts.push(`${whole}${unit}`);
      rest -= whole * size;
    }
  }
  if (rest > 1e-9 || parts.length === 0) parts.push(`${trim(rest)}s`);
  return parts.join('');
}

function trim(x: number): string {
  return String(Number(x.toPrecision(6)));
}
