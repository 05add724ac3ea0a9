/**
 * Turns zod issues into capsim Issues: positioned, phrased for a person, and always saying what
 * was given and what is expected. zod's own wording ("Invalid input: expected number, received
 * string") is replaced; messages written in the schema (unions, transforms) are kept as they are.
 */
import type { z } from 'zod';
import { positionOf, type ParsedSource } from './document.js';
import { describeValue, formatPath, type Issue } from './issue.js';
import { allowedKeys, schemaAt } from './schema-walk.js';
import { closest } from './suggest.js';

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

export function convertZodIssues(
  parsed: ParsedSource,
  schema: z.ZodType,
  issues: readonly ZodIssue[],
  /**
   * For a patched copy (a variant): the data that was validated, a label prefix, and where in the
   * file to point for a given path, since the copy itself has no positions.
   */
  relocate?: { data: unknown; prefix: readonly PropertyKey[]; locate: (path: readonly PropertyKey[]) => [number, number] },
): Issue[] {
  const out: Issue[] = [];
  const data = relocate?.data ?? parsed.data;
  const at = (path: readonly PropertyKey[], atKey = false): [number, number] =>
    relocate ? relocate.locate(path) : positionOf(parsed, path, atKey);
  const label = (path: readonly PropertyKey[]) => (relocate ? `${formatPath(relocate.prefix)} → ${formatPath(path)}` : formatPath(path));

  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schemaAt(schema, data, path)?.schema ?? schema, schemaAt(schema, data, path)?.raw);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const [line, col] = at(keyPath, true);
        const suggestion = closest(key, allowed);
        const expected = allowed.length > 0 ? `expected one of ${allowed.join(', ')}` : 'expected no keys here';
        out.push({
          file: parsed.source.label,
          line,
          col,
          path: label(keyPath),
          message: `unknown key (got ${JSON.stringify(key)}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ''}${expected})`,
        });
      }
      continue;
    }
    const [line, col] = at(path);
    out.push({ file: parsed.source.label, line, col, path: label(path), message: missingOr(issue, phrase(issue)) });
  }
  return out;
}

/** Whatever the schema would have said about a wrong value, an absent one is "missing". */
function missingOr(issue: ZodIssue, message: string): string {
  if (issue.input !== undefined || !('input' in issue)) return message;
  const expected = /; (expected [^)]*)\)$/.exec(message)?.[1] ?? /\((expected [^)]*)\)$/.exec(message)?.[1];
  return `missing required key (got nothing; ${expected ?? 'expected a value'})`;
}

/** zod's built-in wording; anything else was written in the schema and is used as it is. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized)/;

function phrase(issue: ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (issue.input === undefined) return `missing required key (got nothing; expected ${expected})`;
      return `wrong type (got ${got}; expected ${expected})`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const suggestion = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      const expected = values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
      return `not an allowed value (got ${got}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ''}expected ${expected})`;
    }
    case 'too_small': {
      const bound = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `too few items (got ${got}; expected at least ${bound})`;
      if (issue.origin === 'string') return `too short (got ${got}; expected at least ${bound} character${bound === '1' ? '' : 's'})`;
      return `too small (got ${got}; expected ${issue.inclusive ? 'at least' : 'more than'} ${bound})`;
    }
    case 'too_big': {
      const bound = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `too many items (got ${got}; expected at most ${bound})`;
      if (issue.origin === 'string') return `too long (got ${got}; expected at most ${bound} characters)`;
      return `too large (got ${got}; expected ${issue.inclusive ? 'at most' : 'less than'} ${bound})`;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      return inner?.message && !inner.message.startsWith('Invalid') ? inner.message : `invalid key (got ${got})`;
    }
    case 'invalid_union':
    case 'invalid_format':
    case 'custom':
      return `${issue.message.toLowerCase()} (got ${got})`;
    case 'not_multiple_of':
      return `not a multiple of ${String(issue.divisor)} (got ${got})`;
    default:
      return `${issue.message} (got ${got})`;
  }
}

function typeName(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping';
    case 'record':
      return 'a mapping of names to entries';
    case 'array':
      return 'a list';
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}
