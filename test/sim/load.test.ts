import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyNoise, evaluateLoad } from '../../src/sim/load.js';
import { resampleTrace } from '../../src/sim/trace.js';

const day = { steps: 24 * 60, stepSeconds: 60 };

describe('evaluateLoad: shapes', () => {
  it('a flat base is the base everywhere', () => {
    const out = evaluateLoad({ kind: 'shape', shape: { base: 400 } }, day);
    expect(Math.min(...out)).toBe(400);
    expect(Math.max(...out)).toBe(400);
  });

  it('diurnal peaks at peakHour and troughs 12 h later, with the base as the daily mean', () => {
    const out = evaluateLoad({ kind: 'shape', shape: { base: 100, diurnal: { amplitude: 0.5, peakHour: 20 } } }, { steps: 24, stepSeconds: 3600 });
    const peak = out.indexOf(Math.max(...out));
    const trough = out.indexOf(Math.min(...out));
    expect([19, 20]).toContain(peak); // midpoint of hour 19 is 19:30, of hour 20 is 20:30
    expect([7, 8]).toContain(trough);
    expect(out.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(100, 9);
  });

  it('weekends (days 5 and 6 from a Monday t = 0) are scaled', () => {
    const out = evaluateLoad({ kind: 'shape', shape: { base: 10, weekly: { weekendFactor: 0.7 } } }, { steps: 14, stepSeconds: 86400 });
    expect([...out]).toEqual([10, 10, 10, 10, 10, 7, 7, 10, 10, 10, 10, 10, 7, 7]);
  });

  it('growth compounds per 730 h', () => {
    const out = evaluateLoad({ kind: 'shape', shape: { base: 100, growth: { perMonth: 0.05 } } }, { steps: 730 * 2, stepSeconds: 3600 });
    // Step k's midpoint is k + 0.5 hours.
    expect(out[729]! / out[0]!).toBeCloseTo(1.05 ** (729 / 730), 12);
    expect(out[1459]! / out[729]!).toBeCloseTo(1.05, 12);
  });

  it('a spike multiplies exactly the steps it covers, pro rata at its edges', () => {
    const out = evaluateLoad({ kind: 'shape', shape: { base: 100, spikes: [{ atSeconds: 90, durationSeconds: 120, factor: 3 }] } }, { steps: 5, stepSeconds: 60 });
    // Covers half of step 1, all of step 2, half of step 3.
    expect([...out]).toEqual([100, 200, 300, 200, 100]);
  });

  it('an expression is evaluated at step midpoints in hours', () => {
    const out = evaluateLoad({ kind: 'expression', fn: (t) => t }, { steps: 3, stepSeconds: 3600 });
    expect([...out]).toEqual([0.5, 1.5, 2.5]);
  });

  it('a multiplying trace scales the shape', () => {
    const out = evaluateLoad(
      { kind: 'trace', perStep: new Float64Array([1, 2, 0.5]), multiplyShape: { base: 10 } },
      { steps: 3, stepSeconds: 60 },
    );
    expect([...out]).toEqual([10, 20, 5]);
  });

  it('more base load never lowers any step (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, amp) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const shape = (base: number) => ({ kind: 'shape' as const, shape: { base, diurnal: { amplitude: amp, peakHour: 12 }, spikes: [{ atSeconds: 3600, durationSeconds: 600, factor: 2 }] } });
        const x = evaluateLoad(shape(lo), day);
        const y = evaluateLoad(shape(hi), day);
        return x.every((v, i) => v <= y[i]!);
      }),
    );
  });
});

describe('applyNoise', () => {
  it('has mean 1 and the requested coefficient of variation, and is reproducible', () => {
    let s = 12345;
    const normal = () => {
      // Box–Muller over a tiny LCG: deterministic and good enough to check moments.
      s = (s * 1103515245 + 12345) >>> 0;
      const u = (s + 1) / 4294967297;
      s = (s * 1103515245 + 12345) >>> 0;
      const v = (s + 1) / 4294967297;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const load = new Float64Array(200_000).fill(50);
    const out = new Float64Array(load.length);
    applyNoise(load, 0.2, normal, out);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const sd = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
    expect(mean / 50).toBeCloseTo(1, 2);
    expect(sd / mean).toBeCloseTo(0.2, 2);
    expect(out.every((v) => v > 0)).toBe(true);
  });
});

describe('resampleTrace', () => {
  it('turns 5-minute counts into per-second rates and preserves the total', () => {
    const times = Float64Array.from({ length: 12 }, (_, i) => i * 300);
    const counts = Float64Array.from({ length: 12 }, (_, i) => (i + 1) * 60);
    const rates = resampleTrace({ kind: 'samples', timesSeconds: times, values: counts, perSample: true }, { steps: 60, stepSeconds: 60, scale: 1, loop: false });
    expect(rates[0]).toBeCloseTo(60 / 300, 12);
    expect(rates[59]).toBeCloseTo(720 / 300, 12);
    const total = rates.reduce((a, r) => a + r * 60, 0);
    expect(total).toBeCloseTo(counts.reduce((a, b) => a + b, 0), 9);
  });

  it('averages a per-second series into coarser steps', () => {
    const values = Float64Array.from({ length: 120 }, (_, i) => (i < 60 ? 1 : 3));
    const times = Float64Array.from({ length: 120 }, (_, i) => i);
    const rates = resampleTrace({ kind: 'samples', timesSeconds: times, values, perSample: false }, { steps: 2, stepSeconds: 60, scale: 2, loop: false });
    expect([...rates]).toEqual([2, 6]);
  });

  it('counts events per step and loops the trace over a longer horizon', () => {
    const times = Float64Array.from([0, 10, 20, 70, 119.5]);
    const rates = resampleTrace({ kind: 'events', timesSeconds: times, weights: undefined }, { steps: 4, stepSeconds: 60, scale: 1, loop: true });
    // span 119.5 s: [0,60) has 3 events; [60,119.5) has 2; the repeat starts at 119.5.
    expect(rates[0]! * 60).toBe(3);
    expect(rates[1]! * 60).toBe(3); // 70, 119.5, and the repeat of 0 at 119.5
    // Copies start at 0, 119.5 and 239: the third copy's first event falls in [180, 240) beside 189.5 and 239.
    expect(rates[2]! * 60).toBe(2);
    expect(rates[3]! * 60).toBe(3);
    expect(rates.reduce((a, r) => a + r * 60, 0)).toBe(11);
  });

  it('is zero after a non-looping trace ends', () => {
    const rates = resampleTrace({ kind: 'samples', timesSeconds: Float64Array.from([0, 60]), values: Float64Array.from([5, 5]), perSample: false }, { steps: 4, stepSeconds: 60, scale: 1, loop: false });
    expect([...rates]).toEqual([5, 5, 0, 0]);
  });
});
