/**
 * The instances of one pool as individuals, each with its own servers, for the request-level
 * reference. The purchase-mix and replacement rules are the engine's (src/sim/fleet.ts), so that
 * the two simulators differ in how they model time and queues, not in policy (one exception,
 * rebalancing, below):
 * - `reconcile` launches the purchase mix (first `onDemandBase` on-demand, `spotShare` of the rest
 *   spot) or terminates booting instances first (newest first), then ready ones from the option
 *   most over its share; after an interruption, fallback on-demand is swapped back to spot once
 *   `rebalanceAfterSeconds` have passed and nothing is booting.
 * - Spot interruptions are events of a Poisson process per pool, exposure ÷ event size, drawn
 *   from the engine's own stream (SpotHazard).
 * - A notice takes ready, un-noticed spot instances, chosen uniformly at random (a separate
 *   stream, so the engine's draws stay aligned). Noticed instances keep serving until the loss;
 *   with `spotFallback: on-demand` replacements launch at the notice.
 * - Rebalancing follows the engine's stated intent: the spot launched to replace fallback
 *   on-demand is held while it boots (the surplus it creates is not terminated), and the
 *   on-demand is terminated once it is ready. (The engine's terminate() removes booting
 *   instances first, so its next reconcile cancels the swap whenever bootTime exceeds the sync
 *   period; see docs/FIDELITY.md.)
 *
 * What the engine cannot do and the reference does:
 * - Scale-in never kills a busy server first: among the instances of the option to remove, idle
 *   ones go first (then the newest). A chosen instance that is still busy drains: it takes no new
 *   work, is no longer counted by the autoscaler, and ends (stops billing) when its last request
 *   completes.
 * - A spot loss kills the requests in service on that instance; `lose` hands each back to the
 *   caller (who retries it).
 */
import { streamFor, type Sfc32 } from '../../model/prng.js';
import type { CloudPoolSpec } from '../spec.js';
import type { EventQueue } from './event-queue.js';
import { EventKind } from './event-kind.js';
import { ON_DEMAND, SPOT, type InstanceRuns } from './instance-bill.js';
import { BOOTING, DRAINING, InstanceTable, NOTICED, READY } from './instance-table.js';
import { ServerSet } from './server-set.js';
import { SpotHazard } from './spot-hazard.js';

/** The fleet-level policy of a pool; on-prem pools are a fixed size with no spot. */
export interface FleetPolicy {
  readonly bootTimeSeconds: number;
  readonly onDemandBase: number;
  /** 0 when the pool cannot buy spot (no spot price, or spotShare 0). */
  readonly spotShare: number;
  readonly spotFallback: 'on-demand' | 'none';
  readonly interruptionsPerMonth: number;
  readonly noticeSeconds: number;
  readonly correlation: number;
  readonly rebalanceAfterSeconds: number;
}

export function fleetPolicy(pool: CloudPoolSpec): FleetPolicy {
  const spotPossible = pool.instance.spotUsdPerHour !== null && pool.purchase.spotShare > 0;
  return {
    bootTimeSeconds: pool.bootTimeSeconds,
    onDemandBase: pool.purchase.onDemandBase,
    spotShare: spotPossible ? pool.purchase.spotShare : 0,
    spotFallback: pool.purchase.spotFallback,
    interruptionsPerMonth: pool.spot.interruptionsPerMonth,
    noticeSeconds: pool.spot.noticeSeconds,
    correlation: pool.spot.correlation,
    rebalanceAfterSeconds: pool.spot.rebalanceAfterSeconds,
  };
}

export class InstanceFleet {
  readonly serversPerInstance: number;
  readonly servers: ServerSet;
  /** Ready instances per option, spot under notice included (they still serve). */
  readonly ready = new Float64Array(2);
  readonly booting = new Float64Array(2);
  noticed = 0;
  interruptionEvents = 0;
  interruptedInstances = 0;
  launches = 0;
  peakInstances = 0;

  private readonly policy: FleetPolicy;
  private readonly events: EventQueue;
  private readonly victims: Sfc32;
  private readonly table = new InstanceTable();
  /** Swap-in spot instances still booting (their surplus is held, not terminated). */
  private swapsBooting = 0;
  private fallbackOnDemand = 0;
  private lastInterruptionAt = -Infinity;

  private readonly hazard: SpotHazard;

  // Utilization bookkeeping: ∫ busy servers dt and ∫ serving servers dt over ready instances.
  private accountedAt = 0;
  private busyIntegral = 0;
  private servingIntegral = 0;
  private windowBusy = 0;
  private windowServing = 0;

