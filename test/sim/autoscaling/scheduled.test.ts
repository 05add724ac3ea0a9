import { describe, expect, it } from 'vitest';
import { ScheduledScaling } from '../../../src/sim/autoscaling/scheduled.js';

const HOUR = 3600;
const DAY = 86_400;

describe('ScheduledScaling', () => {
  const office = () =>
    new ScheduledScaling({
      minCapacity: 1,
      maxCapacity: 40,
      actions: [
        { cron: '0 8 * * MON-FRI', minCapacity: 10, desiredCapacity: 12 },
        { cron: '0 20 * * *', minCapacity: 2, desiredCapacity: 2 },
      ],
    });

  it('replays the week before t = 0: Sunday 20:00 is in force at Monday 00:00', () => {
    const s = office();
    expect(s.minCapacity).toBe(2);
    expect(s.desiredCapacity).toBe(2);
    expect(s.lastActionSeconds).toBe(-4 * HOUR);
    expect(s.nextActionSeconds).toBe(8 * HOUR);
  });

  it('applies actions as time passes, and nothing in between', () => {
    const s = office();
    expect(s.advanceTo(7 * HOUR)).toBe(false);
    expect(s.advanceTo(8 * HOUR)).toBe(true);
    expect([s.minCapacity, s.desiredCapacity]).toEqual([10, 12]);
    expect(s.clamp(5)).toBe(10);
    expect(s.advanceTo(20 * HOUR + 59)).toBe(true);
    expect([s.minCapacity, s.desiredCapacity]).toEqual([2, 2]);
  });

  it('skips the weekend morning and applies several due actions in order after a long step', () => {
    const s = office();
    s.advanceTo(5 * DAY + 7 * HOUR); // Saturday 07:00
    s.advanceTo(5 * DAY + 9 * HOUR); // Saturday 09:00: no weekday action
    expect(s.minCapacity).toBe(2);
    s.advanceTo(7 * DAY + 21 * HOUR); // Monday 08:00 and 20:00 both passed
    expect(s.minCapacity).toBe(2);
    expect(s.lastActionSeconds).toBe(7 * DAY + 20 * HOUR);
  });

  it('one-off actions at a simulated time, and desired clamped into new bounds', () => {
    const s = new ScheduledScaling({
      minCapacity: 1,
      maxCapacity: 10,
      actions: [
        { atSeconds: HOUR, desiredCapacity: 8 },
        { atSeconds: 2 * HOUR, maxCapacity: 5 },
      ],
    });
    expect(Number.isNaN(s.desiredCapacity)).toBe(true);
    s.advanceTo(HOUR);
    expect(s.desiredCapacity).toBe(8);
    s.advanceTo(3 * HOUR);
    expect(s.desiredCapacity).toBe(5);
    expect(s.nextActionSeconds).toBe(Infinity);
  });

  it('rejects an action with neither cron nor time, and a bad cron', () => {
    expect(() => new ScheduledScaling({ minCapacity: 0, maxCapacity: 1, actions: [{ minCapacity: 1 }] })).toThrow(RangeError);
    expect(() => new ScheduledScaling({ minCapacity: 0, maxCapacity: 1, actions: [{ cron: '* *' }] })).toThrow(RangeError);
  });
});
