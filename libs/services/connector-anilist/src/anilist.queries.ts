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
    streamingEpisodes { site url }
    trailer { id site }
    stats { scoreDistribution { score amount } }
  }
}`;

/** Only the next episode: asked on its own so it can be cached minutes, not days. */
export const ANILIST_AIRING_QUERY = `query AnimeAiring($id: Int) {
  Media(id: $id, type: ANIME) {
    id
    nextAiringEpisode { episode airingAt }
  }
}`;