  constructor(policy: FleetPolicy, serversPerInstance: number, events: EventQueue, spotRng: Sfc32, seed: number, runIndex: number, poolName: string) {
    if (!(Number.isInteger(serversPerInstance) && serversPerInstance >= 1)) {
      throw new RangeError(`serversPerInstance must be a whole number ≥ 1 (got ${serversPerInstance})`);
    }
    this.policy = policy;
    this.serversPerInstance = serversPerInstance;
    this.servers = new ServerSet(serversPerInstance);
    this.events = events;
    this.victims = streamFor(seed, runIndex, `reference-victims:${poolName}`);
    this.hazard = new SpotHazard(policy.spotShare > 0 ? policy.interruptionsPerMonth : 0, policy.correlation, spotRng, events);
  }

  /** Running instances (ready + booting): what the autoscaler sees as current. */
  get current(): number {
    return this.ready[ON_DEMAND]! + this.ready[SPOT]! + this.booting[ON_DEMAND]! + this.booting[SPOT]!;
  }
  get readyTotal(): number {
    return this.ready[ON_DEMAND]! + this.ready[SPOT]!;
  }
  get bootingTotal(): number {
    return this.booting[ON_DEMAND]! + this.booting[SPOT]!;
  }

  /** The instance runs so far, for billing. */
  runs(): InstanceRuns {
    return this.table.runs();
  }

  spotTarget(total: number): number {
    if (this.policy.spotShare <= 0) return 0;
    return Math.round(Math.max(0, total - this.policy.onDemandBase) * this.policy.spotShare);
  }

  /** `size` instances ready at t = 0, already running before the horizon (no billing correction). */
  start(size: number): void {
    const spot = this.spotTarget(size);
    for (let k = 0; k < size; k++) {
      const i = this.table.create(k < spot ? SPOT : ON_DEMAND, 0, READY, 1);
      this.ready[this.table.option[i]!]!++;
      this.servers.addInstance(i);
    }
    this.peakInstances = size;
    this.hazard.update(0, this.exposed());
  }

  // ------------------------------------------------------------------- requests on servers

  /** Marks `server` busy; returns the token its completion event must carry. */
  occupy(server: number, now: number, arrivedAtSeconds: number): number {
    this.account(now);
    const i = this.servers.instanceOf(server);
    this.table.busyServers[i]!++;
    return this.servers.occupy(server, arrivedAtSeconds);
  }

  /**
   * A request on `server` completed. Returns true when the server is free for the next request
   * (false when its instance is draining; the last completion ends a draining instance).
   */
  release(server: number, now: number): boolean {
    this.account(now);
    const i = this.servers.instanceOf(server);
    this.table.busyServers[i]!--;
    if (this.table.state[i] === DRAINING) {
      this.servers.vacate(server, false);
      if (this.table.busyServers[i] === 0) this.table.end(i, now, false);
      return false;
    }
    this.servers.vacate(server, true);
    return true;
  }

  /** Busy and serving server-seconds since the last call (the autoscaler's sync window). */
  takeWindow(now: number): { busySeconds: number; servingSeconds: number } {
    this.account(now);
    const w = { busySeconds: this.busyIntegral - this.windowBusy, servingSeconds: this.servingIntegral - this.windowServing };
    this.windowBusy = this.busyIntegral;
    this.windowServing = this.servingIntegral;
    return w;
  }

  /** Busy ÷ serving server-seconds from t = 0 to `now`: the run's mean utilization. */
  utilizationSoFar(now: number): number {
    this.account(now);
    return this.servingIntegral > 0 ? this.busyIntegral / this.servingIntegral : 0;
  }

  // ------------------------------------------------------------------------------ events

  /** A boot completed: its servers start taking work. False if it was terminated meanwhile. */
  bootDone(i: number, now: number): boolean {
    if (this.table.state[i] !== BOOTING) return false;
    this.account(now);
    const option = this.table.option[i]!;
    this.table.state[i] = READY;
    if (this.table.swapping[i] === 1) {
      this.table.swapping[i] = 0;
      this.swapsBooting--;
    }
    this.booting[option]!--;
    this.ready[option]!++;
    this.servers.addInstance(i);
    return true;
  }

  /** A noticed spot instance is reclaimed; `retry(arrivedAt)` gets each request it was serving. */
  lose(i: number, now: number, retry: (arrivedAtSeconds: number) => void): void {
    if (this.table.state[i] !== NOTICED) return;
    this.account(now);
    this.servers.removeInstance(i, retry);
    this.table.busyServers[i] = 0;
    this.ready[SPOT]!--;
    this.noticed--;
    this.interruptedInstances++;
    this.table.end(i, now, true);
  }

  /** The hazard reached its threshold (stale events carry an old generation and are ignored). */
  interrupt(now: number, generation: number): void {
    if (!this.hazard.fire(now, generation)) return;
    const exposed = this.exposed();
    if (exposed > 0) this.notice(now, this.hazard.eventSize(exposed));
    this.hazard.update(now, this.exposed(), true);
  }

  // --------------------------------------------------------------------------- scaling

