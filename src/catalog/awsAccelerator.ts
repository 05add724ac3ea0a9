import { awsFamilyOf, awsFamilyParts, awsSizeOf } from './awsInstanceType.js';

/**
 * Accelerators per EC2 instance size. None of the bundled sources gives accelerator counts for
 * types launched after mid-2022 (the Spot Advisor lists only vCPUs and memory), so this table
 * records them from AWS's instance-type pages. It is knowledge, not data from a file: it takes
 * precedence over source files (it also corrects the 2022 ec2instances.info CSV, which lists
 * p4d as V100), and rows that use it name it in their specSource. Families that look
 * accelerated but are missing here (g6f/gr6f GPU slices, g7) are left out of catalogs rather
 * than guessed; see pricing/README.md.
 */
interface AcceleratorFamily {
  readonly model: string;
  readonly countBySize: Readonly<Record<string, number>>;
}

const ONE_TO_SIXTEEN = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1 };
const G_LADDER = { ...ONE_TO_SIXTEEN, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 };

export const AWS_ACCELERATORS: Readonly<Record<string, AcceleratorFamily>> = {
  g2: { model: 'NVIDIA GRID K520', countBySize: { '2xlarge': 1, '8xlarge': 4 } },
  g3s: { model: 'NVIDIA Tesla M60', countBySize: { xlarge: 1 } },
  g3: { model: 'NVIDIA Tesla M60', countBySize: { '4xlarge': 1, '8xlarge': 2, '16xlarge': 4 } },
  g4ad: { model: 'AMD Radeon Pro V520', countBySize: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 2, '16xlarge': 4 } },
  g4dn: { model: 'NVIDIA T4', countBySize: { ...ONE_TO_SIXTEEN, '12xlarge': 4, metal: 8 } },
  g5: { model: 'NVIDIA A10G', countBySize: G_LADDER },
  g5g: { model: 'NVIDIA T4G', countBySize: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 2, metal: 2 } },
  g6: { model: 'NVIDIA L4', countBySize: G_LADDER },
  gr6: { model: 'NVIDIA L4', countBySize: { '4xlarge': 1, '8xlarge': 1 } },
  g6e: { model: 'NVIDIA L40S', countBySize: G_LADDER },
  g7e: { model: 'NVIDIA RTX PRO 6000 Blackwell Server Edition', countBySize: { '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '12xlarge': 2, '24xlarge': 4, '48xlarge': 8 } },
  p2: { model: 'NVIDIA Tesla K80', countBySize: { xlarge: 1, '8xlarge': 8, '16xlarge': 16 } },
  p3: { model: 'NVIDIA Tesla V100', countBySize: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  p3dn: { model: 'NVIDIA Tesla V100 32GB', countBySize: { '24xlarge': 8 } },
  p4d: { model: 'NVIDIA A100 40GB', countBySize: { '24xlarge': 8 } },
  p4de: { model: 'NVIDIA A100 80GB', countBySize: { '24xlarge': 8 } },
  p5: { model: 'NVIDIA H100', countBySize: { '4xlarge': 1, '48xlarge': 8 } },
  p5e: { model: 'NVIDIA H200', countBySize: { '48xlarge': 8 } },
  p5en: { model: 'NVIDIA H200', countBySize: { '48xlarge': 8 } },
  'p6-b200': { model: 'NVIDIA B200', countBySize: { '48xlarge': 8 } },
  'p6-b300': { model: 'NVIDIA B300', countBySize: { '48xlarge': 8 } },
  inf1: { model: 'AWS Inferentia', countBySize: { xlarge: 1, '2xlarge': 1, '6xlarge': 4, '24xlarge': 16 } },
  inf2: { model: 'AWS Inferentia2', countBySize: { xlarge: 1, '8xlarge': 1, '24xlarge': 6, '48xlarge': 12 } },
  trn1: { model: 'AWS Trainium', countBySize: { '2xlarge': 1, '32xlarge': 16 } },
  trn1n: { model: 'AWS Trainium', countBySize: { '32xlarge': 16 } },
  dl1: { model: 'Habana Gaudi', countBySize: { '24xlarge': 8 } },
};

export const AWS_ACCELERATOR_TABLE_ID = 'capsim accelerator table';

export function awsAccelerators(instanceType: string): { gpus: number; gpuModel: string } | undefined {
  const fam = AWS_ACCELERATORS[awsFamilyOf(instanceType)];
  const count = fam?.countBySize[awsSizeOf(instanceType)];
  return fam && count !== undefined ? { gpus: count, gpuModel: fam.model } : undefined;
}

/** GPU (g, gr, p), Inferentia, Trainium and Gaudi (dl) families: a count of 0 would be wrong. */
export function isAwsAcceleratedFamily(instanceType: string): boolean {
  const parts = awsFamilyParts(awsFamilyOf(instanceType));
  return parts !== undefined && ['g', 'gr', 'p', 'inf', 'trn', 'dl'].includes(parts.series);
}
