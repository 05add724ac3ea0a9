/**
 * Seeded randomness for the simulation core. `Math.random` cannot be seeded, so every draw in
 * src/model and src/sim comes from an `Sfc32` passed in by the caller.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, PractRand-clean, 128-bit state)
 * is the fastest generator measured on Node 20 (ecosystem.md §A.4: ~1.5 ns/draw) and its state
 * is four uint32 words, so it is trivial to checkpoint.
 *
 * Monte Carlo run k must see the same numbers whatever the thread count, so streams are not
 * handed out sequentially: `streamFor(seed, runIndex, purpose)` derives each stream's whole
 * state by hashing its coordinates.
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;
const INV_TWO_POW_53 = 1 / 9007199254740992;
/** sfc32's author recommends discarding the first outputs after seeding. */
const WARMUP_DRAWS = 15;

export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** Prefer `Sfc32.fromSeed` or `streamFor`; this constructor takes raw state words. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
  }

  /** One generator from one integer seed (any safe integer, negative allowed). */
  static fromSeed(seed: number): Sfc32 {
    return streamFor(seed, 0, 0);
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution (one draw). */
  nextFloat(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** Uniform in [0, 1) with the full 53-bit double resolution (two draws). */
  nextFloat53(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) * INV_TWO_POW_53;
  }

  /**
   * Exponential with the given rate (mean 1/rate), by inversion. 1 − u lies in (0, 1], so the
   * log is finite; the 32-bit uniform caps a draw at ln(2^32) ≈ 22.2 means, a tail of 2^-32.
   */
  nextExponential(rate: number): number {
    return -Math.log(1 - this.nextFloat()) / rate;
  }

  /**
   * Standard normal by Marsaglia's polar method. Each accepted pair yields two values; the
   * spare is part of the generator state, so the sequence stays a pure function of the seed.
   */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.nextFloat53() - 1;
      v = 2 * this.nextFloat53() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * scale;
    this.hasSpareNormal = true;
    return u * scale;
  }

  /** An independent copy at the same position. */
  clone(): Sfc32 {
    const copy = new Sfc32(this.a, this.b, this.c, this.d);
    copy.spareNormal = this.spareNormal;
    copy.hasSpareNormal = this.hasSpareNormal;
    return copy;
  }

  /** The four state words, for checkpoints and reports. */
  state(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }
}

/**
 * The generator for Monte Carlo run `runIndex` and one `purpose` ("load-noise", "spot:api", or
 * a number). Each of the four state words hashes all coordinates with its own constant, so the
 * derived state is a 128-bit function of (seed, runIndex, purpose) and two runs collide only by
 * chance of order 2^-128, not the 2^-32 a single 32-bit key would give.
 */
export function streamFor(seed: number, runIndex: number, purpose: string | number): Sfc32 {
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / TWO_POW_32) >>> 0;
  const runLow = runIndex >>> 0;
  const runHigh = Math.floor(runIndex / TWO_POW_32) >>> 0;
  const purposeKey = typeof purpose === 'number' ? purpose >>> 0 : hashString32(purpose);
  const words = [0, 0, 0, 0];
  for (let w = 0; w < 4; w++) {
    let h = mix32(Math.imul(w + 1, 0x9e3779b9) ^ 0x6a09e667);
    h = mix32(h ^ seedLow);
    h = mix32((h + seedHigh) | 0);
    h = mix32(h ^ runLow);
    h = mix32((h + runHigh) | 0);
    h = mix32(h ^ purposeKey);
    words[w] = h;
  }
  const rng = new Sfc32(words[0]!, words[1]!, words[2]!, words[3]!);
  for (let i = 0; i < WARMUP_DRAWS; i++) rng.nextUint32();
  return rng;
}

/**
 * A full-avalanche 32-bit bijection (Chris Wellons' "lowbias32", the finaliser shape of
 * splitmix/murmur3): every input bit flips each output bit with probability ≈ 1/2.
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: turns a purpose name into a stream key. */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}
