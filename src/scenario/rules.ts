/**
 * Checks that need more than one field at a time: references between pools, workloads, models
 * and feature pipelines, combinations that make no sense together, the sandboxed expression, and
 * resource caps. They run on the raw document even when zod found problems elsewhere, so one run
 * reports every mistake; each check looks only at values whose type is already right.
 */
import { parseCron } from '../model/cron.js';
import { formatDuration as fmt, parseDuration } from '../model/duration.js';
import { compileExpression } from './expression.js';
import { describeValue } from './issue.js';
import { closest } from './suggest.js';

/** Caps that keep one run inside memory and time budgets (SECURITY.md). */
export const LIMITS = {
  /** Steps per workload: a year at 2 s, or ten years at 1 min. */
  maxSteps: 16_000_000,
  maxInstancesPerPool: 100_000,
} as const;

type Raw = Record<string, unknown>;

const asObject = (x: unknown): Raw | undefined => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const asString = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

function seconds(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return undefined;
  const r = parseDuration(x);
  return r.ok ? r.seconds : undefined;
}

/** Where a rule reports a problem; `atKey` points at the key rather than its value. */
export type Report = (path: PropertyKey[], message: string, atKey?: boolean) => void;

export function checkRules(data: unknown, report: Report): void {
  const root = asObject(data);
  if (!root) {
    report([], 'not a scenario (got a value that is not a mapping; expected keys such as schemaVersion, name, horizon, pools)');
    return;
  }

  checkHorizon(root, report);
  const pools = asObject(root.pools) ?? {};
  const poolNames = Object.keys(pools);
  for (const [poolName, rawPool] of Object.entries(pools)) checkPool(poolName, asObject(rawPool), report);

  const workloadNames = new Set<string>();
  const workloadKindsByPool = new Map<string, string[]>();
  asArray(root.workloads).forEach((raw, i) => {
    const w = asObject(raw);
    if (!w) return;
    const wName = asString(w.name);
    if (wName !== undefined) {
      if (workloadNames.has(wName)) report(['workloads', i, 'name'], `duplicate workload name (got ${JSON.stringify(wName)}; expected each workload to have its own name)`);
      workloadNames.add(wName);
    }
    const poolRef = asString(w.pool);
    if (poolRef !== undefined) {
      if (!(poolRef in pools)) report(['workloads', i, 'pool'], unknownName('pool', poolRef, poolNames));
      else workloadKindsByPool.set(poolRef, [...(workloadKindsByPool.get(poolRef) ?? []), String(w.kind)]);
    }
    checkLoad(w, ['workloads', i], report);
    const cron = asString(asObject(w.schedule)?.cron);
    if (w.kind === 'batch' && cron !== undefined) {
      const parsed = parseCron(cron);
      if (!parsed.ok) report(['workloads', i, 'schedule', 'cron'], `not a cron expression: ${parsed.message} (got ${JSON.stringify(cron)}; expected 5 fields such as "0 2 * * *")`);
    }
    if (w.kind === 'inference') checkModels(w, ['workloads', i], report);
  });

  for (const [poolName, kinds] of workloadKindsByPool) {
    const serving = kinds.filter((k) => k === 'inference' || k === 'streaming');
    if (serving.length > 0 && kinds.length > 1) {
      const last = asArray(root.workloads).map((raw) => asObject(raw)?.pool).lastIndexOf(poolName);
      report(['workloads', last, 'pool'], `pool ${JSON.stringify(poolName)} already serves ${serving[0] === 'inference' ? 'an' : 'a'} ${serving[0]} workload (got ${kinds.length} workloads on it; expected one inference or streaming workload per pool: give each its own pool)`);
    }
    const as = asObject(asObject(pools[poolName])?.autoscaling);
    if (as?.targetLag !== undefined && !kinds.includes('streaming')) {
      report(['pools', poolName, 'autoscaling', 'targetLag'], 'targetLag needs a streaming workload on this pool (got none; expected target for inference or queue targets for batch)');
    }
  }

  const features = asObject(root.features);
  const pipelineNames = new Set<string>();
  asArray(features?.pipelines).forEach((raw, i) => {
    const p = asObject(raw);
    if (!p) return;
    const pName = asString(p.name);
    if (pName !== undefined) {
      if (pipelineNames.has(pName)) report(['features', 'pipelines', i, 'name'], `duplicate pipeline name (got ${JSON.stringify(pName)}; expected unique names)`);
      pipelineNames.add(pName);
    }
    const poolRef = asString(p.pool);
    if (poolRef !== undefined && !(poolRef in pools)) report(['features', 'pipelines', i, 'pool'], unknownName('pool', poolRef, poolNames));
    const sharing = poolRef === undefined ? [] : (workloadKindsByPool.get(poolRef) ?? []).filter((k) => k === 'inference' || k === 'streaming');
    if (sharing.length > 0) {
      report(['features', 'pipelines', i, 'pool'], `pool ${JSON.stringify(poolRef)} serves ${sharing[0] === 'inference' ? 'an' : 'a'} ${sharing[0]} workload (got a feature pipeline on it; expected a batch or idle pool for pipelines)`);
    }
    const seen = new Set<string>();
    asArray(p.consumers).forEach((c, j) => {
      if (typeof c !== 'string') return;
      if (seen.has(c)) report(['features', 'pipelines', i, 'consumers', j], `duplicate consumer (got ${JSON.stringify(c)}; expected each consumer once)`);
      seen.add(c);
    });
  });
}

