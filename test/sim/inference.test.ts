import { describe, expect, it } from 'vitest';
import { CloudCapacity } from '../../src/sim/capacity.js';
import { simulateInference } from '../../src/sim/inference.js';
import { createScaler } from '../../src/sim/scaler.js';
import { streamFor } from '../../src/model/prng.js';
import type { CloudPoolSpec, InferenceSpec } from '../../src/sim/spec.js';
import { resolveText } from './helpers.js';

const SCENARIO = `schemaVersion: 1
name: fast path
horizon: 3d
seed: 11
pools:
  api:
    instance: m5.large
    purchase: {onDemandBase: 2, spotShare: 0.7}
    spot: {interruptionsPerMonth: 30}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 60}
workloads:
  - name: w
    kind: inference
    pool: api
    load: {base: 500, diurnal: {amplitude: 0.6, peakHour: 18}, spikes: [{at: 30h, duration: 2h, factor: 3}], noise: {cv: 0.1}}
    service: {time: 40ms, serversPerInstance: 2}
    slo: {p99: 200ms}
`;

describe('the inference kernel', () => {
  it('skipping repeated syncs changes nothing: same costs, latencies and drops as syncing every 15 s', async () => {
    const { spec, loads } = await resolveText(SCENARIO);
    const pool = spec.pools[0] as CloudPoolSpec;
    const workload = spec.workloads[0] as InferenceSpec;
    const grid = { steps: spec.steps, stepSeconds: spec.stepSeconds, horizonSeconds: spec.horizonSeconds };
    const simulate = (fastPath: boolean) => {
      const capacity = new CloudCapacity(pool, spec.horizonSeconds, streamFor(spec.seed, 1, 'spot:api'));
      const scaler = createScaler(pool.autoscaling, pool.count, pool.bootTimeSeconds);
      const used = fastPath ? scaler : { periodSeconds: scaler.periodSeconds, initialSize: scaler.initialSize, decide: scaler.decide };
      const r = simulateInference(workload, capacity, used, loads.get('w')!, grid, undefined);
      const totals = capacity.finish(spec.horizonSeconds);
      return { ...r, histogram: undefined, egressGBByMonth: undefined, totals };
    };
    const fast = simulate(true);
    const slow = simulate(false);
    expect(fast.totals.interruptionEvents).toBeGreaterThan(0);
    expect(fast).toEqual(slow);
  });
});
