import { type CatalogEntry, type Provider, spotBandByLabel } from '../model/catalog.js';
import { AWS_ACCELERATOR_TABLE_ID, awsAccelerators, isAwsAcceleratedFamily } from './awsAccelerator.js';
import { awsArchFromName, awsFamilyOf } from './awsInstanceType.js';
import { AwsSpecInference, type KnownSpec } from './awsSpecInference.js';
import { azureArchFromSize, azureFamilyFromSize } from './azureVmSize.js';
import { instanceTypeKey } from './lookup.js';
import { ANY_REGION, type ImportResult, type PartialEntry } from './importers/importer.js';

/**
 * Turning importer output into catalog rows. One source is primary: its (region, type) pairs
 * are the rows. Enrichment sources (`--with`) fill the facets listed in `fill` that the
 * primary does not state, first source first. Prices are not filled by default, so a stale
 * spec file can never overwrite a current price.
 */
export type Facet = 'price' | 'spec' | 'accelerator' | 'network' | 'spot';
export const FACETS: readonly Facet[] = ['price', 'spec', 'accelerator', 'network', 'spot'];
export const DEFAULT_FILL: readonly Facet[] = ['spec', 'accelerator', 'network', 'spot'];

export interface AssembleOptions {
  readonly fill?: ReadonlySet<Facet>;
  /** Infer vCPU/memory for AWS types no source lists (AwsSpecInference). */
  readonly deriveSpecs?: boolean;
}

export interface SkippedRow {
  readonly provider: Provider;
  readonly region: string;
  readonly instanceType: string;
  readonly reason: string;
}

/** A row before validation: the combined facts and which source stated each group. */
export interface RowDraft {
  readonly provider: Provider;
  readonly region: string;
  readonly instanceType: string;
  readonly values: PartialEntry;
  readonly priceFrom?: ImportResult;
  readonly specFrom?: ImportResult;
  readonly spotFrom?: ImportResult;
  readonly bandFrom?: ImportResult;
  readonly acceleratorFrom?: ImportResult;
}

class SourceIndex {
  private readonly map = new Map<string, PartialEntry>();

  constructor(readonly result: ImportResult) {
    for (const r of result.records) {
      const k = keyOf(r.provider, r.region, r.instanceType);
      const prev = this.map.get(k);
      if (!prev) this.map.set(k, { ...r });
      else {
        const target = prev as unknown as Record<string, unknown>;
        for (const [f, v] of Object.entries(r)) if (v !== undefined && target[f] === undefined) target[f] = v;
      }
    }
  }

  /** The region's record, then the region-independent one. */
  lookup(provider: Provider, region: string, type: string): PartialEntry[] {
    const out: PartialEntry[] = [];
    const exact = this.map.get(keyOf(provider, region, type));
    if (exact) out.push(exact);
    const any = this.map.get(keyOf(provider, ANY_REGION, type));
    if (any) out.push(any);
    return out;
  }

  rows(): PartialEntry[] {
    return [...this.map.values()].filter((r) => r.region !== ANY_REGION);
  }

  specs(): Array<[string, KnownSpec]> {
    const out: Array<[string, KnownSpec]> = [];
    for (const r of this.map.values()) {
      if (r.provider === 'aws' && r.vcpu !== undefined && r.memoryGiB !== undefined) out.push([r.instanceType, { vcpu: r.vcpu, memoryGiB: r.memoryGiB }]);
    }
    return out;
  }
}

function keyOf(provider: Provider, region: string, type: string): string {
  return `${provider}/${region}/${instanceTypeKey(provider, type)}`;
}

export interface Assembled {
  readonly drafts: RowDraft[];
  readonly inference: AwsSpecInference;
}

