import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogEntry } from '../model/catalog.js';
import { readCatalogFile } from './catalogFile.js';
import { CatalogIndex } from './lookup.js';
import { unreadable } from './problems.js';

/**
 * The package root, two levels above this file both in src/catalog (tests, tsx) and in
 * dist/catalog (the binary); computed here rather than imported from src/cli so the catalog
 * layer does not depend on the CLI.
 */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PRICING_DIR = join(PACKAGE_ROOT, 'pricing');

/** Every *.csv in `dir`, in name order, as one index. Later files override earlier rows. */
export async function loadCatalogDir(dir: string): Promise<CatalogIndex> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort();
  } catch (err) {
    throw unreadable(dir, err);
  }
  return loadCatalogFiles(names.map((n) => join(dir, n)));
}

export async function loadCatalogFiles(paths: readonly string[]): Promise<CatalogIndex> {
  const all: CatalogEntry[][] = await Promise.all(paths.map((p) => readCatalogFile(p)));
  return new CatalogIndex(all.flat());
}

let bundled: Promise<CatalogIndex> | undefined;

/** The catalogs shipped in pricing/, parsed and indexed once per process. */
export function loadBundledCatalogs(): Promise<CatalogIndex> {
  bundled ??= loadCatalogDir(PRICING_DIR).catch((err: unknown) => {
    bundled = undefined;
    throw err;
  });
  return bundled;
}
