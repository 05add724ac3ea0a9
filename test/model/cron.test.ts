import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS,
  civilFromDays,
  cronMatches,
  cronOrThrow,
  daysFromCivil,
  nextCronSeconds,
  parseCron,
} from '../../src/model/cron.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

function allowed(flags: Uint8Array): number[] {
  const out: number[] = [];
  flags.forEach((f, i) => f === 1 && out.push(i));
  return out;
}

describe('parseCron', () => {
  it.each([
    ['*/15 * * * *', 'minutes', [0, 15, 30, 45]],
    ['0 9-17/4 * * *', 'hours', [9, 13, 17]],
    ['0 0 1,15,31 * *', 'daysOfMonth', [1, 15, 31]],
    ['0 0 * JAN,jul-SEP *', 'months', [1, 7, 8, 9]],
    ['0 0 * * MON-FRI', 'daysOfWeek', [1, 2, 3, 4, 5]],
    ['0 0 * * 5-7', 'daysOfWeek', [0, 5, 6]],
    ['0 0 * * 7', 'daysOfWeek', [0]],
    ['5/20 * * * *', 'minutes', [5, 25, 45]],
    ['0 0 * * */2', 'daysOfWeek', [0, 2, 4, 6]],
  ] as const)('%s → %s %j', (text, field, values) => {
    const cron = cronOrThrow(text);
    expect(allowed(cron[field])).toEqual(values);
  });

  it('expands macros and reads ? as *', () => {
    expect(allowed(cronOrThrow('@daily').hours)).toEqual([0]);
    expect(allowed(cronOrThrow('@hourly').minutes)).toEqual([0]);
    expect(cronOrThrow('0 12 ? * MON').dayOfMonthRestricted).toBe(false);
  });

  it.each([
    ['* * * *', 'needs 5 fields'],
    ['60 * * * *', 'minute: 60 is out of range 0-59'],
    ['* 24 * * *', 'hour: 24 is out of range 0-23'],
    ['* * 0 * *', 'day-of-month: 0 is out of range 1-31'],
    ['* * * 13 *', 'month: 13 is out of range 1-12'],
    ['* * * * 8', 'day-of-week: 8 is out of range 0-7'],
    ['*/0 * * * *', 'step "0" must be a positive integer'],
    ['5-1 * * * *', 'runs backwards'],
    ['x * * * *', 'cannot read "x"'],
    ['1,,2 * * * *', 'empty item'],
  ])('rejects %j (%s)', (text, message) => {
    const r = parseCron(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

describe('calendar', () => {
  it('t = 0 is Monday 2024-01-01 by default', () => {
    expect(civilFromDays(DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS / DAY)).toEqual({ year: 2024, month: 1, day: 1 });
    expect(cronMatches(cronOrThrow('0 0 * * MON'), 0)).toBe(true);
    expect(cronMatches(cronOrThrow('0 0 * * SUN'), 0)).toBe(false);
  });

  it('days ↔ civil round-trips across leap years and centuries', () => {
    for (let d = -800_000; d <= 800_000; d += 997) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
    expect(civilFromDays(daysFromCivil(2024, 2, 29) + 1)).toEqual({ year: 2024, month: 3, day: 1 });
    expect(civilFromDays(daysFromCivil(2100, 2, 28) + 1)).toEqual({ year: 2100, month: 3, day: 1 });
  });
});

describe('cronMatches and nextCronSeconds', () => {
  it('"0 2 * * *" fires daily at 02:00 UTC', () => {
    const cron = cronOrThrow('0 2 * * *');
    expect(nextCronSeconds(cron, 0)).toBe(2 * HOUR);
    expect(nextCronSeconds(cron, 2 * HOUR)).toBe(DAY + 2 * HOUR); // strictly after
    expect(nextCronSeconds(cron, 2 * HOUR - 1)).toBe(2 * HOUR);
    expect(cronMatches(cron, 2 * HOUR)).toBe(true);
    expect(cronMatches(cron, 2 * HOUR + 1)).toBe(false);
    expect(cronMatches(cron, 2 * HOUR + MINUTE)).toBe(false);
  });

  it('weekdays: Friday 18:00 → next Monday 08:00 for "0 8 * * 1-5"', () => {
    const cron = cronOrThrow('0 8 * * 1-5');
    const fridayEvening = 4 * DAY + 18 * HOUR; // t = 0 is Monday
    expect(nextCronSeconds(cron, fridayEvening)).toBe(7 * DAY + 8 * HOUR);
  });

  it('day-of-month and day-of-week both restricted match either (Vixie)', () => {
    // 2024-01-13 is a Saturday; "0 0 13 * FRI" fires on the 13th and on every Friday.
    const cron = cronOrThrow('0 0 13 * FRI');
    expect(nextCronSeconds(cron, 0)).toBe(4 * DAY); // Friday 5 Jan
    expect(nextCronSeconds(cron, 4 * DAY)).toBe(11 * DAY); // Friday 12 Jan
    expect(nextCronSeconds(cron, 11 * DAY)).toBe(12 * DAY); // Saturday 13 Jan
  });

  it('monthly and yearly crons skip whole months', () => {
    expect(nextCronSeconds(cronOrThrow('@monthly'), 0)).toBe(31 * DAY); // 1 Feb 2024
    expect(nextCronSeconds(cronOrThrow('0 0 29 2 *'), 0)).toBe(59 * DAY); // 29 Feb 2024
    const afterLeap = nextCronSeconds(cronOrThrow('0 0 29 2 *'), 60 * DAY);
    expect(civilFromDays((DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS + afterLeap) / DAY)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('a cron that never fires gives Infinity', () => {
    expect(nextCronSeconds(cronOrThrow('0 0 30 2 *'), 0)).toBe(Infinity);
  });

  it('every 15 minutes from a non-aligned time', () => {
    const cron = cronOrThrow('*/15 * * * *');
    expect(nextCronSeconds(cron, 7 * MINUTE + 30)).toBe(15 * MINUTE);
    expect(nextCronSeconds(cron, 59 * MINUTE)).toBe(HOUR);
  });

  it('honours a custom epoch and negative simulated times', () => {
    const cron = cronOrThrow('0 0 * * SUN');
    const sundayEpoch = DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS - DAY; // 2023-12-31, a Sunday
    expect(cronMatches(cron, 0, sundayEpoch)).toBe(true);
    expect(nextCronSeconds(cron, -3 * DAY)).toBe(-DAY);
  });

  it('agrees with a minute-by-minute scan', () => {
    const cron = cronOrThrow('7,37 */5 1-10 * MON,WED');
    let t = 0;
    for (let k = 0; k < 30; k++) {
      const next = nextCronSeconds(cron, t);
      let scan = (Math.floor(t / MINUTE) + 1) * MINUTE;
      while (!cronMatches(cron, scan)) scan += MINUTE;
      expect(next).toBe(scan);
      t = next;
    }
  });
});
