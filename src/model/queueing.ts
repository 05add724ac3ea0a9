/**
 * Per-step latency of an inference pool: M/M/c (Erlang C) with the Allen–Cunneen G/G/c
 * correction (models.md §5). Everything is closed form except response-time quantiles, which
 * invert the (monotone) survival function by bisection.
 *
 * Erlang B is computed by the recursion B(k) = a·B(k−1) / (k + a·B(k−1)): no factorials or
 * powers, so it works for c in the tens of thousands, where a^c/c! overflows a double from
 * c ≈ 170. The recursion is O(c), too slow to run once per simulated minute for a large pool,
 * so `ErlangCache` tabulates it (per server count for small pools, one shared grid for large
 * ones) and interpolates in the offered load: O(1) per step.
 *
 * Non-exponential service (models.md §5.3):
 * - the probability of waiting is the M/M/c Erlang C, and the conditional wait is exponential
 *   with its rate divided by k = (ca² + cs²)/2, so the mean wait is Allen–Cunneen's
 *   k · Wq(M/M/c) (the "scale the tail to match the mean" heuristic of §5.3);
 * - the service time itself is a two-moment fit (see `serviceTime`): deterministic, a shifted
 *   exponential for 0 < cv < 1, exponential for cv = 1, and a balanced-means two-phase
 *   hyperexponential for cv > 1. Response time = wait + service is then a closed-form
 *   convolution of exponentials.
 *
 * ρ ≥ 1 has no steady state. Scalar functions return Infinity for waits and quantiles, 1 for
 * Erlang C and for survival probabilities, 0 for the share within a target; `ResponseTime`
 * sets `overloaded`. The engine owns the backlog that builds up instead.
 */

/** How service times vary around their mean: a scenario's `service.distribution`. */
export type ServiceDistribution = 'exponential' | 'deterministic' | { readonly cv: number };

/**
 * A service-time law matched on mean and squared coefficient of variation: a fixed part
 * `shiftSeconds` plus, with probability phase1/phase2Probability, an exponential phase. The
 * probabilities sum to 1, or to 0 for a deterministic service. Make one per workload (or model
 * variant) and reuse it: the histogram groups pending steps by this object's identity.
 */
export interface ServiceTime {
  readonly meanSeconds: number;
  /** μ = 1 / meanSeconds. */
  readonly ratePerSecond: number;
  /** Squared coefficient of variation cs² (0 deterministic, 1 exponential). */
  readonly scv: number;
  readonly shiftSeconds: number;
  readonly phase1Probability: number;
  readonly phase1RatePerSecond: number;
  readonly phase2Probability: number;
  readonly phase2RatePerSecond: number;
}

/** The two-moment service-time fit. Throws a RangeError for a non-positive mean or a negative cv. */
export function serviceTime(meanSeconds: number, distribution: ServiceDistribution = 'exponential'): ServiceTime {
  if (!(meanSeconds > 0) || !Number.isFinite(meanSeconds)) {
    throw new RangeError(`service time must be a positive number of seconds, got ${meanSeconds}`);
  }
  const cv = distribution === 'exponential' ? 1 : distribution === 'deterministic' ? 0 : distribution.cv;
  if (!(cv >= 0) || !Number.isFinite(cv)) throw new RangeError(`service cv must be ≥ 0, got ${cv}`);
  const scv = cv * cv;
  const ratePerSecond = 1 / meanSeconds;
  if (cv === 0) {
    return { meanSeconds, ratePerSecond, scv, shiftSeconds: meanSeconds, phase1Probability: 0, phase1RatePerSecond: 1, phase2Probability: 0, phase2RatePerSecond: 1 };
  }
  if (cv <= 1) {
    // d + Exp(mean cv·m): variance (cv·m)², mean d + cv·m = m.
    const rate = 1 / (cv * meanSeconds);
    return { meanSeconds, ratePerSecond, scv, shiftSeconds: meanSeconds * (1 - cv), phase1Probability: 1, phase1RatePerSecond: rate, phase2Probability: 0, phase2RatePerSecond: rate };
  }
  // Balanced means: p1/ν1 = p2/ν2 = m/2.
  const p1 = 0.5 * (1 + Math.sqrt((scv - 1) / (scv + 1)));
  const p2 = 1 - p1;
  return {
    meanSeconds,
    ratePerSecond,
    scv,
    shiftSeconds: 0,
    phase1Probability: p1,
    phase1RatePerSecond: (2 * p1) / meanSeconds,
    phase2Probability: p2,
    phase2RatePerSecond: (2 * p2) / meanSeconds,
  };
}

