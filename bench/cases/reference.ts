/**
 * The step engine against the request-level reference simulator on the same 1-day scenario
 * (src/sim/reference/grid.ts `dayCase`: diurnal load around 12 req/s, HPA target tracking at
 * 0.6 with a 90 s boot, 70% spot above 2 on-demand, ~1 M requests), both timed in this process.
 * The speed-up is reported with the engine's error against the reference beside it, for the
 * reference's autoscaler on measured utilization (what a real HPA sees) and on the engine's own
 * noise-free inputs (which isolates the engine's time stepping; see docs/FIDELITY.md).
 */
import { dayCase } from '../../src/sim/reference/grid.js';
import { simulateReference } from '../../src/sim/reference/reference.js';
import { verifyCase } from '../../src/sim/reference/verification.js';
import { simulateRun } from '../../src/sim/run.js';
import { consume, medianMs, type BenchCase, type BenchRow } from '../harness.js';

/** Seeds for the error estimate beside the speed-up (the timing itself is one seed). */
const ERROR_SEEDS = 2;

const bench: BenchCase = {
  name: 'reference',
  run(): BenchRow[] {
    const measured = dayCase('measured');
    const offered = dayCase('offered');
    const { spec, loads } = measured;
    let run = 0;
    const engineMs = medianMs(() => consume(simulateRun(spec, loads, { runIndex: run++ % 4, series: false }).cost.total), 7, 2);
    let requests = 0;
    let events = 0;
    const referenceMs = medianMs(
      () => {
        const r = simulateReference(spec, loads, { runIndex: 0 });
        requests = r.workloads[0]!.arrived;
        events = r.pools[0]!.events;
        consume(r.pools[0]!.bill.totalUsd);
      },
      3,
      1,
    );
    const speedUp = referenceMs / engineMs;
    return [
      {
        name: '1-day TT + spot: engine vs request-level reference',
        value: speedUp,
        unit: 'x',
        detail: `engine ${engineMs.toFixed(1)} ms, reference ${(referenceMs / 1000).toFixed(2)} s (${(requests / 1e6).toFixed(2)} M requests, ${(events / 1e6).toFixed(2)} M events, ${((referenceMs * 1e6) / events).toFixed(0)} ns/event)`,
      },
      errorRow('engine error vs reference (measured metric)', verifyCase(measured, ERROR_SEEDS)),
      errorRow('engine error vs reference (offered metric)', verifyCase(offered, ERROR_SEEDS)),
    ];
  },
};

/** Headline: the cost error in %; the latency errors go in the detail. */
function errorRow(name: string, r: ReturnType<typeof verifyCase>): BenchRow {
  const err = (metric: string) => r.metrics.find((m) => m.metric === metric)!;
  const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)}%`;
  const cost = err('cost');
  return {
    name,
    value: cost.error * 100,
    unit: '% cost',
    target: 'cost ±0.5%, mean ±3%, p99 ±10%',
    met: r.metrics.every((m) => m.status !== 'MISS'),
    detail: `mean ${pct(err('mean').error)}, p95 ${pct(err('p95').error)}, p99 ${pct(err('p99').error)}, cost ${pct(cost.error)} over ${r.seeds} seeds`,
  };
}

export default bench;
