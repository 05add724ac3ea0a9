import type { Arch } from '../model/catalog.js';
import { reservedEffectiveUsdPerHour } from '../model/billing/commitment.js';
import { HOURS_PER_YEAR } from '../model/time.js';
import { awsArchFromName, awsFamilyOf } from './awsInstanceType.js';
import { type PartialEntry, parseMemoryGiB, parseNetworkGbps, positiveNumber } from './importers/importer.js';

/**
 * What the two AWS Price List formats (GetProducts JSON, the bulk offer-file CSV) share: which
 * products are "Linux, shared tenancy, on-demand capacity" and how their terms turn into
 * catalog prices.
 */
export interface ProductAttributes {
  readonly productFamily: string;
  readonly operatingSystem: string;
  readonly tenancy: string;
  readonly preInstalledSw: string;
  /** Absent in older lists; "Used" is the ordinary instance (not a capacity reservation line). */
  readonly capacityStatus?: string;
  /** Absent in older lists; "No License required" excludes bring-your-own-license lines. */
  readonly licenseModel?: string;
}

export function isLinuxSharedInstance(a: ProductAttributes): boolean {
  return (
    (a.productFamily === 'Compute Instance' || a.productFamily === 'Compute Instance (bare metal)') &&
    a.operatingSystem === 'Linux' &&
    a.tenancy === 'Shared' &&
    a.preInstalledSw === 'NA' &&
    (a.capacityStatus === undefined || a.capacityStatus === '' || a.capacityStatus === 'Used') &&
    (a.licenseModel === undefined || a.licenseModel === '' || a.licenseModel === 'No License required')
  );
}

export interface ProductSpec {
  readonly vcpu?: string;
  readonly memory?: string;
  readonly gpu?: string;
  readonly networkPerformance?: string;
  readonly physicalProcessor?: string;
}

/** Specs as the price list states them: "2", "8 GiB", "Up to 10 Gigabit", "AWS Graviton2 Processor". */
export function specFromProduct(region: string, instanceType: string, s: ProductSpec): PartialEntry {
  const entry: PartialEntry = { provider: 'aws', region, instanceType, family: awsFamilyOf(instanceType) };
  const vcpu = positiveNumber(s.vcpu);
  if (vcpu !== undefined) entry.vcpu = vcpu;
  const mem = s.memory ? parseMemoryGiB(s.memory) : undefined;
  if (mem !== undefined) entry.memoryGiB = mem;
  if (s.gpu !== undefined && s.gpu !== '') {
    const g = Number(s.gpu);
    if (Number.isFinite(g) && g >= 0) {
      entry.gpus = g;
      if (g === 0) entry.gpuModel = null;
    }
  }
  if (s.networkPerformance) entry.networkGbps = parseNetworkGbps(s.networkPerformance);
  const arch: Arch = s.physicalProcessor && /graviton/i.test(s.physicalProcessor) ? 'arm64' : awsArchFromName(instanceType);
  entry.arch = arch;
  return entry;
}

interface ReservedTerm {
  region: string;
  type: string;
  years: 1 | 3;
  option: string;
  upfrontUsd: number;
  hourlyUsd: number;
}

// Standard-class RIs, no upfront preferred: the headline commitment rate (pricing/README.md).
const OPTION_PREFERENCE = ['No Upfront', 'Partial Upfront', 'All Upfront'];

/**
 * Collects on-demand prices, reserved terms and specs per (region, type) as rows stream past;
 * memory grows with the number of distinct priced types, not with the file.
 */
export class PriceListAccumulator {
  private readonly onDemand = new Map<string, { region: string; type: string; usd: number }>();
  private readonly reserved = new Map<string, ReservedTerm>();
  private readonly specs = new Map<string, PartialEntry>();
  conflicts = 0;

  addOnDemand(region: string, type: string, usdPerHour: number): void {
    const k = `${region}/${type}`;
    const prev = this.onDemand.get(k);
    if (prev && prev.usd !== usdPerHour) this.conflicts++;
    // Several SKUs can price one type (older lists); the lowest is the plain instance.
    if (!prev || usdPerHour < prev.usd) this.onDemand.set(k, { region, type, usd: usdPerHour });
  }

  /**
   * One price dimension of a reserved term. `termKey` groups the upfront fee ("Quantity") and
   * the recurring hourly fee ("Hrs") of one offer (SKU + offer term code).
   */
  addReservedDimension(termKey: string, region: string, type: string, lease: string, option: string, offeringClass: string, unit: string, usd: number): void {
    if (offeringClass.toLowerCase() !== 'standard') return;
    const years = lease.startsWith('1') ? 1 : lease.startsWith('3') ? 3 : undefined;
    if (years === undefined) return;
    let t = this.reserved.get(termKey);
    if (!t) this.reserved.set(termKey, (t = { region, type, years, option, upfrontUsd: 0, hourlyUsd: 0 }));
    if (unit === 'Quantity') t.upfrontUsd += usd;
    else if (unit === 'Hrs') t.hourlyUsd += usd;
  }

  hasSpec(region: string, type: string): boolean {
    return this.specs.has(`${region}/${type}`);
  }

  addSpec(spec: PartialEntry): void {
    const k = `${spec.region}/${spec.instanceType}`;
    if (!this.specs.has(k)) this.specs.set(k, spec);
  }

  get pricedCount(): number {
    return this.onDemand.size;
  }

  records(): PartialEntry[] {
    const best = new Map<string, { term: ReservedTerm; rank: number }>();
    for (const t of this.reserved.values()) {
      const rank = OPTION_PREFERENCE.indexOf(t.option);
      if (rank < 0) continue;
      const k = `${t.region}/${t.type}/${t.years}`;
      const cur = best.get(k);
      if (!cur || rank < cur.rank) best.set(k, { term: t, rank });
    }
    const rate = (region: string, type: string, years: 1 | 3): number | null => {
      const b = best.get(`${region}/${type}/${years}`);
      if (!b) return null;
      const r = reservedEffectiveUsdPerHour({ upfrontUsd: b.term.upfrontUsd, recurringUsdPerHour: b.term.hourlyUsd, termHours: years * HOURS_PER_YEAR });
      return r > 0 ? r : null;
    };
    const out: PartialEntry[] = [];
    for (const [k, od] of this.onDemand) {
      const spec = this.specs.get(k) ?? { provider: 'aws' as const, region: od.region, instanceType: od.type, family: awsFamilyOf(od.type) };
      out.push({
        ...spec,
        onDemandUsdPerHour: od.usd,
        commit1yUsdPerHour: rate(od.region, od.type, 1),
        commit3yUsdPerHour: rate(od.region, od.type, 3),
      });
    }
    return out;
  }
}
