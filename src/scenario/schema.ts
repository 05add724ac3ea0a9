/**
 * The scenario language (PRODUCT.md §3) as zod schemas: the core contract plus documented
 * extensions. Objects are strict so a typo is an error with a suggestion, never a silently
 * ignored key. Output values are in canonical units (seconds, req/s, MB/s, GB, vCPU-hours, USD).
 */
import { z } from 'zod';
import { describeValue } from './issue.js';
import { duration, fraction, name, nonNegative, nonNegativeInt, positiveInt, quantity } from './fields.js';

const catalogRef = z
  .string()
  .regex(/^(aws|gcp|azure)\/[a-z0-9-]+$/, {
    error: (iss) =>
      `not a catalog reference (got ${JSON.stringify(iss.input)}; expected provider/region such as "aws/us-east-1", "gcp/us-central1" or "azure/westeurope")`,
  })
  .meta({ description: 'provider/region of a bundled catalog in pricing/, e.g. aws/us-east-1' });

// ---------------------------------------------------------------------------------------------
// Pools

const customInstance = z
  .strictObject({
    name: z.string().optional().meta({ description: 'Label shown in reports (default: "custom")' }),
    vcpu: z.number().positive().meta({ description: 'vCPUs per instance' }),
    memoryGiB: nonNegative('Memory per instance in GiB').default(0),
    gpus: nonNegativeInt('GPUs per instance').default(0),
    hourly: nonNegative('On-demand price in USD per instance-hour'),
    spotHourly: nonNegative('Spot price in USD per instance-hour (omit when spot is not offered)').optional(),
  })
  .meta({ description: 'An instance type that is not in a catalog, priced by hand' });

const instance = z
  .union([z.string().min(1), customInstance], {
    error: (iss) =>
      `not an instance (got ${iss.input === null ? 'null' : typeof iss.input}; expected a catalog type such as "m5.large", or {vcpu, memoryGiB, gpus, hourly, spotHourly})`,
  })
  .meta({ description: 'A catalog instance type (e.g. m5.large), or a custom {vcpu, memoryGiB, gpus, hourly, spotHourly}' });

const termSchema = z.enum(['1y', '3y']).meta({ description: 'Commitment term' });
const paymentSchema = z
  .enum(['no-upfront', 'partial-upfront', 'all-upfront'])
  .meta({ description: 'Payment option; larger upfront payments earn larger discounts' });

const savingsPlan = z.strictObject({
  type: z.literal('savings-plan'),
  term: termSchema,
  payment: paymentSchema.default('no-upfront'),
  hourly: nonNegative('Committed spend in USD per hour, billed every hour of the term whether used or not'),
  discount: z
    .number()
    .min(0)
    .lt(1)
    .optional()
    .meta({ description: 'Savings-plan rate as a discount off on-demand (default: the catalog rate, else a typical rate for the term and payment; see README)' }),
});

const reserved = z.strictObject({
  type: z.literal('reserved'),
  term: termSchema,
  payment: paymentSchema.default('no-upfront'),
  instances: nonNegativeInt('Number of instances reserved, billed every hour whether running or not'),
  discount: z
    .number()
    .min(0)
    .lt(1)
    .optional()
    .meta({ description: 'Effective reserved rate (upfront amortized) as a discount off on-demand (default: the catalog rate, else a typical rate)' }),
});

const commitment = z
  .discriminatedUnion('type', [savingsPlan, reserved], {
    error: (iss) =>
      `unknown commitment type (got ${JSON.stringify((iss.input as { type?: unknown } | undefined)?.type ?? null)}; expected "savings-plan" or "reserved")`,
  })
  .meta({ description: 'A Savings Plan ($/hour of committed spend) or Reserved Instances (a count)' });

const purchase = z
  .strictObject({
    onDemandBase: nonNegativeInt('The first N instances are always on-demand').default(0),
    spotShare: fraction('Share of the instances above onDemandBase bought as spot, 0..1').default(0),
    spotFallback: z
      .enum(['on-demand', 'none'])
      .default('on-demand')
      .meta({ description: 'What replaces spot capacity that is interrupted or unavailable' }),
    commitment: commitment.optional(),
  })
  .meta({ description: 'How instances are bought (default: everything on-demand)' });

const autoscalingPolicy = z
  .enum(['static', 'target-tracking', 'step', 'scheduled', 'predictive', 'queue'])
  .meta({ description: 'Autoscaling policy' });

