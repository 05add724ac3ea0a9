/**
 * `npm run bench`: runs every case in bench/cases, prints a table and writes bench/results.json.
 * Add a case by exporting a BenchCase from a file in bench/cases and listing it below.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchCase, BenchRow } from './harness.js';

const CASES: Array<() => Promise<{ default: BenchCase }>> = [
  () => import('./cases/catalog-import.js'),
  () => import('./cases/expression.js'),
  () => import('./cases/erlang.js'),
  () => import('./cases/monte-carlo.js'),
  () => import('./cases/engine.js'),
  () => import('./cases/reference.js'),
  () => import('./cases/plan.js'),
];

const only = process.argv.slice(2);
const rows: Array<BenchRow & { case: string }> = [];
for (const load of CASES) {
  const { default: bench } = await load();
  if (only.length > 0 && !only.some((o) => bench.name.includes(o))) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  for (const row of await bench.run()) rows.push({ case: bench.name, ...row });
}

const header = ['case', 'measure', 'value', 'target', 'met', 'detail'];
const table = rows.map((r) => [
  r.case,
  r.name,
  `${formatValue(r.value)} ${r.unit}`,
  r.target ?? '',
  r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  r.detail ?? '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n',
);

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}
