import { ApiError, callTool } from '../api/http';
import { streamQuery } from '../api/query-stream';
import type { AnswerItem, AskResponse, Facets, QueryPlan, SearchFilters, SearchResponse } from '../api/types';
import type { PageContext } from '../router';
import { cardGrid, type CardData } from '../ui/card-grid';
import { h, replace, uid } from '../ui/dom';
import { errorMessage, warningList } from '../ui/feedback';
import { typeLabel } from '../ui/format';
import { filterPanel } from './filter-panel';
import { mergeFilters, planPieces, toFilterValues, toSearchFilters } from './search-filters';

const PAGE_SIZE = 24;

/** The catalog query the grid shows in "catalog" mode (filters panel, facets, paging). */
interface CatalogQuery {
  text?: string;
  filters: SearchFilters;
}

const answerCard = (a: AnswerItem): CardData => ({ ...a, why: a.why });
const resultCard = (r: SearchResponse['items'][number]): CardData => ({ ...r.anime, extra: r.matchedTitle && r.matchedTitle !== r.anime.title ? `matched “${r.matchedTitle}”` : undefined });

/**
 * Search: one box for natural language (`/api/query/stream`: the plan, then the items as they
 * stream), the plan shown as removable pieces, a filter panel and facet counts that drive
 * `search_anime` with cursor paging, and a poster grid.
 */