const stepAdjustment = z.strictObject({
  lower: z.number().optional().meta({ description: 'Lower bound of (metric − threshold); absent = −∞' }),
  upper: z.number().optional().meta({ description: 'Upper bound of (metric − threshold); absent = +∞' }),
  change: z.number().meta({ description: 'Instances to add (negative: remove), the exact capacity, or a percent, per adjustment' }),
});

const stepPolicy = z
  .strictObject({
    threshold: z.number().min(0).meta({ description: 'Alarm threshold on utilization (0..1), lag seconds or backlog' }),
    adjustment: z
      .enum(['change', 'exact', 'percent'])
      .default('change')
      .meta({ description: 'ChangeInCapacity, ExactCapacity or PercentChangeInCapacity (rounded toward zero)' }),
    steps: z.array(stepAdjustment).min(1),
    evaluationPeriods: positiveInt('Consecutive breaching datapoints before the alarm fires').default(1),
    minAdjustmentMagnitude: positiveInt('Smallest change a percent adjustment makes').optional(),
  })
  .meta({ description: 'An EC2 step-scaling policy: adjustments by how far the metric is past the threshold' });

const scheduledAction = z.strictObject({
  cron: z.string().min(1).meta({ description: '5-field cron in UTC; t = 0 is Monday 2024-01-01 00:00' }),
  min: nonNegativeInt('New minimum').optional(),
  max: nonNegativeInt('New maximum').optional(),
  desired: nonNegativeInt('New desired capacity').optional(),
});

const forecast = z.strictObject({
  period: duration({ positive: true, description: 'Seasonality of the forecast: 1d or 7d' }).default(86400),
  history: duration({ positive: true, description: 'How far back the forecast looks (AWS: 14d)' }).default(14 * 86400),
  buffer: duration({ description: 'Launch this early, at least bootTime (AWS SchedulingBufferTime: 5m)' }).default(300),
});

const autoscaling = z
  .strictObject({
    policy: autoscalingPolicy,
    target: z
      .number()
      .positive()
      .optional()
      .meta({
        description:
          'target-tracking: utilization to hold, 0..1 (inference and streaming). queue: backlog per instance (requests, MB or jobs).',
      }),
    targetLag: duration({ description: 'target-tracking on streaming lag instead of utilization' }).optional(),
    min: nonNegativeInt('Fewest instances (0 lets batch and queue pools scale to zero)').default(1),
    max: positiveInt('Most instances (required unless the policy is static)').optional(),
    bootTime: duration({ description: 'Launch-to-serving delay of a new instance' }).default(90),
    syncPeriod: duration({ positive: true, description: 'How often the autoscaler decides (HPA default 15s)' }).default(15),
    tolerance: z.number().min(0).max(1).default(0.1).meta({ description: 'No action while |1 - ratio| is within this (HPA default 0.1)' }),
    scaleDownStabilization: duration({ description: 'Scale down only to the highest recommendation in this window (HPA default 5m)' }).default(300),
    scaleUpStabilization: duration({ description: 'Scale up only to the lowest recommendation in this window (HPA default 0s)' }).default(0),
    scaleOut: stepPolicy.optional().meta({ description: 'step: the scale-out alarm and its steps' }),
    scaleIn: stepPolicy.optional().meta({ description: 'step: the scale-in alarm and its steps (changes are negative)' }),
    warmup: duration({ description: 'step: seconds before a new instance counts in the metric (ASG default 300s)' }).default(300),
    schedule: z.array(scheduledAction).min(1).optional().meta({ description: 'scheduled: actions that set min, max or desired' }),
    forecast: forecast.optional().meta({ description: 'predictive: seasonal forecast settings' }),
    cooldown: duration({ description: 'queue: idle time before scaling to zero (KEDA cooldownPeriod 5m)' }).default(300),
  })
  .meta({ description: 'Autoscaling policy and its parameters (models.md §1–§2)' });

const spot = z
  .strictObject({
    interruptionsPerMonth: nonNegative(
      'Expected interruptions per spot instance per 730 h (default: from the catalog Spot Advisor band; "<5%" = 0.05)',
    ).optional(),
    notice: duration({ description: 'Warning before capacity is reclaimed (AWS 2m, GCP and Azure 30s)' }).optional(),
    correlation: fraction('Share of the pool\'s spot instances one interruption event takes (default 1/3: a fleet over three AZs loses one AZ\'s capacity pool at a time; 1 = all at once)').optional(),
    priceHistory: z
      .strictObject({
        file: z.string().min(1).meta({ description: 'aws ec2 describe-spot-price-history output (JSON, or the 5-column TSV), relative to the scenario file' }),
        availabilityZone: z.string().min(1).optional().meta({ description: 'Which zone\'s history to replay (default: the zone with the most price changes)' }),
      })
      .optional()
      .meta({ description: 'Replay a real spot price history (looped over the horizon) instead of the catalog average' }),
  })
  .meta({ description: 'Spot interruption model' });

