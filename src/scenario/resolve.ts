/**
 * The last step of the boundary: a validated scenario becomes what the engine runs. Catalog
 * instance types are priced, traces are read and resampled, expressions compiled, defaults that
 * depend on the provider (spot notice, billing rule) filled in, and every load evaluated once
 * into a typed array. Problems found here (an unknown instance type, a missing trace) are
 * reported like validation issues, with the scenario's line and column.
 */
import { BILLING_RULES, RESERVED_DISCOUNT, SAVINGS_PLAN_DISCOUNT, type Commitment } from '../model/billing/index.js';
import type { CatalogEntry, Provider } from '../model/catalog.js';
import { compileExpression } from './expression.js';
import type { CatalogIndex } from '../catalog/lookup.js';
import { evaluateLoad, type LoadShape, type LoadSource } from '../sim/load.js';
import { resampleTrace, traceSpanSeconds } from '../sim/trace.js';
import type { AutoscalingSpec, FeatureSpec, InstanceSpec, LatencySlo, ModelVariantSpec, PoolSpec, SimSpec, WorkloadSpec } from '../sim/spec.js';
import type { StepPolicyConfig } from '../sim/autoscaling/step.js';
import { positionOf, type ParsedSource } from './document.js';
import { formatPath, type Issue } from './issue.js';
import type { Pool, Scenario, Workload } from './schema.js';
import { readTraceFile } from './trace-file.js';
import { replaySpotPrices } from './spot-history.js';

/** Spot notice by provider (models.md §3.4): AWS 2 min, GCP and Azure 30 s. */
const SPOT_NOTICE_SECONDS: Readonly<Record<Provider, number>> = { aws: 120, gcp: 30, azure: 30 };

/**
 * Share of a pool's spot instances one interruption takes. Interruptions hit a capacity pool
 * (one instance type in one AZ) together (models.md §4: co-interruptions within 3 minutes in
 * over 92% of cases); a fleet spread over three AZs therefore loses about a third at a time.
 */
const DEFAULT_CORRELATION = 1 / 3;

/** Used when neither the scenario nor the catalog gives a spot interruption rate (Advisor "<5%"). */
const DEFAULT_INTERRUPTIONS_PER_MONTH = 0.05;

export interface Resolved {
  readonly spec: SimSpec;
  /** Noise-free load per inference/streaming workload, one value per step. */
  readonly loads: ReadonlyMap<string, Float64Array>;
  /** Catalog rows used, for reports (source and age of prices). */
  readonly catalogEntries: readonly CatalogEntry[];
}

export type ResolveResult = { ok: true; resolved: Resolved } | { ok: false; issues: Issue[] };

export interface ResolveContext {
  readonly parsed: ParsedSource;
  readonly catalogs: CatalogIndex;
  readonly cwd: string;
}

export async function resolveScenario(scenario: Scenario, ctx: ResolveContext): Promise<ResolveResult> {
  const issues: Issue[] = [];
  const report = (path: PropertyKey[], message: string) => {
    const [line, col] = positionOf(ctx.parsed, path);
    issues.push({ file: ctx.parsed.source.label, line, col, path: formatPath(path), message });
  };
  const steps = Math.round(scenario.horizon / scenario.step);
  const entries: CatalogEntry[] = [];

  const pools: PoolSpec[] = [];
  for (const [name, pool] of Object.entries(scenario.pools)) {
    const resolved = resolvePool(name, pool, scenario, ctx.catalogs, report);
    if (!resolved) continue;
    if (resolved.entry) entries.push(resolved.entry);
    const history = pool.spot?.priceHistory;
    if (history && resolved.pool.kind === 'cloud') {
      const replay = await replaySpotPrices(history, resolved.pool.instance.label, scenario.horizon, ctx);
      if (!replay.ok) {
        report(['pools', name, 'spot', 'priceHistory', 'file'], replay.message);
        continue;
      }
      pools.push({ ...resolved.pool, spot: { ...resolved.pool.spot, usdPerHourByHour: replay.usdPerHourByHour } });
    } else {
      pools.push(resolved.pool);
    }
  }

  const loads = new Map<string, Float64Array>();
  const workloads: WorkloadSpec[] = [];
  for (const [i, w] of scenario.workloads.entries()) {
    const at: PropertyKey[] = ['workloads', i];
    if (w.kind === 'batch') {
      workloads.push({
        kind: 'batch',
        name: w.name,
        pool: w.pool,
        schedule: 'cron' in w.schedule ? { kind: 'cron', cron: w.schedule.cron } : { kind: 'every', everySeconds: w.schedule.every, offsetSeconds: w.schedule.offset },
        workVcpuHours: w.job.work,
        workGrowthPerMonth: w.job.growth?.perMonth ?? 0,
        parallelFraction: w.job.parallelFraction,
        maxParallelism: w.job.maxParallelism,
        checkpointIntervalSeconds: w.job.checkpointInterval,
        deadlineSeconds: w.slo?.deadline,
      });
      continue;
    }
    const source = await loadSource(w, at, scenario, ctx, report);
    if (!source) continue;
    const values = evaluateLoad(source, { steps, stepSeconds: scenario.step });
    const bad = values.findIndex((v) => !Number.isFinite(v) || v < 0);
    if (bad >= 0) {
      report([...at, 'load'], `gives ${values[bad]} at t = ${((bad + 0.5) * scenario.step) / 3600} h (got a load that is not a finite, non-negative rate; expected the expression or trace to stay finite and ≥ 0)`);
      continue;
    }
    loads.set(w.name, values);
    workloads.push(w.kind === 'inference' ? inferenceSpec(w, source) : streamingSpec(w, source));
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    resolved: {
      spec: {
        name: scenario.name,
        horizonSeconds: scenario.horizon,
        stepSeconds: scenario.step,
        steps,
        seed: scenario.seed,
        pools,
        workloads,
        features: featureSpec(scenario),
      },
      loads,
      catalogEntries: entries,
    },
  };
}

