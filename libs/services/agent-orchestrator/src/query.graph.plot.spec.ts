import { describe, expect, it } from 'vitest';
import { CatalogContracts, PlotContracts, type AnimeSummary, type RpcContract } from '@anime/contracts';
import type { RpcClient } from '@anime/platform-messaging';
import { answerQuestions, createQueryGraph, type QueryState } from './query.graph';

const NOW = new Date('2026-11-25T12:00:00Z');

const anime = (id: string, title: string, year: number): AnimeSummary => ({
  id,
  title,
  type: 'TV',
  episodes: 12,
  status: 'FINISHED',
  season: 'SPRING',
  year,
  score: 8,
  tags: [],
  studios: [],
  picture: '',
  thumbnail: '',
  platforms: ['myanimelist'],
});

/** A plot-search answer that passes the contract (the fake service cannot answer what the real one could not). */
const plotAnswer = (confidence: number, notice?: string) =>
  PlotContracts.search.response.parse({
    items:
      notice === undefined
        ? [
            {
              anime: anime('mal:1535', 'Death Note', 2006),
              score: 12,
              confidence,
              matchedTerms: ['notebook', 'kill'],
              matchedIn: ['synopsis'],
              snippet: { text: 'A **notebook** that **kills** whoever is named in it…', source: 'anilist', sourceUrl: 'https://anilist.co/anime/1535', language: 'en', fetchedAt: '2026-06-01T00:00:00Z' },
            },
            { anime: anime('mal:5114', 'Fullmetal Alchemist: Brotherhood', 2009), score: 4, confidence: confidence / 3, matchedTerms: ['kill'], matchedIn: ['tags'] },
          ]
        : [],
    confidence: notice === undefined ? confidence : 0,
    confidenceLabel: confidence >= 0.6 ? 'high' : 'low',
    understood: { terms: ['notebook', 'kill'] },
    index: { entries: 10, synopses: notice === undefined ? 2 : 0, synopsisRevision: notice === undefined ? 'r1' : null },
    dataset: { version: 'v1', lastUpdate: '2025-07-21' },
    ...(notice ? { notice } : {}),
  });

/** Records every contract call; answers the plot search with `plot`, the title search with nothing. */
function fakeRpc(plot: ReturnType<typeof plotAnswer>): { rpc: RpcClient; calls: Array<{ subject: string; args: unknown }> } {
  const calls: Array<{ subject: string; args: unknown }> = [];
  const rpc = {
    call: async (contract: RpcContract, args: unknown) => {
      calls.push({ subject: contract.subject, args });
      if (contract.subject === PlotContracts.search.subject) return plot;
      if (contract.subject === CatalogContracts.search.subject) return { items: [] };
      throw new Error(`unexpected call ${contract.subject}`);
    },
  } as unknown as RpcClient;
  return { rpc, calls };
}

const ask = async (rpc: RpcClient, query: string): Promise<QueryState> =>
  (await answerQuestions(createQueryGraph({ rpc, now: () => NOW }), [{ query, previous: [], deadline: Date.now() + 5_000, limitOverride: undefined }]))[0] as QueryState;

describe('query graph: memory questions go to catalog.v1.plot.search', () => {
  it('sends the story with the remembered years as a soft hint, and answers with each snippet and its source', async () => {
    const { rpc, calls } = fakeRpc(plotAnswer(0.8));
    const state = await ask(rpc, 'i remember an anime where a guy finds a notebook that kills people, 2006ish');
    expect(calls).toEqual([{ subject: 'catalog.v1.plot.search', args: { text: 'a guy finds a notebook that kills people', yearHint: { min: 2004, max: 2008 }, limit: 10 } }]);
    expect(state.queryPlan).toMatchObject({ intent: 'plot', yearHint: { min: 2004, max: 2008 } });
    expect(state.items.map((i) => i.id)).toEqual(['mal:1535', 'mal:5114']);
    expect(state.items[0]?.why).toBe('"A **notebook** that **kills** whoever is named in it…" (synopsis from anilist: https://anilist.co/anime/1535)');
    expect(state.items[1]?.why).toBe('matched kill in tags (no stored synopsis)');
    expect(state.answer).toMatch(/^Most likely: Death Note \(confidence 0\.80\)\./);
    expect(state.answer).toContain('Preferred 2004–2008, as you remembered it (not a filter).');
    expect(state.answer).toContain('1. Death Note (TV, 2006) — "A **notebook**');
    expect(state.answer).not.toContain('Best guess');
  });

  it('says "best guess" when the plot search is not sure', async () => {
    const { rpc } = fakeRpc(plotAnswer(0.3));
    const state = await ask(rpc, 'the one with the guy who writes names in a notebook');
    expect(state.answer).toMatch(/^Best guess \(not sure, confidence 0\.30\): Death Note\./);
    expect(state.answer).toContain('(synopsis from anilist: https://anilist.co/anime/1535)');
  });

  it('passes on the no-synopses notice instead of "nothing found"', async () => {
    const notice = 'No synopses have been imported, so plot search has nothing to search: import them with npm run db:enrich -- --file <synopses.jsonl>';
    const { rpc } = fakeRpc(plotAnswer(0, notice));
    const state = await ask(rpc, 'anime where the mc finds a notebook that kills people');
    expect(state.items).toEqual([]);
    expect(state.answer).toBe(notice);
  });

  it('keeps titles on the title search', async () => {
    const { rpc, calls } = fakeRpc(plotAnswer(0.8));
    await ask(rpc, 'The Promised Neverland');
    expect(calls.map((c) => c.subject)).toEqual(['catalog.v1.anime.search']);
  });
});
