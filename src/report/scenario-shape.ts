import { formatDuration } from '../model/duration.js';
import type { Scenario } from '../scenario/schema.js';

/** One line saying what a scenario contains: "30d at 1m · 2 pools · 3 workloads · 2 variants". */
export function describeScenarioShape(scenario: Scenario, variantCount: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const kinds = scenario.workloads.map((w) => w.kind);
  const byKind = ['inference', 'streaming', 'batch']
    .map((k) => [k, kinds.filter((x) => x === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return [
    `${formatDuration(scenario.horizon)} at ${formatDuration(scenario.step)}`,
    plural(Object.keys(scenario.pools).length, 'pool'),
    `${plural(scenario.workloads.length, 'workload')}${byKind.length ? ` (${byKind.join(', ')})` : ''}`,
    plural(variantCount, 'variant'),
  ].join(' · ');
}
