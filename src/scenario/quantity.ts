import type { Unit } from 'mathjs';
import { math, normalizeUnitText } from './math.js';

/**
 * Quantities in scenario files: a plain number in the key's canonical unit, or a string with a
 * unit (`2 GB/s`, `400 req/s`, `2400 vCPU-h`) read by mathjs's unit parser. Only `math.unit` is
 * used, never `evaluate`, so a quantity string cannot contain arithmetic or function calls.
 */
export type QuantityKind =
  | 'requestRate'
  | 'eventRate'
  | 'byteRate'
  | 'bytes'
  | 'work'
  | 'money'
  | 'dimensionless'
  | 'fraction';

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string };

interface KindInfo {
  /** The unit a plain number is read in; '' for pure numbers. */
  readonly canonical: string;
  /** How messages name the kind: "a request rate". */
  readonly noun: string;
  /** A value users can copy. */
  readonly example: string;
  /** mathjs spelling of `canonical`, for dimensioned kinds. */
  readonly mathUnit?: string;
}

export const QUANTITY_KINDS: Readonly<Record<QuantityKind, KindInfo>> = {
  requestRate: { canonical: 'req/s', noun: 'a request rate', example: '400 req/s', mathUnit: 'req/s' },
  eventRate: { canonical: 'events/s', noun: 'an event rate', example: '5000 events/s', mathUnit: 'event/s' },
  byteRate: { canonical: 'MB/s', noun: 'a data rate', example: '150 MB/s', mathUnit: 'MB/s' },
  bytes: { canonical: 'GB', noun: 'a data size', example: '50 GB', mathUnit: 'GB' },
  work: { canonical: 'vCPU-h', noun: 'an amount of compute work', example: '2400 vCPU-h', mathUnit: 'vCPU h' },
  money: { canonical: 'USD', noun: 'an amount of money', example: '1200' },
  dimensionless: { canonical: '', noun: 'a number', example: '3' },
  fraction: { canonical: '', noun: 'a fraction between 0 and 1', example: '0.7' },
};

/** The canonical unit of each kind, for docs and JSON Schema descriptions ('' = plain number). */
export const CANONICAL_UNIT: Readonly<Record<QuantityKind, string>> = Object.fromEntries(
  Object.entries(QUANTITY_KINDS).map(([k, v]) => [k, v.canonical]),
) as Record<QuantityKind, string>;

// Names for what a mis-kinded quantity actually is, so the message can say "is a data rate"
// rather than only "is wrong". First match wins.
const FAMILIES: ReadonlyArray<readonly [string, string]> = [
  ['req/s', 'a request rate'],
  ['event/s', 'an event rate'],
  ['B/s', 'a data rate'],
  ['B', 'a data size'],
  ['vCPU h', 'an amount of compute work'],
  ['vCPU', 'a vCPU count'],
  ['req', 'a number of requests'],
  ['event', 'a number of events'],
  ['s', 'a duration'],
  ['1/s', 'a frequency'],
  ['m', 'a length'],
  ['kg', 'a mass'],
];

// Counts per second: "400/s" or "400 Hz" is unambiguous for a request or event rate.
const PER_SECOND_KINDS: ReadonlySet<QuantityKind> = new Set(['requestRate', 'eventRate']);

const MAX_TEXT = 200;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const MONEY = /^\$?\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*USD)?$/i;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*%$/;

// Spellings people reach for that mathjs does not know, with the one it does.
const UNIT_HINTS: ReadonlyMap<string, string> = new Map([
  ['KB', 'kB'],
  ['Kb', 'kb'],
  ['kbit', 'kb'],
  ['Mbit', 'Mb'],
  ['Gbit', 'Gb'],
  ['Tbit', 'Tb'],
  ['d', 'day'],
  ['vCPUh', 'vCPU-h'],
  ['vcpuh', 'vCPU-h'],
  ['rps', 'req/s'],
  ['qps', 'queries/s'],
]);

export function parseQuantity(input: unknown, kind: QuantityKind): QuantityResult {
  try {
    return parseUnsafe(input, kind);
  } catch {
    // mathjs is third-party code; a surprise there must still come back as a message.
    return { ok: false, message: `cannot read the value (got ${show(input)}; expected ${expectation(kind)})` };
  }
}

