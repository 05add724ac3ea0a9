import { describe, expect, it } from 'vitest';
import { HpaBehavior } from '../../../src/sim/autoscaling/hpa-behavior.js';
import { TargetTracking } from '../../../src/sim/autoscaling/target-tracking.js';

/** Runs `decide` at 15 s syncs while the metric keeps asking for `proposal`; returns each result. */
function syncs(hpa: TargetTracking, start: number, proposal: number, count: number): number[] {
  const out: number[] = [];
  let current = start;
  for (let k = 0; k < count; k++) {
    current = hpa.decide(15 * k, current, proposal);
    out.push(current);
  }
  return out;
}

describe('HPA replica calculator (models.md §1.2–1.3, §1.5)', () => {
  const hpa = () => new TargetTracking({ targetUtilization: 0.6, minReplicas: 1, maxReplicas: 100 });

  it('4 replicas at 90% of a 60% target → ceil(1.5 × 4) = 6', () => {
    expect(hpa().sync(0, 4, 4, 0, 0.9)).toBe(6);
  });

  it('4 replicas at 65% stay at 4 (ratio 1.083 within the 0.1 tolerance)', () => {
    expect(hpa().sync(0, 4, 4, 0, 0.65)).toBe(4);
  });

  it('steady state after the scale-up: 6 replicas at 60% stay', () => {
    expect(hpa().sync(0, 6, 6, 0, (0.9 * 4) / 6)).toBe(6);
  });

  it('unready pods dampen: 4 ready at 90% + 2 booting count as 0% → 60% → no scale', () => {
    const h = hpa();
    expect(h.replicasForUtilization(6, 4, 2, 0.9)).toBe(6);
    expect(h.sync(0, 6, 4, 2, 0.9)).toBe(6);
  });

  it('unready pods are ignored on a scale-down', () => {
    // ready-only ratio 0.5 < 1: unready pods do not matter; ceil(0.5 × 4) = 2
    expect(hpa().replicasForUtilization(6, 4, 2, 0.3)).toBe(2);
  });

  it('a missing metric on a scale-up counts as 0%: 3 at 90% + 1 missing → 5, not 6', () => {
    expect(hpa().replicasForUtilization(4, 3, 0, 0.9, 1)).toBe(5);
  });

  it('a missing metric on a scale-down counts as 100%', () => {
    // 3 at 30% + 1 at 100% → 47% → 47/60 = 0.783 → ceil(3.13) = 4 = current
    expect(hpa().replicasForUtilization(4, 3, 0, 0.3, 1)).toBe(4);
    // 7 at 10% + 1 at 100% → 21% → 0.35 → ceil(2.8) = 3
    expect(hpa().replicasForUtilization(8, 7, 0, 0.1, 1)).toBe(3);
  });

  it('keeps the current count when the fill-in flips the direction', () => {
    // ready ratio 80/60 > 1; with 4 unready at 0% → 8·80/12 = 53% < 60% → flip → stay
    expect(hpa().replicasForUtilization(12, 8, 4, 0.8)).toBe(12);
  });

  it('truncates utilization to whole percent like GetResourceUtilizationRatio', () => {
    // 65.9% → 65% → 1.083 → within tolerance; without truncation 1.098 is also within
    expect(hpa().sync(0, 4, 4, 0, 0.659)).toBe(4);
    // 66.5% → 66 → 1.1 → within (≤ 1 + 0.1); unrounded 1.108 would scale
    const exact = new TargetTracking({ targetUtilization: 0.6, wholePercentUtilization: false });
    expect(hpa().sync(0, 10, 10, 0, 0.665)).toBe(10);
    expect(exact.sync(0, 10, 10, 0, 0.665)).toBe(12);
  });

  it('does nothing without metrics (every pod still booting)', () => {
    expect(hpa().sync(0, 5, 0, 5, 0)).toBe(5);
  });

  it('per-direction tolerances', () => {
    const h = () => new TargetTracking({ targetUtilization: 0.5, scaleUpTolerance: 0.5, scaleDownTolerance: 0 });
    expect(h().sync(0, 10, 10, 0, 0.7)).toBe(10); // 1.4 within +0.5
    expect(h().sync(0, 10, 10, 0, 0.45)).toBe(9); // 0.9 outside −0
  });
});

describe('HPA reconcile bounds', () => {
  it('clamps into [min, max] before looking at metrics', () => {
    const h = new TargetTracking({ targetUtilization: 0.6, minReplicas: 3, maxReplicas: 10 });
    expect(h.sync(0, 12, 12, 0, 0.01)).toBe(10);
    expect(h.sync(15, 2, 2, 0, 5)).toBe(3);
    expect(h.sync(30, 10, 10, 0, 5)).toBe(10);
  });

  it('a target at zero replicas with min > 0 is left alone (scaling disabled)', () => {
    expect(new TargetTracking({ targetUtilization: 0.6, minReplicas: 1 }).sync(0, 0, 0, 0, 0)).toBe(0);
  });

  it('rejects a bad config', () => {
    expect(() => new TargetTracking({ targetUtilization: 0 })).toThrow(RangeError);
    expect(() => new TargetTracking({ targetUtilization: 0.5, minReplicas: 5, maxReplicas: 4 })).toThrow(RangeError);
  });
});

