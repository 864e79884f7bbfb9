import { Injectable } from '@nestjs/common';
import { PlotContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler } from '@anime/platform-messaging';
import { extractYearHint } from '@anime/query';
import { CatalogState } from '../catalog-state';
import { PlotState } from './plot-state';

type C = typeof PlotContracts;

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
  search(request: RpcParsedRequest<C['search']>): RpcOutput<C['search']> {
    const view = this.catalog.current();
    const plot = this.plot.current();
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
      index: { entries: plot.index.size, synopses: plot.index.synopses, synopsisRevision: plot.synopsisRevision },
      dataset: { version: view.dataset.version, lastUpdate: view.dataset.lastUpdate },
    };
  }
}
