/**
 * The instances of one cloud pool, as counts: ready or booting, on-demand or spot. It launches
 * and terminates instances to follow a desired size with the purchase mix (the first
 * `onDemandBase` on-demand, `spotShare` of the rest spot), delivers spot interruptions
 * (notice, then loss, then a replacement per `spotFallback`), and bills every instance-second
 * from launch (EC2 bills the boot too) through the hourly biller.
 *
 * Counts, not instance objects: the engine's per-step loop touches a handful of numbers. What
 * billing needs per instance (the 60 s minimum for short runs, the AWS first-hour spot refund)
 * is kept per launch cohort for the last hour only, which is the only age at which it matters.
 */
import { emptyHourCost, HourlyBiller, runEndAdjustmentSeconds, type HourCost } from '../model/billing/index.js';
import { CompensatedSum } from '../model/money.js';
import type { Sfc32 } from '../model/prng.js';
import { SECONDS_PER_HOUR, SECONDS_PER_MONTH } from '../model/time.js';
import type { CloudPoolSpec } from './spec.js';

const ON_DEMAND = 0;
const SPOT = 1;

/** Launch cohorts younger than this still matter for billing adjustments. */
const COHORT_MEMORY_SECONDS = SECONDS_PER_HOUR;
const MAX_COHORTS = 4096;
const MAX_BOOTS = 4096;
const MAX_NOTICES = 256;

export interface FleetTotals {
  onDemandUsd: number;
  spotUsd: number;
  committedUsedUsd: number;
  committedUnusedUsd: number;
  totalUsd: number;
  onDemandInstanceHours: number;
  spotInstanceHours: number;
  /** Spot instances lost to interruptions. */
  interruptedInstances: number;
  interruptionEvents: number;
  peakInstances: number;
  launches: number;
}

export class Fleet {
  readonly spec: CloudPoolSpec;
  /** Ready instances per option, including spot instances under notice (they still serve). */
  readonly ready = new Float64Array(2);
  readonly booting = new Float64Array(2);
  /** Spot instances that received a notice and will be lost. */
  noticed = 0;

  // Boot pipeline, FIFO (boot time is the same for every launch).
  private readonly bootAt = new Float64Array(MAX_BOOTS);
  private readonly bootCount = new Float64Array(MAX_BOOTS);
  private readonly bootOption = new Uint8Array(MAX_BOOTS);
  /** 1 for spot launched to replace fallback on-demand: not capacity the pool asked for. */
  private readonly bootSwap = new Uint8Array(MAX_BOOTS);
  /** Spot instances booting as swaps; the on-demand they replace goes once they are ready. */
  private swapBooting = 0;
  private bootHead = 0;
  private bootLen = 0;

  // Pending losses after a notice, FIFO.
  private readonly lossAt = new Float64Array(MAX_NOTICES);
  private readonly lossCount = new Float64Array(MAX_NOTICES);
  private lossHead = 0;
  private lossLen = 0;

  // Launch cohorts of the last hour: when, how many of each option are still running.
  private readonly cohortAt = new Float64Array(MAX_COHORTS);
  private readonly cohortOd = new Float64Array(MAX_COHORTS);
  private readonly cohortSpot = new Float64Array(MAX_COHORTS);
  private cohortHead = 0;
  private cohortLen = 0;

  // Spot interruptions: cumulative hazard against an Exp(1) threshold (one draw per event).
  private readonly rng: Sfc32;
  private readonly ratePerInstanceSecond: number;
  private hazard = 0;
  private hazardThreshold: number;
  private lastInterruptionAt = -Infinity;
  /** On-demand instances launched to replace lost spot, to be swapped back to spot. */
  private fallbackOnDemand = 0;