/** Erlang B (blocking probability of M/M/c/c) by the stable recursion; O(servers). */
export function erlangB(servers: number, offeredLoadErlangs: number): number {
  checkServers(servers);
  if (!(offeredLoadErlangs >= 0)) throw new RangeError(`offered load must be ≥ 0 Erlangs, got ${offeredLoadErlangs}`);
  let b = 1;
  const a = offeredLoadErlangs;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C, the probability an arrival waits in M/M/c; 1 when offered load ≥ servers. */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  if (offeredLoadErlangs >= servers) return 1;
  return erlangCFromB(servers, offeredLoadErlangs, erlangB(servers, offeredLoadErlangs));
}

/**
 * Erlang B by the same recursion, started at k0 = a − 12√a from the fluid value B(k0, a) ≈
 * 1 − k0/a instead of at k = 0. Below k = a every step multiplies the starting error by k/a,
 * so by k = a it has shrunk by e^{−12²/2} ≈ 1e-31, and above a the relative error cannot grow.
 * Costs O(c − a + 12√a) instead of O(c): what makes table builds cheap for large pools.
 * (Bit-identical to `erlangB` on every case the tests sweep.)
 */
function erlangBFromNearLoad(servers: number, a: number): number {
  let k0 = Math.floor(a - 12 * Math.sqrt(a));
  if (k0 < 0) k0 = 0;
  if (k0 > servers) return erlangB(servers, a);
  let b = k0 === 0 ? 1 : 1 - k0 / a;
  for (let k = k0 + 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}

function erlangCFromB(c: number, a: number, b: number): number {
  return (c * b) / (c - a * (1 - b));
}

function checkServers(servers: number): void {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError(`servers must be a whole number ≥ 0, got ${servers}`);
}

/** Allen–Cunneen's G/G/c multiplier of the M/M/c mean wait: (ca² + cs²)/2. */
export function allenCunneenFactor(arrivalScv: number, serviceScv: number): number {
  return (arrivalScv + serviceScv) / 2;
}

/**
 * The response-time law of one step: P(wait > 0) = `waitProbability`, the conditional wait is
 * Exp(`waitRatePerSecond`), and the service follows `service`. Mutable so the engine can refill
 * one instance per step without allocating.
 */
export class ResponseTime {
  service: ServiceTime;
  arrivalRatePerSecond = 0;
  servers = 0;
  /** a = λ·E[S], in Erlangs. */
  get offeredLoadErlangs(): number {
    return this.arrivalRatePerSecond * this.service.meanSeconds;
  }
  /** ρ = a / c. */
  get utilization(): number {
    return this.servers > 0 ? this.offeredLoadErlangs / this.servers : this.offeredLoadErlangs > 0 ? Infinity : 0;
  }
  /** ρ ≥ 1 (or no servers with traffic): no steady state; the engine must model the backlog. */
  overloaded = false;
  /** Erlang C. */
  waitProbability = 0;
  /** Rate of the conditional wait, (cμ − λ)/k; Infinity when nobody waits. */
  waitRatePerSecond = Infinity;

  // e^{−ν·s} of each service phase at the last survival time asked for. The engine asks for
  // the same SLO target every step, so this saves one exp per phase per step.
  private cachedTime = NaN;
  private cachedService: ServiceTime | undefined;
  private cachedPhase1 = 0;
  private cachedPhase2 = 0;

  constructor(service: ServiceTime) {
    this.service = service;
  }

  get meanWaitSeconds(): number {
    if (this.overloaded) return Infinity;
    return this.waitProbability === 0 ? 0 : this.waitProbability / this.waitRatePerSecond;
  }

  get meanResponseSeconds(): number {
    return this.meanWaitSeconds + this.service.meanSeconds;
  }

  /** P(Wq > t). */
  waitSurvival(tSeconds: number): number {
    if (this.overloaded || tSeconds < 0) return 1;
    if (this.waitProbability === 0) return 0;
    return this.waitProbability * Math.exp(-this.waitRatePerSecond * tSeconds);
  }

  /** q-quantile of Wq: 0 if (1 − q) ≥ C, else ln(C/(1 − q)) / rate. */
  waitQuantileSeconds(q: number): number {
    if (this.overloaded || q >= 1) return Infinity;
    const tail = 1 - q;
    if (tail >= this.waitProbability) return 0;
    return Math.log(this.waitProbability / tail) / this.waitRatePerSecond;
  }

  /** P(T > t) for the response time T = Wq + S. */
  survival(tSeconds: number): number {
    if (this.overloaded) return 1;
    const service = this.service;
    const s = tSeconds - service.shiftSeconds;
    if (s < 0) return 1;
    if (tSeconds !== this.cachedTime || service !== this.cachedService) {
      this.cachedTime = tSeconds;
      this.cachedService = service;
      this.cachedPhase1 = Math.exp(-service.phase1RatePerSecond * s);
      this.cachedPhase2 = service.phase2Probability > 0 ? Math.exp(-service.phase2RatePerSecond * s) : 0;
    }
    const c = this.waitProbability;
    if (service.phase1Probability === 1) {
      // One exponential phase (exponential or shifted-exponential service): the per-step case.
      const e1 = this.cachedPhase1;
      return c > 0 ? (1 - c) * e1 + c * twoExponentialSurvival(this.waitRatePerSecond, service.phase1RatePerSecond, s, e1) : e1;
    }
    return survivalGivenPhases(service, c, this.waitRatePerSecond, s, this.cachedPhase1, this.cachedPhase2);
  }

  /** P(T ≤ t): the share of this step's requests that meet a latency target. */
  fractionWithin(tSeconds: number): number {
    return 1 - this.survival(tSeconds);
  }

  /** q-quantile of the response time, by bisection on the survival function (rel. tol. 1e-12). */
  quantileSeconds(q: number): number {
    if (this.overloaded || q >= 1) return Infinity;
    const shift = this.service.shiftSeconds;
    const tail = 1 - q;
    if (q <= 0 || this.survival(shift) <= tail) return shift;
    const scale = this.meanResponseSeconds - shift;
    let lo = shift;
    let hi = shift + scale;
    while (this.survival(hi) > tail) {
      lo = hi;
      hi = shift + 2 * (hi - shift);
    }
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (this.survival(mid) > tail) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
}

/**
 * P(W + X > s), W ~ (1 − C)·δ0 + C·Exp(θ), X = the exponential phases of `service`
 * (s is measured after the deterministic shift). Exposed for the histogram.
 */
export function responseSurvivalAfterShift(service: ServiceTime, waitProbability: number, waitRate: number, s: number): number {
  const e1 = Math.exp(-service.phase1RatePerSecond * s);
  const e2 = service.phase2Probability > 0 ? Math.exp(-service.phase2RatePerSecond * s) : 0;
  return survivalGivenPhases(service, waitProbability, waitRate, s, e1, e2);
}

/** As responseSurvivalAfterShift, given e^{−ν₁s} and e^{−ν₂s} (saves the histogram two exps per edge). */
export function survivalGivenPhases(service: ServiceTime, waitProbability: number, waitRate: number, s: number, e1: number, e2: number): number {
  const c = waitProbability;
  const p1 = service.phase1Probability;
  const p2 = service.phase2Probability;
  let total = 0;
  if (p1 > 0) total += p1 * ((1 - c) * e1 + (c > 0 ? c * twoExponentialSurvival(waitRate, service.phase1RatePerSecond, s, e1) : 0));
  if (p2 > 0) total += p2 * ((1 - c) * e2 + (c > 0 ? c * twoExponentialSurvival(waitRate, service.phase2RatePerSecond, s, e2) : 0));
  const p0 = 1 - p1 - p2;
  if (p0 > 1e-12 && c > 0) total += p0 * c * Math.exp(-waitRate * s);
  return total;
}

/**
 * P(Exp(θ) + Exp(ν) > s) = e^{−νs}(1 + ν(1 − e^{−δs})/δ), δ = θ − ν, given e^{−νs}. The
 * expm1 keeps it exact as δ → 0 (the cμ − λ = μ case of models.md §5.1, e^{−μs}(1 + μs)).
 * For δ < 0 the same expression holds with a growing e^{|δ|s}; past e^{700} it switches to the
 * form built on the smaller rate so nothing overflows.
 */
function twoExponentialSurvival(theta: number, nu: number, s: number, expNuS: number): number {
  if (s <= 0) return 1;
  const delta = theta - nu;
  if (delta >= 0 || -delta * s < 700) {
    const g = delta === 0 ? s : -Math.expm1(-delta * s) / delta;
    return expNuS * (1 + nu * g);
  }
  return Math.exp(-theta * s) * (1 + (theta * -Math.expm1(delta * s)) / -delta);
}

/**
 * Fills `out` for arrivals λ on c servers given Erlang C; shared by the exact and cached paths.
 * Returns false when overloaded.
 */
function fill(out: ResponseTime, arrivalRatePerSecond: number, servers: number, service: ServiceTime, arrivalScv: number, waitProbability: number): boolean {
  const a = arrivalRatePerSecond * service.meanSeconds;
  out.service = service;
  out.arrivalRatePerSecond = arrivalRatePerSecond;
  out.servers = servers;
  if (a >= servers && a > 0) {
    out.overloaded = true;
    out.waitProbability = 1;
    out.waitRatePerSecond = 0;
    return false;
  }
  out.overloaded = false;
  const k = 0.5 * (arrivalScv + service.scv); // Allen–Cunneen
  if (waitProbability <= 0 || k <= 0 || a === 0) {
    // D/D/c below saturation (k = 0) never queues; Allen–Cunneen's k·Wq → 0 agrees.
    out.waitProbability = 0;
    out.waitRatePerSecond = Infinity;
    return true;
  }
  out.waitProbability = waitProbability;
  out.waitRatePerSecond = (servers * service.ratePerSecond - arrivalRatePerSecond) / k;
  return true;
}

/**
 * Exact per-step latency (Erlang C by the O(c) recursion). `arrivalScv` is ca², 1 for Poisson.
 * Allocates a new ResponseTime unless `out` is given.
 */
export function responseTime(
  arrivalRatePerSecond: number,
  servers: number,
  service: ServiceTime,
  arrivalScv = 1,
  out: ResponseTime = new ResponseTime(service),
): ResponseTime {
  checkServers(servers);
  const a = arrivalRatePerSecond * service.meanSeconds;
  fill(out, arrivalRatePerSecond, servers, service, arrivalScv, a < servers ? erlangC(servers, a) : 1);
  return out;
}

// Convenience forms for plain M/M/c (exponential service, Poisson arrivals), as in models.md §5.1.

export function mmcMeanWaitSeconds(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).meanWaitSeconds;
}

export function mmcMeanResponseSeconds(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).meanResponseSeconds;
}

