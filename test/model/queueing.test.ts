import { describe, expect, it } from 'vitest';
import {
  ErlangCache,
  ResponseTime,
  allenCunneenFactor,
  erlangB,
  erlangC,
  minServersForResponseQuantile,
  mmcMeanResponseSeconds,
  mmcMeanWaitSeconds,
  mmcResponseQuantileSeconds,
  mmcResponseSurvival,
  mmcWaitQuantileSeconds,
  mmcWaitSurvival,
  responseTime,
  serviceTime,
} from '../../src/model/queueing.js';

/** |actual − expected| ≤ rel · |expected| */
function expectWithin(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('Erlang B and C (models.md §5.1)', () => {
  it('B(6, 5) = 0.19185 and C(6, 5) = 0.5875', () => {
    expectWithin(erlangB(6, 5), 0.19185, 1e-4);
    expectWithin(erlangC(6, 5), 0.5875, 1e-3);
  });

  it('a = 980, c = 1000: B = 0.01383, C = 0.4122 where a^c/c! overflows', () => {
    expectWithin(erlangB(1000, 980), 0.01383, 1e-3);
    expectWithin(erlangC(1000, 980), 0.4122, 1e-3);
  });

  it('works for c = 10,000 (finite, in (0, 1), decreasing in c)', () => {
    const c = erlangC(10_000, 9_900);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(erlangC(10_001, 9_900)).toBeLessThan(c);
    expect(erlangB(10_000, 9_900)).toBeGreaterThan(0);
  });

  it('matches the textbook closed forms for one server', () => {
    expect(erlangB(1, 0.5)).toBeCloseTo(0.5 / 1.5, 14);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 14); // M/M/1: P(wait) = ρ
  });

  it('returns C = 1 at or beyond saturation and 0 with no load', () => {
    expect(erlangC(6, 6)).toBe(1);
    expect(erlangC(6, 7)).toBe(1);
    expect(erlangC(6, 0)).toBe(0);
    expect(erlangB(0, 3)).toBe(1);
  });

  it('rejects non-integer or negative server counts', () => {
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
    expect(() => erlangB(-1, 1)).toThrow(RangeError);
  });
});

describe('M/M/c worked example: λ = 100/s, E[S] = 50 ms, c = 6 (models.md §5.2)', () => {
  const lambda = 100;
  const s = 0.05;
  const r = responseTime(lambda, 6, serviceTime(s));

  it.each([
    ['C', r.waitProbability, 0.5875],
    ['Wq', r.meanWaitSeconds, 0.0294],
    ['W', r.meanResponseSeconds, 0.0794],
    ['wait p99', r.waitQuantileSeconds(0.99), 0.204],
    ['response p50', r.quantileSeconds(0.5), 0.062],
    ['response p95', r.quantileSeconds(0.95), 0.212],
    ['response p99', r.quantileSeconds(0.99), 0.307],
  ])('%s within 1%% of the closed form', (_name, actual, expected) => {
    expectWithin(actual, expected, 0.01);
  });

  it('wait quantiles p50 8.1 ms, p90 88.5 ms, p95 123 ms', () => {
    expectWithin(r.waitQuantileSeconds(0.5), 0.0081, 0.01);
    expectWithin(r.waitQuantileSeconds(0.9), 0.0885, 0.01);
    expectWithin(r.waitQuantileSeconds(0.95), 0.123, 0.01);
    expect(r.waitQuantileSeconds(0.3)).toBe(0); // 70% ≥ 1 − C wait zero
  });

  it('wait tail: P(Wq > 10 ms) = 0.481, P(Wq > 50 ms) = 0.216, P(Wq > 100 ms) = 0.080', () => {
    expectWithin(mmcWaitSurvival(lambda, s, 6, 0.01), 0.481, 0.01);
    expectWithin(mmcWaitSurvival(lambda, s, 6, 0.05), 0.216, 0.01);
    expectWithin(mmcWaitSurvival(lambda, s, 6, 0.1), 0.08, 0.01);
  });

  it('cμ − λ = μ here, so P(T > t) = e^{−20t}(1 + 11.75t)', () => {
    for (const t of [0, 0.01, 0.1, 0.3, 1]) {
      const closed = Math.exp(-20 * t) * (1 + 0.5875164504606128 * 20 * t);
      expect(mmcResponseSurvival(lambda, s, 6, t)).toBeCloseTo(closed, 12);
    }
  });

  it('the cμ − λ ≠ μ form agrees with a direct numerical convolution (c = 7)', () => {
    const mu = 20;
    const theta = 7 * mu - lambda;
    const c = erlangC(7, 5);
    for (const t of [0.01, 0.05, 0.2]) {
      const closed = Math.exp(-mu * t) + ((c * mu) / (theta - mu)) * (Math.exp(-mu * t) - Math.exp(-theta * t));
      expect(mmcResponseSurvival(lambda, s, 7, t)).toBeCloseTo(closed, 12);
    }
  });

  it('the scalar helpers agree with ResponseTime', () => {
    expect(mmcMeanWaitSeconds(lambda, s, 6)).toBe(r.meanWaitSeconds);
    expect(mmcMeanResponseSeconds(lambda, s, 6)).toBe(r.meanResponseSeconds);
    expect(mmcWaitQuantileSeconds(lambda, s, 6, 0.99)).toBe(r.waitQuantileSeconds(0.99));
    expect(mmcResponseQuantileSeconds(lambda, s, 6, 0.99)).toBe(r.quantileSeconds(0.99));
  });

  it('the response quantile inverts the survival function', () => {
    for (const q of [0.1, 0.5, 0.9, 0.999]) {
      expect(r.survival(r.quantileSeconds(q))).toBeCloseTo(1 - q, 10);
    }
    expect(r.fractionWithin(r.quantileSeconds(0.99))).toBeCloseTo(0.99, 10);
  });

  it.each([
    [7, 0.324, 0.0081],
    [8, 0.167, 0.0028],
    [9, 0.081, 0.001],
  ])('sizing sweep: c = %i → C %f, Wq %f s', (c, expectedC, expectedWq) => {
    const x = responseTime(lambda, c, serviceTime(s));
    expectWithin(x.waitProbability, expectedC, 0.01);
    expectWithin(x.meanWaitSeconds, expectedWq, 0.01);
  });
});

