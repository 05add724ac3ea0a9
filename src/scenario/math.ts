import { all, create, type MathJsInstance } from 'mathjs';

/**
 * capsim's own mathjs instance. Units are registered on an instance, so defining `req` or `vCPU`
 * on the shared default export would leak into every other user of mathjs in the process.
 *
 * Only ever hand this instance's `parse` and `unit` user text: `evaluate` on scenario text would
 * give a YAML file the whole mathjs language (`import`, `createUnit`, …), which is why
 * load expressions go through the whitelist in expression.ts instead.
 */
// The typings allow `all` to be undefined (for tree-shaken builds); the full bundle always has it.
export const math: MathJsInstance = create(all!);

/**
 * The project's countable things. Each is its own base dimension, so `400 req/s` and
 * `400 events/s` do not silently convert into each other. SI prefixes are allowed on counts
 * (`1.2 Mreq/h`, `5 kevents/s`) but not on vCPU, where "mvCPU" would be read as millicores.
 * `bps` gives network-style bit rates (`10 Gbps`); mathjs already knows `b` (bit), so `800 Mb/s`
 * works without it.
 */
math.createUnit({
  req: { prefixes: 'short', aliases: ['reqs', 'request', 'requests'] },
  event: { prefixes: 'short', aliases: ['events'] },
  job: { aliases: ['jobs'] },
  query: { prefixes: 'short', aliases: ['queries'] },
  token: { prefixes: 'short', aliases: ['tokens'] },
  vCPU: { aliases: ['vCPUs', 'vcpu', 'vcpus'] },
  bps: { definition: '1 b/s', prefixes: 'short' },
});

/**
 * Rewrites the spellings people use for compound units into ones the mathjs unit parser reads.
 * `vCPU-h` is the common way to write vCPU-hours, but to mathjs `-` is subtraction; a space is
 * multiplication between units, so `vCPU-h` becomes `vCPU h`. `·` is the typographic product.
 */
export function normalizeUnitText(text: string): string {
  return text.replace(/(?<![A-Za-z_])(vCPUs?|vcpus?)\s*-\s*(?=[A-Za-z])/g, '$1 ').replace(/·/g, ' ');
}