/** P(Wq > t) = C·e^{−(cμ−λ)t}. */
export function mmcWaitSurvival(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number, tSeconds: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).waitSurvival(tSeconds);
}

export function mmcWaitQuantileSeconds(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number, q: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).waitQuantileSeconds(q);
}

/** P(T > t), both the cμ − λ ≠ μ and = μ forms of models.md §5.1. */
export function mmcResponseSurvival(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number, tSeconds: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).survival(tSeconds);
}

export function mmcResponseQuantileSeconds(arrivalRatePerSecond: number, meanServiceSeconds: number, servers: number, q: number): number {
  return responseTime(arrivalRatePerSecond, servers, serviceTime(meanServiceSeconds)).quantileSeconds(q);
}

/**
 * The fewest servers whose response-time q-quantile is within `targetSeconds`, or Infinity if
 * the service time alone misses it. Walks c upward from the stability bound with the Erlang B
 * recursion carried along, so the whole search is O(answer).
 */
export function minServersForResponseQuantile(
  arrivalRatePerSecond: number,
  service: ServiceTime,
  q: number,
  targetSeconds: number,
  arrivalScv = 1,
): number {
  const scratch = new ResponseTime(service);
  if (arrivalRatePerSecond <= 0) return 0;
  fill(scratch, 0, 1, service, arrivalScv, 0);
  if (scratch.quantileSeconds(q) > targetSeconds) return Infinity;
  const a = arrivalRatePerSecond * service.meanSeconds;
  let c = Math.max(1, Math.floor(a) + 1);
  let b = erlangB(c, a);
  const giveUpAt = c + 100 * Math.sqrt(a) + 1000;
  for (; c <= giveUpAt; ) {
    fill(scratch, arrivalRatePerSecond, c, service, arrivalScv, erlangCFromB(c, a, b));
    if (scratch.quantileSeconds(q) <= targetSeconds) return c;
    c++;
    b = (a * b) / (c + a * b);
  }
  return Infinity;
}

