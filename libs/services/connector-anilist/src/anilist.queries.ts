/**
 * The static details of one anime. The `characterPreview` / `staffPreview` aliases are the ones
 * anilist.co's own pages use, so the recorded responses in the shared fixtures have this shape.
 * `externalLinks.type` tells streaming links from official sites and socials.
 */
export const ANILIST_ANIME_QUERY = `query AnimeDetails($id: Int) {
  Media(id: $id, type: ANIME) {
    id
    title { romaji english native }
    description
    averageScore
    meanScore
    episodes
    status
    genres
    studios { edges { isMain node { id name } } }
    characterPreview: characters(perPage: 25, sort: [ROLE, RELEVANCE, ID]) {
      edges { role voiceActors(language: JAPANESE, sort: [RELEVANCE, ID]) { name { full } } node { name { full } } }
    }
    staffPreview: staff(perPage: 25, sort: [RELEVANCE, ID]) { edges { role node { name { full } } } }
    externalLinks { site url type }
    streamingEpisodes { site url title }
    trailer { id site }
    stats { scoreDistribution { score amount } statusDistribution { status amount } }
    recommendations(perPage: 10, sort: [RATING_DESC, ID]) { nodes { rating mediaRecommendation { id title { userPreferred } } } }
  }
}`;

/** Only the next episode: asked on its own so it can be cached minutes, not days. */
export const ANILIST_AIRING_QUERY = `query AnimeAiring($id: Int) {
  Media(id: $id, type: ANIME) {
    id
    nextAiringEpisode { episode airingAt }
  }
}`;

/** Title search (one page, \`$limit\` hits, AniList's relevance order). */
export const ANILIST_SEARCH_QUERY = `query AnimeSearch($query: String, $limit: Int) {
  Page(perPage: $limit) {
    media(search: $query, type: ANIME) { id title { romaji english } averageScore episodes seasonYear format idMal }
  }
}`;

/** Episodes airing in a window (epoch seconds; \`airingAt_greater\` and \`airingAt_lesser\` are both exclusive), 50 a page. */
export const ANILIST_SCHEDULE_QUERY = `query AiringWindow($from: Int, $to: Int, $page: Int) {
  Page(page: $page, perPage: 50) {
    pageInfo { hasNextPage }
    airingSchedules(airingAt_greater: $from, airingAt_lesser: $to, sort: TIME) { episode airingAt media { id idMal title { romaji english } } }
  }
}`;
