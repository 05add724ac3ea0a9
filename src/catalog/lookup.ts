import type { Arch, CatalogEntry, Provider } from '../model/catalog.js';
import { RuntimeUserError } from '../model/errors.js';

/**
 * The lookup key of an instance type: case-insensitive, and for Azure the "Standard_" prefix is
 * optional ("D2s_v5", "standard_d2s_v5" and "Standard_D2s_v5" are the same size).
 */
export function instanceTypeKey(provider: Provider, instanceType: string): string {
  const t = instanceType.trim().toLowerCase();
  return provider === 'azure' && t.startsWith('standard_') ? t.slice('standard_'.length) : t;
}

export interface CatalogQuery {
  readonly provider?: Provider;
  readonly region?: string;
  /** Case-insensitive family / series name: "m5", "n2", "Dsv5". */
  readonly family?: string;
  readonly minVcpu?: number;
  readonly minMemoryGiB?: number;
  /** true: only types with accelerators; false: only types without. */
  readonly gpu?: boolean;
  readonly arch?: Arch;
  readonly maxOnDemandUsdPerHour?: number;
}

export interface CatalogRegionSummary {
  readonly provider: Provider;
  readonly region: string;
  readonly types: number;
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * All loaded catalogs, indexed once. `get` is a single Map lookup. When two catalogs hold the
 * same (provider, region, type), the one loaded later wins, so a user catalog can override a
 * bundled row.
 */
export class CatalogIndex {
  readonly entries: readonly CatalogEntry[];
  private readonly byKey = new Map<string, CatalogEntry>();
  private readonly byType = new Map<string, CatalogEntry[]>();

  constructor(entries: Iterable<CatalogEntry>) {
    for (const e of entries) this.byKey.set(key(e.provider, e.region, e.instanceType), e);
    this.entries = [...this.byKey.values()];
    for (const e of this.entries) {
      const k = `${e.provider}/${instanceTypeKey(e.provider, e.instanceType)}`;
      const list = this.byType.get(k);
      if (list) list.push(e);
      else this.byType.set(k, [e]);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** O(1). */
  get(provider: Provider, region: string, instanceType: string): CatalogEntry | undefined {
    return this.byKey.get(key(provider, region, instanceType));
  }

  /** Like get, but a miss is a user error naming what exists instead. */
  require(provider: Provider, region: string, instanceType: string): CatalogEntry {
    const hit = this.get(provider, region, instanceType);
    if (hit) return hit;
    throw new RuntimeUserError(this.describeMiss(instanceType, { provider, region }));
  }

  /** Every region's row for a type, optionally narrowed to a provider and/or region. */
  find(instanceType: string, where: { provider?: Provider; region?: string } = {}): CatalogEntry[] {
    const providers: Provider[] = where.provider ? [where.provider] : ['aws', 'gcp', 'azure'];
    const out: CatalogEntry[] = [];
    for (const p of providers) {
      for (const e of this.byType.get(`${p}/${instanceTypeKey(p, instanceType)}`) ?? []) {
        if (where.region === undefined || e.region === where.region) out.push(e);
      }
    }
    return out;
  }

  query(q: CatalogQuery): CatalogEntry[] {
    const family = q.family?.toLowerCase();
    return this.entries.filter(
      (e) =>
        (q.provider === undefined || e.provider === q.provider) &&
        (q.region === undefined || e.region === q.region) &&
        (family === undefined || e.family.toLowerCase() === family) &&
        (q.minVcpu === undefined || e.vcpu >= q.minVcpu) &&
        (q.minMemoryGiB === undefined || e.memoryGiB >= q.minMemoryGiB) &&
        (q.gpu === undefined || (e.gpus > 0) === q.gpu) &&
        (q.arch === undefined || e.arch === q.arch) &&
        (q.maxOnDemandUsdPerHour === undefined || e.onDemandUsdPerHour <= q.maxOnDemandUsdPerHour),
    );
  }

  /** Each (provider, region) with its type count and source files → dates. */
  regions(): CatalogRegionSummary[] {
    const map = new Map<string, { provider: Provider; region: string; types: number; sources: Map<string, string> }>();
    for (const e of this.entries) {
      const k = `${e.provider}/${e.region}`;
      let s = map.get(k);
      if (!s) map.set(k, (s = { provider: e.provider, region: e.region, types: 0, sources: new Map() }));
      s.types++;
      s.sources.set(e.source, e.asOf);
      if (e.spotSource && e.spotAsOf) s.sources.set(e.spotSource, e.spotAsOf);
      if (e.specAsOf) s.sources.set(e.specSource, e.specAsOf);
    }
    return [...map.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.region.localeCompare(b.region));
  }

  describeMiss(instanceType: string, where: { provider?: Provider; region?: string }): string {
    const scope = [where.provider, where.region].filter(Boolean).join('/') || 'any catalog';
    const elsewhere = this.find(instanceType, { ...(where.provider ? { provider: where.provider } : {}) });
    if (elsewhere.length > 0) {
      const regions = [...new Set(elsewhere.map((e) => `${e.provider}/${e.region}`))].sort().join(', ');
      return `instance type ${instanceType} is not in ${scope}; it is in ${regions}`;
    }
    const candidates = this.entries.filter((e) => (!where.provider || e.provider === where.provider) && (!where.region || e.region === where.region));
    const close = nearest(instanceType, [...new Set(candidates.map((e) => e.instanceType))]);
    return `unknown instance type ${instanceType} in ${scope}${close.length ? `; did you mean ${close.join(', ')}?` : ''}`;
  }
}

function key(provider: Provider, region: string, instanceType: string): string {
  return `${provider}/${region}/${instanceTypeKey(provider, instanceType)}`;
}

function nearest(name: string, names: readonly string[]): string[] {
  const target = name.toLowerCase();
  const scored = names.map((n) => ({ n, d: editDistance(target, n.toLowerCase()) }));
  const limit = Math.max(2, Math.floor(target.length / 4));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map((s) => s.n);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
