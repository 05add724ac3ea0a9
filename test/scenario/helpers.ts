import { formatIssue } from '../../src/scenario/issue.js';
import { validateSource, type LoadResult } from '../../src/scenario/load.js';

export function validateText(text: string, label = 'scenario.yaml'): LoadResult {
  return validateSource({ label, absolutePath: undefined, text });
}

/** Formatted problems, or [] when the text is valid. */
export function problems(text: string, label = 'scenario.yaml'): string[] {
  const r = validateText(text, label);
  return r.ok ? [] : r.issues.map(formatIssue);
}

/** A minimal valid scenario with `extra` YAML lines appended at the top level. */
export const MINIMAL = `schemaVersion: 1
name: minimal
horizon: 1d
pools:
  api:
    instance: m5.large
    count: 2
workloads:
  - name: web
    kind: inference
    pool: api
    load: {base: 100}
    service: {time: 50ms}
`;