function resolvePool(
  name: string,
  pool: Pool,
  scenario: Scenario,
  catalogs: CatalogIndex,
  report: (path: PropertyKey[], message: string) => void,
): { pool: PoolSpec; entry: CatalogEntry | undefined } | undefined {
  const at = (...rest: PropertyKey[]) => ['pools', name, ...rest];
  if (pool.onPrem) {
    const o = pool.onPrem;
    return {
      pool: { kind: 'on-prem', name, nodes: o.nodes, vcpuPerNode: o.vcpuPerNode, cost: { capexUsd: o.capex, amortizationHours: o.amortization / 3600, monthlyOpexUsd: o.monthlyOpex } },
      entry: undefined,
    };
  }
  const ref = pool.catalog ?? scenario.catalog;
  const [providerText, region] = ref.split('/') as [Provider, string];
  const provider = providerText;
  let instance: InstanceSpec;
  let entry: CatalogEntry | undefined;
  const custom = pool.custom ?? (typeof pool.instance === 'object' ? pool.instance : undefined);
  if (custom) {
    instance = {
      label: custom.name ?? 'custom',
      provider,
      region,
      family: 'custom',
      vcpu: custom.vcpu,
      memoryGiB: custom.memoryGiB,
      gpus: custom.gpus,
      onDemandUsdPerHour: custom.hourly,
      spotUsdPerHour: custom.spotHourly ?? null,
    };
  } else {
    const type = pool.instance as string;
    entry = catalogs.get(provider, region, type);
    if (!entry) {
      report(at('instance'), `${catalogs.describeMiss(type, { provider, region })} (got ${JSON.stringify(type)}; expected a type listed by capsim catalog list --provider ${provider} --region ${region})`);
      return undefined;
    }
    instance = {
      label: entry.instanceType,
      provider,
      region,
      family: entry.family,
      vcpu: entry.vcpu,
      memoryGiB: entry.memoryGiB,
      gpus: entry.gpus,
      onDemandUsdPerHour: entry.onDemandUsdPerHour,
      spotUsdPerHour: entry.spotUsdPerHour,
    };
  }
  const purchase = {
    onDemandBase: pool.purchase?.onDemandBase ?? 0,
    spotShare: pool.purchase?.spotShare ?? 0,
    spotFallback: pool.purchase?.spotFallback ?? ('on-demand' as const),
  };
  if (purchase.spotShare > 0 && instance.spotUsdPerHour === null) {
    report(at('purchase', 'spotShare'), `${instance.label} has no spot price in ${ref} (got spotShare ${purchase.spotShare}; expected spotShare: 0, or a type with a spot offer)`);
  }
  const commitments: Commitment[] = [];
  const c = pool.purchase?.commitment;
  if (c) {
    const catalogRate = c.term === '1y' ? entry?.commit1yUsdPerHour : entry?.commit3yUsdPerHour;
    if (c.type === 'savings-plan') {
      const rate = c.discount !== undefined ? instance.onDemandUsdPerHour * (1 - c.discount) : (catalogRate ?? instance.onDemandUsdPerHour * (1 - SAVINGS_PLAN_DISCOUNT[c.term][c.payment]));
      commitments.push({ kind: 'savings-plan', id: `${name}-savings-plan`, scope: 'compute', commitUsdPerHour: c.hourly, ratesUsdPerHour: { [instance.label]: rate } });
    } else {
      const rate = c.discount !== undefined ? instance.onDemandUsdPerHour * (1 - c.discount) : (catalogRate ?? instance.onDemandUsdPerHour * (1 - RESERVED_DISCOUNT[c.term][c.payment]));
      commitments.push({ kind: 'reserved', id: `${name}-reserved`, instanceType: instance.label, region, instances: c.instances, usdPerHourPerInstance: rate });
    }
  }
  const as = pool.autoscaling;
  const count = pool.count ?? as?.min ?? 0;
  const autoscaling: AutoscalingSpec = {
    policy: as?.policy ?? 'static',
    min: as?.min ?? count,
    max: as?.max ?? Math.max(count, as?.min ?? 0),
    syncPeriodSeconds: as?.policy === 'step' && pool.autoscaling?.syncPeriod === 15 ? 60 : (as?.syncPeriod ?? 15),
    tolerance: as?.tolerance ?? 0.1,
    scaleDownStabilizationSeconds: as?.scaleDownStabilization ?? 300,
    scaleUpStabilizationSeconds: as?.scaleUpStabilization ?? 0,
    targetUtilization: as?.policy === 'queue' ? undefined : as?.target,
    targetLagSeconds: as?.targetLag,
    targetBacklogPerInstance: as?.policy === 'queue' ? as.target : undefined,
    cooldownSeconds: as?.cooldown ?? 300,
    step:
      as?.policy === 'step'
        ? { scaleOut: as.scaleOut && stepPolicy(as.scaleOut, 'out'), scaleIn: as.scaleIn && stepPolicy(as.scaleIn, 'in'), warmupSeconds: as.warmup }
        : undefined,
    schedule: as?.schedule?.map((a) => ({ cron: a.cron, minCapacity: a.min, maxCapacity: a.max, desiredCapacity: a.desired })),
    forecast: as?.forecast
      ? { periodSeconds: as.forecast.period, historySeconds: as.forecast.history, bufferSeconds: as.forecast.buffer }
      : as?.policy === 'predictive'
        ? { periodSeconds: 86_400, historySeconds: 14 * 86_400, bufferSeconds: 300 }
        : undefined,
  };
  return {
    pool: {
      kind: 'cloud',
      name,
      instance,
      billing: BILLING_RULES[provider],
      count,
      autoscaling,
      bootTimeSeconds: as?.bootTime ?? 90,
      purchase,
      commitments,
      spot: {
        interruptionsPerMonth: pool.spot?.interruptionsPerMonth ?? entry?.spotInterruptionsPerMonth ?? DEFAULT_INTERRUPTIONS_PER_MONTH,
        noticeSeconds: pool.spot?.notice ?? SPOT_NOTICE_SECONDS[provider],
        correlation: pool.spot?.correlation ?? DEFAULT_CORRELATION,
        rebalanceAfterSeconds: 3600,
        usdPerHourByHour: undefined,
      },
    },
    entry,
  };
}

