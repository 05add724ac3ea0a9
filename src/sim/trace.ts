/**
 * Resamples a recorded trace onto the simulation's step grid. A trace is either samples (a
 * value that holds from its timestamp until the next one: CloudWatch counts, per-second series)
 * or events (one row per request, as in the Azure LLM trace). The result is the mean rate per
 * step, so integrals (total requests) are preserved whatever the step.
 */

export interface SampledTrace {
  readonly kind: 'samples';
  /** Seconds since the first sample, ascending. */
  readonly timesSeconds: Float64Array;
  readonly values: Float64Array;
  /** Values are counts per sample interval (divide by its length) rather than rates. */
  readonly perSample: boolean;
}

export interface EventTrace {
  readonly kind: 'events';
  /** Seconds since the first event, ascending. */
  readonly timesSeconds: Float64Array;
  /** Weight of each event (1 for a plain count). */
  readonly weights: Float64Array | undefined;
}

export type Trace = SampledTrace | EventTrace;

export interface ResampleOptions {
  readonly steps: number;
  readonly stepSeconds: number;
  readonly scale: number;
  /** Repeat the trace to cover a longer horizon; otherwise the rate is 0 after it ends. */
  readonly loop: boolean;
}

/** Length of the trace: up to the last sample plus one typical interval, or to the last event. */
export function traceSpanSeconds(trace: Trace): number {
  const t = trace.timesSeconds;
  const n = t.length;
  if (n === 0) return 0;
  if (trace.kind === 'events') return Math.max(t[n - 1]! - t[0]!, 1e-9) + 1e-9;
  if (n === 1) return 1;
  return t[n - 1]! - t[0]! + medianInterval(t);
}

export function resampleTrace(trace: Trace, options: ResampleOptions): Float64Array {
  const { steps, stepSeconds, scale, loop } = options;
  const out = new Float64Array(steps);
  const span = traceSpanSeconds(trace);
  if (span <= 0) return out;
  const horizon = steps * stepSeconds;
  // Mass (e.g. requests) per step: integrate each sample's rate over its interval, or count events.
  const addMass = (fromSeconds: number, toSeconds: number, mass: number) => {
    if (toSeconds <= fromSeconds) {
      const i = Math.floor(fromSeconds / stepSeconds);
      if (i >= 0 && i < steps) out[i]! += mass;
      return;
    }
    const rate = mass / (toSeconds - fromSeconds);
    let a = Math.max(0, fromSeconds);
    const b = Math.min(horizon, toSeconds);
    while (a < b) {
      const i = Math.floor(a / stepSeconds);
      const stepEnd = Math.min(b, (i + 1) * stepSeconds);
      out[i]! += rate * (stepEnd - a);
      a = stepEnd;
    }
  };
  const t = trace.timesSeconds;
  const t0 = t[0]!;
  const n = t.length;
  const fallbackInterval = trace.kind === 'samples' ? medianInterval(t) : 0;
  for (let offset = 0; offset < horizon; offset += span) {
    for (let k = 0; k < n; k++) {
      const from = t[k]! - t0 + offset;
      if (from >= horizon) break;
      if (trace.kind === 'events') {
        addMass(from, from, trace.weights ? trace.weights[k]! : 1);
      } else {
        const to = (k + 1 < n ? t[k + 1]! - t0 : t[k]! - t0 + fallbackInterval) + offset;
        const mass = trace.perSample ? trace.values[k]! : trace.values[k]! * (to - from);
        addMass(from, to, mass);
      }
    }
    if (!loop) break;
  }
  for (let i = 0; i < steps; i++) out[i] = (out[i]! / stepSeconds) * scale;
  return out;
}

function medianInterval(t: Float64Array): number {
  if (t.length < 2) return 1;
  const gaps = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) gaps[i - 1] = t[i]! - t[i - 1]!;
  gaps.sort();
  return gaps[gaps.length >> 1]! || 1;
}