/**
 * Erlang B/C in O(1) per call for the engine's per-step loop, whatever the server count and
 * however often it changes. Every path tabulates ln B (or a smooth remainder of it) against the
 * load and interpolates it with cubic Hermite polynomials built from its exact derivative,
 * d ln B/da = c/a − 1 + B. The per-step cost is then a handful of multiplies and one `exp`;
 * transcendentals dominate it (≈ 20–30 ns each in V8), so the common paths use only that one.
 *
 * - c ≤ 8: the exact recursion, which is as cheap.
 * - 9 ≤ c < 200 (and c > 40,000): one table per c over [max(0.05c, c − 10(√c + 1)), c], 97
 *   loads. Above ρ = 0.25 it interpolates ln B itself; below, where c·ln a bends too sharply
 *   for a cubic, Q = ln B − c·ln(a/c) + (a − c) (−ln of the Poisson CDF up to a constant,
 *   derivative B), at the price of a log1p. Tables are kept per c (an array below 200; an LRU
 *   of `maxTables` above 40,000).
 * - 200 ≤ c ≤ 40,000: one grid shared by every cache, of ln B + ½ln(2πc) over z = (a − c)/√c
 *   ∈ [−11, 0] (129 points) in 32 rows at integer c, uniform in 1/√c. The function is close to
 *   polynomial in 1/√c, so a 4-point Lagrange rule across rows is exact to the same order: an
 *   autoscaler visiting thousands of distinct sizes builds nothing more. Rows are built lazily
 *   (≤ 1 ms each) and, being constants, shared.
 *
 * Below the tabulated loads the remainder is extrapolated linearly (B < 1e-20 there, or the
 * pool is small and Q is flat). Measured error (test/model/queueing.test.ts sweeps c = 1…50,000
 * and a over [0, c)): relative error of B and C at most 1.5e-6 wherever C > 1e-12, 7e-7 where
 * C > 1e-6; absolute error below 1e-8 everywhere.
 */
