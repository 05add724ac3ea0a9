/**
 * Messages between the Monte Carlo pool (main thread) and its workers. Kept to plain data so
 * structured clone copies them exactly: every float64 survives the trip bit for bit.
 */
import type { SimSpec } from '../spec.js';
import type { RunSummary } from '../summary.js';

/** Sent once per worker as `workerData`: the spec (loads inlined as shared arrays). */
export interface WorkerInit {
  readonly spec: SimSpec;
  /** Noise-free load per workload name; each array is backed by a SharedArrayBuffer. */
  readonly loads: ReadonlyArray<readonly [string, Float64Array]>;
}

/** Simulate runs [fromRun, toRun). */
export interface BatchRequest {
  readonly type: 'batch';
  readonly fromRun: number;
  readonly toRun: number;
}

export type WorkerReply =
  /** One run finished (progress only; its summary comes with the batch). */
  | { readonly type: 'progress' }
  | { readonly type: 'batch'; readonly summaries: readonly RunSummary[] }
  | { readonly type: 'error'; readonly runIndex: number; readonly message: string; readonly stack: string | undefined };
