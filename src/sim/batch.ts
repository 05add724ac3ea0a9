/**
 * Batch jobs on one pool (PRODUCT.md §4 Batch, models.md §4 and §6.2): every batch workload and
 * feature pipeline placed on the pool feeds one FIFO queue, and the pool's vCPUs are shared out
 * in arrival order.
 *
 * - Arrivals: `every` fires at offset, offset + every, …; `cron` at each firing (t = 0 is Monday
 *   2024-01-01 00:00 UTC). Each firing submits `copies` jobs. Jobs arrive at their exact times,
 *   not at the next step.
 * - Allocation: vCPUs = ready instances × vCPUs per instance. Going down the queue, each job gets
 *   min(maxParallelism ?? ∞, vCPUs left), and only if at least 1 vCPU is left, so a younger job
 *   never starts ahead of an older one that gets nothing. Shares are recomputed at every arrival
 *   and completion; the capacity itself only changes at the autoscaler's substep boundaries.
 * - Progress (Amdahl): a job's remaining single-core work T1 falls at S(N) = 1 / ((1 − p) + p/N)
 *   per second while it holds N vCPUs; 100 vCPU-h at p = 1 on 10 vCPUs takes 10 h exactly.
 *   Completions are placed inside the substep, at the moment the work runs out.
 * - Checkpoints: a job records its progress every `checkpointInterval` of its own running time
 *   (time holding vCPUs). When the pool loses spot instances during a substep, every job that
 *   has started and not finished falls back to its last checkpoint (its start if none): the
 *   job's executors are spread over the pool, so one lost node fails the job, as a Spark stage
 *   or a synchronous training run would. The loss is applied at the end of the substep it
 *   happened in. What is redone is counted in `lostWorkVcpuHours` (single-core work, T1 units).
 *   No restart overhead is added beyond that lost work, and scale-in by the autoscaler is
 *   graceful (decommissioned executors lose nothing).
 * - Autoscaling observation, once per sync period: utilization = allocated / ready vCPUs (1 when
 *   a job gets nothing); backlog = outstanding work of queued and running jobs in vCPU-hours
 *   (the KEDA `queue` target is vCPU-hours per instance); load = vCPU demand, Σ over those jobs
 *   of min(maxParallelism ?? pool max vCPUs, pool max vCPUs); neededAtTarget = ceil(demand /
 *   vCPUs per instance). The pool starts at initialSize(0, …) and idles down to `min` (0 is
 *   allowed) through its scaler.
 * - Deadlines count from arrival. A job misses when it completes late, or is still unfinished
 *   at the horizon with its deadline already passed; unfinished jobs whose deadline lies beyond
 *   the horizon are undecided and left out of SLO attainment.
 */
import { cronOrThrow, nextCronSeconds } from '../model/cron.js';
import { CompensatedSum } from '../model/money.js';
import { SECONDS_PER_HOUR } from '../model/time.js';
import type { Capacity } from './capacity.js';
import type { KernelGrid } from './inference.js';
import type { Observation, Scaler } from './scaler.js';
import type { HourlySeries } from './series.js';
import type { BatchScheduleSpec } from './spec.js';

/** One batch workload, or one feature pipeline's refresh jobs. */
export interface BatchJobStream {
  readonly name: string;
  readonly source: 'workload' | 'pipeline';
  /** cron, or every/offset (first job at offset). */
  readonly schedule: BatchScheduleSpec;
  /** Single-core time of one job, T1. */
  readonly workVcpuHours: number;
  /** Compound growth of each job's work per 730 h month (data volumes grow); 0 when absent. */
  readonly workGrowthPerMonth?: number | undefined;
  /** Amdahl p. */
  readonly parallelFraction: number;
  /** vCPUs one job can use. */
  readonly maxParallelism: number | undefined;
  readonly checkpointIntervalSeconds: number | undefined;
  /** From arrival. */
  readonly deadlineSeconds: number | undefined;
  /** Jobs submitted per arrival (feature pipelines without reuse: one per consumer); 1 for workloads. */
  readonly copies: number;
}

export interface BatchStreamResult {
  readonly name: string;
  readonly source: 'workload' | 'pipeline';
  readonly arrived: number;
  readonly completed: number;
  readonly missedDeadline: number;
  readonly unfinishedAtEnd: number;
  /** Arrival → completion, over completed jobs; NaN if none completed. */
  readonly meanRuntimeHours: number;
  /** Per completed job, in completion order. */
  readonly runtimesHours: Float64Array;
  /** Completed within deadline / jobs whose deadline has passed (or that completed); NaN without a deadline. */
  readonly sloAttainment: number;
  /** vCPU-seconds this stream's jobs held, for splitting the pool's bill. */
  readonly vcpuSeconds: number;
  /** Single-core work redone after interruptions. */
  readonly lostWorkVcpuHours: number;
}

