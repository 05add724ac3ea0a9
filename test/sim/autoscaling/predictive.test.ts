import { describe, expect, it } from 'vitest';
import { PredictiveScaling, combinePredictive } from '../../../src/sim/autoscaling/predictive.js';

const HOUR = 3600;
const DAY = 86_400;

/** 100 req/s at night, 150 req/s from 09:00 to 17:00. */
function officeLoad(t: number): number {
  const hour = Math.floor((t % DAY) / HOUR);
  return hour >= 9 && hour < 17 ? 150 : 100;
}

function observed(days: number, options: Partial<ConstructorParameters<typeof PredictiveScaling>[0]> = {}): PredictiveScaling {
  const p = new PredictiveScaling({ loadPerInstanceAtTarget: 10, minCapacity: 1, maxCapacity: 100, ...options });
  for (let t = 0; t < days * DAY; t += 60) p.observe(t, officeLoad(t));
  return p;
}

describe('PredictiveScaling', () => {
  it('does nothing before 24 h of history', () => {
    const p = new PredictiveScaling({ loadPerInstanceAtTarget: 10, minCapacity: 1, maxCapacity: 100 });
    for (let t = 0; t < 23 * HOUR; t += 60) p.observe(t, officeLoad(t));
    expect(p.capacityAt(23 * HOUR)).toBe(0);
  });

  it('forecasts the same hour of past days and provisions it a scheduling buffer ahead', () => {
    const p = observed(2);
    const day2 = 2 * DAY;
    expect(p.capacityAt(day2 + 8 * HOUR)).toBe(10); // 08:05 still night load
    expect(p.capacityAt(day2 + 8 * HOUR + 55 * 60)).toBe(15); // 09:00 bucket starts within 300 s
    expect(p.forecastLoadAt(day2 + 12 * HOUR)).toBeCloseTo(150, 12);
    expect(p.capacityAt(day2 + 16 * HOUR + 54 * 60)).toBe(15);
    expect(p.capacityAt(day2 + 16 * HOUR + 56 * 60)).toBe(10);
  });

  it('a boot time longer than the buffer sets the lead', () => {
    const p = observed(2, { bootTimeSeconds: 900 });
    expect(p.leadSeconds).toBe(900);
    expect(p.capacityAt(2 * DAY + 8 * HOUR + 46 * 60)).toBe(15);
  });

  it('averages the past periods it has', () => {
    const p = new PredictiveScaling({ loadPerInstanceAtTarget: 10, minCapacity: 1, maxCapacity: 100 });
    for (let t = 0; t < 3 * DAY; t += 60) p.observe(t, t < DAY ? 100 : 200);
    // 01:00 on day 3 looks at days 0, 1, 2: (100 + 200 + 200) / 3 = 166.7 → 17
    expect(p.capacityAt(3 * DAY + HOUR)).toBe(17);
  });

  it('weekly seasonality looks one week back', () => {
    const p = new PredictiveScaling({ loadPerInstanceAtTarget: 10, minCapacity: 1, maxCapacity: 100, periodSeconds: 7 * DAY });
    for (let t = 0; t < 8 * DAY; t += 60) p.observe(t, t >= DAY && t < 2 * DAY ? 300 : 100);
    expect(p.capacityAt(8 * DAY + 12 * HOUR)).toBe(30); // Tuesday looks at last Tuesday
    expect(p.capacityAt(9 * DAY + 12 * HOUR)).toBe(10);
  });

  it('only scales out: combine as max(predictive, dynamic)', () => {
    expect(combinePredictive(15, 12)).toBe(15);
    expect(combinePredictive(0, 12)).toBe(12);
  });

  it('forecastOnly forecasts but never scales', () => {
    const p = observed(2, { mode: 'forecastOnly' });
    expect(p.capacityAt(2 * DAY + 12 * HOUR)).toBe(0);
    expect(p.forecastLoadAt(2 * DAY + 12 * HOUR)).toBeCloseTo(150, 12);
  });

  it('max capacity breach: honor clamps, increase raises the max by the buffer (50, max 40, +10% → 55)', () => {
    const honor = new PredictiveScaling({ loadPerInstanceAtTarget: 1, minCapacity: 1, maxCapacity: 40 });
    const increase = new PredictiveScaling({
      loadPerInstanceAtTarget: 1,
      minCapacity: 1,
      maxCapacity: 40,
      maxCapacityBreachBehavior: 'increase',
      maxCapacityBufferPercent: 10,
    });
    for (let t = 0; t < 2 * DAY; t += 60) {
      honor.observe(t, 50);
      increase.observe(t, 50);
    }
    expect(honor.capacityAt(2 * DAY)).toBe(40);
    expect(increase.capacityAt(2 * DAY)).toBe(50);
    expect(increase.effectiveMaxCapacity).toBe(55);
  });
});
