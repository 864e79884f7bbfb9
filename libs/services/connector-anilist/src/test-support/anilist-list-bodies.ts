/** Test support only (used by this lib's specs, not exported): upstream bodies for which no recording exists. */

type Media = Record<string, unknown>;

/**
 * No recorded AniList search response exists in the shared fixtures, so the body is built here in
 * the documented shape of `Page { media(search:, type: ANIME) {…} }`, each hit made of exactly the
 * fields the search query asks for, copied from the recorded `Media` of the same anime (tv.json,
 * 15689.json). The recordings have no `idMal`; the ids given are the MyAnimeList ids of those anime.
 */
export function searchHit(media: Media, idMal: number | null): Media {
  const title = media['title'] as Media;
  return {
    id: media['id'],
    title: { romaji: title['romaji'], english: title['english'] },
    averageScore: media['averageScore'],
    episodes: media['episodes'],
    seasonYear: media['seasonYear'],
    format: media['format'],
    idMal,
  };
}

export interface SearchBody {
  data: { Page: { media: Media[] } };
}

/** The search body for `fma` = recorded Media of tv.json, `kuro` = recorded Media of 15689.json. */
export const buildSearchBody = (fma: Media, kuro: Media): SearchBody => ({
  data: {
    Page: {
      media: [
        searchHit(fma, 5114),
        searchHit(kuro, 15689),
        // An announced anime: no score, episode count, year or English title yet (built, not recorded).
        { id: 999001, title: { romaji: 'Mitei no Anime', english: null }, averageScore: null, episodes: null, seasonYear: null, format: null, idMal: null },
      ],
    },
  },
});

/**
 * No recorded AniList `airingSchedules` response exists in the shared fixtures either: pages are
 * built here in the documented shape of `Page { pageInfo { hasNextPage } airingSchedules {…} }`.
 * Frieren's AniList (154587) and MyAnimeList (52991) ids are real; the episode numbers and air
 * times are chosen, not recorded: 1737043200 = 2025-01-16T16:00:00Z, 1737045000 = 2025-01-16T16:30:00Z.
 */
export const schedulePage = (hasNextPage: boolean, schedules: Media[]): unknown => ({ data: { Page: { pageInfo: { hasNextPage }, airingSchedules: schedules } } });
export const frieren = { episode: 20, airingAt: 1_737_043_200, media: { id: 154_587, idMal: 52_991, title: { romaji: 'Sousou no Frieren', english: "Frieren: Beyond Journey's End" } } };
export const unlisted = { episode: 1, airingAt: 1_737_045_000, media: { id: 999_002, idMal: null, title: { romaji: null, english: 'Only English' } } };