export function renderSearchPage(ctx: PageContext): void {
  const { outlet, signal } = ctx;
  let hidden: SearchFilters = {}; // plan filters the panel has no control for
  let catalog: CatalogQuery = { filters: {} };
  let cursors: Array<string | undefined> = [undefined];
  let running: AbortController | undefined;

  const boxId = uid('q');
  const box = h('input', { id: boxId, type: 'search', name: 'q', value: ctx.query.get('q') ?? '', placeholder: 'e.g. Dandadan, or “supernatural TV from Bones after 2011”', autocomplete: 'off', enterkeyhint: 'search' });
  const planRegion = h('section', { class: 'plan', 'aria-live': 'polite', 'aria-label': 'What was understood' });
  const status = h('p', { class: 'result-status', role: 'status', 'aria-live': 'polite' });
  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  const facetsRegion = h('section', { class: 'facets', 'aria-label': 'Facet counts' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const panel = filterPanel(
    () => runCatalog({ text: catalog.text, filters: mergeFilters(toSearchFilters(panel.read()), hidden) }),
    () => ((hidden = {}), runCatalog({ text: catalog.text, filters: {} })),
  );

  const form = h(
    'form',
    { role: 'search', class: 'search-box', onsubmit: (e) => (e.preventDefault(), ask(box.value.trim())) },
    h('label', { for: boxId }, 'Ask or search'),
    h('div', { class: 'row' }, box, h('button', { type: 'submit', class: 'primary' }, 'Search')),
  );
  replace(
    outlet,
    h('h1', { tabindex: '-1' }, 'Search'),
    form,
    planRegion,
    h('div', { class: 'search-layout' }, h('aside', { class: 'sidebar' }, panel.element, facetsRegion), h('div', { class: 'main-column' }, status, results, pager)),
  );

  const fresh = (): AbortSignal => {
    running?.abort();
    running = new AbortController();
    return AbortSignal.any([signal, running.signal]);
  };
  const remember = (q: string): void => history.replaceState(null, '', q ? `#/search?q=${encodeURIComponent(q)}` : '#/search');

  /** A question: stream the answer; the plan fills the panel and fetches facets for that reading. */
  async function ask(q: string): Promise<void> {
    remember(q);
    if (!q) return runCatalog({ filters: mergeFilters(toSearchFilters(panel.read()), hidden) });
    const stop = fresh();
    results.setAttribute('aria-busy', 'true');
    replace(status, 'Asking…');
    replace(results);
    replace(pager);
    replace(planRegion);
    let streamed = 0;
    try {
      await streamQuery(
        q,
        {
          plan: (plan) => {
            if (!plan) return;
            showPlan(plan);
            const values = toFilterValues(plan.filters);
            hidden = values.hidden;
            panel.fill(values.values);
            catalog = { text: plan.text || (plan.intent === 'lookup' ? plan.ref : undefined), filters: plan.filters };
            if (catalog.text || Object.keys(catalog.filters).length) void loadFacets(catalog, stop);
          },
          items: (items) => {
            streamed = items.length;
            replace(status, `${items.length} answer${items.length === 1 ? '' : 's'}`);
            replace(results, items.length ? cardGrid('Answers', items.map(answerCard)) : h('p', { class: 'empty' }, 'Nothing matched that question.'));
          },
          enrichment: ({ sources }) => planRegion.append(h('p', { class: 'enrichment' }, 'Live sources: ', sources.map((s) => `${s.name}${s.used ? '' : ' (not used)'}`).join(', '))),
          done: (answer) => showAnswer(answer, streamed),
          error: (problem) => replace(results, errorMessage(new ApiError(problem.message, 0, problem.code, problem.errorId), 'Search failed')),
        },
        stop,
      );
    } catch (error) {
      if (!stop.aborted) replace(results, errorMessage(error, 'Search failed'));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  function showPlan(plan: QueryPlan): void {
    const pieces = planPieces(plan);
    const understood = plan.understood.length ? plan.understood : pieces.map((p) => p.label);
    replace(
      planRegion,
      h('p', { class: 'understood' }, h('strong', null, 'Understood: '), [plan.text ? `“${plan.text}”` : null, ...understood].filter(Boolean).join(', ') || plan.intent),
      pieces.length
        ? h(
            'ul',
            { class: 'chips', 'aria-label': 'Remove a part of what was understood' },
            pieces.map((piece) =>
              h('li', null, h('button', { type: 'button', class: 'chip', 'aria-label': `Remove ${piece.label}`, onclick: () => correct(piece.remove(catalog.filters)) }, piece.label, h('span', { 'aria-hidden': 'true' }, ' ×'))),
            ),
          )
        : null,
    );
  }

  function showAnswer(answer: AskResponse, streamed: number): void {
    planRegion.append(
      h('p', { class: 'answer' }, answer.answer),
      warningList(answer.warnings) ?? '',
      answer.clarification
        ? h('p', { class: 'clarify' }, answer.clarification.question, ' ', answer.clarification.alternatives.map((alt) => h('button', { type: 'button', class: 'chip', onclick: () => ((box.value = alt), ask(alt)) }, alt)))
        : '',
    );
    if (!streamed && answer.items.length) replace(results, cardGrid('Answers', answer.items.map(answerCard)));
  }

  /** A removed plan piece: show it in the panel and search the catalog with the rest. */
  function correct(filters: SearchFilters): void {
    const values = toFilterValues(filters);
    hidden = values.hidden;
    panel.fill(values.values);
    void runCatalog({ text: catalog.text, filters });
  }

  async function loadFacets(query: CatalogQuery, stop: AbortSignal): Promise<void> {
    try {
      const res = await callTool<SearchResponse>('search_anime', { ...queryInput(query), limit: 1, facets: true }, stop);
      showFacets(res.facets, res.total, query);
    } catch (error) {
      if (!stop.aborted) replace(facetsRegion, errorMessage(error, 'Facets'));
    }
  }

  /** The catalog view: search_anime with the panel's filters, facets and cursor paging. */
  async function runCatalog(query: CatalogQuery, page = 0): Promise<void> {
    const stop = fresh();
    if (page === 0) cursors = [undefined];
    catalog = query;
    if (page === 0 && query.text === undefined) replace(planRegion);
    results.setAttribute('aria-busy', 'true');
    replace(status, 'Searching…');
    try {
      const res = await callTool<SearchResponse>('search_anime', { ...queryInput(query), limit: PAGE_SIZE, facets: page === 0, cursor: cursors[page] }, stop);
      const from = page * PAGE_SIZE + 1;
      replace(status, res.total === 0 ? 'No results' : `${res.total} result${res.total === 1 ? '' : 's'}${res.total > PAGE_SIZE ? ` (showing ${from}–${from + res.items.length - 1})` : ''}`);
      replace(results, res.items.length ? cardGrid('Catalog results', res.items.map(resultCard)) : h('p', { class: 'empty' }, 'No anime matched. Try fewer filters or other words.'));
      if (page === 0) showFacets(res.facets, res.total, query);
      cursors[page + 1] = res.nextCursor;
      showPager(page, query);
    } catch (error) {
      if (!stop.aborted) {
        replace(status);
        replace(results, errorMessage(error, 'Search failed'));
      }
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  function showPager(page: number, query: CatalogQuery): void {
    replace(
      pager,
      h('button', { type: 'button', disabled: page === 0, onclick: () => runCatalog(query, page - 1) }, '← Previous'),
      h('span', null, `Page ${page + 1}`),
      h('button', { type: 'button', disabled: !cursors[page + 1], onclick: () => runCatalog(query, page + 1) }, 'Next →'),
    );
  }

  function showFacets(facets: Facets | undefined, total: number, query: CatalogQuery): void {
    if (!facets) return replace(facetsRegion);
    const toggle = (change: (f: SearchFilters) => SearchFilters) => () => correct(change(query.filters));
    const group = (title: string, counts: Facets['type'], label: (v: string) => string, change: (value: string) => (f: SearchFilters) => SearchFilters) =>
      counts.length
        ? h('div', { class: 'facet' }, h('h3', null, title), h('ul', null, counts.slice(0, 12).map((c) => h('li', null, h('button', { type: 'button', class: 'link', onclick: toggle(change(c.value)) }, label(c.value), ' ', h('span', { class: 'count' }, String(c.count)))))))
        : null;
    replace(
      facetsRegion,
      h('h2', null, 'Refine'),
      h('p', { class: 'facet-total' }, `${total} in the catalog`, query.text === undefined ? '' : ' ', query.text === undefined ? '' : h('button', { type: 'button', class: 'link', onclick: () => runCatalog(query) }, 'show all')),
      group('Type', facets.type, typeLabel, (v) => (f) => ({ ...f, types: [v as NonNullable<SearchFilters['types']>[number]] })),
      group('Status', facets.status, (v) => v.toLowerCase(), (v) => (f) => ({ ...f, statuses: [v as NonNullable<SearchFilters['statuses']>[number]] })),
      group('Year', facets.year, (v) => v, (v) => (f) => (Number.isNaN(Number(v)) ? f : { ...f, years: { min: Number(v), max: Number(v) } })),
      group('Tags', facets.tags, (v) => v, (v) => (f) => ({ ...f, tags: { ...f.tags, all: [...new Set([...(f.tags?.all ?? []), v])] } })),
    );
  }

  const initial = ctx.query.get('q')?.trim();
  void (initial ? ask(initial) : runCatalog({ filters: {} }));
}

function queryInput(query: CatalogQuery): Record<string, unknown> {
  const input: Record<string, unknown> = { filters: query.filters };
  if (query.text) input['text'] = query.text;
  else input['sort'] = 'score';
  return input;
}
