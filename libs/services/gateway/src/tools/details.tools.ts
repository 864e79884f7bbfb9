import { DetailsContracts } from '@anime/contracts';
import { defineTool } from './tool-definition';

const live = { readOnlyHint: true, idempotentHint: true, openWorldHint: true } as const;
const sourcesLine = (sources: Array<{ name: string; status: string; reason?: string }>): string =>
  `Sources: ${sources.map((s) => `${s.name} ${s.status}${s.reason && s.status !== 'ok' ? ` (${s.reason})` : ''}`).join('; ')}`;

export const getAnimeDetailsTool = defineTool({
  name: 'get_anime_details',
  description:
    'Live details of one anime — synopsis, score, episodes, status, genres, studios, characters, staff, streaming links, trailer, next airing — from AniList, MyAnimeList (Jikan) and Kitsu; on demand also from the scraped sites Anime-Planet, LiveChart, AniSearch, Anime News Network and SIMKL (name them in `sources`, or ask for a field only they have: synopses in other languages with `language`, e.g. "de" for the German synopsis from AniSearch; tags, related, themes, news, aired). Every value names its source, URL and fetch time (and whether it is stale cache); sources that failed, were skipped or do not list the anime are named with the reason. Pass `sources` to ask only some ("from AniList"). Use get_anime for the offline catalog fields.',
  input: DetailsContracts.get.request,
  output: DetailsContracts.get.response,
  annotations: { title: 'Live anime details', ...live },
  execute: (input, ctx) => ctx.rpc.call(DetailsContracts.get, input, { signal: ctx.signal }),
  summarize: (out) =>
    [
      `${out.title} (${out.id}) — ${out.offline.type}, ${out.offline.episodes || '?'} episodes, ${out.offline.status.toLowerCase()}${out.offline.year ? `, ${out.offline.year}` : ''}${out.offline.score ? `, score ${out.offline.score}/10 (offline)` : ''}`,
      ...Object.entries(out.fields).map(([field, values]) =>
        values.length === 0
          ? `${field}: no source had it`
          : `${field}: ${values.map((v) => `${typeof v.value === 'string' ? v.value.slice(0, 300) : JSON.stringify(v.value).slice(0, 200)} [${v.source}${v.stale ? ', stale' : ''}]`).join(' | ')}`,
      ),
      sourcesLine(out.sources),
    ].join('\n'),
  hints: {
    NOT_FOUND: 'Pass an id from search_anime (e.g. "mal:1535"), a platform id or a platform URL.',
  },
});

export const compareAnimeTool = defineTool({
  name: 'compare_anime_across_platforms',
  description:
    'Scores, episode counts and status of one anime side by side on AniList, MyAnimeList (Jikan) and Kitsu — each score on its own scale plus normalised to 10, never blended — with the offline dataset figures and the discrepancies flagged.',
  input: DetailsContracts.compare.request,
  output: DetailsContracts.compare.response,
  annotations: { title: 'Compare across platforms', ...live },
  execute: (input, ctx) => ctx.rpc.call(DetailsContracts.compare, input, { signal: ctx.signal }),
  summarize: (out) =>
    [
      `${out.title} (${out.id}) — offline: score ${out.offline.score ?? '?'} / 10, ${out.offline.episodes || '?'} episodes, ${out.offline.status}`,
      ...out.platforms.map((p) => `${p.source}: ${p.score ? `${p.score.value}/${p.score.scale} (${p.score.normalized.toFixed(1)}/10)` : 'no score'}, ${p.episodes ?? '?'} episodes, ${p.status ?? '?'}${p.stale ? ' [stale]' : ''}`),
      ...(out.discrepancies.length ? [`Discrepancies: ${out.discrepancies.join('; ')}`] : []),
      sourcesLine(out.sources),
    ].join('\n'),
});
