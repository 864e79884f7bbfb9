import { availableTools, callTool } from '../api/http';
import type { Anime, AnimeResponse, CompareResponse, DetailsResponse, RelatedResponse } from '../api/types';
import type { PageContext } from '../router';
import { cardGrid } from '../ui/card-grid';
import { h, replace, type Child } from '../ui/dom';
import { errorMessage, loading, unavailableMessage, warningList } from '../ui/feedback';
import { formatDuration, labelOf, PLATFORM_LABELS, summaryLine, typeLabel } from '../ui/format';
import { poster } from '../ui/poster';
import { externalLink, provenanceBadge, renderValue, sourceStatusList } from './provenance';
import { renderSimilar } from './similar';

const LIVE_FIELDS = ['synopsis', 'score', 'episodes', 'status', 'genres', 'studios', 'streaming', 'airing', 'trailer'];
/** Every live source, scraped sites included (these are asked only when named). */
const ALL_SOURCES = ['anilist', 'jikan', 'kitsu', 'animeplanet', 'livechart', 'anisearch', 'ann', 'simkl'];

/** A titled section that shows "Loading …" until its content arrives. */
function section(id: string, title: string): { element: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section-body', 'aria-busy': 'true' }, loading(title.toLowerCase()));
  return { element: h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), body), body };
}

/** Fills a section from a promise: content, or an understandable error. */
async function fill<T>(target: HTMLElement, load: Promise<T>, render: (value: T) => Child, what: string, signal: AbortSignal): Promise<void> {
  try {
    const value = await load;
    if (!signal.aborted) replace(target, render(value));
  } catch (error) {
    if (!signal.aborted) replace(target, errorMessage(error, what));
  } finally {
    target.removeAttribute('aria-busy');
  }
}

/**
 * One anime: every dataset field, a link to every platform it is listed on, the live details with
 * a badge per value naming its source and age, the cross-platform comparison, related entries in
 * watch order, and similar anime with their "why". Each part loads on its own.
 */
export async function renderAnimePage(ctx: PageContext): Promise<void> {
  const [ref = ''] = ctx.params;
  const { outlet, signal } = ctx;
  replace(outlet, h('p', { class: 'back' }, h('a', { href: '#/search' }, '← Search')), loading('anime'));
  let anime: Anime;
  try {
    anime = (await callTool<AnimeResponse>('get_anime', { ref }, signal)).anime;
  } catch (error) {
    if (!signal.aborted) replace(outlet, h('h1', { tabindex: '-1' }, 'Anime'), errorMessage(error, `Could not open ${ref}`));
    return;
  }
  if (signal.aborted) return;
  document.title = `${anime.title} · Anime console`;
  const live = section('live-h', 'Live details');
  const compare = section('compare-h', 'Across platforms');
  const related = section('related-h', 'Related entries · watch order');
  const similar = section('similar-h', 'Similar anime');
  replace(
    outlet,
    h('p', { class: 'back' }, h('a', { href: '#/search' }, '← Search')),
    h(
      'article',
      { class: 'anime' },
      h(
        'header',
        { class: 'anime-header' },
        poster(anime.picture, anime.title, 'large'),
        h('div', null, h('h1', { tabindex: '-1' }, anime.title), h('p', { class: 'card-meta' }, summaryLine({ ...anime, year: anime.animeSeason.year ?? null, score: anime.score?.arithmeticMean ?? null })), platformLinks(anime)),
      ),
      datasetFields(anime),
      live.element,
      compare.element,
      related.element,
      similar.element,
    ),
  );
  const loadLive = (everySource: boolean): void => {
    live.body.setAttribute('aria-busy', 'true');
    const request = everySource ? { ref: anime.id, fields: [...LIVE_FIELDS, 'synopses', 'tags'], sources: ALL_SOURCES } : { ref: anime.id, fields: LIVE_FIELDS };
    void fill(live.body, callTool<DetailsResponse>('get_anime_details', request, signal), (d) => liveDetails(d, Date.now(), everySource ? undefined : () => loadLive(true)), 'Live details', signal);
  };
  loadLive(false);
  void fill(compare.body, callTool<CompareResponse>('compare_anime_across_platforms', { ref: anime.id }, signal), comparison, 'Comparison', signal);
  void fill(related.body, callTool<RelatedResponse>('get_related_anime', { ref: anime.id }, signal), relatedEntries, 'Related entries', signal);
  void fill(
    similar.body,
    availableTools().then((tools) => (tools.has('find_similar_anime') ? renderSimilar(anime.id, signal) : unavailableMessage('Similar anime are not available on this server (no find_similar_anime tool).'))),
    (node) => node,
    'Similar anime',
    signal,
  );
}

function platformLinks(anime: Anime): HTMLElement {
  return h(
    'nav',
    { class: 'platform-links', 'aria-label': 'Listed on' },
    h('h2', { class: 'inline-heading' }, 'Listed on'),
    h(
      'ul',
      null,
      anime.platformIds.map((p) => {
        // A platform listed twice (ANN often is) gets its id in the name, so the links differ.
        const twice = anime.platformIds.filter((q) => q.platform === p.platform).length > 1;
        return h('li', null, externalLink(p.url, `${labelOf(PLATFORM_LABELS, p.platform)}${twice ? ` (${p.id})` : ''}`));
      }),
    ),
  );
}