export class ErlangCache {
  static readonly EXACT_MAX_SERVERS = 8;

  private readonly maxTables: number;
  /** Tables for 9 ≤ c < 200, indexed by c: at most 191, never evicted. */
  private readonly smallTables: Array<ErlangTable | undefined> = new Array<ErlangTable | undefined>(GRID_MIN_SERVERS).fill(undefined);
  /** Tables for c > 40,000, LRU by Map order. */
  private readonly tables = new Map<number, ErlangTable>();
  private last: ErlangTable | undefined;
  private spare: Float64Array | undefined;
  /** How many per-c tables were built so far (for tests and the benchmark). */
  tablesBuilt = 0;

  // Per-c constants of the grid path, for the last grid c seen.
  private gridServers = -1;
  private gridFirstRow = 0;
  private gridWeight0 = 0;
  private gridWeight1 = 0;
  private gridWeight2 = 0;
  private gridWeight3 = 0;
  private gridInverseSqrt = 0;
  private gridHalfLog = 0;

  constructor(options: { maxTables?: number } = {}) {
    this.maxTables = Math.max(1, options.maxTables ?? 64);
  }

  /** Erlang B(c, a), a ≥ 0. */
  erlangB(servers: number, offeredLoadErlangs: number): number {
    if (servers <= ErlangCache.EXACT_MAX_SERVERS || offeredLoadErlangs > servers) return erlangB(servers, offeredLoadErlangs);
    if (servers < GRID_MIN_SERVERS) return (this.smallTables[servers] ?? this.smallTable(servers)).erlangB(offeredLoadErlangs);
    if (servers <= GRID_MAX_SERVERS) return this.gridErlangB(servers, offeredLoadErlangs);
    const table = this.last !== undefined && this.last.servers === servers ? this.last : this.table(servers);
    return table.erlangB(offeredLoadErlangs);
  }