  // Billing.
  private readonly biller: HourlyBiller;
  private readonly hour: HourCost = emptyHourCost();
  private readonly spotUsdPerHour: number;
  private pendingOdSeconds = 0;
  private pendingSpotSeconds = 0;
  private hourStart = 0;
  private readonly sums = {
    onDemand: new CompensatedSum(),
    spot: new CompensatedSum(),
    used: new CompensatedSum(),
    unused: new CompensatedSum(),
  };
  /** Cost per hour of the horizon, for series and cumulative charts. */
  readonly hourlyUsd: Float64Array;
  readonly hourlyOnDemandUsd: Float64Array;
  readonly hourlySpotUsd: Float64Array;
  readonly hourlyCommittedUsd: Float64Array;
  /** Per hour, for bills (FOCUS rows): instance-seconds by option, and commitment fees split. */
  readonly hourlyOnDemandSeconds: Float64Array;
  readonly hourlySpotSeconds: Float64Array;
  readonly hourlyCoveredSeconds: Float64Array;
  readonly hourlyCommittedUsedUsd: Float64Array;
  readonly hourlyCommittedUnusedUsd: Float64Array;
  readonly totals: FleetTotals = {
    onDemandUsd: 0,
    spotUsd: 0,
    committedUsedUsd: 0,
    committedUnusedUsd: 0,
    totalUsd: 0,
    onDemandInstanceHours: 0,
    spotInstanceHours: 0,
    interruptedInstances: 0,
    interruptionEvents: 0,
    peakInstances: 0,
    launches: 0,
  };

  constructor(spec: CloudPoolSpec, horizonSeconds: number, rng: Sfc32) {
    this.spec = spec;
    this.rng = rng;
    const spotPossible = spec.instance.spotUsdPerHour !== null && spec.purchase.spotShare > 0;
    this.spotUsdPerHour = spec.instance.spotUsdPerHour ?? 0;
    this.ratePerInstanceSecond = spotPossible ? spec.spot.interruptionsPerMonth / SECONDS_PER_MONTH : 0;
    this.hazardThreshold = this.ratePerInstanceSecond > 0 ? rng.nextExponential(1) : Infinity;
    this.biller = new HourlyBiller(
      [{ instanceType: spec.instance.label, family: spec.instance.family, region: spec.instance.region, onDemandUsdPerHour: spec.instance.onDemandUsdPerHour }],
      spec.commitments,
    );
    const hours = Math.ceil(horizonSeconds / SECONDS_PER_HOUR);
    this.hourlyUsd = new Float64Array(hours);
    this.hourlyOnDemandUsd = new Float64Array(hours);
    this.hourlySpotUsd = new Float64Array(hours);
    this.hourlyCommittedUsd = new Float64Array(hours);
    this.hourlyOnDemandSeconds = new Float64Array(hours);
    this.hourlySpotSeconds = new Float64Array(hours);
    this.hourlyCoveredSeconds = new Float64Array(hours);
    this.hourlyCommittedUsedUsd = new Float64Array(hours);
    this.hourlyCommittedUnusedUsd = new Float64Array(hours);
  }

  /** Running instances (ready + booting), the size an autoscaler sees as "current". */
  get current(): number {
    return this.ready[ON_DEMAND]! + this.ready[SPOT]! + this.booting[ON_DEMAND]! + this.booting[SPOT]!;
  }

  get readyTotal(): number {
    return this.ready[ON_DEMAND]! + this.ready[SPOT]!;
  }

  get bootingTotal(): number {
    return this.booting[ON_DEMAND]! + this.booting[SPOT]!;
  }

  /** How many of `total` instances the purchase mix puts on spot. */
  spotTarget(total: number): number {
    const p = this.spec.purchase;
    if (this.spec.instance.spotUsdPerHour === null || p.spotShare <= 0) return 0;
    const above = Math.max(0, total - p.onDemandBase);
    return Math.round(above * p.spotShare);
  }

  /** Starts the pool at `size` instances, all ready at t = 0 (PRODUCT.md §4). */
  start(size: number): void {
    const spot = this.spotTarget(size);
    this.ready[SPOT] = spot;
    this.ready[ON_DEMAND] = size - spot;
    this.totals.peakInstances = size;
    // Instances already running at t = 0 are not new launches: no minimum-charge cohort.
  }

