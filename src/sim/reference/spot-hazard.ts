/**
 * When the next spot interruption event of a pool happens, drawn as the engine draws it
 * (src/sim/fleet.ts): events form a Poisson process whose rate is the per-instance rate ×
 * exposed spot instances ÷ the instances one event takes (max(1, round(correlation × exposed))),
 * realised as a cumulative hazard Λ against Exp(1) thresholds from the pool's `spot:<pool>`
 * stream, one threshold per event. Fed the same stream, paired runs of the two simulators see
 * the same thresholds.
 *
 * The engine accrues Λ per fleet interval and delivers an event at the end of the interval in
 * which Λ crossed; here Λ grows linearly between exposure changes, so the crossing instant is
 * solved for and scheduled exactly. A changed rate reschedules; the event carries a generation
 * so the superseded one is recognised as stale.
 */
import type { Sfc32 } from '../../model/prng.js';
import { SECONDS_PER_MONTH } from '../../model/time.js';
import { EventKind } from './event-kind.js';
import type { EventQueue } from './event-queue.js';

export class SpotHazard {
  private readonly rng: Sfc32;
  private readonly events: EventQueue;
  private readonly ratePerInstanceSecond: number;
  private readonly correlation: number;
  private hazard = 0;
  private rate = 0;
  private at = 0;
  private threshold: number;
  private generation = 0;

  constructor(interruptionsPerMonth: number, correlation: number, rng: Sfc32, events: EventQueue) {
    this.rng = rng;
    this.events = events;
    this.correlation = correlation;
    this.ratePerInstanceSecond = interruptionsPerMonth > 0 ? interruptionsPerMonth / SECONDS_PER_MONTH : 0;
    // The engine draws the first threshold at construction, only when interruptions are possible.
    this.threshold = this.ratePerInstanceSecond > 0 ? rng.nextExponential(1) : Infinity;
  }

  /** Instances one event takes out of `exposed`. */
  eventSize(exposed: number): number {
    return Math.max(1, Math.min(exposed, Math.round(this.correlation * exposed)));
  }

  /**
   * The exposure is now `exposed`: brings Λ up to `now` at the old rate and, if the rate
   * changed (or the threshold was just redrawn), schedules the crossing at the new one.
   */
  update(now: number, exposed: number, redrawn = false): void {
    if (this.ratePerInstanceSecond <= 0) return;
    this.hazard += this.rate * (now - this.at);
    this.at = now;
    const rate = exposed > 0 ? (this.ratePerInstanceSecond * exposed) / this.eventSize(exposed) : 0;
    if (rate === this.rate && this.generation > 0 && !redrawn) return;
    this.rate = rate;
    this.generation++;
    if (rate > 0) {
      const at = now + Math.max(0, this.threshold - this.hazard) / rate;
      this.events.push(at, EventKind.SpotInterruption, EventKind.SpotInterruption, 0, this.generation);
    }
  }

  /**
   * A scheduled crossing came due. Returns false for a stale one; otherwise resets Λ, draws the
   * next threshold and returns true (the caller then gives notice and calls `update(…, true)`).
   */
  fire(now: number, generation: number): boolean {
    if (generation !== this.generation) return false;
    this.hazard = 0;
    this.at = now;
    this.threshold = this.rng.nextExponential(1);
    return true;
  }
}