export function draftRows(primary: ImportResult, enrichers: readonly ImportResult[], options: AssembleOptions = {}): Assembled {
  const fill = options.fill ?? new Set(DEFAULT_FILL);
  const primaryIndex = new SourceIndex(primary);
  const sources = [primaryIndex, ...enrichers.map((e) => new SourceIndex(e))];
  const inference = new AwsSpecInference(sources.flatMap((s) => s.specs()));
  const drafts: RowDraft[] = [];
  for (const row of primaryIndex.rows()) {
    const { provider, region, instanceType } = row;
    // Candidate records in precedence order, each with its source, restricted by facet.
    const candidates: Array<{ rec: PartialEntry; src: ImportResult; primary: boolean }> = [];
    sources.forEach((s, i) => {
      for (const rec of s.lookup(provider, region, instanceType)) candidates.push({ rec, src: s.result, primary: i === 0 });
    });
    const allowed = (c: { primary: boolean }, facet: Facet) => c.primary || fill.has(facet);
    const first = <T>(facet: Facet, pick: (r: PartialEntry) => T | undefined): { value: T; src: ImportResult } | undefined => {
      for (const c of candidates) {
        if (!allowed(c, facet)) continue;
        const v = pick(c.rec);
        if (v !== undefined) return { value: v, src: c.src };
      }
      return undefined;
    };

    const values: PartialEntry = { provider, region, instanceType };
    const od = first('price', (r) => r.onDemandUsdPerHour);
    if (od) values.onDemandUsdPerHour = od.value;
    for (const f of ['commit1yUsdPerHour', 'commit3yUsdPerHour', 'sustainedUseUsdPerHour'] as const) {
      const v = first('price', (r) => r[f]);
      if (v) values[f] = v.value;
    }
    const spec = first('spec', (r) => (r.vcpu !== undefined && r.memoryGiB !== undefined ? { vcpu: r.vcpu, memoryGiB: r.memoryGiB } : undefined));
    if (spec) Object.assign(values, spec.value);
    const family = first('spec', (r) => r.family);
    if (family) values.family = family.value;
    const arch = first('spec', (r) => r.arch);
    if (arch) values.arch = arch.value;
    const gpus = first('accelerator', (r) => r.gpus);
    if (gpus) values.gpus = gpus.value;
    const gpuModel = first('accelerator', (r) => (r.gpuModel === null && gpus && gpus.value > 0 ? undefined : r.gpuModel));
    if (gpuModel) values.gpuModel = gpuModel.value;
    const net = first('network', (r) => r.networkGbps);
    if (net) values.networkGbps = net.value;
    const spot = first('spot', (r) =>
      r.spotUsdPerHour !== undefined ? { price: r.spotUsdPerHour } : r.spotSavingsFraction !== undefined ? { savings: r.spotSavingsFraction } : undefined,
    );
    if (spot) {
      if ('price' in spot.value) values.spotUsdPerHour = spot.value.price;
      else values.spotSavingsFraction = spot.value.savings;
    }
    const band = first('spot', (r) => r.spotInterruptionBand);
    if (band) values.spotInterruptionBand = band.value;

    drafts.push({
      provider,
      region,
      instanceType,
      values,
      ...(od ? { priceFrom: od.src } : {}),
      ...(spec ? { specFrom: spec.src } : {}),
      ...(spot ? { spotFrom: spot.src } : {}),
      ...(band ? { bandFrom: band.src } : {}),
      ...(gpus ? { acceleratorFrom: gpus.src } : {}),
    });
  }
  return { drafts, inference };
}

function defaultFamily(provider: Provider, type: string): string {
  if (provider === 'aws') return awsFamilyOf(type);
  if (provider === 'gcp') return type.split('-')[0]!;
  return azureFamilyFromSize(type);
}

export type FinalizeResult = { entry: CatalogEntry } | { skipped: SkippedRow };

/**
 * Validates a draft into a catalog row, filling what rules can fill (family and arch from the
 * name, spot price from the Advisor's savings, the AWS accelerator table, inferred specs).
 * `base` is the existing row when merging into a catalog: the draft's facts override it.
 */