  /**
   * Earliest time a boot completes or a noticed spot instance is lost (Infinity if none
   * pending). A field kept current by every change, not a getter: the engine reads it at every
   * sync, and a double returned from a call is boxed on the heap.
   */
  nextEventAt = Infinity;

  private updateNextEvent(): void {
    const boot = this.bootLen > 0 ? this.bootAt[this.bootHead]! : Infinity;
    const loss = this.lossLen > 0 ? this.lossAt[this.lossHead]! : Infinity;
    this.nextEventAt = boot < loss ? boot : loss;
  }

  /** Whether `reconcile(now, desired)` would launch, terminate or rebalance anything. */
  wouldChange(desired: number): boolean {
    return desired !== this.current - this.noticed - this.swapBooting || this.fallbackOnDemand > 0;
  }

  /**
   * Launches or terminates instances so that running capacity (not counting spot under notice)
   * equals `desired`, keeping the purchase mix. Called at each autoscaler decision and, for
   * static pools, whenever capacity was lost.
   */
  reconcile(now: number, desired: number): void {
    // Swaps in flight are extra: counting them would make the next reconcile cancel them.
    const effective = this.current - this.noticed - this.swapBooting;
    if (desired === effective && this.fallbackOnDemand === 0) return;
    if (desired > effective) {
      this.launchMix(now, desired - effective, desired);
    } else if (desired < effective) {
      this.terminate(now, effective - desired, desired);
    } else if (this.fallbackOnDemand > 0 && now - this.lastInterruptionAt >= this.spec.spot.rebalanceAfterSeconds && this.bootingTotal === 0) {
      // Capacity rebalancing: launch spot for the fallback on-demand; the surplus on-demand is
      // terminated at a later reconcile, once the spot instances are ready.
      const swap = Math.min(this.fallbackOnDemand, this.ready[ON_DEMAND]!);
      this.fallbackOnDemand = 0;
      if (swap > 0) this.launch(now, SPOT, swap, true);
    }
  }

  /** Advances time by `dt` seconds starting at `now`: boots finish, notices expire, spot is reclaimed, seconds are billed. */
  advance(now: number, dt: number): void {
    const end = now + dt;
    const ready = this.ready;
    const booting = this.booting;
    // Bill the interval with the counts at its start (changes happen at sync boundaries).
    const od = ready[ON_DEMAND]! + booting[ON_DEMAND]!;
    const spot = ready[SPOT]! + booting[SPOT]!;
    if (end <= this.hourStart + SECONDS_PER_HOUR) {
      this.pendingOdSeconds += od * dt;
      this.pendingSpotSeconds += spot * dt;
      if (end === this.hourStart + SECONDS_PER_HOUR) this.settleHour(end);
    } else {
      this.billAcrossHours(now, end, od, spot);
    }
    if (this.bootLen > 0 && this.bootAt[this.bootHead]! <= end) this.completeBoots(end);
    if (this.lossLen > 0 && this.lossAt[this.lossHead]! <= end) this.completeLosses(end);
    if (this.ratePerInstanceSecond > 0) {
      const exposed = ready[SPOT]! + booting[SPOT]! - this.noticed;
      if (exposed > 0) {
        const take = this.eventSize(exposed);
        this.hazard += ((this.ratePerInstanceSecond * exposed) / take) * dt;
        if (this.hazard >= this.hazardThreshold) {
          this.hazard = 0;
          this.hazardThreshold = this.rng.nextExponential(1);
          this.notice(end, take);
        }
      }
    }
    const running = ready[ON_DEMAND]! + ready[SPOT]! + booting[ON_DEMAND]! + booting[SPOT]!;
    if (running > this.totals.peakInstances) this.totals.peakInstances = running;
  }