function datasetFields(anime: Anime): HTMLElement {
  const rows: Array<[string, Child]> = [
    ['Id', h('code', null, anime.id)],
    ['Type', typeLabel(anime.type)],
    ['Episodes', anime.episodes ? String(anime.episodes) : 'unknown'],
    ['Status', anime.status.toLowerCase()],
    ['Season', `${anime.animeSeason.season === 'UNDEFINED' ? '' : `${anime.animeSeason.season.toLowerCase()} `}${anime.animeSeason.year ?? 'year unknown'}`],
    ['Duration', anime.duration ? `${formatDuration(anime.duration.value)} per episode` : 'unknown'],
    ['Score', anime.score ? `${anime.score.arithmeticMean.toFixed(2)} mean · ${anime.score.median.toFixed(2)} median · ${anime.score.arithmeticGeometricMean.toFixed(2)} AGM (of 10)` : 'unknown'],
    ['Studios', anime.studios.join(', ') || '—'],
    ['Producers', anime.producers.join(', ') || '—'],
    ['Tags', anime.tags.join(', ') || '—'],
    ['Also known as', anime.synonyms.length ? h('ul', { class: 'synonyms' }, anime.synonyms.map((s) => h('li', { lang: '' }, s))) : '—'],
    ['Related (dataset)', `${anime.relatedAnime.length} link${anime.relatedAnime.length === 1 ? '' : 's'}`],
    ['Sources', h('ul', { class: 'sources' }, anime.sources.map((s) => h('li', null, externalLink(s, s))))],
  ];
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'dataset-h' },
    h('h2', { id: 'dataset-h' }, 'Dataset fields'),
    h('p', { class: 'muted' }, 'From the offline anime-offline-database release.'),
    h('dl', { class: 'fields' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
  );
}

/** The live values with their badges; `askAll` offers to ask the scraped sites too when they were skipped. */
function liveDetails(d: DetailsResponse, now: number, askAll?: () => void): Child {
  const fields = Object.entries(d.fields);
  const skipped = d.sources.filter((s) => s.status === 'skipped').length;
  return [
    sourceStatusList(d.sources),
    askAll && skipped
      ? h('p', null, h('button', { type: 'button', class: 'ask-all', onclick: askAll }, `Also ask the ${skipped} scraped sites (slower, on demand)`))
      : null,
    warningList(d.warnings),
    fields.length
      ? h(
          'dl',
          { class: 'fields live-fields' },
          fields.map(([field, values]) => [
            h('dt', null, field),
            h('dd', { 'data-field': field }, values.length ? values.map((v) => h('div', { class: 'live-value' }, renderValue(field, v.value), ' ', provenanceBadge(v, now))) : h('span', { class: 'muted' }, 'no source had it')),
          ]),
        )
      : h('p', { class: 'muted' }, 'No live source had details for this anime right now; the dataset fields above still hold.'),
  ];
}

function comparison(c: CompareResponse): Child {
  const row = (cells: Child[]) => h('tr', null, cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', null, cell))));
  return [
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'compare' },
        h('caption', { class: 'visually-hidden' }, 'Score, episodes and status on each platform'),
        h('thead', null, h('tr', null, ['Platform', 'Score', 'Normalised (of 10)', 'Episodes', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          null,
          row(['Offline dataset', c.offline.score === null ? '—' : `${c.offline.score.toFixed(2)} / 10`, c.offline.score === null ? '—' : c.offline.score.toFixed(1), c.offline.episodes ? String(c.offline.episodes) : '?', c.offline.status.toLowerCase()]),
          c.platforms.map((p) =>
            row([
              [externalLink(p.sourceUrl, labelOf({ anilist: 'AniList', jikan: 'MyAnimeList (Jikan)', kitsu: 'Kitsu' }, p.source)), p.stale ? h('span', { class: 'stale-mark' }, ' · stale') : null],
              p.score ? `${p.score.value} / ${p.score.scale}` : '—',
              p.score ? p.score.normalized.toFixed(1) : '—',
              p.episodes === undefined || p.episodes === null ? '?' : String(p.episodes),
              p.status ?? '?',
            ]),
          ),
        ),
      ),
    ),
    c.discrepancies.length ? h('ul', { class: 'discrepancies', 'aria-label': 'Discrepancies' }, c.discrepancies.map((d) => h('li', null, d))) : null,
    sourceStatusList(c.sources),
    warningList(c.warnings),
  ];
}

function relatedEntries(r: RelatedResponse): Child {
  if (!r.related.length && !r.unresolved.length) return h('p', { class: 'muted' }, 'No related entries.');
  return [
    r.related.length ? cardGrid('Related entries, oldest first', r.related) : null,
    r.unresolved.length ? h('details', null, h('summary', null, `${r.unresolved.length} related entr${r.unresolved.length === 1 ? 'y' : 'ies'} not in the catalog`), h('ul', null, r.unresolved.map((u) => h('li', null, externalLink(u, u))))) : null,
  ];
}