  /** Erlang C(c, a); 1 when a ≥ c. */
  erlangC(servers: number, offeredLoadErlangs: number): number {
    if (offeredLoadErlangs >= servers) return 1;
    return erlangCFromB(servers, offeredLoadErlangs, this.erlangB(servers, offeredLoadErlangs));
  }

  /** Fills `out` like `responseTime`, in O(1) and without allocating; false when overloaded. */
  evaluate(out: ResponseTime, arrivalRatePerSecond: number, servers: number, service: ServiceTime, arrivalScv = 1): boolean {
    const a = arrivalRatePerSecond * service.meanSeconds;
    const k = 0.5 * (arrivalScv + service.scv);
    if (a >= servers || a === 0 || k <= 0) return fill(out, arrivalRatePerSecond, servers, service, arrivalScv, a < servers ? 0 : 1);
    // The common case, written out: this is the engine's per-step call.
    const b = this.erlangB(servers, a);
    out.service = service;
    out.arrivalRatePerSecond = arrivalRatePerSecond;
    out.servers = servers;
    out.overloaded = false;
    out.waitProbability = (servers * b) / (servers - a * (1 - b));
    out.waitRatePerSecond = (servers * service.ratePerSecond - arrivalRatePerSecond) / k;
    return true;
  }

  private gridErlangB(c: number, a: number): number {
    if (c !== this.gridServers) this.prepareGrid(c);
    const x = ((a - c) * this.gridInverseSqrt - GRID_Z_MIN) * GRID_INVERSE_STEP;
    const first = this.gridFirstRow;
    const r0 = gridRows[first]!;
    const r1 = gridRows[first + 1]!;
    const r2 = gridRows[first + 2]!;
    const r3 = gridRows[first + 3]!;
    let g: number;
    if (x <= 0) {
      g =
        this.gridWeight0 * (r0[0]! + r0[1]! * x) +
        this.gridWeight1 * (r1[0]! + r1[1]! * x) +
        this.gridWeight2 * (r2[0]! + r2[1]! * x) +
        this.gridWeight3 * (r3[0]! + r3[1]! * x);
    } else {
      let i = Math.floor(x);
      if (i >= GRID_Z_INTERVALS) i = GRID_Z_INTERVALS - 1;
      const u = x - i;
      const u2 = u * u;
      const u3 = u2 * u;
      const h00 = 2 * u3 - 3 * u2 + 1;
      const h10 = u3 - 2 * u2 + u;
      const h01 = 3 * u2 - 2 * u3;
      const h11 = u3 - u2;
      const j = 2 * i;
      g =
        this.gridWeight0 * (h00 * r0[j]! + h10 * r0[j + 1]! + h01 * r0[j + 2]! + h11 * r0[j + 3]!) +
        this.gridWeight1 * (h00 * r1[j]! + h10 * r1[j + 1]! + h01 * r1[j + 2]! + h11 * r1[j + 3]!) +
        this.gridWeight2 * (h00 * r2[j]! + h10 * r2[j + 1]! + h01 * r2[j + 2]! + h11 * r2[j + 3]!) +
        this.gridWeight3 * (h00 * r3[j]! + h10 * r3[j + 1]! + h01 * r3[j + 2]! + h11 * r3[j + 3]!);
    }
    return Math.exp(g - this.gridHalfLog);
  }

