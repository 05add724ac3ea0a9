/**
 * `capsim plan --format md`: the same content as the table, as GitHub-flavoured Markdown for a
 * pull request or an issue (no chart: the frontier table carries the same points).
 */
import type { PlanDocument } from './plan-document.js';
import { metric, money, pct, searchLines, sloMark } from './plan-table.js';
import { patchYaml } from './patch-yaml.js';

export function renderPlanMarkdown(doc: PlanDocument): string {
  const out: string[] = [`# Capacity plan: ${doc.scenario.name}`, ''];
  for (const p of doc.plans) {
    out.push(`## ${p.workload} (${p.kind} on pool \`${p.pool}\`): SLO ${p.slo.label}`, '');
    if (p.best) {
      out.push(`**Cheapest meeting the SLO:** ${p.best.label}, ${money(p.best.costUsd)}${p.best.monteCarlo ? ` (P95 of ${p.best.monteCarlo.runs} runs)` : ''}, attainment ${pct(p.best.sloAttainment)}, ${p.metric.name} ${metric(p, p.best.metric)}.`, '');
    } else {
      out.push(`**No configuration meets the SLO.**${p.impossible ? ` ${p.impossible}.` : ''}`);
      if (p.closestMiss) out.push(`Closest miss: ${p.closestMiss.label}, ${money(p.closestMiss.costUsd)}: ${p.closestMiss.reason}.`);
      out.push('');
    }
    if (p.runnerUps.length > 0) {
      out.push('| runner-up | cost | ' + p.metric.name + ' | why it lost |', '|---|---:|---:|---|');
      for (const r of p.runnerUps) out.push(`| ${cell(r.label)} | ${money(r.costUsd)} | ${metric(p, r.metric)} | ${cell(r.reason)} |`);
      out.push('');
    }
    if (p.cheaperMisses.length > 0) {
      out.push('| cheaper, missing the SLO | cost | attainment | why |', '|---|---:|---:|---|');
      for (const r of p.cheaperMisses) out.push(`| ${cell(r.label)} | ${money(r.costUsd)} | ${pct(r.sloAttainment)} | ${cell(r.reason)} |`);
      out.push('');
    }
    if (p.frontier.length > 0) {
      out.push(`Pareto frontier, cost vs ${p.metric.name}:`, '', `| cost | ${p.metric.name} | attainment | SLO | configuration |`, '|---:|---:|---:|---|---|');
      for (const f of p.frontier) out.push(`| ${money(f.costUsd)} | ${metric(p, f.metric)} | ${pct(f.sloAttainment)} | ${sloMark(f)} | ${cell(f.label)} |`);
      out.push('');
    }
    out.push(...searchLines(p).map((l) => `    ${l}`), '');
    for (const n of p.notes) out.push(`> Note: ${n}`, '');
  }
  if (doc.variant) {
    out.push('Scenario patch:', '', '```yaml', patchYaml(doc.variant.name, doc.variant.patch), '```', '');
    for (const r of doc.recheck) if (!r.matches) out.push(`> Re-check of ${r.workload} differs from the plan: ${r.problems.join('; ')}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}