const onPrem = z
  .strictObject({
    nodes: positiveInt('Number of on-prem nodes'),
    vcpuPerNode: z.number().positive().meta({ description: 'vCPUs per node' }),
    memoryGiBPerNode: nonNegative('Memory per node in GiB').optional(),
    capex: quantity('money', 'Purchase price of the cluster in USD'),
    amortization: duration({ positive: true, description: 'Period over which capex is spread (e.g. 3y)' }),
    monthlyOpex: quantity('money', 'Power, space, support and staff in USD per 730 h'),
  })
  .meta({ description: 'An on-prem cluster: fixed capacity, amortized capex plus opex, billed used or not' });

export const poolSchema = z
  .strictObject({
    instance: instance.optional(),
    custom: customInstance.optional().meta({ description: 'Alias of instance: {…} for a custom instance type' }),
    catalog: catalogRef.optional(),
    count: nonNegativeInt('Fixed size when autoscaling is absent or static').optional(),
    purchase: purchase.optional(),
    autoscaling: autoscaling.optional(),
    spot: spot.optional(),
    onPrem: onPrem.optional(),
  })
  .meta({ description: 'A pool of identical instances (cloud or on-prem) that workloads run on' });

// ---------------------------------------------------------------------------------------------
// Load

const diurnal = z.strictObject({
  amplitude: fraction('Relative swing around the mean: load × (1 + amplitude·cos(2π(hour − peakHour)/24))'),
  peakHour: z.number().min(0).max(24).default(12).meta({ description: 'Hour of day (UTC, 0..24) of the peak' }),
});

const weekly = z.strictObject({
  weekendFactor: nonNegative('Multiplier applied on Saturday and Sunday (day 5 and 6 from t = 0, a Monday)'),
});

const growth = z.strictObject({
  perMonth: z.number().gt(-1).meta({ description: 'Compound growth per 730 h, e.g. 0.05 = +5% a month' }),
});

const spike = z.strictObject({
  at: duration({ description: 'Start of the spike, measured from t = 0' }),
  duration: duration({ positive: true, description: 'Length of the spike' }),
  factor: z.number().positive().meta({ description: 'Load multiplier during the spike' }),
});

const noise = z.strictObject({
  cv: nonNegative('Coefficient of variation of multiplicative per-step noise (seeded, per Monte Carlo run)'),
});

const trace = z.strictObject({
  file: z.string().min(1).meta({ description: 'Trace file, relative to the scenario file' }),
  format: z
    .enum(['samples', 'series', 'events'])
    .default('samples')
    .meta({
      description:
        'samples: CSV rows of time,value (each value holds until the next row); series: whitespace-separated values at a fixed interval (e.g. per-second counts); events: CSV with one row per request, counted per step',
    }),
  time: z.string().min(1).default('timestamp').meta({ description: 'Name of the time column (samples, events): "YYYY-MM-DD HH:MM:SS[.fff]" in UTC, or seconds' }),
  value: z.string().min(1).default('value').meta({ description: 'Name of the value column (samples)' }),
  weight: z.string().min(1).optional().meta({ description: 'events: a column to sum per step instead of counting rows (e.g. tokens)' }),
  interval: duration({ positive: true, description: 'series: time between values' }).default(1),
  scale: z.number().positive().default(1).meta({ description: 'Multiplier applied to every value' }),
  unit: z
    .enum(['per-second', 'per-sample'])
    .default('per-second')
    .meta({ description: 'samples and series: per-second values are rates; per-sample values are counts per sample interval (e.g. CloudWatch RequestCount per 5 min)' }),
  mode: z
    .enum(['replace', 'multiply'])
    .default('replace')
    .meta({ description: 'replace: the trace is the load; multiply: the trace scales the shape' }),
  loop: z.boolean().default(true).meta({ description: 'Repeat the trace when the horizon is longer than it' }),
});

function loadSchema(baseKind: 'requestRate' | 'byteRate', baseDescription: string) {
  return z
    .strictObject({
      base: quantity(baseKind, baseDescription).optional(),
      diurnal: diurnal.optional(),
      weekly: weekly.optional(),
      growth: growth.optional(),
      spikes: z.array(spike).optional(),
      noise: noise.optional(),
      trace: trace.optional(),
      expression: z
        .string()
        .min(1)
        .optional()
        .meta({ description: 'Sandboxed expression of t (hours since start), e.g. "400 + 200*sin(2*pi*t/24)"' }),
    })
    .meta({ description: 'Load shape: base × diurnal × weekly × growth × spikes × noise, or a trace, or an expression' });
}

