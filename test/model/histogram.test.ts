import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/model/histogram.js';
import { ErlangCache, ResponseTime, responseTime, serviceTime } from '../../src/model/queueing.js';

/** One bin is 0.96% wide; log-linear interpolation inside it does much better. */
const BIN_RESOLUTION = 0.01;

function expectWithin(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** q-quantile of a request-weighted mixture of step laws, by bisection on the exact survival. */
function mixtureQuantile(parts: ReadonlyArray<[ResponseTime, number]>, q: number): number {
  const total = parts.reduce((s, [, n]) => s + n, 0);
  const survival = (t: number) => parts.reduce((s, [r, n]) => s + n * r.survival(t), 0) / total;
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (survival(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('LatencyHistogram layout', () => {
  it('covers 1 µs … 1 h in bins at most 1% wide', () => {
    const h = new LatencyHistogram();
    expect(h.edgeSeconds(0)).toBe(1e-6);
    expect(h.maxSeconds).toBeGreaterThanOrEqual(3600);
    expect(h.edgeSeconds(1) / h.edgeSeconds(0) - 1).toBeLessThan(0.01);
    expect(h.counts.length).toBe(h.binCount + 2);
  });

  it('rejects a bad layout', () => {
    expect(() => new LatencyHistogram({ minSeconds: 1, maxSeconds: 1 })).toThrow(RangeError);
  });
});

describe('points', () => {
  it('quantiles of points land within the bin of the point', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.addPoint(i / 1000);
    expectWithin(h.quantileSeconds(0.5), 0.05, BIN_RESOLUTION);
    expectWithin(h.quantileSeconds(0.99), 0.099, BIN_RESOLUTION);
    expect(h.totalWeight).toBe(100);
    expect(h.fractionWithin(0.0505)).toBeCloseTo(0.5, 2);
  });

  it('weights count as requests, and the edges go to under/overflow', () => {
    const h = new LatencyHistogram();
    h.addPoint(0.1, 3);
    h.addPoint(0, 1);
    h.addPoint(1e9, 1);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[h.counts.length - 1]).toBe(1);
    expect(h.quantileSeconds(1)).toBe(Infinity);
    expectWithin(h.quantileSeconds(0.5), 0.1, BIN_RESOLUTION);
    expect(h.fractionWithin(3600)).toBeCloseTo(0.8, 12);
  });

  it('an empty histogram has no quantile', () => {
    expect(new LatencyHistogram().quantileSeconds(0.5)).toBeNaN();
    expect(new LatencyHistogram().fractionWithin(1)).toBeNaN();
  });
});

describe('whole step laws', () => {
  const exponential = serviceTime(0.05);

  it('one M/M/c step reproduces the closed-form quantiles (models.md §5.2) within bin resolution', () => {
    const step = responseTime(100, 6, exponential);
    const h = new LatencyHistogram();
    h.addResponseTime(step, 6000);
    expect(h.totalWeight).toBe(6000);
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) expectWithin(h.quantileSeconds(q), step.quantileSeconds(q), BIN_RESOLUTION);
    expectWithin(h.quantileSeconds(0.99), 0.307, 0.01);
    expect(h.fractionWithin(0.25)).toBeCloseTo(step.fractionWithin(0.25), 4);
  });

  it('keeps the mass: the bins sum to the requests added', () => {
    const h = new LatencyHistogram();
    h.addResponseTime(responseTime(100, 6, exponential), 1234);
    h.addResponseTime(responseTime(50, 6, exponential), 766);
    h.flush();
    expect(h.counts.reduce((a, b) => a + b, 0)).toBeCloseTo(2000, 6);
  });

  it.each([
    ['deterministic', serviceTime(0.05, 'deterministic')],
    ['cv 0.5', serviceTime(0.05, { cv: 0.5 })],
    ['cv 3', serviceTime(0.05, { cv: 3 })],
  ])('%s service: quantiles match the closed form', (_name, service) => {
    const step = responseTime(100, 7, service);
    const h = new LatencyHistogram();
    h.addResponseTime(step, 1);
    for (const q of [0.5, 0.95, 0.99]) expectWithin(h.quantileSeconds(q), step.quantileSeconds(q), BIN_RESOLUTION);
  });

  it('a mixture of two steps is not the average of their percentiles', () => {
    const busy = responseTime(100, 6, exponential); // p99 307 ms
    const quiet = responseTime(100, 12, exponential); // p99 ≈ service p99, 230 ms
    const h = new LatencyHistogram();
    h.addResponseTime(busy, 1000);
    h.addResponseTime(quiet, 1000);
    const truth = mixtureQuantile([[busy, 1000], [quiet, 1000]], 0.99);
    const averaged = (busy.quantileSeconds(0.99) + quiet.quantileSeconds(0.99)) / 2;
    expectWithin(h.quantileSeconds(0.99), truth, BIN_RESOLUTION);
    expect(Math.abs(truth - averaged) / truth).toBeGreaterThan(0.02);
    expect(Math.abs(h.quantileSeconds(0.99) - averaged) / truth).toBeGreaterThan(0.02);
  });

  it('weights the mixture by requests: a quiet hour barely moves a busy day', () => {
    const slow = responseTime(100, 6, exponential);
    const fast = responseTime(100, 40, exponential);
    const h = new LatencyHistogram();
    h.addResponseTime(slow, 10);
    h.addResponseTime(fast, 10_000);
    const truth = mixtureQuantile([[slow, 10], [fast, 10_000]], 0.95);
    expectWithin(h.quantileSeconds(0.95), truth, BIN_RESOLUTION);
    expectWithin(h.quantileSeconds(0.95), fast.quantileSeconds(0.95), 0.02);
  });

  it('a year of slowly varying steps matches the exact mixture', () => {
    const cache = new ErlangCache();
    const step = new ResponseTime(exponential);
    const h = new LatencyHistogram();
    const parts: Array<[ResponseTime, number]> = [];
    for (let minute = 0; minute < 24 * 60; minute++) {
      const lambda = 400 + 200 * Math.sin((2 * Math.PI * minute) / 1440);
      const servers = Math.ceil((lambda * 0.05) / 0.75);
      cache.evaluate(step, lambda, servers, exponential);
      h.addResponseTime(step, lambda * 60);
      if (minute % 10 === 0) parts.push([responseTime(lambda, servers, exponential), lambda * 600]);
    }
    for (const q of [0.5, 0.95, 0.99]) expectWithin(h.quantileSeconds(q), mixtureQuantile(parts, q), 0.02);
  });

  it('addResponseTimeNow with a delay shifts the law', () => {
    const step = responseTime(100, 6, exponential);
    const h = new LatencyHistogram();
    h.addResponseTimeNow(step, 10, 2);
    expectWithin(h.quantileSeconds(0.5), 2 + step.quantileSeconds(0.5), BIN_RESOLUTION);
  });

  it('keeps several service laws (model variants) pending at once', () => {
    const large = serviceTime(0.04);
    const small = serviceTime(0.006);
    const a = responseTime(50, 4, large);
    const b = responseTime(50, 1, small);
    const h = new LatencyHistogram();
    for (let i = 0; i < 10; i++) {
      h.addResponseTime(a, 100);
      h.addResponseTime(b, 100);
    }
    const truth = mixtureQuantile([[a, 1], [b, 1]], 0.9);
    expectWithin(h.quantileSeconds(0.9), truth, BIN_RESOLUTION);
  });

  it('refuses an overloaded step', () => {
    const h = new LatencyHistogram();
    expect(() => h.addResponseTime(responseTime(100, 5, exponential), 1)).toThrow(RangeError);
  });
});

describe('merge', () => {
  it('merging two histograms equals adding everything to one', () => {
    const s = serviceTime(0.05);
    const x = responseTime(100, 6, s);
    const y = responseTime(60, 6, s);
    const one = new LatencyHistogram();
    one.addResponseTime(x, 100);
    one.addResponseTime(y, 300);
    const left = new LatencyHistogram();
    const right = new LatencyHistogram();
    left.addResponseTime(x, 100);
    right.addResponseTime(y, 300);
    left.merge(right);
    expect(left.totalWeight).toBe(400);
    for (const q of [0.5, 0.99]) expect(left.quantileSeconds(q)).toBeCloseTo(one.quantileSeconds(q), 10);
  });

  it('refuses different layouts', () => {
    expect(() => new LatencyHistogram().merge(new LatencyHistogram({ binsPerDecade: 100 }))).toThrow(RangeError);
  });
});
