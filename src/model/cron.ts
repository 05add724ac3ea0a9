/**
 * Five-field cron (minute hour day-of-month month day-of-week), evaluated in UTC over simulated
 * seconds. Simulated time has no calendar of its own, so t = 0 is pinned to a Unix instant
 * (`epochUnixSeconds`); the default is 2024-01-01T00:00:00Z, a Monday, so "weekday" crons line
 * up with a week that starts at t = 0.
 *
 * Syntax follows Vixie cron: `*`, `a`, `a-b`, `*\/n`, `a-b/n`, `a/n` (= a-max/n), lists with
 * commas, JAN–DEC and SUN–SAT names, 7 = Sunday, and the @hourly/@daily/@weekly/@monthly/
 * @yearly macros. `?` (AWS syntax) is read as `*`. When both day fields are restricted a day
 * matches if either does (Vixie's rule); when one is `*` only the other counts.
 *
 * The calendar arithmetic is Howard Hinnant's days↔civil algorithm, so no Date object (and no
 * allocation) is needed per query.
 */

/** 2024-01-01T00:00:00Z, a Monday. */
export const DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS = 1_704_067_200;

export interface CronSchedule {
  /** The text it was parsed from, for messages and reports. */
  readonly source: string;
  /** Allowed values as 0/1 flags indexed by value: minute 0–59, hour 0–23, day 1–31, month 1–12, weekday 0–6 (0 = Sunday). */
  readonly minutes: Uint8Array;
  readonly hours: Uint8Array;
  readonly daysOfMonth: Uint8Array;
  readonly months: Uint8Array;
  readonly daysOfWeek: Uint8Array;
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

export type CronParseResult = { ok: true; cron: CronSchedule } | { ok: false; message: string };

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesStartAt?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesStartAt: 1 },
  // 7 is accepted as Sunday and folded onto 0 after parsing.
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesStartAt: 0 },
];

/** Parses a 5-field cron expression or macro; never throws. */
export function parseCron(text: string): CronParseResult {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/).filter((p) => p.length > 0);
  if (parts.length !== 5) {
    return {
      ok: false,
      message: `cron "${trimmed}" needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    };
  }
  const flags: Uint8Array[] = [];
  for (let i = 0; i < 5; i++) {
    const spec = FIELDS[i]!;
    const field = parseField(parts[i]!, spec);
    if (typeof field === 'string') return { ok: false, message: `cron "${trimmed}": ${spec.name}: ${field}` };
    flags.push(field);
  }
  const daysOfWeek = flags[4]!;
  if (daysOfWeek[7] === 1) daysOfWeek[0] = 1;
  return {
    ok: true,
    cron: {
      source: trimmed,
      minutes: flags[0]!,
      hours: flags[1]!,
      daysOfMonth: flags[2]!,
      months: flags[3]!,
      daysOfWeek: daysOfWeek.subarray(0, 7),
      dayOfMonthRestricted: !isStar(parts[2]!),
      dayOfWeekRestricted: !isStar(parts[4]!),
    },
  };
}

/** Like parseCron, but throws a RangeError; for tests and already-validated input. */
export function cronOrThrow(text: string): CronSchedule {
  const parsed = parseCron(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.cron;
}

function isStar(field: string): boolean {
  return field.startsWith('*') || field.startsWith('?');
}

function parseField(field: string, spec: FieldSpec): Uint8Array | string {
  const flags = new Uint8Array(spec.max + 1);
  for (const item of field.split(',')) {
    if (item.length === 0) return `empty item in "${field}"`;
    const [rangeText, stepText, extra] = item.split('/');
    if (extra !== undefined) return `"${item}" has more than one "/"`;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) return `step "${stepText}" must be a positive integer`;
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (rangeText === '*' || rangeText === '?') {
      low = spec.min;
      high = implicitMax(spec);
    } else {
      const bounds = rangeText!.split('-');
      if (bounds.length > 2) return `cannot read "${item}"`;
      const first = parseValue(bounds[0]!, spec);
      if (typeof first === 'string') return first;
      low = first;
      if (bounds.length === 2) {
        const second = parseValue(bounds[1]!, spec);
        if (typeof second === 'string') return second;
        high = second;
        if (high < low) return `range "${item}" runs backwards`;
      } else {
        high = stepText !== undefined ? implicitMax(spec) : low;
      }
    }
    for (let v = low; v <= high; v += step) flags[v] = 1;
  }
  return flags;
}

/** An open range ("*", "a/n") stops at Saturday, so Sunday is not listed twice as 0 and 7. */
function implicitMax(spec: FieldSpec): number {
  return spec.name === 'day-of-week' ? 6 : spec.max;
}

function parseValue(text: string, spec: FieldSpec): number | string {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}-${spec.max}`;
    return value;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.namesStartAt ?? 0);
  return `cannot read "${text}"`;
}

