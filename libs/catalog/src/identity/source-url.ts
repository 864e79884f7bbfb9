import { PLATFORM_ID_PREFIX, PLATFORM_PREFIX_ALIASES, type Platform, type PlatformId } from '@anime/contracts';

/** Short prefix of each platform in ids and keys (`mal:1535`). */
export const PLATFORM_PREFIX = PLATFORM_ID_PREFIX;

/**
 * Which source gives an entry its id, best first: the most widely used and most stable ids
 * first (MAL ids are what most people and tools quote), slugs and niche sites last.
 */
export const ID_PRIORITY: readonly Platform[] = [
  'myanimelist',
  'anilist',
  'kitsu',
  'anidb',
  'anisearch',
  'livechart',
  'simkl',
  'anime-planet',
  'notify-moe',
  'animecountdown',
  'animenewsnetwork',
];

const PREFIX_ALIASES = PLATFORM_PREFIX_ALIASES;

interface UrlShape {
  platform: Platform;
  hosts: readonly string[];
  /** Pulls the id out of a URL on one of `hosts`. */
  id(url: URL): string | undefined;
}

const numericPath = (pattern: RegExp) => (url: URL) => pattern.exec(url.pathname)?.[1];

const SHAPES: readonly UrlShape[] = [
  { platform: 'myanimelist', hosts: ['myanimelist.net'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  { platform: 'anilist', hosts: ['anilist.co'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  // kitsu.io is the old domain; the dataset moved to kitsu.app — same ids.
  { platform: 'kitsu', hosts: ['kitsu.app', 'kitsu.io'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  { platform: 'anidb', hosts: ['anidb.net'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  {
    platform: 'anime-planet',
    hosts: ['anime-planet.com'],
    id: (url) => /^\/anime\/([a-z0-9][a-z0-9-]*)\/?$/i.exec(url.pathname)?.[1]?.toLowerCase(),
  },
  { platform: 'anisearch', hosts: ['anisearch.com', 'anisearch.de'], id: numericPath(/^\/anime\/(\d+)(?:[,/]|$)/) },
  { platform: 'livechart', hosts: ['livechart.me'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  // notify.moe ids are case-sensitive base64-ish strings (e.g. "Tk3ccKimg", "-CDWbtvSR").
  { platform: 'notify-moe', hosts: ['notify.moe'], id: (url) => /^\/anime\/([A-Za-z0-9_-]{5,20})\/?$/.exec(url.pathname)?.[1] },
  { platform: 'simkl', hosts: ['simkl.com'], id: numericPath(/^\/anime\/(\d+)(?:\/|$)/) },
  { platform: 'animecountdown', hosts: ['animecountdown.com'], id: numericPath(/^\/(\d+)(?:\/|$)/) },
  {
    platform: 'animenewsnetwork',
    hosts: ['animenewsnetwork.com', 'animenewsnetwork.cc'],
    id: (url) => (url.pathname === '/encyclopedia/anime.php' ? /^\d+$/.exec(url.searchParams.get('id') ?? '')?.[0] : undefined),
  },
];

const SHAPE_BY_HOST = new Map<string, UrlShape>(SHAPES.flatMap((shape) => shape.hosts.map((host) => [host, shape] as const)));

/** `mal:1535` — the key under which a platform id is indexed. */
export function sourceKey(platform: Platform, id: string): string {
  return `${PLATFORM_PREFIX[platform]}:${id}`;
}

/** Parses a provider URL (any of the 11 platforms, http or https, with or without www.) into its platform id. */
export function parseSourceUrl(value: string): PlatformId | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const shape = SHAPE_BY_HOST.get(url.hostname.toLowerCase().replace(/^www\./, ''));
  const id = shape?.id(url);
  return shape && id ? { platform: shape.platform, id, url: value } : undefined;
}

/** A reference a user or model may give for an anime. */
export type AnimeRef =
  | { kind: 'key'; platform: Platform; id: string; key: string }
  | { kind: 'invalid'; reason: string };

/**
 * Understands every way to point at an anime: a platform URL, `<platform>:<id>` with any usual
 * prefix spelling (`mal:1535`, `myanimelist:1535`, `MAL 1535`, `kitsu:1`, `ann:6592`), or an id
 * we issued (same shape). Bare numbers are refused: they are ambiguous across platforms.
 */
export function parseAnimeRef(input: string): AnimeRef {
  const value = input.trim();
  if (!value) return { kind: 'invalid', reason: 'empty reference' };
  if (/^https?:\/\//i.test(value)) {
    const parsed = parseSourceUrl(value);
    if (!parsed) return { kind: 'invalid', reason: `not a URL of a known anime platform: ${value}` };
    return { kind: 'key', platform: parsed.platform, id: parsed.id, key: sourceKey(parsed.platform, parsed.id) };
  }
  const match = /^([a-z][a-z-]*)\s*[: ]\s*(\S+)$/i.exec(value);
  if (!match) {
    return /^\d+$/.test(value)
      ? { kind: 'invalid', reason: `"${value}" is ambiguous: say which platform, e.g. mal:${value} or anilist:${value}` }
      : { kind: 'invalid', reason: `expected a platform URL or <platform>:<id> (e.g. mal:1535), got "${value}"` };
  }
  const platform = PREFIX_ALIASES[(match[1] ?? '').toLowerCase()];
  if (!platform) {
    return { kind: 'invalid', reason: `unknown platform "${match[1]}"; known: ${Object.keys(PREFIX_ALIASES).join(', ')}` };
  }
  const rawId = match[2] ?? '';
  const id = platform === 'anime-planet' ? rawId.toLowerCase() : rawId;
  return { kind: 'key', platform, id, key: sourceKey(platform, id) };
}
