/**
 * What a worker needs to reproduce any run: the spec and the evaluated loads. The loads are
 * copied once into SharedArrayBuffers, so every worker reads the same memory and no task copies
 * them again. A spec's `load` may hold a closure (compiled expressions), which structured clone
 * cannot copy, so each workload's load is replaced by the array it was already evaluated to: a
 * trace on the step grid, which is exactly what the engine's `loads` map holds.
 */
import type { Loads } from '../run.js';
import type { SimSpec, WorkloadSpec } from '../spec.js';
import type { WorkerInit } from './protocol.js';

export function workerInit(spec: SimSpec, loads: Loads): WorkerInit {
  const shared = new Map<string, Float64Array>();
  for (const [name, values] of loads) {
    const copy = new Float64Array(new SharedArrayBuffer(values.length * Float64Array.BYTES_PER_ELEMENT));
    copy.set(values);
    shared.set(name, copy);
  }
  const workloads = spec.workloads.map((w): WorkloadSpec => (w.kind === 'batch' ? w : { ...w, load: { kind: 'trace', perStep: shared.get(w.name) ?? new Float64Array(0) } }));
  const portable: SimSpec = { ...spec, workloads };
  assertPlainData(portable, 'spec');
  return { spec: portable, loads: [...shared] };
}

export function loadsOf(init: WorkerInit): Loads {
  return new Map(init.loads);
}

/**
 * Structured clone drops class prototypes silently, so a class instance in the spec would reach
 * a worker as a bare object and the run there could differ from (or fail unlike) the run in the
 * main thread. Fail loudly instead, naming the field.
 */
function assertPlainData(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`Monte Carlo: ${path} is a ${typeof value} and cannot be sent to a worker thread`);
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlainData(v, `${path}[${i}]`));
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error(`Monte Carlo: ${path} is a class instance and cannot be sent to a worker thread unchanged`);
  for (const [k, v] of Object.entries(value)) assertPlainData(v, `${path}.${k}`);
}
