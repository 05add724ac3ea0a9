/**
 * The scalar field types of the scenario language. Each accepts what a person would write
 * (`90s`, `2 GB/s`, `0.7`) and outputs one canonical unit, so everything past the boundary
 * works in seconds, req/s, MB/s, GB and vCPU-hours and never re-parses.
 */
import { z } from 'zod';
import { DURATION_UNITS, parseDuration } from '../model/duration.js';
import { describeValue } from './issue.js';
import { CANONICAL_UNIT, parseQuantity, QUANTITY_KINDS, type QuantityKind } from './quantity.js';

const DURATION_PATTERN = `^\\s*(0|((\\d+(\\.\\d*)?|\\.\\d+)(${DURATION_UNITS.join('|')}))+)\\s*$`;
const DURATION_EXPECTED = 'a duration such as "90s", "5m", "1h30m" or "30d"';

export interface DurationOptions {
  /** Reject 0 (a step or a period must advance time). */
  readonly positive?: boolean;
  readonly description?: string;
}

/** A Go-style duration string, or a plain number of seconds. Output: seconds. */
export function duration(options: DurationOptions = {}) {
  return z
    .union([z.number(), z.string().meta({ pattern: DURATION_PATTERN })], {
      error: (iss) => `not a duration (got ${describeValue(iss.input)}; expected ${DURATION_EXPECTED})`,
    })
    .transform((input, ctx) => {
      let seconds: number;
      if (typeof input === 'number') {
        seconds = input;
      } else {
        const parsed = parseDuration(input);
        if (!parsed.ok) {
          ctx.addIssue({
            code: 'custom',
            message: `not a duration: ${parsed.message} (got ${describeValue(input)}; expected ${DURATION_EXPECTED})`,
          });
          return z.NEVER;
        }
        seconds = parsed.seconds;
      }
      if (!Number.isFinite(seconds) || seconds < 0 || (options.positive && seconds === 0)) {
        ctx.addIssue({
          code: 'custom',
          message: `${options.positive ? 'must be longer than zero' : 'must not be negative'} (got ${describeValue(input)}; expected ${DURATION_EXPECTED})`,
        });
        return z.NEVER;
      }
      return seconds;
    })
    .meta({
      description: `${options.description ? `${options.description}. ` : ''}Duration: Go style (90s, 5m, 1h30m, 30d, 1mo = 730h, 1y = 8760h) or a number of seconds.`,
      examples: ['90s', '1h30m'],
    });
}

/** A number, or a string with units convertible to the kind's canonical unit. */
export function quantity(kind: QuantityKind, description?: string) {
  const unit = CANONICAL_UNIT[kind] || 'plain numbers';
  return z
    .union([z.number(), z.string()], {
      error: (iss) => `not a quantity (got ${describeValue(iss.input)}; expected a number in ${unit} or a quantity such as "${QUANTITY_KINDS[kind].example}")`,
    })
    .transform((input, ctx) => {
      const parsed = parseQuantity(input, kind);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    })
    .meta({
      description: `${description ? `${description}. ` : ''}A number in ${unit}, or a quantity with units such as "${QUANTITY_KINDS[kind].example}".`,
      examples: [QUANTITY_KINDS[kind].example],
    });
}

export const fraction = (description: string) => z.number().min(0).max(1).meta({ description });

export const positiveInt = (description: string) => z.int().min(1).meta({ description });

export const nonNegativeInt = (description: string) => z.int().min(0).meta({ description });

export const nonNegative = (description: string) => z.number().min(0).meta({ description });

/** Pool, workload, model and variant names appear in dotted variant paths, so no dots. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const name = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, {
      error: (iss) =>
        `not a valid ${what} name (got ${describeValue(iss.input)}; expected letters, digits, "-" and "_", starting with a letter or digit)`,
    })
    .meta({ description: `${what} name: letters, digits, "-" and "_"` });
