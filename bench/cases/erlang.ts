/**
 * The engine's per-step latency path over a minute-resolution year (525,600 steps) with a
 * diurnal load and a server count that an autoscaler moves every 15 minutes: Erlang C from
 * ErlangCache, the step's SLO share, and the request-weighted histogram add. It is compared
 * with a tight typed-array loop (utilization, EWMA, cost, breach count: ecosystem.md §B.2
 * kernel B) and with the exact O(c) Erlang recursion the cache replaces.
 */
import { LatencyHistogram } from '../../src/model/histogram.js';
import { ErlangCache, ResponseTime, erlangC, serviceTime } from '../../src/model/queueing.js';
import { performance } from 'node:perf_hooks';
import { consume, medianMs, type BenchCase, type BenchRow } from '../harness.js';

const STEPS = 525_600;
const STEP_SECONDS = 60;
const SERVICE_SECONDS = 0.04;
const SLO_SECONDS = 0.25;
const TARGET_UTILIZATION = 0.7;

interface Year {
  readonly arrivalsPerSecond: Float64Array;
  readonly servers: Int32Array;
}

/** Diurnal × weekly load; servers re-sized every 15 min for the target utilization. */
function year(baseArrivalsPerSecond: number): Year {
  const arrivalsPerSecond = new Float64Array(STEPS);
  const servers = new Int32Array(STEPS);
  let c = 1;
  for (let i = 0; i < STEPS; i++) {
    const hours = i / 60;
    const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (hours - 14)) / 24);
    const weekly = Math.floor(hours / 24) % 7 >= 5 ? 0.7 : 1;
    const lambda = baseArrivalsPerSecond * diurnal * weekly * (1 + 0.03 * Math.sin(i / 7));
    arrivalsPerSecond[i] = lambda;
    if (i % 15 === 0) c = Math.max(1, Math.ceil((lambda * SERVICE_SECONDS * 1.03) / TARGET_UTILIZATION));
    servers[i] = c;
  }
  return { arrivalsPerSecond, servers };
}

function referenceLoop(y: Year): number {
  const { arrivalsPerSecond, servers } = y;
  let ewma = 0;
  let cost = 0;
  let breaches = 0;
  for (let i = 0; i < STEPS; i++) {
    const utilization = (arrivalsPerSecond[i]! * SERVICE_SECONDS) / servers[i]!;
    ewma += 0.1 * (utilization - ewma);
    cost += servers[i]! * 0.000_8;
    if (ewma > 0.8) breaches++;
  }
  return ewma + cost + breaches;
}

function cachedErlang(y: Year, cache: ErlangCache): number {
  const { arrivalsPerSecond, servers } = y;
  let sum = 0;
  for (let i = 0; i < STEPS; i++) sum += cache.erlangC(servers[i]!, arrivalsPerSecond[i]! * SERVICE_SECONDS);
  return sum;
}

function exactErlang(y: Year, stride: number): number {
  const { arrivalsPerSecond, servers } = y;
  let sum = 0;
  for (let i = 0; i < STEPS; i += stride) sum += erlangC(servers[i]!, arrivalsPerSecond[i]! * SERVICE_SECONDS);
  return sum;
}

/** What the engine does per inference step once it knows λ and c; optionally the step's SLO share. */
function latencyPath(y: Year, cache: ErlangCache, histogram: LatencyHistogram, step: ResponseTime, withSloShare: boolean): number {
  const { arrivalsPerSecond, servers } = y;
  const service = step.service;
  let withinSlo = 0;
  for (let i = 0; i < STEPS; i++) {
    const lambda = arrivalsPerSecond[i]!;
    if (!cache.evaluate(step, lambda, servers[i]!, service)) continue;
    const requests = lambda * STEP_SECONDS;
    if (withSloShare) withinSlo += requests * step.fractionWithin(SLO_SECONDS);
    histogram.addResponseTime(step, requests);
  }
  return withinSlo;
}

