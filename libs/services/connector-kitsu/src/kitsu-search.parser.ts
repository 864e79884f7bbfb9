import { z } from 'zod';
import { SourceListItemSchema } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { KITSU, changed, optionalAttribute, readResource, requireString } from './json-api.parser';
import { parseKitsuScore } from './kitsu-anime.parser';

export type KitsuListItem = z.infer<typeof SourceListItemSchema>;

/**
 * Maps a Kitsu anime collection (`/anime?filter[text]=…&page[limit]=…`) to list items: the
 * canonical title, the page on kitsu.app (by slug, else id), the average rating on its 0–100
 * scale, the episode count (null while unknown), the start year and the subtype ("TV", "movie",
 * "OVA", … as Kitsu words it). An empty `data` array is a real answer (no match). Every item is
 * validated against `SourceListItemSchema`, so a mapping slip fails here, not at a caller.
 */
export function parseKitsuAnimeList(body: unknown): KitsuListItem[] {
  const data = expectField<unknown>(body, 'data', KITSU);
  if (!Array.isArray(data)) throw changed('data', 'is not an array');
  return data.map((_, i) => {
    const anime = readResource(body, `data.${i}`);
    if (anime.resource.type !== 'anime') throw changed(`${anime.path}.type`, `is "${anime.resource.type}", not "anime"`);
    const id = anime.resource.id;
    const slug = optionalAttribute(anime, 'slug', 'string');
    const item: KitsuListItem = {
      sourceId: id,
      sourceUrl: `https://kitsu.app/anime/${encodeURIComponent(slug ?? id)}`,
      title: requireString(anime, 'canonicalTitle', body),
    };
    const score = parseKitsuScore(anime);
    if (score) item.score = score;
    if ('episodeCount' in anime.resource.attributes) item.episodes = optionalAttribute(anime, 'episodeCount', 'number') ?? null;
    const startDate = optionalAttribute(anime, 'startDate', 'string');
    if (startDate) {
      // A date without time ("1998-04-03"); only its year is a list item's business.
      const year = /^(\d{4})-\d{2}-\d{2}$/.exec(startDate)?.[1];
      if (!year) throw changed(`${anime.path}.attributes.startDate`, `is not a date ("${startDate}")`);
      item.year = Number(year);
    }
    const subtype = optionalAttribute(anime, 'subtype', 'string');
    if (subtype) item.type = subtype;
    return SourceListItemSchema.parse(item);
  });
}
