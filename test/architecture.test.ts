import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * PRODUCT.md §6: dependencies point inward. src/model and src/sim are deterministic functions of
 * their inputs: no I/O, no clock, no Math.random, no zod, no ink. Only src/scenario and
 * src/catalog touch files and zod; src/report is pure text.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const PURE_FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|os|worker_threads|readline|process)$|^(zod|ink|react|yaml|csv-parse|commander|cli-progress)(\/|$)/;

describe('dependency direction', () => {
  for (const layer of ['src/model', 'src/sim']) {
    it(`${layer} imports no I/O, zod, ink or outer layer`, () => {
      const offenders: string[] = [];
      for (const file of sourceFiles(layer)) {
        for (const spec of imports(file)) {
          // The Monte Carlo worker pool is the one place in sim/ that may start threads.
          if (spec === 'node:worker_threads' && file.includes('/monte-carlo/')) continue;
          if (PURE_FORBIDDEN_MODULES.test(spec)) offenders.push(`${file} imports ${spec}`);
          if (/\.\.\/(scenario|catalog|cli|tui|report|plan)\//.test(spec)) offenders.push(`${file} imports ${spec}`);
          if (layer === 'src/model' && /\.\.\/sim\//.test(spec)) offenders.push(`${file} imports ${spec}`);
        }
      }
      expect(offenders).toEqual([]);
    });

    it(`${layer} uses no clock and no Math.random`, () => {
      // Comments may name what is banned (to say why); code may not use it.
      const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const offenders = sourceFiles(layer).filter((f) => /Math\.random|Date\.now|new Date\(|performance\.now|process\.hrtime/.test(code(f)));
      expect(offenders).toEqual([]);
    });
  }

  it('src/plan is pure: no I/O, clock, Math.random, CLI or TUI (the shell hands it a resolver and Monte Carlo)', () => {
    const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const offenders = sourceFiles('src/plan').flatMap((f) => [
      ...imports(f).filter((s) => PURE_FORBIDDEN_MODULES.test(s) || /\.\.\/(cli|tui)\//.test(s)).map((s) => `${f} imports ${s}`),
      ...(/Math\.random|Date\.now|new Date\(|performance\.now|process\.hrtime/.test(code(f)) ? [`${f} reads a clock or Math.random`] : []),
    ]);
    expect(offenders).toEqual([]);
  });

  it('src/report is pure text: no I/O and no ink', () => {
    const offenders = sourceFiles('src/report').flatMap((f) => imports(f).filter((s) => PURE_FORBIDDEN_MODULES.test(s) && !/^yaml/.test(s)).map((s) => `${f} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('only the TUI imports ink or react, and the CLI loads it lazily', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      if (file.startsWith('src/tui')) continue;
      const text = readFileSync(file, 'utf8');
      if (/from\s+['"](ink|react)['"]/.test(text)) offenders.push(file);
      if (/^\s*import[^(]*from\s+['"][./]*tui\//m.test(text)) offenders.push(`${file} imports the TUI statically`);
    }
    expect(offenders).toEqual([]);
  });
});
