/**
 * One inference workload on its pool, request by request: the event loop of the reference.
 *
 * - Arrivals: Poisson with the step's rate (noise applied exactly as the engine does), or the
 *   recorded arrival times of an event trace.
 * - One FIFO line feeds every server of every serving instance (ready, or spot under notice).
 * - maxWait: a request is dropped when it reaches the head of the line having waited longer
 *   than maxWait (since it joined the line). In a FIFO line this drops exactly the requests
 *   that would have abandoned at their deadline: the set served is the same, only the instant
 *   a drop is counted differs. At the horizon, requests still in line that have already waited
 *   longer are counted as dropped; the rest are reported as queued at the end.
 * - Spot loss: requests in service on a lost instance are retried: back to the head of the
 *   line, keeping their arrival time (their latency includes the lost work) with a fresh
 *   maxWait clock. They are counted in `retried`; a retried request is served or dropped once.
 * - Autoscaling: the pool's own policy object (`createScaler`) decides every sync period from
 *   t = period on (the first sync needs a full window to measure). By default it observes
 *   utilization as busy server-seconds ÷ serving server-seconds over the last sync period (what
 *   a metrics pipeline averaging CPU over the window would report; 1 when no server served and
 *   work waited), the measured arrival rate over that period as the load, and the line's
 *   length as the backlog. Launched instances serve after bootTime; scale-in drains (see
 *   InstanceFleet).
 * - The horizon ends arrivals, syncs and spot events; requests in service then complete and
 *   are counted with their latency. Billing stops at the horizon (InstanceBill).
 */
import { onPremCostUsd } from '../../model/billing/index.js';
import { LatencyHistogram } from '../../model/histogram.js';
import { CompensatedSum } from '../../model/money.js';
import { streamFor } from '../../model/prng.js';
import { SECONDS_PER_HOUR } from '../../model/time.js';
import { createScaler, mutableObservation } from '../scaler.js';
import type { AutoscalingSpec, InferenceSpec, PoolSpec } from '../spec.js';
import { poissonArrivals, traceArrivals } from './arrivals.js';
import { EventQueue } from './event-queue.js';
import { EventKind } from './event-kind.js';
import { billInstanceRuns, type ReferenceBill } from './instance-bill.js';
import { fleetPolicy, InstanceFleet, type FleetPolicy } from './instance-fleet.js';
import { OfferedLoadMetric } from './offered-metric.js';
import { RequestQueue } from './request-queue.js';
import { serviceSampler } from './service-sampler.js';

export interface PoolSimulationInput {
  readonly pool: PoolSpec;
  readonly workload: InferenceSpec;
  /** Arrival rate per step (req/s), noise already applied. */
  readonly ratePerStep: Float64Array;
  readonly stepSeconds: number;
  readonly horizonSeconds: number;
  readonly seed: number;
  readonly runIndex: number;
  /** Exact arrival times (seconds from t = 0, ascending); replaces the Poisson draws. */
  readonly arrivalTimesSeconds?: Float64Array | undefined;
  /** What the autoscaler observes as utilization (see AutoscalerMetric). */
  readonly autoscalerMetric: AutoscalerMetric;
}

/**
 * - `measured`: busy server-seconds ÷ serving server-seconds over the last sync period, what a
 *   metrics pipeline averaging CPU over the window reports, sampling noise included.
 * - `offered`: the engine's noise-free inputs recomputed on the reference's capacity (offered
 *   load λ / cμ, 1 while the engine's fluid backlog exists, and that backlog; OfferedLoadMetric).
 *   Running both separates what the autoscaler's view of the load changes from what the
 *   engine's time steps and queueing model change.
 */
export type AutoscalerMetric = 'measured' | 'offered';

export interface ReferenceWorkloadResult {
  readonly name: string;
  readonly pool: string;
  readonly arrived: number;
  readonly served: number;
  readonly dropped: number;
  /** Requests killed by a spot loss and put back in line (each also counts once as served or dropped). */
  readonly retried: number;
  readonly queuedAtEnd: number;
  readonly latencySeconds: { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number };
  /** Share of decided requests (served + dropped) served within the SLO latency; NaN without an SLO. */
  readonly sloAttainment: number;
  readonly histogram: LatencyHistogram;
}

export interface ReferencePoolResult {
  readonly name: string;
  readonly bill: ReferenceBill;
  readonly peakInstances: number;
  readonly launches: number;
  readonly interruptionEvents: number;
  readonly interruptedInstances: number;
  /** Busy ÷ serving server-seconds over the horizon. */
  readonly utilization: number;
  /** Events the loop processed: the reference's unit of work (bench). */
  readonly events: number;
}