const bench: BenchCase = {
  name: 'erlang',
  run(): BenchRow[] {
    const service = serviceTime(SERVICE_SECONDS);
    const small = year(1_000); // c ≈ 30–90
    const large = year(50_000); // c ≈ 1,500–4,500

    // The cache must agree with the recursion before its speed means anything.
    const check = new ErlangCache();
    for (let i = 0; i < STEPS; i += 997) {
      for (const y of [small, large]) {
        const c = y.servers[i]!;
        const a = y.arrivalsPerSecond[i]! * SERVICE_SECONDS;
        const exact = erlangC(c, a);
        if (exact > 1e-12 && Math.abs(check.erlangC(c, a) - exact) > 1e-6 * exact) throw new Error(`ErlangCache off at c=${c}, a=${a}`);
      }
    }

    const ns = (ms: number, steps = STEPS) => (ms * 1e6) / steps;
    const referenceNs = ns(medianMs(() => consume(referenceLoop(small)), 15, 3));

    const cacheSmall = new ErlangCache();
    const cachedSmallNs = ns(medianMs(() => consume(cachedErlang(small, cacheSmall)), 15, 3));
    const cacheLarge = new ErlangCache();
    const cachedLargeNs = ns(medianMs(() => consume(cachedErlang(large, cacheLarge)), 15, 3));
    const exactSmallNs = ns(medianMs(() => consume(exactErlang(small, 1)), 5, 1));
    const largeStride = 50; // the recursion at c ≈ 3,000 would take seconds per repeat
    const exactLargeNs = ns(medianMs(() => consume(exactErlang(large, largeStride)), 3, 1), STEPS / largeStride);

    const step = new ResponseTime(service);
    const timePath = (withSloShare: boolean) =>
      ns(
        medianMs(() => {
          const h = new LatencyHistogram();
          consume(latencyPath(small, cacheSmall, h, step, withSloShare));
          consume(h.totalWeight);
        }, 15, 3),
      );
    const pathNs = timePath(false);
    const pathWithSloNs = timePath(true);
    // The flush is timed alone: a fresh year of pending mass each time, as a run would have.
    const flushTimes: number[] = [];
    let p99Seconds = NaN;
    for (let r = 0; r < 5; r++) {
      const h = new LatencyHistogram();
      latencyPath(small, cacheSmall, h, step, false);
      const t0 = performance.now();
      p99Seconds = h.quantileSeconds(0.99);
      flushTimes.push(performance.now() - t0);
    }
    flushTimes.sort((a, b) => a - b);
    const flushMs = flushTimes[2]!;
    const pathRatio = pathNs / referenceNs;
    return [
      { name: 'reference typed-array loop', value: referenceNs, unit: 'ns/step', detail: 'utilization, EWMA, cost, breach count' },
      {
        name: 'Erlang C cached, c ≈ 30–90',
        value: cachedSmallNs,
        unit: 'ns/step',
        detail: `exact recursion ${exactSmallNs.toFixed(0)} ns/step (${(exactSmallNs / cachedSmallNs).toFixed(1)}x); ${cacheSmall.tablesBuilt} tables`,
      },
      {
        name: 'Erlang C cached, c ≈ 1,500–4,500',
        value: cachedLargeNs,
        unit: 'ns/step',
        target: 'O(1): ≤ 2x the small-pool cost',
        met: cachedLargeNs <= 2 * cachedSmallNs,
        detail: `exact recursion ${exactLargeNs.toFixed(0)} ns/step (${(exactLargeNs / cachedLargeNs).toFixed(0)}x); ${cacheLarge.tablesBuilt} tables`,
      },
      {
        name: 'latency step: Erlang C + histogram add',
        value: pathNs,
        unit: 'ns/step',
        target: '≤ 100 ns/step (the issue\'s whole-step budget)',
        met: pathNs <= 100,
        detail: `${pathRatio.toFixed(1)}x the reference loop; ${((pathNs * STEPS) / 1e6).toFixed(1)} ms per year`,
      },
      {
        name: '… plus the per-step SLO share',
        value: pathWithSloNs,
        unit: 'ns/step',
        detail: `optional: the histogram gives SLO attainment at the end; +${(pathWithSloNs - pathNs).toFixed(0)} ns/step`,
      },
      {
        name: 'histogram flush + p99 (once per run)',
        value: flushMs,
        unit: 'ms',
        detail: `p99 ${(p99Seconds * 1000).toFixed(1)} ms over the year; slowest of 5 ${flushTimes[4]!.toFixed(1)} ms`,
      },
    ];
  },
};

export default bench;