describe('overload (ρ ≥ 1) is a marker, not a number', () => {
  it('c = 5 at a = 5 is unstable', () => {
    const r = responseTime(100, 5, serviceTime(0.05));
    expect(r.overloaded).toBe(true);
    expect(r.meanWaitSeconds).toBe(Infinity);
    expect(r.quantileSeconds(0.5)).toBe(Infinity);
    expect(r.waitQuantileSeconds(0.5)).toBe(Infinity);
    expect(r.fractionWithin(10)).toBe(0);
    expect(mmcMeanWaitSeconds(100, 0.05, 5)).toBe(Infinity);
  });

  it('no servers with traffic is overloaded; no traffic is not', () => {
    expect(responseTime(1, 0, serviceTime(0.05)).overloaded).toBe(true);
    const idle = responseTime(0, 0, serviceTime(0.05));
    expect(idle.overloaded).toBe(false);
    expect(idle.meanResponseSeconds).toBe(0.05);
  });
});

describe('Allen–Cunneen correction (models.md §5.3)', () => {
  it('factor (ca² + cs²)/2', () => {
    expect(allenCunneenFactor(1, 0)).toBe(0.5);
    expect(allenCunneenFactor(1, 1)).toBe(1);
    expect(allenCunneenFactor(1, 4)).toBe(2.5);
  });

  it('deterministic service waits about half the M/M/c time (≈ 14.7 ms)', () => {
    const d = responseTime(100, 6, serviceTime(0.05, 'deterministic'));
    const m = responseTime(100, 6, serviceTime(0.05));
    expect(d.meanWaitSeconds).toBeCloseTo(m.meanWaitSeconds / 2, 15);
    expectWithin(d.meanWaitSeconds, 0.0147, 0.01);
    expect(d.waitProbability).toBe(m.waitProbability);
  });

  it('deterministic response: nothing below the service time, C of requests above it', () => {
    const d = responseTime(100, 6, serviceTime(0.05, 'deterministic'));
    expect(d.survival(0.0499)).toBe(1);
    expect(d.survival(0.05)).toBeCloseTo(d.waitProbability, 12);
    expect(d.quantileSeconds(0.3)).toBe(0.05); // 30% < 1 − C never wait
    expect(d.quantileSeconds(0.99)).toBeCloseTo(0.05 + d.waitQuantileSeconds(0.99), 10);
  });

  it('a given service cv scales the wait by (1 + cv²)/2 and keeps the service mean', () => {
    for (const cv of [0.5, 2, 3]) {
      const g = responseTime(100, 6, serviceTime(0.05, { cv }));
      const m = responseTime(100, 6, serviceTime(0.05));
      expect(g.meanWaitSeconds).toBeCloseTo((m.meanWaitSeconds * (1 + cv * cv)) / 2, 14);
      expect(g.service.scv).toBeCloseTo(cv * cv, 14);
    }
  });

  it('the service-time fits have the right mean and variance', () => {
    for (const cv of [0.25, 0.5, 1, 1.5, 4]) {
      const s = serviceTime(0.04, { cv });
      const phases: Array<[number, number]> = [
        [s.phase1Probability, s.phase1RatePerSecond],
        [s.phase2Probability, s.phase2RatePerSecond],
      ];
      let m1 = 0;
      let m2 = 0;
      for (const [p, rate] of phases) {
        // moments of shift + Exp(rate) with probability p
        m1 += p * (s.shiftSeconds + 1 / rate);
        m2 += p * (s.shiftSeconds ** 2 + (2 * s.shiftSeconds) / rate + 2 / rate ** 2);
      }
      expect(m1).toBeCloseTo(0.04, 12);
      expect(m2 - m1 * m1).toBeCloseTo((cv * 0.04) ** 2, 12);
    }
  });

  it('arrival burstiness ca² scales the wait too', () => {
    const bursty = responseTime(100, 6, serviceTime(0.05), 3);
    const m = responseTime(100, 6, serviceTime(0.05));
    expect(bursty.meanWaitSeconds).toBeCloseTo(m.meanWaitSeconds * 2, 14);
  });

  it('rejects a non-positive mean and a negative cv', () => {
    expect(() => serviceTime(0)).toThrow(RangeError);
    expect(() => serviceTime(0.05, { cv: -1 })).toThrow(RangeError);
  });
});

