/**
 * Request arrival times. By default a non-homogeneous Poisson process whose rate is the step
 * engine's per-step load (constant within each step, as the engine assumes), drawn exactly by
 * time change: one Exp(1) draw is spent against ∫λ dt across as many steps as it takes, so a
 * rate change at a step boundary is honoured to the instant and a zero-rate step produces
 * nothing. Or, when the caller has them, exact recorded arrival times (an event trace).
 */
import type { Sfc32 } from '../../model/prng.js';
import { traceSpanSeconds, type EventTrace } from '../trace.js';

export interface ArrivalProcess {
  /** The first arrival strictly after `afterSeconds`; Infinity when there is none before the end. */
  next(afterSeconds: number): number;
}

export function poissonArrivals(ratePerStep: Float64Array, stepSeconds: number, endSeconds: number, rng: Sfc32): ArrivalProcess {
  const steps = ratePerStep.length;
  return {
    next(after: number): number {
      let budget = rng.nextExponential(1);
      let t = after;
      let i = Math.floor(t / stepSeconds);
      while (i < steps) {
        const rate = ratePerStep[i]!;
        const stepEnd = Math.min((i + 1) * stepSeconds, endSeconds);
        if (rate > 0) {
          const mass = rate * (stepEnd - t);
          if (budget < mass) {
            const at = t + budget / rate;
            // Rounding can land exactly on `after` for a tiny draw; keep time strictly moving.
            return at > after ? at : nextUp(after);
          }
          budget -= mass;
        }
        if (stepEnd >= endSeconds) break;
        t = stepEnd;
        i++;
      }
      return Infinity;
    },
  };
}

/**
 * Replays recorded arrival times (ascending, seconds from t = 0) one by one, ties included:
 * simultaneous requests in a trace are separate requests. Times before 0 or at or after the
 * end are ignored.
 */
export function traceArrivals(timesSeconds: Float64Array, endSeconds: number): ArrivalProcess {
  let k = 0;
  return {
    next(): number {
      while (k < timesSeconds.length && timesSeconds[k]! < 0) k++;
      if (k >= timesSeconds.length) return Infinity;
      const t = timesSeconds[k++]!;
      return t < endSeconds ? t : Infinity;
    },
  };
}

/**
 * The arrival times an event trace puts in [0, horizon): each event at its time since the first
 * event, repeated every trace span when `loop` (as resampleTrace lays the trace over the
 * horizon), so replaying them gives exactly the requests the engine's per-step rates count.
 */
export function eventTraceTimes(trace: EventTrace, horizonSeconds: number, loop: boolean): Float64Array {
  const t = trace.timesSeconds;
  const n = t.length;
  const span = traceSpanSeconds(trace);
  if (n === 0 || !(span > 0)) return new Float64Array(0);
  const out: number[] = [];
  for (let offset = 0; offset < horizonSeconds; offset += span) {
    for (let k = 0; k < n; k++) {
      const at = t[k]! - t[0]! + offset;
      if (at >= horizonSeconds) break;
      out.push(at);
    }
    if (!loop) break;
  }
  return Float64Array.from(out);
}

function nextUp(x: number): number {
  return x + Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
}