export function simulatePoolRequests(input: PoolSimulationInput): { workload: ReferenceWorkloadResult; pool: ReferencePoolResult } {
  const { pool, workload, ratePerStep, stepSeconds, horizonSeconds: horizon, seed, runIndex } = input;
  const events = new EventQueue();
  const line = new RequestQueue();
  const spi = workload.serversPerInstance;
  const sample = serviceSampler(workload.route, streamFor(seed, runIndex, `reference-service:${workload.name}`));
  const arrivals = input.arrivalTimesSeconds
    ? traceArrivals(input.arrivalTimesSeconds, horizon)
    : poissonArrivals(ratePerStep, stepSeconds, horizon, streamFor(seed, runIndex, `reference-arrivals:${workload.name}`));
  const cloud = pool.kind === 'cloud';
  const fleet = new InstanceFleet(
    cloud ? fleetPolicy(pool) : fixedPolicy(),
    spi,
    events,
    streamFor(seed, runIndex, `spot:${pool.name}`),
    seed,
    runIndex,
    pool.name,
  );
  const scaler = createScaler(cloud ? pool.autoscaling : staticSpec(), cloud ? pool.count : pool.nodes, cloud ? pool.bootTimeSeconds : 0);
  const meanServiceSeconds = meanService(workload);
  fleet.start(scaler.initialSize(ratePerStep[0] ?? 0, spi / meanServiceSeconds));

  const histogram = new LatencyHistogram({ maxSeconds: Math.max(3600, workload.maxWaitSeconds * 4) });
  const latencySum = new CompensatedSum();
  const maxWait = workload.maxWaitSeconds;
  let arrived = 0;
  let served = 0;
  let dropped = 0;
  let retried = 0;
  let arrivedInWindow = 0;
  let processed = 0;
  const servers = fleet.servers;

  const start = (now: number, arrivedAt: number) => {
    const s = servers.peekFree();
    const token = fleet.occupy(s, now, arrivedAt);
    events.push(now + sample(), EventKind.Departure, EventKind.Departure, s, token);
  };
  const dispatch = (now: number) => {
    while (line.length > 0 && servers.freeCount > 0) {
      const arrivedAt = line.headArrivedAt;
      const waited = now - line.headQueuedAt;
      line.shift();
      if (waited > maxWait) dropped++;
      else start(now, arrivedAt);
    }
  };
  const retry = (arrivedAt: number) => {
    retried++;
    retryAt.push(arrivedAt);
  };
  const retryAt: number[] = [];

  const measuredUtilization = (busySeconds: number, servingSeconds: number) =>
    servingSeconds > 0 ? Math.min(1, busySeconds / servingSeconds) : arrivedInWindow > 0 || line.length > 0 ? 1 : 0;
  const offered = new OfferedLoadMetric(ratePerStep, stepSeconds, maxWait);
  const capacityChanged = (now: number) => offered.setCapacity(now, servers.serving / meanServiceSeconds);
  capacityChanged(0);
  const useOffered = input.autoscalerMetric === 'offered';

  const firstArrival = arrivals.next(0);
  if (firstArrival < horizon) events.push(firstArrival, EventKind.Arrival, EventKind.Arrival);
  const period = scaler.periodSeconds;
  if (period < horizon) events.push(period, EventKind.Sync, EventKind.Sync);
  const observation = mutableObservation();

  while (events.length > 0 && events.peekTime() < horizon) {
    const slot = events.pop();
    const now = events.time(slot);
    const kind = events.kind(slot);
    const a = events.a(slot);
    const b = events.b(slot);
    processed++;
    switch (kind) {
      case EventKind.Arrival: {
        arrived++;
        arrivedInWindow++;
        if (servers.freeCount > 0 && line.length === 0) start(now, now);
        else {
          line.pushBack(now, now);
          dispatch(now);
        }
        const next = arrivals.next(now);
        if (next < horizon) events.push(next, EventKind.Arrival, EventKind.Arrival);
        break;
      }
      case EventKind.Departure: {
        if (servers.tokenOf(a) !== b) break; // killed by a spot loss
        const latency = now - servers.arrivedAtOf(a);
        histogram.addPoint(latency);
        latencySum.add(latency);
        served++;
        if (fleet.release(a, now)) dispatch(now);
        break;
      }
      case EventKind.BootDone:
        if (fleet.bootDone(a, now)) {
          capacityChanged(now);
          dispatch(now);
        }
        break;
      case EventKind.SpotLoss:
        fleet.lose(a, now, retry);
        // Retried requests go back to the head of the line, in the order they had arrived.
        retryAt.sort((x, y) => y - x);
        for (const t of retryAt) line.pushFront(t, now);
        retryAt.length = 0;
        capacityChanged(now);
        dispatch(now);
        break;
      case EventKind.SpotInterruption:
        fleet.interrupt(now, b);
        break;
      case EventKind.Sync: {
        const window = fleet.takeWindow(now);
        observation.now = now;
        observation.current = fleet.current;
        observation.ready = fleet.readyTotal;
        observation.booting = fleet.bootingTotal;
        observation.utilization = useOffered ? offered.utilization(now) : measuredUtilization(window.busySeconds, window.servingSeconds);
        observation.load = useOffered ? offered.rate(now) : arrivedInWindow / period;
        observation.backlog = useOffered ? offered.backlog(now) : line.length;
        observation.neededAtTarget = NaN;
        arrivedInWindow = 0;
        fleet.reconcile(now, scaler.decide(observation));
        capacityChanged(now);
        dispatch(now);
        if (now + period < horizon) events.push(now + period, EventKind.Sync, EventKind.Sync);
        break;
      }
    }
  }

  const utilization = fleet.utilizationSoFar(horizon);
  // After the horizon: requests in service complete; nothing new starts.
  while (events.length > 0) {
    const slot = events.pop();
    if (events.kind(slot) !== EventKind.Departure) continue;
    const s = events.a(slot);
    if (servers.tokenOf(s) !== events.b(slot)) continue;
    const latency = events.time(slot) - servers.arrivedAtOf(s);
    histogram.addPoint(latency);
    latencySum.add(latency);
    served++;
    processed++;
  }
  const expired = line.countQueuedBefore(horizon - maxWait);
  dropped += expired;
  const queuedAtEnd = line.length - expired;

  const target = workload.slo?.latencySeconds;
  const decided = served + dropped;
  const within = target === undefined ? NaN : histogram.fractionWithin(target) * served;
  return {
    workload: {
      name: workload.name,
      pool: pool.name,
      arrived,
      served,
      dropped,
      retried,
      queuedAtEnd,
      latencySeconds: {
        p50: histogram.quantileSeconds(0.5),
        p95: histogram.quantileSeconds(0.95),
        p99: histogram.quantileSeconds(0.99),
        mean: served > 0 ? latencySum.value / served : NaN,
      },
      sloAttainment: target === undefined ? NaN : decided > 0 ? within / decided : 1,
      histogram,
    },
    pool: {
      name: pool.name,
      bill: cloud ? billInstanceRuns(pool, fleet.runs(), horizon) : onPremBill(pool, horizon),
      peakInstances: fleet.peakInstances,
      launches: fleet.launches,
      interruptionEvents: fleet.interruptionEvents,
      interruptedInstances: fleet.interruptedInstances,
      utilization,
      events: processed,
    },
  };
}

