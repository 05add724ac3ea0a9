/**
 * Shared pieces for `npm run bench`. Every case measures capsim against a reference measured in
 * the same run (a tight loop, mathjs, the request-level simulator…), so the printed ratio is
 * meaningful on any machine even though the absolute times are not.
 */
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** e.g. "expression: compiled closure vs mathjs evaluate" */
  readonly name: string;
  /** The headline figure, e.g. a speed-up ratio or ns/step. */
  readonly value: number;
  readonly unit: string;
  /** The target from the issue, in words, e.g. ">= 100x". */
  readonly target?: string;
  /** Whether the target was met; undefined when there is no target. */
  readonly met?: boolean;
  /** Supporting numbers, e.g. both sides' ns per step. */
  readonly detail?: string;
}

export interface BenchCase {
  readonly name: string;
  run(): Promise<BenchRow[]> | BenchRow[];
}

/** Median wall time in ms of `fn` over `repeats` runs after `warmup` runs. */
export function medianMs(fn: () => unknown, repeats = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Defeats dead-code elimination: benchmarks feed their results here. */
export let blackhole = 0;
export function consume(x: number): void {
  blackhole += x;
}
