import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * End-to-end tests run the compiled binary. `npm test` builds first; this makes a bare
 * `npx vitest` correct too by rebuilding when any source file is newer than the build.
 */
export default function setup(): void {
  const binary = 'dist/cli/main.js';
  if (existsSync(binary) && statSync(binary).mtimeMs >= newest('src')) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