/** Arrival times in [0, horizon) of one schedule. */
export function scheduleArrivals(schedule: BatchScheduleSpec, horizonSeconds: number): number[] {
  const times: number[] = [];
  if (schedule.kind === 'every') {
    if (!(schedule.everySeconds > 0)) throw new RangeError(`every must be > 0 s, got ${schedule.everySeconds}`);
    // Multiplying, not adding, keeps a year of arrivals on the exact grid.
    for (let k = 0; ; k++) {
      const t = schedule.offsetSeconds + k * schedule.everySeconds;
      if (t >= horizonSeconds) break;
      if (t >= 0) times.push(t);
    }
    return times;
  }
  const cron = cronOrThrow(schedule.cron);
  // "Strictly after −1 s" includes a firing at t = 0.
  for (let t = nextCronSeconds(cron, -1); t < horizonSeconds; t = nextCronSeconds(cron, t)) times.push(t);
  return times;
}

/** Every job of every stream in queue order: by arrival time, then stream order, then copy. */
function queueOrder(streams: readonly BatchJobStream[], horizonSeconds: number): { stream: Int32Array; arrivalAt: Float64Array } {
  const entries: { t: number; s: number }[] = [];
  streams.forEach((stream, s) => {
    const copies = Math.max(0, Math.floor(stream.copies));
    for (const t of scheduleArrivals(stream.schedule, horizonSeconds)) for (let c = 0; c < copies; c++) entries.push({ t, s });
  });
  // Stable sort: equal times keep stream order, and copies stay together.
  entries.sort((a, b) => a.t - b.t || a.s - b.s);
  const stream = new Int32Array(entries.length);
  const arrivalAt = new Float64Array(entries.length);
  entries.forEach((e, j) => {
    stream[j] = e.s;
    arrivalAt[j] = e.t;
  });
  return { stream, arrivalAt };
}