  private completeBoots(end: number): void {
    while (this.bootLen > 0 && this.bootAt[this.bootHead]! <= end) {
      const option = this.bootOption[this.bootHead]!;
      const n = this.bootCount[this.bootHead]!;
      if (this.bootSwap[this.bootHead] === 1) this.swapBooting -= n;
      this.booting[option]! -= n;
      this.ready[option]! += n;
      this.bootHead = (this.bootHead + 1) % MAX_BOOTS;
      this.bootLen--;
    }
    this.updateNextEvent();
  }

  private completeLosses(end: number): void {
    while (this.lossLen > 0 && this.lossAt[this.lossHead]! <= end) {
      this.loseSpot(this.lossAt[this.lossHead]!, this.lossCount[this.lossHead]!);
      this.lossHead = (this.lossHead + 1) % MAX_NOTICES;
      this.lossLen--;
    }
    this.updateNextEvent();
  }

  /** Closes the books at the end of the horizon. */
  finish(horizonSeconds: number): FleetTotals {
    this.settleHour(horizonSeconds);
    const t = this.totals;
    t.onDemandUsd = this.sums.onDemand.value;
    t.spotUsd = this.sums.spot.value;
    t.committedUsedUsd = this.sums.used.value;
    t.committedUnusedUsd = this.sums.unused.value;
    const total = new CompensatedSum();
    total.add(t.onDemandUsd);
    total.add(t.spotUsd);
    total.add(t.committedUsedUsd);
    total.add(t.committedUnusedUsd);
    t.totalUsd = total.value;
    return t;
  }

  // ---------------------------------------------------------------------------------------

  private lastExposed = -1;
  private lastTake = 1;

  /** Instances one interruption event takes; cached because the exposure rarely changes. */
  private eventSize(exposed: number): number {
    if (exposed !== this.lastExposed) {
      this.lastExposed = exposed;
      this.lastTake = Math.max(1, Math.min(exposed, Math.round(this.spec.spot.correlation * exposed)));
    }
    return this.lastTake;
  }

  private launchMix(now: number, count: number, desiredTotal: number): void {
    const spotWanted = this.spotTarget(desiredTotal);
    const spotHave = this.ready[SPOT]! + this.booting[SPOT]! - this.noticed;
    const spot = Math.max(0, Math.min(count, spotWanted - spotHave));
    if (spot > 0) this.launch(now, SPOT, spot);
    if (count - spot > 0) this.launch(now, ON_DEMAND, count - spot);
  }

  private launch(now: number, option: number, n: number, swap = false): void {
    if (this.bootLen === MAX_BOOTS) this.completeOldestBoot();
    const i = (this.bootHead + this.bootLen) % MAX_BOOTS;
    this.bootAt[i] = now + this.spec.bootTimeSeconds;
    this.bootCount[i] = n;
    this.bootOption[i] = option;
    this.bootSwap[i] = swap ? 1 : 0;
    if (swap) this.swapBooting += n;
    this.bootLen++;
    this.booting[option]! += n;
    this.totals.launches += n;
    this.addCohort(now, option, n);
    this.updateNextEvent();
  }

  /** Removes `n` instances: booting ones first (newest first), then ready ones, from the option most over its share. */
  private terminate(now: number, n: number, desiredTotal: number): void {
    let left = n;
    // Newest boots first, except swaps, which replace capacity rather than add it.
    for (let k = this.bootLen - 1; k >= 0 && left > 0; k--) {
      const i = (this.bootHead + k) % MAX_BOOTS;
      if (this.bootSwap[i] === 1 || this.bootCount[i]! <= 0) continue;
      const take = Math.min(left, this.bootCount[i]!);
      const option = this.bootOption[i]!;
      this.bootCount[i]! -= take;
      this.booting[option]! -= take;
      this.endRuns(now, option, take);
      left -= take;
    }
    while (this.bootLen > 0 && this.bootCount[(this.bootHead + this.bootLen - 1) % MAX_BOOTS]! <= 0) this.bootLen--;
    this.updateNextEvent();
    if (left <= 0) return;
    const spotTarget = this.spotTarget(desiredTotal);
    const spotFree = this.ready[SPOT]! - this.noticed;
    const spotExcess = Math.max(0, spotFree - spotTarget);
    const fromSpot = Math.min(left, spotExcess);
    const fromOd = Math.min(left - fromSpot, this.ready[ON_DEMAND]!);
    const rest = Math.min(left - fromSpot - fromOd, spotFree - fromSpot);
    if (fromOd > 0) {
      this.ready[ON_DEMAND]! -= fromOd;
      this.endRuns(now, ON_DEMAND, fromOd);
      this.fallbackOnDemand = Math.max(0, this.fallbackOnDemand - fromOd);
    }
    if (fromSpot + rest > 0) {
      this.ready[SPOT]! -= fromSpot + rest;
      this.endRuns(now, SPOT, fromSpot + rest);
    }
  }