// ---------------------------------------------------------------------------------------------
// Workloads

const serviceDistribution = z
  .union([z.enum(['exponential', 'deterministic']), z.strictObject({ cv: nonNegative('Coefficient of variation of service time') })], {
    error: (iss) =>
      `not a service-time distribution (got ${JSON.stringify(iss.input)}; expected "exponential", "deterministic" or {cv: number})`,
  })
  .meta({ description: 'Service-time distribution: exponential (M/M/c), deterministic, or {cv} (Allen–Cunneen)' });

const service = z.strictObject({
  time: duration({ positive: true, description: 'Mean service time of one request on one server' }),
  distribution: serviceDistribution.default('exponential'),
  serversPerInstance: positiveInt('Concurrent requests one instance serves').default(1),
});

const modelVariant = z.strictObject({
  name: name('model'),
  time: duration({ positive: true, description: 'Mean service time of this model' }),
  accuracy: fraction('Accuracy of this model, 0..1').optional(),
  distribution: serviceDistribution.optional(),
});

const cascade = z.strictObject({
  first: name('model').meta({ description: 'Model every request goes to first' }),
  escalate: fraction('Share of requests passed on to the second model'),
  to: name('model').meta({ description: 'Model that handles escalated requests' }),
  accuracy: fraction('Accuracy of the cascade as a whole, if measured (for cost-per-accuracy analysis)').optional(),
});

const latencySlo = z
  .strictObject({
    p50: duration({ positive: true }).optional(),
    p90: duration({ positive: true }).optional(),
    p95: duration({ positive: true }).optional(),
    p99: duration({ positive: true }).optional(),
    p999: duration({ positive: true }).optional(),
  })
  .meta({ description: 'Latency SLO: at least that share of requests within the time (p99: 250ms = 99% within 250 ms)' });

const egress = z.strictObject({
  perRequest: quantity('bytes', 'Internet egress per request, in GB').optional(),
  share: fraction('Share of the streamed or produced bytes sent out to the internet').optional(),
});

const common = {
  name: name('workload'),
  pool: name('pool').meta({ description: 'The pool this workload runs on' }),
};

export const inferenceWorkload = z
  .strictObject({
    ...common,
    kind: z.literal('inference'),
    load: loadSchema('requestRate', 'Mean arrival rate in requests per second'),
    service,
    models: z.array(modelVariant).optional(),
    model: name('model').optional().meta({ description: 'Which entry of models serves the traffic' }),
    cascade: cascade.optional(),
    maxWait: duration({ positive: true, description: 'Requests waiting longer are dropped and counted' }).default(30),
    egress: egress.optional(),
    slo: latencySlo.optional(),
  })
  .meta({ description: 'A request/response service: queueing latency per step from Erlang C' });

export const streamingWorkload = z
  .strictObject({
    ...common,
    kind: z.literal('streaming'),
    load: loadSchema('byteRate', 'Ingest rate in MB/s'),
    throughputPerInstance: quantity('byteRate', 'What one instance can process, in MB/s'),
    replication: positiveInt('Replication factor: multiplies write traffic and stored bytes').default(1),
    retention: duration({ description: 'How long data is kept; rate × retention × replication = stored bytes' }).default(0),
    consumers: nonNegativeInt('Consumer groups reading the stream').default(1),
    egress: egress.optional(),
    slo: z.strictObject({ maxLag: duration({ description: 'Largest acceptable consumer lag' }) }).optional(),
  })
  .meta({ description: 'A stream: backlog(t+dt) = max(0, backlog + (in − capacity)·dt), lag = backlog / capacity' });

const schedule = z
  .union(
    [
      z.strictObject({ cron: z.string().min(1).meta({ description: '5-field cron in UTC, e.g. "0 2 * * *"' }) }),
      z.strictObject({
        every: duration({ positive: true, description: 'Interval between jobs' }),
        offset: duration({ description: 'Time of the first job (default 0)' }).default(0),
      }),
    ],
    {
      error: () => 'not a schedule (expected {cron: "0 2 * * *"} or {every: 1d, offset: 2h})',
    },
  )
  .meta({ description: 'When jobs arrive' });