  /** Row window and Lagrange weights in u = 1/√c; once per change of c. */
  private prepareGrid(c: number): void {
    const u = 1 / Math.sqrt(c);
    let first = Math.floor((u - GRID_MIN_U) / GRID_U_STEP) - 1;
    if (first < 0) first = 0;
    else if (first > GRID_ROWS - 4) first = GRID_ROWS - 4;
    for (let m = 0; m < 4; m++) buildGridRow(first + m); // now, not inside the hot path
    this.gridServers = c;
    this.gridFirstRow = first;
    this.gridWeight0 = lagrangeWeight(u, first, 0);
    this.gridWeight1 = lagrangeWeight(u, first, 1);
    this.gridWeight2 = lagrangeWeight(u, first, 2);
    this.gridWeight3 = lagrangeWeight(u, first, 3);
    this.gridInverseSqrt = u;
    this.gridHalfLog = 0.5 * Math.log(2 * Math.PI * c);
  }

  private smallTable(servers: number): ErlangTable {
    checkServers(servers);
    const table = new ErlangTable(servers, undefined);
    this.smallTables[servers] = table;
    this.tablesBuilt++;
    return table;
  }

  private table(servers: number): ErlangTable {
    checkServers(servers);
    let table = this.tables.get(servers);
    if (table === undefined) {
      if (this.tables.size >= this.maxTables) {
        const oldest = this.tables.keys().next().value!;
        this.spare = this.tables.get(oldest)!.nodes;
        this.tables.delete(oldest);
      }
      table = new ErlangTable(servers, this.spare);
      this.spare = undefined;
      this.tablesBuilt++;
    } else {
      this.tables.delete(servers);
    }
    this.tables.set(servers, table); // re-insert: Map order is the LRU order
    this.last = table;
    return table;
  }
}

const GRID_MIN_SERVERS = 200;
const GRID_MAX_SERVERS = 40_000;
const GRID_ROWS = 32;
const GRID_Z_MIN = -11;
const GRID_Z_INTERVALS = 128;
const GRID_Z_STEP = -GRID_Z_MIN / GRID_Z_INTERVALS;
const GRID_INVERSE_STEP = 1 / GRID_Z_STEP;
const GRID_MIN_U = 1 / Math.sqrt(GRID_MAX_SERVERS);
const GRID_U_STEP = (1 / Math.sqrt(GRID_MIN_SERVERS) - GRID_MIN_U) / (GRID_ROWS - 1);
/** Row r sits at the integer c nearest to u_r = GRID_MIN_U + r·step; this is its exact 1/√c. */
const gridRowU = Float64Array.from({ length: GRID_ROWS }, (_, r) => 1 / Math.sqrt(gridRowServers(r)));
/** Interleaved [ln B + ½ln(2πc), step·∂/∂z] per row; a memo of constants, so sharing it keeps runs deterministic. */
const gridRows: Array<Float64Array | undefined> = new Array<Float64Array | undefined>(GRID_ROWS).fill(undefined);

/** Weight of row first + m in the 4-point Lagrange rule through rows first…first + 3 at u. */
function lagrangeWeight(u: number, first: number, m: number): number {
  let w = 1;
  for (let n = 0; n < 4; n++) if (n !== m) w *= (u - gridRowU[first + n]!) / (gridRowU[first + m]! - gridRowU[first + n]!);
  return w;
}

