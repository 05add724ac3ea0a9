/**
 * One priced instance type in one region: the row of a bundled catalog (pricing/*.csv) and the
 * record every other module prices against. Field names are a contract (scenario lookups, the
 * engine, reports); add fields, never rename them.
 *
 * Prices are list prices in USD per instance-hour for Linux, shared tenancy.
 */
export type Provider = 'aws' | 'gcp' | 'azure';
export const PROVIDERS: readonly Provider[] = ['aws', 'gcp', 'azure'];

export type Arch = 'x86_64' | 'arm64';
export const ARCHS: readonly Arch[] = ['x86_64', 'arm64'];

export interface CatalogEntry {
  readonly provider: Provider;
  /** Provider region code: "us-east-1", "us-central1", "westeurope". */
  readonly region: string;
  /** The provider's own spelling: "m5.large", "n2-standard-4", "Standard_D2s_v5". */
  readonly instanceType: string;
  /** Instance family / machine series: "m5", "n2", "Dsv5". */
  readonly family: string;
  /** vCPUs; fractional for GCP shared-core types (e2-micro = 0.25). */
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Accelerators (GPUs, Inferentia/Trainium chips); fractional for GPU slices. 0 when none. */
  readonly gpus: number;
  readonly gpuModel: string | null;
  /** Network bandwidth in Gbit/s; for "up to N" types this is the burst ceiling N. */
  readonly networkGbps: number | null;
  readonly arch: Arch;
  readonly onDemandUsdPerHour: number;
  readonly spotUsdPerHour: number | null;
  /** The Spot Advisor label exactly as published ("<5%", "5-10%", …, ">20%"). */
  readonly spotInterruptionBand: string | null;
  /** Expected interruptions per spot instance per 730 h; see SPOT_INTERRUPTION_BANDS. */
  readonly spotInterruptionsPerMonth: number | null;
  /** Effective USD/h of a 1-year commitment (see pricing/README.md for which one per provider). */
  readonly commit1yUsdPerHour: number | null;
  readonly commit3yUsdPerHour: number | null;
  /**
   * GCP only: effective USD/h of a VM that runs the whole 730 h month, sustained-use discount
   * included (the price list's `month` / 730). Null where no such discount applies.
   */
  readonly sustainedUseUsdPerHour: number | null;
  /** File the prices came from, and its data date (YYYY-MM or YYYY-MM-DD). */
  readonly source: string;
  readonly asOf: string;
  /** File the vCPU/memory figures came from, or "derived:…" when inferred (pricing/README.md). */
  readonly specSource: string;
  readonly specAsOf: string | null;
  readonly spotSource: string | null;
  readonly spotAsOf: string | null;
}

export interface SpotInterruptionBand {
  /** AWS Spot Advisor `r` index. */
  readonly index: number;
  readonly label: string;
  /** Expected interruptions per spot instance per 730 h. */
  readonly interruptionsPerMonth: number;
}

/**
 * AWS Spot Advisor publishes, per (type, region), the share of spot capacity reclaimed over the
 * trailing month as one of five bands. capsim reads a band as a rate: expected interruptions per
 * spot instance per 730 h. PRODUCT.md fixes "<5%" at 0.05, the band's upper edge, so every closed
 * band maps to its upper edge (a deliberately pessimistic reading for spot). The open ">20%" band
 * has no edge; 0.25 is the representative value models.md §4 uses for it. Scenarios can override
 * the rate per pool (`spot.interruptionsPerMonth`).
 */
export const SPOT_INTERRUPTION_BANDS: readonly SpotInterruptionBand[] = [
  { index: 0, label: '<5%', interruptionsPerMonth: 0.05 },
  { index: 1, label: '5-10%', interruptionsPerMonth: 0.1 },
  { index: 2, label: '10-15%', interruptionsPerMonth: 0.15 },
  { index: 3, label: '15-20%', interruptionsPerMonth: 0.2 },
  { index: 4, label: '>20%', interruptionsPerMonth: 0.25 },
];

/** The band for an Advisor label; tolerant of spaces and en-dashes ("5 – 10 %"). */
export function spotBandByLabel(label: string): SpotInterruptionBand | undefined {
  const norm = label.replace(/\s+/g, '').replace(/[–—]/g, '-');
  return SPOT_INTERRUPTION_BANDS.find((b) => b.label === norm);
}

export function spotBandByIndex(index: number): SpotInterruptionBand | undefined {
  return SPOT_INTERRUPTION_BANDS[index];
}

/** "aws/us-east-1" → the pair; the scenario's `catalog:` key uses this spelling. */
export function parseCatalogRef(ref: string): { provider: Provider; region: string } | undefined {
  const slash = ref.indexOf('/');
  if (slash <= 0) return undefined;
  const provider = ref.slice(0, slash).toLowerCase();
  const region = ref.slice(slash + 1);
  if (!(PROVIDERS as readonly string[]).includes(provider) || region === '') return undefined;
  return { provider: provider as Provider, region };
}
