/**
 * Walks the zod schema alongside a raw document, so that an unknown key can be answered with
 * the keys that *are* allowed there, and a variant path can be checked against the language
 * before it is applied.
 */
import type { z } from 'zod';

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/pipe wrappers down to the schema that describes the value's shape. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (d.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else return s;
  }
}

/** The object options of a (possibly union) schema, chosen by the raw value's discriminator when there is one. */
function objectOptions(schema: AnySchema, raw: unknown): AnySchema[] {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'object') return [s];
  if (d.type === 'union' && d.options) {
    const objects = d.options.map(unwrap).filter((o) => def(o).type === 'object' || def(o).type === 'union');
    if (d.discriminator && raw && typeof raw === 'object') {
      const tag = (raw as Record<string, unknown>)[d.discriminator];
      const match = objects.filter((o) => {
        const field = def(o).shape?.[d.discriminator!];
        const values = field ? (def(unwrap(field)) as unknown as { values?: unknown[] }).values : undefined;
        return values?.includes(tag);
      });
      if (match.length > 0) return match;
    }
    return objects.flatMap((o) => objectOptions(o, raw));
  }
  return [];
}

/** Allowed keys of the object at this schema position (union of options when ambiguous). */
export function allowedKeys(schema: AnySchema, raw: unknown): string[] {
  const keys = new Set<string>();
  for (const o of objectOptions(schema, raw)) for (const k of Object.keys(def(o).shape ?? {})) keys.add(k);
  return [...keys];
}

/** The child schema for one path segment, or undefined when the segment does not exist there. */
export function childSchema(schema: AnySchema, raw: unknown, segment: string | number): AnySchema | undefined {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'array' && d.element) return d.element;
  if (d.type === 'record' && d.valueType) return d.valueType;
  for (const o of objectOptions(s, raw)) {
    const child = def(o).shape?.[String(segment)];
    if (child) return child;
  }
  return undefined;
}

/** Descends the schema and raw document together along a path of zod issue segments. */
export function schemaAt(root: AnySchema, rawRoot: unknown, path: readonly PropertyKey[]): { schema: AnySchema; raw: unknown } | undefined {
  let schema: AnySchema | undefined = root;
  let raw: unknown = rawRoot;
  for (const seg of path) {
    if (!schema) return undefined;
    const key = typeof seg === 'number' ? seg : String(seg);
    schema = childSchema(schema, raw, key);
    raw = raw && typeof raw === 'object' ? (raw as Record<string | number, unknown>)[key] : undefined;
  }
  return schema ? { schema, raw } : undefined;
}

export function schemaKind(schema: AnySchema): string {
  return def(unwrap(schema)).type;
}