describe('ErlangCache (the per-step fast path)', () => {
  const servers = [1, 2, 5, 8, 9, 10, 16, 33, 64, 100, 129, 130, 199, 200, 201, 250, 500, 1000, 2500, 5000, 10_000, 39_999, 40_000, 50_000];

  it('matches the exact recursion to 2e-6 relative across c = 1…50,000 and a ∈ [0, c)', () => {
    const cache = new ErlangCache();
    let worst = 0;
    for (const c of servers) {
      for (let j = 0; j < 400; j++) {
        const a = (c * (j + 0.37)) / 400;
        const exact = erlangC(c, a);
        const fast = cache.erlangC(c, a);
        if (exact > 1e-12) worst = Math.max(worst, Math.abs(fast - exact) / exact);
        else expect(fast).toBeLessThan(1e-11);
      }
    }
    expect(worst).toBeLessThan(2e-6);
  });

  it('is exact at the table nodes and at saturation', () => {
    const cache = new ErlangCache();
    expect(cache.erlangC(1000, 1000)).toBe(1);
    expect(cache.erlangB(1000, 1000)).toBeCloseTo(erlangB(1000, 1000), 12);
    expect(cache.erlangC(6, 5)).toBe(erlangC(6, 5)); // small pools use the recursion itself
  });

  it('fills a ResponseTime like the exact path', () => {
    const cache = new ErlangCache();
    const out = new ResponseTime(serviceTime(0.05));
    const service = serviceTime(0.02, { cv: 0.5 });
    expect(cache.evaluate(out, 4_000, 100, service)).toBe(true);
    const exact = responseTime(4_000, 100, service);
    expectWithin(out.waitProbability, exact.waitProbability, 1e-6);
    expectWithin(out.quantileSeconds(0.99), exact.quantileSeconds(0.99), 1e-6);
    expect(cache.evaluate(out, 5_000, 100, service)).toBe(false);
    expect(out.overloaded).toBe(true);
  });

  it('serves thousands of distinct large pool sizes without building per-size tables', () => {
    const cache = new ErlangCache();
    let worst = 0;
    for (let c = 1000; c < 4000; c += 7) {
      const a = c - 0.8 * Math.sqrt(c);
      worst = Math.max(worst, Math.abs(cache.erlangC(c, a) - erlangC(c, a)) / erlangC(c, a));
    }
    expect(cache.tablesBuilt).toBe(0);
    expect(worst).toBeLessThan(1e-7);
  });

  it('builds one table per small server count and reuses it', () => {
    const cache = new ErlangCache();
    for (let i = 0; i < 1000; i++) cache.erlangC(100 + (i % 2), 90 + (i % 7));
    expect(cache.tablesBuilt).toBe(2);
  });

  it('keeps tables for very large pools in an LRU', () => {
    const cache = new ErlangCache({ maxTables: 2 });
    for (let i = 0; i < 100; i++) cache.erlangC(50_000 + (i % 2), 49_000);
    expect(cache.tablesBuilt).toBe(2);
    cache.erlangC(50_002, 49_000); // evicts the least recently used (50,000)
    cache.erlangC(50_001, 49_000);
    expect(cache.tablesBuilt).toBe(3);
    cache.erlangC(50_000, 49_000);
    expect(cache.tablesBuilt).toBe(4);
  });
});

describe('minServersForResponseQuantile', () => {
  it('picks the smallest c meeting a p99 target', () => {
    const s = serviceTime(0.05);
    const c = minServersForResponseQuantile(100, s, 0.99, 0.3);
    expect(responseTime(100, c, s).quantileSeconds(0.99)).toBeLessThanOrEqual(0.3);
    expect(responseTime(100, c - 1, s).quantileSeconds(0.99)).toBeGreaterThan(0.3);
    expect(c).toBe(7); // c = 6 gives 307 ms
  });

  it('is Infinity when the service time alone misses the target', () => {
    // p99 of Exp(mean 50 ms) is 230 ms
    expect(minServersForResponseQuantile(100, serviceTime(0.05), 0.99, 0.2)).toBe(Infinity);
  });
});
