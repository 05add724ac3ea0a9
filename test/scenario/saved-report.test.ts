import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { formatIssue } from '../../src/scenario/issue.js';
import { parseSavedReport } from '../../src/scenario/saved-report.js';
import { ECOMMERCE, PRODUCT_SPEC, savedReport } from '../report/helpers.js';

const problems = (text: string) => {
  const r = parseSavedReport('r.json', text);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('saved results (capsim report input)', () => {
  it('read back exactly what capsim run --format json wrote, series and bill included', async () => {
    for (const file of [ECOMMERCE, PRODUCT_SPEC]) {
      const report = await savedReport(file);
      const again = parseSavedReport('r.json', renderJson(report));
      expect(again.ok).toBe(true);
      if (again.ok) expect(renderJson(again.report)).toBe(renderJson(report));
      expect(report.bill?.pools.length).toBeGreaterThan(0);
      expect(report.series?.costUsd).toHaveLength(720);
    }
  });

  it('turn JSON nulls (NaN, ∞ when saved) back into NaN', async () => {
    const json = JSON.parse(renderJson(await savedReport(ECOMMERCE)));
    json.summary.workloads[0].latencyMs.p99 = null;
    const r = parseSavedReport('r.json', JSON.stringify(json));
    expect(r.ok && Number.isNaN(r.report.summary.workloads[0]!.latencyMs!.p99)).toBe(true);
  });

  it('reject what is not a result, saying where and what was expected', async () => {
    expect(problems('{"capsimReport": 1,\n  "x": }')).toEqual(['r.json:2:8: JSON syntax error: unexpected "}"']);
    expect(problems('{"capsimReport": 1,\n  "summary" 1}')).toEqual(['r.json:2:13: JSON syntax error: unexpected number']);
    expect(problems(`{"capsimReport": 1, "a": [${'1,'.repeat(20)} x, 1]}`)).toEqual(['r.json:1:68: JSON syntax error: unexpected "x"']);
    expect(problems('')).toEqual(['r.json: not JSON: unexpected end of the file (expected the output of capsim run --format json)']);
    expect(problems('[1, 2]')).toEqual(['r.json: not a capsim result (got a list of 2; expected the JSON object that capsim run --format json writes)']);
    expect(problems('{"capsimReport": 2}')).toEqual(['r.json: not a capsim result of a known version (got capsimReport 2; expected 1: save one with capsim run --format json)']);
    const json = JSON.parse(renderJson(await savedReport(ECOMMERCE)));
    json.summary.cost.total = 'lots';
    json.summary.workloads[0].kind = 'serverless';
    delete json.scenario.hash;
    expect(problems(JSON.stringify(json))).toEqual([
      'r.json scenario.hash: missing (expected string)',
      'r.json summary.cost.total: wrong type (got "lots"; expected number)',
      'r.json summary.workloads.0.kind: not an allowed value (got "serverless"; expected "inference", "streaming", "batch")',
    ]);
  });

  it('stop after 20 problems', () => {
    const json = { capsimReport: 1, assumptions: Array.from({ length: 40 }, (_, i) => i) };
    const p = problems(JSON.stringify(json));
    expect(p).toHaveLength(21);
    expect(p.at(-1)).toMatch(/^r\.json: \d+ more problems not shown$/);
  });
});
