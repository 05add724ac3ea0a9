/**
 * A candidate written two ways that must agree: as the scenario's pool (what the planner
 * resolves and simulates) and as a variant patch of dotted paths (what the user pastes under
 * `variants:`). Both are built here, from the same fields, so the simulated configuration is
 * exactly what the patch describes; `capsim plan` re-checks that by applying the patch.
 */
import type { Pool, Scenario } from '../scenario/schema.js';
import type { Candidate } from './candidate.js';

export interface PoolContext {
  readonly scenario: Scenario;
  readonly poolName: string;
  readonly workloadName: string;
  readonly workloadKind: 'inference' | 'streaming' | 'batch';
}

type Commitment = NonNullable<NonNullable<Pool['purchase']>['commitment']>;

export function basePool(ctx: PoolContext): Pool {
  return ctx.scenario.pools[ctx.poolName]!;
}

/** The scenario's pool with the candidate applied. */
export function poolFor(ctx: PoolContext, c: Candidate): Pool {
  const base = basePool(ctx);
  const e = c.type.entry;
  const s = c.sizing;
  const commitment = commitmentFor(base, c);
  const purchase =
    base.purchase || c.spotShare > 0 || commitment
      ? {
          onDemandBase: c.type.onDemandBase,
          spotShare: c.spotShare,
          spotFallback: base.purchase?.spotFallback ?? ('on-demand' as const),
          ...(commitment ? { commitment } : {}),
        }
      : undefined;
  const pool: Pool = { ...base, instance: e.instanceType, custom: undefined, catalog: `${e.provider}/${e.region}`, purchase };
  if (s.kind === 'static') {
    return { ...pool, count: s.count, autoscaling: base.autoscaling ? { ...base.autoscaling, policy: 'static', min: s.count, max: s.count } : undefined };
  }
  const target = s.target ?? c.type.queueTarget;
  return { ...pool, autoscaling: { ...base.autoscaling!, min: s.min, max: s.max, ...(target !== undefined ? { target } : {}) } };
}

/** The same change as dotted paths, in a stable order; values are plain YAML scalars or mappings. */
export function patchFor(ctx: PoolContext, c: Candidate): Record<string, unknown> {
  const base = basePool(ctx);
  const p = `pools.${ctx.poolName}`;
  const e = c.type.entry;
  const s = c.sizing;
  const patch: Record<string, unknown> = { [`${p}.instance`]: e.instanceType };
  const ref = `${e.provider}/${e.region}`;
  if (ref !== (base.catalog ?? ctx.scenario.catalog)) patch[`${p}.catalog`] = ref;
  if (s.kind === 'static') {
    patch[`${p}.count`] = s.count;
    if (base.autoscaling) {
      patch[`${p}.autoscaling.policy`] = 'static';
      patch[`${p}.autoscaling.min`] = s.count;
      patch[`${p}.autoscaling.max`] = s.count;
    }
  } else {
    patch[`${p}.autoscaling.min`] = s.min;
    patch[`${p}.autoscaling.max`] = s.max;
    const target = s.target ?? c.type.queueTarget;
    if (target !== undefined && target !== base.autoscaling?.target) patch[`${p}.autoscaling.target`] = target;
  }
  if (c.type.onDemandBase !== (base.purchase?.onDemandBase ?? 0)) patch[`${p}.purchase.onDemandBase`] = c.type.onDemandBase;
  if (base.purchase || c.spotShare > 0) patch[`${p}.purchase.spotShare`] = c.spotShare;
  const commitment = commitmentFor(base, c);
  if (commitment) patch[`${p}.purchase.commitment`] = { type: commitment.type, term: commitment.term, payment: commitment.payment, hourly: (commitment as { hourly: number }).hourly };
  const w = `workloads.${ctx.workloadName}`;
  if (ctx.workloadKind === 'inference' && c.type.capacity.serversPerInstance !== undefined) {
    const before = ctx.scenario.workloads.find((x) => x.name === ctx.workloadName);
    if (before?.kind !== 'inference' || before.service.serversPerInstance !== c.type.capacity.serversPerInstance) patch[`${w}.service.serversPerInstance`] = c.type.capacity.serversPerInstance;
  }
  if (ctx.workloadKind === 'streaming' && c.type.capacity.throughputPerInstanceMBps !== undefined) {
    const before = ctx.scenario.workloads.find((x) => x.name === ctx.workloadName);
    if (before?.kind !== 'streaming' || before.throughputPerInstance !== c.type.capacity.throughputPerInstanceMBps) patch[`${w}.throughputPerInstance`] = c.type.capacity.throughputPerInstanceMBps;
  }
  return patch;
}

/**
 * The candidate's savings plan; when it has none but the scenario's pool had a commitment (for
 * its own type), a zero plan replaces it, since a patch can change a key but not delete it.
 */
function commitmentFor(base: Pool, c: Candidate): Commitment | undefined {
  if (c.commitment) return { type: 'savings-plan', term: c.commitment.term, payment: 'no-upfront', hourly: c.commitment.hourlyUsd };
  if (base.purchase?.commitment) return { type: 'savings-plan', term: '1y', payment: 'no-upfront', hourly: 0 };
  return undefined;
}