function checkHorizon(root: Raw, report: Report): void {
  const horizon = seconds(root.horizon);
  const step = root.step === undefined ? 60 : seconds(root.step);
  if (horizon === undefined || step === undefined || step <= 0 || horizon <= 0) return;
  if (step > horizon) {
    report(['step'], `longer than the horizon (got a ${fmt(step)} step over a ${fmt(horizon)} horizon; expected step ≤ horizon)`);
    return;
  }
  const steps = horizon / step;
  if (steps > LIMITS.maxSteps) {
    const coarser = Math.ceil(horizon / LIMITS.maxSteps);
    report(['step'], `too fine for the horizon (got ${Math.round(steps).toLocaleString('en-US')} steps; expected at most ${LIMITS.maxSteps.toLocaleString('en-US')}: use a step of ${fmt(coarser)} or more, or a shorter horizon)`);
  } else if (Math.abs(steps - Math.round(steps)) > 1e-9) {
    report(['horizon'], `not a whole number of steps (got ${fmt(horizon)} / ${fmt(step)} = ${steps.toFixed(3)}; expected a horizon that is a multiple of the step)`);
  }
}

function checkPool(name: string, pool: Raw | undefined, report: Report): void {
  if (!pool) return;
  const at = (...rest: PropertyKey[]) => ['pools', name, ...rest];
  const hasInstance = pool.instance !== undefined || pool.custom !== undefined;
  if (pool.instance !== undefined && pool.custom !== undefined) {
    report(at('custom'), 'both instance and custom are given (got two instance definitions; expected one of them)');
  }
  if (pool.onPrem !== undefined) {
    for (const key of ['instance', 'custom', 'count', 'purchase', 'autoscaling', 'spot', 'catalog'] as const) {
      if (pool[key] !== undefined) report(at(key), `not allowed on an on-prem pool (got ${key}; expected only onPrem: {nodes, vcpuPerNode, capex, amortization, monthlyOpex})`, true);
    }
    return;
  }
  if (!hasInstance) {
    report(at(), 'pool has no capacity (got neither instance nor onPrem; expected instance: <catalog type> or onPrem: {…})');
    return;
  }
  const as = asObject(pool.autoscaling);
  const policy = asString(as?.policy);
  if (!as || policy === 'static') {
    if (pool.count === undefined) report(at(), 'missing count (got no count and no autoscaling; expected count: <instances> for a fixed-size pool)');
  }
  if (typeof pool.count === 'number' && pool.count > LIMITS.maxInstancesPerPool) {
    report(at('count'), `too many instances (got ${pool.count}; expected at most ${LIMITS.maxInstancesPerPool.toLocaleString('en-US')} per pool: split the fleet into pools)`);
  }
  if (as) {
    const min = typeof as.min === 'number' ? as.min : 1;
    const max = typeof as.max === 'number' ? as.max : undefined;
    if (as.max === undefined && policy !== undefined && policy !== 'static') {
      report(at('autoscaling'), `${policy} scaling needs a maximum (got no max; expected e.g. max: 40)`);
    }
    if (max !== undefined && min > max) report(at('autoscaling', 'min'), `larger than max (got min ${min} > max ${max}; expected min ≤ max)`);
    if (max !== undefined && max > LIMITS.maxInstancesPerPool) {
      report(at('autoscaling', 'max'), `too many instances (got ${max}; expected at most ${LIMITS.maxInstancesPerPool.toLocaleString('en-US')} per pool)`);
    }
    if (policy === 'target-tracking') {
      if (as.target === undefined && as.targetLag === undefined) {
        report(at('autoscaling'), 'target-tracking needs a target (got neither target nor targetLag; expected e.g. target: 0.6)');
      }
      if (typeof as.target === 'number' && as.target > 1) {
        report(at('autoscaling', 'target'), `not a utilization (got ${as.target}; expected a share between 0 and 1, e.g. 0.6)`);
      }
    }
    if (policy === 'queue' && as.target === undefined) {
      report(at('autoscaling'), 'queue scaling needs a target (got none; expected target: <backlog per instance>)');
    }
    if (policy === 'step' && as.scaleOut === undefined && as.scaleIn === undefined) {
      report(at('autoscaling'), 'step scaling needs a policy (got neither scaleOut nor scaleIn; expected e.g. scaleOut: {threshold: 0.7, steps: [{lower: 0, change: 2}]})');
    }
    if (policy === 'scheduled' && as.schedule === undefined) {
      report(at('autoscaling'), 'scheduled scaling needs a schedule (got none; expected schedule: [{cron: "0 8 * * 1-5", desired: 10}])');
    }
    if (policy === 'predictive' && as.target === undefined) {
      report(at('autoscaling'), 'predictive scaling needs a target (got none; expected target: 0.6, the utilization the forecast provisions for)');
    }
    for (const [key, owner] of [['scaleOut', 'step'], ['scaleIn', 'step'], ['schedule', 'scheduled'], ['forecast', 'predictive']] as const) {
      if (as[key] !== undefined && policy !== owner) {
        report(at('autoscaling', key), `only used by policy ${owner} (got ${key} with policy ${JSON.stringify(policy)}; expected policy: ${owner} or no ${key})`, true);
      }
    }
    asArray(as.schedule).forEach((raw, i) => {
      const cron = asString(asObject(raw)?.cron);
      if (cron === undefined) return;
      const parsed = parseCron(cron);
      if (!parsed.ok) report(at('autoscaling', 'schedule', i, 'cron'), `not a cron expression: ${parsed.message} (got ${JSON.stringify(cron)}; expected 5 fields such as "0 8 * * 1-5")`);
    });
  }
  const purchase = asObject(pool.purchase);
  const custom = asObject(pool.custom) ?? asObject(pool.instance);
  if (purchase && typeof purchase.spotShare === 'number' && purchase.spotShare > 0 && custom && custom.spotHourly === undefined) {
    report(at('purchase', 'spotShare'), 'spot needs a spot price (got a custom instance without spotHourly; expected spotHourly: <USD per hour> or spotShare: 0)');
  }
}

