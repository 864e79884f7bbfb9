/**
 * Source URLs of the 11 platforms in their real shapes, and the per-platform id assignment that
 * keeps ids unique across the dataset (including the ids of mixed-in real entries).
 */
import {
  ANIMECOUNTDOWN_GIVEN_SIMKL,
  ANN_SHARE_OTHER,
  ANN_SHARE_WELL_COVERED,
  ID_QUANTILES,
  KITSU_IO_SHARE,
  MAL_SHARE,
  OTHER_PLATFORMS,
  PLATFORM_WEIGHTS,
  SOURCE_COUNTS,
  type MainType,
  type PlatformKey,
} from './distributions';
import type { Draft } from './draft';
import { interpolate, WeightedTable, type Random } from './random';
import { slugOf } from './titles';

/** URL of an anime on a platform, exactly as the dataset writes it. */
export function sourceUrl(platform: PlatformKey, id: string, kitsuIo = false): string {
  switch (platform) {
    case 'myanimelist':
      return `https://myanimelist.net/anime/${id}`;
    case 'anilist':
      return `https://anilist.co/anime/${id}`;
    case 'kitsu':
      return `https://${kitsuIo ? 'kitsu.io' : 'kitsu.app'}/anime/${id}`;
    case 'anidb':
      return `https://anidb.net/anime/${id}`;
    case 'anime-planet':
      return `https://anime-planet.com/anime/${id}`;
    case 'anisearch':
      return `https://anisearch.com/anime/${id}`;
    case 'livechart':
      return `https://livechart.me/anime/${id}`;
    case 'notify-moe':
      return `https://notify.moe/anime/${id}`;
    case 'simkl':
      return `https://simkl.com/anime/${id}`;
    case 'animecountdown':
      return `https://animecountdown.com/${id}`;
    case 'animenewsnetwork':
      return `https://animenewsnetwork.com/encyclopedia/anime.php?id=${id}`;
  }
}

