import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../../src/model/errors.js';
import type { ImportResult, PartialEntry } from '../../../src/catalog/importers/importer.js';

/** The project's own small fixtures, in each real format. */
export const FIX = fileURLToPath(new URL('../../fixtures/catalog/', import.meta.url));
/** ../shared/data beside the repository (present in CI; tests over it skip visibly when absent). */
export const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
export const HAVE_DATA = existsSync(DATA);
export const dataFile = (rel: string) => `${DATA}${rel}`;
export const SKIP_NOTE = '(skipped: ../shared/data absent)';
/** Describe title for a test over a real file: names the file, and says why when it skips. */
export const realTitle = (rel: string) => `real file ${rel}${existsSync(dataFile(rel)) ? '' : ` ${SKIP_NOTE}`}`;

export function find(result: ImportResult, region: string, type: string): PartialEntry | undefined {
  return result.records.find((r) => r.region === region && r.instanceType === type);
}

export async function problemsOf(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ValidationError) return [...err.lines];
    throw err;
  }
  throw new Error('expected a ValidationError');
}
