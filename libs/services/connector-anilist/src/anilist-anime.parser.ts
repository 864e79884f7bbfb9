import { NotFoundError, SourceAnimeSchema, SourceUnavailableError, UpstreamChangedError, type AppError, type SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';

/** Source name in errors, cache keys and the response. */
export const ANILIST = 'anilist';

/** What AniList says about one anime, before provenance (id, URL, fetchedAt, stale) is added. */
export type AnilistDetails = Omit<SourceAnime, 'source' | 'sourceId' | 'sourceUrl' | 'fetchedAt' | 'stale'>;

/** Provenance of one answer. */
export interface AnilistProvenance {
  id: string;
  fetchedAt: string;
  stale: boolean;
}

/**
 * Sites of `externalLinks` that are streaming services. Only used for links without `type`
 * (responses recorded before AniList typed its links, like the shared fixtures); a typed link
 * is kept exactly when its type is STREAMING.
 */
const KNOWN_STREAMING_SITES: ReadonlySet<string> = new Set(
  [
    'Crunchyroll',
    'Funimation',
    'Hulu',
    'Netflix',
    'Amazon',
    'Amazon Prime Video',
    'HIDIVE',
    'VRV',
    'HBO Max',
    'Max',
    'Disney Plus',
    'iQ',
    'Bilibili TV',
    'Tubi TV',
    'Adult Swim',
    'Wakanim',
    'AnimeLab',
    'RetroCrush',
    'Viz',
    'Aniplus TV',
    'Ani-One Asia',
    'Muse Asia',
  ].map((s) => s.toLowerCase()),
);

/** The page of an anime on anilist.co. */
export function anilistAnimeUrl(id: string): string {
  return `https://anilist.co/anime/${id}`;
}

/**
 * The typed error for a GraphQL `errors` array (AniList answers some failures with HTTP 200):
 * "Not Found." / status 404 → NotFoundError naming the id; anything else → SourceUnavailableError
 * carrying the upstream's messages. Undefined when the body has no errors.
 */
export function anilistGraphqlError(body: unknown, id: string): AppError | undefined {
  if (body === null || typeof body !== 'object' || !('errors' in body)) return undefined;
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const described = errors.map((e: unknown) => ({
    message: typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e),
    status: typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined,
  }));
  const messages = described.map((e) => e.message);
  if (described.some((e) => e.status === 404 || /^not found\.?$/i.test(e.message.trim()))) {
    return new NotFoundError(`AniList has no anime with id ${id}`, { details: { source: ANILIST, id, upstream: messages } });
  }
  return new SourceUnavailableError(`AniList answered with errors for anime ${id}: ${messages.join('; ')}`, {
    details: { source: ANILIST, id, reason: 'graphql-error', upstream: messages },
  });
}

/**
 * Maps a `{data:{Media}}` body of {@link ANILIST_ANIME_QUERY} to the static details. Every field
 * the query asks for must be in the body (null allowed where AniList has no value); a missing
 * one is `UpstreamChangedError` naming its path, never a silently emptier answer.
 */
export function parseAnilistAnime(body: unknown): AnilistDetails {
  const media = expectField<Record<string, unknown>>(body, 'data.Media', ANILIST);
  const path = (p: string): string => `data.Media.${p}`;
  const at = <T>(p: string): T => expectField<T>(body, path(p), ANILIST);

  const details: AnilistDetails = {};
  const title = at<Record<string, unknown>>('title');
  const titles: NonNullable<AnilistDetails['titles']> = {};
  for (const key of ['romaji', 'english', 'native'] as const) {
    const value = nullable<string>(title, key, path('title'));
    if (value) titles[key] = value;
  }
  details.titles = titles;

  const description = nullable<string>(media, 'description', 'data.Media');
  if (description) details.synopsis = stripHtml(description);

  // averageScore is AniList's weighted score; meanScore stands in when too few users rated.
  const average = nullable<number>(media, 'averageScore', 'data.Media');
  const mean = nullable<number>(media, 'meanScore', 'data.Media');
  const value = average ?? mean;
  if (typeof value === 'number') {
    const score: NonNullable<AnilistDetails['score']> = { value, scale: 100, normalized: Math.round(value) / 10 };
    const votes = scoreVotes(body);
    if (votes !== undefined) score.votes = votes;
    details.score = score;
  }

  details.episodes = nullable<number>(media, 'episodes', 'data.Media');
  const status = nullable<string>(media, 'status', 'data.Media');
  if (status) details.status = status;
  details.genres = at<unknown[]>('genres').map(String);

  const studioEdges = at<unknown[]>('studios.edges');
  details.studios = studioEdges.flatMap((_, i) => (at<boolean>(`studios.edges.${i}.isMain`) ? [at<string>(`studios.edges.${i}.node.name`)] : []));

  const characterEdges = at<unknown[]>('characterPreview.edges');
  details.characters = characterEdges.map((_, i) => {
    const character: NonNullable<AnilistDetails['characters']>[number] = { name: at<string>(`characterPreview.edges.${i}.node.name.full`) };
    const role = nullable<string>(at(`characterPreview.edges.${i}`), 'role', path(`characterPreview.edges.${i}`));
    if (role) character.role = role;
    // The query asks for Japanese voice actors only; the first is the main one.
    const actors = at<unknown[]>(`characterPreview.edges.${i}.voiceActors`);
    if (actors.length > 0) character.voiceActor = at<string>(`characterPreview.edges.${i}.voiceActors.0.name.full`);
    return character;
  });

  const staffEdges = at<unknown[]>('staffPreview.edges');
  details.staff = staffEdges.map((_, i) => ({ name: at<string>(`staffPreview.edges.${i}.node.name.full`), role: at<string>(`staffPreview.edges.${i}.role`) }));

  details.streaming = streamingLinks(at<unknown[]>('externalLinks').length, at<unknown[]>('streamingEpisodes').length, at);

  const trailer = nullable<Record<string, unknown>>(media, 'trailer', 'data.Media');
  const url = trailer ? trailerUrl(String(trailer['site']), String(trailer['id'])) : undefined;
  if (url) details.trailer = { url };

  const episodeList = parseAnilistEpisodeList(body);
  if (episodeList.length > 0) details['episode-list'] = episodeList;
  details.recommendations = parseAnilistRecommendations(body);
  const statistics = parseAnilistStatistics(body);
  if (statistics) details.statistics = statistics;
  return details;
}

