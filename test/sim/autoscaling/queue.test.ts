import { describe, expect, it } from 'vitest';
import { QueueScaling, replicasForBacklog } from '../../../src/sim/autoscaling/queue.js';

const unlimited = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'max' as const,
  policies: [{ type: 'pods' as const, value: 10_000, periodSeconds: 15 }],
};

describe('KEDA-style queue scaling (models.md §2.2)', () => {
  it('desired = ceil(backlog / target per instance)', () => {
    expect(replicasForBacklog(1000, 100)).toBe(10);
    expect(replicasForBacklog(1001, 100)).toBe(11);
    expect(replicasForBacklog(1, 100)).toBe(1);
    expect(replicasForBacklog(0, 100)).toBe(0);
  });

  it('wakes a pool at zero only above the activation threshold', () => {
    const q = new QueueScaling({ targetBacklogPerInstance: 100, activationBacklog: 10 });
    expect(q.poll(0, 0, 0)).toBe(0);
    expect(q.poll(30, 0, 10)).toBe(0);
    expect(q.poll(60, 0, 11)).toBe(1);
  });

  it('then scales 1 → N on ceil(backlog / target), through the HPA rate policies', () => {
    const q = new QueueScaling({ targetBacklogPerInstance: 100 });
    let current = q.poll(0, 0, 5000);
    expect(current).toBe(1);
    const seen: number[] = [];
    for (let k = 1; k <= 5; k++) seen.push((current = q.poll(30 * k, current, 5000)));
    expect(seen).toEqual([5, 10, 20, 40, 50]);
  });

  it('skips changes within the tolerance', () => {
    const q = new QueueScaling({ targetBacklogPerInstance: 100, scaleUp: unlimited, scaleDown: unlimited });
    expect(q.poll(0, 10, 1050)).toBe(10);
    expect(q.poll(30, 10, 1200)).toBe(12);
  });

  it('goes back to zero only after the cooldown since the last active poll', () => {
    const q = new QueueScaling({ targetBacklogPerInstance: 100, scaleDown: unlimited });
    let current = q.poll(0, 0, 500);
    current = q.poll(30, current, 500);
    expect(current).toBe(5);
    current = q.poll(60, current, 0); // last active at 30
    expect(current).toBe(1); // the HPA floor is 1
    current = q.poll(300, current, 0);
    expect(current).toBe(1);
    current = q.poll(330, current, 0); // 300 s since 30, not yet strictly past
    expect(current).toBe(1);
    expect(q.poll(360, current, 0)).toBe(0);
  });

  it('never goes to zero when min > 0, and respects max', () => {
    const q = new QueueScaling({ targetBacklogPerInstance: 100, minReplicas: 2, maxReplicas: 8, scaleUp: unlimited, scaleDown: unlimited });
    expect(q.poll(0, 0, 50)).toBe(2);
    expect(q.poll(1000, 2, 0)).toBe(2);
    expect(q.poll(1030, 2, 100_000)).toBe(8);
  });

  it('rejects a bad config', () => {
    expect(() => new QueueScaling({ targetBacklogPerInstance: 0 })).toThrow(RangeError);
    expect(() => new QueueScaling({ targetBacklogPerInstance: 1, minReplicas: 5, maxReplicas: 4 })).toThrow(RangeError);
  });
});
