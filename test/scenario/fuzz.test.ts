import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/scenario/source.js';
import { validateSource } from '../../src/scenario/load.js';
import { formatIssue } from '../../src/scenario/issue.js';

const EXAMPLE = readFileSync('test/fixtures/scenarios/product-spec.yaml', 'utf8');

/** Every input ends in a scenario or in located, formatted issues; nothing throws. */
function check(label: string, bytes: Uint8Array): void {
  const d = decode(label, undefined, bytes);
  if (!d.ok) {
    expect(d.issues.length).toBeGreaterThan(0);
    return;
  }
  const r = validateSource(d.source);
  if (!r.ok) {
    expect(r.issues.length).toBeGreaterThan(0);
    for (const issue of r.issues) expect(formatIssue(issue)).toMatch(new RegExp(`^${label.replace('.', '\\.')}(:\\d+:\\d+)?[ :]`));
  }
}

describe('scenario parser never crashes (generated input)', () => {
  it('on arbitrary text, as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        check('f.yaml', Buffer.from(text));
        check('f.json', Buffer.from(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => check('f.yaml', bytes)), { numRuns: 1000 });
  });

  it('on the full example truncated at any point', () => {
    fc.assert(fc.property(fc.nat({ max: EXAMPLE.length }), (n) => check('f.yaml', Buffer.from(EXAMPLE.slice(0, n)))), { numRuns: 500 });
  });

  it('on the full example with one value replaced by hostile values', () => {
    const hostile = fc.constantFrom('-1', '1e308', '1e309', '.nan', '-.inf', '""', 'null', '[]', '{}', '0s', '1000y', '"__proto__"', '{constructor: 1}', '*x', '!!binary aGk=', '"\\u0000"', '99999999999999999999');
    const valueLines = EXAMPLE.split('\n').map((line, i) => [line, i] as const).filter(([line]) => /^\s*[A-Za-z]+: \S/.test(line));
    fc.assert(
      fc.property(fc.constantFrom(...valueLines), hostile, ([line, i], value) => {
        const lines = EXAMPLE.split('\n');
        lines[i] = line.replace(/: .*$/, `: ${value}`);
        check('f.yaml', Buffer.from(lines.join('\n')));
      }),
      { numRuns: 1000 },
    );
  });

  it('on deeply nested and repeated structures', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), fc.constantFrom('[', '{a: ', '- ', '  '), (depth, open) => check('f.yaml', Buffer.from(open.repeat(depth))))
      , { numRuns: 200 },
    );
  });
});
