import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';

const committed = readFileSync('schema/scenario.schema.json', 'utf8');

describe('JSON Schema', () => {
  it('the committed schema/scenario.schema.json matches the zod schema (regenerate: capsim schema > schema/scenario.schema.json)', () => {
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('is draft 2020-12 and compiles in a standard validator', () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  const examples = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
  it.each([...examples.map((f) => `scenarios/${f}`), 'test/fixtures/scenarios/product-spec.yaml'])(
    'an editor using the schema accepts %s',
    (file) => {
      const validate = new Ajv2020({ strict: false, allErrors: true }).compile(scenarioJsonSchema());
      const ok = validate(parse(readFileSync(file, 'utf8')));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it('an editor using the schema flags a typo and a bad duration', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(scenarioJsonSchema());
    expect(validate({ schemaVersion: 1, name: 'x', horizon: '1h30', pools: {}, horizn: 1 })).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    expect(messages).toContain(' must NOT have additional properties');
    expect(messages.some((m) => m.startsWith('/horizon'))).toBe(true);
  });

  it('example scenarios point editors at the schema', () => {
    for (const f of examples) {
      expect(readFileSync(`scenarios/${f}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    }
  });
});
