/**
 * An inference service on its pool, step by step. Each (sub)step is a steady-state M/M/c
 * (Erlang C, with Allen–Cunneen for non-exponential service) at that step's arrival rate and
 * ready servers; its whole response-time law goes into the latency histogram weighted by the
 * requests it served, so reported quantiles are those of the request-weighted mixture.
 *
 * When arrivals outrun capacity there is no steady state: the backlog is carried as a fluid
 * queue (it grows at λ − cμ), requests behind it wait backlog / cμ on top of their service, and
 * the queue is capped at cμ·maxWait; what does not fit waited longer than maxWait and is dropped.
 */
import { CompensatedSum } from '../model/money.js';
import { ErlangCache, ResponseTime, serviceTime, type ServiceTime } from '../model/queueing.js';
import { LatencyHistogram } from '../model/histogram.js';
import type { Capacity } from './capacity.js';
import { mutableObservation, type Scaler } from './scaler.js';
import type { HourlySeries } from './series.js';
import type { InferenceSpec, ModelVariantSpec } from './spec.js';

export interface InferenceResult {
  readonly arrived: number;
  readonly served: number;
  readonly dropped: number;
  /** Requests still queued when the horizon ended. */
  readonly queuedAtEnd: number;
  readonly latencySeconds: { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number };
  /** Share of arrived requests (less those still queued) served within the SLO latency; NaN without an SLO. */
  readonly sloAttainment: number;
  readonly histogram: LatencyHistogram;
  /** Internet egress per 730 h month, GB (for tiered pricing). */
  readonly egressGBByMonth: Float64Array;
  /** Instance-hours the load needs at 100% utilization: the floor any sizing is compared with. */
  readonly neededInstanceHours: number;
}

/** The single service-time law a route puts on the servers (a cascade runs both models in turn). */
export function routeService(route: InferenceSpec['route']): ServiceTime {
  if (route.kind === 'single') return serviceTime(route.model.serviceSeconds, route.model.distribution);
  // S = S1 + B·S2, B ~ Bernoulli(e): match mean and variance with the two-moment fit.
  const m1 = route.first.serviceSeconds;
  const m2 = route.second.serviceSeconds;
  const e = route.escalate;
  const v1 = (m1 * scvOf(route.first)) * m1;
  const v2 = (m2 * scvOf(route.second)) * m2;
  const mean = m1 + e * m2;
  const variance = v1 + e * v2 + e * (1 - e) * m2 * m2;
  return serviceTime(mean, { cv: Math.sqrt(variance) / mean });
}

function scvOf(model: ModelVariantSpec): number {
  const d = model.distribution;
  return d === 'exponential' ? 1 : d === 'deterministic' ? 0 : d.cv * d.cv;
}

/**
 * Delays of requests that waited behind a backlog, grouped in buckets 2^(1/16) wide, so that
 * spreading them over the histogram happens once per bucket at the end, not once per step.
 */
class BacklogDelays {
  private static readonly PER_OCTAVE = 16;
  private static readonly MIN_SECONDS = 1e-6;
  private readonly weight = new Float64Array(64 * 16);
  private readonly delaySum = new Float64Array(64 * 16);

  add(delaySeconds: number, requests: number): void {
    const d = Math.max(delaySeconds, BacklogDelays.MIN_SECONDS);
    const b = Math.min(this.weight.length - 1, Math.max(0, Math.floor(Math.log2(d / BacklogDelays.MIN_SECONDS) * BacklogDelays.PER_OCTAVE)));
    this.weight[b]! += requests;
    this.delaySum[b]! += requests * delaySeconds;
  }

  flushInto(histogram: LatencyHistogram, law: ResponseTime): void {
    for (let b = 0; b < this.weight.length; b++) {
      const w = this.weight[b]!;
      if (w > 0) histogram.addResponseTimeNow(law, w, this.delaySum[b]! / w);
    }
  }
}