export function simulateBatchPool(
  streams: readonly BatchJobStream[],
  capacity: Capacity,
  scaler: Scaler,
  grid: KernelGrid,
  series: HourlySeries | undefined,
): { readonly streams: readonly BatchStreamResult[] } {
  const { steps, stepSeconds, horizonSeconds } = grid;
  const vcpuPerInstance = capacity.vcpuPerInstance;
  // Spot losses and the pool's ceiling are only known for cloud pools; on-prem has neither.
  const poolMaxVcpus = Math.max(1, capacity.maxInstances) * vcpuPerInstance;

  // Per stream.
  const m = streams.length;
  const width = new Float64Array(m);
  const serial = new Float64Array(m);
  const parallel = new Float64Array(m);
  const workSeconds = new Float64Array(m);
  const checkpointEvery = new Float64Array(m);
  const deadline = new Float64Array(m);
  const growthPerSecond = new Float64Array(m);
  streams.forEach((s, i) => {
    growthPerSecond[i] = s.workGrowthPerMonth ? Math.log1p(s.workGrowthPerMonth) / (730 * SECONDS_PER_HOUR) : 0;
    width[i] = s.maxParallelism ?? Infinity;
    parallel[i] = s.parallelFraction;
    serial[i] = 1 - s.parallelFraction;
    workSeconds[i] = s.workVcpuHours * SECONDS_PER_HOUR;
    checkpointEvery[i] = s.checkpointIntervalSeconds !== undefined && s.checkpointIntervalSeconds > 0 ? s.checkpointIntervalSeconds : Infinity;
    deadline[i] = s.deadlineSeconds ?? Infinity;
  });

  // Per job, in queue order.
  const jobs = queueOrder(streams, horizonSeconds);
  const n = jobs.arrivalAt.length;
  const jobStream = jobs.stream;
  const arrivalAt = jobs.arrivalAt;
  /** T1 seconds left. */
  const remaining = new Float64Array(n);
  const checkpointRemaining = new Float64Array(n);
  /** Seconds the job has held vCPUs since its start (or the checkpoint it rolled back to). */
  const runSeconds = new Float64Array(n);
  const checkpointRunSeconds = new Float64Array(n);
  const vcpus = new Float64Array(n);
  const speed = new Float64Array(n);
  /** Jobs admitted and not finished, oldest first. */
  const active = new Int32Array(n);
  let activeLen = 0;
  let nextJob = 0;

  // Per-stream outcomes.
  const arrivedCount = new Float64Array(m);
  const completedCount = new Float64Array(m);
  const missedCount = new Float64Array(m);
  const decidedCount = new Float64Array(m);
  const lostSeconds = new Float64Array(m);
  const vcpuSeconds = streams.map(() => new CompensatedSum());
  /** vCPU-seconds each job held, added to its stream's compensated sum when it leaves. */
  const heldSeconds = new Float64Array(n);
  for (let j = 0; j < n; j++) arrivedCount[jobStream[j]!]!++;
  const runtimes = streams.map((_, s) => new Float64Array(arrivedCount[s]!));

  /**
   * FIFO shares always go to a prefix of the queue: once fewer than 1 vCPU is left, every
   * younger job gets nothing. Only that prefix is touched per event, so a long queue of waiting
   * jobs costs nothing per substep; demand and outstanding work are kept as running totals.
   */
  let runningLen = 0;
  let allocatedVcpus = 0;
  let demandVcpus = 0;
  let outstandingSeconds = 0;

  function want(s: number): number {
    return Math.min(width[s]!, poolMaxVcpus);
  }

  function admit(upTo: number): void {
    while (nextJob < n && arrivalAt[nextJob]! <= upTo) {
      const j = nextJob++;
      const s = jobStream[j]!;
      const w = growthPerSecond[s] === 0 ? workSeconds[s]! : workSeconds[s]! * Math.exp(growthPerSecond[s]! * arrivalAt[j]!);
      if (!(w > 0)) {
        complete(j, arrivalAt[j]!);
        continue;
      }
      remaining[j] = w;
      checkpointRemaining[j] = w;
      active[activeLen++] = j;
      demandVcpus += want(s);
      outstandingSeconds += w;
    }
  }

  /**
   * FIFO shares of `readyVcpus`; returns how many jobs (oldest first) get some. With `commit`
   * false it only measures, for the observation.
   */
  function allocate(readyVcpus: number, commit: boolean): number {
    let left = readyVcpus;
    let k = 0;
    for (; k < activeLen && left >= 1; k++) {
      const j = active[k]!;
      const s = jobStream[j]!;
      const give = Math.min(want(s), left);
      left -= give;
      if (commit) {
        vcpus[j] = give;
        speed[j] = give > 0 ? 1 / (serial[s]! + parallel[s]! / give) : 0;
      }
    }
    if (commit) runningLen = k;
    allocatedVcpus = readyVcpus - left;
    if (activeLen === 0) {
      // Exact zeros between jobs, whatever rounding the running totals picked up.
      demandVcpus = 0;
      outstandingSeconds = 0;
    }
    return k;
  }

  /** After allocate() gave `served` jobs a share: 1 when some job gets nothing, else the allocated share. */
  function utilizationOf(readyVcpus: number, served: number): number {
    if (served < activeLen) return 1;
    return readyVcpus > 0 ? allocatedVcpus / readyVcpus : 0;
  }

  function complete(j: number, at: number): void {
    const s = jobStream[j]!;
    const runtime = at - arrivalAt[j]!;
    runtimes[s]![completedCount[s]!] = runtime / SECONDS_PER_HOUR;
    completedCount[s]!++;
    if (deadline[s]! < Infinity) {
      decidedCount[s]!++;
      if (runtime > deadline[s]! * (1 + 1e-12)) missedCount[s]!++;
    }
  }

  /** Runs the jobs holding vCPUs for `dt` at their current shares; finished ones leave the queue. */
  function progress(t: number, dt: number): void {
    let kept = 0;
    for (let k = 0; k < runningLen; k++) {
      const j = active[k]!;
      const r = speed[j]!;
      if (r > 0) {
        const s = jobStream[j]!;
        const before = remaining[j]!;
        if (before <= r * dt * (1 + 1e-12)) {
          const used = before / r;
          vcpuSeconds[s]!.add(heldSeconds[j]! + vcpus[j]! * used);
          outstandingSeconds -= before;
          demandVcpus -= want(s);
          complete(j, t + used);
          continue;
        }
        remaining[j] = before - r * dt;
        outstandingSeconds -= r * dt;
        heldSeconds[j]! += vcpus[j]! * dt;
        const t0 = runSeconds[j]!;
        const t1 = t0 + dt;
        runSeconds[j] = t1;
        const tau = checkpointEvery[s]!;
        if (tau < Infinity) {
          const lastMark = Math.floor(t1 / tau) * tau;
          if (lastMark > checkpointRunSeconds[j]!) {
            checkpointRemaining[j] = before - r * Math.max(0, lastMark - t0);
            checkpointRunSeconds[j] = lastMark;
          }
        }
      }
      active[kept++] = j;
    }
    if (kept < runningLen) {
      active.copyWithin(kept, runningLen, activeLen);
      activeLen -= runningLen - kept;
      runningLen = kept;
    }
  }

  function rollBack(): void {
    for (let k = 0; k < activeLen; k++) {
      const j = active[k]!;
      const lost = checkpointRemaining[j]! - remaining[j]!;
      if (lost > 0) {
        lostSeconds[jobStream[j]!]! += lost;
        outstandingSeconds += lost;
      }
      remaining[j] = checkpointRemaining[j]!;
      runSeconds[j] = checkpointRunSeconds[j]!;
    }
  }

  const period = scaler.periodSeconds;
  const subSteps = Math.max(1, Math.ceil(stepSeconds / period - 1e-9));
  const h = stepSeconds / subSteps;
  capacity.start(scaler.initialSize(0, vcpuPerInstance));
  let nextDecision = 0;
  // Reused at every decision: the scalers read it and keep nothing of it.
  const observation: { -readonly [K in keyof Observation]: Observation[K] } = { now: 0, current: 0, ready: 0, booting: 0, utilization: 0, load: 0, backlog: 0, neededAtTarget: NaN };

  for (let i = 0; i < steps; i++) {
    let stepRunning = 0;
    let stepUtil = 0;
    let stepDemand = 0;
    let stepReady = 0;
    for (let sub = 0; sub < subSteps; sub++) {
      const now = i * stepSeconds + sub * h;
      admit(now);
      if (now >= nextDecision) {
        const ready = capacity.readyTotal * vcpuPerInstance;
        const served = allocate(ready, false);
        observation.now = now;
        observation.current = capacity.current;
        observation.ready = capacity.readyTotal;
        observation.booting = capacity.bootingTotal;
        observation.utilization = utilizationOf(ready, served);
        observation.load = demandVcpus;
        observation.backlog = Math.max(0, outstandingSeconds) / SECONDS_PER_HOUR;
        observation.neededAtTarget = Math.ceil(demandVcpus / vcpuPerInstance - 1e-9);
        capacity.reconcile(now, scaler.decide(observation));
        nextDecision += period;
      }
      const readyVcpus = capacity.readyTotal * vcpuPerInstance;
      const interruptedBefore = capacity.interruptedInstances;

      // Events inside the substep: arrivals and completions; shares change only at those.
      const end = now + h;
      let t = now;
      for (;;) {
        admit(t);
        allocate(readyVcpus, true);
        // The next event time is kept exact (not t + dt) so an arrival is admitted at its time.
        let until = end;
        if (nextJob < n && arrivalAt[nextJob]! < until) until = arrivalAt[nextJob]!;
        let dt = until - t;
        for (let k = 0; k < runningLen; k++) {
          const j = active[k]!;
          const r = speed[j]!;
          const finish = r > 0 ? remaining[j]! / r : Infinity;
          if (finish < dt) {
            dt = finish;
            until = t + finish;
          }
        }
        stepRunning += runningLen * dt;
        stepUtil += utilizationOf(readyVcpus, runningLen) * dt;
        stepDemand += demandVcpus * dt;
        if (runningLen > 0) progress(t, dt);
        if (until === end) break;
        t = until;
      }
      stepReady += readyVcpus * h;

      capacity.advance(now, h);
      if (capacity.interruptedInstances > interruptedBefore) rollBack();
    }
    if (series) {
      const t = i * stepSeconds;
      series.mean('jobsRunning', t, stepSeconds, stepRunning / stepSeconds);
      series.mean('load', t, stepSeconds, stepDemand / stepSeconds);
      series.mean('capacity', t, stepSeconds, stepReady / stepSeconds);
      series.mean('instancesOnDemand', t, stepSeconds, capacity.ready[0]!);
      series.mean('instancesSpot', t, stepSeconds, capacity.ready[1]!);
      series.mean('utilization', t, stepSeconds, stepUtil / stepSeconds);
    }
  }

  // Jobs still queued or running at the horizon; a passed deadline is a miss.
  const unfinished = new Float64Array(m);
  for (let k = 0; k < activeLen; k++) {
    const j = active[k]!;
    const s = jobStream[j]!;
    unfinished[s]!++;
    vcpuSeconds[s]!.add(heldSeconds[j]!);
    if (arrivalAt[j]! + deadline[s]! <= horizonSeconds) {
      decidedCount[s]!++;
      missedCount[s]!++;
    }
  }

  return {
    streams: streams.map((stream, s): BatchStreamResult => {
      const completed = completedCount[s]!;
      const times = runtimes[s]!.slice(0, completed);
      let sum = 0;
      for (let k = 0; k < times.length; k++) sum += times[k]!;
      const decided = decidedCount[s]!;
      return {
        name: stream.name,
        source: stream.source,
        arrived: arrivedCount[s]!,
        completed,
        missedDeadline: missedCount[s]!,
        unfinishedAtEnd: unfinished[s]!,
        meanRuntimeHours: completed > 0 ? sum / completed : NaN,
        runtimesHours: times,
        sloAttainment: stream.deadlineSeconds === undefined ? NaN : decided > 0 ? (decided - missedCount[s]!) / decided : 1,
        vcpuSeconds: vcpuSeconds[s]!.value,
        lostWorkVcpuHours: lostSeconds[s]! / SECONDS_PER_HOUR,
      };
    }),
  };
}