/** "Episode 12 - One is All, All is One" (Crunchyroll's wording on AniList); the dash may be an en/em dash or a colon. */
const EPISODE_TITLE = /^episode\s+(\d+)\s*(?:[-–—:]\s*(.*))?$/i;

/**
 * The episode list AniList has: the titles of \`streamingEpisodes\` ("Episode 3 - City of Heresy"
 * → number 3, title "City of Heresy"). A title without a number takes its position in the list;
 * the same episode on several sites is listed once (first title kept), ordered by number.
 * Empty when AniList links no episodes (no air dates: AniList has none per episode).
 */
export function parseAnilistEpisodeList(body: unknown): NonNullable<AnilistDetails['episode-list']> {
  const episodes = expectField<unknown[]>(body, 'data.Media.streamingEpisodes', ANILIST);
  const byNumber = new Map<number, { number: number; title?: string }>();
  episodes.forEach((episode, i) => {
    const raw = nullable<string>(episode, 'title', `data.Media.streamingEpisodes.${i}`)?.trim() ?? '';
    const match = EPISODE_TITLE.exec(raw);
    const number = match ? Number(match[1]) : i + 1;
    const title = (match ? (match[2] ?? '') : raw).trim();
    if (!byNumber.has(number)) byNumber.set(number, title ? { number, title } : { number });
  });
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/**
 * \`recommendations.nodes\`: the recommended anime (AniList id, its preferred title) with the
 * recommendation's rating (net user votes, may be negative) as \`votes\`, in AniList's order.
 * A node whose anime is gone (\`mediaRecommendation: null\`) is skipped.
 */
export function parseAnilistRecommendations(body: unknown): NonNullable<AnilistDetails['recommendations']> {
  const media = expectField<Record<string, unknown>>(body, 'data.Media', ANILIST);
  const connection = nullable<Record<string, unknown>>(media, 'recommendations', 'data.Media');
  if (!connection) return [];
  const nodes = expectField<unknown[]>(body, 'data.Media.recommendations.nodes', ANILIST);
  return nodes.flatMap((node, i) => {
    const path = `data.Media.recommendations.nodes.${i}`;
    const recommended = nullable<Record<string, unknown>>(node, 'mediaRecommendation', path);
    if (!recommended) return [];
    const item: { sourceId: string; title: string; votes?: number } = {
      sourceId: String(expectField<number>(body, `${path}.mediaRecommendation.id`, ANILIST)),
      title: expectField<string>(body, `${path}.mediaRecommendation.title.userPreferred`, ANILIST),
    };
    const rating = nullable<number>(node, 'rating', path);
    if (typeof rating === 'number') item.votes = rating;
    return [item];
  });
}

/**
 * \`stats.statusDistribution\` as \`{CURRENT: n, PLANNING: n, COMPLETED: n, DROPPED: n, PAUSED: n}\`
 * (users' list statuses, AniList's wording); undefined when AniList has no stats for it.
 */
export function parseAnilistStatistics(body: unknown): Record<string, number> | undefined {
  const media = expectField<Record<string, unknown>>(body, 'data.Media', ANILIST);
  const stats = nullable<Record<string, unknown>>(media, 'stats', 'data.Media');
  if (!stats) return undefined;
  const distribution = nullable<unknown[]>(stats, 'statusDistribution', 'data.Media.stats');
  if (!distribution || distribution.length === 0) return undefined;
  const counts: Record<string, number> = {};
  distribution.forEach((_, i) => {
    const status = expectField<string>(body, `data.Media.stats.statusDistribution.${i}.status`, ANILIST);
    counts[status] = (counts[status] ?? 0) + expectField<number>(body, `data.Media.stats.statusDistribution.${i}.amount`, ANILIST);
  });
  return counts;
}

/** Maps a body of {@link ANILIST_AIRING_QUERY}: the next episode and when it airs (absent when none is scheduled). */
export function parseAnilistAiring(body: unknown): Pick<AnilistDetails, 'airing'> {
  const media = expectField<Record<string, unknown>>(body, 'data.Media', ANILIST);
  const next = nullable<Record<string, unknown>>(media, 'nextAiringEpisode', 'data.Media');
  if (!next) return {};
  const episode = expectField<number>(body, 'data.Media.nextAiringEpisode.episode', ANILIST);
  const airingAt = expectField<number>(body, 'data.Media.nextAiringEpisode.airingAt', ANILIST);
  // AniList gives airingAt in epoch seconds.
  return { airing: { nextEpisode: episode, airingAt: new Date(airingAt * 1000).toISOString() } };
}

/** The details with provenance, validated against the contract's response schema. */
export function toSourceAnime(details: AnilistDetails, provenance: AnilistProvenance): SourceAnime {
  return SourceAnimeSchema.parse({
    ...details,
    source: ANILIST,
    sourceId: provenance.id,
    sourceUrl: anilistAnimeUrl(provenance.id),
    fetchedAt: provenance.fetchedAt,
    stale: provenance.stale,
  });
}

/**
 * AniList descriptions are HTML fragments (`<br>`, `<i>`, entities): line breaks kept as
 * newlines, other tags dropped, entities decoded, runs of blank lines collapsed.
 */
export function stripHtml(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity(name) ?? entity);
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A watch URL for AniList's `trailer {id site}`; undefined for sites we cannot link. */
export function trailerUrl(site: string, id: string): string | undefined {
  const encoded = encodeURIComponent(id);
  switch (site.toLowerCase()) {
    case 'youtube':
      return `https://www.youtube.com/watch?v=${encoded}`;
    case 'dailymotion':
      return `https://www.dailymotion.com/video/${encoded}`;
    default:
      return undefined;
  }
}

/** Reads a key GraphQL must return (possibly null); its absence means the format changed. */
export function nullable<T>(obj: unknown, key: string, parentPath: string): T | null {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) {
    throw new UpstreamChangedError(`${ANILIST} response has no '${parentPath}.${key}' (the upstream format may have changed)`, {
      details: { source: ANILIST, path: `${parentPath}.${key}` },
    });
  }
  const value = (obj as Record<string, unknown>)[key];
  return value === undefined ? null : (value as T | null);
}