const job = z.strictObject({
  work: quantity('work', 'Total work of one job in vCPU-hours'),
  parallelFraction: fraction('Amdahl parallel fraction p: speed-up(N) = 1 / ((1 − p) + p/N)').default(1),
  maxParallelism: positiveInt('Most vCPUs one job can use').optional(),
  checkpointInterval: duration({ positive: true, description: 'Work since the last checkpoint is lost on an interruption' }).optional(),
  growth: growth.optional().meta({ description: 'Compound growth of the work per job per 730 h month (data volumes grow)' }),
});

export const batchWorkload = z
  .strictObject({
    ...common,
    kind: z.literal('batch'),
    schedule,
    job,
    slo: z.strictObject({ deadline: duration({ positive: true, description: 'Each job must finish within this of its arrival' }) }).optional(),
  })
  .meta({ description: 'Scheduled jobs with Amdahl speed-up on the pool\'s vCPUs' });

export const workloadSchema = z.discriminatedUnion('kind', [inferenceWorkload, streamingWorkload, batchWorkload], {
  error: (iss) => {
    const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
    return `unknown workload kind (got ${kind === undefined ? 'nothing' : JSON.stringify(kind)}; expected "inference", "streaming" or "batch")`;
  },
});

// ---------------------------------------------------------------------------------------------
// Feature store

const onlineStore = z.strictObject({
  sizeGB: quantity('bytes', 'Size of the online store in GB'),
  readsPerSecond: nonNegative('Feature-vector reads per second, summed over consumers'),
});

const featurePipeline = z.strictObject({
  name: name('feature pipeline'),
  work: quantity('work', 'Compute of one refresh in vCPU-hours'),
  refresh: duration({ positive: true, description: 'How often the features are recomputed' }),
  pool: name('pool'),
  consumers: z.array(name('consumer')).min(1).meta({ description: 'Models (or workloads) that use these features' }),
  onlineStore: onlineStore.optional(),
});

const features = z
  .strictObject({
    reuse: z.boolean().meta({ description: 'true: compute once and share through the store; false: every consumer recomputes' }),
    pipelines: z.array(featurePipeline).min(1),
  })
  .meta({ description: 'Feature-store reuse' });

// ---------------------------------------------------------------------------------------------
// Scenario

export const variantPatch = z
  .record(z.string(), z.unknown(), {
    error: (iss) => `not a patch (got ${describeValue(iss.input)}; expected a mapping of dotted paths to values, e.g. {pools.api.count: 4})`,
  })
  .meta({ description: 'Dotted path → new value, e.g. {"pools.api.purchase.spotShare": 0}' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored by capsim' }),
    schemaVersion: z.literal(1, {
      error: (iss) => `unsupported schemaVersion (got ${iss.input === undefined ? 'nothing' : JSON.stringify(iss.input)}; expected 1)`,
    }),
    name: z.string().min(1).meta({ description: 'Scenario name shown in reports' }),
    description: z.string().optional().meta({ description: 'Free text shown in reports' }),
    horizon: duration({ positive: true, description: 'Simulated time' }),
    step: duration({ positive: true, description: 'Simulation resolution' }).default(60),
    seed: z.int().min(0).max(2 ** 32 - 1).default(1).meta({ description: 'PRNG seed; the same seed gives the same result' }),
    runs: positiveInt('Monte Carlo runs (CLI --runs overrides)').default(1),
    catalog: catalogRef.default('aws/us-east-1'),
    pools: z.record(name('pool'), poolSchema).meta({ description: 'Named pools of capacity' }),
    workloads: z.array(workloadSchema).default([]).meta({ description: 'What runs on the pools' }),
    features: features.optional(),
    tco: z
      .strictObject({
        months: positiveInt('Months (730 h each) of the TCO comparison').default(36),
        migration: quantity('money', 'One-time cost of migrating to this scenario, in USD').default(0),
        dualRunning: nonNegativeInt('Months during which the old setup keeps running beside this one').default(0),
      })
      .optional()
      .meta({ description: 'Migration TCO settings for capsim compare: this scenario is the migration target' }),
    variants: z
      .record(name('variant'), variantPatch)
      .optional()
      .meta({ description: 'Named patches for compare and the TUI' }),
  })
  .meta({
    title: 'capsim scenario',
    description: 'A capsim scenario: pools of capacity, the workloads on them, and named variants (schemaVersion 1).',
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type Pool = z.output<typeof poolSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type InferenceWorkload = z.output<typeof inferenceWorkload>;
export type StreamingWorkload = z.output<typeof streamingWorkload>;
export type BatchWorkload = z.output<typeof batchWorkload>;