export interface KernelGrid {
  readonly steps: number;
  readonly stepSeconds: number;
  readonly horizonSeconds: number;
}

export function simulateInference(
  spec: InferenceSpec,
  capacity: Capacity,
  scaler: Scaler,
  load: Float64Array,
  grid: KernelGrid,
  series: HourlySeries | undefined,
): InferenceResult {
  const service = routeService(spec.route);
  const mu = service.ratePerSecond;
  const spi = spec.serversPerInstance;
  const perInstance = spi * mu;
  const target = spec.slo?.latencySeconds;
  const histogram = new LatencyHistogram({ maxSeconds: Math.max(3600, spec.maxWaitSeconds * 4) });
  const law = new ResponseTime(service);
  const noWait = new ResponseTime(service); // service alone: requests whose wait is the backlog's
  const cache = new ErlangCache();
  const delays = new BacklogDelays();
  const arrived = new CompensatedSum();
  const served = new CompensatedSum();
  const dropped = new CompensatedSum();
  const meanLatency = new CompensatedSum();
  const months = Math.max(1, Math.ceil(grid.horizonSeconds / (730 * 3600) - 1e-9));
  const egressByMonth = new Float64Array(months);

  const { steps, stepSeconds } = grid;
  const period = scaler.periodSeconds;
  // Decisions happen every sync period (models.md §1: one HPA sync per 15 s); a longer step is
  // cut at each sync so every decision sees the capacity the previous one produced. Queueing
  // is evaluated once per step, with the step's time-averaged ready servers.
  const syncsPerStep = Math.max(1, Math.ceil(stepSeconds / period - 1e-9));
  const h = stepSeconds / syncsPerStep;
  capacity.start(scaler.initialSize(load[0] ?? 0, perInstance));
  const observation = mutableObservation();
  let nextDecision = 0;
  let backlog = 0;

  // Time the fleet has not been advanced over yet: advancing is deferred while nothing can
  // change (no boot completes, no notice expires, no launch), so a quiet step costs one
  // advance instead of one per sync. A spot interruption drawn inside a deferred interval is
  // delivered at its end, at most one step late.
  // (Inlined rather than a closure: a captured variable holding a double is boxed on every
  // write, which allocated once per step.)
  let pendingFrom = 0;
  let neededInstanceSeconds = 0;

  const lastSyncOffset = (syncsPerStep - 1) * h;
  for (let i = 0; i < steps; i++) {
    const lambda = load[i]!;
    const stepStart = i * stepSeconds;
    const stepEnd = stepStart + stepSeconds;
    let readySeconds = 0;
    // Whether the syncs after the first would all see what the first saw.
    let unchanged = true;
    for (let s = 0; s < syncsPerStep; s++) {
      const now = stepStart + s * h;
      if (capacity.nextEventAt <= now) {
        if (now > pendingFrom) {
          capacity.advance(pendingFrom, now - pendingFrom);
          pendingFrom = now;
        }
        unchanged = false;
      }
      if (now >= nextDecision) {
        // Within a step the load is constant; with no launch made and no boot or notice due
        // before the step ends, the remaining syncs would all see what this step's first sync
        // saw, and the policy can record them in one go.
        if (s > 0 && unchanged && capacity.nextEventAt >= stepEnd && scaler.repeat?.(stepStart + lastSyncOffset)) {
          readySeconds += capacity.readyTotal * (stepEnd - now);
          nextDecision = stepStart + lastSyncOffset + period;
          break;
        }
        const ready = capacity.readyTotal;
        const cap = ready * perInstance;
        observation.now = now;
        observation.current = capacity.current;
        observation.ready = ready;
        observation.booting = capacity.bootingTotal;
        observation.utilization = backlog > 0 ? 1 : cap > 0 ? Math.min(1, lambda / cap) : lambda > 0 ? 1 : 0;
        observation.load = lambda;
        observation.backlog = backlog;
        const desired = scaler.decide(observation);
        if (capacity.wouldChange(desired)) {
          if (now > pendingFrom) {
            capacity.advance(pendingFrom, now - pendingFrom);
            pendingFrom = now;
          }
          capacity.reconcile(now, desired);
          unchanged = false;
        }
        nextDecision += period;
      }
      readySeconds += capacity.readyTotal * h;
    }
    if (stepEnd > pendingFrom) {
      capacity.advance(pendingFrom, stepEnd - pendingFrom);
      pendingFrom = stepEnd;
    }
    // Whole servers: a fraction of the step with one more instance does not add a server.
    const servers = Math.floor((readySeconds / stepSeconds) * spi + 1e-9);
    const cap = servers * mu;
    const arrivals = lambda * stepSeconds;
    arrived.add(arrivals);
    neededInstanceSeconds += arrivals / perInstance;
    let stepServed: number;
    let stepDropped = 0;
    let stepLatency: number;
    let util: number;
    if (backlog <= 0 && lambda < cap) {
      cache.evaluate(law, lambda, servers, service);
      histogram.addResponseTime(law, arrivals);
      stepServed = arrivals;
      stepLatency = arrivals * (law.waitProbability > 0 ? law.waitProbability / law.waitRatePerSecond + service.meanSeconds : service.meanSeconds);
      util = lambda / cap;
    } else {
      // Fluid backlog: dB/dt = λ − cμ, capped at what can drain within maxWait.
      const before = backlog;
      let after = before + (lambda - cap) * stepSeconds;
      if (after < 0) after = 0;
      const limit = (cap > 0 ? cap : lambda) * spec.maxWaitSeconds;
      if (after > limit) {
        stepDropped = after - limit;
        after = limit;
      }
      stepServed = arrivals + before - after - stepDropped;
      stepLatency = 0;
      if (stepServed > 0 && cap > 0) {
        const delay = (before + after) / (2 * cap);
        delays.add(delay, stepServed);
        stepLatency = stepServed * (delay + service.meanSeconds);
      }
      dropped.add(stepDropped);
      backlog = after;
      util = cap > 0 ? 1 : 0;
    }
    served.add(stepServed);
    meanLatency.add(stepLatency);
    if (spec.egressGBPerRequest > 0) {
      const month = Math.min(months - 1, Math.floor(stepStart / (730 * 3600)));
      egressByMonth[month]! += stepServed * spec.egressGBPerRequest;
    }
    if (series) {
      series.mean('load', stepStart, stepSeconds, lambda);
      series.mean('capacity', stepStart, stepSeconds, cap);
      series.mean('instancesOnDemand', stepStart, stepSeconds, capacity.ready[0]!);
      series.mean('instancesSpot', stepStart, stepSeconds, capacity.ready[1]!);
      series.mean('utilization', stepStart, stepSeconds, util);
      if (stepServed > 0) series.weighted('latencyMeanSeconds', stepStart, stepServed, stepLatency / stepServed);
      series.count('dropped', stepStart, stepDropped);
    }
  }

  delays.flushInto(histogram, noWait);
  const servedTotal = served.value;
  const droppedTotal = dropped.value;
  const within = target === undefined ? NaN : histogram.fractionWithin(target) * servedTotal;
  const decided = servedTotal + droppedTotal;
  return {
    arrived: arrived.value,
    served: servedTotal,
    dropped: droppedTotal,
    queuedAtEnd: backlog,
    latencySeconds: {
      p50: histogram.quantileSeconds(0.5),
      p95: histogram.quantileSeconds(0.95),
      p99: histogram.quantileSeconds(0.99),
      mean: servedTotal > 0 ? meanLatency.value / servedTotal : NaN,
    },
    sloAttainment: target === undefined ? NaN : decided > 0 ? within / decided : 1,
    histogram,
    egressGBByMonth: egressByMonth,
    neededInstanceHours: neededInstanceSeconds / 3600,
  };
}
