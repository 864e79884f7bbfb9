import type { SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { IncludedIndex, KITSU, changed, readResource, requireString } from './json-api.parser';

/**
 * Maps `/anime/<id>/streaming-links?include=streamer` to `{site, url}` pairs: the site is the
 * included streamer's `siteName`; a link whose streamer is null falls back to the URL's host so
 * the link is not lost. An empty `data` array is a real answer (no legal streams known).
 */
export function parseKitsuStreamingLinks(body: unknown): NonNullable<SourceAnime['streaming']> {
  const data = expectField<unknown>(body, 'data', KITSU);
  if (!Array.isArray(data)) throw changed('data', 'is not an array');
  const included = new IncludedIndex(body);
  return data.map((_, i) => {
    const link = readResource(body, `data.${i}`);
    const url = requireString(link, 'url', body);
    const streamers = included.related(link, 'streamer');
    if (streamers === undefined) throw changed(`${link.path}.relationships.streamer.data`, 'is missing although it was included');
    const [streamer] = streamers;
    return { site: streamer ? requireString(streamer, 'siteName', body) : hostOf(url), url };
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