export function finalizeDraft(draft: RowDraft, assembled: Assembled, options: AssembleOptions = {}, base?: CatalogEntry): FinalizeResult {
  const v = draft.values;
  const { provider, region, instanceType } = draft;
  const skip = (reason: string): FinalizeResult => ({ skipped: { provider, region, instanceType, reason } });

  const onDemand = v.onDemandUsdPerHour ?? base?.onDemandUsdPerHour;
  if (onDemand === undefined) return skip('no on-demand price in any source');
  const source = draft.priceFrom?.sourceId ?? base?.source;
  const asOf = draft.priceFrom ? draft.priceFrom.asOf : base?.asOf;
  if (!source || !asOf) return skip('the price source has no data date (pass --as-of)');

  let vcpu = v.vcpu ?? base?.vcpu;
  let memoryGiB = v.memoryGiB ?? base?.memoryGiB;
  let specSource = draft.specFrom?.sourceId ?? base?.specSource;
  let specAsOf = draft.specFrom ? draft.specFrom.asOf : (base?.specAsOf ?? null);
  if ((vcpu === undefined || memoryGiB === undefined) && provider === 'aws' && options.deriveSpecs) {
    const inferred = assembled.inference.infer(instanceType);
    if (inferred) {
      vcpu = inferred.vcpu;
      memoryGiB = inferred.memoryGiB;
      specSource = `derived:size-name+${inferred.donorFamily}-ratio`;
      specAsOf = null;
    }
  }
  if (vcpu === undefined || memoryGiB === undefined) {
    const hint = provider === 'aws' && !options.deriveSpecs ? ' (--derive-specs can infer them for AWS)' : provider === 'aws' && isAwsAcceleratedFamily(instanceType) ? ' (accelerated family: not inferred)' : '';
    return skip(`no vCPU/memory in any source${hint}`);
  }

  let gpus = v.gpus ?? base?.gpus;
  let gpuModel = v.gpuModel !== undefined ? v.gpuModel : base?.gpuModel;
  if (provider === 'aws') {
    const table = awsAccelerators(instanceType);
    if (table) {
      gpus = table.gpus;
      gpuModel = table.gpuModel;
      if (!specSource?.includes(AWS_ACCELERATOR_TABLE_ID)) specSource = `${specSource}+${AWS_ACCELERATOR_TABLE_ID}`;
    } else if (isAwsAcceleratedFamily(instanceType) && !(gpus !== undefined && gpus > 0)) {
      return skip('accelerated family with no known accelerator count (not in the accelerator table or any source)');
    }
  }
  gpus ??= 0;
  if (gpus === 0) gpuModel = null;

  let spotUsdPerHour = v.spotUsdPerHour !== undefined ? v.spotUsdPerHour : base?.spotUsdPerHour ?? null;
  if (v.spotUsdPerHour === undefined && v.spotSavingsFraction !== undefined) spotUsdPerHour = onDemand * (1 - v.spotSavingsFraction);
  let spotSource = draft.spotFrom?.sourceId ?? base?.spotSource ?? null;
  let spotAsOf = draft.spotFrom ? draft.spotFrom.asOf : (base?.spotAsOf ?? null);
  const bandLabel = v.spotInterruptionBand !== undefined ? v.spotInterruptionBand : base?.spotInterruptionBand ?? null;
  const band = bandLabel ? spotBandByLabel(bandLabel) : undefined;
  if (bandLabel && !band) return skip(`unknown spot interruption band ${JSON.stringify(bandLabel)}`);
  if (spotUsdPerHour === null && band === undefined) {
    spotSource = null;
    spotAsOf = null;
  } else if (spotSource === null && draft.bandFrom) {
    spotSource = draft.bandFrom.sourceId;
    spotAsOf = draft.bandFrom.asOf;
  }

  const entry: CatalogEntry = {
    provider,
    region,
    instanceType: base?.instanceType ?? instanceType,
    family: v.family ?? base?.family ?? defaultFamily(provider, instanceType),
    vcpu,
    memoryGiB,
    gpus,
    gpuModel: gpuModel ?? null,
    networkGbps: v.networkGbps !== undefined ? v.networkGbps : base?.networkGbps ?? null,
    arch: v.arch ?? base?.arch ?? (provider === 'aws' ? awsArchFromName(instanceType) : provider === 'azure' ? azureArchFromSize(instanceType) : 'x86_64'),
    onDemandUsdPerHour: onDemand,
    spotUsdPerHour,
    spotInterruptionBand: band?.label ?? null,
    spotInterruptionsPerMonth: band?.interruptionsPerMonth ?? null,
    commit1yUsdPerHour: v.commit1yUsdPerHour !== undefined ? v.commit1yUsdPerHour : base?.commit1yUsdPerHour ?? null,
    commit3yUsdPerHour: v.commit3yUsdPerHour !== undefined ? v.commit3yUsdPerHour : base?.commit3yUsdPerHour ?? null,
    sustainedUseUsdPerHour: v.sustainedUseUsdPerHour !== undefined ? v.sustainedUseUsdPerHour : base?.sustainedUseUsdPerHour ?? null,
    source,
    asOf,
    specSource: specSource ?? source,
    specAsOf,
    spotSource,
    spotAsOf,
  };
  return { entry };
}
