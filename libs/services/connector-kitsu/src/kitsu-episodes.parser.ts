import { SourceAnimeSchema, type SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { KITSU, changed, optionalAttribute, readResource } from './json-api.parser';

export type KitsuEpisode = NonNullable<SourceAnime['episode-list']>[number];

const EpisodeListSchema = SourceAnimeSchema.shape['episode-list'].unwrap();

/**
 * Maps `/anime/<id>/episodes?sort=number` to `{number, title, aired}`: the title is the
 * episode's `canonicalTitle` (left out when Kitsu has none), `aired` its `airdate` as Kitsu gives
 * it — a calendar date ("1998-10-23") without time or zone, so it is not turned into a
 * timestamp. An episode whose `number` is null cannot be placed in a numbered list and is
 * skipped; a `number` of another type is a format change. An empty `data` array is a real answer.
 */
export function parseKitsuEpisodeList(body: unknown): KitsuEpisode[] {
  const data = expectField<unknown>(body, 'data', KITSU);
  if (!Array.isArray(data)) throw changed('data', 'is not an array');
  const episodes: KitsuEpisode[] = [];
  data.forEach((_, i) => {
    const episode = readResource(body, `data.${i}`);
    if (episode.resource.type !== 'episodes') throw changed(`${episode.path}.type`, `is "${episode.resource.type}", not "episodes"`);
    if (!('number' in episode.resource.attributes)) throw changed(`${episode.path}.attributes.number`, 'is missing');
    const number = optionalAttribute(episode, 'number', 'number');
    if (number === undefined) return;
    if (!Number.isInteger(number)) throw changed(`${episode.path}.attributes.number`, `is not an integer (${number})`);
    const item: KitsuEpisode = { number };
    const title = optionalAttribute(episode, 'canonicalTitle', 'string')?.trim();
    if (title) item.title = title;
    const airdate = optionalAttribute(episode, 'airdate', 'string');
    if (airdate) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(airdate)) throw changed(`${episode.path}.attributes.airdate`, `is not a date ("${airdate}")`);
      item.aired = airdate;
    }
    episodes.push(item);
  });
  return EpisodeListSchema.parse(episodes);
}