const URL_PATTERNS: readonly (readonly [PlatformKey, RegExp])[] = [
  ['myanimelist', /^https?:\/\/myanimelist\.net\/anime\/(\d+)/],
  ['anilist', /^https?:\/\/anilist\.co\/anime\/(\d+)/],
  ['kitsu', /^https?:\/\/kitsu\.(?:app|io)\/anime\/([^/?#]+)/],
  ['anidb', /^https?:\/\/anidb\.net\/anime\/(\d+)/],
  ['anime-planet', /^https?:\/\/anime-planet\.com\/anime\/([^/?#]+)/],
  ['anisearch', /^https?:\/\/anisearch\.com\/anime\/(\d+)/],
  ['livechart', /^https?:\/\/livechart\.me\/anime\/(\d+)/],
  ['notify-moe', /^https?:\/\/notify\.moe\/anime\/([^/?#]+)/],
  ['simkl', /^https?:\/\/simkl\.com\/anime\/(\d+)/],
  ['animecountdown', /^https?:\/\/animecountdown\.com\/(\d+)/],
  ['animenewsnetwork', /^https?:\/\/(?:www\.)?animenewsnetwork\.com\/encyclopedia\/anime\.php\?id=(\d+)/],
];

/** Platform and id of a source URL, or undefined for an unknown URL. */
export function parseSourceUrl(url: string): { platform: PlatformKey; id: string } | undefined {
  for (const [platform, pattern] of URL_PATTERNS) {
    const match = pattern.exec(url);
    if (match?.[1]) return { platform, id: match[1] };
  }
  return undefined;
}

export type ReservedIds = Map<PlatformKey, Set<string>>;

function reserve(reserved: ReservedIds, platform: PlatformKey, id: string): void {
  let ids = reserved.get(platform);
  if (!ids) reserved.set(platform, (ids = new Set()));
  ids.add(id);
}

/**
 * Ids already taken by real entries (their sources and related URLs), which generated entries
 * must not reuse. Simkl and AnimeCountdown share one id space, so each reserves the other's ids.
 */
export function reservedIdsOf(entries: readonly { sources: readonly string[]; relatedAnime?: readonly string[] }[]): ReservedIds {
  const reserved: ReservedIds = new Map();
  for (const entry of entries) {
    for (const url of [...entry.sources, ...(entry.relatedAnime ?? [])]) {
      const parsed = parseSourceUrl(url);
      if (!parsed) continue;
      reserve(reserved, parsed.platform, parsed.id);
      if (parsed.platform === 'simkl') reserve(reserved, 'animecountdown', parsed.id);
      if (parsed.platform === 'animecountdown') reserve(reserved, 'simkl', parsed.id);
    }
  }
  return reserved;
}

const SOURCE_COUNT_TABLES: Readonly<Record<MainType, WeightedTable<number>>> = {
  TV: new WeightedTable(SOURCE_COUNTS.TV),
  MOVIE: new WeightedTable(SOURCE_COUNTS.MOVIE),
  OVA: new WeightedTable(SOURCE_COUNTS.OVA),
  ONA: new WeightedTable(SOURCE_COUNTS.ONA),
  SPECIAL: new WeightedTable(SOURCE_COUNTS.SPECIAL),
};

/**
 * Decides which platforms list an entry: the number of sources follows the real per-entry count
 * for its type (correlated with popularity), MAL nearly always, the others drawn so that each
 * platform's share per type is the real one; ANN mostly for well-covered entries, AnimeCountdown
 * alongside Simkl.
 */
export function choosePlatforms(rng: Random, draft: Draft): void {
  const type: MainType = draft.type === 'UNKNOWN' ? 'TV' : draft.type;
  // Announced entries without a type are known to few platforms yet.
  const count = draft.type === 'UNKNOWN' ? rng.int(1, 2) : SOURCE_COUNT_TABLES[type].at(rng.coupled(draft.popularity, 0.7));
  const platforms: PlatformKey[] = [];
  const hasMal = rng.chance(MAL_SHARE);
  if (hasMal) platforms.push('myanimelist');
  const weights = [...PLATFORM_WEIGHTS[type]];
  let others = hasMal ? count - 1 : Math.max(1, count - 1);
  let remaining = weights.reduce((a, b) => a + b, 0);
  while (others-- > 0 && remaining > 0) {
    let target = rng.next() * remaining;
    let chosen = weights.length - 1;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0 && weights[i] > 0) {
        chosen = i;
        break;
      }
    }
    platforms.push(OTHER_PLATFORMS[chosen]);
    remaining -= weights[chosen];
    weights[chosen] = 0;
  }
  if (platforms.includes('simkl') && rng.chance(ANIMECOUNTDOWN_GIVEN_SIMKL)) platforms.push('animecountdown');
  if (rng.chance(count >= 7 ? ANN_SHARE_WELL_COVERED : ANN_SHARE_OTHER)) platforms.push('animenewsnetwork');
  draft.platforms = platforms;
  draft.kitsuIo = platforms.includes('kitsu') && rng.chance(KITSU_IO_SHARE);
}

/**
 * Hands out numeric ids per platform: entries sorted by release year (with noise — platforms
 * also add old anime late) get ids along the platform's real id quantile curve, strictly
 * increasing (so unique) and skipping ids reserved by real entries.
 */
function assignNumericIds(rng: Random, drafts: readonly Draft[], platform: keyof typeof ID_QUANTILES, reserved: ReservedIds): void {
  const members: { draft: Draft; key: number }[] = [];
  for (const draft of drafts) {
    if (!draft.platforms.includes(platform)) continue;
    const year = typeof draft.year === 'number' ? draft.year : 2026.5;
    const noise = rng.chance(0.1) ? rng.next() * 50 - 40 : (rng.next() + rng.next() - 1) * 3;
    members.push({ draft, key: year + noise });
  }
  members.sort((a, b) => a.key - b.key);
  const quantiles = ID_QUANTILES[platform];
  const taken = reserved.get(platform) ?? new Set<string>();
  // AnimeCountdown reuses the Simkl id; Simkl therefore also avoids AnimeCountdown's real ids.
  const alsoTaken = platform === 'simkl' ? reserved.get('animecountdown') : undefined;
  let previous = 0;
  const n = members.length;
  members.forEach(({ draft }, k) => {
    const from = interpolate(quantiles, k / n);
    const to = interpolate(quantiles, (k + 1) / n);
    let id = Math.max(previous + 1, Math.floor(from + rng.next() * Math.max(1, to - from)));
    while (taken.has(String(id)) || alsoTaken?.has(String(id))) id++;
    previous = id;
    draft.ids[platform] = String(id);
    if (platform === 'simkl' && draft.platforms.includes('animecountdown')) draft.ids.animecountdown = String(id);
  });
}

const NOTIFY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
/** notify.moe ids are 9 characters; the last five follow the skew measured on the real ids. */
const NOTIFY_POSITIONS: readonly WeightedTable<string>[] = [
  new WeightedTable<string>([['t', 31], ['p', 31], ['c', 21], ['5', 21], ['h', 11], ['2', 11], ['*', 18]]),
  new WeightedTable<string>([['F', 40], ['K', 39], ['*', 21]]),
  new WeightedTable<string>([['i', 40], ['m', 40], ['*', 20]]),
  new WeightedTable<string>([['m', 42], ['i', 41], ['M', 3], ['G', 3], ['I', 3], ['S', 3], ['4', 2], ['V', 2], ['7', 1]]),
  new WeightedTable<string>([['g', 50], ['R', 50]]),
];

function notifyId(rng: Random): string {
  let id = '';
  for (let i = 0; i < 4; i++) id += NOTIFY_ALPHABET.charAt(rng.int(0, NOTIFY_ALPHABET.length - 1));
  for (const table of NOTIFY_POSITIONS) {
    const c = rng.weighted(table);
    id += c === '*' ? NOTIFY_ALPHABET.charAt(rng.int(0, NOTIFY_ALPHABET.length - 1)) : c;
  }
  return id;
}

/** Gives every draft its ids on the platforms it is listed on; unique per platform. */
export function assignIds(rng: Random, drafts: readonly Draft[], reserved: ReservedIds): void {
  for (const platform of Object.keys(ID_QUANTILES) as (keyof typeof ID_QUANTILES)[]) {
    assignNumericIds(rng, drafts, platform, reserved);
  }
  const slugs = new Set(reserved.get('anime-planet') ?? []);
  const nextSuffix = new Map<string, number>();
  const notify = new Set(reserved.get('notify-moe') ?? []);
  for (const draft of drafts) {
    if (draft.platforms.includes('anime-planet')) {
      const base = slugOf(rng, draft.form) || 'anime';
      let slug = base;
      // Clashing slugs get -2, -3, … like anime-planet's own; the counter keeps this linear.
      for (let n = nextSuffix.get(base) ?? 2; slugs.has(slug); n++) {
        slug = `${base}-${n}`;
        nextSuffix.set(base, n + 1);
      }
      slugs.add(slug);
      draft.ids['anime-planet'] = slug;
    }
    if (draft.platforms.includes('notify-moe')) {
      let id = notifyId(rng);
      while (notify.has(id)) id = notifyId(rng);
      notify.add(id);
      draft.ids['notify-moe'] = id;
    }
  }
}

/** The sorted, unique source URLs of a draft. */
export function sourcesOf(draft: Draft): string[] {
  const urls: string[] = [];
  for (const platform of draft.platforms) {
    const id = draft.ids[platform];
    if (id !== undefined) urls.push(sourceUrl(platform, id, platform === 'kitsu' && draft.kitsuIo));
  }
  return [...new Set(urls)].sort();
}
