/**
 * Sensitivity (tornado): every numeric input of a scenario moved down and up by a fraction,
 * ranked by how much it moves cost and latency. Inputs are found by walking the validated
 * scenario, whose numbers are in canonical units, so a patch can write them back as plain
 * numbers (which every key reads in its canonical unit).
 */
import type { Scenario } from '../scenario/schema.js';

export interface NumericInput {
  /** Dotted path as users write it in variants (workloads by name). */
  readonly path: string;
  readonly value: number;
  /** Whole numbers only (counts, replicas). */
  readonly integer: boolean;
  /** 0..1 shares and fractions. */
  readonly fraction: boolean;
}

/** Keys that are settings of the run, not inputs of the system being modelled. */
const NOT_INPUTS = new Set(['schemaVersion', 'seed', 'runs', 'horizon', 'step', 'syncPeriod', 'tolerance', 'peakHour', 'at', 'evaluationPeriods', 'months', 'dualRunning']);
const INTEGER_KEYS = new Set(['count', 'onDemandBase', 'min', 'max', 'nodes', 'serversPerInstance', 'replication', 'consumers', 'maxParallelism', 'instances', 'gpus', 'desired']);
const FRACTION_KEYS = new Set(['spotShare', 'amplitude', 'parallelFraction', 'target', 'escalate', 'correlation', 'accuracy', 'share', 'discount']);

export function numericInputs(scenario: Scenario): NumericInput[] {
  const out: NumericInput[] = [];
  const walk = (value: unknown, path: string[], key: string) => {
    if (NOT_INPUTS.has(key)) return;
    if (typeof value === 'number') {
      if (Number.isFinite(value) && value !== 0) out.push({ path: path.join('.'), value, integer: INTEGER_KEYS.has(key), fraction: FRACTION_KEYS.has(key) && value <= 1 });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const name = item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : String(i);
        walk(item, [...path, name], key);
      });
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k !== 'variants' && k !== 'schedule' && k !== 'spikes') walk(v, [...path, k], k);
    }
  };
  walk(scenario, [], '');
  return out;
}

/** The value moved by `delta` (e.g. +0.1 = +10%), kept valid for its kind; undefined if it cannot move. */
export function moved(input: NumericInput, delta: number): number | undefined {
  let v = input.value * (1 + delta);
  if (input.integer) v = Math.max(delta < 0 ? 0 : 1, delta < 0 ? Math.floor(v) : Math.ceil(v));
  if (input.fraction) v = Math.min(1, Math.max(0, v));
  return v === input.value ? undefined : v;
}
