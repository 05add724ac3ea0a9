/**
 * The step engine's autoscaler inputs, recomputed on the reference's own capacity: utilization
 * is the offered load λ / cμ (1 while a fluid backlog exists), and the backlog is the engine's
 * fluid queue, dB/dt = λ − cμ, B ≥ 0, capped at cμ·maxWait. With these, the reference's
 * autoscaler sees what the engine's would for the same capacity trajectory, so the remaining
 * difference between the two simulators is the engine's time stepping and queueing model, not
 * the autoscaler's view of the load (see AutoscalerMetric).
 *
 * λ is constant within a step and c changes only at the events that call `setCapacity`, so the
 * fluid is integrated exactly, piece by piece.
 */
export class OfferedLoadMetric {
  private readonly ratePerStep: Float64Array;
  private readonly stepSeconds: number;
  private readonly maxWaitSeconds: number;
  private capacityPerSecond = 0;
  private at = 0;
  private fluid = 0;

  constructor(ratePerStep: Float64Array, stepSeconds: number, maxWaitSeconds: number) {
    this.ratePerStep = ratePerStep;
    this.stepSeconds = stepSeconds;
    this.maxWaitSeconds = maxWaitSeconds;
  }

  /** The arrival rate of the step containing `now` (req/s). */
  rate(now: number): number {
    const i = Math.min(this.ratePerStep.length - 1, Math.floor(now / this.stepSeconds));
    return this.ratePerStep[i] ?? 0;
  }

  /** Capacity (cμ, req/s) from `now` on; the fluid is first brought up to `now` at the old capacity. */
  setCapacity(now: number, capacityPerSecond: number): void {
    this.advance(now);
    this.capacityPerSecond = capacityPerSecond;
  }

  utilization(now: number): number {
    this.advance(now);
    if (this.fluid > 0) return 1;
    const rate = this.rate(now);
    const cap = this.capacityPerSecond;
    return cap > 0 ? Math.min(1, rate / cap) : rate > 0 ? 1 : 0;
  }

  backlog(now: number): number {
    this.advance(now);
    return this.fluid;
  }

  private advance(now: number): void {
    const cap = this.capacityPerSecond;
    while (this.at < now) {
      const stepEnd = (Math.floor(this.at / this.stepSeconds) + 1) * this.stepSeconds;
      const until = Math.min(now, stepEnd);
      const net = this.rate(this.at) - cap;
      let b = this.fluid + net * (until - this.at);
      if (b < 0) b = 0;
      const limit = (cap > 0 ? cap : this.rate(this.at)) * this.maxWaitSeconds;
      if (b > limit) b = limit;
      this.fluid = b;
      this.at = until;
    }
  }
}
