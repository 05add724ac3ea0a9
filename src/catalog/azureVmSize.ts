import type { Arch } from '../model/catalog.js';

/**
 * Azure size names: `Standard_<family letters><vCPUs><feature letters>[_<version>]`. A lowercase
 * "p" among the feature letters marks an Arm (Ampere / Cobalt) size: D2ps_v5, E4pds_v5, D8plds_v6.
 */
export function azureArchFromSize(vmSize: string): Arch {
  return /^(?:Standard_)?[A-Z]+\d+(?:-\d+)?[a-z]*p[a-z]*(?:_|$)/.test(vmSize) ? 'arm64' : 'x86_64';
}

/** "standardDSv2Family" → "DSv2" (the Azure Batch / quota family name without decoration). */
export function azureFamilyFromQuotaName(vmFamily: string): string {
  return vmFamily.replace(/^(standard|basic)/i, '').replace(/Family$/i, '') || vmFamily;
}

/** "Virtual Machines Dsv5 Series" → "Dsv5"; "Virtual Machines DCsv2 Series Linux" → "DCsv2". */
export function azureFamilyFromProductName(productName: string): string | undefined {
  const m = /^Virtual Machines (.+?) Series\b/.exec(productName);
  return m ? m[1]!.replace(/\s+/g, '') : undefined;
}

/** "D2s_v5" → "Standard_D2s_v5"; names already prefixed are kept. */
export function azureCanonicalSize(size: string): string {
  return /^standard_/i.test(size) ? `Standard_${size.slice('standard_'.length)}` : `Standard_${size}`;
}

/** "Standard_D2s_v5" → "Dsv5", "Standard_NC24ads_A100_v4" → "NCadsv4", "Standard_A1_v2" → "Av2". */
export function azureFamilyFromSize(vmSize: string): string {
  const m = /^(?:Standard_)?([A-Z]+)\d+(?:-\d+)?([a-z]*)(?:_[A-Za-z0-9]+?)*?(?:_(v\d+))?$/.exec(vmSize);
  return m ? `${m[1]}${m[2]}${m[3] ?? ''}` : vmSize.replace(/^Standard_/, '');
}

const GPU_TOKENS: Readonly<Record<string, string>> = {
  A100: 'NVIDIA A100',
  H100: 'NVIDIA H100',
  H200: 'NVIDIA H200',
  A10: 'NVIDIA A10',
  T4: 'NVIDIA T4',
  V100: 'NVIDIA V100',
  L4: 'NVIDIA L4',
  L40S: 'NVIDIA L40S',
  MI300X: 'AMD Instinct MI300X',
};

/** Newer GPU sizes name their GPU: Standard_NC40ads_H100_v5 → "NVIDIA H100". */
export function azureGpuModelFromSize(vmSize: string): string | undefined {
  for (const token of vmSize.split('_')) {
    const model = GPU_TOKENS[token];
    if (model) return model;
  }
  return undefined;
}

/** NP sizes carry Xilinx FPGAs, which Azure Batch counts as GPUs; capsim does not. */
export function isAzureFpgaSize(vmSize: string): boolean {
  return /^Standard_NP\d/.test(vmSize);
}