function gridRowServers(r: number): number {
  const u = GRID_MIN_U + r * GRID_U_STEP;
  return Math.round(1 / (u * u));
}

function buildGridRow(r: number): void {
  if (gridRows[r] !== undefined) return;
  const c = gridRowServers(r);
  const sqrtC = Math.sqrt(c);
  const halfLog = 0.5 * Math.log(2 * Math.PI * c);
  const row = new Float64Array(2 * (GRID_Z_INTERVALS + 1));
  for (let j = 0; j <= GRID_Z_INTERVALS; j++) {
    const a = c + (GRID_Z_MIN + j * GRID_Z_STEP) * sqrtC;
    const b = erlangBFromNearLoad(c, a);
    row[2 * j] = Math.log(b) + halfLog;
    row[2 * j + 1] = GRID_Z_STEP * sqrtC * (c / a - 1 + b);
  }
  gridRows[r] = row;
}

/** Per-c table: 97 loads, each [ln B, h·d ln B/da, Q, h·B]. */
const TABLE_INTERVALS = 96;
const TABLE_NODE_WIDTH = 4;
/** Above this utilization ln B is interpolated directly (no log1p). */
const TABLE_DIRECT_FROM_UTILIZATION = 0.25;

class ErlangTable {
  readonly servers: number;
  readonly nodes: Float64Array;
  private readonly lowLoad: number;
  private readonly inverseStep: number;
  private readonly directFromLoad: number;

  constructor(servers: number, reuse: Float64Array | undefined) {
    const n = TABLE_INTERVALS;
    const c = servers;
    this.servers = c;
    this.nodes = reuse ?? new Float64Array(TABLE_NODE_WIDTH * (n + 1));
    // Below c − 10(√c + 1) Erlang B is under 1e-20, far past mattering for latency. The floor
    // 0.05·c keeps B(c, a) ≥ 1e-120 at the first node (no underflow in ln B) for pools up to
    // c ≈ 130, where the window would otherwise reach 0.
    this.lowLoad = Math.max(0.05 * c, c - 10 * (Math.sqrt(c) + 1));
    this.directFromLoad = TABLE_DIRECT_FROM_UTILIZATION * c;
    const step = (c - this.lowLoad) / n;
    this.inverseStep = 1 / step;
    for (let i = 0; i <= n; i++) {
      const a = i === n ? c : this.lowLoad + i * step;
      const b = erlangBFromNearLoad(c, a);
      const k = TABLE_NODE_WIDTH * i;
      this.nodes[k] = Math.log(b);
      this.nodes[k + 1] = step * (c / a - 1 + b);
      this.nodes[k + 2] = Math.log(b) - c * Math.log1p((a - c) / c) + (a - c);
      this.nodes[k + 3] = step * b;
    }
  }

  erlangB(a: number): number {
    const c = this.servers;
    const nodes = this.nodes;
    const x = (a - this.lowLoad) * this.inverseStep;
    if (x <= 0) return Math.exp(nodes[2]! + nodes[3]! * x + c * Math.log1p((a - c) / c) - (a - c));
    let i = Math.floor(x);
    if (i >= TABLE_INTERVALS) i = TABLE_INTERVALS - 1;
    const u = x - i;
    const u2 = u * u;
    const u3 = u2 * u;
    const h00 = 2 * u3 - 3 * u2 + 1;
    const h10 = u3 - 2 * u2 + u;
    const h01 = 3 * u2 - 2 * u3;
    const h11 = u3 - u2;
    const k = TABLE_NODE_WIDTH * i;
    if (a >= this.directFromLoad) {
      return Math.exp(h00 * nodes[k]! + h10 * nodes[k + 1]! + h01 * nodes[k + 4]! + h11 * nodes[k + 5]!);
    }
    const q = h00 * nodes[k + 2]! + h10 * nodes[k + 3]! + h01 * nodes[k + 6]! + h11 * nodes[k + 7]!;
    return Math.exp(q + c * Math.log1p((a - c) / c) - (a - c));
  }
}