describe('HPA behavior (models.md §1.4)', () => {
  it('ramps 2 → 6 → 12 → 24 → 40 at 15 s syncs with the default policies', () => {
    const hpa = new TargetTracking({ targetUtilization: 0.6, maxReplicas: 100 });
    expect(syncs(hpa, 2, 40, 6)).toEqual([6, 12, 24, 40, 40, 40]);
  });

  it('the same ramp through the replica calculator with instant boot', () => {
    const hpa = new TargetTracking({ targetUtilization: 0.5, maxReplicas: 100 });
    const demandPods = 20; // 40 replicas' worth at 50%
    let current = 2;
    const seen = [current];
    for (let k = 0; k < 5; k++) {
      current = hpa.sync(15 * k, current, current, 0, demandPods / current);
      seen.push(current);
    }
    expect(seen).toEqual([2, 6, 12, 24, 40, 40]);
  });

  it('scale-down waits for the 300 s stabilization window, then drops straight to the proposal', () => {
    const hpa = new TargetTracking({ targetUtilization: 0.6 });
    let current = hpa.sync(0, 10, 10, 0, 0.6); // recommendation 10 at t = 0
    expect(current).toBe(10);
    for (let t = 15; t < 300; t += 15) {
      current = hpa.sync(t, current, current, 0, 0.3);
      expect(current).toBe(10);
    }
    current = hpa.sync(300, current, current, 0, 0.3); // t = 0 is now outside (0, 300]
    expect(current).toBe(5);
  });

  it('the 80-replica 10%/60 s scale-down: 80 → 72, then 72 → 64 a period later', () => {
    const hpa = new TargetTracking({
      targetUtilization: 0.6,
      maxReplicas: 100,
      scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'max', policies: [{ type: 'percent', value: 10, periodSeconds: 60 }] },
    });
    expect(syncs(hpa, 80, 10, 5)).toEqual([72, 72, 72, 72, 64]);
  });

  it('scale-up stabilization takes the lowest recent proposal', () => {
    const hpa = new TargetTracking({
      targetUtilization: 0.6,
      scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: 'max', policies: [{ type: 'pods', value: 100, periodSeconds: 15 }] },
    });
    expect(hpa.decide(0, 4, 4)).toBe(4);
    expect(hpa.decide(15, 4, 20)).toBe(4); // 4 was proposed within 60 s
    expect(hpa.decide(30, 4, 30)).toBe(4);
    expect(hpa.decide(60, 4, 30)).toBe(20); // lowest in (0, 60] is 20
    expect(hpa.decide(75, 20, 30)).toBe(30);
  });

  it('selectPolicy min picks the smallest change; disabled blocks the direction', () => {
    const min = new TargetTracking({
      targetUtilization: 0.6,
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'min', policies: [{ type: 'percent', value: 100, periodSeconds: 15 }, { type: 'pods', value: 4, periodSeconds: 15 }] },
    });
    expect(min.decide(0, 10, 40)).toBe(14);
    const disabled = new TargetTracking({
      targetUtilization: 0.6,
      scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'disabled', policies: [] },
    });
    expect(disabled.decide(0, 10, 2)).toBe(10);
    expect(disabled.decide(15, 10, 20)).toBe(20);
  });

  it('a recent scale-down raises the scale-up period start (both event lists count)', () => {
    const behavior = new HpaBehavior(
      { stabilizationWindowSeconds: 0, selectPolicy: 'max', policies: [{ type: 'pods', value: 4, periodSeconds: 60 }] },
      { stabilizationWindowSeconds: 0, selectPolicy: 'max', policies: [{ type: 'pods', value: 100, periodSeconds: 60 }] },
    );
    behavior.recordScale(0, 10, 6);
    // periodStart = 6 − 0 + 4 = 10 → limit 14
    expect(behavior.normalize(15, 6, 30, 1, 100)).toBe(14);
  });

  it('keeps its history bounded over a simulated day (ring buffers stop growing)', () => {
    const hpa = new TargetTracking({ targetUtilization: 0.6 });
    let current = 10;
    for (let t = 0; t < 86_400; t += 15) {
      const u = 0.6 + 0.3 * Math.sin(t / 3000);
      current = hpa.sync(t, current, current, 0, u);
      expect(current).toBeGreaterThanOrEqual(1);
    }
    // At most the ~21 recommendations of the 300 s window at 15 s syncs are kept.
    const down = (hpa as unknown as { behavior: { downWindow: { size: number } } }).behavior.downWindow;
    expect(down.size).toBeLessThanOrEqual(21);
  });
});
