/** The catalog layer's public surface: loading, lookup, importing. */
export { loadBundledCatalogs, loadCatalogDir, loadCatalogFiles, PRICING_DIR, PACKAGE_ROOT } from './bundled.js';
export { CatalogIndex, instanceTypeKey, type CatalogQuery, type CatalogRegionSummary } from './lookup.js';
export { parseCatalogCsv, readCatalogFile, writeCatalogFile, formatCatalogCsv, compareEntries } from './catalogFile.js';
export { CATALOG_COLUMNS } from './schema.js';
export { importCatalog, formatList, summarizeSkips, type ImportRequest, type ImportOutcome, type SourceSpec } from './importCatalog.js';
export { FACETS, DEFAULT_FILL, type Facet } from './assemble.js';
export { IMPORTERS, importerFor } from './importers/registry.js';
export { readSpotPriceHistory } from './importers/awsSpotPriceHistory.js';
