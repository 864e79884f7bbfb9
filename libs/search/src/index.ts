export { CatalogIndex, summarize } from './catalog-index';
export type { IndexedEntry, DatasetInfo, SearchRequest, SearchResponse, SearchOptions } from './catalog-index';
export { foldText, compactText, tokenize } from './text/normalize';
export { priorOf } from './prior';
export * from './vectors';
