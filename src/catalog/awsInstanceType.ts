import type { Arch } from '../model/catalog.js';

/**
 * What an EC2 instance type's name says. AWS names follow `<family>.<size>`, the family being
 * `<series letters><generation><attribute letters>[-<variant>]` ("c7gn", "m8i-flex",
 * "p6-b300", "u7i-12tb"), and the size a fixed ladder of vCPU counts.
 */
export interface AwsFamilyParts {
  readonly series: string;
  readonly generation: number;
  readonly attributes: string;
  /** "-flex", "-b300", "-12tb" or "". */
  readonly variant: string;
}

export function awsFamilyOf(instanceType: string): string {
  const dot = instanceType.indexOf('.');
  return dot > 0 ? instanceType.slice(0, dot) : instanceType;
}

export function awsSizeOf(instanceType: string): string {
  const dot = instanceType.indexOf('.');
  return dot > 0 ? instanceType.slice(dot + 1) : '';
}

export function awsFamilyParts(family: string): AwsFamilyParts | undefined {
  const m = /^([a-z]+)(\d+)([a-z]*)(-[a-z0-9-]+)?$/.exec(family);
  if (!m) return undefined;
  return { series: m[1]!, generation: Number(m[2]), attributes: m[3]!, variant: m[4] ?? '' };
}

/**
 * Graviton (arm64) families carry a "g" as the first attribute letter after the generation
 * (m6g, c7gn, r8gd, x2gd, im4gn, is4gen, t4g, g5g, hpc7g, c9g); a1 is the first-generation
 * Graviton. Everything else on EC2 is x86_64 (mac families aside; none are in the catalogs).
 */
export function awsArchFromName(instanceType: string): Arch {
  const family = awsFamilyOf(instanceType);
  if (family === 'a1') return 'arm64';
  const parts = awsFamilyParts(family);
  return parts !== undefined && parts.attributes.startsWith('g') ? 'arm64' : 'x86_64';
}

/**
 * vCPUs implied by the size name on the standard ladder: medium 1, large 2, xlarge 4,
 * Nxlarge 4N, metal-Nxl 4N. Undefined for sizes off the ladder (nano, micro, small, plain
 * "metal"), whose vCPU count varies by family.
 */
export function awsVcpuFromSize(size: string): number | undefined {
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const m = /^(?:metal-)?(\d+)xl(?:arge)?$/.exec(size);
  return m ? 4 * Number(m[1]) : undefined;
}

/** metal-48xl and 48xlarge are the same shape (bare metal vs virtualized). */
export function awsCanonicalSize(size: string): string {
  const m = /^metal-(\d+)xl$/.exec(size);
  return m ? `${m[1]}xlarge` : size;
}