function checkLoad(w: Raw, at: PropertyKey[], report: Report): void {
  if (w.kind !== 'inference' && w.kind !== 'streaming') return;
  const load = asObject(w.load);
  if (!load) return;
  const shapeKeys = ['base', 'diurnal', 'weekly', 'growth'].filter((k) => load[k] !== undefined);
  const trace = asObject(load.trace);
  const mode = trace ? (asString(trace.mode) ?? 'replace') : undefined;
  if (load.expression !== undefined) {
    for (const k of [...shapeKeys, ...(trace ? ['trace'] : [])]) {
      report([...at, 'load', k], `not used with an expression (got ${k}; expected either an expression or a shape, not both)`, true);
    }
    if (typeof load.expression === 'string') {
      const compiled = compileExpression(load.expression);
      if (!compiled.ok) {
        report(
          [...at, 'load', 'expression'],
          `not a valid expression: ${compiled.message} (got ${describeValue(load.expression)}; expected an expression of t in hours such as "400 + 200*sin(2*pi*t/24)")`,
        );
      }
    }
  } else if (trace) {
    if (mode === 'replace' && load.base !== undefined) {
      report([...at, 'load', 'base'], 'not used with a replacing trace (got base and trace; expected trace.scale to scale the trace, or trace.mode: multiply)', true);
    }
    if (mode === 'multiply' && load.base === undefined) {
      report([...at, 'load'], 'a multiplying trace needs a base (got trace.mode: multiply without base; expected base: <mean rate>)');
    }
  } else if (load.base === undefined) {
    report([...at, 'load'], 'no load given (got none of base, trace, expression; expected e.g. base: 400)');
  }
}

function checkModels(w: Raw, at: PropertyKey[], report: Report): void {
  const models = asArray(w.models).map((m) => asString(asObject(m)?.name)).filter((n): n is string => n !== undefined);
  const seen = new Set<string>();
  asArray(w.models).forEach((m, i) => {
    const n = asString(asObject(m)?.name);
    if (n === undefined) return;
    if (seen.has(n)) report([...at, 'models', i, 'name'], `duplicate model name (got ${JSON.stringify(n)}; expected unique names)`);
    seen.add(n);
  });
  const model = asString(w.model);
  if (model !== undefined) {
    if (models.length === 0) report([...at, 'model'], `no models to choose from (got model: ${JSON.stringify(model)}; expected a models: list)`);
    else if (!models.includes(model)) report([...at, 'model'], unknownName('model', model, models));
  }
  const cascade = asObject(w.cascade);
  if (cascade) {
    if (model !== undefined) report([...at, 'cascade'], 'both model and cascade are given (got two routing rules; expected model for one model, or cascade for two)', true);
    for (const key of ['first', 'to'] as const) {
      const ref = asString(cascade[key]);
      if (ref !== undefined && !models.includes(ref)) report([...at, 'cascade', key], unknownName('model', ref, models));
    }
    if (cascade.first !== undefined && cascade.first === cascade.to) {
      report([...at, 'cascade', 'to'], `same model as first (got ${JSON.stringify(cascade.to)}; expected a different, usually larger, model)`);
    }
  }
}

export function unknownName(what: string, got: string, known: readonly string[], where = ''): string {
  const suggestion = closest(got, known);
  const expected = known.length > 0 ? `expected one of ${known.map((k) => JSON.stringify(k)).join(', ')}` : `no ${what}s are defined`;
  return `unknown ${what}${where ? ` in ${where}` : ''} (got ${JSON.stringify(got)}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ''}${expected})`;
}
