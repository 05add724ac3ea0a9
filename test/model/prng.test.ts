import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sfc32, hashString32, mix32, streamFor } from '../../src/model/prng.js';

function draws(rng: Sfc32, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

const seedArb = fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 });
const runArb = fc.integer({ min: 0, max: 1_000_000 });

describe('sfc32', () => {
  it('matches the reference sfc32 output for raw state words', () => {
    // Reference: the common JS sfc32(a, b, c, d) returning t >>> 0, from state (1, 2, 3, 4).
    const ref = (() => {
      let a = 1, b = 2, c = 3, d = 4;
      return () => {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = ((c << 21) | (c >>> 11)) + t | 0;
        return t >>> 0;
      };
    })();
    const rng = new Sfc32(1, 2, 3, 4);
    for (let i = 0; i < 100; i++) expect(rng.nextUint32()).toBe(ref());
  });

  it('same seed → same sequence', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        expect(draws(Sfc32.fromSeed(seed), 32)).toEqual(draws(Sfc32.fromSeed(seed), 32));
      }),
    );
  });

  it('same (seed, run, purpose) → same stream, whatever was drawn elsewhere', () => {
    fc.assert(
      fc.property(seedArb, runArb, fc.string(), (seed, run, purpose) => {
        const first = streamFor(seed, run, purpose);
        draws(streamFor(seed, run + 1, purpose), 100); // another "thread" in between
        expect(draws(first, 16)).toEqual(draws(streamFor(seed, run, purpose), 16));
      }),
    );
  });

  it('different run indices → different sequences', () => {
    fc.assert(
      fc.property(seedArb, runArb, runArb, (seed, a, b) => {
        fc.pre(a !== b);
        expect(draws(streamFor(seed, a, 'spot'), 4)).not.toEqual(draws(streamFor(seed, b, 'spot'), 4));
      }),
    );
  });

  it('different purposes and seeds → different sequences', () => {
    expect(draws(streamFor(1, 0, 'load-noise'), 4)).not.toEqual(draws(streamFor(1, 0, 'spot'), 4));
    expect(draws(streamFor(1, 0, 'spot'), 4)).not.toEqual(draws(streamFor(2, 0, 'spot'), 4));
    expect(draws(streamFor(2 ** 40, 0, 'spot'), 4)).not.toEqual(draws(streamFor(2 ** 40 + 1, 0, 'spot'), 4));
  });

  it('10,000 runs get 10,000 distinct first draws pairs (no stream collisions)', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 10_000; run++) seen.add(draws(streamFor(7, run, 'spot'), 2).join(','));
    expect(seen.size).toBe(10_000);
  });

  it('nextFloat lies in [0, 1) and nextFloat53 too', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = Sfc32.fromSeed(seed);
        let inRange = true;
        for (let i = 0; i < 100; i++) {
          const u = rng.nextFloat();
          const v = rng.nextFloat53();
          inRange &&= u >= 0 && u < 1 && v >= 0 && v < 1;
        }
        expect(inRange).toBe(true);
      }),
    );
  });

  it('uniform mean ≈ 1/2 and variance ≈ 1/12', () => {
    const rng = Sfc32.fromSeed(42);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('mean of exponential draws ≈ 1/rate', () => {
    fc.assert(
      fc.property(seedArb, fc.double({ min: 0.01, max: 1000, noNaN: true }), (seed, rate) => {
        const rng = Sfc32.fromSeed(seed);
        const n = 20_000;
        let sum = 0;
        let smallest = Infinity;
        for (let i = 0; i < n; i++) {
          const x = rng.nextExponential(rate);
          if (x < smallest) smallest = x;
          sum += x;
        }
        expect(smallest).toBeGreaterThanOrEqual(0);
        // sd of the mean is (1/rate)/√n ≈ 0.7%; allow 6 sd
        expect(Math.abs((sum / n) * rate - 1)).toBeLessThan(6 / Math.sqrt(n));
      }),
      { numRuns: 20 },
    );
  });

  it('normal draws have mean ≈ 0 and variance ≈ 1, and the sequence is reproducible', () => {
    const rng = Sfc32.fromSeed(3);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.nextNormal();
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(sumSq / n).toBeCloseTo(1, 1);
    expect(beyond2 / n).toBeCloseTo(0.0455, 2);
    const a = Sfc32.fromSeed(9);
    const b = Sfc32.fromSeed(9);
    for (let i = 0; i < 11; i++) expect(a.nextNormal()).toBe(b.nextNormal());
  });

  it('clone continues the same sequence, including a pending normal', () => {
    const rng = Sfc32.fromSeed(5);
    rng.nextNormal();
    const copy = rng.clone();
    expect(copy.state()).toEqual(rng.state());
    expect([copy.nextNormal(), copy.nextFloat()]).toEqual([rng.nextNormal(), rng.nextFloat()]);
  });
});

describe('hashing', () => {
  it('mix32 is a bijection on a sample and avalanches', () => {
    const outputs = new Set<number>();
    for (let i = 0; i < 50_000; i++) outputs.add(mix32(i));
    expect(outputs.size).toBe(50_000);
    let flipped = 0;
    for (let i = 0; i < 1000; i++) flipped += popcount(mix32(i) ^ mix32(i ^ 1));
    expect(flipped / 1000).toBeGreaterThan(14);
    expect(flipped / 1000).toBeLessThan(18);
  });

  it('hashString32 is stable and distinguishes close names', () => {
    expect(hashString32('spot')).toBe(hashString32('spot'));
    expect(hashString32('spot:a')).not.toBe(hashString32('spot:b'));
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
}
