import { z } from 'zod';
import { ARCHS, PROVIDERS, SPOT_INTERRUPTION_BANDS, type CatalogEntry } from '../model/catalog.js';

/**
 * The pricing/*.csv row format. Every column is documented in pricing/README.md; the order here
 * is the order catalogs are written in.
 */
export const CATALOG_COLUMNS = [
  'provider',
  'region',
  'instanceType',
  'family',
  'vcpu',
  'memoryGiB',
  'gpus',
  'gpuModel',
  'networkGbps',
  'arch',
  'onDemandUsdPerHour',
  'spotUsdPerHour',
  'spotInterruptionBand',
  'spotInterruptionsPerMonth',
  'commit1yUsdPerHour',
  'commit3yUsdPerHour',
  'sustainedUseUsdPerHour',
  'source',
  'asOf',
  'specSource',
  'specAsOf',
  'spotSource',
  'spotAsOf',
] as const satisfies readonly (keyof CatalogEntry)[];

export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];

/** Columns a hand-written catalog may leave out; they read as empty (or, for specSource, as `source`). */
export const OPTIONAL_COLUMNS: ReadonlySet<CatalogColumn> = new Set([
  'sustainedUseUsdPerHour',
  'specSource',
  'specAsOf',
  'spotSource',
  'spotAsOf',
]);

const quoted = (v: unknown) => JSON.stringify(v);

const text = z.string().trim().min(1, { error: 'must not be empty' });
const optionalText = z.string().trim().transform((s) => (s === '' ? null : s));

type NumberConstraint = 'positive' | 'nonnegative';

function checkNumber(raw: string, constraint: NumberConstraint, ctx: z.RefinementCtx): number | typeof z.NEVER {
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${quoted(raw)}` });
    return z.NEVER;
  }
  if (constraint === 'positive' ? !(n > 0) : !(n >= 0)) {
    ctx.addIssue({ code: 'custom', message: `${constraint === 'positive' ? 'must be > 0' : 'must be >= 0'}, got ${raw}` });
    return z.NEVER;
  }
  return n;
}

function number(constraint: NumberConstraint) {
  return z.string().transform((s, ctx): number => {
    const t = s.trim();
    if (t === '') {
      ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      return z.NEVER;
    }
    return checkNumber(t, constraint, ctx);
  });
}

function optionalNumber(constraint: NumberConstraint) {
  return z.string().transform((s, ctx): number | null => {
    const t = s.trim();
    return t === '' ? null : checkNumber(t, constraint, ctx);
  });
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const date = z.string().trim().regex(DATE, { error: (iss) => `expected a date YYYY-MM or YYYY-MM-DD, got ${quoted(iss.input)}` });
const optionalDate = z.string().trim().refine((s) => s === '' || DATE.test(s), { error: (iss) => `expected a date YYYY-MM or YYYY-MM-DD, got ${quoted(iss.input)}` }).transform((s) => (s === '' ? null : s));

const BAND_LABELS = SPOT_INTERRUPTION_BANDS.map((b) => b.label);

export const catalogRowSchema = z
  .object({
    provider: z.string().trim().pipe(z.enum(PROVIDERS as [string, ...string[]], { error: (iss) => `expected one of ${PROVIDERS.join(', ')}, got ${quoted(iss.input)}` })),
    region: text,
    instanceType: text,
    family: text,
    vcpu: number('positive'),
    memoryGiB: number('positive'),
    gpus: number('nonnegative'),
    gpuModel: optionalText,
    networkGbps: optionalNumber('positive'),
    arch: z.string().trim().pipe(z.enum(ARCHS as [string, ...string[]], { error: (iss) => `expected one of ${ARCHS.join(', ')}, got ${quoted(iss.input)}` })),
    onDemandUsdPerHour: number('positive'),
    spotUsdPerHour: optionalNumber('positive'),
    spotInterruptionBand: z
      .string()
      .trim()
      .refine((s) => s === '' || BAND_LABELS.includes(s), { error: (iss) => `expected one of ${BAND_LABELS.join(' ')} or empty, got ${quoted(iss.input)}` })
      .transform((s) => (s === '' ? null : s)),
    spotInterruptionsPerMonth: optionalNumber('nonnegative'),
    commit1yUsdPerHour: optionalNumber('positive'),
    commit3yUsdPerHour: optionalNumber('positive'),
    sustainedUseUsdPerHour: optionalNumber('positive'),
    source: text,
    asOf: date,
    specSource: optionalText,
    specAsOf: optionalDate,
    spotSource: optionalText,
    spotAsOf: optionalDate,
  })
  .superRefine((row, ctx) => {
    if (row.spotInterruptionBand !== null && row.spotInterruptionsPerMonth === null) {
      ctx.addIssue({ code: 'custom', path: ['spotInterruptionsPerMonth'], message: `required when spotInterruptionBand is set (${row.spotInterruptionBand})` });
    }
  })
  .transform((row): CatalogEntry => ({ ...row, specSource: row.specSource ?? row.source } as CatalogEntry));


export type CatalogRowInput = Record<CatalogColumn, string>;