function stepPolicy(p: NonNullable<NonNullable<Pool['autoscaling']>['scaleOut']>, direction: 'out' | 'in'): StepPolicyConfig {
  return {
    alarmThreshold: p.threshold,
    comparison: direction === 'out' ? 'GreaterThanOrEqualToThreshold' : 'LessThanOrEqualToThreshold',
    adjustmentType: p.adjustment === 'exact' ? 'ExactCapacity' : p.adjustment === 'percent' ? 'PercentChangeInCapacity' : 'ChangeInCapacity',
    steps: p.steps.map((s) => ({ lowerBound: s.lower, upperBound: s.upper, scalingAdjustment: s.change })),
    minAdjustmentMagnitude: p.minAdjustmentMagnitude,
    evaluationPeriods: p.evaluationPeriods,
  };
}

async function loadSource(
  w: Exclude<Workload, { kind: 'batch' }>,
  at: PropertyKey[],
  scenario: Scenario,
  ctx: ResolveContext,
  report: (path: PropertyKey[], message: string) => void,
): Promise<LoadSource | undefined> {
  const load = w.load;
  const shape: LoadShape = {
    base: load.base ?? 0,
    diurnal: load.diurnal,
    weekly: load.weekly,
    growth: load.growth,
    spikes: load.spikes?.map((s) => ({ atSeconds: s.at, durationSeconds: s.duration, factor: s.factor })),
  };
  if (load.expression !== undefined) {
    const compiled = compileExpression(load.expression);
    if (!compiled.ok) {
      report([...at, 'load', 'expression'], compiled.message);
      return undefined;
    }
    return { kind: 'expression', fn: compiled.fn };
  }
  if (load.trace) {
    const t = load.trace;
    const read = await readTraceFile(
      { file: t.file, format: t.format, time: t.time, value: t.value, weight: t.weight, intervalSeconds: t.interval, unit: t.unit },
      ctx.parsed.source.absolutePath,
      ctx.cwd,
    );
    if (!read.ok) {
      report([...at, 'load', 'trace', 'file'], read.message);
      return undefined;
    }
    const steps = Math.round(scenario.horizon / scenario.step);
    let perStep = resampleTrace(read.trace, { steps, stepSeconds: scenario.step, scale: t.scale, loop: t.loop });
    if (t.mode === 'multiply') {
      // A multiplying trace carries the pattern only: normalise it to mean 1 over one pass.
      const oneSpanSteps = Math.max(1, Math.min(steps, Math.round(traceSpanSeconds(read.trace) / scenario.step)));
      let mean = 0;
      for (let k = 0; k < oneSpanSteps; k++) mean += perStep[k]!;
      mean /= oneSpanSteps;
      if (mean > 0) perStep = perStep.map((v) => v / mean);
      return { kind: 'trace', perStep, multiplyShape: shape };
    }
    return { kind: 'trace', perStep };
  }
  return { kind: 'shape', shape };
}

