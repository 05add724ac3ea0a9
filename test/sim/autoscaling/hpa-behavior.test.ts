import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HpaBehavior } from '../../../src/sim/autoscaling/hpa-behavior.js';

/** The controller's stabilization, written as the plain scan over every recommendation. */
function naive(history: Array<[number, number]>, now: number, current: number, desired: number, upWindow: number, downWindow: number): number {
  let up = desired;
  let down = desired;
  for (const [t, v] of history) {
    if (t > now - upWindow && v < up) up = v;
    if (t > now - downWindow && v > down) down = v;
  }
  return Math.min(Math.max(current, up), down);
}

describe('HpaBehavior stabilization (sliding-window min/max)', () => {
  it('matches the plain scan over every recommendation for any sequence of syncs', () => {
    const unlimited = { selectPolicy: 'max' as const, policies: [{ type: 'percent' as const, value: 1e9, periodSeconds: 15 }] };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 600 }),
        (syncs, upWindow, downWindow) => {
          const hpa = new HpaBehavior({ ...unlimited, stabilizationWindowSeconds: upWindow }, { selectPolicy: 'max', policies: [{ type: 'percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: downWindow });
          const history: Array<[number, number]> = [];
          let now = 0;
          for (const [gap, desired, current] of syncs) {
            now += gap;
            const expected = naive(history, now, current, desired, upWindow, downWindow);
            history.push([now, desired]);
            // Bounds wide open; the rate limit never binds on the way down to 0 (−100%).
            const got = hpa.normalize(now, current, desired, 0, 1e9);
            if (expected >= current && got !== expected) return false;
            if (expected < current && got !== expected) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