function parseUnsafe(input: unknown, kind: QuantityKind): QuantityResult {
  const info = QUANTITY_KINDS[kind];
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(`not a finite number (got ${input}; expected ${expectation(kind)})`);
    return checkNumber(input, kind, String(input));
  }
  if (typeof input !== 'string') {
    return fail(`wrong type (got ${describeType(input)}; expected ${expectation(kind)})`);
  }
  const text = input.trim();
  if (text === '') return fail(`empty (got an empty string; expected ${expectation(kind)})`);
  if (text.length > MAX_TEXT) {
    return fail(`too long (got ${text.length} characters; expected ${expectation(kind)})`);
  }
  if (NON_FINITE.test(text)) return fail(`not a finite number (got ${quote(text)}; expected ${expectation(kind)})`);
  if (NUMBER.test(text)) return checkNumber(Number(text), kind, quote(text));

  if (kind === 'money') {
    const m = MONEY.exec(text);
    if (m) return checkNumber(Number(m[1]), kind, quote(text));
    return fail(`not an amount of money (got ${quote(text)}; expected ${expectation(kind)})`);
  }
  if (kind === 'fraction') {
    const m = PERCENT.exec(text);
    if (m) return checkNumber(Number(m[1]) / 100, kind, quote(text));
  }
  if (info.mathUnit === undefined) {
    return fail(`cannot read the value (got ${quote(text)}; expected ${expectation(kind)})`);
  }
  return parseWithUnit(text, kind, info.mathUnit);
}

function parseWithUnit(text: string, kind: QuantityKind, mathUnit: string): QuantityResult {
  const info = QUANTITY_KINDS[kind];
  let unit: Unit;
  try {
    unit = math.unit(normalizeUnitText(text));
  } catch (err) {
    const unknown = /^Unit "(.*)" not found\.$/.exec(err instanceof Error ? err.message : '');
    if (unknown) {
      const name = unknown[1]!;
      const hint = UNIT_HINTS.get(name);
      const did = hint === undefined ? '' : `did you mean "${hint}"? `;
      return fail(`unknown unit "${name}" (got ${quote(text)}; ${did}expected a quantity such as "${info.example}")`);
    }
    return fail(`not a quantity (got ${quote(text)}; expected ${expectation(kind)})`);
  }
  // mathjs types `value` as number, but a bare unit ("req/s") has a null value at run time.
  if ((unit.value as number | null) === null) {
    return fail(`no number (got ${quote(text)}; expected a number with the unit, like "${info.example}")`);
  }
  let target = mathUnit;
  if (!unit.equalBase(reference(mathUnit))) {
    if (PER_SECOND_KINDS.has(kind) && unit.equalBase(reference('Hz'))) target = 'Hz';
    else {
      const family = FAMILIES.find(([u]) => unit.equalBase(reference(u)))?.[1];
      if (family === undefined) {
        return fail(`not ${info.noun} (got ${quote(text)}; expected a quantity such as "${info.example}")`);
      }
      return fail(`${family}, not ${info.noun} (got ${quote(text)}; expected ${info.noun} such as "${info.example}")`);
    }
  }
  return checkNumber(unit.toNumber(target), kind, quote(text));
}

const references = new Map<string, Unit>();
function reference(spelling: string): Unit {
  let unit = references.get(spelling);
  if (unit === undefined) {
    unit = math.unit(spelling);
    references.set(spelling, unit);
  }
  return unit;
}

function checkNumber(value: number, kind: QuantityKind, shown: string): QuantityResult {
  if (!Number.isFinite(value)) return fail(`too large (got ${shown}; expected a finite number)`);
  if (value < 0) return fail(`must not be negative (got ${shown}; expected 0 or more)`);
  if (kind === 'fraction' && value > 1) {
    return fail(`must be between 0 and 1 (got ${shown}; expected a fraction such as 0.7 or "70%")`);
  }
  // -0 would print as "-0" in reports.
  return { ok: true, value: value === 0 ? 0 : value };
}

function expectation(kind: QuantityKind): string {
  const info = QUANTITY_KINDS[kind];
  switch (kind) {
    case 'money':
      return 'an amount in USD such as 1200 or "$1200"';
    case 'dimensionless':
      return 'a number';
    case 'fraction':
      return 'a fraction between 0 and 1 such as 0.7 or "70%"';
    default:
      return `a number or a quantity such as "${info.example}"`;
  }
}

function describeType(input: unknown): string {
  if (input === null || input === undefined) return String(input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return `a ${typeof input}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function show(input: unknown): string {
  return typeof input === 'string' ? quote(input) : describeType(input);
}

function fail(message: string): QuantityResult {
  return { ok: false, message };
}