function inferenceSpec(w: Extract<Workload, { kind: 'inference' }>, load: LoadSource): WorkloadSpec {
  const models = new Map<string, ModelVariantSpec>(
    (w.models ?? []).map((m) => [m.name, { name: m.name, serviceSeconds: m.time, distribution: m.distribution ?? w.service.distribution, accuracy: m.accuracy }]),
  );
  const base: ModelVariantSpec = { name: 'default', serviceSeconds: w.service.time, distribution: w.service.distribution, accuracy: undefined };
  const route: Extract<WorkloadSpec, { kind: 'inference' }>['route'] = w.cascade
    ? { kind: 'cascade', first: models.get(w.cascade.first)!, second: models.get(w.cascade.to)!, escalate: w.cascade.escalate }
    : { kind: 'single', model: (w.model !== undefined ? models.get(w.model) : undefined) ?? base };
  return {
    kind: 'inference',
    name: w.name,
    pool: w.pool,
    load,
    noiseCv: w.load.noise?.cv ?? 0,
    serversPerInstance: w.service.serversPerInstance,
    route,
    maxWaitSeconds: w.maxWait,
    egressGBPerRequest: w.egress?.perRequest ?? 0,
    slo: latencySlo(w.slo),
  };
}

/** The strictest percentile given becomes the SLO attainment is measured against. */
function latencySlo(slo: Extract<Workload, { kind: 'inference' }>['slo']): LatencySlo | undefined {
  if (!slo) return undefined;
  const order = [['p999', 0.999], ['p99', 0.99], ['p95', 0.95], ['p90', 0.9], ['p50', 0.5]] as const;
  for (const [key, quantile] of order) {
    const latency = slo[key];
    if (latency !== undefined) return { quantile, latencySeconds: latency, label: key };
  }
  return undefined;
}

function streamingSpec(w: Extract<Workload, { kind: 'streaming' }>, load: LoadSource): WorkloadSpec {
  return {
    kind: 'streaming',
    name: w.name,
    pool: w.pool,
    load,
    noiseCv: w.load.noise?.cv ?? 0,
    throughputPerInstanceMBps: w.throughputPerInstance,
    replication: w.replication,
    retentionSeconds: w.retention,
    consumers: w.consumers,
    egressShare: w.egress?.share ?? 0,
    maxLagSeconds: w.slo?.maxLag,
  };
}

function featureSpec(scenario: Scenario): FeatureSpec | undefined {
  const f = scenario.features;
  if (!f) return undefined;
  return {
    reuse: f.reuse,
    pipelines: f.pipelines.map((p) => ({
      name: p.name,
      workVcpuHours: p.work,
      refreshSeconds: p.refresh,
      pool: p.pool,
      consumers: p.consumers,
      onlineStore: p.onlineStore,
    })),
  };
}