/** Whether the cron fires at simulated second `simSeconds` (only whole UTC minutes fire). */
export function cronMatches(
  cron: CronSchedule,
  simSeconds: number,
  epochUnixSeconds = DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS,
): boolean {
  const unixSeconds = epochUnixSeconds + simSeconds;
  if (unixSeconds % 60 !== 0) return false;
  const totalMinutes = unixSeconds / 60;
  const days = Math.floor(totalMinutes / 1440);
  const minuteOfDay = totalMinutes - days * 1440;
  if (cron.minutes[minuteOfDay % 60] !== 1 || cron.hours[Math.floor(minuteOfDay / 60)] !== 1) return false;
  setCivil(days);
  return cron.months[civilMonth] === 1 && dayMatches(cron, civilDay, weekdayFromDays(days));
}

/** Never-firing crons ("0 0 30 2 *") are detected by searching one full 400-year Gregorian cycle. */
const SEARCH_YEARS = 400;

/**
 * The first simulated second strictly after `afterSimSeconds` at which the cron fires, or
 * Infinity if it never fires. Skips whole months, days and hours that cannot match, so a search
 * costs a few dozen steps, not one per minute.
 */
export function nextCronSeconds(
  cron: CronSchedule,
  afterSimSeconds: number,
  epochUnixSeconds = DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS,
): number {
  let minute = Math.floor((epochUnixSeconds + afterSimSeconds) / 60) + 1;
  setCivil(Math.floor(minute / 1440));
  const lastYear = civilYear + SEARCH_YEARS;
  for (;;) {
    const days = Math.floor(minute / 1440);
    setCivil(days);
    if (civilYear > lastYear) return Infinity;
    if (cron.months[civilMonth] !== 1) {
      const nextMonth = civilMonth === 12 ? 1 : civilMonth + 1;
      const nextYear = civilMonth === 12 ? civilYear + 1 : civilYear;
      minute = daysFromCivil(nextYear, nextMonth, 1) * 1440;
      continue;
    }
    if (!dayMatches(cron, civilDay, weekdayFromDays(days))) {
      minute = (days + 1) * 1440;
      continue;
    }
    const minuteOfDay = minute - days * 1440;
    const hour = Math.floor(minuteOfDay / 60);
    if (cron.hours[hour] !== 1) {
      minute = days * 1440 + (hour + 1) * 60;
      continue;
    }
    if (cron.minutes[minuteOfDay % 60] !== 1) {
      minute++;
      continue;
    }
    return minute * 60 - epochUnixSeconds;
  }
}

function dayMatches(cron: CronSchedule, dayOfMonth: number, weekday: number): boolean {
  const domOk = cron.daysOfMonth[dayOfMonth] === 1;
  const dowOk = cron.daysOfWeek[weekday] === 1;
  if (cron.dayOfMonthRestricted && cron.dayOfWeekRestricted) return domOk || dowOk;
  return domOk && dowOk;
}

/** 1970-01-01 was a Thursday (weekday 4). */
function weekdayFromDays(daysSinceUnixEpoch: number): number {
  return (((daysSinceUnixEpoch + 4) % 7) + 7) % 7;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Proleptic Gregorian UTC date of a day count since 1970-01-01. */
export function civilFromDays(daysSinceUnixEpoch: number): CivilDate {
  setCivil(daysSinceUnixEpoch);
  return { year: civilYear, month: civilMonth, day: civilDay };
}

// Scratch output of setCivil: the cron search runs per step, so it must not allocate a date.
let civilYear = 1970;
let civilMonth = 1;
let civilDay = 1;

/** Howard Hinnant's civil_from_days. */
function setCivil(daysSinceUnixEpoch: number): void {
  const z = daysSinceUnixEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (month <= 2 ? 1 : 0);
  civilMonth = month;
  civilDay = day;
}

/** Howard Hinnant's days_from_civil: the inverse of civilFromDays. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
