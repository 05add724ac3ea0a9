/**
 * One configuration the planner may simulate: a type, how many of it (a fixed count, or an
 * autoscaler's min/max/target with the scenario's own policy), the spot share, and optionally a
 * savings plan sized to the fleet's steady on-demand base.
 */
import type { CommitmentTerm } from './purchase-price.js';
import type { TypeOption } from './type-option.js';

export type Sizing =
  | { readonly kind: 'static'; readonly count: number }
  | { readonly kind: 'autoscaled'; readonly min: number; readonly max: number; readonly target: number | undefined };

export interface CommitmentChoice {
  readonly term: CommitmentTerm;
  /** Committed savings-plan spend per hour: steady on-demand instances × the plan's rate. */
  readonly hourlyUsd: number;
}

export interface Candidate {
  readonly type: TypeOption;
  readonly spotShare: number;
  readonly sizing: Sizing;
  readonly commitment: CommitmentChoice | undefined;
}

/** The sizing family a binary search moves within: static, or autoscaled at one target. */
export function laneKey(c: Pick<Candidate, 'type' | 'spotShare' | 'sizing'>): string {
  const e = c.type.entry;
  const mode = c.sizing.kind === 'static' ? 'static' : `auto@${c.sizing.target ?? '-'}`;
  return `${e.provider}/${e.region}/${e.instanceType}|${c.spotShare}|${mode}`;
}

export function candidateKey(c: Candidate): string {
  const s = c.sizing;
  const size = s.kind === 'static' ? `n${s.count}` : `${s.min}-${s.max}`;
  return `${laneKey(c)}|${size}|${c.commitment ? `${c.commitment.term}:${c.commitment.hourlyUsd}` : 'none'}`;
}

/** "c7g.xlarge × 12 · spot 70% · savings plan 1y $0.50/h", "… autoscaled 2–18 @ 60%". */
export function describeCandidate(c: Candidate, policy: string | undefined): string {
  const e = c.type.entry;
  const s = c.sizing;
  const parts = [
    s.kind === 'static' ? `${e.instanceType} × ${s.count}` : `${e.instanceType} ${policy ?? 'autoscaled'} ${s.min}–${s.max}${targetText(s.target, policy)}`,
  ];
  if (c.spotShare > 0) parts.push(`spot ${Math.round(c.spotShare * 100)}%`);
  if (c.commitment) parts.push(`savings plan ${c.commitment.term} $${c.commitment.hourlyUsd.toFixed(4)}/h`);
  return parts.join(' · ');
}

/** A utilization target as a percentage; a queue target is a backlog per instance. */
function targetText(target: number | undefined, policy: string | undefined): string {
  if (target === undefined) return '';
  return policy === 'queue' ? ` @ backlog ${+target.toPrecision(4)}/instance` : ` @ ${Math.round(target * 100)}%`;
}