  private notice(now: number, take: number): void {
    this.totals.interruptionEvents++;
    this.lastInterruptionAt = now;
    // Instances still booting cannot be given notice in this model; take ready ones first.
    const fromReady = Math.min(take, this.ready[SPOT]! - this.noticed);
    this.noticed += fromReady;
    if (this.lossLen < MAX_NOTICES) {
      const i = (this.lossHead + this.lossLen) % MAX_NOTICES;
      this.lossAt[i] = now + this.spec.spot.noticeSeconds;
      this.lossCount[i] = fromReady;
      this.lossLen++;
      this.updateNextEvent();
    }
    // Replacement at the notice (Karpenter and capacity-rebalancing ASGs act on the notice).
    if (this.spec.purchase.spotFallback === 'on-demand' && fromReady > 0) {
      this.launch(now, ON_DEMAND, fromReady);
      this.fallbackOnDemand += fromReady;
    }
  }

  private loseSpot(at: number, n: number): void {
    const lost = Math.min(n, this.ready[SPOT]!);
    this.ready[SPOT]! -= lost;
    this.noticed = Math.max(0, this.noticed - n);
    this.totals.interruptedInstances += lost;
    this.endRuns(at, SPOT, lost, true);
  }

  /**
   * Billing adjustments for `n` runs of `option` ending now. Terminations take the newest
   * instances (LIFO, as scale-in of the most recent launches); interruptions hit spot instances
   * at random, so they are spread over cohorts in proportion.
   */
  private endRuns(now: number, option: number, n: number, interrupted = false): void {
    this.expireCohorts(now);
    const counts = option === SPOT ? this.cohortSpot : this.cohortOd;
    const rule = this.spec.billing;
    let adjustSeconds = 0;
    if (interrupted) {
      const total = this.ready[SPOT]! + n; // spot running just before the loss
      for (let k = 0; k < this.cohortLen; k++) {
        const i = (this.cohortHead + k) % MAX_COHORTS;
        const share = total > 0 ? (n * counts[i]!) / total : 0;
        if (share <= 0) continue;
        adjustSeconds += share * runEndAdjustmentSeconds(rule, now - this.cohortAt[i]!, 'provider-interruption', true);
        counts[i]! -= share;
      }
    } else {
      let left = n;
      for (let k = this.cohortLen - 1; k >= 0 && left > 0; k--) {
        const i = (this.cohortHead + k) % MAX_COHORTS;
        const take = Math.min(left, counts[i]!);
        if (take <= 0) continue;
        adjustSeconds += take * runEndAdjustmentSeconds(rule, now - this.cohortAt[i]!, 'customer', option === SPOT);
        counts[i]! -= take;
        left -= take;
      }
    }
    if (adjustSeconds !== 0) {
      if (option === SPOT) this.pendingSpotSeconds += adjustSeconds;
      else this.pendingOdSeconds += adjustSeconds;
    }
  }

