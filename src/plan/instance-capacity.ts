/**
 * What one instance of another type is worth to a workload, scaled from the scenario's own
 * instance. The scenario only says what its own type does (2 servers on an m5.large, 150 MB/s
 * per broker), so the planner needs a rule to carry that to every other type; the rule is
 * printed with every plan:
 *
 * - inference: servers per instance scale with vCPUs, or with GPUs when the scenario's instance
 *   has GPUs: servers = max(1, floor(serversPerInstance × new / old)). Each server keeps the
 *   scenario's service time (a faster CPU generation is not credited: catalogs carry no speed).
 * - streaming: throughput per instance scales with network bandwidth when both types publish
 *   it, but never by more than the vCPU ratio (a broker needs the cores to move the bytes);
 *   vCPUs alone otherwise.
 * - batch: the engine already runs Amdahl on the pool's vCPUs, so a type's vCPUs are used as is.
 *
 * "Capacity units" below are what the demand models count: servers (inference), MB/s of ingest
 * (streaming, throughput divided by the replication factor, as the engine does) and vCPUs (batch).
 */
import type { CatalogEntry } from '../model/catalog.js';

export interface BaseInstance {
  readonly vcpu: number;
  readonly gpus: number;
  /** Null when the catalog does not publish it (or the instance is custom). */
  readonly networkGbps: number | null;
}

export type WorkloadBasis =
  | { readonly kind: 'inference'; readonly serversPerInstance: number }
  | { readonly kind: 'streaming'; readonly throughputPerInstanceMBps: number; readonly replication: number }
  | { readonly kind: 'batch' };

export interface InstanceCapacity {
  /** Servers, MB/s of ingest, or vCPUs per instance. */
  readonly unitsPerInstance: number;
  /** inference: what the patch sets `service.serversPerInstance` to. */
  readonly serversPerInstance: number | undefined;
  /** streaming: what the patch sets `throughputPerInstance` to (MB/s). */
  readonly throughputPerInstanceMBps: number | undefined;
}

/** Undefined when the type cannot run the workload (e.g. no GPU for a GPU workload). */
export function capacityOn(basis: WorkloadBasis, base: BaseInstance, entry: CatalogEntry): InstanceCapacity | undefined {
  switch (basis.kind) {
    case 'inference': {
      const byGpu = base.gpus > 0;
      if (byGpu && !(entry.gpus > 0)) return undefined;
      const ratio = byGpu ? entry.gpus / base.gpus : entry.vcpu / base.vcpu;
      const servers = Math.max(1, Math.floor(basis.serversPerInstance * ratio + 1e-9));
      return { unitsPerInstance: servers, serversPerInstance: servers, throughputPerInstanceMBps: undefined };
    }
    case 'streaming': {
      const vcpuRatio = entry.vcpu / base.vcpu;
      const ratio = base.networkGbps !== null && base.networkGbps > 0 && entry.networkGbps !== null && entry.networkGbps > 0 ? Math.min(entry.networkGbps / base.networkGbps, vcpuRatio) : vcpuRatio;
      // Rounded to 0.01 MB/s so the patch shows a readable number and the engine runs that same value.
      const throughput = Math.round(basis.throughputPerInstanceMBps * ratio * 100) / 100;
      if (!(throughput > 0)) return undefined;
      return { unitsPerInstance: throughput / basis.replication, serversPerInstance: undefined, throughputPerInstanceMBps: throughput };
    }
    case 'batch':
      return entry.vcpu > 0 ? { unitsPerInstance: entry.vcpu, serversPerInstance: undefined, throughputPerInstanceMBps: undefined } : undefined;
  }
}

/** The rule in one line, for reports. */
export function capacityRuleText(basis: WorkloadBasis, base: BaseInstance): string {
  switch (basis.kind) {
    case 'inference':
      return base.gpus > 0
        ? `servers per instance = max(1, floor(${basis.serversPerInstance} × GPUs / ${base.gpus})), same service time per server`
        : `servers per instance = max(1, floor(${basis.serversPerInstance} × vCPUs / ${base.vcpu})), same service time per server`;
    case 'streaming':
      return `throughput per instance = ${basis.throughputPerInstanceMBps} MB/s × min(network ratio, vCPU ratio) (vCPU ratio when network is unknown)`;
    case 'batch':
      return 'Amdahl on each type\'s own vCPUs';
  }
}