/** Mean service time of a route (a cascade adds the second model for the escalated share). */
function meanService(w: InferenceSpec): number {
  const r = w.route;
  return r.kind === 'single' ? r.model.serviceSeconds : r.first.serviceSeconds + r.escalate * r.second.serviceSeconds;
}

function fixedPolicy(): FleetPolicy {
  return { bootTimeSeconds: 0, onDemandBase: 0, spotShare: 0, spotFallback: 'none', interruptionsPerMonth: 0, noticeSeconds: 0, correlation: 0, rebalanceAfterSeconds: 0 };
}

function onPremBill(pool: Extract<PoolSpec, { kind: 'on-prem' }>, horizonSeconds: number): ReferenceBill {
  const hours = horizonSeconds / SECONDS_PER_HOUR;
  const usd = onPremCostUsd(pool.cost, 0, hours);
  return { onDemandUsd: 0, spotUsd: 0, committedUsedUsd: 0, committedUnusedUsd: 0, totalUsd: usd, onDemandInstanceHours: pool.nodes * hours, spotInstanceHours: 0 };
}

/** On-prem pools never change size (the engine runs them with a static policy too). */
function staticSpec(): AutoscalingSpec {
  return {
    policy: 'static',
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    syncPeriodSeconds: 60,
    tolerance: 0,
    scaleDownStabilizationSeconds: 0,
    scaleUpStabilizationSeconds: 0,
    targetUtilization: undefined,
    targetLagSeconds: undefined,
    targetBacklogPerInstance: undefined,
    cooldownSeconds: 0,
    step: undefined,
    schedule: undefined,
    forecast: undefined,
  };
}
