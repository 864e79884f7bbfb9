import { z } from 'zod';
import { AiringItemSchema, SourceListItemSchema, SourceUnavailableError, UpstreamChangedError, type AppError } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { ANILIST, anilistAnimeUrl, nullable } from './anilist-anime.parser';

export type AnilistListItem = z.infer<typeof SourceListItemSchema>;
export type AnilistAiringItem = z.infer<typeof AiringItemSchema>;

/** One page of {@link ANILIST_SCHEDULE_QUERY}: its episodes and whether AniList has more. */
export interface AnilistSchedulePage {
  items: AnilistAiringItem[];
  hasNextPage: boolean;
}

const ListSchema = z.array(SourceListItemSchema);
const AiringListSchema = z.array(AiringItemSchema);

/**
 * Maps a `{data:{Page:{media}}}` body of {@link ANILIST_SEARCH_QUERY} to list items in AniList's
 * order: title romaji (AniList's canonical title; English when it has no romaji), score on
 * AniList's 100 scale (`averageScore`, omitted when unrated), episodes (null while unknown),
 * `seasonYear` as year and `format` (TV, MOVIE, OVA, …) as type. Validated against the contract.
 */
export function parseAnilistSearch(body: unknown): AnilistListItem[] {
  const media = expectField<unknown[]>(body, 'data.Page.media', ANILIST);
  const items = media.map((_, i) => {
    const path = `data.Page.media.${i}`;
    const entry = expectField<Record<string, unknown>>(body, path, ANILIST);
    const id = String(expectField<number>(body, `${path}.id`, ANILIST));
    const item: AnilistListItem = { sourceId: id, sourceUrl: anilistAnimeUrl(id), title: titleOf(body, path) };
    const score = nullable<number>(entry, 'averageScore', path);
    if (typeof score === 'number') item.score = { value: score, scale: 100, normalized: Math.round(score) / 10 };
    item.episodes = nullable<number>(entry, 'episodes', path);
    const year = nullable<number>(entry, 'seasonYear', path);
    if (typeof year === 'number') item.year = year;
    const format = nullable<string>(entry, 'format', path);
    if (format) item.type = format;
    return item;
  });
  return ListSchema.parse(items);
}

/**
 * Maps one `{data:{Page:{pageInfo, airingSchedules}}}` body of {@link ANILIST_SCHEDULE_QUERY}:
 * each episode with its air time (epoch seconds → ISO UTC), the anime's AniList id and page, and
 * its MyAnimeList id when AniList has one. A schedule whose anime AniList hides (`media: null`,
 * e.g. adult titles to anonymous callers) is skipped. Validated against the contract.
 */
export function parseAnilistSchedulePage(body: unknown): AnilistSchedulePage {
  const schedules = expectField<unknown[]>(body, 'data.Page.airingSchedules', ANILIST);
  const hasNextPage = expectField<boolean>(body, 'data.Page.pageInfo.hasNextPage', ANILIST);
  const items = schedules.flatMap((schedule, i) => {
    const path = `data.Page.airingSchedules.${i}`;
    const media = nullable<Record<string, unknown>>(schedule, 'media', path);
    if (!media) return [];
    const id = String(expectField<number>(body, `${path}.media.id`, ANILIST));
    const airingAt = expectField<number>(body, `${path}.airingAt`, ANILIST);
    const item: AnilistAiringItem = { sourceId: id, sourceUrl: anilistAnimeUrl(id), title: titleOf(body, `${path}.media`), airingAt: new Date(airingAt * 1000).toISOString() };
    const episode = nullable<number>(schedule, 'episode', path);
    if (typeof episode === 'number') item.episode = episode;
    const malId = nullable<number>(media, 'idMal', `${path}.media`);
    if (typeof malId === 'number') item.malId = String(malId);
    return [item];
  });
  return { items: AiringListSchema.parse(items), hasNextPage };
}

/**
 * The typed error for a GraphQL `errors` array on a list query (AniList answers some failures
 * with HTTP 200): SourceUnavailableError carrying the upstream's messages — a list has no
 * "not found". Undefined when the body has no errors.
 */
export function anilistListGraphqlError(body: unknown, operation: string): AppError | undefined {
  if (body === null || typeof body !== 'object' || !('errors' in body)) return undefined;
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const messages = errors.map((e: unknown) =>
    typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e),
  );
  return new SourceUnavailableError(`AniList answered with errors for ${operation}: ${messages.join('; ')}`, {
    details: { source: ANILIST, operation, reason: 'graphql-error', upstream: messages },
  });
}

/** Romaji, else English; neither is a format change (AniList always has a romaji title). */
function titleOf(body: unknown, mediaPath: string): string {
  const title = expectField<Record<string, unknown>>(body, `${mediaPath}.title`, ANILIST);
  const romaji = nullable<string>(title, 'romaji', `${mediaPath}.title`);
  const english = nullable<string>(title, 'english', `${mediaPath}.title`);
  const chosen = romaji || english;
  if (!chosen) {
    throw new UpstreamChangedError(`${ANILIST} response has no '${mediaPath}.title.romaji' (the upstream format may have changed)`, {
      details: { source: ANILIST, path: `${mediaPath}.title.romaji` },
    });
  }
  return chosen;
}