  private addCohort(now: number, option: number, n: number): void {
    this.expireCohorts(now);
    const last = (this.cohortHead + this.cohortLen - 1) % MAX_COHORTS;
    if (this.cohortLen > 0 && this.cohortAt[last] === now) {
      (option === SPOT ? this.cohortSpot : this.cohortOd)[last]! += n;
      return;
    }
    if (this.cohortLen === MAX_COHORTS) {
      this.cohortHead = (this.cohortHead + 1) % MAX_COHORTS;
      this.cohortLen--;
    }
    const i = (this.cohortHead + this.cohortLen) % MAX_COHORTS;
    this.cohortAt[i] = now;
    this.cohortOd[i] = option === ON_DEMAND ? n : 0;
    this.cohortSpot[i] = option === SPOT ? n : 0;
    this.cohortLen++;
  }

  private expireCohorts(now: number): void {
    while (this.cohortLen > 0 && now - this.cohortAt[this.cohortHead]! >= COHORT_MEMORY_SECONDS) {
      this.cohortHead = (this.cohortHead + 1) % MAX_COHORTS;
      this.cohortLen--;
    }
  }

  private completeOldestBoot(): void {
    const option = this.bootOption[this.bootHead]!;
    const n = this.bootCount[this.bootHead]!;
    if (this.bootSwap[this.bootHead] === 1) this.swapBooting -= n;
    this.booting[option]! -= n;
    this.ready[option]! += n;
    this.bootHead = (this.bootHead + 1) % MAX_BOOTS;
    this.bootLen--;
    this.updateNextEvent();
  }

  /** Adds the seconds of [now, end) to the biller, settling every hour boundary crossed. */
  private billAcrossHours(now: number, end: number, od: number, spot: number): void {
    let t = now;
    while (t < end) {
      const hourEnd = this.hourStart + SECONDS_PER_HOUR;
      const until = Math.min(end, hourEnd);
      const seconds = until - t;
      this.pendingOdSeconds += od * seconds;
      this.pendingSpotSeconds += spot * seconds;
      t = until;
      if (t >= hourEnd) this.settleHour(hourEnd);
    }
  }

  private settleHour(at: number): void {
    const fraction = (at - this.hourStart) / SECONDS_PER_HOUR;
    if (fraction <= 0) return;
    this.biller.addOnDemand(0, this.pendingOdSeconds);
    const replay = this.spec.spot.usdPerHourByHour;
    const hourIndex = Math.floor(this.hourStart / SECONDS_PER_HOUR);
    this.biller.addSpot(0, this.pendingSpotSeconds, replay && hourIndex < replay.length ? replay[hourIndex]! : this.spotUsdPerHour);
    this.totals.onDemandInstanceHours += this.pendingOdSeconds / SECONDS_PER_HOUR;
    this.totals.spotInstanceHours += this.pendingSpotSeconds / SECONDS_PER_HOUR;
    this.pendingOdSeconds = 0;
    this.pendingSpotSeconds = 0;
    const h = this.biller.settleHour(this.hour, Math.min(1, fraction));
    this.sums.onDemand.add(h.onDemandUsd);
    this.sums.spot.add(h.spotUsd);
    this.sums.used.add(h.committedUsedUsd);
    this.sums.unused.add(h.committedUnusedUsd);
    const index = Math.floor(this.hourStart / SECONDS_PER_HOUR);
    if (index < this.hourlyUsd.length) {
      this.hourlyUsd[index] = h.totalUsd;
      this.hourlyOnDemandUsd[index] = h.onDemandUsd;
      this.hourlySpotUsd[index] = h.spotUsd;
      this.hourlyCommittedUsd[index] = h.committedUsedUsd + h.committedUnusedUsd;
      this.hourlyOnDemandSeconds[index] = h.onDemandSeconds;
      this.hourlySpotSeconds[index] = h.spotSeconds;
      this.hourlyCoveredSeconds[index] = h.coveredSeconds;
      this.hourlyCommittedUsedUsd[index] = h.committedUsedUsd;
      this.hourlyCommittedUnusedUsd[index] = h.committedUnusedUsd;
    }
    this.hourStart = at;
  }
}
