export { CatalogIndex, summarize } from './catalog-index';
export type { IndexedEntry, DatasetInfo, SearchRequest, SearchResponse, SearchOptions } from './catalog-index';
export { foldText, compactText, tokenize } from './text/normalize';
export { priorOf } from './prior';
export * from './vectors';
export { PlotIndex, DEFAULT_PLOT_PARAMS, makeSnippet } from './plot/plot-index';
export type { PlotDocument, PlotSynopsis, PlotParams, PlotQuery, PlotHit, PlotResult, PlotField } from './plot/plot-index';
export { analyze as analyzePlotText } from './plot/plot-text';
