/** The JSON Schema (draft 2020-12) that editors use to check scenario files as they are typed. */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): Record<string, unknown> {
  // io: 'input' describes what a person writes (durations as strings, defaults optional), not
  // the canonical numbers capsim works with after parsing.
  return z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
