import { isAwsAcceleratedFamily } from './awsAccelerator.js';
import { awsFamilyOf, awsFamilyParts, awsVcpuFromSize, awsSizeOf } from './awsInstanceType.js';

export interface KnownSpec {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface InferredSpec extends KnownSpec {
  /** The family whose memory-per-vCPU ratio was used. */
  readonly donorFamily: string;
}

/**
 * Specs for EC2 types that no source file lists (in the bundled data: about a third of the
 * 2026 price list, the 8th/9th-generation families launched after the 2025-06 Advisor).
 * Only used with `catalog import --derive-specs`, and every row it fills says so in specSource.
 *
 * - vCPUs come from the size ladder (large = 2, xlarge = 4, Nxlarge = 4N, metal-Nxl = 4N).
 * - Memory is vCPUs × the GiB-per-vCPU ratio of the nearest listed relative: the same family,
 *   else the same series and attributes in an earlier generation (c8a ← c7a, m8id ← m6id),
 *   else the same generation with fewer attribute letters (c8gb ← c8g, i8ge ← i8g), else
 *   another family of the same series and generation (x8i ← x8g), else the plain series.
 *   AWS keeps the ratio per series letter (c 2, m 4, r 8, x 16 GiB per vCPU), which is what
 *   makes this work; a relative with the same vCPU count is copied exactly.
 * - Accelerated families are never inferred: their memory does not scale with vCPUs.
 */
export class AwsSpecInference {
  private readonly byFamily = new Map<string, Array<KnownSpec>>();

  constructor(known: Iterable<readonly [string, KnownSpec]>) {
    for (const [type, spec] of known) {
      if (isAwsAcceleratedFamily(type)) continue;
      const fam = awsFamilyOf(type);
      const list = this.byFamily.get(fam);
      if (list) list.push(spec);
      else this.byFamily.set(fam, [spec]);
    }
  }

  infer(instanceType: string): InferredSpec | undefined {
    if (isAwsAcceleratedFamily(instanceType)) return undefined;
    const vcpu = awsVcpuFromSize(awsSizeOf(instanceType));
    if (vcpu === undefined) return undefined;
    for (const donor of this.donorFamilies(awsFamilyOf(instanceType))) {
      const sizes = this.byFamily.get(donor);
      if (!sizes || sizes.length === 0) continue;
      const exact = sizes.find((s) => s.vcpu === vcpu);
      if (exact) return { vcpu, memoryGiB: exact.memoryGiB, donorFamily: donor };
      const nearest = sizes.reduce((a, b) => (Math.abs(Math.log(b.vcpu / vcpu)) < Math.abs(Math.log(a.vcpu / vcpu)) ? b : a));
      const memoryGiB = Math.round(((nearest.memoryGiB / nearest.vcpu) * vcpu) * 100) / 100;
      return { vcpu, memoryGiB, donorFamily: donor };
    }
    return undefined;
  }

  private *donorFamilies(family: string): Generator<string> {
    yield family;
    const p = awsFamilyParts(family);
    if (!p) return;
    const { series, generation, attributes, variant } = p;
    for (let g = generation - 1; g >= 1; g--) yield `${series}${g}${attributes}${variant}`;
    for (let len = attributes.length; len >= 1; len--) {
      const attrs = attributes.slice(0, len);
      for (let g = generation; g >= 1; g--) {
        if (len === attributes.length && g === generation && variant === '') continue;
        yield `${series}${g}${attrs}`;
      }
    }
    const sameGeneration = [...this.byFamily.keys()]
      .filter((f) => {
        const q = awsFamilyParts(f);
        return q !== undefined && q.series === series && q.generation === generation && q.variant === '';
      })
      .sort();
    yield* sameGeneration;
    for (let g = generation; g >= 1; g--) yield `${series}${g}`;
  }
}
