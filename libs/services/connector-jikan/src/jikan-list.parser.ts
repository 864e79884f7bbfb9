import { z } from 'zod';
import { SourceListItemSchema } from '@anime/contracts';
import { parseJikanAnimeList, type JikanAnimeRecord } from './jikan-anime.parser';
import { malAnimeUrl } from './jikan-source-anime.parser';

/** A hit of a list endpoint (`@anime/contracts` exports only the schema). */
export type SourceListItem = z.infer<typeof SourceListItemSchema>;

/** One page of a Jikan list endpoint mapped to list items (the cached value of search/top/season). */
export interface JikanListPage {
  items: SourceListItem[];
  hasNextPage: boolean;
}

const ItemsSchema = z.array(SourceListItemSchema);

/**
 * Parses `/anime?q=`, `/top/anime`, `/seasons/{year}/{season}` and `/seasons/now`
 * (`{data: anime[], pagination}`) into `SourceListItem`s, validated against the contract.
 * Structure problems throw `UpstreamChangedError` naming the path (via `parseJikanAnimeList`).
 */
export function parseJikanListPage(body: unknown): JikanListPage {
  const page = parseJikanAnimeList(body);
  return { items: ItemsSchema.parse(page.items.map(toJikanListItem)), hasNextPage: page.hasNextPage };
}

/** One anime as a list item: romaji title (MAL's main title), score on MAL's 10 scale, year and type. */
export function toJikanListItem(record: JikanAnimeRecord): SourceListItem {
  const id = String(record.malId);
  const item: SourceListItem = {
    sourceId: id,
    sourceUrl: record.url ?? malAnimeUrl(id),
    title: record.titles.romaji ?? record.titles.english ?? record.titles.native ?? `MyAnimeList #${id}`,
    episodes: record.episodes,
  };
  if (record.score) item.score = record.score;
  if (record.year !== undefined) item.year = record.year;
  if (record.type) item.type = record.type;
  return item;
}
