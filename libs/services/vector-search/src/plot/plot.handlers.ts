import { Injectable } from '@nestjs/common';
import { PlotContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler } from '@anime/platform-messaging';
import { extractYearHint } from '@anime/query';
import { CatalogState } from '../catalog-state';
import { PlotState } from './plot-state';

type C = typeof PlotContracts;

/** The answer's notice when the synopsis store is empty: what is missing and the command that fills it. */
export const NO_SYNOPSES =
  'No synopses have been imported, so plot search has nothing to search: import them with npm run db:enrich -- --file <synopses.jsonl> (one {source, synopsis} JSON object per line), then ask again.';

/** `catalog.v1.plot.search`: anime from a remembered plot, from the plot index of the served version. */
@Injectable()
export class PlotHandlers {
  /** Clock for reading relative years ("ten years ago") out of the text. */
  now: () => Date = () => new Date();

  constructor(
    private readonly catalog: CatalogState,
    private readonly plot: PlotState,
  ) {}

  @RpcHandler(PlotContracts.search)
  async search(request: RpcParsedRequest<C['search']>): Promise<RpcOutput<C['search']>> {
    this.catalog.current(); // NOT_READY without a dataset, with the catalog's own how-to
    const plot = await this.plot.ready();
    const view = this.catalog.current();
    const indexInfo = { entries: plot.index.size, synopses: plot.index.synopses, synopsisRevision: plot.synopsisRevision };
    const dataset = { version: view.dataset.version, lastUpdate: view.dataset.lastUpdate };
    if (plot.index.synopses === 0) {
      // Without synopses the index holds titles and tags only: a ranking from those would read
      // as "this is the plot you meant" when no plot was ever searched. Say what is missing.
      return {
        items: [],
        confidence: 0,
        confidenceLabel: 'low',
        understood: { terms: [] },
        index: indexInfo,
        dataset,
        notice: NO_SYNOPSES,
      };
    }
    let text = request.text;
    let yearHint: { min?: number; max?: number; label: string } | undefined;
    if (request.yearHint) {
      yearHint = { ...request.yearHint, label: `${request.yearHint.min ?? '…'}–${request.yearHint.max ?? '…'}` };
    } else {
      const read = extractYearHint(request.text, this.now());
      if (read.hint) {
        yearHint = read.hint;
        text = read.rest || request.text;
      }
    }
    const result = plot.index.search({
      text,
      ...(yearHint ? { yearHint } : {}),
      ...(request.years ? { years: request.years } : {}),
      ...(request.types ? { types: request.types } : {}),
      limit: request.limit,
    });
    const items = result.hits.flatMap((hit) => {
      const anime = view.index.get(hit.id);
      if (!anime) return [];
      return [
        {
          anime: view.index.summary(anime),
          score: hit.score,
          confidence: hit.confidence,
          matchedTerms: hit.matchedTerms,
          matchedIn: hit.matchedIn,
          ...(hit.snippet !== undefined && hit.synopsis ? { snippet: { text: hit.snippet, ...hit.synopsis } } : {}),
        },
      ];
    });
    return {
      items,
      confidence: result.confidence,
      confidenceLabel: result.confidence >= 0.6 ? 'high' : result.confidence >= 0.35 ? 'medium' : 'low',
      understood: { terms: result.terms, ...(yearHint ? { yearHint } : {}) },
      index: indexInfo,
      dataset,
    };
  }
}