/** Users who scored it: the sum of `stats.scoreDistribution` (AniList has no vote count field). */
function scoreVotes(body: unknown): number | undefined {
  const media = expectField<Record<string, unknown>>(body, 'data.Media', ANILIST);
  const stats = nullable<Record<string, unknown>>(media, 'stats', 'data.Media');
  const distribution = stats ? nullable<unknown[]>(stats, 'scoreDistribution', 'data.Media.stats') : null;
  if (!distribution) return undefined;
  return distribution.reduce<number>((sum, _, i) => sum + expectField<number>(body, `data.Media.stats.scoreDistribution.${i}.amount`, ANILIST), 0);
}

/**
 * Streaming services from `externalLinks` (typed STREAMING, or a known streaming site for untyped
 * links), plus any site that only appears in `streamingEpisodes`, linked by its first episode.
 */
function streamingLinks(linkCount: number, episodeCount: number, at: <T>(path: string) => T): Array<{ site: string; url: string }> {
  const result: Array<{ site: string; url: string }> = [];
  const seen = new Set<string>();
  const add = (site: string, url: string): void => {
    if (seen.has(site.toLowerCase())) return;
    seen.add(site.toLowerCase());
    result.push({ site, url });
  };
  for (let i = 0; i < linkCount; i++) {
    const link = at<Record<string, unknown>>(`externalLinks.${i}`);
    const site = at<string>(`externalLinks.${i}.site`);
    const url = at<string>(`externalLinks.${i}.url`);
    const streaming = 'type' in link ? link['type'] === 'STREAMING' : KNOWN_STREAMING_SITES.has(site.toLowerCase());
    if (streaming) add(site, url);
  }
  for (let i = 0; i < episodeCount; i++) add(at<string>(`streamingEpisodes.${i}.site`), at<string>(`streamingEpisodes.${i}.url`));
  return result;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

function decodeEntity(name: string): string | undefined {
  if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()];
  const code = /^#x/i.test(name) ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  // A garbled reference stays as written rather than failing the whole description.
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
