import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINIMAL, problems, validateText } from './helpers.js';

/** MINIMAL with two more pools, for cases that add workloads (one serving workload per pool). */
const MORE_POOLS = MINIMAL.replace('pools:\n', 'pools:\n  brokers: {instance: m5.2xlarge, count: 3}\n  spark: {instance: r5.xlarge, count: 0}\n');
const withPool = (extra: string) => MINIMAL.replace('    count: 2\n', `    count: 2\n${extra}`);
const replace = (from: string, to: string) => {
  if (!MINIMAL.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return MINIMAL.replace(from, to);
};

describe('accepted scenarios', () => {
  it.each([
    ['the minimal scenario', MINIMAL],
    ['the PRODUCT.md §3 example with every core key', readFileSync('test/fixtures/scenarios/product-spec.yaml', 'utf8')],
    ['the bundled example', readFileSync('scenarios/ecommerce-recs-inference.yaml', 'utf8')],
    ['durations as plain seconds', replace('horizon: 1d', 'horizon: 86400\nstep: 60')],
    ['a rate with units', replace('load: {base: 100}', 'load: {base: 6000 req/min}')],
    ['an expression load', replace('load: {base: 100}', 'load: {expression: "100 + 50*sin(2*pi*t/24)"}')],
    ['a multiplying trace over a base', replace('load: {base: 100}', 'load: {base: 100, trace: {file: t.csv, mode: multiply}}')],
    ['a custom instance with a spot price', replace('instance: m5.large', 'instance: {vcpu: 4, memoryGiB: 16, hourly: 0.2, spotHourly: 0.06}\n    purchase: {spotShare: 0.5}')],
    ['an on-prem pool', replace('pools:\n', 'pools:\n  dc: {onPrem: {nodes: 40, vcpuPerNode: 32, capex: 1200000, amortization: 3y, monthlyOpex: 18000}}\n')],
    ['a reserved-instance commitment', withPool('    purchase: {commitment: {type: reserved, term: 3y, payment: all-upfront, instances: 2}}\n')],
    ['a streaming workload with units', `${MORE_POOLS}  - {name: s, kind: streaming, pool: brokers, load: {base: 1 GB/s}, throughputPerInstance: 150 MB/s, replication: 3, retention: 7d, slo: {maxLag: 30s}}\n`],
    ['a batch job every 6 hours', `${MORE_POOLS}  - {name: b, kind: batch, pool: spark, schedule: {every: 6h, offset: 1h}, job: {work: 10 vCPU-h}, slo: {deadline: 2h}}\n`],
    ['a cascade between two models', replace('service: {time: 50ms}', 'service: {time: 50ms}\n    models: [{name: small, time: 5ms, accuracy: 0.9}, {name: large, time: 40ms, accuracy: 0.93}]\n    cascade: {first: small, escalate: 0.2, to: large}')],
    ['JSON input', null],
  ])('%s', (_label, text) => {
    const input = text ?? JSON.stringify({ schemaVersion: 1, name: 'j', horizon: '1h', pools: { p: { instance: 'm5.large', count: 1 } } });
    expect(problems(input, text ? 'scenario.yaml' : 'scenario.json')).toEqual([]);
  });

  it('outputs canonical units and defaults', () => {
    const r = validateText(readFileSync('test/fixtures/scenarios/product-spec.yaml', 'utf8'));
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    const s = r.loaded.scenario;
    expect(s.horizon).toBe(30 * 86400);
    expect(s.step).toBe(60);
    const api = s.pools.api!;
    expect(api.autoscaling).toMatchObject({ bootTime: 90, syncPeriod: 15, scaleDownStabilization: 300, scaleUpStabilization: 0, tolerance: 0.1 });
    expect(api.spot).toEqual({ interruptionsPerMonth: 0.05, notice: 120 });
    const [recs, clicks, batch] = s.workloads;
    expect(recs).toMatchObject({ kind: 'inference', service: { time: 0.04, serversPerInstance: 2 }, slo: { p99: 0.25 }, maxWait: 30 });
    expect(recs?.kind === 'inference' && recs.load.spikes?.[0]).toEqual({ at: 10 * 86400 + 12 * 3600, duration: 7200, factor: 3 });
    expect(clicks).toMatchObject({ load: { base: 2000 }, throughputPerInstance: 150, retention: 7 * 86400 });
    expect(batch).toMatchObject({ job: { work: 2400, parallelFraction: 0.95, checkpointInterval: 600 }, slo: { deadline: 14400 } });
    expect(s.pools['spark-onprem']?.onPrem).toEqual({ nodes: 40, vcpuPerNode: 32, capex: 1200000, amortization: 3 * 8760 * 3600, monthlyOpex: 18000 });
    expect(s.features?.pipelines[0]?.onlineStore).toEqual({ sizeGB: 50, readsPerSecond: 2000 });
  });

  it('applies and validates every variant', () => {
    const r = validateText(readFileSync('test/fixtures/scenarios/product-spec.yaml', 'utf8'));
    if (!r.ok) throw new Error('invalid');
    expect([...r.loaded.variants.keys()]).toEqual(['all-on-demand', 'small-model']);
    expect(r.loaded.variants.get('all-on-demand')?.pools.api?.purchase?.spotShare).toBe(0);
    expect(r.loaded.scenario.pools.api?.purchase?.spotShare).toBe(0.7);
    const small = r.loaded.variants.get('small-model')?.workloads[0];
    expect(small?.kind === 'inference' && small.model).toBe('small');
  });

  it('creates missing intermediate mappings for a variant path', () => {
    const r = validateText(`${MINIMAL}variants:\n  spot: {pools.api.purchase.spotShare: 0.5}\n`);
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    expect(r.loaded.variants.get('spot')?.pools.api?.purchase).toEqual({ onDemandBase: 0, spotShare: 0.5, spotFallback: 'on-demand' });
  });
});

describe('rejected scenarios: every problem, located, with what was given and what is expected', () => {
  it.each<[string, string, string[]]>([
    [
      'several mistakes in one file',
      replace('schemaVersion: 1', 'schemaVersion: 2')
        .replace('instance: m5.large', 'instance: m5.large\n    purchse: {}')
        .replace('horizon: 1d', 'horizon: 1h30')
        .replace('base: 100', 'base: 2 GB/s'),
      [
        'scenario.yaml:1:16 schemaVersion: unsupported schemaVersion (got 2; expected 1)',
        'scenario.yaml:3:10 horizon: not a duration: the number "30" has no unit (got "1h30"; expected a duration such as "90s", "5m", "1h30m" or "30d")',
        'scenario.yaml:7:5 pools.api.purchse: unknown key (got "purchse"; did you mean "purchase"? expected one of instance, custom, catalog, count, purchase, autoscaling, spot, onPrem)',
        'scenario.yaml:13:18 workloads.0.load.base: a data rate, not a request rate (got "2 GB/s"; expected a request rate such as "400 req/s")',
      ],
    ],
    [
      'an unknown workload kind',
      replace('kind: inference', 'kind: inferense'),
      ['scenario.yaml:10:11 workloads.0.kind: unknown workload kind (got "inferense"; expected "inference", "streaming" or "batch")'],
    ],
    [
      'a dangling pool reference and a negative count',
      replace('pool: api', 'pool: ap').replace('count: 2', 'count: -1'),
      [
        'scenario.yaml:7:12 pools.api.count: too small (got -1; expected at least 0)',
        'scenario.yaml:11:11 workloads.0.pool: unknown pool (got "ap"; did you mean "api"? expected one of "api")',
      ],
    ],
    [
      'an empty mapping',
      '{}',
      [
        'scenario.yaml:1:1 horizon: missing required key (got nothing; expected a duration such as "90s", "5m", "1h30m" or "30d")',
        'scenario.yaml:1:1 name: missing required key (got nothing; expected a string)',
        'scenario.yaml:1:1 pools: missing required key (got nothing; expected a mapping of names to entries)',
        'scenario.yaml:1:1 schemaVersion: missing required key (got nothing; expected 1)',
      ],
    ],
    [
      'an expression that tries to escape the sandbox',
      replace('load: {base: 100}', 'load: {expression: "import(1)"}'),
      [
        'scenario.yaml:12:24 workloads.0.load.expression: not a valid expression: function "import" is not allowed; allowed functions: sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, exp, log, log10, log2, sqrt, cbrt, abs, sign, floor, ceil, round, min, max, pow, mod (got "import(1)"; expected an expression of t in hours such as "400 + 200*sin(2*pi*t/24)")',
      ],
    ],
    [
      'an on-prem pool with cloud keys',
      replace('count: 2', 'count: 2\n    onPrem: {nodes: 1, vcpuPerNode: 2, capex: 1, amortization: 3y, monthlyOpex: 1}'),
      [
        'scenario.yaml:6:5 pools.api.instance: not allowed on an on-prem pool (got instance; expected only onPrem: {nodes, vcpuPerNode, capex, amortization, monthlyOpex})',
        'scenario.yaml:7:5 pools.api.count: not allowed on an on-prem pool (got count; expected only onPrem: {nodes, vcpuPerNode, capex, amortization, monthlyOpex})',
      ],
    ],
    [
      'a fixed pool without a count',
      replace('    count: 2\n', ''),
      ['scenario.yaml:6:5 pools.api: missing count (got no count and no autoscaling; expected count: <instances> for a fixed-size pool)'],
    ],
    [
      'target tracking without a target, and min above max',
      replace('    count: 2\n', '    autoscaling: {policy: target-tracking, min: 5, max: 2}\n'),
      [
        'scenario.yaml:7:18 pools.api.autoscaling: target-tracking needs a target (got neither target nor targetLag; expected e.g. target: 0.6)',
        'scenario.yaml:7:49 pools.api.autoscaling.min: larger than max (got min 5 > max 2; expected min ≤ max)',
      ],
    ],
    [
      'a horizon that is not a whole number of steps',
      replace('horizon: 1d', 'horizon: 1d\nstep: 7m'),
      ['scenario.yaml:3:10 horizon: not a whole number of steps (got 1d / 7m = 205.714; expected a horizon that is a multiple of the step)'],
    ],
    [
      'a 100-year horizon at 1 s steps (over the step cap)',
      replace('horizon: 1d', 'horizon: 100y\nstep: 1s'),
      ['scenario.yaml:4:7 step: too fine for the horizon (got 3,153,600,000 steps; expected at most 16,000,000: use a step of 3m18s or more, or a shorter horizon)'],
    ],
    [
      'an expression mixed with a shape',
      replace('load: {base: 100}', 'load: {base: 100, expression: "t"}'),
      ['scenario.yaml:12:12 workloads.0.load.base: not used with an expression (got base; expected either an expression or a shape, not both)'],
    ],
    [
      'no load at all',
      replace('load: {base: 100}', 'load: {}'),
      ['scenario.yaml:12:11 workloads.0.load: no load given (got none of base, trace, expression; expected e.g. base: 400)'],
    ],
    [
      'two workloads with one name',
      `${MORE_POOLS}  - name: web\n    kind: batch\n    pool: spark\n    schedule: {cron: "0 2 * * *"}\n    job: {work: 10 vCPU-h}\n`,
      ['scenario.yaml:16:11 workloads.1.name: duplicate workload name (got "web"; expected each workload to have its own name)'],
    ],
    [
      'bad model references and a cascade that escalates more than everything',
      replace('service: {time: 50ms}', 'service: {time: 50ms}\n    models: [{name: a, time: 1ms}]\n    model: b\n    cascade: {first: a, escalate: 1.5, to: a}'),
      [
        'scenario.yaml:15:12 workloads.0.model: unknown model (got "b"; did you mean "a"? expected one of "a")',
        'scenario.yaml:16:5 workloads.0.cascade: both model and cascade are given (got two routing rules; expected model for one model, or cascade for two)',
        'scenario.yaml:16:35 workloads.0.cascade.escalate: too large (got 1.5; expected at most 1)',
        'scenario.yaml:16:44 workloads.0.cascade.to: same model as first (got "a"; expected a different, usually larger, model)',
      ],
    ],
    [
      'a pool name with a dot (it would break variant paths)',
      replace('pools:', 'pools:\n  bad.name: {instance: x, count: 1}'),
      ['scenario.yaml:5:13 pools["bad.name"]: not a valid pool name (got "bad.name"; expected letters, digits, "-" and "_", starting with a letter or digit)'],
    ],
    [
      'a YAML merge key (not part of YAML 1.2; an amplification vector)',
      replace('pools:', '<<: {a: 1}\npools:'),
      ['scenario.yaml:4:1 ["<<"]: unknown key (got "<<"; expected one of $schema, schemaVersion, name, description, horizon, step, seed, runs, catalog, pools, workloads, features, tco, variants)'],
    ],
    ['a duplicate key', replace('horizon: 1d', 'horizon: 1d\nhorizon: 2d'), ['scenario.yaml:4:1: YAML syntax error: Map keys must be unique']],
    [
      'spot on a custom instance without a spot price',
      replace('instance: m5.large', 'instance: {vcpu: 2, hourly: 0.1}\n    purchase: {spotShare: 0.5}'),
      ['scenario.yaml:7:27 pools.api.purchase.spotShare: spot needs a spot price (got a custom instance without spotHourly; expected spotHourly: <USD per hour> or spotShare: 0)'],
    ],
    [
      'a number where an instance type belongs',
      replace('instance: m5.large', 'instance: 42'),
      ['scenario.yaml:6:15 pools.api.instance: not an instance (got number; expected a catalog type such as "m5.large", or {vcpu, memoryGiB, gpus, hourly, spotHourly})'],
    ],
    [
      'an unknown service distribution',
      replace('service: {time: 50ms}', 'service: {time: 50ms, distribution: gamma}'),
      ['scenario.yaml:13:41 workloads.0.service.distribution: not a service-time distribution (got "gamma"; expected "exponential", "deterministic" or {cv: number})'],
    ],
    [
      'wrong types: a string count and a boolean name',
      replace('count: 2', 'count: two').replace('name: minimal', 'name: true'),
      [
        'scenario.yaml:2:7 name: wrong type (got true; expected a string)',
        'scenario.yaml:7:12 pools.api.count: wrong type (got "two"; expected a number)',
      ],
    ],
    [
      'a fractional instance count and a seed out of range',
      replace('count: 2', 'count: 2.5').replace('horizon: 1d', 'horizon: 1d\nseed: -1'),
      [
        'scenario.yaml:4:7 seed: too small (got -1; expected at least 0)',
        'scenario.yaml:8:12 pools.api.count: wrong type (got 2.5; expected a whole number)',
      ],
    ],
  ])('%s', (_label, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('variants', () => {
  it('checks every patch path against the language and re-validates the patched scenario', () => {
    const text = `${MINIMAL}variants:
  a: {pools.api.purchase.spotShare: 2}
  b: {pools.apii.count: 3}
  c: {workloads.web.servce.time: 1s}
  d: {workloads.web.model: x}
  v: {schemaVersion: 2}
  w: {"pools.api.count.x": 2}
  y: 3
  z: {"workloads.nope.model": a}
`;
    expect(problems(text)).toEqual([
      'scenario.yaml:15:7 variants.a → pools.api.purchase.spotShare: too large (got 2; expected at most 1)',
      'scenario.yaml:16:7 variants.b["pools.apii.count"]: unknown pool in pools (got "apii"; did you mean "api"? expected one of "api")',
      'scenario.yaml:17:7 variants.c["workloads.web.servce.time"]: path does not exist (got "servce" in workloads.web; did you mean "service"? expected one of name, pool, kind, load, service, models, model, cascade, maxWait, egress, slo)',
      'scenario.yaml:18:7 variants.d → workloads.0.model: no models to choose from (got model: "x"; expected a models: list)',
      'scenario.yaml:19:7 variants.v.schemaVersion: cannot be patched by a variant (got "schemaVersion"; expected a path into pools, workloads, features or scenario settings)',
      'scenario.yaml:20:7 variants.w["pools.api.count.x"]: path goes past a value (got "x" after pools.api.count, which holds 2; expected the path to end at pools.api.count)',
      'scenario.yaml:21:6 variants.y: not a patch (got 3; expected a mapping of dotted paths to values, e.g. {pools.api.count: 4})',
      'scenario.yaml:22:7 variants.z["workloads.nope.model"]: unknown workload in workloads (got "nope"; expected one of "web")',
    ]);
  });

  it('one serving workload per pool; feature pipelines run on batch or idle pools', () => {
    const text = `${MINIMAL}  - {name: web2, kind: inference, pool: api, load: {base: 1}, service: {time: 1s}}
features:
  reuse: true
  pipelines: [{name: f, work: 1, refresh: 1d, pool: api, consumers: [web]}]
`;
    expect(problems(text)).toEqual([
      'scenario.yaml:14:41 workloads.1.pool: pool "api" already serves an inference workload (got 2 workloads on it; expected one inference or streaming workload per pool: give each its own pool)',
      'scenario.yaml:17:53 features.pipelines.0.pool: pool "api" serves an inference workload (got a feature pipeline on it; expected a batch or idle pool for pipelines)',
    ]);
  });

  it('cannot patch the variants themselves (no circular patches)', () => {
    expect(problems(`${MINIMAL}variants:\n  loop: {variants.loop: {}}\n`)).toEqual([
      'scenario.yaml:15:10 variants.loop["variants.loop"]: cannot be patched by a variant (got "variants"; expected a path into pools, workloads, features or scenario settings)',
    ]);
  });
});

describe('syntax and hostile input', () => {
  it('reports YAML syntax errors with their position', () => {
    expect(problems('a: [1, 2')).toEqual(['scenario.yaml:1:9: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });

  it('chooses JSON by extension and locates strict JSON errors', () => {
    expect(problems('{schemaVersion: 1, name: x}', 'x.json')).toEqual(["x.json:1:2: JSON syntax error: Expected property name or '}'"]);
    expect(problems('{"schemaVersion": 1, "name": "x",, }', 'x.json')).toEqual(['x.json:1:34: JSON syntax error: Unexpected , in flow map']);
  });

  it('locates problems in JSON input by line and column', () => {
    const json = '{\n  "schemaVersion": 1,\n  "name": "x",\n  "horizon": "1d",\n  "pools": {"p": {"instance": "m5.large", "count": -3}}\n}\n';
    expect(problems(json, 'x.json')).toEqual(['x.json:5:52 pools.p.count: too small (got -3; expected at least 0)']);
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const bomb = [
      'a: &a [1, 2]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    expect(problems(bomb)).toEqual(['scenario.yaml: too many YAML alias expansions (got more than 100; expected a plain scenario: this looks like an alias bomb)']);
  });

  it('refuses deep nesting before the parser recurses', () => {
    expect(problems('['.repeat(20_000))).toEqual([
      'scenario.yaml:1:129: nested too deeply (got more than 128 levels of [ and {; expected a scenario, which needs fewer than 10)',
    ]);
    expect(problems(`a: "${'['.repeat(500)}"\n`)).not.toContainEqual(expect.stringContaining('nested too deeply'));
  });

  it('caps the number of syntax errors it prints', () => {
    const out = problems('x: [\n'.repeat(100) + ']'.repeat(3));
    expect(out.length).toBeLessThanOrEqual(21);
  });

  it('says a non-mapping document is not a scenario', () => {
    expect(problems('- 1\n- 2\n')).toEqual(['scenario.yaml:1:1: not a scenario (got a list of 2; expected a mapping with schemaVersion, name, horizon and pools)']);
    expect(problems('# only a comment\n')).toEqual(['scenario.yaml: is empty (expected a scenario mapping starting with schemaVersion: 1)']);
  });
});

describe('variants that remove entries', () => {
  it('null removes a pool and a workload, and the patched scenario is validated', () => {
    const text = `${MINIMAL.replace('pools:\n', 'pools:\n  dc: {onPrem: {nodes: 2, vcpuPerNode: 8, capex: 1000, amortization: 1y, monthlyOpex: 10}}\n')}variants:
  cloud: {pools.dc: null}
  empty: {workloads.web: null}
  broken: {pools.api: null}
`;
    const r = validateText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'variants.broken → workloads.0.pool: unknown pool (got "api"; expected one of "dc")',
    ]);
    const ok = validateText(text.replace('  broken: {pools.api: null}\n', ''));
    if (!ok.ok) throw new Error('invalid');
    expect(Object.keys(ok.loaded.variants.get('cloud')!.pools)).toEqual(['api']);
    expect(ok.loaded.variants.get('empty')!.workloads).toEqual([]);
  });
});
