/**
 * Monte Carlo over worker threads. Run 0 is simulated in the calling thread (the report shows it
 * in full, with series if asked); runs 1..N−1 go to the pool and come back as RunSummary.
 *
 * Determinism across thread counts: a run's result is a pure function of (spec, loads,
 * runIndex), since each run draws only from `streamFor(seed, runIndex, purpose)`; workers get
 * the same spec and the same load values (structured clone and shared memory copy float64
 * exactly); summaries are sorted by runIndex before summarising. So 1, 2 or 8 threads give the
 * same bytes, whatever order batches finish in.
 */
import { simulateRun, type Loads, type RunResult } from '../run.js';
import type { SimSpec } from '../spec.js';
import { toRunSummary, type RunSummary } from '../summary.js';
import { startPool } from './pool.js';
import { workerInit } from './shared-inputs.js';

/** Below this many runs, starting workers (~50–500 ms each under tsx) costs more than it saves. */
export const MIN_RUNS_FOR_WORKERS = 8;

export interface MonteCarloOptions {
  readonly runs: number;
  /** Worker threads; 1 simulates everything in the calling thread. The caller picks the default (it needs the core count, which is I/O). */
  readonly threads: number;
  /** Keep hourly series for run 0. */
  readonly series?: boolean;
  /** Called after each finished run, in the calling thread. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MonteCarloResult {
  /** Run 0 in full. */
  readonly first: RunResult;
  /** Every run, run 0 included, sorted by runIndex. */
  readonly summaries: readonly RunSummary[];
}

export async function runMonteCarlo(spec: SimSpec, loads: Loads, options: MonteCarloOptions): Promise<MonteCarloResult> {
  const { runs, threads } = options;
  // A NaN here would leave the pool with no workers and the promise pending forever.
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`Monte Carlo: runs must be a whole number ≥ 1 (got ${runs})`);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Monte Carlo: threads must be a whole number ≥ 1 (got ${threads})`);
  const series = options.series ?? false;
  let done = 0;
  const tick = () => options.onProgress?.(++done, runs);

  if (threads === 1 || runs < MIN_RUNS_FOR_WORKERS) {
    const first = simulateRun(spec, loads, { runIndex: 0, series });
    const summaries: RunSummary[] = [toRunSummary(first)];
    tick();
    for (let r = 1; r < runs; r++) {
      summaries.push(toRunSummary(simulateRun(spec, loads, { runIndex: r, series: false })));
      tick();
    }
    return { first, summaries };
  }

  // Workers start (and begin on their first batches) while this thread simulates run 0.
  const pool = startPool({ init: workerInit(spec, loads), fromRun: 1, toRun: runs, threads, onRunDone: tick });
  let first: RunResult;
  try {
    first = simulateRun(spec, loads, { runIndex: 0, series });
  } catch (e) {
    await pool.cancel();
    throw e;
  }
  tick();
  const rest = await pool.done;
  const summaries = [toRunSummary(first), ...rest].sort((a, b) => a.runIndex - b.runIndex);
  return { first, summaries };
}
