/**
 * `capsim plan --format table`: the answer first (the configuration, its cost and SLO, the patch
 * to paste), then why (runner-ups, cheaper misses, the frontier), then how it was searched.
 */
import { frontierChart } from './frontier-chart.js';
import type { PlanDocument } from './plan-document.js';
import type { ConfigView, WorkloadPlan } from './plan-report.js';
import { patchYaml } from './patch-yaml.js';

export interface PlanTableOptions {
  readonly color: boolean;
  /** Wall time of the search, shown when known (never in JSON, which must be reproducible). */
  readonly elapsedSeconds: number | undefined;
}

export function renderPlanTable(doc: PlanDocument, o: PlanTableOptions): string {
  const bold = (s: string) => (o.color ? `\u001b[1m${s}\u001b[0m` : s);
  const green = (s: string) => (o.color ? `\u001b[32m${s}\u001b[0m` : s);
  const red = (s: string) => (o.color ? `\u001b[31m${s}\u001b[0m` : s);
  const out: string[] = [];
  out.push(bold(`capsim plan · ${doc.scenario.name}`));
  out.push(`objective: ${doc.objective === 'cost' ? 'cheapest configuration meeting the SLO' : 'best p99 within the cost cap'} · ${doc.scenario.horizonHours} h at ${doc.scenario.stepSeconds} s steps${o.elapsedSeconds !== undefined ? ` · planned in ${o.elapsedSeconds.toFixed(1)} s` : ''}`);
  for (const p of doc.plans) {
    out.push('');
    out.push(bold(`${p.workload} (${p.kind} on pool ${p.pool}) · SLO ${p.slo.label}${p.kind === 'inference' ? ` for ${pct(p.slo.requiredAttainment)} of requests` : ''}`));
    if (p.best) {
      out.push(`  ${green('✓')} ${bold(p.best.label)}`);
      out.push(`    cost ${money(p.best.costUsd)}${p.best.monteCarlo ? ` (P95 of ${p.best.monteCarlo.runs} runs; P50 ${money(p.best.monteCarlo.costP50Usd)})` : ''} · SLO attainment ${pct(p.best.sloAttainment)}${p.best.monteCarlo ? ' (P5)' : ''} · ${p.metric.name} ${metric(p, p.best.metric)} · peak ${p.best.peakInstances} instances`);
    } else {
      out.push(`  ${red('✗')} no configuration meets the SLO${p.impossible ? `: ${p.impossible}` : ''}`);
      if (p.closestMiss) out.push(`    closest miss: ${p.closestMiss.label} · ${money(p.closestMiss.costUsd)} · ${p.closestMiss.reason}`);
    }
    if (p.runnerUps.length > 0) {
      out.push('');
      out.push('  Runner-ups');
      out.push(...table(['configuration', 'cost', p.metric.name, 'why it lost'], p.runnerUps.map((r) => [r.label, money(r.costUsd), metric(p, r.metric), r.reason]), '    '));
    }
    if (p.cheaperMisses.length > 0) {
      out.push('');
      out.push('  Cheaper, but missing the SLO');
      out.push(...table(['configuration', 'cost', 'attainment', 'why'], p.cheaperMisses.map((r) => [r.label, money(r.costUsd), pct(r.sloAttainment), r.reason]), '    '));
    }
    if (p.frontier.length > 0) {
      out.push('');
      out.push(`  Pareto frontier: cost vs ${p.metric.name}`);
      out.push(...table(['cost', p.metric.name, 'attainment', 'SLO', 'configuration'], p.frontier.map((f) => [money(f.costUsd), metric(p, f.metric), pct(f.sloAttainment), sloMark(f), f.label]), '    '));
      const chart = frontierChart(p.frontier, {
        width: 56,
        height: 8,
        target: targetOf(p),
        lowerIsBetter: p.metric.lowerIsBetter,
        format: (v) => metric(p, v),
        money: (v) => money(v),
      });
      if (chart) out.push('', ...chart.split('\n').map((l) => `  ${l}`));
    }
    out.push('');
    out.push(...searchLines(p).map((l) => `  ${l}`));
    for (const n of p.notes) out.push(`  note: ${n}`);
  }
  if (doc.variant) {
    out.push('');
    out.push(bold('Scenario patch') + ' (paste into the scenario, then: capsim run <scenario> --variant ' + doc.variant.name + ')');
    out.push(patchYaml(doc.variant.name, doc.variant.patch, '  '));
    for (const r of doc.recheck) {
      out.push(
        r.matches
          ? `  re-checked through the scenario: ${r.workload} ${money(r.costUsd ?? NaN)}, attainment ${pct(r.sloAttainment ?? NaN)} (same as planned)`
          : red(`  re-check of ${r.workload} differs from the plan: ${r.problems.join('; ')}`),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function searchLines(p: WorkloadPlan): string[] {
  const s = p.search;
  const lines = [
    `Search: ${s.catalogTypes} catalog types → ${s.eligibleTypes} eligible (${s.excluded.unpriced} unpriced, ${s.excluded.burstable} burstable, ${s.excluded.unfit} unfit left out) → ${s.typesSearched} after dropping ${s.excluded.dominated} dominated`,
    `  candidates (type × spot share × sizing mode): ${s.candidates} · pruned by bound ${s.prunedByBound} · searched ${s.searched}${s.skippedByBudget > 0 ? ` · skipped (budget) ${s.skippedByBudget}` : ''}${s.unusable > 0 ? ` · unusable ${s.unusable}` : ''}`,
    `  simulated ${s.simulations} configurations (run 0)${s.monteCarloRuns > 0 ? ` + ${s.monteCarloRuns} Monte Carlo runs for ${s.riskChecks} risk check${s.riskChecks === 1 ? '' : 's'}` : ''}`,
    `  spot shares ${s.spotShares.map((x) => `${Math.round(x * 100)}%`).join(', ')} · ${p.policy === 'static' ? 'static fleets' : `static, or ${p.policy}${s.targets.length > 0 && s.targets[0] !== null ? ` at targets ${s.targets.map((t) => (t === null ? '-' : `${Math.round(t * 100)}%`)).join(', ')}` : ''}`} · commitments ${s.commitments.join(', ')}`,
    `  scaling rule: ${p.capacityRule}`,
  ];
  if (s.lowerBoundUsd !== null) lines.push(`  no configuration in the space can meet the SLO for less than ${money(s.lowerBoundUsd)} (analytic bound)`);
  if (p.best) {
    if (s.exhaustive) lines.push('  every candidate not simulated was pruned by a lower bound at or above the winner: nothing in the space is cheaper (given the SLO grows with size)');
    if (s.skippedByBudget > 0) lines.push(`  budget reached: unexplored candidates could be at most ${money(s.gapUsd ?? 0)} cheaper (raise --budget to close the gap)`);
    if (s.uncheckedCheaper > 0) lines.push(`  ${s.uncheckedCheaper} spot configuration${s.uncheckedCheaper === 1 ? '' : 's'} met the SLO on run 0 for less but ran out of risk checks`);
  }
  if (s.riskFailures > 0) lines.push(`  ${s.riskFailures} spot configuration${s.riskFailures === 1 ? '' : 's'} met the SLO on run 0 but not at P5 over the runs (larger sizes of ${s.riskFailures === 1 ? 'it were' : 'them were'} not searched)`);
  if (s.unusableReasons.length > 0) lines.push(`  unusable: ${s.unusableReasons.join('; ')}`);
  return lines;
}

export function money(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '—';
}

export function metric(p: WorkloadPlan, v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (p.metric.unit === 'share') return pct(v);
  if (v < 1) return `${(v * 1000).toFixed(v < 0.01 ? 2 : 1)} ms`;
  if (v < 600) return `${v.toFixed(2)} s`;
  return `${(v / 60).toFixed(1)} min`;
}

export function sloMark(f: ConfigView): string {
  if (f.meetsSlo) return '✓';
  return f.stochastic && f.monteCarlo === null && f.meetsSloOnRun0 ? '✓ run 0 only' : '✗';
}

function targetOf(p: WorkloadPlan): number {
  return p.metric.unit === 'share' ? p.slo.requiredAttainment : p.slo.targetSeconds;
}

function table(header: string[], rows: string[][], indent: string): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ');
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}