  /** Launches or terminates so that running capacity, spot under notice aside, equals `desired`. */
  reconcile(now: number, desired: number): void {
    const effective = this.current - this.noticed;
    if (desired === effective && this.fallbackOnDemand === 0) return;
    if (desired > effective) {
      this.launchMix(now, desired - effective, desired);
    } else if (desired < effective) {
      this.terminate(now, effective - desired, desired);
    } else if (this.fallbackOnDemand > 0 && now - this.lastInterruptionAt >= this.policy.rebalanceAfterSeconds && this.bootingTotal === 0) {
      const swap = Math.min(this.fallbackOnDemand, this.ready[ON_DEMAND]!);
      this.fallbackOnDemand = 0;
      if (swap > 0) this.launch(now, SPOT, swap, true);
    }
    this.hazard.update(now, this.exposed());
  }

  private launchMix(now: number, count: number, desiredTotal: number): void {
    const spotHave = this.ready[SPOT]! + this.booting[SPOT]! - this.noticed;
    const spot = Math.max(0, Math.min(count, this.spotTarget(desiredTotal) - spotHave));
    if (spot > 0) this.launch(now, SPOT, spot);
    if (count - spot > 0) this.launch(now, ON_DEMAND, count - spot);
  }

  private launch(now: number, option: number, n: number, swap = false): void {
    for (let k = 0; k < n; k++) {
      const i = this.table.create(option, now, BOOTING, 0);
      this.booting[option]!++;
      if (swap) {
        this.table.swapping[i] = 1;
        this.swapsBooting++;
      }
      this.events.push(now + this.policy.bootTimeSeconds, EventKind.BootDone, EventKind.BootDone, i);
    }
    this.launches += n;
    if (this.current > this.peakInstances) this.peakInstances = this.current;
  }

  private terminate(now: number, n: number, desiredTotal: number): void {
    // The surplus a rebalancing swap creates while its spot boots is held, not terminated.
    let left = n - Math.min(n, this.swapsBooting);
    if (left <= 0) return;
    // Booting instances first, newest first (as the engine's boot pipeline).
    const t = this.table;
    const bootingNewestFirst = t
      .select(BOOTING)
      .filter((i) => t.swapping[i] === 0)
      .sort((a, b) => t.launchedAt[b]! - t.launchedAt[a]! || b - a);
    for (const i of bootingNewestFirst) {
      if (left <= 0) break;
      this.booting[t.option[i]!]!--;
      t.end(i, now, false);
      left--;
    }
    if (left <= 0) return;
    const spotFree = this.ready[SPOT]! - this.noticed;
    const fromSpot = Math.min(left, Math.max(0, spotFree - this.spotTarget(desiredTotal)));
    const fromOd = Math.min(left - fromSpot, this.ready[ON_DEMAND]!);
    const rest = Math.min(left - fromSpot - fromOd, spotFree - fromSpot);
    if (fromOd > 0) {
      this.retire(now, ON_DEMAND, fromOd);
      this.fallbackOnDemand = Math.max(0, this.fallbackOnDemand - fromOd);
    }
    if (fromSpot + rest > 0) this.retire(now, SPOT, fromSpot + rest);
  }

  /** Takes `n` ready (un-noticed) instances of `option` out of service: idle ones first, then the newest. */
  private retire(now: number, option: number, n: number): void {
    const t = this.table;
    const candidates = t.select(READY, option).sort((a, b) => t.busyServers[a]! - t.busyServers[b]! || t.launchedAt[b]! - t.launchedAt[a]! || b - a);
    this.account(now);
    for (let k = 0; k < n && k < candidates.length; k++) {
      const i = candidates[k]!;
      this.ready[option]!--;
      this.servers.removeInstance(i, undefined);
      if (t.busyServers[i]! > 0) t.state[i] = DRAINING;
      else t.end(i, now, false);
    }
  }

  private notice(now: number, take: number): void {
    this.interruptionEvents++;
    this.lastInterruptionAt = now;
    // Booting spot cannot be noticed in the engine's model either: ready ones only.
    const candidates = this.table.select(READY, SPOT);
    const n = Math.min(take, candidates.length);
    for (let k = 0; k < n; k++) {
      const j = k + Math.floor(this.victims.nextFloat() * (candidates.length - k));
      const i = candidates[j]!;
      candidates[j] = candidates[k]!;
      candidates[k] = i;
      this.table.state[i] = NOTICED;
      this.noticed++;
      this.events.push(now + this.policy.noticeSeconds, EventKind.SpotLoss, EventKind.SpotLoss, i);
    }
    if (this.policy.spotFallback === 'on-demand' && n > 0) {
      this.launch(now, ON_DEMAND, n);
      this.fallbackOnDemand += n;
    }
  }

  // ----------------------------------------------------------------------------- internals

  private exposed(): number {
    return this.ready[SPOT]! + this.booting[SPOT]! - this.noticed;
  }

  /** Adds the busy and serving server-seconds since the last change. */
  private account(now: number): void {
    const dt = now - this.accountedAt;
    if (dt > 0) {
      this.busyIntegral += this.servers.busyServing * dt;
      this.servingIntegral += this.servers.serving * dt;
      this.accountedAt = now;
    }
  }
}
