/**
 * A few extra points around the winner, so the cost/metric frontier shows what a little more or
 * a little less capacity buys: a binary search only ever visits the SLO boundary, and when the
 * SLO is loose every visited point has about the same latency. Probes change only the winner's
 * size (count, target, or ceiling), are run 0 only, and never win: a probe outside the searched
 * grid that also meets the SLO more cheaply is reported as a note, with the flag to search it.
 */
import type { Candidate, Sizing } from './candidate.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import { autoscaledCeiling, MAX_INSTANCES } from './lane.js';

export interface ProbeResult {
  readonly evaluations: readonly Evaluation[];
  readonly notes: readonly string[];
}

export async function probeAround(winner: Evaluation, evaluator: Evaluator, kind: 'inference' | 'streaming' | 'batch', peakUnits: number, searchedTargets: readonly number[]): Promise<ProbeResult> {
  const c = winner.candidate;
  const s = c.sizing;
  const sizings: Sizing[] = [];
  if (s.kind === 'static') {
    for (const d of [-2, -1, 1, 2]) if (s.count + d >= 1 && s.count + d <= MAX_INSTANCES) sizings.push({ kind: 'static', count: s.count + d });
  } else if (kind === 'batch' && s.target !== undefined) {
    // A queue target (backlog per instance): smaller asks for more instances per job.
    for (const f of [0.7, 0.85, 1.2, 1.5]) sizings.push({ ...s, target: Math.ceil(s.target * f * 1e4) / 1e4, max: Math.min(MAX_INSTANCES, s.max * 2) });
  } else if (kind === 'batch' || s.target === undefined) {
    for (const d of [-2, -1, 2, 4]) if (s.max + d >= Math.max(1, s.min)) sizings.push({ ...s, max: s.max + d });
  } else {
    for (const d of [-0.2, -0.1, 0.1, 0.2]) {
      const target = Math.round((s.target + d) * 100) / 100;
      if (target < 0.2 || target > 0.95) continue;
      // Never below the winner's own ceiling, so a probe differs from it by the target alone.
      const max = Math.max(s.max, autoscaledCeiling(peakUnits, c.type.capacity.unitsPerInstance, target, s.min));
      sizings.push({ ...s, target, max });
    }
  }
  const evaluations: Evaluation[] = [];
  const notes: string[] = [];
  for (const sizing of sizings) {
    const probe: Candidate = { ...c, sizing };
    let e: Evaluation;
    try {
      e = await evaluator.evaluate(probe);
    } catch {
      continue;
    }
    evaluations.push(e);
    const outside = kind !== 'batch' && sizing.kind === 'autoscaled' && sizing.target !== undefined && !searchedTargets.includes(sizing.target);
    if (outside && e.run0.shortfall <= 1e-9 && e.run0.costUsd < winner.run0.costUsd) {
      notes.push(
        `target ${Math.round(sizing.target! * 100)}% (outside the searched targets) also met the SLO on run 0 at $${e.run0.costUsd.toFixed(2)}: search it with --targets ${[...searchedTargets, sizing.target!].sort((a, b) => a - b).join(',')}`,
      );
    }
  }
  return { evaluations, notes };
}
