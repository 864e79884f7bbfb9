import { PLATFORM_ID_PREFIX, PLATFORM_PREFIX_ALIASES, type Platform } from '@anime/contracts';
import { alternation } from './query-text';

/**
 * How people write each platform's name. `contextOnly` names are ordinary words or initials
 * ("ann", "notify") that only count after "on"/"from"/"according to".
 */
export const PLATFORM_NAMES: ReadonlyArray<{ platform: Platform; names: readonly string[]; contextOnly?: readonly string[] }> = [
  { platform: 'myanimelist', names: ['myanimelist', 'my anime list', 'myanimelist.net', 'mal'] },
  { platform: 'anilist', names: ['anilist', 'ani list', 'anilist.co'] },
  { platform: 'kitsu', names: ['kitsu', 'kitsu.app', 'kitsu.io'] },
  { platform: 'anidb', names: ['anidb', 'ani db', 'anidb.net'] },
  { platform: 'anime-planet', names: ['anime-planet', 'anime planet', 'animeplanet', 'anime-planet.com'] },
  { platform: 'anisearch', names: ['anisearch', 'ani search', 'anisearch.com'] },
  { platform: 'livechart', names: ['livechart', 'live chart', 'livechart.me'] },
  { platform: 'notify-moe', names: ['notify.moe', 'notify moe', 'notifymoe'], contextOnly: ['notify'] },
  { platform: 'simkl', names: ['simkl'] },
  { platform: 'animecountdown', names: ['animecountdown', 'anime countdown', 'animecountdown.com'] },
  { platform: 'animenewsnetwork', names: ['animenewsnetwork', 'anime news network', 'anime-news-network'], contextOnly: ['ann'] },
];

const PLATFORM_BY_NAME = new Map<string, Platform>(
  PLATFORM_NAMES.flatMap(({ platform, names, contextOnly }) => [...names, ...(contextOnly ?? [])].map((n) => [n, platform] as const)),
);

/** Pattern source for every platform name (context-only ones included when asked). */
export function platformPattern(withContextOnly: boolean): string {
  return (PLATFORM_PATTERNS[withContextOnly ? 1 : 0] ??= alternation(PLATFORM_NAMES.flatMap(({ names, contextOnly }) => (withContextOnly ? [...names, ...(contextOnly ?? [])] : names))));
}
/** Built once per variant: every question uses them. */
const PLATFORM_PATTERNS: [string?, string?] = [];

/** The platform a written name means. */
export function platformOf(name: string): Platform | undefined {
  return PLATFORM_BY_NAME.get(name.toLowerCase().replace(/[\s-]+/gu, ' ').trim()) ?? PLATFORM_BY_NAME.get(name.toLowerCase().replace(/[\s]+/gu, ''));
}

/** Short prefix of each platform in ids (`mal:1535`), as the catalog issues and resolves them. */
export const ID_PREFIX = PLATFORM_ID_PREFIX;

/** Prefix spellings accepted before the colon of an id (`myanimelist:1535`, `ap:cowboy-bebop`). */
export const ID_PREFIX_ALIASES = PLATFORM_PREFIX_ALIASES;

/** Hosts of the anime pages of every platform; a link to one of them is a lookup. */
export const PLATFORM_HOSTS: ReadonlyArray<{ platform: Platform; hosts: readonly string[]; path: RegExp }> = [
  { platform: 'myanimelist', hosts: ['myanimelist.net'], path: /^\/anime\/\d+(?:[/?#]|$)/u },
  { platform: 'anilist', hosts: ['anilist.co'], path: /^\/anime\/\d+(?:[/?#]|$)/u },
  { platform: 'kitsu', hosts: ['kitsu.app', 'kitsu.io'], path: /^\/anime\/[\w-]+(?:[/?#]|$)/u },
  { platform: 'anidb', hosts: ['anidb.net'], path: /^\/(?:anime\/|perl-bin\/animedb\.pl\?.*aid=)\d+/u },
  { platform: 'anime-planet', hosts: ['anime-planet.com'], path: /^\/anime\/[a-z0-9][a-z0-9-]*\/?(?:[?#]|$)/iu },
  { platform: 'anisearch', hosts: ['anisearch.com', 'anisearch.de'], path: /^\/anime\/\d+(?:[,/?#]|$)/u },
  { platform: 'livechart', hosts: ['livechart.me'], path: /^\/anime\/\d+(?:[/?#]|$)/u },
  { platform: 'notify-moe', hosts: ['notify.moe'], path: /^\/anime\/[A-Za-z0-9_-]{5,20}\/?(?:[?#]|$)/u },
  { platform: 'simkl', hosts: ['simkl.com'], path: /^\/anime\/\d+(?:[/?#]|$)/u },
  { platform: 'animecountdown', hosts: ['animecountdown.com'], path: /^\/\d+(?:[/?#]|$)/u },
  { platform: 'animenewsnetwork', hosts: ['animenewsnetwork.com', 'animenewsnetwork.cc'], path: /^\/encyclopedia\/anime\.php\?(?:.*&)?id=\d+/u },
];

/** Pattern source for a platform link, with or without scheme and `www.`. */
export const LINK_PATTERN = `(?:https?:\\/\\/)?(?:www\\.)?(?:${PLATFORM_HOSTS.flatMap((p) => p.hosts)
  .map((h) => h.replace(/\./gu, '\\.'))
  .join('|')})\\/[^\\s<>"'\\ue100\\ue101]*`;

/** The platform of a link, and whether its path is an anime page. */
export function linkPlatform(link: string): { platform: Platform; animePage: boolean } | undefined {
  const match = /^(?:https?:\/\/)?(?:www\.)?([^/]+)(\/.*)?$/iu.exec(link);
  const host = match?.[1]?.toLowerCase() ?? '';
  const shape = PLATFORM_HOSTS.find((p) => p.hosts.includes(host));
  return shape ? { platform: shape.platform, animePage: shape.path.test(match?.[2] ?? '/') } : undefined;
}

/** Streaming services (for the schedule), lower case, with the ways people write them. */
export const STREAMING_SERVICES: ReadonlyArray<{ name: string; aliases: readonly string[] }> = [
  { name: 'crunchyroll', aliases: ['crunchyroll', 'crunchy roll', 'crunchyroll.com'] },
  { name: 'netflix', aliases: ['netflix'] },
  { name: 'hidive', aliases: ['hidive', 'hi dive'] },
  { name: 'amazon prime video', aliases: ['amazon prime video', 'prime video', 'amazon prime', 'amazon video', 'amazon'] },
  { name: 'disney+', aliases: ['disney+', 'disney plus', 'disneyplus', 'disney'] },
  { name: 'hulu', aliases: ['hulu'] },
  { name: 'funimation', aliases: ['funimation'] },
  { name: 'bilibili', aliases: ['bilibili', 'bstation'] },
];

/** The canonical name of a streaming service as written. */
export function streamingServiceOf(written: string): string | undefined {
  const key = written.toLowerCase().replace(/[\s-]+/gu, ' ').trim();
  return STREAMING_SERVICES.find((s) => s.aliases.includes(key))?.name;
}
