import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { recheckPatches } from '../../src/cli/commands/plan.js';
import { patchYaml } from '../../src/plan/patch-yaml.js';
import { validateSource } from '../../src/scenario/load.js';
import { entry, plan, setup, simulatePatch } from './helpers.js';

const SCENARIO = `schemaVersion: 1
name: plan patch
horizon: 1d
step: 1m
pools:
  api:
    instance: b.large
    purchase: {onDemandBase: 2, spotShare: 0.5, commitment: {type: reserved, term: 1y, instances: 1}}
    autoscaling: {policy: target-tracking, target: 0.6, min: 2, max: 30}
workloads:
  - name: web
    kind: inference
    pool: api
    load: {base: 300, diurnal: {amplitude: 0.6, peakHour: 12}}
    service: {time: 30ms, serversPerInstance: 2}
    slo: {p99: 200ms}
`;

const TYPES = [
  entry({ instanceType: 'b.large', vcpu: 2, onDemandUsdPerHour: 0.1, spotUsdPerHour: 0.04, spotInterruptionsPerMonth: 0.1 }),
  entry({ instanceType: 'c.xlarge', vcpu: 4, onDemandUsdPerHour: 0.17, spotUsdPerHour: 0.07, spotInterruptionsPerMonth: 0.05, commit1yUsdPerHour: 0.11 }),
  entry({ instanceType: 'g.2xlarge', vcpu: 8, onDemandUsdPerHour: 0.3, spotUsdPerHour: 0.15, spotInterruptionsPerMonth: 0.05, region: 'us-west-2' }),
];

describe('the scenario patch', () => {
  it('applies as a variant, validates, and reproduces the planned cost and attainment', async () => {
    const s = await setup(SCENARIO, TYPES);
    const { plan: p } = await plan(s, 'web', { spotShares: [0, 0.5], commitments: ['1y'] });
    expect(p.best).not.toBeNull();
    const patch = p.patch!;
    // The pool's old reserved instances are for b.large: a patch cannot delete them, so it sets a plan.
    expect(patch['pools.api.purchase.commitment']).toMatchObject({ type: 'savings-plan', term: '1y' });
    const replay = await simulatePatch(s, 'api', 'web', patch);
    expect(replay.costUsd).toBeCloseTo(p.best!.run0CostUsd, 6);
    if (!p.best!.monteCarlo) expect(replay.sloAttainment).toBeCloseTo(p.best!.sloAttainment, 12);
    const recheck = await recheckPatches(s.loaded, [p], s.catalogs, process.cwd());
    expect(recheck).toEqual([expect.objectContaining({ matches: true, problems: [] })]);
  });

  it('every runner-up and frontier configuration is a valid patch too (the same code writes them)', async () => {
    const s = await setup(SCENARIO, TYPES);
    const { plan: p } = await plan(s, 'web', { spotShares: [0], commitments: [] });
    for (const r of p.runnerUps.slice(0, 2)) {
      const patch: Record<string, unknown> = { 'pools.api.instance': r.instanceType, 'pools.api.purchase.spotShare': r.spotShare };
      if (r.sizing.kind === 'autoscaled') Object.assign(patch, { 'pools.api.autoscaling.min': r.sizing.min, 'pools.api.autoscaling.max': r.sizing.max });
      if (r.serversPerInstance !== null) patch['workloads.web.service.serversPerInstance'] = r.serversPerInstance;
      if (r.region !== 'us-east-1') patch['pools.api.catalog'] = `aws/${r.region}`;
      await expect(simulatePatch(s, 'api', 'web', patch)).resolves.toBeDefined();
    }
  });

  it('prints as YAML that pastes under variants: and reads back unchanged', () => {
    const patch = {
      'pools.api.instance': 'c7g.large',
      'pools.api.catalog': 'gcp/us-central1',
      'pools.api.autoscaling.target': 0.7,
      'pools.api.purchase.commitment': { type: 'savings-plan', term: '1y', payment: 'no-upfront', hourly: 0.1234 },
      'pools.odd.instance': 'true',
      'pools.odd.count': 3,
      'pools.odd.label': '1e5',
    };
    const text = patchYaml('plan-web', patch);
    expect(text).toContain('pools.api.purchase.commitment: {type: savings-plan, term: 1y, payment: no-upfront, hourly: 0.1234}');
    expect(parse(text)).toEqual({ variants: { 'plan-web': patch } });
    const scenario = `${SCENARIO}${patchYaml('plan-web', { 'pools.api.instance': 'c.xlarge', 'pools.api.autoscaling.max': 12 })}\n`;
    const loaded = validateSource({ label: 'pasted.yaml', absolutePath: undefined, text: scenario });
    expect(loaded.ok && loaded.loaded.variants.get('plan-web')?.pools.api?.instance).toBe('c.xlarge');
  });
});
